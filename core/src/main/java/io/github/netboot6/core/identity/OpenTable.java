package io.github.netboot6.core.identity;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The common part of the inventory's open-addressing indexes: linear probing over one flat {@code
 * int[]} in which each slot is {@link #stride} consecutive ints, the value first and the key inline
 * after it, so that a probe follows no reference. Beside it, one tag byte a slot (8 bits of the
 * key's hash, never 0; 0 marks an empty slot). A probe reads the tags eight at a time as one long
 * ({@link #group}) and reads a slot only when its tag matches, so a miss usually costs one cache
 * line and a hit two, read in parallel, and the probe's branches are predictable. Any capacity
 * (multiply-shift maps a hash onto it), load at most 3/4, backward-shift deletion so that no
 * tombstones build up.
 *
 * <p>An occupied slot's value is never 0, so an index may also probe its slots directly, without
 * the tags, stopping at the first slot whose value is 0 ({@link MacIndex} does, and {@link
 * DuidIndex} for DUIDs other than DUID-UUIDs): a hit at its home slot then costs one cache line
 * instead of a tag line and then a slot line that waits for it, and a miss walks its cluster (about
 * 6 slots at the initial load). The tags then serve insertion, growth, deletion and the look-ups
 * that expect to miss, for which one line of tags is cheaper than a cluster of slots.
 *
 * <p>An occupied slot's value is the host id plus one, with {@link #SHARED} set when several hosts
 * claim the key; the id is then a representative claimant and the inventory keeps the full list
 * aside. Instances are mutated only while an inventory edit builds a new snapshot, before it is
 * published; after that they are read-only and safe to share.
 */
abstract class OpenTable {
  static final int SHARED = 0x8000_0000;

  /** The bit {@link #group} sets when the group holds an empty slot: the probe ends there. */
  static final long END = 1;

  private static final VarHandle EIGHT_TAGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGHS = 0x8080_8080_8080_8080L;
  static final int MIN_CAPACITY = 16;
  private static final double MAX_LOAD = 0.75;
  // A table sized for a known count starts at this load, which keeps misses short (about 6 slots
  // probed on average by linear probing) without the up to 2x waste of power-of-two capacities.
  private static final double INITIAL_LOAD = 0.7;

  final int stride;
  int[] slots;
  byte[] tags;
  int capacity;
  int size;
  private int growAt;

  OpenTable(int stride, int expected) {
    this.stride = stride;
    capacity = capacityFor(expected);
    slots = new int[capacity * stride];
    tags = new byte[capacity];
    growAt = (int) (capacity * MAX_LOAD);
  }

  OpenTable(OpenTable other) {
    stride = other.stride;
    slots = other.slots.clone();
    tags = other.tags.clone();
    capacity = other.capacity;
    size = other.size;
    growAt = other.growAt;
  }

  static int capacityFor(int expected) {
    long needed = (long) Math.ceil(expected / INITIAL_LOAD) + 1;
    return (int) Math.min(Math.max(MIN_CAPACITY, needed), Integer.MAX_VALUE / 8);
  }

  static int encode(int id, boolean shared) {
    return (id + 1) | (shared ? SHARED : 0);
  }

  static int idOf(int value) {
    return (value & ~SHARED) - 1;
  }

  static boolean isShared(int value) {
    return (value & SHARED) != 0;
  }

  /** The tag of a key with the given mixed hash: its low 8 bits, 0 taken as 1. */
  static byte tag(int hash) {
    int t = hash & 0xff;
    return (byte) (t + ((t - 1) >>> 31));
  }

  /** {@code tag} in each byte of a long, for {@link #group}. */
  static long pattern(byte tag) {
    return (tag & 0xffL) * ONES;
  }

  /**
   * Scans the eight tags from slot {@code i} (wrapping around): returns bit {@code 8k + 7} set for
   * each slot {@code i + k} whose tag equals the pattern's, before the first empty slot, and {@link
   * #END} set if there is an empty slot. A set bit may be a false candidate (the caller compares
   * the key anyway); an empty slot is never missed.
   */
  final long group(int i, long pattern) {
    long w;
    if (i + 8 <= capacity) {
      w = (long) EIGHT_TAGS.get(tags, i);
    } else {
      w = 0;
      for (int k = 7; k >= 0; k--) {
        w = (w << 8) | (tags[(i + k) % capacity] & 0xffL);
      }
    }
    long empty = zeroBytes(w);
    long match = zeroBytes(w ^ pattern);
    if (empty == 0) {
      return match;
    }
    return (match & ((empty & -empty) - 1)) | END;
  }

  /**
   * Bit 7 of each byte of {@code w} that is 0. A byte just above a 0 byte may also be flagged,
   * never one below it, so the lowest flag is exact.
   */
  private static long zeroBytes(long w) {
    return (w - ONES) & ~w & HIGHS;
  }

  /** The slot of candidate bit {@code bit} of the group at {@code i}. */
  final int candidate(int i, long bits) {
    int k = i + (Long.numberOfTrailingZeros(bits) >>> 3);
    return k >= capacity ? k - capacity : k;
  }

  /** The slot eight after {@code i}, wrapping around. */
  final int nextGroup(int i) {
    int k = i + 8;
    return k >= capacity ? k - capacity : k;
  }

  /** The first slot to probe for a key with the given mixed hash. */
  final int home(int hash) {
    return (int) (((hash & 0xffff_ffffL) * capacity) >>> 32);
  }

  /** The slot after {@code slot}, wrapping around. */
  final int next(int slot) {
    int n = slot + 1;
    return n == capacity ? 0 : n;
  }

  final int valueAt(int slot) {
    return slots[slot * stride];
  }

  final void setValue(int slot, int value) {
    slots[slot * stride] = value;
  }

  /** The mixed hash of the key held in the (occupied) slot. */
  abstract int hashAt(int slot, Host[] hosts);

  /**
   * Returns a free slot for a key with the given hash, growing the table first if it is full; the
   * caller fills the slot's {@link #stride} ints (the value non-zero) and counts it.
   */
  final int freeSlotFor(int hash, Host[] hosts) {
    if (size + 1 > growAt) {
      grow(hosts);
    }
    int i = home(hash);
    while (tags[i] != 0) {
      i = next(i);
    }
    tags[i] = tag(hash);
    size++;
    return i;
  }

  private void grow(Host[] hosts) {
    int[] old = slots;
    byte[] oldTags = tags;
    int oldCapacity = capacity;
    int[] hashes = new int[oldCapacity];
    for (int i = 0; i < oldCapacity; i++) {
      if (oldTags[i] != 0) {
        hashes[i] = hashAt(i, hosts);
      }
    }
    capacity = oldCapacity * 2;
    slots = new int[capacity * stride];
    tags = new byte[capacity];
    growAt = (int) (capacity * MAX_LOAD);
    for (int i = 0; i < oldCapacity; i++) {
      if (oldTags[i] != 0) {
        int j = home(hashes[i]);
        while (tags[j] != 0) {
          j = next(j);
        }
        tags[j] = oldTags[i];
        System.arraycopy(old, i * stride, slots, j * stride, stride);
      }
    }
  }

  void removeSlot(int slot, Host[] hosts) {
    int hole = slot;
    int j = slot;
    while (true) {
      j = next(j);
      if (tags[j] == 0) {
        break;
      }
      int k = home(hashAt(j, hosts));
      // Move j into the hole unless its home lies cyclically in (hole, j].
      boolean homeBetween = hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
      if (!homeBetween) {
        System.arraycopy(slots, j * stride, slots, hole * stride, stride);
        tags[hole] = tags[j];
        hole = j;
      }
    }
    Arrays.fill(slots, hole * stride, hole * stride + stride, 0);
    tags[hole] = 0;
    size--;
  }
}
