package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.Ipv6Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 8 threads, 1,000,000 operations in all, on one allocator: each thread owns its keys (so it knows
 * exactly what it must find at the end) and all threads fight over the same low blocks; at the end
 * no block is held twice, no acknowledged block is lost, and the statistics agree.
 */
class AllocatorConcurrencyTest {
  private static final int THREADS = 8;
  private static final int OPERATIONS = 1_000_000;

  @ParameterizedTest
  @EnumSource(AllocationStrategy.Kind.class)
  void eightThreads_noDuplicateNoLostBlock(AllocationStrategy.Kind kind) throws Exception {
    AllocationStrategy strategy =
        switch (kind) {
          case LOWEST_FREE -> AllocationStrategy.lowestFree();
          case SEQUENTIAL -> AllocationStrategy.sequential();
          case RANDOM -> AllocationStrategy.random(1);
          case DETERMINISTIC -> AllocationStrategy.deterministic(1);
        };
    int operations = OPERATIONS;
    Allocator allocator =
        Allocator.builder(AddressPool.of(Ipv6Prefix.parse("2001:db8::/64")))
            .strategy(strategy)
            .build();
    ExecutorService executor = Executors.newFixedThreadPool(THREADS);
    List<Future<Map<HostKey, Long>>> results = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      results.add(
          executor.submit(
              () -> {
                SplittableRandom random = new SplittableRandom(thread);
                Map<HostKey, Long> mine = new HashMap<>();
                for (int i = 0; i < operations / THREADS; i++) {
                  HostKey host = HostKey.ofName("t" + thread + "-" + random.nextInt(2000));
                  if (random.nextInt(3) > 0) {
                    long block = allocator.allocate(host).blockIndex();
                    Long before = mine.put(host, block);
                    if (before != null && before != block) {
                      throw new AssertionError(host + " moved from " + before + " to " + block);
                    }
                  } else {
                    Long held = mine.remove(host);
                    Long released =
                        allocator.release(host).map(Allocation::blockIndex).orElse(null);
                    if (held == null ? released != null : !held.equals(released)) {
                      throw new AssertionError(host + " released " + released + ", held " + held);
                    }
                  }
                }
                return mine;
              }));
    }
    Map<HostKey, Long> expected = new HashMap<>();
    for (Future<Map<HostKey, Long>> result : results) {
      expected.putAll(result.get());
    }
    executor.shutdown();
    Set<Long> blocks = new HashSet<>();
    Map<HostKey, Long> actual = new HashMap<>();
    allocator.forEach(
        a -> {
          assertThat(blocks.add(a.blockIndex())).as("block held twice").isTrue();
          actual.put(a.host(), a.blockIndex());
        });
    assertThat(actual).isEqualTo(expected);
    assertThat(new HashSet<>(expected.values())).hasSize(expected.size());
    assertThat(allocator.statistics().allocatedBlocks()).isEqualTo(expected.size());
  }

  /**
   * Look-ups read the tables without the lock while changes rebuild them (tombstone rebuilds, the
   * dense array growing, the host index growing): readers must still see every stable host exactly
   * where it is, by key and by address, whatever the writers do around it.
   */
  @ParameterizedTest
  @EnumSource(
      value = AllocationStrategy.Kind.class,
      names = {"LOWEST_FREE", "RANDOM"})
  void lookupsDuringChanges_alwaysSeeTheStableHosts(AllocationStrategy.Kind kind) throws Exception {
    AddressPool pool = AddressPool.of(Ipv6Prefix.parse("2001:db8::/64"));
    Allocator allocator =
        Allocator.builder(pool)
            .strategy(
                kind == AllocationStrategy.Kind.RANDOM
                    ? AllocationStrategy.random(7)
                    : AllocationStrategy.lowestFree())
            .build();
    // Stable hosts at blocks the dense array covers from the start, at blocks it grows over
    // later, and far out in the hashed table.
    List<HostKey> stable = new ArrayList<>();
    List<Long> stableBlocks = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      long block = i < 100 ? i * 3L : i < 200 ? 5_000 + i * 7L : (1L << 40) + i * 1_000_003L;
      HostKey host = HostKey.ofName("stable-" + i);
      allocator.allocateBlock(host, block);
      stable.add(host);
      stableBlocks.add(block);
    }
    long deadline = System.nanoTime() + 1_500_000_000L;
    ExecutorService executor = Executors.newFixedThreadPool(3);
    List<Future<Long>> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int seed = r;
      readers.add(
          executor.submit(
              () -> {
                SplittableRandom random = new SplittableRandom(seed);
                long reads = 0;
                while (System.nanoTime() < deadline) {
                  int i = random.nextInt(stable.size());
                  HostKey host = stable.get(i);
                  long block = stableBlocks.get(i);
                  Optional<Allocation> byHost = allocator.lookup(host);
                  if (byHost.isEmpty() || byHost.get().blockIndex() != block) {
                    throw new AssertionError(host + " at " + byHost + ", expected block " + block);
                  }
                  Allocation expected = new Allocation(host, block, pool);
                  AddressLookup byAddress = allocator.lookup(expected.permanentAddress());
                  if (byAddress.allocation().filter(expected::equals).isEmpty()) {
                    throw new AssertionError(
                        expected.permanentAddress() + ": " + byAddress + ", expected " + host);
                  }
                  if (allocator.allocate(host).blockIndex() != block) {
                    throw new AssertionError(host + " moved on allocate");
                  }
                  reads++;
                }
                return reads;
              }));
    }
    Future<Long> writer =
        executor.submit(
            () -> {
              SplittableRandom random = new SplittableRandom(99);
              long changes = 0;
              int round = 0;
              while (System.nanoTime() < deadline) {
                // Fill, then empty, a batch of churning hosts: by the strategy, and densely past
                // the stable ones (which grows the dense array over blocks 5,000 and up).
                List<HostKey> batch = new ArrayList<>();
                for (int j = 0; j < 2_000; j++) {
                  HostKey host = HostKey.ofName("churn-" + round + "-" + j);
                  if (j % 2 == 0) {
                    allocator.allocate(host);
                  } else {
                    long block = 300 + round % 7 * 10_000L + j;
                    if (allocator.lookup(pool.addressAt(block * 8 + 1)).allocation().isEmpty()
                        && !stableBlocks.contains(block)) {
                      allocator.allocateBlock(host, block);
                    }
                  }
                  batch.add(host);
                  changes++;
                }
                for (HostKey host : batch) {
                  if (random.nextInt(10) > 0) {
                    allocator.release(host);
                    changes++;
                  }
                }
                round++;
              }
              return changes;
            });
    long changes = writer.get();
    long reads = 0;
    for (Future<Long> reader : readers) {
      reads += reader.get();
    }
    executor.shutdown();
    assertThat(changes).isGreaterThan(10_000);
    assertThat(reads).isGreaterThan(10_000);
  }
}
