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
 * Where the allocator hands out blocks: a prefix ({@code /64} to {@code /124}) or an address range
 * of at most 2<sup>64</sup> addresses, cut into aligned blocks by a {@link BlockLayout}, with
 * reserved address ranges that are never handed out.
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
 * <p>Why not {@code /48}: block offsets are 64-bit numbers ({@link BlockLayout}), so a pool spans
 * at most 2<sup>64</sup> addresses; a {@code /48} site prefix is split into {@code /64} pools, one
 * per link, which is also how DHCPv6 hands out addresses on a link.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AddressPool {

  /** The shortest prefix a pool accepts. */
  public static final int MIN_PREFIX_LENGTH = 64;

  /** The longest prefix a pool accepts. */
  public static final int MAX_PREFIX_LENGTH = 124;

  private final Ipv6Address first;
  private final Ipv6Address last;
  private final Ipv6Address base;
  private final @Nullable Ipv6Prefix prefix;
  private final BlockLayout layout;
  private final long lastBlock;
  // Sorted, disjoint, non-adjacent intervals of unavailable blocks.
  private final long[] excludedStart;
  private final long[] excludedEnd;
  private final BigInteger excludedCount;

  private AddressPool(Builder builder) {
    this.layout = builder.layout;
    this.prefix = builder.prefix;
    this.first = builder.first;
    this.last = builder.last;
    int k = layout.blockSizeLog2();
    this.base = first.mask(128 - k);
    long lastOffset = offsetUnchecked(last);
    this.lastBlock = lastOffset >>> k;
    List<long[]> excluded = new ArrayList<>();
    long firstOffset = offsetUnchecked(first);
    if (layout.offsetInBlock(firstOffset) != 0) {
      excluded.add(new long[] {0, 0});
    }
    if (layout.offsetInBlock(lastOffset) != layout.blockSize() - 1) {
      excluded.add(new long[] {lastBlock, lastBlock});
    }
    for (Ipv6Address[] range : builder.reserved) {
      Ipv6Address from = range[0].compareTo(first) < 0 ? first : range[0];
      Ipv6Address to = range[1].compareTo(last) > 0 ? last : range[1];
      if (from.compareTo(to) > 0) {
        continue; // outside the pool
      }
      long fromOffset = offsetUnchecked(from);
      long toOffset = offsetUnchecked(to);
      long fromBlock = fromOffset >>> k;
      long toBlock = toOffset >>> k;
      long lo = handsOutWithin(fromBlock, fromOffset, toOffset) ? fromBlock : fromBlock + 1;
      long hi = handsOutWithin(toBlock, fromOffset, toOffset) ? toBlock : toBlock - 1;
      if (lo <= hi) {
        excluded.add(new long[] {lo, hi});
      }
    }
    excluded.sort((a, b) -> Long.compare(a[0], b[0]));
    List<long[]> merged = new ArrayList<>();
    for (long[] interval : excluded) {
      long[] previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (previous != null && interval[0] <= previous[1] + 1) {
        previous[1] = Math.max(previous[1], interval[1]);
      } else {
        merged.add(interval.clone());
      }
    }
    excludedStart = new long[merged.size()];
    excludedEnd = new long[merged.size()];
    BigInteger count = BigInteger.ZERO;
    for (int i = 0; i < merged.size(); i++) {
      excludedStart[i] = merged.get(i)[0];
      excludedEnd[i] = merged.get(i)[1];
      count = count.add(BigInteger.valueOf(excludedEnd[i] - excludedStart[i]).add(BigInteger.ONE));
    }
    excludedCount = count;
  }

  /** Tells whether block {@code block} hands out an address with offset in {@code [from, to]}. */
  private boolean handsOutWithin(long block, long from, long to) {
    if (inRange(layout.permanentAddressOffset(block), from, to)) {
      return true;
    }
    long start = layout.blockStartOffset(block);
    for (int offset : layout.slots().values()) {
      if (inRange(start + offset, from, to)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inRange(long x, long from, long to) {
    return Long.compareUnsigned(x, from) >= 0 && Long.compareUnsigned(x, to) <= 0;
  }

  /**
   * Returns a builder for a pool over a whole prefix.
   *
   * @param prefix the prefix, {@code /64} to {@code /124}, at least as large as a block
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
   * @param prefix the prefix, {@code /64} to {@code /124}
   * @return the pool
   * @throws IllegalArgumentException if the prefix length is outside 64..124
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
   * Returns the index of the last block.
   *
   * @return the largest block index, below 2<sup>63</sup>
   */
  public long lastBlockIndex() {
    return lastBlock;
  }

  /**
   * Returns the number of blocks, available or not.
   *
   * @return {@code lastBlockIndex() + 1}, exact
   */
  public BigInteger blockCount() {
    return BigInteger.valueOf(lastBlock).add(BigInteger.ONE);
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
   * @return false if it is outside {@code 0..lastBlockIndex()}, reserved or not wholly in the pool
   */
  public boolean isAvailable(long block) {
    return block >= 0 && block <= lastBlock && excludedIndex(block) < 0;
  }

  /**
   * Returns the first available block at or after {@code block}.
   *
   * @param block a block index, {@code 0..lastBlockIndex()}
   * @return the block index, or -1 if none
   */
  long nextAvailable(long block) {
    int i = excludedIndex(block);
    if (i < 0) {
      return block;
    }
    long next = excludedEnd[i] + 1;
    return next <= lastBlock && next > 0 ? next : -1;
  }

  private int excludedIndex(long block) {
    int i = Arrays.binarySearch(excludedStart, block);
    if (i >= 0) {
      return i;
    }
    int before = -i - 2;
    return before >= 0 && block <= excludedEnd[before] ? before : -1;
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
   * Returns the block as a prefix, e.g. {@code 2001:db8::8/125}.
   *
   * @param block the block index, {@code 0..lastBlockIndex()}
   * @return the prefix block
   */
  public Ipv6Prefix blockPrefix(long block) {
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
   * Returns the offset of an address from the base.
   *
   * @param address an address in the pool
   * @return the unsigned 64-bit offset
   * @throws UnavailableAddressException if {@code address} is outside the pool
   */
  public long offsetOf(Ipv6Address address) {
    if (!contains(address)) {
      throw UnavailableAddressException.outsidePool(address, this);
    }
    return offsetUnchecked(address);
  }

  private long offsetUnchecked(Ipv6Address address) {
    return address.low() - base.low();
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
     *     #MIN_PREFIX_LENGTH}..{@value #MAX_PREFIX_LENGTH}, a block is larger than the pool, the
     *     range is reversed or spans more than 2<sup>64</sup> addresses, or blocks of one address
     *     would number more than 2<sup>63</sup>; the message names the values
     */
    public AddressPool build() {
      int k = layout.blockSizeLog2();
      if (prefix != null) {
        checkArgument(
            prefix.length() >= MIN_PREFIX_LENGTH && prefix.length() <= MAX_PREFIX_LENGTH,
            "pool prefix length: %s in %s (expected: %s..%s; split a larger prefix into /64 pools)",
            prefix.length(),
            prefix,
            MIN_PREFIX_LENGTH,
            MAX_PREFIX_LENGTH);
        checkArgument(
            prefix.length() <= 128 - k,
            "block size: /%s blocks are larger than pool %s (expected: blocks of at most /%s)",
            128 - k,
            prefix,
            prefix.length());
        checkArgument(
            k > 0 || prefix.length() > MIN_PREFIX_LENGTH,
            "pool %s: 2^64 blocks of one address (expected: a /65 or longer prefix, or a range of"
                + " at most 2^63 addresses, for blocks of one address)",
            prefix);
      } else {
        checkArgument(
            first.compareTo(last) <= 0, "pool range: %s-%s (expected: first <= last)", first, last);
        Ipv6Address base = first.mask(128 - k);
        checkArgument(
            base.high() == last.high()
                || (last.high() == base.high() + 1
                    && Long.compareUnsigned(last.low(), base.low()) < 0),
            "pool range: %s-%s spans more than 2^64 addresses from %s (expected: at most 2^64)",
            first,
            last,
            base);
        long span = last.low() - base.low();
        checkArgument(
            k > 0 || span >= 0,
            "pool range: %s-%s holds more than 2^63 addresses (expected: at most 2^63, for blocks"
                + " of one address)",
            first,
            last);
        checkArgument(
            Long.compareUnsigned(span, (1L << k) - 1) >= 0,
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
