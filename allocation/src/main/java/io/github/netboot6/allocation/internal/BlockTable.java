package io.github.netboot6.allocation.internal;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.allocation.HostKey;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The allocated blocks and their hosts, both ways (block to host, host to block), in flat arrays
 * and no object per entry:
 *
 * <ul>
 *   <li>a dense array of hosts indexed by block number, for the blocks below its length: it covers
 *       the blocks from 0 up to a power of two, and grows (doubling) only while its length stays at
 *       most four times the number of entries (at most 16 bytes of array per entry), so that a pool
 *       filled from its start (lowest free, or sequential from block 0) keeps its hosts at 4 bytes
 *       a block and finds a block's host with one read, while a pool filled at random keeps it at
 *       its minimum (64 blocks);
 *   <li>for the other blocks, an open-addressing table of block indexes, with the host of each in a
 *       parallel array; removal shifts the later entries of its probe run back (no tombstones, so
 *       neither probes nor rebuilds grow with the churn), and re-points the host index at each
 *       entry it moves;
 *   <li>an open-addressing index of all hosts whose slots hold the host's mixed hash and where its
 *       entry is (its block, if in the dense array, or its position in the block table), so that
 *       probing compares hashes without touching the host key objects (scattered over the heap);
 *       removal there shifts entries back (no tombstones).
 * </ul>
 *
 * <p>A block in the dense array costs its 4-byte slot and 8 bytes in the host index at its load
 * (0.4 to 0.5: 16 to 20 bytes), and up to 4 more for the free slots of the array: 20 to 28 bytes
 * when the pool is filled from its start. A block in the block table costs 12 bytes there at loads
 * of 0.65 to 0.75 and 16 to 20 in the host index: 32 to 39 bytes. The host index is kept emptier
 * than the block table because every allocation for a new host probes it to its end, to learn that
 * the host is absent and where it goes: at a load of 0.75 that walk takes about 8.5 slots on
 * average, at 0.5 about 2.5, which made an allocate-next with its release about 40 % faster. The
 * dense array does not shrink when blocks are released. Linear probing over tables of any size
 * (multiply-shift maps a hash onto them). Not counted: the host keys, which the caller holds
 * anyway.
 *
 * <p>The arrays are {@link HostKey} arrays, not generic ones: returning a key read from a generic
 * array would make the caller check its type, which reads the key object (scattered over the heap,
 * so a cache miss) only to hand its reference on. The host keys' {@code hashCode} is mixed again
 * here, so that a weaker one (the tests' masked hashes) cannot cluster the probes further.
 *
 * <p>Not thread-safe: the allocator guards it with its lock, and reads it without the lock only
 * through {@link #hostOfRacy} and {@link #blockOfRacy}.
 */
public final class BlockTable {
  private static final long EMPTY = -1L;
  // Only while the dense array grows: an entry it took, dropped by the rebuild that follows.
  private static final long MOVED = -2L;
  private static final int MIN_CAPACITY = 16;
  // The block table's loads.
  private static final double MAX_LOAD = 0.75;
  private static final double LOAD_AFTER_REBUILD = 0.65;
  // The host index's loads: lower, see the class comment.
  private static final double INDEX_MAX_LOAD = 0.5;
  private static final double INDEX_LOAD_AFTER_REBUILD = 0.4;
  // The dense array always covers blocks 0 to 63; it never covers 2^28 blocks or more (1 GiB).
  private static final int MIN_DENSE = 64;
  private static final long MAX_DENSE = 1L << 28;

  // Hosts by block number, for the blocks below its length; null: not allocated.
  private @Nullable HostKey[] dense;
  // The block table: blocks at or past dense.length.
  private long[] blocks;
  private @Nullable HostKey[] keys;
  private int capacity;
  private int hashSize;
  private int rebuildAt;
  // (mixed hash << 32) | ref, where ref is the position in blocks + 1 (positive) or ~block for a
  // block in the dense array (negative); 0 is an empty slot.
  private long[] byKey;
  private int indexCapacity;
  private int size;

  // The bits of the host keys' hashCode that count: all of them, or in tests a few, so that keys
  // collide. A mask rather than a hash function: one AND on the hot path, no call.
  private final int hashMask;

  /** Creates an empty table. */
  public BlockTable() {
    this(-1);
  }

  /** Creates an empty table that keeps only the {@code hashMask} bits of each key's hash: tests. */
  BlockTable(int hashMask) {
    this.hashMask = hashMask;
    dense = new HostKey[MIN_DENSE];
    blocks = new long[0];
    keys = new HostKey[0];
    allocate(MIN_CAPACITY);
    byKey = new long[MIN_CAPACITY];
    indexCapacity = MIN_CAPACITY;
  }

  private void allocate(int newCapacity) {
    capacity = newCapacity;
    blocks = new long[newCapacity];
    Arrays.fill(blocks, EMPTY);
    keys = new HostKey[newCapacity];
    rebuildAt = (int) (newCapacity * MAX_LOAD);
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
  public @Nullable HostKey hostOf(long block) {
    @Nullable HostKey[] d = dense;
    if (block >= 0 && block < d.length) {
      return d[(int) block];
    }
    int i = findBlock(block);
    return i < 0 ? null : keys[i];
  }

  /**
   * Returns the host of a block as {@link #hostOf} does, but may run while another thread changes
   * the table: the answer is then arbitrary (a wrong host or null), but it never throws and never
   * loops endlessly. The caller discards the answer unless it can tell that no change ran meanwhile
   * (the allocator's sequence lock).
   *
   * @param block the block index, 0 or more
   * @return the host, or null if the block is not in the table
   */
  public @Nullable HostKey hostOfRacy(long block) {
    @Nullable HostKey[] d = dense;
    if (block >= 0 && block < d.length) {
      return d[(int) block];
    }
    // Lengths from the arrays themselves: a change may be replacing them.
    long[] b = blocks;
    @Nullable HostKey[] k = keys;
    int n = Math.min(b.length, k.length);
    int i = home(mix(block), n);
    for (int probes = 0; probes < n; probes++) {
      long v = b[i];
      if (v == block) {
        return k[i];
      }
      if (v == EMPTY) {
        return null;
      }
      i = next(i, n);
    }
    return null;
  }

  /**
   * Returns the block of a host as {@link #blockOf} does, but may run while another thread changes
   * the table, with the same terms as {@link #hostOfRacy}.
   *
   * @param key the host
   * @return the block index, or -1 if the host is not in the table
   */
  public long blockOfRacy(HostKey key) {
    long[] index = byKey;
    @Nullable HostKey[] d = dense;
    long[] b = blocks;
    @Nullable HostKey[] k = keys;
    int n = index.length;
    int h = hash(key);
    int s = home(h, n);
    for (int probes = 0; probes < n; probes++) {
      long e = index[s];
      if (e == 0) {
        return -1;
      }
      if ((int) (e >>> 32) == h) {
        int ref = (int) e;
        if (ref < 0 && ~ref < d.length) {
          HostKey found = d[~ref];
          if (key.equals(found)) {
            return ~ref;
          }
        } else if (ref > 0 && ref <= b.length && ref <= k.length) {
          HostKey found = k[ref - 1];
          if (key.equals(found)) {
            return b[ref - 1];
          }
        }
      }
      s = next(s, n);
    }
    return -1;
  }

  /**
   * Returns the block of a host.
   *
   * @param key the host
   * @return the block index, or -1 if the host is not in the table
   */
  public long blockOf(HostKey key) {
    int slot = findKey(key);
    if (slot < 0) {
      return -1;
    }
    int ref = (int) byKey[slot];
    return ref < 0 ? ~ref : blocks[ref - 1];
  }

  /**
   * Adds an entry; neither the block nor the host may be in the table.
   *
   * @param block the block index, 0 or more
   * @param key the host
   * @throws IllegalArgumentException if {@code block} is negative
   * @throws IllegalStateException if the block or the host is already in the table
   */
  public void put(long block, HostKey key) {
    requireNonNull(key, "key");
    if (block < 0) {
      throw new IllegalArgumentException("block index: " + block + " (expected: >= 0)");
    }
    if (hostOf(block) != null || findKey(key) >= 0) {
      throw new IllegalStateException("block " + block + " or host " + key + " already present");
    }
    if (size + 1 > indexCapacity * INDEX_MAX_LOAD) {
      reindexAll((int) Math.min(Integer.MAX_VALUE - 8, (size + 1) / INDEX_LOAD_AFTER_REBUILD));
    }
    if (block >= dense.length) {
      growDenseFor(block);
    }
    int hash = hash(key);
    if (block < dense.length) {
      dense[(int) block] = key;
      index(hash, ~(int) block);
    } else {
      if (hashSize + 1 > rebuildAt) {
        rebuild();
      }
      // The empty slot that ends the block's probe run (the block is absent).
      int i = home(mix(block), capacity);
      while (blocks[i] != EMPTY) {
        i = next(i, capacity);
      }
      blocks[i] = block;
      keys[i] = key;
      hashSize++;
      index(hash, i + 1);
    }
    size++;
  }

  /**
   * Removes the entry of a block.
   *
   * @param block the block index
   * @return the host it had, or null if the block was not in the table
   */
  @CanIgnoreReturnValue
  public @Nullable HostKey remove(long block) {
    HostKey key;
    if (block >= 0 && block < dense.length) {
      key = dense[(int) block];
      if (key == null) {
        return null;
      }
      unindex(hash(key), ~(int) block);
      dense[(int) block] = null;
    } else {
      int i = findBlock(block);
      if (i < 0) {
        return null;
      }
      key = requireNonNull(keys[i]);
      unindex(hash(key), i + 1);
      removeSlot(i);
      hashSize--;
    }
    size--;
    return key;
  }

  /**
   * Estimates the heap held by the table's arrays.
   *
   * @return bytes, with compressed references (4 bytes each)
   */
  public long retainedBytesEstimate() {
    return 4L * dense.length + 12L * capacity + 8L * indexCapacity + 4 * 16;
  }

  private int findBlock(long block) {
    int i = home(mix(block), capacity);
    while (true) {
      long b = blocks[i];
      if (b == block) {
        return i;
      }
      if (b == EMPTY) {
        return -1;
      }
      i = next(i, capacity);
    }
  }

  /** Returns the slot of {@code byKey} that points at {@code key}'s entry, or -1. */
  private int findKey(HostKey key) {
    int h = hash(key);
    int s = home(h, indexCapacity);
    while (true) {
      long e = byKey[s];
      if (e == 0) {
        return -1;
      }
      if ((int) (e >>> 32) == h) {
        int ref = (int) e;
        HostKey k = ref < 0 ? dense[~ref] : keys[ref - 1];
        if (key.equals(k)) {
          return s;
        }
      }
      s = next(s, indexCapacity);
    }
  }

  private static long entry(int hash, int ref) {
    return ((long) hash << 32) | (ref & 0xffff_ffffL);
  }

  private void index(int hash, int ref) {
    int s = home(hash, indexCapacity);
    while (byKey[s] != 0) {
      s = next(s, indexCapacity);
    }
    byKey[s] = entry(hash, ref);
  }

  /** Returns the slot of {@code byKey} holding exactly {@code wanted}. */
  private int indexSlot(long wanted) {
    int s = home((int) (wanted >>> 32), indexCapacity);
    while (byKey[s] != wanted) {
      if (byKey[s] == 0) {
        throw new IllegalStateException("host index lost entry " + (int) wanted);
      }
      s = next(s, indexCapacity);
    }
    return s;
  }

  /** Removes the index slot of {@code ref}, shifting later slots of its run back. */
  private void unindex(int hash, int ref) {
    int hole = indexSlot(entry(hash, ref));
    int j = next(hole, indexCapacity);
    while (byKey[j] != 0) {
      int home = home((int) (byKey[j] >>> 32), indexCapacity);
      if (distance(home, j, indexCapacity) >= distance(hole, j, indexCapacity)) {
        byKey[hole] = byKey[j];
        hole = j;
      }
      j = next(j, indexCapacity);
    }
    byKey[hole] = 0;
  }

  /** Rebuilds the host index at {@code newCapacity} slots. */
  private void reindexAll(int newCapacity) {
    long[] old = byKey;
    byKey = new long[newCapacity];
    indexCapacity = newCapacity;
    for (long e : old) {
      if (e != 0) {
        index((int) (e >>> 32), (int) e);
      }
    }
  }

  /**
   * Doubles the dense array until it covers {@code block}, if its length then stays at most four
   * times the number of entries (at most 16 bytes of array per entry), moving the block table's
   * entries it now covers into it.
   */
  private void growDenseFor(long block) {
    if (block >= MAX_DENSE) {
      return;
    }
    long length = Long.highestOneBit(block) << 1;
    if (length > 4L * (size + 1)) {
      return;
    }
    dense = Arrays.copyOf(dense, (int) length);
    int moved = 0;
    for (int i = 0; i < capacity; i++) {
      long b = blocks[i];
      if (b >= 0 && b < length) {
        HostKey key = requireNonNull(keys[i]);
        int hash = hash(key);
        byKey[indexSlot(entry(hash, i + 1))] = entry(hash, ~(int) b);
        dense[(int) b] = key;
        blocks[i] = MOVED;
        keys[i] = null;
        moved++;
      }
    }
    hashSize -= moved;
    if (moved > 0) {
      rebuild();
    }
  }

  /**
   * Empties slot {@code i} of the block table, whose host is already out of the host index, and
   * shifts the later entries of its probe run back over the hole so that no probe run breaks.
   */
  private void removeSlot(int i) {
    int hole = i;
    int j = next(hole, capacity);
    while (blocks[j] != EMPTY) {
      int home = home(mix(blocks[j]), capacity);
      if (distance(home, j, capacity) >= distance(hole, j, capacity)) {
        HostKey key = requireNonNull(keys[j]);
        int hash = hash(key);
        byKey[indexSlot(entry(hash, j + 1))] = entry(hash, hole + 1);
        blocks[hole] = blocks[j];
        keys[hole] = key;
        hole = j;
      }
      j = next(j, capacity);
    }
    blocks[hole] = EMPTY;
    keys[hole] = null;
  }

  /**
   * Rebuilds the block table at a load of {@value #LOAD_AFTER_REBUILD}, without the entries the
   * dense array took.
   */
  private void rebuild() {
    long[] oldBlocks = blocks;
    @Nullable HostKey[] oldKeys = keys;
    // Where each entry's host index slot is, found before any is rewritten: a rewritten entry
    // could otherwise look like one still to find (same hash, its new position the other's old).
    int[] slots = new int[oldBlocks.length];
    for (int j = 0; j < oldBlocks.length; j++) {
      if (oldBlocks[j] >= 0) {
        slots[j] = indexSlot(entry(hash(requireNonNull(oldKeys[j])), j + 1));
      }
    }
    int wanted = (int) Math.min(Integer.MAX_VALUE - 8, (hashSize + 1) / LOAD_AFTER_REBUILD);
    allocate(Math.max(MIN_CAPACITY, wanted));
    for (int j = 0; j < oldBlocks.length; j++) {
      if (oldBlocks[j] >= 0) {
        int i = home(mix(oldBlocks[j]), capacity);
        while (blocks[i] != EMPTY) {
          i = next(i, capacity);
        }
        blocks[i] = oldBlocks[j];
        keys[i] = oldKeys[j];
        byKey[slots[j]] = entry((int) (byKey[slots[j]] >>> 32), i + 1);
      }
    }
  }

  private static int next(int i, int capacity) {
    return i + 1 == capacity ? 0 : i + 1;
  }

  /** The number of steps from {@code from} forward to {@code to}, wrapping around. */
  private static int distance(int from, int to, int capacity) {
    return to >= from ? to - from : to + capacity - from;
  }

  /** Maps a 32-bit mixed hash onto a table of {@code capacity} slots (multiply-shift). */
  private static int home(int hash, int capacity) {
    return (int) (((hash & 0xffff_ffffL) * capacity) >>> 32);
  }

  private static int mix(long value) {
    long h = value * 0x9e37_79b9_7f4a_7c15L;
    return (int) (h ^ (h >>> 32));
  }

  private int hash(HostKey key) {
    return mix(key.hashCode() & hashMask);
  }

  private static int mix(int hash) {
    int h = hash * 0x9e37_79b9;
    return h ^ (h >>> 16);
  }
}
