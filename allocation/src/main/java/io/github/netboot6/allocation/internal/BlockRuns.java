package io.github.netboot6.allocation.internal;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.Arrays;

/**
 * A set of indexes {@code 0..limit} (the allocated blocks of a pool, or the used offsets of an
 * install range) kept as sorted runs of consecutive indexes, so that its memory follows the number
 * of runs, not of indexes, nor the size of the index space (2<sup>61</sup> blocks for a /64 of /125
 * blocks). "First clear index at or after {@code i}" is the end of the run holding {@code i} plus
 * one (runs are maximal: two runs never touch), and "first set index at or after {@code i}" is
 * {@code i} or the start of the next run; both take one search, whatever the number of indexes.
 *
 * <p>The runs are kept in chunks of at most {@value #CHUNK} runs, each a {@code long} array of
 * start and end pairs, in order; a top-level array holds the first start of each chunk. A search is
 * a binary search of the top-level array, then one of a chunk; a change moves at most one chunk's
 * entries and, when a chunk fills up, splits it in two (or, when it is the last chunk and the new
 * run goes at its end, starts a new one, so that appending in order fills chunks). A chunk that
 * falls below a quarter full takes entries from a neighbour or merges with it, so every chunk but
 * the last is at least a quarter full: at most 64 bytes a run (and the last chunk), about 23 for
 * runs made in random order (chunks 69 % full on average), and a pool filled from its start is a
 * single run.
 *
 * <p>Not thread-safe: its owner guards it with its lock.
 */
public final class BlockRuns {
  /** Runs per chunk, at most. */
  static final int CHUNK = 128;

  private static final long[] NO_CHUNK = new long[0];
  private static final int MIN_FILL = CHUNK / 4;
  private static final int MERGE_AT_MOST = CHUNK * 3 / 4;

  private final long limit;
  // Chunk c holds counts[c] runs: chunks[c][2k] is the start of run k, chunks[c][2k + 1] its end
  // (inclusive). firsts[c] == chunks[c][0]. Chunks are in order and never empty.
  private long[][] chunks = new long[4][];
  private int[] counts = new int[4];
  private long[] firsts = new long[4];
  private int chunkCount;
  private long cardinality;

