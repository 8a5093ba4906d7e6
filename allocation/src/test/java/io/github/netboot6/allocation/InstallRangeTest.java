package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InstallRangeTest {
  private static final Ipv6Address FIRST = Ipv6Address.parse("2001:db8:0:1::");

  private static HostKey host(int i) {
    return HostKey.ofMac(MacAddress.fromLong(0x525400000000L + i));
  }

  @Test
  void allocate_handsOutConsecutiveAddresses_andIsIdempotentPerHostAndPhase() {
    InstallRange range = InstallRange.of(FIRST, 16);

    assertThat(range.allocate(host(1), BootPhase.FIRMWARE_PXE))
        .isEqualTo(Ipv6Address.parse("2001:db8:0:1::"));
    assertThat(range.allocate(host(1), BootPhase.IPXE))
        .isEqualTo(Ipv6Address.parse("2001:db8:0:1::1"));
    assertThat(range.allocate(host(2), BootPhase.IPXE))
        .isEqualTo(Ipv6Address.parse("2001:db8:0:1::2"));
    assertThat(range.allocate(host(1), BootPhase.FIRMWARE_PXE))
        .isEqualTo(Ipv6Address.parse("2001:db8:0:1::"));
    assertThat(range.allocatedCount()).isEqualTo(3);
    assertThat(range.lookup(host(1)))
        .containsExactly(
            entry(BootPhase.FIRMWARE_PXE, Ipv6Address.parse("2001:db8:0:1::")),
            entry(BootPhase.IPXE, Ipv6Address.parse("2001:db8:0:1::1")));
    assertThat(range.lookup(host(2), BootPhase.IPXE))
        .contains(Ipv6Address.parse("2001:db8:0:1::2"));
    assertThat(range.lookup(host(2), BootPhase.INSTALLER)).isEmpty();
    assertThat(range.lookup(Ipv6Address.parse("2001:db8:0:1::1")))
        .contains(new InstallRange.Holder(host(1), BootPhase.IPXE));
    assertThat(range.lookup(Ipv6Address.parse("2001:db8:0:1::3"))).isEmpty();
    assertThat(range.lookup(Ipv6Address.parse("2001:db8:0:1::10"))).isEmpty(); // past the end
    assertThat(range.lookup(Ipv6Address.parse("2001:db8::ffff"))).isEmpty(); // before the start
  }

  @Test
  void release_host_freesEveryPhase_andReleasedAddressesComeBackLast() {
    InstallRange range = InstallRange.of(FIRST, 4);
    range.allocate(host(1), BootPhase.FIRMWARE_PXE); // ::0
    range.allocate(host(1), BootPhase.INSTALLER); // ::1
    range.allocate(host(2), BootPhase.IPXE); // ::2

    assertThat(range.release(host(1))).isEqualTo(2);
    assertThat(range.release(host(1))).isZero();
    assertThat(range.lookup(host(1))).isEmpty();
    assertThat(range.allocatedCount()).isEqualTo(1);
    // Next-fit: ::3 first, then wrap around to the released ::0 and ::1.
    assertThat(range.allocate(host(3), BootPhase.IPXE))
        .isEqualTo(Ipv6Address.parse("2001:db8:0:1::3"));
    assertThat(range.allocate(host(4), BootPhase.IPXE)).isEqualTo(FIRST);
    assertThat(range.allocate(host(5), BootPhase.IPXE))
        .isEqualTo(Ipv6Address.parse("2001:db8:0:1::1"));
  }

  @Test
  void release_onePhase_keepsTheOthers() {
    InstallRange range = InstallRange.of(FIRST, 4);
    range.allocate(host(1), BootPhase.FIRMWARE_PXE);
    range.allocate(host(1), BootPhase.IPXE);

    assertThat(range.release(host(1), BootPhase.FIRMWARE_PXE)).isTrue();
    assertThat(range.release(host(1), BootPhase.FIRMWARE_PXE)).isFalse();
    assertThat(range.lookup(host(1))).containsOnlyKeys(BootPhase.IPXE);
    assertThat(range.lookup(FIRST)).isEmpty();
  }

  @Test
  void allocate_exhaustedRange_throwsNamingHostPhaseAndRange_untilAReleaseFreesOne() {
    InstallRange range = InstallRange.of(FIRST, 2);
    range.allocate(host(1), BootPhase.IPXE);
    range.allocate(host(2), BootPhase.IPXE);

    assertThatThrownBy(() -> range.allocate(host(3), BootPhase.IPXE))
        .isInstanceOf(PoolExhaustedException.class)
        .hasMessageStartingWith(
            "free addresses for "
                + host(3)
                + " in phase IPXE: 0 in InstallRange{2001:db8:0:1::, 2 addresses}"
                + " (expected: at least 1;");
    // A host already holding the phase still gets its address.
    assertThat(range.allocate(host(1), BootPhase.IPXE)).isEqualTo(FIRST);

    range.release(host(1));
    assertThat(range.allocate(host(3), BootPhase.IPXE)).isEqualTo(FIRST);
  }

  @Test
  void allocateAddress_importsAndRebuildsTheRange_andForEachListsInAddressOrder() {
    InstallRange range = InstallRange.of(FIRST, 16);
    range.allocateAddress(host(2), BootPhase.INSTALLER, Ipv6Address.parse("2001:db8:0:1::f"));
    range.allocateAddress(host(1), BootPhase.IPXE, Ipv6Address.parse("2001:db8:0:1::3"));
    range.allocateAddress(host(1), BootPhase.IPXE, Ipv6Address.parse("2001:db8:0:1::3"));

    List<String> listed = new ArrayList<>();
    range.forEach((address, holder) -> listed.add(address + " " + holder.phase()));
    assertThat(listed).containsExactly("2001:db8:0:1::3 IPXE", "2001:db8:0:1::f INSTALLER");
    assertThat(range.allocate(host(1), BootPhase.IPXE))
        .isEqualTo(Ipv6Address.parse("2001:db8:0:1::3"));
    assertThat(range.allocatedCount()).isEqualTo(2);

    InstallRange copy = InstallRange.of(FIRST, 16);
    range.forEach(
        (address, holder) -> copy.allocateAddress(holder.host(), holder.phase(), address));
    assertThat(copy.lookup(host(1))).isEqualTo(range.lookup(host(1)));
    assertThat(copy.lookup(host(2))).isEqualTo(range.lookup(host(2)));
  }

  @Test
  void allocateAddress_movesNextFitPastTheImportedAddress() {
    InstallRange range = InstallRange.of(FIRST, 8);
    range.allocateAddress(host(1), BootPhase.IPXE, Ipv6Address.parse("2001:db8:0:1::5"));

    assertThat(range.allocate(host(2), BootPhase.IPXE))
        .isEqualTo(Ipv6Address.parse("2001:db8:0:1::6"));
    range.allocateAddress(host(3), BootPhase.IPXE, Ipv6Address.parse("2001:db8:0:1::7"));
    assertThat(range.allocate(host(4), BootPhase.IPXE)).isEqualTo(FIRST); // wrapped
  }

  @Test
  void allocateAddress_conflictsAndOutsideAddresses_areRejectedWithTheValues() {
    InstallRange range = InstallRange.of(FIRST, 16);
    range.allocateAddress(host(1), BootPhase.IPXE, Ipv6Address.parse("2001:db8:0:1::3"));

    assertThatThrownBy(
            () ->
                range.allocateAddress(
                    host(2), BootPhase.IPXE, Ipv6Address.parse("2001:db8:0:1::3")))
        .isInstanceOf(AllocationConflictException.class)
        .hasMessage(
            "address: 2001:db8:0:1::3 is held by "
                + host(1)
                + " for phase IPXE (expected: a free address, or one "
                + host(2)
                + " holds for phase IPXE)");
    assertThatThrownBy(
            () ->
                range.allocateAddress(
                    host(1), BootPhase.IPXE, Ipv6Address.parse("2001:db8:0:1::4")))
        .isInstanceOf(AllocationConflictException.class)
        .hasMessageStartingWith("host " + host(1) + " holds 2001:db8:0:1::3 for phase IPXE");
    assertThatThrownBy(
            () ->
                range.allocateAddress(
                    host(1), BootPhase.INSTALLER, Ipv6Address.parse("2001:db8:0:1::10")))
        .isInstanceOf(UnavailableAddressException.class)
        .hasMessage(
            "address: 2001:db8:0:1::10 (expected: inside install range"
                + " 2001:db8:0:1::-2001:db8:0:1::f)");
    assertThat(range.allocatedCount()).isEqualTo(1);
  }

  @Test
  void allocate_installedOs_isRejected() {
    InstallRange range = InstallRange.of(FIRST, 2);

    assertThatThrownBy(() -> range.allocate(host(1), BootPhase.INSTALLED_OS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("phase: INSTALLED_OS (expected: a netboot phase or UNKNOWN;");
  }

  @Test
  void of_badSizes_areRejected() {
    assertThatThrownBy(() -> InstallRange.of(FIRST, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("install range size: 0 (expected: 1..2^60)");
    assertThatThrownBy(() -> InstallRange.of(FIRST, (1L << 60) + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("install range size: 1152921504606846977 (expected: 1..2^60)");
    assertThat(InstallRange.of(FIRST, InstallRange.MAX_SIZE).size()).isEqualTo(1L << 60);
    assertThatThrownBy(
            () -> InstallRange.of(Ipv6Address.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pass the last IPv6 address");
    InstallRange top =
        InstallRange.of(Ipv6Address.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"), 2);
    assertThat(top.last()).isEqualTo(Ipv6Address.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
  }

  @Test
  void rangeAcrossA64BitBoundary_looksUpByAddress() {
    InstallRange range = InstallRange.of(Ipv6Address.parse("2001:db8::ffff:ffff:ffff:fffe"), 4);
    range.allocate(host(1), BootPhase.IPXE);
    range.allocate(host(1), BootPhase.INSTALLER);
    Ipv6Address third = range.allocate(host(2), BootPhase.IPXE);

    assertThat(third).isEqualTo(Ipv6Address.parse("2001:db8:0:1::"));
    assertThat(range.lookup(third)).contains(new InstallRange.Holder(host(2), BootPhase.IPXE));
  }

  @Test
  void concurrentAllocateAndRelease_neverHandOutAnAddressTwice() throws Exception {
    InstallRange range = InstallRange.of(FIRST, 64);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 5_000; i++) {
                    HostKey host = host(thread * 10 + i % 10);
                    range.allocate(host, BootPhase.values()[i % 5]);
                    if (i % 7 == 0) {
                      range.release(host);
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Set<Ipv6Address> seen = new HashSet<>();
    long held = 0;
    for (int h = 0; h < 40; h++) {
      for (Ipv6Address a : range.lookup(host(h)).values()) {
        assertThat(seen.add(a)).as("%s handed out twice", a).isTrue();
        assertThat(range.lookup(a)).map(InstallRange.Holder::host).contains(host(h));
        held++;
      }
    }
    assertThat(range.allocatedCount()).isEqualTo(held);
  }
}
