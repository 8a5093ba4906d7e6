package io.github.netboot6.allocation;

import io.github.netboot6.core.Ipv6Address;
import java.math.BigInteger;

/**
 * Arithmetic on block numbers and address offsets past 64 bits, as {@link BigInteger}s: the
 * representation the public API uses for pools whose block indexes do not all fit a {@code long}
 * (see {@link AddressPool#isWide()}). The hot paths of pools that fit keep to {@code long}s.
 */
final class BlockNumbers {
  /** 2<sup>63</sup>: the first block number a {@code long} cannot hold. */
  static final BigInteger LONG_LIMIT = BigInteger.ONE.shiftLeft(63);

  /** 2<sup>64</sup>: the first offset an unsigned {@code long} cannot hold. */
  static final BigInteger UNSIGNED_LONG_LIMIT = BigInteger.ONE.shiftLeft(64);

  private static final BigInteger MAX_ADDRESS =
      BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  private BlockNumbers() {}

  /** Tells whether {@code n} is 0 to 2<sup>63</sup>-1. */
  static boolean fitsLong(BigInteger n) {
    return n.signum() >= 0 && n.bitLength() < 64;
  }

  /** The address as an unsigned 128-bit number. */
  static BigInteger of(Ipv6Address address) {
    return new BigInteger(1, address.toBytes());
  }

  /**
   * The address of an unsigned 128-bit number.
   *
   * @throws ArithmeticException if {@code n} is negative or past {@code ffff:...:ffff}
   */
  static Ipv6Address address(BigInteger n) {
    if (n.signum() < 0 || n.compareTo(MAX_ADDRESS) > 0) {
      throw new ArithmeticException(
          "address number: " + n + " (expected: 0..2^128-1, an IPv6 address)");
    }
    return Ipv6Address.of(n.shiftRight(64).longValue(), n.longValue());
  }

  /** An unsigned 64-bit number as a non-negative {@link BigInteger}. */
  static BigInteger unsigned(long n) {
    BigInteger value = BigInteger.valueOf(n & Long.MAX_VALUE);
    return n < 0 ? value.setBit(63) : value;
  }

  /**
   * The message of the {@link ArithmeticException} a {@code long} method throws for a value it
   * cannot represent.
   */
  static ArithmeticException tooLarge(String what, BigInteger value, String limit, String instead) {
    return new ArithmeticException(
        what
            + ": "
            + value
            + " does not fit a long (expected: at most "
            + limit
            + "; use "
            + instead
            + ")");
  }
}
