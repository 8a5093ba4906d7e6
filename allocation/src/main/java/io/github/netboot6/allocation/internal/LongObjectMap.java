package io.github.netboot6.allocation.internal;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An open-addressing hash map from a non-negative {@code long} key to an object, with linear
 * probing and backward-shift deletion: two array slots per entry, no boxing, no entry objects.
 *
 * <p>Not thread-safe.
 *
 * @param <V> the value type
 */
public final class LongObjectMap<V> {
  private static final long EMPTY = -1L;
  private static final double MAX_LOAD = 0.6;

  private long[] keys;
  private @Nullable Object[] values;
  private int mask;
  private int size;
  private int resizeAt;

  /** Creates an empty map. */
  public LongObjectMap() {
    keys = new long[0];
    values = new Object[0];
    allocate(16);
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    Arrays.fill(keys, EMPTY);
    values = new Object[capacity];
    mask = capacity - 1;
    resizeAt = (int) (capacity * MAX_LOAD);
  }

  /**
   * Returns the number of entries.
   *
   * @return the size
   */
  public int size() {
    return size;
  }

  /**
   * Returns the value of {@code key}.
   *
   * @param key the key, non-negative
   * @return the value, or null if absent
   */
  @SuppressWarnings("unchecked")
  public @Nullable V get(long key) {
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == EMPTY) {
        return null;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * Puts a value, replacing any previous one.
   *
   * @param key the key, non-negative
   * @param value the value
   */
  public void put(long key, V value) {
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        values[i] = value;
        return;
      }
      if (k == EMPTY) {
        if (size >= resizeAt) {
          grow();
          put(key, value);
          return;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * Removes a key.
   *
   * @param key the key
   * @return the removed value, or null if absent
   */
  @CanIgnoreReturnValue
  @SuppressWarnings("unchecked")
  public @Nullable V remove(long key) {
    int i = slot(key);
    while (keys[i] != key) {
      if (keys[i] == EMPTY) {
        return null;
      }
      i = (i + 1) & mask;
    }
    V removed = (V) values[i];
    int hole = i;
    i = (hole + 1) & mask;
    while (keys[i] != EMPTY) {
      int home = slot(keys[i]);
      boolean stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (!stays) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        hole = i;
      }
      i = (i + 1) & mask;
    }
    keys[hole] = EMPTY;
    values[hole] = null;
    size--;
    return removed;
  }

  private void grow() {
    long[] oldKeys = keys;
    @Nullable Object[] oldValues = values;
    allocate(oldKeys.length * 2);
    size = 0; // counted again as the entries move over
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != EMPTY) {
        int i = slot(oldKeys[j]);
        while (keys[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
        size++;
      }
    }
  }

  private int slot(long key) {
    return Hashing.mixToInt(key) & mask;
  }
}
