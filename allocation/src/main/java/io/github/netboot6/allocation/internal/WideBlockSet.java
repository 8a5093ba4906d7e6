package io.github.netboot6.allocation.internal;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A set of block numbers of 2<sup>63</sup> and more, the blocks of a wide pool that the {@code
 * long}-keyed {@link BlockRuns} cannot index, kept as sorted runs of consecutive blocks: "first
 * clear at or after" and "first set at or after" take one look-up in a sorted map, whatever the
 * number of blocks. Only wide pools use it, so the memory of the other pools stays where it was;
 * each run costs a tree entry and its two numbers (about 150 bytes), which a wide pool's blocks
 * drawn at random pay once each.
 *
 * <p>Not thread-safe: its owner guards it with its lock.
 */
public final class WideBlockSet {
  // start -> end, inclusive; disjoint and not adjacent.
  private final TreeMap<BigInteger, BigInteger> runs = new TreeMap<>();
  private long size;

  /** Creates an empty set. */
  public WideBlockSet() {}

  /**
   * Returns the number of blocks in the set.
   *
   * @return the count
   */
  public long size() {
    return size;
  }

  /**
   * Tells whether a block is in the set.
   *
   * @param block the block number
   * @return true if present
   */
  public boolean contains(BigInteger block) {
    Map.Entry<BigInteger, BigInteger> run = runs.floorEntry(block);
    return run != null && run.getValue().compareTo(block) >= 0;
  }

  /**
   * Adds a block.
   *
   * @param block the block number
   * @return true if it was absent
   */
  @CanIgnoreReturnValue
  public boolean add(BigInteger block) {
    if (contains(block)) {
      return false;
    }
    BigInteger start = block;
    BigInteger end = block;
    Map.Entry<BigInteger, BigInteger> before = runs.lowerEntry(block);
    if (before != null && before.getValue().add(BigInteger.ONE).equals(block)) {
      start = before.getKey();
    }
    BigInteger after = block.add(BigInteger.ONE);
    BigInteger afterEnd = runs.remove(after);
    if (afterEnd != null) {
      end = afterEnd;
    }
    runs.put(start, end);
    size++;
    return true;
  }

  /**
   * Removes a block.
   *
   * @param block the block number
   * @return true if it was present
   */
  @CanIgnoreReturnValue
  public boolean remove(BigInteger block) {
    Map.Entry<BigInteger, BigInteger> run = runs.floorEntry(block);
    if (run == null || run.getValue().compareTo(block) < 0) {
      return false;
    }
    runs.remove(run.getKey());
    if (run.getKey().compareTo(block) < 0) {
      runs.put(run.getKey(), block.subtract(BigInteger.ONE));
    }
    if (run.getValue().compareTo(block) > 0) {
      runs.put(block.add(BigInteger.ONE), run.getValue());
    }
    size--;
    return true;
  }

  /**
   * Returns the first block at or after {@code from} that is not in the set.
   *
   * @param from the block number to start at
   * @return the block number (unbounded: the caller checks it against its pool)
   */
  public BigInteger nextClear(BigInteger from) {
    Map.Entry<BigInteger, BigInteger> run = runs.floorEntry(from);
    return run != null && run.getValue().compareTo(from) >= 0
        ? run.getValue().add(BigInteger.ONE)
        : from;
  }

  /**
   * Returns the first block at or after {@code from} that is in the set.
   *
   * @param from the block number to start at
   * @return the block number, or null if none
   */
  public @Nullable BigInteger nextSet(BigInteger from) {
    Map.Entry<BigInteger, BigInteger> run = runs.floorEntry(from);
    if (run != null && run.getValue().compareTo(from) >= 0) {
      return from;
    }
    return runs.higherKey(from);
  }
}
