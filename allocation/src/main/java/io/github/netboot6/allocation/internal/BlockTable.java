package io.github.netboot6.allocation.internal;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The allocated blocks and their hosts, both ways (block to host, host to block), in three flat
 * arrays and no object per entry:
 *
 * <ul>
 *   <li>an open-addressing table of block indexes, with the host of each in a parallel array;
 *       removal leaves a tombstone, so an entry never moves and its position is stable until the
 *       table is rebuilt;
 *   <li>an open-addressing index of hosts whose slots hold the host's mixed hash and its position
 *       in the block table, so that probing compares hashes without touching the host key objects
 *       (scattered over the heap); removal there shifts entries back (no tombstones).
 * </ul>
 *
 * <p>20 bytes per slot; the tables are rebuilt at a load of 0.75 (tombstones counted) to a load of
 * 0.65, so an allocated block costs 27 to 31 bytes (not counting the host keys, which the caller
 * holds anyway). Linear probing over tables of any size (multiply-shift maps a hash onto them).
 *
 * <p>Not thread-safe: the allocator guards it with its lock.
 *
 * @param <K> the host key type; its {@code hashCode} is mixed, so a weak one is fine
 */
public final class BlockTable<K> {
  private static final long EMPTY = -1L;
  private static final long TOMBSTONE = -2L;
  private static final int MIN_CAPACITY = 16;
  private static final double MAX_LOAD = 0.75;
  private static final double LOAD_AFTER_REBUILD = 0.65;

  private long[] blocks;
  private @Nullable Object[] keys;
  // (mixed hash << 32) | (position in blocks + 1); 0 is an empty slot.
  private long[] byKey;
  private int capacity;
  private int size;
  private int tombstones;
  private int rebuildAt;

  /** Creates an empty table. */
  public BlockTable() {
    blocks = new long[0];
    keys = new Object[0];
    byKey = new long[0];
    allocate(MIN_CAPACITY);
  }

  private void allocate(int newCapacity) {
    capacity = newCapacity;
    blocks = new long[newCapacity];
    Arrays.fill(blocks, EMPTY);
    keys = new Object[newCapacity];
    byKey = new long[newCapacity];
    rebuildAt = (int) (newCapacity * MAX_LOAD);
    tombstones = 0;
  }

  /**
   * Returns the number of entries.
   *
   * @return the number of allocated blocks
   */
  public int size() {
    return size;
  }

  /**
   * Returns the host of a block.
   *
   * @param block the block index, 0 or more
   * @return the host, or null if the block is not in the table
   */
  @SuppressWarnings("unchecked")
  public @Nullable K hostOf(long block) {
    int i = findBlock(block);
    return i < 0 ? null : (K) keys[i];
  }

  /**
   * Returns the block of a host.
   *
   * @param key the host
   * @return the block index, or -1 if the host is not in the table
   */
  public long blockOf(K key) {
    int slot = findKey(key);
    return slot < 0 ? -1 : blocks[position(byKey[slot])];
  }

  /**
   * Adds an entry; neither the block nor the host may be in the table.
   *
   * @param block the block index, 0 or more
   * @param key the host
   * @throws IllegalArgumentException if {@code block} is negative
   * @throws IllegalStateException if the block or the host is already in the table
   */
  public void put(long block, K key) {
    requireNonNull(key, "key");
    if (block < 0) {
      throw new IllegalArgumentException("block index: " + block + " (expected: >= 0)");
    }
    if (findBlock(block) >= 0 || findKey(key) >= 0) {
      throw new IllegalStateException("block " + block + " or host " + key + " already present");
    }
    if (size + tombstones + 1 > rebuildAt) {
      rebuild();
    }
    // The first tombstone or empty slot of the block's probe run (the block is absent).
    int i = home(mix(block));
    while (blocks[i] >= 0) {
      i = next(i);
    }
    if (blocks[i] == TOMBSTONE) {
      tombstones--;
    }
    blocks[i] = block;
    keys[i] = key;
    index(mix(key.hashCode()), i);
    size++;
  }

