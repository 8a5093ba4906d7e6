package io.github.netboot6.examples.responder;

/**
 * A token bucket per client, in a fixed table indexed by a hash of the client's identifier: memory
 * stays the same whatever the number of clients, at the price that two clients whose hashes meet
 * share a bucket. Thread-safe: the responders of several UDP threads share one.
 */
final class RateLimiter {
  private final int mask;
  private final long[] keys;
  private final double[] tokens;
  private final long[] lastNanos;
  private final double perSecond;
  private final double burst;

  /**
   * @param perSecond messages per second a client may send in the long run
   * @param burst messages a client may send at once
   * @param buckets table size, a power of two
   */
  RateLimiter(double perSecond, double burst, int buckets) {
    if (Integer.bitCount(buckets) != 1) {
      throw new IllegalArgumentException("buckets: " + buckets + " (expected: a power of two)");
    }
    this.mask = buckets - 1;
    this.keys = new long[buckets];
    this.tokens = new double[buckets];
    this.lastNanos = new long[buckets];
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** Takes one token for the client with this 64-bit key; returns false if it has none left. */
  synchronized boolean tryAcquire(long key, long nowNanos) {
    int i = (int) (mix(key) & mask);
    if (keys[i] != key || lastNanos[i] == 0) {
      keys[i] = key;
      tokens[i] = burst;
      lastNanos[i] = nowNanos;
    } else {
      double refill = (nowNanos - lastNanos[i]) * 1e-9 * perSecond;
      tokens[i] = Math.min(burst, tokens[i] + refill);
      lastNanos[i] = nowNanos;
    }
    if (tokens[i] >= 1) {
      tokens[i] -= 1;
      return true;
    }
    return false;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
