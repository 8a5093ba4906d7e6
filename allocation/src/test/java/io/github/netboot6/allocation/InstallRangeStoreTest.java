package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link InstallRange} kept in a real {@link JournalStore}: restarts, compaction, bad stores. */
class InstallRangeStoreTest {
  private static final Ipv6Address FIRST = Ipv6Address.parse("2001:db8:0:1::");
  private static final BootPhase[] PHASES = {
    BootPhase.FIRMWARE_PXE,
    BootPhase.FIRMWARE_HTTP,
    BootPhase.IPXE,
    BootPhase.BOOT_LOADER,
    BootPhase.INSTALLER,
    BootPhase.UNKNOWN
  };

  @TempDir Path directory;

  private static HostKey host(int i) {
    return HostKey.ofName("host-" + i);
  }

  private static InstallRange open(Path directory, long size) {
    return open(JournalStore.open(directory), size);
  }

  private static InstallRange open(JournalStore store, long size) {
    return InstallRange.builder(FIRST, size).store(store).build();
  }

  private static Map<Ipv6Address, InstallRange.Holder> holders(InstallRange range) {
    Map<Ipv6Address, InstallRange.Holder> holders = new LinkedHashMap<>();
    range.forEach(holders::put);
    return holders;
  }

  /** What a store holds, entry by entry, as {@code key host} or {@code key released}. */
  private static List<String> entries(Path directory) {
    List<String> entries = new ArrayList<>();
    try (JournalStore store = JournalStore.open(directory)) {
      store.replay(
          new AllocationStore.ChangeSink() {
            @Override
            public void allocated(long block, HostKey host) {
              entries.add(block + " " + host);
            }

            @Override
            public void released(long block) {
              entries.add(block + " released");
            }
          });
    }
    return entries;
  }

  @Test
  void storeEntries_areOffsetTimesEightPlusPhaseCode_afterTheRangeMarker() {
    try (InstallRange range = open(directory, 16)) {
      range.allocate(host(1), BootPhase.IPXE); // offset 0, code 2
      range.allocate(host(1), BootPhase.UNKNOWN); // offset 1, code 6
      range.allocate(host(2), BootPhase.FIRMWARE_PXE); // offset 2, code 0
      range.release(host(1), BootPhase.IPXE);
    }

    assertThat(entries(directory))
        .containsExactly(
            Long.MAX_VALUE + " name:netboot6 install range 2001:db8:0:1:: next 0",
            "2 name:host-1",
            "14 name:host-1",
            "16 name:host-2",
            "2 released");
    for (BootPhase phase : PHASES) {
      long key = InstallRangeEntries.key(3, phase);
      assertThat(InstallRangeEntries.phase(key)).isEqualTo(phase);
      assertThat(InstallRangeEntries.offset(key)).isEqualTo(3);
    }
    assertThat(InstallRangeEntries.key(InstallRange.MAX_SIZE - 1, BootPhase.UNKNOWN))
        .isLessThan(InstallRangeEntries.MARKER_KEY)
        .isPositive();
  }

  @Test
  void release_survivesRestart_andReleasedAddressesStillComeBackLast() {
    try (InstallRange range = open(directory, 4)) {
      range.allocate(host(1), BootPhase.FIRMWARE_PXE); // ::0
      range.allocate(host(1), BootPhase.INSTALLER); // ::1
      range.allocate(host(2), BootPhase.IPXE); // ::2
      assertThat(range.release(host(2), BootPhase.IPXE)).isTrue();
      assertThat(range.release(host(1))).isEqualTo(2);
    }

    try (InstallRange range = open(directory, 4)) {
      assertThat(range.allocatedCount()).isZero();
      assertThat(range.lookup(host(1))).isEmpty();
      assertThat(range.lookup(host(2))).isEmpty();
      // The cursor survived too: ::3 first, then the released ones from the start.
      assertThat(range.allocate(host(3), BootPhase.IPXE))
          .isEqualTo(Ipv6Address.parse("2001:db8:0:1::3"));
      assertThat(range.allocate(host(4), BootPhase.IPXE)).isEqualTo(FIRST);
    }
    try (InstallRange range = open(directory, 4)) {
      assertThat(holders(range))
          .containsExactly(
              Map.entry(FIRST, new InstallRange.Holder(host(4), BootPhase.IPXE)),
              Map.entry(
                  Ipv6Address.parse("2001:db8:0:1::3"),
                  new InstallRange.Holder(host(3), BootPhase.IPXE)));
    }
  }

