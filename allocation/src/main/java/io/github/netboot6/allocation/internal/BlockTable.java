package io.github.netboot6.allocation.internal;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The allocated blocks and their hosts, both ways (block to host, host to block), in three flat
 * arrays: an open-addressing table of block indexes with the host of each in a parallel array, and
 * an open-addressing index of hosts that holds positions in the first table. No object per entry:
 * 16 bytes per table slot, at a load of 0.6 to 0.75 after the first growth, so 21 to 27 bytes per
 * allocated block (not counting the host keys themselves, which the caller holds anyway).
 *
 * <p>Linear probing over a table of any size (a multiply-shift maps a hash onto it), deletion by
 * backward shift (no tombstones), so look-ups never slow down with churn. When an entry of the
 * block table moves, its position in the host index is updated.
 *
 * <p>Not thread-safe: the allocator guards it with its lock.
 *
 * @param <K> the host key type; its {@code hashCode} is mixed, so a weak one is fine
 */
public final class BlockTable<K> {
  private static final long EMPTY = -1L;
  private static final int MIN_CAPACITY = 16;
  private static final double MAX_LOAD = 0.75;
  private static final double LOAD_AFTER_GROWTH = 0.6;

  private long[] blocks;
  private @Nullable Object[] keys;
  // Position in blocks + 1; 0 is an empty slot.
  private int[] byKey;
  private int capacity;
  private int size;
  private int growAt;

  /** Creates an empty table. */
  public BlockTable() {
    blocks = new long[0];
    keys = new Object[0];
    byKey = new int[0];
    allocate(MIN_CAPACITY);
  }

  private void allocate(int newCapacity) {
    capacity = newCapacity;
    blocks = new long[newCapacity];
    Arrays.fill(blocks, EMPTY);
    keys = new Object[newCapacity];
    byKey = new int[newCapacity];
    growAt = (int) (newCapacity * MAX_LOAD);
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
    return slot < 0 ? -1 : blocks[byKey[slot] - 1];
  }

  /**
   * Adds an entry; neither the block nor the host may be in the table.
   *
   * @param block the block index, 0 or more
   * @param key the host
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
    if (size + 1 > growAt) {
      grow();
    }
    int i = home(mix(block));
    while (blocks[i] != EMPTY) {
      i = next(i);
    }
    blocks[i] = block;
    keys[i] = key;
    int s = home(mix(key.hashCode()));
    while (byKey[s] != 0) {
      s = next(s);
    }
    byKey[s] = i + 1;
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
    removeKeySlot(findKeySlotOfPosition(key, i));
    // Backward shift: pull later entries of the probe run into the hole when their home allows.
    int hole = i;
    int j = next(hole);
    while (blocks[j] != EMPTY) {
      int home = home(mix(blocks[j]));
      if (distance(home, j) >= distance(hole, j)) {
        blocks[hole] = blocks[j];
        keys[hole] = keys[j];
        byKey[findKeySlotOfPosition(requireNonNull(keys[j]), j)] = hole + 1;
        hole = j;
      }
      j = next(j);
    }
    blocks[hole] = EMPTY;
    keys[hole] = null;
    size--;
    return key;
  }

  /**
   * Estimates the heap held by the table's arrays.
   *
   * @return bytes, with compressed references (4 bytes each)
   */
  public long retainedBytesEstimate() {
    return 16L * capacity + 3 * 16;
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

  /** Returns the slot of {@code byKey} that holds {@code key}, or -1. */
  private int findKey(Object key) {
    int s = home(mix(key.hashCode()));
    while (true) {
      int position = byKey[s];
      if (position == 0) {
        return -1;
      }
      Object k = keys[position - 1];
      if (k == key || key.equals(k)) {
        return s;
      }
      s = next(s);
    }
  }

  /**
   * Returns the slot of {@code byKey} that points at {@code position}, whose key is {@code key}.
   */
  private int findKeySlotOfPosition(Object key, int position) {
    int s = home(mix(key.hashCode()));
    while (byKey[s] != position + 1) {
      if (byKey[s] == 0) {
        throw new IllegalStateException("host index lost position " + position);
      }
      s = next(s);
    }
    return s;
  }

  private void removeKeySlot(int slot) {
    int hole = slot;
    int j = next(hole);
    while (byKey[j] != 0) {
      int home = home(mix(requireNonNull(keys[byKey[j] - 1]).hashCode()));
      if (distance(home, j) >= distance(hole, j)) {
        byKey[hole] = byKey[j];
        hole = j;
      }
      j = next(j);
    }
    byKey[hole] = 0;
  }

  private void grow() {
    long[] oldBlocks = blocks;
    @Nullable Object[] oldKeys = keys;
    allocate(
        Math.max(
            MIN_CAPACITY, (int) Math.min(Integer.MAX_VALUE - 8, (size + 1) / LOAD_AFTER_GROWTH)));
    size = 0;
    for (int j = 0; j < oldBlocks.length; j++) {
      if (oldBlocks[j] != EMPTY) {
        int i = home(mix(oldBlocks[j]));
        while (blocks[i] != EMPTY) {
          i = next(i);
        }
        blocks[i] = oldBlocks[j];
        Object key = requireNonNull(oldKeys[j]);
        keys[i] = key;
        int s = home(mix(key.hashCode()));
        while (byKey[s] != 0) {
          s = next(s);
        }
        byKey[s] = i + 1;
        size++;
      }
    }
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
