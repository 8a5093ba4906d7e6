package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based property test (issue 5): random sequences of allocate, allocate-a-given-block,
 * release, look-up by host and by address, statistics and listing, run against the allocator and
 * against a reference model (a sorted map of block to host), which must agree at every step; for
 * every strategy, both layouts (blocks with phase slots, and blocks of one address), in memory and
 * on a journal that is closed and reopened every 100 steps.
 *
 * <p>The model is written from the documented behaviour, not from the allocator's code: which
 * blocks are available is worked out by hand for the two pools below, lowest-free takes the lowest
 * free one, sequential the first free one at or after its cursor (back to 0 after a restart: the
 * cursor is not stored), random any free one, and deterministic the block a fresh pool gives the
 * same host whenever that block is free. Run another sequence with {@code -Dnetboot6.seed=N}.
 */
class AllocatorModelTest {

  private static final long SEED = Long.getLong("netboot6.seed", 20261127L);
  private static final int MEMORY_STEPS = 3_000;
  private static final int JOURNAL_STEPS = 800;
  private static final int RESTART_EVERY = 100;

  /** The two layouts, each on a small pool so that exhaustion and reuse happen often. */
  enum Shape {
    /**
     * Default layout, 2001:db8::/120 with ::0-::f reserved: 32 blocks of 8, blocks 0 and 1 hand out
     * only reserved addresses, so 2..31 are available. Offset 0 of a block is the permanent
     * address, 1 is unused, 2..7 are the six phase slots.
     */
    SLOTS(
        2,
        31,
        8,
        40,
        List.of("firmware-pxe", "firmware-http", "ipxe", "boot-loader", "installer", "unknown")),
    /**
     * Blocks of one address, 2001:db8::/122: 64 blocks, block 0 (the subnet-router anycast address)
     * reserved, 1..63 available.
     */
    CONSECUTIVE(1, 63, 1, 80, List.of());

    final long firstAvailable;
    final long lastBlock;
    final int blockSize;
    final int hosts;
    final List<String> slots;

    Shape(long firstAvailable, long lastBlock, int blockSize, int hosts, List<String> slots) {
      this.firstAvailable = firstAvailable;
      this.lastBlock = lastBlock;
      this.blockSize = blockSize;
      this.hosts = hosts;
      this.slots = slots;
    }

    AddressPool pool() {
      return this == SLOTS
          ? AddressPool.builder(Ipv6Prefix.parse("2001:db8::/120")).reserveLow(16).build()
          : AddressPool.builder(Ipv6Prefix.parse("2001:db8::/122"))
              .layout(BlockLayout.consecutive())
              .build();
    }

    boolean available(long block) {
      return block >= firstAvailable && block <= lastBlock;
    }

    long availableCount() {
      return lastBlock - firstAvailable + 1;
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Shape shape : Shape.values()) {
      for (AllocationStrategy.Kind kind : AllocationStrategy.Kind.values()) {
        cases.add(Arguments.of(shape, kind, false));
        cases.add(Arguments.of(shape, kind, true));
      }
    }
    return cases.stream();
  }

  @TempDir Path dir;

  private static AllocationStrategy strategy(AllocationStrategy.Kind kind) {
    return switch (kind) {
      case LOWEST_FREE -> AllocationStrategy.lowestFree();
      case SEQUENTIAL -> AllocationStrategy.sequential();
      case RANDOM -> AllocationStrategy.random(SEED);
      case DETERMINISTIC -> AllocationStrategy.deterministic(SEED);
    };
  }