  @Test
  void restart_afterRandomOperations_givesBackExactlyTheModel() {
    int size = 48;
    Model model = new Model(size);
    SplittableRandom random = new SplittableRandom(20_240_605);
    JournalStore.Builder store = JournalStore.builder(directory).compactAfterBytes(4096);
    InstallRange range = open(store.open(), size);
    int restarts = 0;
    try {
      for (int op = 0; op < 2_000; op++) {
        if (op % 200 == 199) {
          range.close();
          range = open(store.open(), size);
          restarts++;
          assertThat(holders(range)).as("after restart %s", restarts).isEqualTo(model.holders());
        }
        randomOperation(range, model, random);
      }
    } finally {
      range.close();
    }
    try (InstallRange restarted = open(directory, size)) {
      assertThat(holders(restarted)).isEqualTo(model.holders());
      assertThat(restarted.allocatedCount()).isEqualTo(model.holders().size());
      // Next-fit resumes where the model's cursor is.
      HostKey fresh = host(99);
      int expected = model.allocate(new InstallRange.Holder(fresh, BootPhase.IPXE));
      if (expected >= 0) {
        assertThat(restarted.allocate(fresh, BootPhase.IPXE)).isEqualTo(FIRST.add(expected));
      }
    }
    assertThat(restarts).isEqualTo(10);
  }

  private static void randomOperation(InstallRange range, Model model, SplittableRandom random) {
    HostKey host = host(random.nextInt(12));
    BootPhase phase = PHASES[random.nextInt(PHASES.length)];
    InstallRange.Holder holder = new InstallRange.Holder(host, phase);
    int kind = random.nextInt(20);
    if (kind < 10) {
      int expected = model.allocate(holder);
      if (expected < 0) {
        assertThatThrownBy(() -> range.allocate(host, phase))
            .isInstanceOf(PoolExhaustedException.class);
      } else {
        assertThat(range.allocate(host, phase)).isEqualTo(FIRST.add(expected));
      }
    } else if (kind < 12) {
      int offset = random.nextInt(model.size);
      Ipv6Address address = FIRST.add(offset);
      if (model.allocateAddress(holder, offset)) {
        range.allocateAddress(host, phase, address);
      } else {
        assertThatThrownBy(() -> range.allocateAddress(host, phase, address))
            .isInstanceOf(AllocationConflictException.class);
      }
    } else if (kind < 17) {
      assertThat(range.release(host, phase)).isEqualTo(model.release(holder));
    } else if (kind < 19) {
      assertThat(range.release(host)).isEqualTo(model.release(host));
    } else {
      range.compact();
    }
  }

