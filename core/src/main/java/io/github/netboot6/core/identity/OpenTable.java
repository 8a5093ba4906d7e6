package io.github.netboot6.core.identity;

/**
 * The common part of the inventory's open-addressing indexes (linear probing, power-of-two
 * capacity, load at most 3/4, backward-shift deletion so that no tombstones build up).
 *
 * <p>A slot's value is 0 when the slot is empty, otherwise the host id plus one, with {@link
 * #SHARED} set when several hosts claim the key; the id is then a representative claimant and the
 * inventory keeps the full list aside. Instances are mutated only while an inventory edit builds a
 * new snapshot, before it is published; after that they are read-only and safe to share.
 */
abstract class OpenTable {
  static final int SHARED = 0x8000_0000;
  static final int MIN_CAPACITY = 16;

  int[] values;
  int mask;
  int size;

  OpenTable(int expected) {
    int capacity = capacityFor(expected);
    values = new int[capacity];
    mask = capacity - 1;
  }

  OpenTable(OpenTable other) {
    values = other.values.clone();
    mask = other.mask;
    size = other.size;
  }

  static int capacityFor(int expected) {
    long needed = Math.max(MIN_CAPACITY, (expected * 4L + 2) / 3);
    int capacity = Integer.highestOneBit((int) Math.min(needed, 1 << 30));
    return capacity < needed ? capacity << 1 : capacity;
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

  /** The home slot of the entry now in {@code slot}. */
  abstract int home(int slot, Host[] hosts);

  /** Moves the key of slot {@code from} to slot {@code to} (values are moved by the caller). */
  abstract void moveKey(int from, int to);

  /** Doubles the capacity, re-inserting every entry. */
  abstract void grow(Host[] hosts);

  boolean needsGrowth() {
    return (size + 1) * 4L > values.length * 3L;
  }

  /** Removes the entry in {@code slot}, shifting later entries of its probe run back. */
  void removeSlot(int slot, Host[] hosts) {
    int hole = slot;
    int j = slot;
    while (true) {
      j = (j + 1) & mask;
      if (values[j] == 0) {
        break;
      }
      int k = home(j, hosts);
      // Move j into the hole unless its home lies cyclically in (hole, j].
      boolean homeBetween = hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
      if (!homeBetween) {
        values[hole] = values[j];
        moveKey(j, hole);
        hole = j;
      }
    }
    values[hole] = 0;
    size--;
  }
}
