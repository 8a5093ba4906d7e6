package io.github.netboot6.allocation;

/**
 * How the allocator picks a free block for a new host. Every strategy is reproducible: the same
 * seed and the same sequence of calls give the same blocks.
 *
 * <ul>
 *   <li>{@link #lowestFree()}: the lowest free block, the "next free address" (the first host of
 *       {@code 2001:db8::/64} gets {@code ::1}, the next {@code ::8}).
 *   <li>{@link #sequential()}: the first free block after the last one handed out, wrapping around;
 *       released blocks are reused only after a full turn.
 *   <li>{@link #random(long)}: a uniformly random block, then the first free one from there;
 *       addresses are spread over the whole pool, so a scan of the pool finds no host.
 *   <li>{@link #deterministic(long)}: a hash of the host key (its MAC address or DUID) chooses
 *       where to start, then the first free block from there: a host gets the same block again in a
 *       fresh pool, as long as no other host got there first.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AllocationStrategy {

  /** The kinds of strategy. */
  public enum Kind {
    /** The lowest free block. */
    LOWEST_FREE,
    /** The first free block after a cursor. */
    SEQUENTIAL,
    /** A random start, then the first free block. */
    RANDOM,
    /** A hash of the host key as the start, then the first free block. */
    DETERMINISTIC
  }

  private static final AllocationStrategy LOWEST = new AllocationStrategy(Kind.LOWEST_FREE, 0);
  private static final AllocationStrategy SEQUENTIAL_FROM_ZERO =
      new AllocationStrategy(Kind.SEQUENTIAL, 0);

  private final Kind kind;
  private final long seed;

  private AllocationStrategy(Kind kind, long seed) {
    this.kind = kind;
    this.seed = seed;
  }

  /**
   * Returns the lowest-free strategy (the default).
   *
   * @return the strategy
   */
  public static AllocationStrategy lowestFree() {
    return LOWEST;
  }

  /**
   * Returns the sequential strategy, with its cursor at block 0.
   *
   * @return the strategy
   */
  public static AllocationStrategy sequential() {
    return SEQUENTIAL_FROM_ZERO;
  }

  /**
   * Returns the random strategy.
   *
   * @param seed the seed of the random sequence
   * @return the strategy
   */
  public static AllocationStrategy random(long seed) {
    return new AllocationStrategy(Kind.RANDOM, seed);
  }

  /**
   * Returns the deterministic strategy.
   *
   * @param seed mixed into the hash, so that two sites with the same MAC addresses need not pick
   *     the same blocks
   * @return the strategy
   */
  public static AllocationStrategy deterministic(long seed) {
    return new AllocationStrategy(Kind.DETERMINISTIC, seed);
  }

  /**
   * Returns the kind of strategy.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the seed.
   *
   * @return the seed; 0 for the strategies that take none
   */
  public long seed() {
    return seed;
  }

  /**
   * Returns the strategy for logs, e.g. {@code random(seed=42)}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT)
        + (kind == Kind.RANDOM || kind == Kind.DETERMINISTIC ? "(seed=" + seed + ")" : "");
  }
}
