package io.github.netboot6.testkit;

import static io.github.netboot6.testkit.Properties.gen;
import static io.github.netboot6.testkit.Properties.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.allocation.AddressLookup;
import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocation;
import io.github.netboot6.allocation.AllocationConflictException;
import io.github.netboot6.allocation.AllocationStatistics;
import io.github.netboot6.allocation.AllocationStrategy;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.BlockLayout;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.allocation.PoolExhaustedException;
import io.github.netboot6.allocation.UnavailableAddressException;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of allocate / allocate-specific / release / look-up against a reference model (a
 * sorted map from block to host), for every strategy: they agree at every step.
 */
class AllocatorPropertyTest {
  private static final int OPERATIONS = 60;

  /** One scenario: a strategy, a small pool with reservations, and a seed for the operations. */
  record Scenario(AllocationStrategy strategy, AddressPool pool, long seed) {}

  private static final Generator<Scenario> SCENARIOS =
      random -> {
        AllocationStrategy strategy =
            switch (random.nextInt(4)) {
              case 0 -> AllocationStrategy.lowestFree();
              case 1 -> AllocationStrategy.sequential();
              case 2 -> AllocationStrategy.random(random.nextLong());
              default -> AllocationStrategy.deterministic(random.nextLong());
            };
        int k = 1 + random.nextInt(4);
        BlockLayout layout =
            random.nextBoolean()
                ? BlockLayout.builder().blockSizeLog2(k).build()
                : BlockLayout.builder()
                    .blockSizeLog2(k)
                    .permanentOffset(random.nextInt(1 << k))
                    .build();
        int length =
            Math.min(124, 128 - k - random.nextInt(7)); // 1 to 64 blocks: exhaustion happens
        AddressPool.Builder pool =
            AddressPool.builder(Ipv6Prefix.parse("2001:db8::/" + length)).layout(layout);
        if (random.nextBoolean()) {
          pool.reserveLow(random.nextInt(20));
        }
        if (random.nextBoolean()) {
          Ipv6Address from =
              Ipv6Address.parse("2001:db8::").add(random.nextInt(1 << (128 - length)));
          pool.reserve(from, from.add(random.nextInt(10)));
        }
        return new Scenario(strategy, pool.build(), random.nextLong());
      };

  @Test
  void randomOperations_agreeWithSortedMapModel() {
    qt().forAll(gen(SCENARIOS)).checkAssert(AllocatorPropertyTest::run);
  }

  private static void run(Scenario scenario) {
    AddressPool pool = scenario.pool();
    Allocator allocator = Allocator.builder(pool).strategy(scenario.strategy()).build();
    TreeMap<Long, HostKey> model = new TreeMap<>();
    Map<HostKey, Long> hosts = new HashMap<>();
    SplittableRandom random = new SplittableRandom(scenario.seed());
    List<Long> available = new ArrayList<>();
    for (long b = 0; b <= pool.lastBlockIndex(); b++) {
      if (pool.isAvailable(b)) {
        available.add(b);
      }
    }
    for (int step = 0; step < OPERATIONS; step++) {
      HostKey host = HostKey.ofName("h" + random.nextInt(40));
      int op = random.nextInt(10);
      if (op < 5) {
        Long held = hosts.get(host);
        if (held == null && model.size() == available.size()) {
          assertThatThrownBy(() -> allocator.allocate(host))
              .isInstanceOf(PoolExhaustedException.class);
        } else {
          Allocation a = allocator.allocate(host);
          if (held != null) {
            assertThat(a.blockIndex()).as("idempotent").isEqualTo(held);
          } else {
            assertThat(model).doesNotContainKey(a.blockIndex());
            assertThat(pool.isAvailable(a.blockIndex())).isTrue();
            if (scenario.strategy().kind() == AllocationStrategy.Kind.LOWEST_FREE) {
              long lowest = available.stream().filter(b -> !model.containsKey(b)).findFirst().get();
              assertThat(a.blockIndex()).as("lowest free").isEqualTo(lowest);
            }
            model.put(a.blockIndex(), host);
            hosts.put(host, a.blockIndex());
          }
        }
      } else if (op < 7) {
        long block = random.nextLong(pool.lastBlockIndex() + 1);
        Long held = hosts.get(host);
        HostKey holder = model.get(block);
        if (!pool.isAvailable(block)) {
          assertThatThrownBy(() -> allocator.allocateBlock(host, block))
              .isInstanceOf(UnavailableAddressException.class);
        } else if ((held != null && held != block) || (holder != null && !holder.equals(host))) {
          assertThatThrownBy(() -> allocator.allocateBlock(host, block))
              .isInstanceOf(AllocationConflictException.class);
        } else {
          assertThat(allocator.allocateBlock(host, block).blockIndex()).isEqualTo(block);
          model.put(block, host);
          hosts.put(host, block);
        }
      } else if (op < 9) {
        Long held = hosts.remove(host);
        assertThat(allocator.release(host).map(Allocation::blockIndex))
            .isEqualTo(java.util.Optional.ofNullable(held));
        if (held != null) {
          model.remove(held);
        }
      } else {
        long offset = random.nextLong(pool.lastBlockIndex() + 1) << pool.layout().blockSizeLog2();
        AddressLookup lookup = allocator.lookup(pool.addressAt(offset));
        long block = offset >>> pool.layout().blockSizeLog2();
        if (model.containsKey(block)) {
          assertThat(lookup.allocation().map(Allocation::host)).contains(model.get(block));
        } else {
          assertThat(lookup.status())
              .isEqualTo(
                  pool.isAvailable(block)
                      ? AddressLookup.Status.FREE
                      : AddressLookup.Status.RESERVED);
        }
      }
      AllocationStatistics stats = allocator.statistics();
      assertThat(stats.allocatedBlocks()).isEqualTo(model.size());
      assertThat(stats.freeBlocks()).isEqualTo(BigInteger.valueOf(available.size() - model.size()));
      assertThat(stats.totalBlocks()).isEqualTo(BigInteger.valueOf(pool.lastBlockIndex() + 1));
    }
    List<Long> listed = new ArrayList<>();
    allocator.forEach(a -> listed.add(a.blockIndex()));
    assertThat(listed).as("address order").containsExactlyElementsOf(model.keySet());
    for (Map.Entry<HostKey, Long> e : hosts.entrySet()) {
      assertThat(allocator.lookup(e.getKey()).map(Allocation::blockIndex)).contains(e.getValue());
    }
  }
}