  /**
   * Creates an empty set.
   *
   * @param limit the largest index, non-negative
   */
  public BlockRuns(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
    }
    this.limit = limit;
  }

  /**
   * Returns the number of indexes in the set.
   *
   * @return the count
   */
  public long cardinality() {
    return cardinality;
  }

  /**
   * Tells whether index {@code i} is in the set.
   *
   * @param i the index, {@code 0..limit}
   * @return true if set
   */
  public boolean get(long i) {
    int c = chunkFor(i);
    if (c < 0) {
      return false;
    }
    long[] chunk = chunks[c];
    return chunk[2 * runFor(chunk, counts[c], i) + 1] >= i;
  }

  /**
   * Adds index {@code i}.
   *
   * @param i the index, {@code 0..limit}
   * @return true if it was clear
   */
  @CanIgnoreReturnValue
  public boolean set(long i) {
    checkIndex(i);
    int c = chunkFor(i);
    if (c < 0) {
      // Before every run.
      if (chunkCount == 0) {
        insertChunk(0, new long[2 * CHUNK], 0);
        chunks[0][0] = i;
        chunks[0][1] = i;
        counts[0] = 1;
        firsts[0] = i;
      } else if (firsts[0] == i + 1) {
        chunks[0][0] = i;
        firsts[0] = i;
      } else {
        insertRun(0, 0, i, i);
      }
      cardinality++;
      return true;
    }
    long[] chunk = chunks[c];
    int r = runFor(chunk, counts[c], i);
    long end = chunk[2 * r + 1];
    if (end >= i) {
      return false;
    }
    // The next run: the next one in this chunk, or the first of the next chunk.
    int nextChunk = r + 1 < counts[c] ? c : c + 1;
    int nextRun = nextChunk == c ? r + 1 : 0;
    boolean joinsNext =
        nextChunk < chunkCount && i != Long.MAX_VALUE && chunks[nextChunk][2 * nextRun] == i + 1;
    if (end + 1 == i) {
      if (joinsNext) {
        chunk[2 * r + 1] = chunks[nextChunk][2 * nextRun + 1];
        removeRun(nextChunk, nextRun);
      } else {
        chunk[2 * r + 1] = i;
      }
    } else if (joinsNext) {
      chunks[nextChunk][2 * nextRun] = i;
      if (nextRun == 0) {
        firsts[nextChunk] = i;
      }
    } else {
      insertRun(c, r + 1, i, i);
    }
    cardinality++;
    return true;
  }

  /**
   * Removes index {@code i}.
   *
   * @param i the index, {@code 0..limit}
   * @return true if it was set
   */
  @CanIgnoreReturnValue
  public boolean clear(long i) {
    int c = chunkFor(i);
    if (c < 0) {
      return false;
    }
    long[] chunk = chunks[c];
    int r = runFor(chunk, counts[c], i);
    long start = chunk[2 * r];
    long end = chunk[2 * r + 1];
    if (end < i) {
      return false;
    }
    if (start == end) {
      removeRun(c, r);
    } else if (i == start) {
      chunk[2 * r] = i + 1;
      if (r == 0) {
        firsts[c] = i + 1;
      }
    } else if (i == end) {
      chunk[2 * r + 1] = i - 1;
    } else {
      chunk[2 * r + 1] = i - 1;
      insertRun(c, r + 1, i + 1, end);
    }
    cardinality--;
    return true;
  }

  /**
   * Returns the first index at or after {@code from} that is not in the set.
   *
   * @param from the index to start at, {@code 0..limit} (past {@code limit}: -1)
   * @return the index, or -1 if every index from {@code from} to {@code limit} is set
   */
  public long nextClear(long from) {
    if (from > limit) {
      return -1;
    }
    int c = chunkFor(from);
    if (c < 0) {
      return from;
    }
    long[] chunk = chunks[c];
    long end = chunk[2 * runFor(chunk, counts[c], from) + 1];
    if (end < from) {
      return from;
    }
    return end >= limit ? -1 : end + 1;
  }

  /**
   * Returns the first index at or after {@code from} that is in the set.
   *
   * @param from the index to start at, {@code 0..limit} (past {@code limit}: -1)
   * @return the index, or -1 if no index from {@code from} to {@code limit} is set
   */
  public long nextSet(long from) {
    if (from > limit) {
      return -1;
    }
    int c = chunkFor(from);
    if (c < 0) {
      return chunkCount == 0 ? -1 : firsts[0];
    }
    long[] chunk = chunks[c];
    int r = runFor(chunk, counts[c], from);
    if (chunk[2 * r + 1] >= from) {
      return from;
    }
    if (r + 1 < counts[c]) {
      return chunk[2 * r + 2];
    }
    return c + 1 < chunkCount ? firsts[c + 1] : -1;
  }

  /**
   * Estimates the heap this set retains.
   *
   * @return bytes
   */
  public long retainedBytesEstimate() {
    // This object, the top-level arrays (longs, ints, compressed references), the chunks.
    long bytes = 48 + (16 + 8L * firsts.length) + 2 * (16 + 4L * firsts.length);
    return bytes + chunkCount * (16 + 16L * CHUNK);
  }

  /** Returns the number of runs (for tests). */
  long runCount() {
    long runs = 0;
    for (int c = 0; c < chunkCount; c++) {
      runs += counts[c];
    }
    return runs;
  }

  /** Returns the number of chunks (for tests). */
  int chunkCount() {
    return chunkCount;
  }

  /**
   * Checks the structure (for tests): chunks in order and at least a quarter full but the last,
   * runs in order, maximal and within {@code 0..limit}, and the cardinality their sum.
   *
   * @throws IllegalStateException naming the first broken rule
   */
  void checkInvariants() {
    long sum = 0;
    long previousEnd = Long.MIN_VALUE;
    for (int c = 0; c < chunkCount; c++) {
      int n = counts[c];
      if (n < 1 || n > CHUNK || (c < chunkCount - 1 && n < MIN_FILL)) {
        throw new IllegalStateException("chunk " + c + " holds " + n + " runs");
      }
      if (firsts[c] != chunks[c][0]) {
        throw new IllegalStateException("chunk " + c + ": first " + firsts[c]);
      }
      for (int r = 0; r < n; r++) {
        long start = chunks[c][2 * r];
        long end = chunks[c][2 * r + 1];
        if (start > end || start < 0 || end > limit) {
          throw new IllegalStateException("run [" + start + ", " + end + "]");
        }
        if (previousEnd != Long.MIN_VALUE && start <= previousEnd + 1) {
          throw new IllegalStateException("run at " + start + " touches the one before");
        }
        previousEnd = end;
        sum += end - start + 1;
      }
    }
    if (sum != cardinality) {
      throw new IllegalStateException("cardinality " + cardinality + ", runs hold " + sum);
    }
  }

  private void checkIndex(long i) {
    if (i < 0 || i > limit) {
      throw new IndexOutOfBoundsException("index " + i + " (expected: 0.." + limit + ")");
    }
  }

  /** The last chunk whose first start is at most {@code x}, or -1. */
  private int chunkFor(long x) {
    long[] f = firsts;
    int low = 0;
    int high = chunkCount - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (f[mid] <= x) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return high;
  }

  /** The last run of the chunk whose start is at most {@code x}; the chunk's first is. */
  private static int runFor(long[] chunk, int count, long x) {
    int low = 1;
    int high = count - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (chunk[2 * mid] <= x) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return high;
  }

  /** Inserts run {@code [start, end]} at position {@code r} of chunk {@code c}. */
  private void insertRun(int c, int r, long start, long end) {
    if (counts[c] == CHUNK) {
      if (c == chunkCount - 1 && r == CHUNK) {
        // Appending past the last run: a new chunk, so that runs made in order fill chunks.
        long[] fresh = new long[2 * CHUNK];
        fresh[0] = start;
        fresh[1] = end;
        insertChunk(c + 1, fresh, 1);
        return;
      }
      split(c);
      if (r > counts[c]) {
        r -= counts[c];
        c++;
      }
    }
    long[] chunk = chunks[c];
    int n = counts[c];
    System.arraycopy(chunk, 2 * r, chunk, 2 * r + 2, 2 * (n - r));
    chunk[2 * r] = start;
    chunk[2 * r + 1] = end;
    counts[c] = n + 1;
    if (r == 0) {
      firsts[c] = start;
    }
  }

  /** Moves the upper half of full chunk {@code c} to a new chunk after it. */
  private void split(int c) {
    long[] chunk = chunks[c];
    int keep = CHUNK / 2;
    long[] upper = new long[2 * CHUNK];
    System.arraycopy(chunk, 2 * keep, upper, 0, 2 * (CHUNK - keep));
    counts[c] = keep;
    insertChunk(c + 1, upper, CHUNK - keep);
  }

  private void insertChunk(int c, long[] chunk, int count) {
    if (chunkCount == chunks.length) {
      int capacity = chunks.length * 2;
      chunks = Arrays.copyOf(chunks, capacity);
      counts = Arrays.copyOf(counts, capacity);
      firsts = Arrays.copyOf(firsts, capacity);
    }
    int after = chunkCount - c;
    System.arraycopy(chunks, c, chunks, c + 1, after);
    System.arraycopy(counts, c, counts, c + 1, after);
    System.arraycopy(firsts, c, firsts, c + 1, after);
    chunks[c] = chunk;
    counts[c] = count;
    firsts[c] = chunk[0];
    chunkCount++;
  }

  private void removeChunk(int c) {
    int after = chunkCount - c - 1;
    System.arraycopy(chunks, c + 1, chunks, c, after);
    System.arraycopy(counts, c + 1, counts, c, after);
    System.arraycopy(firsts, c + 1, firsts, c, after);
    chunkCount--;
    chunks[chunkCount] = NO_CHUNK; // for the garbage collector
  }

  /** Removes run {@code r} of chunk {@code c}, then keeps the chunk at least a quarter full. */
  private void removeRun(int c, int r) {
    long[] chunk = chunks[c];
    int n = counts[c] - 1;
    System.arraycopy(chunk, 2 * r + 2, chunk, 2 * r, 2 * (n - r));
    counts[c] = n;
    if (n == 0) {
      removeChunk(c);
      return;
    }
    firsts[c] = chunk[0];
    if (n < MIN_FILL && chunkCount > 1) {
      rebalance(c);
    }
  }

  /** Chunk {@code c} fell below a quarter full: merge it with a neighbour, or take runs from it. */
  private void rebalance(int c) {
    int left = c + 1 < chunkCount ? c : c - 1;
    int right = left + 1;
    long[] l = chunks[left];
    long[] r = chunks[right];
    int nl = counts[left];
    int nr = counts[right];
    int total = nl + nr;
    if (total <= MERGE_AT_MOST) {
      System.arraycopy(r, 0, l, 2 * nl, 2 * nr);
      counts[left] = total;
      removeChunk(right);
      return;
    }
    int wantLeft = total / 2;
    if (nl < wantLeft) {
      int move = wantLeft - nl;
      System.arraycopy(r, 0, l, 2 * nl, 2 * move);
      System.arraycopy(r, 2 * move, r, 0, 2 * (nr - move));
    } else {
      int move = nl - wantLeft;
      System.arraycopy(r, 0, r, 2 * move, 2 * nr);
      System.arraycopy(l, 2 * wantLeft, r, 0, 2 * move);
    }
    counts[left] = wantLeft;
    counts[right] = total - wantLeft;
    firsts[right] = r[0];
  }
}
