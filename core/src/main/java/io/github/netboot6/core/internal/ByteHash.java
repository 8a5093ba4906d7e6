package io.github.netboot6.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Hashes for open-addressing tables: bytes, ints and longs, with every input bit reaching the high
 * bits that the tables' multiply-shift reads. {@code Duid.hashCode} and the identity resolver's
 * indexes share them.
 */
public final class ByteHash {
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private ByteHash() {}

  /**
   * A 32-bit hash of {@code bytes[0, length)}, well mixed for open addressing. It takes four bytes
   * a step (a DUID-UUID is five steps, not eighteen), since each step waits for the one before.
   * Unlike {@code Arrays.hashCode}, whose base-31 sum maps byte strings that differ only in their
   * last bytes onto few values, it spreads them.
   *
   * @param bytes the bytes
   * @param length how many of them, from the first
   * @return the hash
   */
  public static int hash(byte[] bytes, int length) {
    int h = 0x9747b28c ^ length;
    int i = 0;
    for (; i + 4 <= length; i += 4) {
      h = Integer.rotateLeft((h ^ (int) INT.get(bytes, i)) * 0x9e3779b1, 15);
    }
    if (i < length) {
      int w = 0;
      for (; i < length; i++) {
        w = (w << 8) | (bytes[i] & 0xff);
      }
      h = Integer.rotateLeft((h ^ w) * 0x9e3779b1, 15);
    }
    return mix(h);
  }

  /**
   * Mixes an int (MurmurHash3's finaliser).
   *
   * @param h the value
   * @return the mixed value
   */
  public static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  /**
   * Mixes a long into an int.
   *
   * @param v the value
   * @return the mixed value
   */
  public static int mix(long v) {
    return mix((int) (v ^ (v >>> 32)) * 0x9e3779b9 + (int) (v >>> 17));
  }
}
