package io.github.netboot6.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * An IPv6 prefix (a prefix block, RFC 4291 §2.3): an address whose bits after the first {@link
 * #length} are zero, with that length from 0 to 128. Immutable, ordered by address then length.
 *
 * <p>Example:
 *
 * <pre>{@code
 * Ipv6Prefix p = Ipv6Prefix.parse("2001:db8::/64");
 * p.contains(Ipv6Address.parse("2001:db8::42"));  // true
 * p.last().toString();                            // "2001:db8::ffff:ffff:ffff:ffff"
 * p.subPrefix(125, 1).toString();                 // "2001:db8::8/125"
 * Ipv6Prefix.of(Ipv6Address.parse("2001:db8::9"), 125).toString(); // "2001:db8::8/125"
 * }</pre>
 *
 * <p>The address is always normalised: {@link #of} zeroes the host bits. {@link #parse} is strict
 * and rejects text whose host bits are set ({@code 2001:db8::1/64}), because such text is usually a
 * typo or an interface address mistaken for a prefix; {@link #parseLenient} accepts and normalises
 * it.
 */
public final class Ipv6Prefix implements Comparable<Ipv6Prefix> {
  private static final String KIND = "IPv6 prefix";

  private final Ipv6Address address;
  private final int length;

  private Ipv6Prefix(Ipv6Address address, int length) {
    this.address = address;
    this.length = length;
  }

  /**
   * Returns the prefix of length {@code length} containing {@code address}: the address's bits
   * after the first {@code length} are zeroed, so {@code of(2001:db8::1, 64)} is {@code
   * 2001:db8::/64}.
   *
   * @param address any address in the prefix
   * @param length the prefix length, 0 to 128
   * @return the prefix
   * @throws IllegalArgumentException if {@code length} is outside 0 to 128
   */
  public static Ipv6Prefix of(Ipv6Address address, int length) {
    checkNotNull(address, "address");
    return new Ipv6Prefix(address.mask(length), length);
  }

  /**
   * Parses {@code address/length} (RFC 4291 §2.3), with the address in any form {@link
   * Ipv6Address#parse} accepts and the length in decimal from 0 to 128 without leading zeros.
   *
   * @param text the text, such as {@code 2001:db8::/64}
   * @return the prefix
   * @throws MalformedValueException if {@code text} is not a prefix, or if bits after the prefix
   *     length are set ({@code 2001:db8::1/64}; use {@link #parseLenient} to accept that)
   */
  public static Ipv6Prefix parse(CharSequence text) {
    checkNotNull(text, "text");
    return Objects.requireNonNull(parse(text, true, true));
  }

  /**
   * Parses text like {@link #parse}, but zeroes set bits after the prefix length instead of
   * rejecting them: {@code 2001:db8::1/64} gives {@code 2001:db8::/64}.
   *
   * @param text the text, such as {@code 2001:db8::1/64}
   * @return the prefix containing the address in {@code text}
   * @throws MalformedValueException if {@code text} is not an address and prefix length
   */
  public static Ipv6Prefix parseLenient(CharSequence text) {
    checkNotNull(text, "text");
    return Objects.requireNonNull(parse(text, false, true));
  }

  /**
   * Parses text like {@link #parse} (strict), returning null instead of throwing.
   *
   * @param text the text
   * @return the prefix, or null if {@link #parse} would throw
   */
  public static @Nullable Ipv6Prefix tryParse(CharSequence text) {
    checkNotNull(text, "text");
    return parse(text, true, false);
  }

  /**
   * Returns whether {@link #parse} (strict) would accept the text.
   *
   * @param text the text
   * @return true if {@code text} is a prefix with no bits set after its length
   */
  public static boolean isValid(CharSequence text) {
    return tryParse(text) != null;
  }

  private static @Nullable Ipv6Prefix parse(CharSequence text, boolean strict, boolean throwing) {
    int n = text.length();
    int slash = -1;
    for (int i = 0; i < n; i++) {
      if (text.charAt(i) == '/') {
        slash = i;
        break;
      }
    }
    if (slash < 0) {
      return fail(
          throwing,
          text,
          n,
          "missing '/' and prefix length (expected: address/length such as 2001:db8::/64)");
    }
    Ipv6Address parsed = Ipv6AddressParser.parse(text, 0, slash, KIND, throwing);
    if (parsed == null) {
      return null;
    }
    int length = 0;
    int digits = 0;
    for (int i = slash + 1; i < n; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return fail(
            throwing,
            text,
            i,
            "unexpected character "
                + MalformedValueException.describe(c)
                + " in prefix length (expected: decimal digit)");
      }
      if (digits == 3) {
        return fail(throwing, text, slash + 1, "prefix length too long (expected: 0 to 128)");
      }
      length = length * 10 + (c - '0');
      digits++;
    }
    if (digits == 0) {
      return fail(throwing, text, slash + 1, "missing prefix length (expected: 0 to 128)");
    }
    if (digits > 1 && text.charAt(slash + 1) == '0') {
      return fail(
          throwing,
          text,
          slash + 1,
          "prefix length with a leading zero (expected: decimal 0 to 128 without leading zeros)");
    }
    if (length > Ipv6Address.BITS) {
      return fail(
          throwing,
          text,
          slash + 1,
          "prefix length out of range: " + length + " (expected: 0 to 128)");
    }
    Ipv6Prefix prefix = of(parsed, length);
    if (strict && !prefix.address.equals(parsed)) {
      return fail(
          throwing,
          text,
          MalformedValueException.NO_INDEX,
          "bits set after the prefix length: "
              + parsed
              + "/"
              + length
              + " (expected: "
              + prefix
              + "; use parseLenient to accept host bits)");
    }
    return prefix;
  }

  private static @Nullable Ipv6Prefix fail(
      boolean throwing, CharSequence text, int index, String reason) {
    if (throwing) {
      throw MalformedValueException.ofText(KIND, text, index, reason);
    }
    return null;
  }

  /**
   * Returns the first address of this prefix, with every bit after the prefix length zero.
   *
   * @return the prefix's address
   */
  public Ipv6Address address() {
    return address;
  }

  /**
   * Returns the prefix length: the number of leading bits every address in the prefix shares.
   *
   * @return the length, 0 to 128
   */
  public int length() {
    return length;
  }

  /**
   * Returns the lowest address in this prefix (the same as {@link #address}).
   *
   * @return the first address
   */
  public Ipv6Address first() {
    return address;
  }

  /**
   * Returns the highest address in this prefix, with every bit after the prefix length one.
   *
   * @return the last address
   */
  public Ipv6Address last() {
    return Ipv6Address.of(
        address.high() | ~Ipv6Address.highMask(length),
        address.low() | ~Ipv6Address.lowMask(length));
  }

  /**
   * Returns whether {@code other} is in this prefix.
   *
   * @param other the address
   * @return true if {@code other}'s first {@link #length} bits equal this prefix's
   */
  public boolean contains(Ipv6Address other) {
    return (other.high() & Ipv6Address.highMask(length)) == address.high()
        && (other.low() & Ipv6Address.lowMask(length)) == address.low();
  }

  /**
   * Returns whether every address of {@code other} is in this prefix: whether {@code other} is this
   * prefix or one of its sub-prefixes.
   *
   * @param other the prefix
   * @return true if {@code other} is no shorter than this prefix and its address is in it
   */
  public boolean contains(Ipv6Prefix other) {
    return other.length >= length && contains(other.address);
  }

  /**
   * Returns the base-2 logarithm of the number of addresses in this prefix: {@code 128 - length}.
   *
   * @return the number of host bits, 0 to 128
   */
  public int sizeLog2() {
    return Ipv6Address.BITS - length;
  }

  /**
   * Returns the number of addresses in this prefix, {@code 2^(128 - length)}.
   *
   * @return the size, from 1 (a /128) to {@code 2^128} (a /0)
   */
  public BigInteger size() {
    return BigInteger.ONE.shiftLeft(sizeLog2());
  }

  /**
   * Returns the number of addresses in this prefix as a {@code long}, like {@link
   * BigInteger#longValueExact}.
   *
   * @return the size, {@code 2^(128 - length)}
   * @throws ArithmeticException if the size does not fit in a {@code long}: for lengths below 65 (a
   *     /65 holds {@code 2^63} addresses, one more than {@link Long#MAX_VALUE})
   */
  public long sizeAsLong() {
    int bits = sizeLog2();
    if (bits > 62) {
      throw new ArithmeticException(
          "size of " + this + ": 2^" + bits + " (expected: at most 2^62 to fit a long)");
    }
    return 1L << bits;
  }

  /**
   * Returns the number of sub-prefixes of length {@code newLength} that this prefix splits into,
   * {@code 2^(newLength - length)}.
   *
   * @param newLength the sub-prefix length, from {@link #length} to 128
   * @return the count
   * @throws IllegalArgumentException if {@code newLength} is below {@link #length} or above 128
   */
  public BigInteger subPrefixCount(int newLength) {
    checkNewLength(newLength);
    return BigInteger.ONE.shiftLeft(newLength - length);
  }

  /**
   * Returns the sub-prefix of length {@code newLength} at position {@code index} in this prefix,
   * counting from 0 at {@link #first}. For example {@code 2001:db8::/64} at {@code (125, 1)} is
   * {@code 2001:db8::8/125}.
   *
   * @param newLength the sub-prefix length, from {@link #length} to 128
   * @param index the position, from 0 to {@code subPrefixCount(newLength) - 1}; as a {@code long},
   *     it reaches the first {@code 2^63} sub-prefixes
   * @return the sub-prefix
   * @throws IllegalArgumentException if {@code newLength} is below {@link #length} or above 128, or
   *     {@code index} is negative or not below the sub-prefix count
   */
  public Ipv6Prefix subPrefix(int newLength, long index) {
    checkNewLength(newLength);
    int countBits = newLength - length;
    checkArgument(
        index >= 0 && (countBits >= 63 || index < (1L << countBits)),
        "sub-prefix index: %s (expected: 0 to 2^%s - 1)",
        index,
        countBits);
    int shift = Ipv6Address.BITS - newLength;
    long offsetHigh;
    long offsetLow;
    if (shift >= 64) {
      offsetHigh = shift >= 128 ? 0 : index << (shift - 64);
      offsetLow = 0;
    } else {
      offsetHigh = shift == 0 ? 0 : index >>> (64 - shift);
      offsetLow = index << shift;
    }
    // The offset lies entirely in this prefix's host bits, so OR adds it without carries.
    return new Ipv6Prefix(
        Ipv6Address.of(address.high() | offsetHigh, address.low() | offsetLow), newLength);
  }

  /**
   * Returns the sub-prefixes of length {@code newLength} of this prefix, in order, as a lazy
   * stream: nothing is computed before it is consumed, so a {@code /48} split into its 65,536
   * {@code /64}s or a {@code /0} into its {@code 2^128} {@code /128}s costs only what the caller
   * takes. Use {@link #subPrefixCount} to know the count and {@link #subPrefix} to go to one
   * directly.
   *
   * @param newLength the sub-prefix length, from {@link #length} to 128
   * @return the ordered stream of sub-prefixes; sized when the count fits in a {@code long}
   * @throws IllegalArgumentException if {@code newLength} is below {@link #length} or above 128
   */
  public Stream<Ipv6Prefix> split(int newLength) {
    checkNewLength(newLength);
    int countBits = newLength - length;
    if (countBits < 63) {
      return LongStream.range(0, 1L << countBits).mapToObj(i -> subPrefix(newLength, i));
    }
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            new SubPrefixIterator(this, newLength),
            Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.SORTED | Spliterator.NONNULL),
        false);
  }

  private void checkNewLength(int newLength) {
    checkArgument(
        newLength >= length && newLength <= Ipv6Address.BITS,
        "sub-prefix length: %s (expected: %s to 128)",
        newLength,
        length);
  }

  /** Walks the sub-prefixes of a prefix when there are too many to count with a long. */
  private static final class SubPrefixIterator implements Iterator<Ipv6Prefix> {
    private final Ipv6Address end;
    private final int newLength;
    private @Nullable Ipv6Address nextAddress;

    SubPrefixIterator(Ipv6Prefix parent, int newLength) {
      this.end = parent.last().mask(newLength);
      this.newLength = newLength;
      this.nextAddress = parent.address;
    }

    @Override
    public boolean hasNext() {
      return nextAddress != null;
    }

    @Override
    public Ipv6Prefix next() {
      Ipv6Address current = nextAddress;
      if (current == null) {
        throw new NoSuchElementException();
      }
      nextAddress = current.equals(end) ? null : step(current);
      return new Ipv6Prefix(current, newLength);
    }

    /** Adds 2^(128 - newLength); never called on the last sub-prefix, so it cannot overflow. */
    private Ipv6Address step(Ipv6Address current) {
      int shift = Ipv6Address.BITS - newLength;
      if (shift >= 64) {
        return Ipv6Address.of(current.high() + (1L << (shift - 64)), current.low());
      }
      long low = current.low() + (1L << shift);
      long carry = Long.compareUnsigned(low, current.low()) < 0 ? 1 : 0;
      return Ipv6Address.of(current.high() + carry, low);
    }
  }

  /**
   * Orders prefixes by address (unsigned), then by length, shorter first; so a prefix comes right
   * before its first sub-prefix.
   *
   * @param other the prefix to compare with
   * @return a negative number, zero or a positive number as this prefix is less than, equal to or
   *     greater than {@code other}
   */
  @Override
  public int compareTo(Ipv6Prefix other) {
    int c = address.compareTo(other.address);
    return c != 0 ? c : Integer.compare(length, other.length);
  }

  /**
   * Returns whether {@code obj} is an {@code Ipv6Prefix} with the same address and length.
   *
   * @param obj the object to compare with
   * @return true if equal
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof Ipv6Prefix other
        && length == other.length
        && address.equals(other.address);
  }

  /**
   * Returns a hash code of the address and length.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return address.hashCode() * 31 + length;
  }

  /**
   * Returns the canonical text: the address in RFC 5952 form, {@code '/'}, and the length in
   * decimal, for example {@code 2001:db8::/64}.
   *
   * @return the text, which {@link #parse} turns back into this prefix
   */
  @Override
  public String toString() {
    return address + "/" + length;
  }
}
