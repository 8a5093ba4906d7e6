package io.github.netboot6.core.identity;

import io.github.netboot6.core.Duid;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Raw-byte helpers over DUIDs that the resolver's hot path uses without allocating. */
final class Duids {
  // Big-endian int and long views of a byte[]: one load and a byte swap instead of a shift chain.
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Duids() {}

  /** Bytes {@code [at, at + 4)} as a big-endian int. */
  static int readInt(byte[] bytes, int at) {
    return (int) INT.get(bytes, at);
  }

  /** Bytes {@code [at, at + 8)} as a big-endian long. */
  static long readLong(byte[] bytes, int at) {
    return (long) LONG.get(bytes, at);
  }

  /** Compares a DUID with {@code bytes[0, length)} without copying either. */
  static boolean equals(Duid duid, byte[] bytes, int length) {
    return duid.equalsBytes(bytes, 0, length);
  }

  /**
   * A 32-bit hash of {@code bytes[0, length)}, well mixed for open addressing. It takes four bytes
   * a step (a DUID-UUID is five steps, not eighteen), since each step waits for the one before.
   */
  static int hash(byte[] bytes, int length) {
    int h = 0x9747b28c ^ length;
    int i = 0;
    for (; i + 4 <= length; i += 4) {
      h = Integer.rotateLeft((h ^ readInt(bytes, i)) * 0x9e3779b1, 15);
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

  static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  static int mix(long v) {
    return mix((int) (v ^ (v >>> 32)) * 0x9e3779b9 + (int) (v >>> 17));
  }
}
