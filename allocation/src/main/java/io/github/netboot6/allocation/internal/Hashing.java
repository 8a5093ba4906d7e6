package io.github.netboot6.allocation.internal;

/** Bit mixing for hash tables and for the deterministic strategy (SplitMix64's finaliser). */
public final class Hashing {
  private Hashing() {}

  /**
   * Mixes the bits of a 64-bit value so that every input bit affects every output bit.
   *
   * @param z the value
   * @return the mixed value
   */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static int mixToInt(long key) {
    return (int) (mix64(key) >>> 32);
  }

  /**
   * Hashes bytes with a seed: the same bytes and seed give the same value on every JVM.
   *
   * @param seed the seed
   * @param bytes the bytes
   * @return a 64-bit hash
   */
  public static long hash(long seed, byte[] bytes) {
    long h = mix64(seed ^ 0x9e3779b97f4a7c15L ^ bytes.length);
    long word = 0;
    int n = 0;
    for (byte b : bytes) {
      word = (word << 8) | (b & 0xff);
      if (++n == 8) {
        h = mix64(h ^ word) + 0x9e3779b97f4a7c15L;
        word = 0;
        n = 0;
      }
    }
    return mix64(h ^ word ^ ((long) n << 56));
  }
}
