package io.github.netboot6.benchmarks;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.core.Ipv6Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Checks that a {@link BlockAllocator} answers as a plain model does, so that no ratio of {@link
 * AllocatorBaselineBenchmark} sets a fast wrong answer against a right one. Every check throws
 * {@link IllegalStateException} naming the first difference.
 */
final class AllocatorSelfCheck {
  private static final int MODEL_BLOCKS = 256;
  private static final int MODEL_HOSTS = 200;

  private AllocatorSelfCheck() {}

  /**
   * Runs random allocations, releases and look-ups on an empty allocator and on a model (a bit set
   * of the low blocks and two arrays), comparing every answer.
   *
   * @param allocator an empty allocator of {@code pool}'s blocks
   * @param pool the pool, a /64 with the default layout
   * @param seed the seed of the operations
   * @param operations how many operations to run
   */
  static void checkRandomOperations(
      BlockAllocator allocator, AddressPool pool, long seed, int operations) {
    HostKey[] keys = new HostKey[MODEL_HOSTS];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = HostKey.ofName("model-" + i);
    }
    // Every address of the low blocks, then one outside the pool.
    Ipv6Address[] probes = new Ipv6Address[MODEL_BLOCKS * 8 + 1];
    for (int i = 0; i < MODEL_BLOCKS * 8; i++) {
      probes[i] = pool.addressAt(i);
    }
    probes[MODEL_BLOCKS * 8] = Ipv6Address.of(pool.base().high() + 1, 1);
    allocator.prepareLookups(probes);

    BitSet used = new BitSet();
    HostKey[] holders = new HostKey[MODEL_BLOCKS];
    long[] blockOf = new long[MODEL_HOSTS];
    Arrays.fill(blockOf, -1);
    SplittableRandom random = new SplittableRandom(seed);
    for (int op = 0; op < operations; op++) {
      int k = random.nextInt(MODEL_HOSTS);
      int kind = random.nextInt(100);
      String what = "operation " + op + " on host " + k;
      if (kind < 35) {
        long expected = blockOf[k] >= 0 ? blockOf[k] : used.nextClearBit(0);
        expect(what + ": allocate", expected, allocator.allocate(keys[k]));
        blockOf[k] = expected;
        used.set((int) expected);
        holders[(int) expected] = keys[k];
      } else if (kind < 60) {
        expect(what + ": release", blockOf[k], allocator.release(keys[k]));
        if (blockOf[k] >= 0) {
          used.clear((int) blockOf[k]);
          holders[(int) blockOf[k]] = null;
          blockOf[k] = -1;
        }
      } else if (kind < 70) {
        int block = random.nextInt(MODEL_BLOCKS);
        if (blockOf[k] < 0 && !used.get(block)) {
          allocator.allocateBlock(keys[k], block);
          blockOf[k] = block;
          used.set(block);
          holders[block] = keys[k];
        }
      } else if (kind < 90) {
        int probe = random.nextInt(probes.length);
        HostKey expected = probe < MODEL_BLOCKS * 8 ? holders[probe / 8] : null;
        expect(what + ": holder of " + probes[probe], expected, allocator.holderOf(probe));
      } else {
        expect(what + ": block of host", blockOf[k], allocator.blockOf(keys[k]));
      }
    }
  }

  /**
   * Checks a filled allocator: the holders and blocks of a sample of hosts, free blocks, and
   * allocate-next and release, which it undoes. It prepares its own look-ups: prepare the
   * benchmark's afterwards.
   *
   * @param allocator the allocator, holding exactly {@code blocks[i]} for each {@code keys[i]}
   * @param pool the pool
   * @param keys the hosts
   * @param blocks the host's blocks, distinct
   * @param seed the seed of the sample
   */
  static void checkFilled(
      BlockAllocator allocator, AddressPool pool, HostKey[] keys, long[] blocks, long seed) {
    long[] sorted = blocks.clone();
    Arrays.sort(sorted);
    SplittableRandom random = new SplittableRandom(seed);
    List<Ipv6Address> probes = new ArrayList<>();
    List<@Nullable HostKey> holders = new ArrayList<>();
    for (int n = 0; n < 1000; n++) {
      int i = random.nextInt(keys.length);
      expect("block of " + keys[i], blocks[i], allocator.blockOf(keys[i]));
      probes.add(pool.addressAt(pool.layout().permanentAddressOffset(blocks[i])));
      holders.add(keys[i]);
      probes.add(pool.addressAt(pool.layout().blockStartOffset(blocks[i]) + 5));
      holders.add(keys[i]);
      for (long free :
          new long[] {blocks[i] - 1, blocks[i] + 1, random.nextLong(pool.lastBlockIndex() + 1)}) {
        if (free >= 0 && free <= pool.lastBlockIndex() && Arrays.binarySearch(sorted, free) < 0) {
          probes.add(pool.addressAt(pool.layout().blockStartOffset(free) + 3));
          holders.add(null);
        }
      }
    }
    long lowest = lowestFreeFrom(sorted, 0);
    probes.add(pool.addressAt(pool.layout().permanentAddressOffset(lowest)));
    holders.add(null);
    probes.add(Ipv6Address.of(pool.base().high() - 1, -1));
    holders.add(null);
    allocator.prepareLookups(probes.toArray(new Ipv6Address[0]));
    for (int i = 0; i < probes.size(); i++) {
      expect("holder of " + probes.get(i), holders.get(i), allocator.holderOf(i));
    }

    HostKey a = HostKey.ofName("check-a");
    HostKey b = HostKey.ofName("check-b");
    long second = lowestFreeFrom(sorted, lowest + 1);
    expect("allocate-next", lowest, allocator.allocate(a));
    expect("allocate again, same host", lowest, allocator.allocate(a));
    expect("allocate-next after it", second, allocator.allocate(b));
    expect("release", lowest, allocator.release(a));
    expect("release again", -1, allocator.release(a));
    expect("block of a released host", -1, allocator.blockOf(a));
    expect("allocate-next after a release", lowest, allocator.allocate(a));
    expect("release", lowest, allocator.release(a));
    expect("release", second, allocator.release(b));
    int j = random.nextInt(keys.length);
    expect("release of a filled host", blocks[j], allocator.release(keys[j]));
    expect("allocate-next into its block", Math.min(lowest, blocks[j]), allocator.allocate(a));
    allocator.release(a);
    allocator.allocateBlock(keys[j], blocks[j]);
    expect("block of a refilled host", blocks[j], allocator.blockOf(keys[j]));
  }

  /** Returns the lowest block at or after {@code from} that is not in {@code sorted}. */
  static long lowestFreeFrom(long[] sorted, long from) {
    int i = Arrays.binarySearch(sorted, from);
    if (i < 0) {
      return from;
    }
    while (i + 1 < sorted.length && sorted[i + 1] == sorted[i] + 1) {
      i++;
    }
    return sorted[i] + 1;
  }

  private static void expect(String what, long expected, long actual) {
    if (expected != actual) {
      throw new IllegalStateException(what + ": " + actual + " (expected: " + expected + ")");
    }
  }

  private static void expect(String what, @Nullable HostKey expected, @Nullable HostKey actual) {
    if (!Objects.equals(expected, actual)) {
      throw new IllegalStateException(what + ": " + actual + " (expected: " + expected + ")");
    }
  }
}
