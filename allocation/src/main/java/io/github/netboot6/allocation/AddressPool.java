package io.github.netboot6.allocation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the allocator hands out blocks: a prefix ({@code /48} to {@code /124}) or an address range
 * of at most 2<sup>80</sup> addresses (as many as a {@code /48}), cut into aligned blocks by a
 * {@link BlockLayout}, with reserved address ranges that are never handed out.
 *
 * <p>Blocks are numbered from 0 at the pool's base address: the prefix's first address, or a
 * range's first address rounded down to the block size. A block is <em>available</em> unless it is
 * not wholly inside the pool (only possible for a range) or one of the addresses it hands out (its
 * permanent address and its phase slots) lies in a reserved range. A prefix pool reserves its
 * subnet-router anycast address (RFC 4291 §2.6.1) by default; with the default first-usable layout
 * that leaves block 0 available with its permanent address at {@code ::1}. {@link
 * Builder#reserveLow(long)} reserves a low range for routers and servers.
 *
 * <pre>{@code
 * AddressPool pool = AddressPool.builder(Ipv6Prefix.parse("2001:db8::/64"))
 *     .reserveLow(256)                  // ::0 to ::ff for routers and servers
 *     .build();                         // default layout: /125 blocks, first host at ::100
 * }</pre>
 *
 * <h2>Wide pools: block numbers past 64 bits</h2>
 *
 * <p>A {@code /48} of the default {@code /125} blocks holds 2<sup>77</sup> blocks. Block numbers
 * and address offsets are {@code long}s where they fit, and {@link BigInteger}s where they may not:
 * a pool is <em>wide</em> ({@link #isWide()}) when its last block number passes 2<sup>63</sup>-1 or
 * it spans more than 2<sup>64</sup> addresses, e.g. a {@code /64} of blocks of one address or any
 * prefix shorter than {@code /64}. The {@code BigInteger} methods ({@link #lastBlockNumber()},
 * {@link #isAvailable(BigInteger)}, {@link #blockPrefix(BigInteger)}, {@link
 * #addressAt(BigInteger)}, {@link #blockNumberOf(Ipv6Address)}, {@link
 * #offsetNumberOf(Ipv6Address)}) answer for every pool. The {@code long} methods answer for every
 * value they can represent and throw {@link ArithmeticException}, naming the value, for one they
 * cannot ({@link #lastBlockIndex()} of a wide pool, {@link #offsetOf(Ipv6Address)} of an address
 * 2<sup>64</sup> or more past the base); they never truncate. {@code BigInteger} was chosen over a
 * value type of its own because it is exact, known to every Java programmer, and what {@link
 * AllocationStatistics} already counts in; the allocator keeps blocks below 2<sup>63</sup> in
 * {@code long}s internally, so pools that are not wide pay nothing for it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AddressPool {

  /** The shortest prefix a pool accepts: a site's {@code /48}. */
  public static final int MIN_PREFIX_LENGTH = 48;

  /** The longest prefix a pool accepts. */
  public static final int MAX_PREFIX_LENGTH = 124;

  /**
   * The most addresses a range pool may span from its base, as a power of two: as a {@code /48}.
   */
  public static final int MAX_RANGE_SIZE_LOG2 = 128 - MIN_PREFIX_LENGTH;

  private static final BigInteger ONE = BigInteger.ONE;
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

  private final Ipv6Address first;
  private final Ipv6Address last;
  private final Ipv6Address base;
  private final BigInteger baseNumber;
  private final @Nullable Ipv6Prefix prefix;
  private final BlockLayout layout;
  private final BigInteger lastBlockNumber;
  private final boolean wide;
  // The last block below 2^63: lastBlockNumber, or Long.MAX_VALUE in a wide pool.
  private final long lastLongBlock;
  // Sorted, disjoint, non-adjacent intervals of unavailable blocks below 2^63 (cut at 2^63-1).
  private final long[] excludedStart;
  private final long[] excludedEnd;
  // The same intervals, all of them, exact; only wide pools search these.
  private final BigInteger[] excludedStartNumber;
  private final BigInteger[] excludedEndNumber;
  private final BigInteger excludedCount;

  private AddressPool(Builder builder) {
    this.layout = builder.layout;
    this.prefix = builder.prefix;
    this.first = builder.first;
    this.last = builder.last;
    int k = layout.blockSizeLog2();
    this.base = first.mask(128 - k);
    this.baseNumber = BlockNumbers.of(base);
    BigInteger lastOffset = offsetNumberUnchecked(last);
    this.lastBlockNumber = lastOffset.shiftRight(k);
    this.wide =
        !BlockNumbers.fitsLong(lastBlockNumber)
            || lastOffset.compareTo(BlockNumbers.UNSIGNED_LONG_LIMIT) >= 0;
    this.lastLongBlock = wide ? Long.MAX_VALUE : lastBlockNumber.longValueExact();
    int mask = layout.blockSize() - 1;
    List<BigInteger[]> excluded = new ArrayList<>();
    if (offsetNumberUnchecked(first).intValue() != 0) {
      excluded.add(new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
    }
    if ((lastOffset.intValue() & mask) != mask) {
      excluded.add(new BigInteger[] {lastBlockNumber, lastBlockNumber});
    }
    for (Ipv6Address[] range : builder.reserved) {
      Ipv6Address from = range[0].compareTo(first) < 0 ? first : range[0];
      Ipv6Address to = range[1].compareTo(last) > 0 ? last : range[1];
      if (from.compareTo(to) > 0) {
        continue; // outside the pool
      }
      BigInteger fromOffset = offsetNumberUnchecked(from);
      BigInteger toOffset = offsetNumberUnchecked(to);
      BigInteger fromBlock = fromOffset.shiftRight(k);
      BigInteger toBlock = toOffset.shiftRight(k);
      BigInteger lo =
          handsOutWithin(fromBlock, fromOffset, toOffset) ? fromBlock : fromBlock.add(ONE);
      BigInteger hi =
          handsOutWithin(toBlock, fromOffset, toOffset) ? toBlock : toBlock.subtract(ONE);
      if (lo.compareTo(hi) <= 0) {
        excluded.add(new BigInteger[] {lo, hi});
      }
    }
    excluded.sort((a, b) -> a[0].compareTo(b[0]));
    List<BigInteger[]> merged = new ArrayList<>();
    for (BigInteger[] interval : excluded) {
      BigInteger[] previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (previous != null && interval[0].compareTo(previous[1].add(ONE)) <= 0) {
        previous[1] = previous[1].max(interval[1]);
      } else {
        merged.add(interval.clone());
      }
    }
    int n = merged.size();
    excludedStartNumber = new BigInteger[n];
    excludedEndNumber = new BigInteger[n];
    BigInteger count = BigInteger.ZERO;
    int narrow = 0;
    for (int i = 0; i < n; i++) {
      excludedStartNumber[i] = merged.get(i)[0];
      excludedEndNumber[i] = merged.get(i)[1];
      count = count.add(excludedEndNumber[i].subtract(excludedStartNumber[i])).add(ONE);
      if (BlockNumbers.fitsLong(excludedStartNumber[i])) {
        narrow++;
      }
    }
    excludedStart = new long[narrow];
    excludedEnd = new long[narrow];
    for (int i = 0; i < narrow; i++) {
      excludedStart[i] = excludedStartNumber[i].longValueExact();
      excludedEnd[i] = excludedEndNumber[i].min(MAX_LONG).longValueExact();
    }
    excludedCount = count;
  }

  /** Tells whether block {@code block} hands out an address with offset in {@code [from, to]}. */
  private boolean handsOutWithin(BigInteger block, BigInteger from, BigInteger to) {
    if (inRange(layout.permanentAddressOffset(block), from, to)) {
      return true;
    }
    BigInteger start = layout.blockStartOffset(block);
    for (int offset : layout.slots().values()) {
      if (inRange(start.add(BigInteger.valueOf(offset)), from, to)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inRange(BigInteger x, BigInteger from, BigInteger to) {
    return x.compareTo(from) >= 0 && x.compareTo(to) <= 0;
  }

  /**
   * Returns a builder for a pool over a whole prefix.
   *
   * @param prefix the prefix, {@code /48} to {@code /124}, at least as large as a block
   * @return a new builder with the default layout and the subnet-router anycast address reserved
   */
  public static Builder builder(Ipv6Prefix prefix) {
    requireNonNull(prefix, "prefix");
    return new Builder(prefix, prefix.first(), prefix.last());
  }

  /**
   * Returns a builder for a pool over an address range.
   *
   * @param first the first address of the range
   * @param last the last address of the range, inclusive
   * @return a new builder with the default layout and nothing reserved
   */
  public static Builder builder(Ipv6Address first, Ipv6Address last) {
    return new Builder(null, requireNonNull(first, "first"), requireNonNull(last, "last"));
  }

  /**
   * Returns the pool over {@code prefix} with the default layout and reservations.
   *
   * @param prefix the prefix, {@code /48} to {@code /124}
   * @return the pool
   * @throws IllegalArgumentException if the prefix length is outside 48..124
   */
  public static AddressPool of(Ipv6Prefix prefix) {
    return builder(prefix).build();
  }

  /**
   * Returns the layout of the blocks.
   *
   * @return the layout
   */
  public BlockLayout layout() {
    return layout;
  }

  /**
   * Returns the pool's first address.
   *
   * @return the first address
   */
  public Ipv6Address first() {
    return first;
  }

  /**
   * Returns the pool's last address.
   *
   * @return the last address, inclusive
   */
  public Ipv6Address last() {
    return last;
  }

  /**
   * Returns the address that block 0 starts at.
   *
   * @return the base address, aligned on the block size
   */
  public Ipv6Address base() {
    return base;
  }

  /**
   * Tells whether some of the pool's block numbers or address offsets do not fit the {@code long}
   * methods: its last block number passes 2<sup>63</sup>-1, or it spans more than 2<sup>64</sup>
   * addresses. A {@code /64} of blocks of 2 or more addresses is not wide; a {@code /64} of blocks
   * of one address, and every prefix shorter than {@code /64}, is.
   *
   * @return true if the pool is wide (see the class documentation)
   */
  public boolean isWide() {
    return wide;
  }

  /**
   * Returns the index of the last block, for a pool that is not {@linkplain #isWide() wide}.
   *
   * @return the largest block index, below 2<sup>63</sup>
   * @throws ArithmeticException if the pool is wide and its last block number passes
   *     2<sup>63</sup>-1; the message names it ({@link #lastBlockNumber()} answers for every pool)
   */
  public long lastBlockIndex() {
    if (!BlockNumbers.fitsLong(lastBlockNumber)) {
      throw BlockNumbers.tooLarge(
          "last block index of pool " + this, lastBlockNumber, "2^63-1", "lastBlockNumber()");
    }
    return lastBlockNumber.longValueExact();
  }

  /**
   * Returns the number of the last block, for any pool.
   *
   * @return the largest block number, below 2<sup>80</sup>
   */
  public BigInteger lastBlockNumber() {
    return lastBlockNumber;
  }

  /** The last block below 2^63: the last block of a pool that is not wide, else 2^63-1. */
  long lastLongBlock() {
    return lastLongBlock;
  }

  /**
   * Returns the number of blocks, available or not.
   *
   * @return {@code lastBlockNumber() + 1}, exact
   */
  public BigInteger blockCount() {
    return lastBlockNumber.add(ONE);
  }

  /**
   * Returns the number of blocks that are not available (reserved, or not wholly in the pool).
   *
   * @return the count, exact
   */
  public BigInteger unavailableBlockCount() {
    return excludedCount;
  }

  /**
   * Tells whether a block can be handed out.
   *
   * @param block the block index
   * @return false if it is outside the pool's blocks, reserved or not wholly in the pool
   */
  public boolean isAvailable(long block) {
    return block >= 0 && block <= lastLongBlock && excludedIndex(block) < 0;
  }

  /**
   * Tells whether a block can be handed out, for any block number.
   *
   * @param block the block number
   * @return false if it is outside {@code 0..lastBlockNumber()}, reserved or not wholly in the pool
   */
  public boolean isAvailable(BigInteger block) {
    requireNonNull(block, "block");
    if (BlockNumbers.fitsLong(block)) {
      return isAvailable(block.longValueExact());
    }
    return block.signum() >= 0 && block.compareTo(lastBlockNumber) <= 0 && excludedIndex(block) < 0;
  }

  /**
   * Returns the first available block at or after {@code block}, below 2<sup>63</sup>.
   *
   * @param block a block index, {@code 0..lastLongBlock()}
   * @return the block index, or -1 if none below 2<sup>63</sup>
   */
  long nextAvailable(long block) {
    int i = excludedIndex(block);
    if (i < 0) {
      return block;
    }
    long next = excludedEnd[i] + 1;
    return next <= lastLongBlock && next > 0 ? next : -1;
  }

  /**
   * Returns the first available block at or after {@code block}, for any block number.
   *
   * @param block a block number, 0 or more
   * @return the block number, or null if none up to {@link #lastBlockNumber()}
   */
  @Nullable BigInteger nextAvailable(BigInteger block) {
    if (block.compareTo(lastBlockNumber) > 0) {
      return null;
    }
    int i = excludedIndex(block);
    if (i < 0) {
      return block;
    }
    BigInteger next = excludedEndNumber[i].add(ONE);
    return next.compareTo(lastBlockNumber) <= 0 ? next : null;
  }

  private int excludedIndex(long block) {
    int i = Arrays.binarySearch(excludedStart, block);
    if (i >= 0) {
      return i;
    }
    int before = -i - 2;
    return before >= 0 && block <= excludedEnd[before] ? before : -1;
  }

  private int excludedIndex(BigInteger block) {
    int i = Arrays.binarySearch(excludedStartNumber, block);
    if (i >= 0) {
      return i;
    }
    int before = -i - 2;
    return before >= 0 && block.compareTo(excludedEndNumber[before]) <= 0 ? before : -1;
  }

  /**
   * Returns the address at {@code offset} from the base.
   *
   * @param offset an unsigned 64-bit offset
   * @return the address
   */
  public Ipv6Address addressAt(long offset) {
    long low = base.low() + offset;
    long carry = Long.compareUnsigned(low, base.low()) < 0 ? 1 : 0;
    return Ipv6Address.of(base.high() + carry, low);
  }

  /**
   * Returns the address at {@code offset} from the base, for any offset.
   *
   * @param offset the offset, 0 or more
   * @return the address
   * @throws IllegalArgumentException if {@code offset} is negative
   * @throws ArithmeticException if the address would pass {@code
   *     ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff}
   */
  public Ipv6Address addressAt(BigInteger offset) {
    checkArgument(
        requireNonNull(offset, "offset").signum() >= 0, "offset: %s (expected: >= 0)", offset);
    return BlockNumbers.address(baseNumber.add(offset));
  }

  /**
   * Returns the block as a prefix, e.g. {@code 2001:db8::8/125}.
   *
   * @param block the block index, 0 or more
   * @return the prefix block
   * @throws IllegalArgumentException if {@code block} is negative
   */
  public Ipv6Prefix blockPrefix(long block) {
    if (layout.hasLongOffsets(block)) {
      return Ipv6Prefix.of(addressAt(layout.blockStartOffset(block)), layout.blockPrefixLength());
    }
    checkArgument(block >= 0, "block index: %s (expected: >= 0)", block);
    return blockPrefix(BigInteger.valueOf(block));
  }

  /**
   * Returns the block as a prefix, for any block number.
   *
   * @param block the block number, 0 or more
   * @return the prefix block
   * @throws IllegalArgumentException if {@code block} is negative
   */
  public Ipv6Prefix blockPrefix(BigInteger block) {
    return Ipv6Prefix.of(addressAt(layout.blockStartOffset(block)), layout.blockPrefixLength());
  }

  /**
   * Tells whether an address lies in the pool.
   *
   * @param address the address
   * @return true if between {@link #first()} and {@link #last()}
   */
  public boolean contains(Ipv6Address address) {
    return address.compareTo(first) >= 0 && address.compareTo(last) <= 0;
  }

  /**
   * Returns the offset of an address from the base, as an unsigned 64-bit number.
   *
   * @param address an address in the pool
   * @return the unsigned 64-bit offset
   * @throws UnavailableAddressException if {@code address} is outside the pool
   * @throws ArithmeticException if the offset is 2<sup>64</sup> or more (only in a {@linkplain
   *     #isWide() wide} pool); the message names it ({@link #offsetNumberOf} answers for every
   *     address)
   */
  public long offsetOf(Ipv6Address address) {
    if (!contains(address)) {
      throw UnavailableAddressException.outsidePool(address, this);
    }
    if (wide) {
      BigInteger offset = offsetNumberUnchecked(address);
      if (offset.compareTo(BlockNumbers.UNSIGNED_LONG_LIMIT) >= 0) {
        throw BlockNumbers.tooLarge(
            "offset of " + address + " in pool " + this,
            offset,
            "2^64-1, unsigned",
            "offsetNumberOf(Ipv6Address)");
      }
    }
    return address.low() - base.low();
  }

  /**
   * Returns the offset of an address from the base, for any address of the pool.
   *
   * @param address an address in the pool
   * @return the offset, 0 or more
   * @throws UnavailableAddressException if {@code address} is outside the pool
   */
  public BigInteger offsetNumberOf(Ipv6Address address) {
    if (!contains(address)) {
      throw UnavailableAddressException.outsidePool(address, this);
    }
    return offsetNumberUnchecked(address);
  }

  /**
   * Returns the number of the block that holds an address, for any address of the pool.
   *
   * @param address an address in the pool
   * @return the block number, {@code 0..lastBlockNumber()}
   * @throws UnavailableAddressException if {@code address} is outside the pool
   */
  public BigInteger blockNumberOf(Ipv6Address address) {
    return offsetNumberOf(address).shiftRight(layout.blockSizeLog2());
  }

  private BigInteger offsetNumberUnchecked(Ipv6Address address) {
    return BlockNumbers.of(address).subtract(baseNumber);
  }

  /**
   * Returns the pool for logs, e.g. {@code 2001:db8::/64 (/125 blocks)}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return (prefix != null ? prefix.toString() : first + "-" + last)
        + " (/"
        + layout.blockPrefixLength()
        + " blocks)";
  }

  /**
   * Builds an {@link AddressPool}; {@link #build()} checks the values together.
   *
   * <p>A builder is not thread-safe.
   */
  public static final class Builder {
    private final @Nullable Ipv6Prefix prefix;
    private final Ipv6Address first;
    private final Ipv6Address last;
    private BlockLayout layout = BlockLayout.defaults();
    private final List<Ipv6Address[]> reserved = new ArrayList<>();

    private Builder(@Nullable Ipv6Prefix prefix, Ipv6Address first, Ipv6Address last) {
      this.prefix = prefix;
      this.first = first;
      this.last = last;
      if (prefix != null) {
        reserved.add(new Ipv6Address[] {first, first});
      }
    }

    /**
     * Sets the block layout.
     *
     * @param layout the layout (default {@link BlockLayout#defaults()})
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder layout(BlockLayout layout) {
      this.layout = requireNonNull(layout, "layout");
      return this;
    }

    /**
     * Reserves an address range: no block that hands out an address in it is allocated.
     *
     * @param from the first reserved address
     * @param to the last reserved address, inclusive
     * @return this builder
     * @throws IllegalArgumentException if {@code from} is after {@code to}
     */
    @CanIgnoreReturnValue
    public Builder reserve(Ipv6Address from, Ipv6Address to) {
      checkArgument(
          requireNonNull(from, "from").compareTo(requireNonNull(to, "to")) <= 0,
          "reserved range: %s-%s (expected: first <= last)",
          from,
          to);
      reserved.add(new Ipv6Address[] {from, to});
      return this;
    }

    /**
     * Reserves a prefix.
     *
     * @param reservedPrefix the prefix
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder reserve(Ipv6Prefix reservedPrefix) {
      return reserve(reservedPrefix.first(), reservedPrefix.last());
    }

    /**
     * Reserves the first {@code count} addresses of the pool, for routers and servers.
     *
     * @param count the number of addresses, from the pool's first address
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is negative
     */
    @CanIgnoreReturnValue
    public Builder reserveLow(long count) {
      checkArgument(count >= 0, "low reserved count: %s (expected: >= 0)", count);
      if (count > 0) {
        reserved.add(new Ipv6Address[] {first, first.add(count - 1)});
      }
      return this;
    }

    /**
     * Builds the pool.
     *
     * @return the pool
     * @throws IllegalArgumentException if the prefix length is outside {@value
     *     #MIN_PREFIX_LENGTH}..{@value #MAX_PREFIX_LENGTH}, a block is larger than the pool, or the
     *     range is reversed, smaller than one aligned block or spans more than 2<sup>{@value
     *     #MAX_RANGE_SIZE_LOG2}</sup> addresses from its base; the message names the values
     */
    public AddressPool build() {
      int k = layout.blockSizeLog2();
      if (prefix != null) {
        checkArgument(
            prefix.length() >= MIN_PREFIX_LENGTH && prefix.length() <= MAX_PREFIX_LENGTH,
            "pool prefix length: %s in %s (expected: %s..%s; split a larger prefix into /%s pools)",
            prefix.length(),
            prefix,
            MIN_PREFIX_LENGTH,
            MAX_PREFIX_LENGTH,
            MIN_PREFIX_LENGTH);
        checkArgument(
            prefix.length() <= 128 - k,
            "block size: /%s blocks are larger than pool %s (expected: blocks of at most /%s)",
            128 - k,
            prefix,
            prefix.length());
      } else {
        checkArgument(
            first.compareTo(last) <= 0, "pool range: %s-%s (expected: first <= last)", first, last);
        Ipv6Address base = first.mask(128 - k);
        BigInteger span = BlockNumbers.of(last).subtract(BlockNumbers.of(base));
        checkArgument(
            span.bitLength() <= MAX_RANGE_SIZE_LOG2,
            "pool range: %s-%s spans %s addresses from %s (expected: at most 2^%s, as many as a"
                + " /%s)",
            first,
            last,
            span.add(ONE),
            base,
            MAX_RANGE_SIZE_LOG2,
            MIN_PREFIX_LENGTH);
        checkArgument(
            span.compareTo(BigInteger.valueOf((1L << k) - 1)) >= 0,
            "pool range: %s-%s is smaller than one block of %s addresses (expected: at least one"
                + " aligned block)",
            first,
            last,
            1 << k);
      }
      return new AddressPool(this);
    }
  }
}