  /**
   * Removes the entry of a block.
   *
   * @param block the block index
   * @return the host it had, or null if the block was not in the table
   */
  @CanIgnoreReturnValue
  @SuppressWarnings("unchecked")
  public @Nullable K remove(long block) {
    int i = findBlock(block);
    if (i < 0) {
      return null;
    }
    K key = (K) requireNonNull(keys[i]);
    unindex(mix(key.hashCode()), i);
    blocks[i] = TOMBSTONE;
    keys[i] = null;
    tombstones++;
    size--;
    return key;
  }

  /**
   * Estimates the heap held by the table's arrays.
   *
   * @return bytes, with compressed references (4 bytes each)
   */
  public long retainedBytesEstimate() {
    return 20L * capacity + 3 * 16;
  }

  private int findBlock(long block) {
    int i = home(mix(block));
    while (true) {
      long b = blocks[i];
      if (b == block) {
        return i;
      }
      if (b == EMPTY) {
        return -1;
      }
      i = next(i);
    }
  }

  /** Returns the slot of {@code byKey} that points at {@code key}'s entry, or -1. */
  private int findKey(Object key) {
    int h = mix(key.hashCode());
    int s = home(h);
    while (true) {
      long e = byKey[s];
      if (e == 0) {
        return -1;
      }
      if ((int) (e >>> 32) == h) {
        Object k = keys[position(e)];
        if (k == key || key.equals(k)) {
          return s;
        }
      }
      s = next(s);
    }
  }

  private void index(int hash, int position) {
    int s = home(hash);
    while (byKey[s] != 0) {
      s = next(s);
    }
    byKey[s] = ((long) hash << 32) | (position + 1);
  }

  /** Removes the index slot of {@code position}, shifting later slots of its run back. */
  private void unindex(int hash, int position) {
    long wanted = ((long) hash << 32) | (position + 1);
    int hole = home(hash);
    while (byKey[hole] != wanted) {
      if (byKey[hole] == 0) {
        throw new IllegalStateException("host index lost position " + position);
      }
      hole = next(hole);
    }
    int j = next(hole);
    while (byKey[j] != 0) {
      int home = home((int) (byKey[j] >>> 32));
      if (distance(home, j) >= distance(hole, j)) {
        byKey[hole] = byKey[j];
        hole = j;
      }
      j = next(j);
    }
    byKey[hole] = 0;
  }

  /** Rebuilds both tables without tombstones, at a load of {@value #LOAD_AFTER_REBUILD}. */
  private void rebuild() {
    long[] oldBlocks = blocks;
    @Nullable Object[] oldKeys = keys;
    int wanted = (int) Math.min(Integer.MAX_VALUE - 8, (size + 1) / LOAD_AFTER_REBUILD);
    allocate(Math.max(MIN_CAPACITY, wanted));
    for (int j = 0; j < oldBlocks.length; j++) {
      if (oldBlocks[j] >= 0) {
        int i = home(mix(oldBlocks[j]));
        while (blocks[i] != EMPTY) {
          i = next(i);
        }
        blocks[i] = oldBlocks[j];
        Object key = requireNonNull(oldKeys[j]);
        keys[i] = key;
        index(mix(key.hashCode()), i);
      }
    }
  }

  private static int position(long indexEntry) {
    return (int) indexEntry - 1;
  }

  private int next(int i) {
    return i + 1 == capacity ? 0 : i + 1;
  }

  /** The number of steps from {@code from} forward to {@code to}, wrapping around. */
  private int distance(int from, int to) {
    return to >= from ? to - from : to + capacity - from;
  }

  /** Maps a 32-bit mixed hash onto the table (multiply-shift, any capacity). */
  private int home(int hash) {
    return (int) (((hash & 0xffff_ffffL) * capacity) >>> 32);
  }

  private static int mix(long value) {
    long h = value * 0x9e37_79b9_7f4a_7c15L;
    return (int) (h ^ (h >>> 32));
  }

  private static int mix(int hash) {
    int h = hash * 0x9e37_79b9;
    return h ^ (h >>> 16);
  }
}
