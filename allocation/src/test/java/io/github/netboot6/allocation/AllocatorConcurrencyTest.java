package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.Ipv6Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
}