  private Allocator open(Shape shape, AllocationStrategy.Kind kind, boolean journal) {
    Allocator.Builder b = Allocator.builder(shape.pool()).strategy(strategy(kind));
    if (journal) {
      b.store(JournalStore.open(dir.resolve("journal")));
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} {1} journal={2}")
  @MethodSource("cases")
  void randomOperations_agreeWithTheModelAtEveryStep(
      Shape shape, AllocationStrategy.Kind kind, boolean journal) {
    SplittableRandom random = new SplittableRandom(SEED ^ (shape.ordinal() * 31L + kind.ordinal()));
    List<HostKey> hosts = new ArrayList<>();
    for (int i = 0; i < shape.hosts; i++) {
      hosts.add(HostKey.ofName("host-" + i));
    }
    // Where a fresh pool puts each host: the deterministic strategy must agree when it is free.
    Map<HostKey, Long> fresh = new HashMap<>();
    if (kind == AllocationStrategy.Kind.DETERMINISTIC) {
      for (HostKey h : hosts) {
        try (Allocator probe = open(shape, kind, false)) {
          fresh.put(h, probe.allocate(h).blockIndex());
        }
      }
    }
    TreeMap<Long, HostKey> model = new TreeMap<>();
    Map<HostKey, Long> modelByHost = new HashMap<>();
    long cursor = 0;
    int steps = journal ? JOURNAL_STEPS : MEMORY_STEPS;
    Allocator allocator = open(shape, kind, journal);
    try {
      for (int step = 0; step < steps; step++) {
        String at = shape + " " + kind + " journal=" + journal + " step " + step;
        if (journal && step > 0 && step % RESTART_EVERY == 0) {
          allocator.close();
          allocator = open(shape, kind, true);
          cursor = 0;
          assertSameState(allocator, model, shape, at + " after restart");
        }
        HostKey host = hosts.get(random.nextInt(hosts.size()));
        int op = random.nextInt(100);
        if (op < 35) {
          Long held = modelByHost.get(host);
          long free = model.size() < shape.availableCount() ? 1 : 0;
          if (held == null && free == 0) {
            Allocator a = allocator;
            assertThatThrownBy(() -> a.allocate(host))
                .as(at)
                .isInstanceOf(PoolExhaustedException.class);
            continue;
          }
          long block = allocator.allocate(host).blockIndex();
          if (held != null) {
            assertThat(block).as("%s: allocate is idempotent", at).isEqualTo(held);
            continue;
          }
          assertThat(shape.available(block) && !model.containsKey(block))
              .as("%s: block %s is free and available", at, block)
              .isTrue();
          switch (kind) {
            case LOWEST_FREE ->
                assertThat(block).as(at).isEqualTo(firstFree(model, shape, shape.firstAvailable));
            case SEQUENTIAL -> {
              long expected = firstFree(model, shape, cursor);
              if (expected < 0) {
                expected = firstFree(model, shape, 0);
              }
              assertThat(block).as(at).isEqualTo(expected);
              cursor = block == shape.lastBlock ? 0 : block + 1;
            }
            case DETERMINISTIC -> {
              long home = fresh.get(host);
              if (!model.containsKey(home)) {
                assertThat(block)
                    .as("%s: %s's block in a fresh pool is free", at, host)
                    .isEqualTo(home);
              }
            }
            case RANDOM -> {
              // any free available block, checked above
            }
          }
          model.put(block, host);
          modelByHost.put(host, block);
        } else if (op < 60) {
          Long held = modelByHost.remove(host);
          Optional<Allocation> released = allocator.release(host);
          if (held == null) {
            assertThat(released).as(at).isEmpty();
          } else {
            model.remove(held);
            assertThat(released.map(Allocation::blockIndex)).as(at).contains(held);
          }
        } else if (op < 70) {
          long block = random.nextLong(shape.lastBlock + 3) - 1; // -1 .. lastBlock + 1
          Long held = modelByHost.get(host);
          HostKey holder = model.get(block);
          Allocator a = allocator;
          if (block < 0 || block > shape.lastBlock || !shape.available(block)) {
            assertThatThrownBy(() -> a.allocateBlock(host, block))
                .as(at)
                .isInstanceOf(UnavailableAddressException.class);
          } else if (held != null && held == block) {
            assertThat(allocator.allocateBlock(host, block).blockIndex()).as(at).isEqualTo(block);
          } else if (held != null || holder != null) {
            assertThatThrownBy(() -> a.allocateBlock(host, block))
                .as(at)
                .isInstanceOf(AllocationConflictException.class);
          } else {
            assertThat(allocator.allocateBlock(host, block).host()).as(at).isEqualTo(host);
            model.put(block, host);
            modelByHost.put(host, block);
          }
        } else if (op < 80) {
          assertThat(allocator.lookup(host).map(Allocation::blockIndex))
              .as(at)
              .isEqualTo(Optional.ofNullable(modelByHost.get(host)));
        } else if (op < 95) {
          long offset = random.nextLong((shape.lastBlock + 2) * shape.blockSize);
          checkAddress(allocator, model, shape, offset, at);
        } else {
          assertSameState(allocator, model, shape, at);
        }
      }
      assertSameState(allocator, model, shape, "the end");
    } finally {
      allocator.close();
    }
  }

  /** The first free available block at or after {@code from}, or -1. */
  private static long firstFree(TreeMap<Long, HostKey> model, Shape shape, long from) {
    for (long b = Math.max(from, shape.firstAvailable); b <= shape.lastBlock; b++) {
      if (!model.containsKey(b)) {
        return b;
      }
    }
    return -1;
  }

  /** What the model says of the address at {@code offset} from 2001:db8::, past the pool too. */
  private static void checkAddress(
      Allocator allocator, TreeMap<Long, HostKey> model, Shape shape, long offset, String at) {
    Ipv6Address address = Ipv6Address.parse("2001:db8::").add(offset);
    AddressLookup lookup = allocator.lookup(address);
    long block = offset / shape.blockSize;
    int inBlock = (int) (offset % shape.blockSize);
    AddressLookup.Status expected;
    @Nullable String slot = null;
    HostKey holder = model.get(block);
    if (block > shape.lastBlock) {
      expected = AddressLookup.Status.OUTSIDE_POOL;
    } else if (!shape.available(block)) {
      expected = AddressLookup.Status.RESERVED;
    } else if (holder == null) {
      expected = AddressLookup.Status.FREE;
    } else if (inBlock == 0) {
      expected = AddressLookup.Status.PERMANENT;
    } else if (inBlock == 1) {
      expected = AddressLookup.Status.UNUSED_IN_BLOCK;
    } else {
      expected = AddressLookup.Status.SLOT;
      slot = shape.slots.get(inBlock - 2);
    }
    assertThat(lookup.status()).as("%s: %s", at, address).isEqualTo(expected);
    assertThat(lookup.allocation().map(Allocation::host))
        .as("%s: %s", at, address)
        .isEqualTo(
            Optional.ofNullable(
                expected.compareTo(AddressLookup.Status.PERMANENT) >= 0 ? holder : null));
    assertThat(lookup.slot()).as("%s: %s", at, address).isEqualTo(Optional.ofNullable(slot));
  }

  private static void assertSameState(
      Allocator allocator, TreeMap<Long, HostKey> model, Shape shape, String at) {
    List<Allocation> listed = allocator.allocations(0, 1_000);
    TreeMap<Long, HostKey> actual = new TreeMap<>();
    for (Allocation a : listed) {
      actual.put(a.blockIndex(), a.host());
    }
    assertThat(listed).extracting(Allocation::blockIndex).isSorted();
    assertThat(actual).as("%s: allocations in address order", at).isEqualTo(model);
    AllocationStatistics stats = allocator.statistics();
    assertThat(stats.allocatedBlocks()).as(at).isEqualTo(model.size());
    assertThat(stats.freeBlocks())
        .as(at)
        .isEqualTo(BigInteger.valueOf(shape.availableCount() - model.size()));
  }
}
