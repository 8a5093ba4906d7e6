package io.github.netboot6.core.identity;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A growable list of byte strings kept in one pool, each with a relay level and a 32-bit tag (an
 * enterprise number, for instance). Once its arrays have grown to the size a workload needs, adding
 * and reading allocate nothing. Not thread-safe.
 */
final class OpaqueList {
  private byte[] pool = new byte[256];
  private int poolSize;
  private int[] offsets = new int[8];
  private int[] lengths = new int[8];
  private long[] tags = new long[8];
  private int[] levels = new int[8];
  private int count;

  void clear() {
    poolSize = 0;
    count = 0;
  }

  int size() {
    return count;
  }

  void add(int level, long tag, byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int index = reserve(level, tag, length);
    System.arraycopy(bytes, offset, pool, offsets[index], length);
  }

  /** Adds text whose characters are all ISO 8859-1 (DHCP class strings are bytes, mostly ASCII). */
  void add(int level, long tag, CharSequence text) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) > 0xff) {
        throw new IllegalArgumentException(
            "character " + i + " of the text is not ISO 8859-1 (expected: U+0000..U+00FF)");
      }
    }
    int index = reserve(level, tag, length);
    int start = offsets[index];
    for (int i = 0; i < length; i++) {
      pool[start + i] = (byte) text.charAt(i);
    }
  }

  private int reserve(int level, long tag, int length) {
    if (count == offsets.length) {
      int n = count * 2;
      offsets = Arrays.copyOf(offsets, n);
      lengths = Arrays.copyOf(lengths, n);
      tags = Arrays.copyOf(tags, n);
      levels = Arrays.copyOf(levels, n);
    }
    if (poolSize + length > pool.length) {
      pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + length));
    }
    offsets[count] = poolSize;
    lengths[count] = length;
    tags[count] = tag;
    levels[count] = level;
    poolSize += length;
    return count++;
  }

  int length(int index) {
    Objects.checkIndex(index, count);
    return lengths[index];
  }

  long tag(int index) {
    Objects.checkIndex(index, count);
    return tags[index];
  }

  int level(int index) {
    Objects.checkIndex(index, count);
    return levels[index];
  }

  int copy(int index, byte[] destination, int offset) {
    Objects.checkIndex(index, count);
    Objects.checkFromIndexSize(offset, lengths[index], destination.length);
    System.arraycopy(pool, offsets[index], destination, offset, lengths[index]);
    return lengths[index];
  }

  String text(int index) {
    Objects.checkIndex(index, count);
    return new String(pool, offsets[index], lengths[index], StandardCharsets.ISO_8859_1);
  }

  boolean equalsAt(int index, byte[] expected) {
    Objects.checkIndex(index, count);
    int start = offsets[index];
    return lengths[index] == expected.length && regionEquals(start, expected, expected.length);
  }

  boolean startsWithAt(int index, byte[] prefix) {
    Objects.checkIndex(index, count);
    int start = offsets[index];
    return lengths[index] >= prefix.length && regionEquals(start, prefix, prefix.length);
  }

  // A plain loop rather than Arrays.equals over ranges: the items a phase rule compares are a few
  // bytes long, and this spares the range checks and the call into the vectorized mismatch.
  private boolean regionEquals(int start, byte[] expected, int length) {
    byte[] p = pool;
    for (int i = 0; i < length; i++) {
      if (p[start + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
