package io.github.netboot6.allocation.internal;

import com.google.errorprone.annotations.CanIgnoreReturnValue;

/**
 * A sparse hierarchical bitmap over block indexes {@code 0..limit}: one bit per block (set =
 * allocated), grouped in 64-bit words, with summary levels above that answer "first clear bit at or
 * after {@code i}" and "first set bit at or after {@code i}" in a handful of word operations,
 * without scanning.
 *
 * <p>Level 0 holds the leaf words: word {@code w} holds the bits of blocks {@code 64w..64w+63}.
 * Each level {@code L >= 1} holds nodes of two words: node {@code n} summarises the 64 children
 * {@code 64n..64n+63} of level {@code L-1}: bit {@code c} of its <em>full</em> word says child
 * {@code c} has every bit set; bit {@code c} of its <em>non-empty</em> word says child {@code c}
 * has any bit set. A word or node that is all zero is not stored at all, so memory follows the
 * allocations, not the size of the index space (2<sup>61</sup> blocks for a /64 of /125 blocks):
 * every level is an open-addressing hash map from node number to its words. With {@code T} levels
 * ({@code 6T >= bits of limit}), every operation touches at most {@code T} entries (11 for a /64).
 *
 * <p>Not thread-safe: the allocator guards it with its lock.
 */
public final class SparseBitmap {
  private static final int FULL = 0;
  private static final int NON_EMPTY = 1;

  private final long limit;
  private final int levels;
  private final LongWordMap leaves = new LongWordMap(1);
  private final LongWordMap[] nodes;
  private long cardinality;

  /**
   * Creates an empty bitmap.
   *
   * @param limit the largest index, non-negative
   */
  public SparseBitmap(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
    }
    this.limit = limit;
    int bits = Math.max(1, 64 - Long.numberOfLeadingZeros(limit));
    this.levels = (bits + 5) / 6;
    this.nodes = new LongWordMap[levels];
    for (int level = 1; level < levels; level++) {
      nodes[level] = new LongWordMap(2);
    }
  }

  /**
   * Returns the number of set bits.
   *
   * @return the count
   */
  public long cardinality() {
    return cardinality;
  }

  /**
   * Tells whether bit {@code i} is set.
   *
   * @param i the index, {@code 0..limit}
   * @return true if set
   */
  public boolean get(long i) {
    return (leaves.get(i >>> 6, 0) & (1L << i)) != 0;
  }

  /**
   * Sets bit {@code i}.
   *
   * @param i the index, {@code 0..limit}
   * @return true if it was clear
   */
  @CanIgnoreReturnValue
  public boolean set(long i) {
    int slot = leaves.findOrInsert(i >>> 6);
    long before = leaves.word(slot, 0);
    long after = before | (1L << i);
    if (after == before) {
      return false;
    }
    leaves.setWord(slot, 0, after);
    cardinality++;
    boolean markNonEmpty = before == 0;
    boolean markFull = after == -1L;
    long child = i >>> 6;
    for (int level = 1; level < levels && (markNonEmpty || markFull); level++) {
      LongWordMap map = nodes[level];
      int s = map.findOrInsert(child >>> 6);
      long bit = 1L << child;
      if (markNonEmpty) {
        long ne = map.word(s, NON_EMPTY);
        map.setWord(s, NON_EMPTY, ne | bit);
        markNonEmpty = ne == 0;
      }
      if (markFull) {
        long full = map.word(s, FULL) | bit;
        map.setWord(s, FULL, full);
        markFull = full == -1L;
      }
      child >>>= 6;
    }
    return true;
  }

  /**
   * Clears bit {@code i}.
   *
   * @param i the index, {@code 0..limit}
   * @return true if it was set
   */
  @CanIgnoreReturnValue
  public boolean clear(long i) {
    int slot = leaves.find(i >>> 6);
    if (slot < 0) {
      return false;
    }
    long before = leaves.word(slot, 0);
    long after = before & ~(1L << i);
    if (after == before) {
      return false;
    }
    if (after == 0) {
      leaves.removeSlot(slot);
    } else {
      leaves.setWord(slot, 0, after);
    }
    cardinality--;
    boolean unmarkNonEmpty = after == 0;
    boolean unmarkFull = before == -1L;
    long child = i >>> 6;
    for (int level = 1; level < levels && (unmarkNonEmpty || unmarkFull); level++) {
      LongWordMap map = nodes[level];
      int s = map.find(child >>> 6);
      long bit = 1L << child;
      if (unmarkFull) {
        long full = map.word(s, FULL);
        map.setWord(s, FULL, full & ~bit);
        unmarkFull = full == -1L;
      }
      if (unmarkNonEmpty) {
        long ne = map.word(s, NON_EMPTY) & ~bit;
        map.setWord(s, NON_EMPTY, ne);
        unmarkNonEmpty = ne == 0;
        if (ne == 0) {
          map.removeSlot(s);
        }
      }
      child >>>= 6;
    }
    return true;
  }

  /**
   * Returns the first clear bit at or after {@code from}.
   *
   * @param from the index to start at, {@code 0..limit}
   * @return the index, or -1 if every bit from {@code from} to {@code limit} is set
   */
  public long nextClear(long from) {
    return next(from, true);
  }

  /**
   * Returns the first set bit at or after {@code from}.
   *
   * @param from the index to start at, {@code 0..limit}
   * @return the index, or -1 if no bit from {@code from} to {@code limit} is set
   */
  public long nextSet(long from) {
    return next(from, false);
  }

  private long next(long from, boolean clear) {
    long leaf = leaves.get(from >>> 6, 0);
    long candidates = (clear ? ~leaf : leaf) & (-1L << from);
    if (candidates != 0) {
      return within((from & ~63L) | Long.numberOfTrailingZeros(candidates));
    }
    long child = from >>> 6;
    for (int level = 1; level < levels; level++) {
      long node = child >>> 6;
      int bit = (int) (child & 63);
      long summary = clear ? ~nodes[level].get(node, FULL) : nodes[level].get(node, NON_EMPTY);
      long after = bit == 63 ? 0 : summary & (-1L << (bit + 1));
      if (after != 0) {
        long next = (node << 6) | Long.numberOfTrailingZeros(after);
        if (next > (limit >>> (6 * level))) {
          return -1;
        }
        return within(descend(level - 1, next, clear));
      }
      child = node;
    }
    return -1;
  }

  /** From node {@code index} at {@code level}, which has a candidate, down to the first bit. */
  private long descend(int level, long index, boolean clear) {
    for (int l = level; l >= 1; l--) {
      int s = nodes[l].find(index);
      if (s < 0) {
        // An absent node is all clear: its first bit is the answer.
        return index << (6 * (l + 1));
      }
      long summary = clear ? ~nodes[l].word(s, FULL) : nodes[l].word(s, NON_EMPTY);
      index = (index << 6) | Long.numberOfTrailingZeros(summary);
    }
    long leaf = leaves.get(index, 0);
    return (index << 6) | Long.numberOfTrailingZeros(clear ? ~leaf : leaf);
  }

  private long within(long i) {
    return i >= 0 && i <= limit ? i : -1;
  }

  /**
   * Estimates the heap this bitmap retains.
   *
   * @return bytes
   */
  public long retainedBytesEstimate() {
    long bytes = leaves.retainedBytesEstimate();
    for (int level = 1; level < levels; level++) {
      bytes += nodes[level].retainedBytesEstimate();
    }
    return bytes;
  }
}
