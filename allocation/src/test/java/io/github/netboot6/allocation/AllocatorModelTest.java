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
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based property test (issue 5): random sequences of allocate, allocate-a-given-block,
 * release, look-up by host and by address, statistics and listing, run against the allocator and
 * against a reference model (a sorted map of block number to host), which must agree at every step;
 * for every strategy, both layouts (blocks with phase slots, and blocks of one address), on small
 * pools and on wide ones ({@code /48}, {@code /56}, {@code /60}, whose block numbers pass
 * 2<sup>63</sup> and 2<sup>64</sup>), in memory and on a journal that is closed and reopened every
 * 100 steps.
 *
 * <p>The model is written from the documented behaviour, not from the allocator's code: each pool
 * is built by reserving every address range between a few hand-picked intervals of available blocks
 * (for the wide pools, intervals around block 2<sup>63</sup>, around block 2<sup>64</sup> and at
 * the pool's end, so that exhaustion and reuse happen often), lowest-free takes the lowest free
 * one, sequential the first free one at or after its cursor (back to 0 after a restart: the cursor
 * is not stored), random any free one, and deterministic the block a fresh pool gives the same host
 * whenever that block is free. Run another sequence with {@code -Dnetboot6.seed=N}.
 */
class AllocatorModelTest {

  private static final long SEED = Long.getLong("netboot6.seed", 20261127L);
  private static final int MEMORY_STEPS = 3_000;
  private static final int JOURNAL_STEPS = 800;
  private static final int RESTART_EVERY = 100;
  private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
  private static final List<String> SLOTS =
      List.of("firmware-pxe", "firmware-http", "ipxe", "boot-loader", "installer", "unknown");

  /** The pools: the two layouts, each on a small pool and on wide ones. */
  enum Shape {
    /**
     * Default layout, 2001:db8::/120 with ::0-::f reserved: 32 blocks of 8, blocks 0 and 1 hand out
     * only reserved addresses, so 2..31 are available. Offset 0 of a block is the permanent
     * address, 1 is unused, 2..7 are the six phase slots.
     */
    SLOTS_120("2001:db8::/120", false, 40, 2, 31),
    /**
     * Blocks of one address, 2001:db8::/122: 64 blocks, block 0 (the subnet-router anycast address)
     * reserved, 1..63 available.
     */
    CONSECUTIVE_122("2001:db8::/122", true, 80, 1, 63),
    /**
     * Default layout on a /48: 2^77 blocks; available 0..2 (block 0's permanent address at offset
     * 1), around 2^63, around 2^64, and the last two.
     */
    SLOTS_48("2001:db8:1::/48", false, 20, 0, 2, -2, 63, 1, 63, -2, 64, 1, 64, -2, 77, -1, 77),
    /** Blocks of one address on a /56: 2^72 blocks; block 0 is the anycast address. */
    CONSECUTIVE_56("2001:db8:2::/56", true, 20, 1, 2, -1, 63, 0, 63, -2, 64, 1, 64, -2, 72, -1, 72),
    /** Default layout on a /60: 2^65 blocks. */
    SLOTS_60("2001:db8:3::/60", false, 16, 0, 3, -2, 64, 1, 64, -2, 65, -1, 65);

    final Ipv6Prefix prefix;
    final boolean consecutive;
    final int hosts;
    final int blockSize;
    final BigInteger lastBlock;
    // Sorted, disjoint intervals of available blocks: {first, last}.
    final List<BigInteger[]> available = new ArrayList<>();

    /**
     * {@code bounds} are pairs of intervals' ends; a pair (d, e) with e > 20 means 2^e + d, else
     * the plain number d... written out: a small pool lists plain numbers, a wide one (delta,
     * power) pairs after its first interval.
     */
    Shape(String prefix, boolean consecutive, int hosts, long... bounds) {
      this.prefix = Ipv6Prefix.parse(prefix);
      this.consecutive = consecutive;
      this.hosts = hosts;
      this.blockSize = consecutive ? 1 : 8;
      int k = consecutive ? 0 : 3;
      this.lastBlock =
          BigInteger.ONE.shiftLeft(128 - this.prefix.length() - k).subtract(BigInteger.ONE);
      List<BigInteger> ends = new ArrayList<>();
      ends.add(BigInteger.valueOf(bounds[0]));
      ends.add(BigInteger.valueOf(bounds[1]));
      for (int i = 2; i < bounds.length; i += 2) {
        ends.add(BigInteger.ONE.shiftLeft((int) bounds[i + 1]).add(BigInteger.valueOf(bounds[i])));
      }
      for (int i = 0; i < ends.size(); i += 2) {
        available.add(new BigInteger[] {ends.get(i), ends.get(i + 1)});
      }
    }

    Ipv6Address blockStart(BigInteger block) {
      BigInteger n =
          new BigInteger(1, prefix.first().toBytes())
              .add(block.multiply(BigInteger.valueOf(blockSize)));
      return Ipv6Address.of(n.shiftRight(64).longValue(), n.longValue());
    }

    /** Reserves every address between the available intervals. */
    AddressPool pool() {
      AddressPool.Builder b = AddressPool.builder(prefix);
      if (consecutive) {
        b.layout(BlockLayout.consecutive());
      }
      BigInteger next = BigInteger.ZERO;
      for (BigInteger[] interval : available) {
        if (interval[0].compareTo(next) > 0) {
          b.reserve(blockStart(next), blockStart(interval[0]).previous());
        }
        next = interval[1].add(BigInteger.ONE);
      }
      if (next.compareTo(lastBlock) <= 0) {
        b.reserve(blockStart(next), prefix.last());
      }
      return b.build();
    }

    boolean available(BigInteger block) {
      for (BigInteger[] interval : available) {
        if (block.compareTo(interval[0]) >= 0 && block.compareTo(interval[1]) <= 0) {
          return true;
        }
      }
      return false;
    }

    long availableCount() {
      long n = 0;
      for (BigInteger[] interval : available) {
        n += interval[1].subtract(interval[0]).longValueExact() + 1;
      }
      return n;
    }

    /** A block to try: mostly in or next to an available interval, else anywhere, -1 to last+1. */
    BigInteger someBlock(SplittableRandom random) {
      int pick = random.nextInt(10);
      if (pick < 6) {
        BigInteger[] interval = available.get(random.nextInt(available.size()));
        long width = interval[1].subtract(interval[0]).longValueExact() + 3;
        return interval[0].add(BigInteger.valueOf(random.nextLong(width) - 1));
      }
      if (pick < 9) {
        BigInteger x =
            new BigInteger(lastBlock.bitLength() + 1, new java.util.Random(random.nextLong()));
        return x.mod(lastBlock.add(BigInteger.TWO));
      }
      return BigInteger.valueOf(-1);
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
    Map<HostKey, BigInteger> fresh = new HashMap<>();
    if (kind == AllocationStrategy.Kind.DETERMINISTIC) {
      for (HostKey h : hosts) {
        try (Allocator probe = open(shape, kind, false)) {
          fresh.put(h, probe.allocate(h).blockNumber());
        }
      }
    }
    TreeMap<BigInteger, HostKey> model = new TreeMap<>();
    Map<HostKey, BigInteger> modelByHost = new HashMap<>();
    BigInteger cursor = BigInteger.ZERO;
    int steps = journal ? JOURNAL_STEPS : MEMORY_STEPS;
    Allocator allocator = open(shape, kind, journal);
    try {
      for (int step = 0; step < steps; step++) {
        String at = shape + " " + kind + " journal=" + journal + " step " + step;
        if (journal && step > 0 && step % RESTART_EVERY == 0) {
          allocator.close();
          allocator = open(shape, kind, true);
          cursor = BigInteger.ZERO;
          assertSameState(allocator, model, shape, at + " after restart");
        }
        HostKey host = hosts.get(random.nextInt(hosts.size()));
        int op = random.nextInt(100);
        if (op < 35) {
          BigInteger held = modelByHost.get(host);
          long free = model.size() < shape.availableCount() ? 1 : 0;
          if (held == null && free == 0) {
            Allocator a = allocator;
            assertThatThrownBy(() -> a.allocate(host))
                .as(at)
                .isInstanceOf(PoolExhaustedException.class);
            continue;
          }
          BigInteger block = allocator.allocate(host).blockNumber();
          if (held != null) {
            assertThat(block).as("%s: allocate is idempotent", at).isEqualTo(held);
            continue;
          }
          assertThat(shape.available(block) && !model.containsKey(block))
              .as("%s: block %s is free and available", at, block)
              .isTrue();
          switch (kind) {
            case LOWEST_FREE ->
                assertThat(block).as(at).isEqualTo(firstFree(model, shape, BigInteger.ZERO));
            case SEQUENTIAL -> {
              BigInteger expected = firstFree(model, shape, cursor);
              if (expected == null) {
                expected = firstFree(model, shape, BigInteger.ZERO);
              }
              assertThat(block).as(at).isEqualTo(expected);
              cursor = block.equals(shape.lastBlock) ? BigInteger.ZERO : block.add(BigInteger.ONE);
            }
            case DETERMINISTIC -> {
              BigInteger home = fresh.get(host);
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
          BigInteger held = modelByHost.remove(host);
          Optional<Allocation> released = allocator.release(host);
          if (held == null) {
            assertThat(released).as(at).isEmpty();
          } else {
            model.remove(held);
            assertThat(released.map(Allocation::blockNumber)).as(at).contains(held);
          }
        } else if (op < 70) {
          BigInteger block = shape.someBlock(random);
          BigInteger held = modelByHost.get(host);
          HostKey holder = model.get(block);
          Allocator a = allocator;
          boolean viaLong = block.bitLength() < 64 && random.nextBoolean();
          ThrowingCallable call =
              viaLong
                  ? () -> a.allocateBlock(host, block.longValue())
                  : () -> a.allocateBlock(host, block);
          if (block.signum() < 0
              || block.compareTo(shape.lastBlock) > 0
              || !shape.available(block)) {
            assertThatThrownBy(call).as(at).isInstanceOf(UnavailableAddressException.class);
          } else if (held != null && held.equals(block)) {
            assertThat(a.allocateBlock(host, block).blockNumber()).as(at).isEqualTo(block);
          } else if (held != null || holder != null) {
            assertThatThrownBy(call).as(at).isInstanceOf(AllocationConflictException.class);
          } else {
            Allocation made =
                viaLong ? a.allocateBlock(host, block.longValue()) : a.allocateBlock(host, block);
            assertThat(made.host()).as(at).isEqualTo(host);
            assertThat(made.blockNumber()).as(at).isEqualTo(block);
            model.put(block, host);
            modelByHost.put(host, block);
          }
        } else if (op < 80) {
          assertThat(allocator.lookup(host).map(Allocation::blockNumber))
              .as(at)
              .isEqualTo(Optional.ofNullable(modelByHost.get(host)));
        } else if (op < 95) {
          checkAddress(
              allocator,
              model,
              shape,
              shape.someBlock(random),
              random.nextInt(shape.blockSize),
              at);
        } else {
          assertSameState(allocator, model, shape, at);
        }
      }
      assertSameState(allocator, model, shape, "the end");
    } finally {
      allocator.close();
    }
  }

  /** The first free available block at or after {@code from}, or null. */
  private static @Nullable BigInteger firstFree(
      TreeMap<BigInteger, HostKey> model, Shape shape, BigInteger from) {
    for (BigInteger[] interval : shape.available) {
      for (BigInteger b = interval[0].max(from);
          b.compareTo(interval[1]) <= 0;
          b = b.add(BigInteger.ONE)) {
        if (!model.containsKey(b)) {
          return b;
        }
      }
    }
    return null;
  }

  /** What the model says of the address at {@code inBlock} in {@code block}, past the pool too. */
  private static void checkAddress(
      Allocator allocator,
      TreeMap<BigInteger, HostKey> model,
      Shape shape,
      BigInteger block,
      int inBlock,
      String at) {
    Ipv6Address address =
        block.signum() < 0
            ? shape.prefix.first().subtract(shape.blockSize - inBlock)
            : shape.blockStart(block).add(inBlock);
    AddressLookup lookup = allocator.lookup(address);
    AddressLookup.Status expected;
    @Nullable String slot = null;
    HostKey holder = model.get(block);
    // The first usable address: offset 1 in block 0 of blocks with more than one address.
    int permanent = block.signum() == 0 && shape.blockSize > 1 ? 1 : 0;
    if (block.signum() < 0 || block.compareTo(shape.lastBlock) > 0) {
      expected = AddressLookup.Status.OUTSIDE_POOL;
    } else if (!shape.available(block)) {
      expected = AddressLookup.Status.RESERVED;
    } else if (holder == null) {
      expected = AddressLookup.Status.FREE;
    } else if (inBlock == permanent) {
      expected = AddressLookup.Status.PERMANENT;
    } else if (inBlock < 2) {
      expected = AddressLookup.Status.UNUSED_IN_BLOCK;
    } else {
      expected = AddressLookup.Status.SLOT;
      slot = SLOTS.get(inBlock - 2);
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
      Allocator allocator, TreeMap<BigInteger, HostKey> model, Shape shape, String at) {
    List<Allocation> listed = allocator.allocations(BigInteger.ZERO, 1_000);
    TreeMap<BigInteger, HostKey> actual = new TreeMap<>();
    for (Allocation a : listed) {
      actual.put(a.blockNumber(), a.host());
    }
    assertThat(listed).extracting(Allocation::blockNumber).isSorted();
    assertThat(actual).as("%s: allocations in address order", at).isEqualTo(model);
    AllocationStatistics stats = allocator.statistics();
    assertThat(stats.allocatedBlocks()).as(at).isEqualTo(model.size());
    assertThat(stats.freeBlocks())
        .as(at)
        .isEqualTo(BigInteger.valueOf(shape.availableCount() - model.size()));
    assertThat(stats.totalBlocks()).as(at).isEqualTo(shape.lastBlock.add(BigInteger.ONE));
  }
}
