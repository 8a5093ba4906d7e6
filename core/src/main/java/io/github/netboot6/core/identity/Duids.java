package io.github.netboot6.core.identity;

import io.github.netboot6.core.Duid;

/** Raw-byte helpers over DUIDs that the resolver's hot path uses without allocating. */
final class Duids {
  private Duids() {}

  /** Compares a DUID with {@code bytes[0, length)} without copying either. */
  static boolean equals(Duid duid, byte[] bytes, int length) {
    return duid.equalsBytes(bytes, 0, length);
  }

  /** A 32-bit hash of {@code bytes[0, length)}, well mixed for open addressing. */
  static int hash(byte[] bytes, int length) {
    int h = 0x9747b28c;
    for (int i = 0; i < length; i++) {
      h = (h ^ (bytes[i] & 0xff)) * 0x01000193;
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
