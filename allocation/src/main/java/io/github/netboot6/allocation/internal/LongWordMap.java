package io.github.netboot6.allocation.internal;

import java.util.Arrays;

/**
 * An open-addressing hash map from a non-negative {@code long} key to a fixed number of {@code
 * long} words, with linear probing and backward-shift deletion; no boxing, no per-entry object.
 *
 * <p>Absent keys read as all-zero words. Not thread-safe.
 */
final class LongWordMap {
  private static final long EMPTY = -1L;
  private static final double MAX_LOAD = 0.6;

  private final int words;
  private long[] keys;
  private long[] values;
  private int mask;
  private int size;
  private int resizeAt;

  LongWordMap(int words) {
    this.words = words;
    allocate(16);
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    Arrays.fill(keys, EMPTY);
    values = new long[capacity * words];
    mask = capacity - 1;
    resizeAt = (int) (capacity * MAX_LOAD);
  }

  int size() {
    return size;
  }

  /** Returns the slot of {@code key}, or -1. */
  int find(long key) {
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return i;
      }
      if (k == EMPTY) {
        return -1;
      }
      i = (i + 1) & mask;
    }
  }

  long get(long key, int word) {
    int i = find(key);
    return i < 0 ? 0 : values[i * words + word];
  }

  long word(int slot, int word) {
    return values[slot * words + word];
  }

  void setWord(int slot, int word, long value) {
    values[slot * words + word] = value;
  }

  /** Returns the slot of {@code key}, inserting it with zero words if absent. */
  int findOrInsert(long key) {
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return i;
      }
      if (k == EMPTY) {
        if (size >= resizeAt) {
          grow();
          return findOrInsert(key);
        }
        keys[i] = key;
        size++;
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  /** Removes the entry in {@code slot} (backward-shift deletion keeps probe chains intact). */
  void removeSlot(int slot) {
    int hole = slot;
    int i = (hole + 1) & mask;
    while (keys[i] != EMPTY) {
      int home = slot(keys[i]);
      // Move entry i into the hole unless its home lies cyclically in (hole, i].
      boolean stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (!stays) {
        keys[hole] = keys[i];
        System.arraycopy(values, i * words, values, hole * words, words);
        hole = i;
      }
      i = (i + 1) & mask;
    }
    keys[hole] = EMPTY;
    Arrays.fill(values, hole * words, hole * words + words, 0);
    size--;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldValues = values;
    allocate(oldKeys.length * 2);
    size = 0; // counted again as the entries move over
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != EMPTY) {
        int i = slot(oldKeys[j]);
        while (keys[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        System.arraycopy(oldValues, j * words, values, i * words, words);
        size++;
      }
    }
  }

  long retainedBytesEstimate() {
    return 16L + keys.length * 8L + values.length * 8L + 32;
  }

  private int slot(long key) {
    return Hashing.mixToInt(key) & mask;
  }
}
