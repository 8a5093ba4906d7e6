package io.github.netboot6.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.net.Inet6Address;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An IPv6 address: an immutable 128-bit value held as two {@code long}s, ordered as an unsigned
 * number.
 *
 * <p>{@link #parse} accepts every text form of RFC 4291 §2.2; {@link #toString} writes the
 * canonical form of RFC 5952 §4. Example:
 *
 * <pre>{@code
 * Ipv6Address a = Ipv6Address.parse("2001:0DB8:0:0:0:0:0:0001");
 * a.toString();                   // "2001:db8::1"
 * a.add(7).toString();            // "2001:db8::8"
 * a.toPrefixBlock(64).toString(); // "2001:db8::/64"
 * }</pre>
 *
 * <p>An {@code Ipv6Address} has no zone (scope id): text with a zone index such as {@code
 * fe80::1%eth0} is rejected, and {@link #fromInetAddress} drops the scope of an {@link
 * Inet6Address}. Keep scoped addresses, where the link matters, in {@code Inet6Address}.
 *
 * <p>Instances are value-based: compare them with {@link #equals}, not {@code ==}.
 */
public final class Ipv6Address implements Comparable<Ipv6Address> {

  /** The number of bytes in an IPv6 address. */
  public static final int BYTES = 16;

  /** The number of bits in an IPv6 address. */
  public static final int BITS = 128;

  /** The unspecified address {@code ::} (RFC 4291 §2.5.2). */
  public static final Ipv6Address UNSPECIFIED = new Ipv6Address(0, 0);

  /** The loopback address {@code ::1} (RFC 4291 §2.5.3). */
  public static final Ipv6Address LOOPBACK = new Ipv6Address(0, 1);

  /**
   * The link-scoped multicast address {@code ff02::1:2} of all DHCPv6 relay agents and servers (RFC
   * 8415 §7.1), where clients send their messages.
   */
  public static final Ipv6Address ALL_DHCP_RELAY_AGENTS_AND_SERVERS =
      new Ipv6Address(0xff02_0000_0000_0000L, 0x0000_0000_0001_0002L);

  /**
   * The site-scoped multicast address {@code ff05::1:3} of all DHCPv6 servers (RFC 8415 §7.1),
   * where relay agents may send.
   */
  public static final Ipv6Address ALL_DHCP_SERVERS =
      new Ipv6Address(0xff05_0000_0000_0000L, 0x0000_0000_0001_0003L);

  private static final long MAPPED_IPV4_LOW_PREFIX = 0x0000_ffffL;

  private final long high;
  private final long low;

  private Ipv6Address(long high, long low) {
    this.high = high;
    this.low = low;
  }

  /**
   * Returns the address whose upper 64 bits are {@code high} and lower 64 bits are {@code low}.
   *
   * @param high the upper (network-order first) 64 bits
   * @param low the lower 64 bits
   * @return the address
   */
  public static Ipv6Address of(long high, long low) {
    return new Ipv6Address(high, low);
  }

  /**
   * Parses any text form of RFC 4291 §2.2.
   *
   * <p>Accepted: eight groups of one to four hex digits in either case ({@code
   * 2001:DB8:0:0:8:800:200C:417A}); one {@code ::} anywhere, standing for one or more zero groups
   * ({@code ff01::101}, {@code ::1}, {@code ::}); and a dotted-decimal IPv4 address in the last 32
   * bits (RFC 4291 §2.5.5: {@code ::ffff:192.0.2.1}, {@code 64:ff9b::192.0.2.33}, {@code
   * ::13.1.68.3}). Rejected: zone indexes ({@code fe80::1%eth0}), brackets ({@code [2001:db8::1]},
   * which are URL syntax), prefix lengths, IPv4 octets with leading zeros ({@code 01}, octal to
   * some parsers), surrounding white space, and characters outside ASCII hex digits, {@code ':'}
   * and {@code '.'}.
   *
   * @param text the text
   * @return the address
   * @throws MalformedValueException if {@code text} is not an IPv6 address; the message gives the
   *     index of the problem and the reason
   */
  public static Ipv6Address parse(CharSequence text) {
    checkNotNull(text, "text");
    return Objects.requireNonNull(
        Ipv6AddressParser.parse(text, 0, text.length(), Ipv6AddressParser.ADDRESS_KIND, true));
  }

  /**
   * Parses text like {@link #parse}, returning null instead of throwing.
   *
   * @param text the text
   * @return the address, or null if {@code text} is not an IPv6 address
   */
  public static @Nullable Ipv6Address tryParse(CharSequence text) {
    checkNotNull(text, "text");
    return Ipv6AddressParser.parse(text, 0, text.length(), Ipv6AddressParser.ADDRESS_KIND, false);
  }

  /**
   * Returns whether {@link #parse} would accept the text.
   *
   * @param text the text
   * @return true if {@code text} is an IPv6 address in a form of RFC 4291 §2.2
   */
  public static boolean isValid(CharSequence text) {
    return tryParse(text) != null;
  }

  /**
   * Returns the address held in exactly 16 bytes, in network byte order.
   *
   * @param bytes the 16 bytes
   * @return the address
   * @throws MalformedValueException if {@code bytes} is not 16 bytes long
   */
  public static Ipv6Address fromBytes(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw MalformedValueException.ofBytes(
          Ipv6AddressParser.ADDRESS_KIND,
          bytes,
          0,
          bytes.length,
          MalformedValueException.NO_INDEX,
          "length " + bytes.length + " (expected: 16)");
    }
    return fromBytes(bytes, 0);
  }

  /**
   * Returns the address held in the 16 bytes of {@code bytes} starting at {@code offset}, in
   * network byte order. Bytes after them are ignored.
   *
   * @param bytes the array
   * @param offset the index of the first byte
   * @return the address
   * @throws IndexOutOfBoundsException if {@code offset} is negative or past the end of {@code
   *     bytes}
   * @throws MalformedValueException if fewer than 16 bytes remain from {@code offset}
   */
  public static Ipv6Address fromBytes(byte[] bytes, int offset) {
    Objects.checkIndex(offset, bytes.length + 1);
    int remaining = bytes.length - offset;
    if (remaining < BYTES) {
      throw MalformedValueException.ofBytes(
          Ipv6AddressParser.ADDRESS_KIND,
          bytes,
          offset,
          remaining,
          MalformedValueException.NO_INDEX,
          "truncated: " + remaining + " bytes left (expected: >= 16)");
    }
    return new Ipv6Address(readLong(bytes, offset), readLong(bytes, offset + 8));
  }

  /**
   * Returns the address of an {@link Inet6Address}, dropping its scope id or interface if it has
   * one ({@code fe80::1%eth0} gives {@code fe80::1}).
   *
   * @param address the address
   * @return the address without scope
   */
  public static Ipv6Address fromInetAddress(Inet6Address address) {
    return fromBytes(address.getAddress(), 0);
  }

  /**
   * Returns the upper 64 bits: the first eight bytes in network order.
   *
   * @return the upper 64 bits
   */
  public long high() {
    return high;
  }

  /**
   * Returns the lower 64 bits: the last eight bytes in network order.
   *
   * @return the lower 64 bits
   */
  public long low() {
    return low;
  }

  /**
   * Returns the 16 bytes of this address in network byte order, in a new array.
   *
   * @return a new 16-byte array
   */
  public byte[] toBytes() {
    byte[] bytes = new byte[BYTES];
    writeTo(bytes, 0);
    return bytes;
  }

  /**
   * Writes the 16 bytes of this address in network byte order into {@code dst} at {@code offset}.
   *
   * @param dst the destination array
   * @param offset the index of the first byte to write; the bytes from {@code offset + 16} on are
   *     left untouched
   * @throws IndexOutOfBoundsException if the 16 bytes do not fit in {@code dst} at {@code offset};
   *     nothing is written then
   */
  public void writeTo(byte[] dst, int offset) {
    Objects.checkFromIndexSize(offset, BYTES, dst.length);
    writeLong(dst, offset, high);
    writeLong(dst, offset + 8, low);
  }

  /**
   * Returns this address as an {@link Inet6Address} without a scope, with no DNS lookup. Unlike
   * {@code InetAddress.getByAddress}, an IPv4-mapped address stays an {@code Inet6Address}.
   *
   * @return the address
   */
  public Inet6Address toInet6Address() {
    try {
      return Inet6Address.getByAddress(null, toBytes(), (NetworkInterface) null);
    } catch (UnknownHostException e) {
      throw new AssertionError("16 bytes are always an IPv6 address", e);
    }
  }

  /**
   * Returns the interface identifier: the lower 64 bits (RFC 4291 §2.5.1), as in {@link #low}.
   *
   * @return the lower 64 bits
   */
  public long interfaceIdentifier() {
    return low;
  }

  /**
   * Returns whether this is the unspecified address {@code ::} (RFC 4291 §2.5.2).
   *
   * @return true for {@code ::}
   */
  public boolean isUnspecified() {
    return high == 0 && low == 0;
  }

  /**
   * Returns whether this is the loopback address {@code ::1} (RFC 4291 §2.5.3).
   *
   * @return true for {@code ::1}
   */
  public boolean isLoopback() {
    return high == 0 && low == 1;
  }

  /**
   * Returns whether this is a link-local unicast address, in {@code fe80::/10} (RFC 4291 §2.5.6).
   *
   * @return true if the first 10 bits are {@code 1111111010}
   */
  public boolean isLinkLocal() {
    return (high >>> 54) == 0x3fa;
  }

  /**
   * Returns whether this is a multicast address, in {@code ff00::/8} (RFC 4291 §2.7).
   *
   * @return true if the first byte is {@code ff}
   */
  public boolean isMulticast() {
    return (high >>> 56) == 0xff;
  }

  /**
   * Returns whether this is an IPv4-mapped address, in {@code ::ffff:0:0/96} (RFC 4291 §2.5.5.2).
   * {@link #toString} writes these with the IPv4 address in dotted decimal.
   *
   * @return true for {@code ::ffff:a.b.c.d}
   */
  public boolean isIpv4Mapped() {
    return high == 0 && (low >>> 32) == MAPPED_IPV4_LOW_PREFIX;
  }

  /**
   * Returns this address with the bits after the first {@code prefixLength} set to zero: the lower
   * address of its prefix block.
   *
   * @param prefixLength the number of leading bits to keep, 0 to 128
   * @return the masked address
   * @throws IllegalArgumentException if {@code prefixLength} is outside 0 to 128
   */
  public Ipv6Address mask(int prefixLength) {
    checkPrefixLength(prefixLength);
    return of(high & highMask(prefixLength), low & lowMask(prefixLength));
  }

  /**
   * Returns whether this address is the first of an aligned block of {@code 2^(128 - prefixLength)}
   * addresses: whether its bits after the first {@code prefixLength} are zero. For example {@code
   * 2001:db8::8} is aligned to {@code /125} and {@code 2001:db8::9} is not.
   *
   * @param prefixLength the block's prefix length, 0 to 128
   * @return true if {@code mask(prefixLength)} equals this address
   * @throws IllegalArgumentException if {@code prefixLength} is outside 0 to 128
   */
  public boolean isAligned(int prefixLength) {
    checkPrefixLength(prefixLength);
    return (high & ~highMask(prefixLength)) == 0 && (low & ~lowMask(prefixLength)) == 0;
  }

  /**
   * Returns the prefix block of length {@code prefixLength} that contains this address, for example
   * {@code 2001:db8::9} to {@code /125} gives {@code 2001:db8::8/125}.
   *
   * @param prefixLength the prefix length, 0 to 128
   * @return the prefix block
   * @throws IllegalArgumentException if {@code prefixLength} is outside 0 to 128
   */
  public Ipv6Prefix toPrefixBlock(int prefixLength) {
    return Ipv6Prefix.of(this, prefixLength);
  }

  /**
   * Returns this address plus {@code delta} (which may be negative), like {@link Math#addExact}.
   *
   * @param delta the signed amount to add
   * @return the address {@code delta} after this one
   * @throws ArithmeticException if the result would pass {@code
   *     ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff} or go below {@code ::}; addresses do not wrap
   */
  public Ipv6Address add(long delta) {
    return add128(delta >> 63, delta, delta, '+');
  }

  /**
   * Returns this address minus {@code delta} (which may be negative), like {@link
   * Math#subtractExact}.
   *
   * @param delta the signed amount to subtract
   * @return the address {@code delta} before this one
   * @throws ArithmeticException if the result would go below {@code ::} or pass {@code
   *     ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff}; addresses do not wrap
   */
  public Ipv6Address subtract(long delta) {
    // The 128-bit negation of the sign-extended delta; exact even for Long.MIN_VALUE.
    long negLow = -delta;
    long negHigh = ~(delta >> 63) + (delta == 0 ? 1 : 0);
    return add128(negHigh, negLow, delta, '-');
  }

  /**
   * Returns the address after this one.
   *
   * @return this address plus one
   * @throws ArithmeticException if this is {@code ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff}
   */
  public Ipv6Address next() {
    return add(1);
  }

  /**
   * Returns the address before this one.
   *
   * @return this address minus one
   * @throws ArithmeticException if this is {@code ::}
   */
  public Ipv6Address previous() {
    return subtract(1);
  }

  private Ipv6Address add128(long addHigh, long addLow, long delta, char operator) {
    long sumLow = low + addLow;
    long carry = Long.compareUnsigned(sumLow, low) < 0 ? 1 : 0;
    long sumHigh = high + addHigh + carry;
    int order = compareUnsigned128(sumHigh, sumLow, high, low);
    boolean negative = addHigh < 0;
    if ((negative && order > 0) || (!negative && order < 0)) {
      throw new ArithmeticException(
          "IPv6 address overflow: "
              + this
              + " "
              + operator
              + " "
              + delta
              + " (expected: a result from :: to ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff)");
    }
    return of(sumHigh, sumLow);
  }

  /**
   * Compares two addresses as unsigned 128-bit numbers, so {@code ::} is the least and {@code
   * ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff} the greatest.
   *
   * @param other the address to compare with
   * @return a negative number, zero or a positive number as this address is less than, equal to or
   *     greater than {@code other}
   */
  @Override
  public int compareTo(Ipv6Address other) {
    return compareUnsigned128(high, low, other.high, other.low);
  }

  /**
   * Returns whether {@code obj} is an {@code Ipv6Address} with the same 128 bits.
   *
   * @param obj the object to compare with
   * @return true if equal
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof Ipv6Address other && high == other.high && low == other.low;
  }

  /**
   * Returns a hash code of the 128 bits.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Long.hashCode(high) * 31 + Long.hashCode(low);
  }

  /**
   * Returns the canonical text form of RFC 5952 §4: lowercase hex, no leading zeros, the longest
   * run of two or more zero groups (the first of equal runs) written as {@code ::}, and a single
   * zero group written as {@code 0}. For example {@code 2001:db8::1:0:0:1}.
   *
   * <p>IPv4-mapped addresses ({@code ::ffff:0:0/96}, see {@link #isIpv4Mapped}) end in dotted
   * decimal, as RFC 5952 §5 recommends: {@code ::ffff:192.0.2.1}. This differs from Guava's {@code
   * InetAddresses.toAddrString}, which writes {@code ::ffff:c000:201}. No other address is written
   * with an embedded IPv4 address (the deprecated IPv4-compatible {@code ::a.b.c.d} is not).
   *
   * @return the canonical text, which {@link #parse} turns back into this address
   */
  @Override
  public String toString() {
    return Ipv6AddressFormatter.canonical(high, low, isIpv4Mapped());
  }

  /**
   * Returns the full text form: eight groups of four lowercase hex digits, without {@code ::}, for
   * example {@code 2001:0db8:0000:0000:0000:0000:0000:0001}.
   *
   * @return the 39-character full text
   */
  public String toFullString() {
    return Ipv6AddressFormatter.full(high, low);
  }

  static void checkPrefixLength(int prefixLength) {
    checkArgument(
        prefixLength >= 0 && prefixLength <= BITS,
        "prefix length: %s (expected: 0 to 128)",
        prefixLength);
  }

  /** Returns the mask of the upper 64 bits for a prefix length from 0 to 128. */
  static long highMask(int prefixLength) {
    if (prefixLength >= 64) {
      return -1L;
    }
    return prefixLength == 0 ? 0 : -1L << (64 - prefixLength);
  }

  /** Returns the mask of the lower 64 bits for a prefix length from 0 to 128. */
  static long lowMask(int prefixLength) {
    if (prefixLength <= 64) {
      return 0;
    }
    return prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
  }

  static int compareUnsigned128(long aHigh, long aLow, long bHigh, long bLow) {
    int c = Long.compareUnsigned(aHigh, bHigh);
    return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
  }

  private static long readLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xffL);
    }
    return value;
  }

  private static void writeLong(byte[] dst, int offset, long value) {
    for (int i = 0; i < 8; i++) {
      dst[offset + i] = (byte) (value >>> (56 - 8 * i));
    }
  }
}