  @Test
  void compaction_thenRestart_keepsHoldersAndCursor() throws IOException {
    InstallRange memory = InstallRange.of(FIRST, 256);
    try (InstallRange range =
        open(JournalStore.builder(directory).compactAfterBytes(4096).open(), 256)) {
      for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 40; i++) {
          BootPhase phase = PHASES[(round + i) % PHASES.length];
          assertThat(range.allocate(host(i), phase)).isEqualTo(memory.allocate(host(i), phase));
        }
        for (int i = round % 3; i < 40; i += 3) {
          assertThat(range.release(host(i))).isEqualTo(memory.release(host(i)));
        }
      }
    }
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .as("one snapshot and the segment after it")
          .satisfiesExactly(
              name -> assertThat(name).startsWith("journal-"),
              name -> assertThat(name).startsWith("snapshot-"));
    }
    try (InstallRange range = open(directory, 256)) {
      assertThat(holders(range)).isEqualTo(holders(memory)).isNotEmpty();
      // The snapshot carried the cursor: the next addresses are those of a range never restarted.
      for (int i = 100; i < 140; i++) {
        assertThat(range.allocate(host(i), BootPhase.IPXE))
            .isEqualTo(memory.allocate(host(i), BootPhase.IPXE));
      }
      range.compact(); // a snapshot on request, with the latest cursor
      assertThat(range.allocate(host(200), BootPhase.IPXE))
          .isEqualTo(memory.allocate(host(200), BootPhase.IPXE));
    }
    try (InstallRange range = open(directory, 256)) {
      assertThat(holders(range)).isEqualTo(holders(memory));
      assertThat(range.allocate(host(201), BootPhase.IPXE))
          .isEqualTo(memory.allocate(host(201), BootPhase.IPXE));
    }
  }

  @Test
  void concurrentCallers_restartGivesBackExactlyWhatWasAcknowledged() throws Exception {
    int threads = 4;
    int hostsPerThread = 8;
    InstallRange range = open(directory, 256); // 4 x 8 hosts x 6 phases fit: never exhausted
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Map<InstallRange.Holder, Ipv6Address> acknowledged = new HashMap<>();
    try {
      List<Future<Map<InstallRange.Holder, Ipv6Address>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  // Each thread owns its hosts, so it knows what it was acknowledged for them.
                  Map<InstallRange.Holder, Ipv6Address> mine = new HashMap<>();
                  SplittableRandom random = new SplittableRandom(thread);
                  for (int i = 0; i < 400; i++) {
                    HostKey host = host(thread * 100 + random.nextInt(hostsPerThread));
                    BootPhase phase = PHASES[random.nextInt(PHASES.length)];
                    InstallRange.Holder holder = new InstallRange.Holder(host, phase);
                    int kind = random.nextInt(10);
                    if (kind < 6) {
                      Ipv6Address address = range.allocate(host, phase);
                      Ipv6Address before = mine.put(holder, address);
                      assertThat(before).isIn(null, address);
                    } else if (kind < 9) {
                      assertThat(range.release(host, phase)).isEqualTo(mine.remove(holder) != null);
                    } else {
                      int held =
                          (int) mine.keySet().stream().filter(h -> h.host().equals(host)).count();
                      mine.keySet().removeIf(h -> h.host().equals(host));
                      assertThat(range.release(host)).isEqualTo(held);
                    }
                  }
                  return mine;
                }));
      }
      for (Future<Map<InstallRange.Holder, Ipv6Address>> future : futures) {
        acknowledged.putAll(future.get());
      }
    } finally {
      pool.shutdownNow();
      range.close();
    }
    try (InstallRange restarted = open(directory, 256)) {
      Map<InstallRange.Holder, Ipv6Address> held = new HashMap<>();
      restarted.forEach((address, holder) -> held.put(holder, address));
      assertThat(held).isEqualTo(acknowledged).isNotEmpty();
      assertThat(restarted.allocatedCount()).isEqualTo(acknowledged.size());
    }
  }

  @Test
  void storeFailure_refusesEveryFurtherChange_andRestartHasOnlyWhatWasAcknowledged() {
    JournalStore store = JournalStore.open(directory);
    InstallRange range = open(store, 16);
    Ipv6Address held = range.allocate(host(1), BootPhase.IPXE);
    store.close(); // the range's next flush now fails: a real write error of the journal

    assertThatThrownBy(() -> range.allocate(host(2), BootPhase.IPXE))
        .isInstanceOf(AllocationStoreException.class)
        .hasMessageContaining("write failed");
    String failed =
        "store state: failed (expected: working; a change may not be durable, build the install"
            + " range again from its store)";
    assertThatThrownBy(() -> range.allocate(host(3), BootPhase.IPXE)).hasMessage(failed);
    assertThatThrownBy(() -> range.allocateAddress(host(3), BootPhase.IPXE, FIRST.add(9)))
        .hasMessage(failed);
    assertThatThrownBy(() -> range.release(host(1), BootPhase.IPXE)).hasMessage(failed);
    assertThatThrownBy(() -> range.release(host(1))).hasMessage(failed);
    assertThatThrownBy(range::compact).hasMessage(failed);
    assertThat(range.lookup(host(1), BootPhase.IPXE)).contains(held); // look-ups still answer
    range.close();

    try (InstallRange restarted = open(directory, 16)) {
      assertThat(holders(restarted))
          .containsExactly(Map.entry(held, new InstallRange.Holder(host(1), BootPhase.IPXE)));
    }
  }

  @Test
  void storeOfAnotherFirstAddress_isRejectedAtBuild() {
    try (InstallRange range = open(directory, 16)) {
      range.allocate(host(1), BootPhase.IPXE);
    }
    try (JournalStore store = JournalStore.open(directory)) {
      Ipv6Address other = Ipv6Address.parse("2001:db8:0:2::");
      assertThatThrownBy(() -> InstallRange.builder(other, 16).store(store).build())
          .isInstanceOf(AllocationStoreException.class)
          .hasMessage(
              "install range store entry 0 (key 9223372036854775807, host name:netboot6 install"
                  + " range 2001:db8:0:1:: next 0): first address 2001:db8:0:1:: (expected:"
                  + " 2001:db8:0:2::; the store belongs to another install range)");
    }
  }

  @Test
  void storeBuiltLarger_keepsEverything_andSmaller_onlyIfEveryHeldAddressFits() {
    try (InstallRange range = open(directory, 16)) {
      for (int i = 0; i <= 10; i++) {
        range.allocate(host(i), BootPhase.INSTALLER); // ::0 to ::a
      }
      range.release(host(10));
    }
    Map<Ipv6Address, InstallRange.Holder> before;
    try (InstallRange larger = open(directory, 32)) {
      before = holders(larger);
      assertThat(before).hasSize(10);
      assertThat(larger.allocate(host(20), BootPhase.IPXE)) // the cursor, after ::a
          .isEqualTo(Ipv6Address.parse("2001:db8:0:1::b"));
    }
    try (JournalStore store = JournalStore.open(directory)) {
      assertThatThrownBy(() -> open(store, 11))
          .isInstanceOf(AllocationStoreException.class)
          .hasMessage(
              "install range store entry 13 (key 90, host name:host-20): offset 11, still held"
                  + " (expected: < 11, inside InstallRange{2001:db8:0:1::, 11 addresses}; was the"
                  + " range made smaller?)");
    }
    try (InstallRange larger = open(directory, 32)) {
      larger.release(host(20));
      larger.release(host(0));
    }
    // The history still holds ::a and ::b, released: only what is held has to fit.
    before.remove(FIRST);
    try (InstallRange smaller = open(directory, 10)) {
      assertThat(holders(smaller)).isEqualTo(before);
      // The cursor (after ::b) is past the end: next-fit starts over at the first address.
      assertThat(smaller.allocate(host(30), BootPhase.IPXE)).isEqualTo(FIRST);
    }
  }

  @Test
  void allocatorStore_isNotAnInstallRangeStore_andTheOtherWayRound() {
    Path allocatorDirectory = directory.resolve("allocator");
    try (Allocator allocator =
        Allocator.builder(AddressPool.of(Ipv6Prefix.parse("2001:db8::/64")))
            .store(JournalStore.open(allocatorDirectory))
            .build()) {
      allocator.allocate(host(1));
      allocator.allocate(host(2));
    }
    try (JournalStore store = JournalStore.open(allocatorDirectory)) {
      assertThatThrownBy(() -> open(store, 16))
          .isInstanceOf(AllocationStoreException.class)
          .hasMessage(
              "install range store: 2 entries and no range marker (expected: a store written by"
                  + " an InstallRange, not an Allocator's or another program's)");
    }

    Path rangeDirectory = directory.resolve("range");
    try (InstallRange range = open(rangeDirectory, 16)) {
      range.allocate(host(1), BootPhase.IPXE);
    }
    try (JournalStore store = JournalStore.open(rangeDirectory)) {
      assertThatThrownBy(
              () ->
                  Allocator.builder(AddressPool.of(Ipv6Prefix.parse("2001:db8::/64")))
                      .store(store)
                      .build())
          .isInstanceOf(AllocationStoreException.class)
          .hasMessageStartingWith("stored block index: 9223372036854775807");
    }
  }

  @Test
  void badStoredEntries_areRejectedAtBuild_namingTheEntry() {
    String h1 = "host name:host-1";
    assertRejected(
        store -> allocate(store, 3 << 3 | 5, host(1)),
        "install range store entry 1 (key 29, " + h1 + "): phase code 5 (expected: 0-4 or 6)");
    assertRejected(
        store -> allocate(store, 3 << 3 | 7, host(1)),
        "install range store entry 1 (key 31, " + h1 + "): phase code 7 (expected: 0-4 or 6)");
    assertRejected(
        store -> allocate(store, 16 << 3 | 2, host(1)),
        "install range store entry 1 (key 130, "
            + h1
            + "): offset 16, still held (expected: < 16, inside InstallRange{2001:db8:0:1::, 16"
            + " addresses}; was the range made smaller?)");
    assertRejected(
        store -> allocate(store, -8, host(1)),
        "install range store entry 1 (key -8, "
            + h1
            + "): offset 2305843009213693951 (expected: < 2^60, as no install range is larger)");
    assertRejected(
        store -> {
          allocate(store, 2, host(1)); // ::0 IPXE
          allocate(store, 1, host(2)); // ::0 FIRMWARE_HTTP: the same address again
        },
        "install range store entry 2 (key 1, host name:host-2): allocation of 2001:db8:0:1:: for"
            + " FIRMWARE_HTTP (expected: a free address and a host without one for the phase;"
            + " holder: Holder[host=name:host-1, phase=IPXE], the host's address: none)");
    assertRejected(
        store -> {
          allocate(store, 2, host(1)); // ::0 IPXE
          allocate(store, 1 << 3 | 2, host(1)); // ::1 IPXE for the same host
        },
        "install range store entry 2 (key 10, "
            + h1
            + "): allocation of 2001:db8:0:1::1 for IPXE (expected: a free address and a host"
            + " without one for the phase; holder: none, the host's address: 2001:db8:0:1::)");
    assertRejected(
        store -> release(store, 2, host(1)),
        "install range store entry 1 (key 2, a release): release of 2001:db8:0:1:: for IPXE"
            + " (expected: an address held for that phase; holder: none)");
    assertRejected(
        store -> {
          allocate(store, 2, host(1)); // ::0 IPXE
          release(store, 0, host(1)); // ::0 FIRMWARE_PXE
        },
        "install range store entry 2 (key 0, a release): release of 2001:db8:0:1:: for"
            + " FIRMWARE_PXE (expected: an address held for that phase; holder:"
            + " Holder[host=name:host-1, phase=IPXE])");
    assertRejected(
        store ->
            allocate(
                store,
                Long.MAX_VALUE,
                HostKey.ofName("netboot6 install range 2001:db8:0:2:: next 0")),
        "install range store entry 1 (key 9223372036854775807, host name:netboot6 install range"
            + " 2001:db8:0:2:: next 0): first address 2001:db8:0:2:: (expected: 2001:db8:0:1::;"
            + " the store belongs to another install range)");
    assertRejected(
        store -> allocate(store, Long.MAX_VALUE, HostKey.ofName("netboot6 install range ::1")),
        "install range store entry 1 (key 9223372036854775807, host name:netboot6 install range"
            + " ::1): range marker name:netboot6 install range ::1 (expected: an allocation to"
            + " name:netboot6 install range <first address> next <offset>)");
    assertRejected(
        store -> release(store, Long.MAX_VALUE, host(1)),
        "install range store entry 1 (key 9223372036854775807, a release): range marker released"
            + " (expected: an allocation to name:netboot6 install range <first address> next"
            + " <offset>)");
  }

  private int cases;

  /** Writes a range's marker, then {@code write}'s entries, and expects the build to refuse. */
  private void assertRejected(Consumer<JournalStore> write, String message) {
    Path store = directory.resolve("case-" + cases++);
    open(store, 16).close();
    try (JournalStore journal = JournalStore.open(store)) {
      write.accept(journal);
    }
    try (JournalStore journal = JournalStore.open(store)) {
      assertThatThrownBy(() -> open(journal, 16))
          .isInstanceOf(AllocationStoreException.class)
          .hasMessage(message);
    }
  }

  private static void allocate(JournalStore store, long key, HostKey host) {
    store.awaitDurable(store.append(key, host, true));
  }

  private static void release(JournalStore store, long key, HostKey host) {
    store.awaitDurable(store.append(key, host, false));
  }

  /** The range as the tests expect it: next-fit over an array, written from the Javadoc. */
  private static final class Model {
    final int size;
    final InstallRange.Holder[] byOffset;
    final Map<InstallRange.Holder, Integer> byHolder = new HashMap<>();
    int cursor;

    Model(int size) {
      this.size = size;
      this.byOffset = new InstallRange.Holder[size];
    }

    /** Returns the offset given, or -1 if none is free. */
    int allocate(InstallRange.Holder holder) {
      Integer held = byHolder.get(holder);
      if (held != null) {
        return held;
      }
      for (int i = 0; i < size; i++) {
        int offset = (cursor + i) % size;
        if (byOffset[offset] == null) {
          put(offset, holder);
          return offset;
        }
      }
      return -1;
    }

    /** Returns whether the range accepts it (a conflict otherwise). */
    boolean allocateAddress(InstallRange.Holder holder, int offset) {
      Integer held = byHolder.get(holder);
      if (held != null || byOffset[offset] != null) {
        return held != null && held == offset;
      }
      put(offset, holder);
      return true;
    }

    private void put(int offset, InstallRange.Holder holder) {
      byOffset[offset] = holder;
      byHolder.put(holder, offset);
      cursor = (offset + 1) % size;
    }

    boolean release(InstallRange.Holder holder) {
      Integer held = byHolder.remove(holder);
      if (held != null) {
        byOffset[held] = null;
      }
      return held != null;
    }

    int release(HostKey host) {
      int released = 0;
      for (BootPhase phase : PHASES) {
        released += release(new InstallRange.Holder(host, phase)) ? 1 : 0;
      }
      return released;
    }

    Map<Ipv6Address, InstallRange.Holder> holders() {
      Map<Ipv6Address, InstallRange.Holder> holders = new LinkedHashMap<>();
      for (int offset = 0; offset < size; offset++) {
        if (byOffset[offset] != null) {
          holders.put(FIRST.add(offset), byOffset[offset]);
        }
      }
      return holders;
    }
  }
}
