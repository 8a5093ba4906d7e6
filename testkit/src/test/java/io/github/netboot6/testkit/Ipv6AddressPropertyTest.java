package io.github.netboot6.testkit;

import static io.github.netboot6.testkit.Properties.gen;
import static io.github.netboot6.testkit.Properties.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.google.common.net.InetAddresses;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MalformedValueException;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties of {@link Ipv6Address} and {@link Ipv6Prefix}, with {@code java.net} and Guava's
 * {@code InetAddresses} as oracles.
 *
 * <p>Known, intended difference: for IPv4-mapped addresses ({@code ::ffff:0:0/96}) {@link
 * Ipv6Address#toString} writes dotted decimal ({@code ::ffff:192.0.2.1}, RFC 5952 §5) where Guava's
 * {@code toAddrString} writes hex ({@code ::ffff:c000:201}); and both {@code java.net} and Guava
 * turn mapped addresses into {@link Inet4Address}.
 */
class Ipv6AddressPropertyTest {

  private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

  private static final Gen<Ipv6Address> ADDRESSES = gen(Ipv6Generators.addresses());
  private static final Gen<Ipv6Generators.AddressText> TEXTS = gen(Ipv6Generators.addressTexts());
  private static final Gen<Ipv6Prefix> PREFIXES = gen(Ipv6Generators.prefixes());
  private static final Gen<String> HOSTILE = gen(Ipv6Generators.hostileAddressTexts());
  private static final Gen<Long> LONGS =
      gen(r -> r.nextBoolean() ? r.nextLong() : r.nextLong(-1000, 1000));

  @Test
  void canonicalText_parsesBackToTheAddress() {
    qt().forAll(ADDRESSES)
        .checkAssert(
            a -> {
              assertThat(Ipv6Address.parse(a.toString())).isEqualTo(a);
              assertThat(Ipv6Address.parse(a.toFullString())).isEqualTo(a);
              assertThat(a.toString()).isEqualTo(a.toString().toLowerCase(Locale.ROOT));
              assertThat(a.toFullString()).hasSize(39);
            });
  }

  @Test
  void anyValidTextForm_parsesToTheAddressItDenotes() {
    qt().forAll(TEXTS)
        .checkAssert(
            t -> {
              assertThat(Ipv6Address.parse(t.text())).isEqualTo(t.address());
              assertThat(Ipv6Address.isValid(t.text())).isTrue();
              assertThat(Ipv6Address.tryParse(t.text())).isEqualTo(t.address());
            });
  }

  @Test
  void bytes_roundTrip_atAnyOffset() {
    qt().forAll(ADDRESSES)
        .checkAssert(
            a -> {
              byte[] bytes = a.toBytes();
              assertThat(bytes).hasSize(16);
              assertThat(Ipv6Address.fromBytes(bytes)).isEqualTo(a);
              byte[] padded = new byte[21];
              Arrays.fill(padded, (byte) 0x5a);
              a.writeTo(padded, 3);
              assertThat(Ipv6Address.fromBytes(padded, 3)).isEqualTo(a);
              assertThat(Arrays.copyOfRange(padded, 0, 3)).containsOnly(0x5a);
              assertThat(Arrays.copyOfRange(padded, 19, 21)).containsOnly(0x5a);
              assertThat(Ipv6Address.of(a.high(), a.low())).isEqualTo(a);
            });
  }

  @Test
  void bytes_agreeWithJavaNet() {
    qt().forAll(ADDRESSES)
        .checkAssert(
            a -> {
              InetAddress inet = getByAddress(a.toBytes());
              assertSameAddress(inet, a);
              assertThat(a.toInet6Address().getAddress()).isEqualTo(a.toBytes());
              assertThat(Ipv6Address.fromInetAddress(a.toInet6Address())).isEqualTo(a);
            });
  }

  @Test
  void canonicalText_agreesWithGuavaAndJavaNetParsers() {
    qt().forAll(ADDRESSES)
        .checkAssert(
            a -> {
              assertSameAddress(InetAddresses.forString(a.toString()), a);
              // A literal IPv6 text (it contains ':'): getByName parses it without any DNS lookup.
              assertSameAddress(getByName(a.toString()), a);
            });
  }

  @Test
  void anyValidTextForm_agreesWithGuava() {
    qt().forAll(TEXTS)
        .checkAssert(t -> assertSameAddress(InetAddresses.forString(t.text()), t.address()));
  }

  @Test
  void toString_agreesWithGuavaToAddrString_exceptDottedMappedIpv4() {
    qt().forAll(ADDRESSES)
        .checkAssert(
            a -> {
              String guava = InetAddresses.toAddrString(a.toInet6Address());
              if (a.isIpv4Mapped()) {
                String dotted = a.toString();
                assertThat(dotted).startsWith("::ffff:").contains(".");
                assertThat(Ipv6Address.parse(guava)).isEqualTo(a);
                assertThat(guava)
                    .isEqualTo(
                        "::ffff:"
                            + Long.toHexString((a.low() >>> 16) & 0xffff)
                            + ":"
                            + Long.toHexString(a.low() & 0xffff));
              } else {
                assertThat(a.toString()).isEqualTo(guava);
              }
            });
  }

  @Test
  void hostileText_isParsedOrRejectedOnlyWithMalformedValueException() {
    qt().forAll(HOSTILE)
        .checkAssert(
            s -> {
              boolean valid = Ipv6Address.isValid(s);
              Ipv6Address tried = Ipv6Address.tryParse(s);
              try {
                Ipv6Address a = Ipv6Address.parse(s);
                assertThat(valid).as("isValid(%s)", s).isTrue();
                assertThat(tried).isEqualTo(a);
                assertThat(Ipv6Address.parse(a.toString())).isEqualTo(a);
              } catch (MalformedValueException e) {
                assertThat(valid).as("isValid(%s)", s).isFalse();
                assertThat(tried).isNull();
                assertThat(e.index()).isBetween(MalformedValueException.NO_INDEX, s.length());
                assertThat(e.getMessage()).startsWith("invalid IPv6 address \"");
                assertThat(e.getMessage().length()).isLessThan(1000);
              }
            });
  }

  @Test
  void hostileText_validityAgreesWithGuava_forAsciiTextWithoutZone() {
    // Guava also accepts IPv4 text and "%zone" suffixes, which Ipv6Address rejects by design, and
    // reads hex digits with Character.digit, so only ASCII text is compared.
    Generator<String> asciiWithoutZone =
        Ipv6Generators.hostileAddressTexts()
            .filter(s -> s.chars().allMatch(c -> c < 0x80) && s.indexOf('%') < 0);
    qt().forAll(gen(asciiWithoutZone))
        .checkAssert(
            s -> {
              boolean guava = InetAddresses.isInetAddress(s) && s.indexOf(':') >= 0;
              assertThat(Ipv6Address.isValid(s)).as("isValid(%s)", s).isEqualTo(guava);
            });
  }

  @Test
  void hostilePrefixText_isParsedOrRejectedOnlyWithMalformedValueException() {
    qt().forAll(HOSTILE, gen(r -> r.nextInt(8) == 0 ? "" : "/" + r.nextInt(-5, 200)))
        .checkAssert(
            (s, suffix) -> {
              String text = s + suffix;
              boolean valid = Ipv6Prefix.isValid(text);
              try {
                Ipv6Prefix p = Ipv6Prefix.parse(text);
                assertThat(valid).isTrue();
                assertThat(Ipv6Prefix.parse(p.toString())).isEqualTo(p);
              } catch (MalformedValueException e) {
                assertThat(valid).isFalse();
                assertThat(e.getMessage()).startsWith("invalid IPv6 prefix \"");
              }
              try {
                assertThat(Ipv6Prefix.parseLenient(text).toString()).isNotEmpty();
              } catch (MalformedValueException e) {
                assertThat(e.valueKind()).isEqualTo("IPv6 prefix");
              }
            });
  }

  @Test
  void addAndSubtract_agreeWithBigInteger() {
    qt().forAll(ADDRESSES, LONGS)
        .checkAssert(
            (a, delta) -> {
              BigInteger sum = toBig(a).add(BigInteger.valueOf(delta));
              BigInteger difference = toBig(a).subtract(BigInteger.valueOf(delta));
              checkArithmetic(() -> a.add(delta), sum);
              checkArithmetic(() -> a.subtract(delta), difference);
            });
  }

  @Test
  void compareTo_agreesWithUnsignedBigInteger() {
    qt().forAll(ADDRESSES, ADDRESSES)
        .checkAssert(
            (a, b) -> {
              assertThat(Integer.signum(a.compareTo(b))).isEqualTo(toBig(a).compareTo(toBig(b)));
              assertThat(a.equals(b)).isEqualTo(a.compareTo(b) == 0);
              if (a.equals(b)) {
                assertThat(a.hashCode()).isEqualTo(b.hashCode());
              }
            });
  }

  @Test
  void prefix_containsItsEndsAndIsNormalised() {
    qt().forAll(PREFIXES)
        .checkAssert(
            p -> {
              assertThat(p.contains(p.first())).isTrue();
              assertThat(p.contains(p.last())).isTrue();
              assertThat(p.contains(p)).isTrue();
              assertThat(p.first()).isLessThanOrEqualTo(p.last());
              assertThat(Ipv6Prefix.of(p.address(), p.length())).isEqualTo(p);
              assertThat(Ipv6Prefix.of(p.last(), p.length())).isEqualTo(p);
              assertThat(p.address().isAligned(p.length())).isTrue();
              assertThat(Ipv6Prefix.parse(p.toString())).isEqualTo(p);
              assertThat(toBig(p.last()).subtract(toBig(p.first())).add(BigInteger.ONE))
                  .isEqualTo(p.size());
              if (p.length() > 0) {
                Ipv6Prefix parent = Ipv6Prefix.of(p.first(), p.length() - 1);
                assertThat(parent.contains(p)).isTrue();
                assertThat(p.contains(parent)).isFalse();
              }
            });
  }

  @Test
  void prefix_containsExactlyTheAddressesBetweenFirstAndLast() {
    qt().forAll(PREFIXES, ADDRESSES)
        .checkAssert(
            (p, a) -> {
              boolean between = a.compareTo(p.first()) >= 0 && a.compareTo(p.last()) <= 0;
              assertThat(p.contains(a)).isEqualTo(between);
              assertThat(p.contains(a.toPrefixBlock(p.length()))).isEqualTo(between);
              assertThat(a.toPrefixBlock(p.length()).contains(a)).isTrue();
            });
  }

  @Test
  void subPrefix_liesInItsParentAndSplitStartsWithIt() {
    qt().forAll(PREFIXES, gen(r -> r.nextInt(129)), LONGS)
        .checkAssert(
            (p, rawLength, rawIndex) -> {
              int newLength = p.length() + rawLength % (129 - p.length());
              int countBits = newLength - p.length();
              long index =
                  countBits >= 63 ? rawIndex & Long.MAX_VALUE : rawIndex & ((1L << countBits) - 1);
              Ipv6Prefix sub = p.subPrefix(newLength, index);
              assertThat(p.contains(sub)).isTrue();
              assertThat(sub.length()).isEqualTo(newLength);
              BigInteger expectedFirst =
                  toBig(p.first()).add(BigInteger.valueOf(index).shiftLeft(128 - newLength));
              assertThat(toBig(sub.first())).isEqualTo(expectedFirst);
              assertThat(p.split(newLength).findFirst()).contains(p.subPrefix(newLength, 0));
              assertThat(p.subPrefixCount(newLength)).isEqualTo(p.size().divide(sub.size()));
            });
  }

  private static void checkArithmetic(
      java.util.function.Supplier<Ipv6Address> operation, BigInteger expected) {
    if (expected.signum() < 0 || expected.compareTo(TWO_128) >= 0) {
      assertThatThrownBy(operation::get).isExactlyInstanceOf(ArithmeticException.class);
    } else {
      assertThat(toBig(operation.get())).isEqualTo(expected);
    }
  }

  private static BigInteger toBig(Ipv6Address a) {
    return new BigInteger(1, a.toBytes());
  }

  /** Java and Guava turn IPv4-mapped addresses into Inet4Address; all else is Inet6Address. */
  private static void assertSameAddress(InetAddress inet, Ipv6Address a) {
    if (inet instanceof Inet4Address) {
      assertThat(a.isIpv4Mapped()).as("%s is IPv4-mapped", a).isTrue();
      assertThat(inet.getAddress()).isEqualTo(Arrays.copyOfRange(a.toBytes(), 12, 16));
    } else if (inet instanceof Inet6Address) {
      assertThat(inet.getAddress()).isEqualTo(a.toBytes());
    } else {
      fail("unexpected address type " + inet);
    }
  }

  private static InetAddress getByAddress(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static InetAddress getByName(String literal) {
    assertThat(literal).contains(":");
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
