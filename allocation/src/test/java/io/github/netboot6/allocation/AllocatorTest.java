package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MacAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocatorTest {
  private static final Ipv6Prefix P64 = Ipv6Prefix.parse("2001:db8::/64");

  private static HostKey host(int i) {
    return HostKey.ofMac(MacAddress.fromLong(0x525400000000L + i));
  }

  private static Allocator allocator(AddressPool pool, AllocationStrategy strategy) {
    return Allocator.builder(pool).strategy(strategy).build();
  }

  @Test
  void allocate_lowestFree_firstHostAtOneNextAtEight() {
    Allocator allocator = allocator(AddressPool.of(P64), AllocationStrategy.lowestFree());
    Allocation first = allocator.allocate(host(1));
    Allocation second = allocator.allocate(host(2));
    assertThat(first.permanentAddress()).isEqualTo(Ipv6Address.parse("2001:db8::1"));
    assertThat(first.block()).isEqualTo(Ipv6Prefix.parse("2001:db8::/125"));
    assertThat(second.permanentAddress()).isEqualTo(Ipv6Address.parse("2001:db8::8"));
    assertThat(second.slotAddress("ipxe")).isEqualTo(Ipv6Address.parse("2001:db8::c"));
  }

  /**
   * The second layout: blocks of one address keep permanent addresses consecutive (::0, the
   * subnet-router anycast address, reserved), and the phases take addresses from an install range.
   */
  @Test
  void consecutiveLayout_permanentAddressesOneAfterAnother_phasesFromTheInstallRange() {
    AddressPool pool =
        AddressPool.builder(Ipv6Prefix.parse("2001:db8::/65"))
            .layout(BlockLayout.consecutive())
            .build();
    Allocator allocator = allocator(pool, AllocationStrategy.lowestFree());
    InstallRange phases = InstallRange.of(Ipv6Address.parse("2001:db8:0:0:8000::"), 1024);

    Allocation first = allocator.allocate(host(1));
    Allocation second = allocator.allocate(host(2));
    Allocation third = allocator.allocate(host(3));
    assertThat(allocator.release(host(2))).contains(second);
    Allocation fourth = allocator.allocate(host(4));

    assertThat(first.permanentAddress()).isEqualTo(Ipv6Address.parse("2001:db8::1"));
    assertThat(first.block()).isEqualTo(Ipv6Prefix.parse("2001:db8::1/128"));
    assertThat(second.permanentAddress()).isEqualTo(Ipv6Address.parse("2001:db8::2"));
    assertThat(third.permanentAddress()).isEqualTo(Ipv6Address.parse("2001:db8::3"));
    assertThat(fourth.permanentAddress()).isEqualTo(Ipv6Address.parse("2001:db8::2"));
    assertThat(first.addressFor(BootPhase.INSTALLED_OS)).isEqualTo(first.permanentAddress());
    assertThatThrownBy(() -> first.addressFor(BootPhase.IPXE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(phases.allocate(host(1), BootPhase.IPXE))
        .isEqualTo(Ipv6Address.parse("2001:db8:0:0:8000::"));
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db8::")).status())
        .isEqualTo(AddressLookup.Status.RESERVED);
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db8::3")).status())
        .isEqualTo(AddressLookup.Status.PERMANENT);
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db8::3")).allocation()).contains(third);
    assertThat(allocator.statistics().freeBlocks())
        .isEqualTo(BigInteger.ONE.shiftLeft(63).subtract(BigInteger.valueOf(4)));
  }

  @Test
  void consecutiveLayout_slash64_isWide_firstAndLastBlocksAllocate() {
    AddressPool pool = AddressPool.builder(P64).layout(BlockLayout.consecutive()).build();
    assertThat(pool.isWide()).isTrue();
    assertThat(pool.lastBlockNumber())
        .isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    assertThatThrownBy(pool::lastBlockIndex)
        .isInstanceOf(ArithmeticException.class)
        .hasMessage(
            "last block index of pool 2001:db8::/64 (/128 blocks): 18446744073709551615 does not"
                + " fit a long (expected: at most 2^63-1; use lastBlockNumber())");
    Allocator allocator = allocator(pool, AllocationStrategy.lowestFree());
    assertThat(allocator.allocate(host(1)).permanentAddress())
        .isEqualTo(Ipv6Address.parse("2001:db8::1"));
    Allocation last = allocator.allocateBlock(host(2), pool.lastBlockNumber());
    assertThat(last.permanentAddress())
        .isEqualTo(Ipv6Address.parse("2001:db8::ffff:ffff:ffff:ffff"));
    assertThat(allocator.lookup(last.permanentAddress()).allocation()).contains(last);
    AddressPool justNarrow =
        AddressPool.builder(
                Ipv6Address.parse("2001:db8::"), Ipv6Address.parse("2001:db8::7fff:ffff:ffff:ffff"))
            .layout(BlockLayout.consecutive())
            .build();
    assertThat(justNarrow.isWide()).isFalse();
    assertThat(justNarrow.lastBlockIndex()).isEqualTo(Long.MAX_VALUE);
  }

  /**
   * Issue 5's example with the default layout, expectations worked out by hand: block 0 is
   * 2001:db8::0-7 (::0 the subnet-router anycast address, permanent ::1, slots at offsets 2..7);
   * block 1 is ::8-::f (permanent ::8 at offset 0, offset 1 unused, slots at offsets 2..7).
   */
  @Test
  void addressFor_defaultLayout_issueExample() {
    Allocator allocator = allocator(AddressPool.of(P64), AllocationStrategy.lowestFree());
    Allocation first = allocator.allocate(host(1));
    Allocation second = allocator.allocate(host(2));

    assertThat(first.addressFor(BootPhase.INSTALLED_OS))
        .isEqualTo(Ipv6Address.parse("2001:db8::1"));
    assertThat(first.addressFor(BootPhase.FIRMWARE_PXE))
        .isEqualTo(Ipv6Address.parse("2001:db8::2"));
    assertThat(first.addressFor(BootPhase.FIRMWARE_HTTP))
        .isEqualTo(Ipv6Address.parse("2001:db8::3"));
    assertThat(first.addressFor(BootPhase.IPXE)).isEqualTo(Ipv6Address.parse("2001:db8::4"));
    assertThat(first.addressFor(BootPhase.BOOT_LOADER)).isEqualTo(Ipv6Address.parse("2001:db8::5"));
    assertThat(first.addressFor(BootPhase.INSTALLER)).isEqualTo(Ipv6Address.parse("2001:db8::6"));
    assertThat(first.addressFor(BootPhase.UNKNOWN)).isEqualTo(Ipv6Address.parse("2001:db8::7"));

    assertThat(second.addressFor(BootPhase.INSTALLED_OS))
        .isEqualTo(Ipv6Address.parse("2001:db8::8"));
    assertThat(second.addressFor(BootPhase.FIRMWARE_PXE))
        .isEqualTo(Ipv6Address.parse("2001:db8::a"));
    assertThat(second.addressFor(BootPhase.FIRMWARE_HTTP))
        .isEqualTo(Ipv6Address.parse("2001:db8::b"));
    assertThat(second.addressFor(BootPhase.IPXE)).isEqualTo(Ipv6Address.parse("2001:db8::c"));
    assertThat(second.addressFor(BootPhase.BOOT_LOADER))
        .isEqualTo(Ipv6Address.parse("2001:db8::d"));
    assertThat(second.addressFor(BootPhase.INSTALLER)).isEqualTo(Ipv6Address.parse("2001:db8::e"));
    assertThat(second.addressFor(BootPhase.UNKNOWN)).isEqualTo(Ipv6Address.parse("2001:db8::f"));
  }

  @Test
  void addressFor_customMapping_followsTheLayout() {
    BlockLayout layout =
        BlockLayout.builder()
            .blockSizeLog2(2)
            .slot("boot", 2)
            .slot("install", 3)
            .phaseSlot(BootPhase.FIRMWARE_PXE, "boot")
            .phaseSlot(BootPhase.IPXE, "boot")
            .phaseSlot(BootPhase.INSTALLER, "install")
            .phaseAtPermanent(BootPhase.UNKNOWN)
            .build();
    Allocator allocator =
        allocator(AddressPool.builder(P64).layout(layout).build(), AllocationStrategy.lowestFree());
    allocator.allocate(host(1));
    Allocation second = allocator.allocate(host(2)); // block 1: 2001:db8::4-7

    assertThat(second.addressFor(BootPhase.FIRMWARE_PXE))
        .isEqualTo(Ipv6Address.parse("2001:db8::6"));
    assertThat(second.addressFor(BootPhase.IPXE)).isEqualTo(Ipv6Address.parse("2001:db8::6"));
    assertThat(second.addressFor(BootPhase.INSTALLER)).isEqualTo(Ipv6Address.parse("2001:db8::7"));
    assertThat(second.addressFor(BootPhase.UNKNOWN)).isEqualTo(Ipv6Address.parse("2001:db8::4"));
    assertThat(second.addressFor(BootPhase.INSTALLED_OS))
        .isEqualTo(Ipv6Address.parse("2001:db8::4"));
    assertThatThrownBy(() -> second.addressFor(BootPhase.BOOT_LOADER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("phase BOOT_LOADER: not mapped in this layout");
  }

  @Test
  void allocate_sameKey_isIdempotent() {
    Allocator allocator = allocator(AddressPool.of(P64), AllocationStrategy.random(7));
    Allocation a = allocator.allocate(host(1));
    assertThat(allocator.allocate(host(1))).isEqualTo(a);
    assertThat(allocator.statistics().allocatedBlocks()).isEqualTo(1);
  }

  @Test
  void release_thenLowestFree_reusesTheBlock() {
    Allocator allocator = allocator(AddressPool.of(P64), AllocationStrategy.lowestFree());
    allocator.allocate(host(1));
    Allocation b = allocator.allocate(host(2));
    allocator.allocate(host(3));
    assertThat(allocator.release(host(2))).contains(b);
    assertThat(allocator.release(host(2))).isEmpty();
    assertThat(allocator.allocate(host(4)).blockIndex()).isEqualTo(b.blockIndex());
  }

  @Test
  void sequential_doesNotReuseReleasedBlockBeforeWrapping() {
    AddressPool pool = AddressPool.of(Ipv6Prefix.parse("2001:db8::/122")); // 8 blocks
    Allocator allocator = allocator(pool, AllocationStrategy.sequential());
    allocator.allocate(host(0));
    allocator.allocate(host(1));
    allocator.release(host(0));
    assertThat(allocator.allocate(host(2)).blockIndex()).isEqualTo(2);
    for (int i = 3; i < 8; i++) {
      allocator.allocate(host(i));
    }
    assertThat(allocator.allocate(host(8)).blockIndex()).isEqualTo(0);
    assertThatThrownBy(() -> allocator.allocate(host(9)))
        .isInstanceOf(PoolExhaustedException.class)
        .hasMessageContaining("free blocks for mac:52:54:00:00:00:09: 0 in pool 2001:db8::/122");
  }

  @Test
  void strategies_withSameSeed_areReproducible() {
    for (AllocationStrategy strategy :
        List.of(AllocationStrategy.random(42), AllocationStrategy.deterministic(42))) {
      List<Long> a = new ArrayList<>();
      List<Long> b = new ArrayList<>();
      Allocator x = allocator(AddressPool.of(P64), strategy);
      Allocator y = allocator(AddressPool.of(P64), strategy);
      for (int i = 0; i < 100; i++) {
        a.add(x.allocate(host(i)).blockIndex());
        b.add(y.allocate(host(i)).blockIndex());
      }
      assertThat(a).as(strategy.toString()).isEqualTo(b).doesNotHaveDuplicates();
      assertThat(a.stream().mapToLong(Long::longValue).max().getAsLong())
          .as("spread over the /64")
          .isGreaterThan(1L << 50);
    }
  }

  @Test
  void deterministic_sameHostSameBlockInFreshPools() {
    Allocator x = allocator(AddressPool.of(P64), AllocationStrategy.deterministic(1));
    Allocator y = allocator(AddressPool.of(P64), AllocationStrategy.deterministic(1));
    y.allocate(host(99));
    assertThat(y.allocate(host(5)))
        .isEqualTo(new Allocation(host(5), x.allocate(host(5)).blockIndex(), y.pool()));
  }

  @Test
  void lookup_byAddress_tellsPermanentSlotFreeReservedOutside() {
    AddressPool pool = AddressPool.builder(P64).reserveLow(16).build();
    Allocator allocator = allocator(pool, AllocationStrategy.lowestFree());
    Allocation a = allocator.allocate(host(1));
    assertThat(a.permanentAddress()).isEqualTo(Ipv6Address.parse("2001:db8::10"));
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db8::10")).status())
        .isEqualTo(AddressLookup.Status.PERMANENT);
    AddressLookup slot = allocator.lookup(Ipv6Address.parse("2001:db8::14"));
    assertThat(slot.status()).isEqualTo(AddressLookup.Status.SLOT);
    assertThat(slot.slot()).contains("ipxe");
    assertThat(slot.allocation()).contains(a);
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db8::11")).status())
        .isEqualTo(AddressLookup.Status.UNUSED_IN_BLOCK);
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db8::18")).status())
        .isEqualTo(AddressLookup.Status.FREE);
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db8::3")).status())
        .isEqualTo(AddressLookup.Status.RESERVED);
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db9::1")).status())
        .isEqualTo(AddressLookup.Status.OUTSIDE_POOL);
    assertThat(allocator.lookup(host(1))).contains(a);
    assertThat(allocator.lookup(host(2))).isEmpty();
  }

  @Test
  void addressLookup_hostAllocationEqualityAndText() {
    AddressPool pool = AddressPool.builder(P64).reserveLow(16).build();
    Allocator allocator = allocator(pool, AllocationStrategy.lowestFree());
    Allocation a = allocator.allocate(host(1));
    AddressLookup slot = allocator.lookup(Ipv6Address.parse("2001:db8::14"));
    assertThat(slot.address()).isEqualTo(Ipv6Address.parse("2001:db8::14"));
    assertThat(slot.host()).contains(host(1));
    assertThat(slot.allocation()).contains(a);
    assertThat(slot.allocation().orElseThrow()).isNotSameAs(slot.allocation().orElseThrow());
    assertThat(slot)
        .isEqualTo(allocator.lookup(Ipv6Address.parse("2001:db8::14")))
        .hasSameHashCodeAs(allocator.lookup(Ipv6Address.parse("2001:db8::14")))
        .isNotEqualTo(allocator.lookup(Ipv6Address.parse("2001:db8::10")));
    assertThat(slot).hasToString("2001:db8::14 SLOT ipxe of " + a);

    AddressLookup free = allocator.lookup(Ipv6Address.parse("2001:db8::18"));
    assertThat(free.host()).isEmpty();
    assertThat(free.allocation()).isEmpty();
    assertThat(free.slot()).isEmpty();
    assertThat(free).hasToString("2001:db8::18 FREE");
    assertThat(free).isNotEqualTo(allocator.lookup(Ipv6Address.parse("2001:db8::19")));
  }

  @Test
  void statistics_exactForASlash64() {
    Allocator allocator = allocator(AddressPool.of(P64), AllocationStrategy.lowestFree());
    for (int i = 0; i < 10; i++) {
      allocator.allocate(host(i));
    }
    AllocationStatistics stats = allocator.statistics();
    assertThat(stats.totalBlocks()).isEqualTo(BigInteger.ONE.shiftLeft(61));
    assertThat(stats.unavailableBlocks()).isEqualTo(BigInteger.ZERO);
    assertThat(stats.allocatedBlocks()).isEqualTo(10);
    assertThat(stats.freeBlocks()).isEqualTo(BigInteger.ONE.shiftLeft(61).subtract(BigInteger.TEN));
  }

  @Test
  void statistics_slash64OfSlash127Blocks_countsTwoToThe63() {
    AddressPool pool =
        AddressPool.builder(P64).layout(BlockLayout.builder().blockSizeLog2(1).build()).build();
    Allocator allocator = allocator(pool, AllocationStrategy.random(3));
    allocator.allocate(host(1));
    assertThat(allocator.statistics().totalBlocks()).isEqualTo(BigInteger.ONE.shiftLeft(63));
    assertThat(allocator.statistics().freeBlocks())
        .isEqualTo(BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE));
  }

  @Test
  void fixedOffsetZero_keepsBlockZeroReserved() {
    AddressPool pool =
        AddressPool.builder(P64).layout(BlockLayout.builder().permanentOffset(0).build()).build();
    Allocator allocator = allocator(pool, AllocationStrategy.lowestFree());
    assertThat(allocator.allocate(host(1)).permanentAddress())
        .isEqualTo(Ipv6Address.parse("2001:db8::8"));
    assertThat(allocator.statistics().unavailableBlocks()).isEqualTo(BigInteger.ONE);
  }

  @Test
  void allocateSpecific_importsAndConflicts() {
    Allocator allocator = allocator(AddressPool.of(P64), AllocationStrategy.lowestFree());
    Allocation a = allocator.allocateAddress(host(1), Ipv6Address.parse("2001:db8::40"));
    assertThat(a.blockIndex()).isEqualTo(8);
    assertThat(allocator.allocateBlock(host(1), 8)).isEqualTo(a);
    assertThatThrownBy(() -> allocator.allocateBlock(host(2), 8))
        .isInstanceOf(AllocationConflictException.class)
        .hasMessage(
            "holder of block 2001:db8::40/125: mac:52:54:00:00:00:01 (expected: free, or"
                + " mac:52:54:00:00:00:02)");
    assertThatThrownBy(() -> allocator.allocateBlock(host(1), 9))
        .isInstanceOf(AllocationConflictException.class)
        .hasMessage(
            "block of mac:52:54:00:00:00:01: 2001:db8::40/125 (expected: none, or the requested"
                + " 2001:db8::48/125)");
    assertThatThrownBy(() -> allocator.allocateAddress(host(3), Ipv6Address.parse("2001:db8::41")))
        .isInstanceOf(UnavailableAddressException.class)
        .hasMessage(
            "permanent address: 2001:db8::41 (expected: the permanent address of its block"
                + " 2001:db8::40/125, 2001:db8::40)");
    assertThatThrownBy(() -> allocator.allocateAddress(host(3), Ipv6Address.parse("2001:db9::")))
        .isInstanceOf(UnavailableAddressException.class)
        .hasMessage(
            "address: 2001:db9:: (expected: inside pool 2001:db8::-2001:db8::ffff:ffff:ffff:ffff)");
    assertThat(allocator.allocate(host(4)).blockIndex()).isZero();
  }

  @Test
  void allocateSpecific_reservedBlock_isRejected() {
    AddressPool pool = AddressPool.builder(P64).reserveLow(8).build();
    Allocator allocator = allocator(pool, AllocationStrategy.lowestFree());
    assertThatThrownBy(() -> allocator.allocateBlock(host(1), 0))
        .isInstanceOf(UnavailableAddressException.class)
        .hasMessageContaining("block: 2001:db8::/125 (index 0) is reserved");
  }

  @Test
  void rangePool_partialBlocksAreUnavailable() {
    AddressPool pool =
        AddressPool.builder(Ipv6Address.parse("2001:db8::3"), Ipv6Address.parse("2001:db8::1a"))
            .build();
    Allocator allocator = allocator(pool, AllocationStrategy.lowestFree());
    assertThat(allocator.allocate(host(1)).block()).isEqualTo(Ipv6Prefix.parse("2001:db8::8/125"));
    assertThat(allocator.allocate(host(2)).block()).isEqualTo(Ipv6Prefix.parse("2001:db8::10/125"));
    assertThatThrownBy(() -> allocator.allocate(host(3)))
        .isInstanceOf(PoolExhaustedException.class);
    assertThat(allocator.statistics().totalBlocks()).isEqualTo(BigInteger.valueOf(4));
    assertThat(allocator.statistics().unavailableBlocks()).isEqualTo(BigInteger.TWO);
  }

  @Test
  void pool_badShapes_namedInMessages() {
    assertThatThrownBy(() -> AddressPool.of(Ipv6Prefix.parse("2001:db8::/47")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pool prefix length: 47 in 2001:db8::/47 (expected: 48..124");
    assertThatThrownBy(
            () ->
                AddressPool.builder(Ipv6Prefix.parse("2001:db8::/124"))
                    .layout(BlockLayout.builder().blockSizeLog2(5).build())
                    .build())
        .hasMessageContaining("/123 blocks are larger than pool 2001:db8::/124");
  }

  @Test
  void allocations_iterateInAddressOrder() {
    Allocator allocator = allocator(AddressPool.of(P64), AllocationStrategy.random(5));
    for (int i = 0; i < 2500; i++) {
      allocator.allocate(host(i));
    }
    List<Long> blocks = new ArrayList<>();
    allocator.forEach(a -> blocks.add(a.blockIndex()));
    assertThat(blocks).hasSize(2500).isSorted().doesNotHaveDuplicates();
    assertThat(allocator.allocations(blocks.get(10), 3).get(0).blockIndex())
        .isEqualTo(blocks.get(10));
  }
}
