package io.github.netboot6.core;

import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv6PrefixTest {

  private static Ipv6Address addr(String text) {
    return Ipv6Address.parse(text);
  }

  @Test
  void of_normalisesHostBits() {
    Ipv6Prefix p = Ipv6Prefix.of(addr("2001:db8::1"), 64);
    assertThat(p.address()).isEqualTo(addr("2001:db8::"));
    assertThat(p.length()).isEqualTo(64);
    assertThat(p).hasToString("2001:db8::/64");
    assertThat(Ipv6Prefix.of(p.address(), 64)).isEqualTo(p);
    assertThatThrownBy(() -> Ipv6Prefix.of(addr("::"), 129))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefix length: 129 (expected: 0 to 128)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2001:db8::/64 | 2001:db8::/64",
        "2001:DB8:0:0::/32 | 2001:db8::/32",
        "::/0 | ::/0",
        "::1/128 | ::1/128",
        "::ffff:192.0.2.0/120 | ::ffff:192.0.2.0/120",
        "2001:db8::8/125 | 2001:db8::8/125",
      })
  void parse_validText_isCanonicalised(String input, String canonical) {
    assertThat(Ipv6Prefix.parse(input)).hasToString(canonical);
    assertThat(Ipv6Prefix.isValid(input)).isTrue();
    assertThat(Ipv6Prefix.tryParse(input)).isEqualTo(Ipv6Prefix.parse(canonical));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'2001:db8::' | 10 | missing '/' and prefix length",
        "'2001:db8::/' | 11 | missing prefix length",
        "'2001:db8::/129' | 11 | prefix length out of range: 129 (expected: 0 to 128)",
        "'2001:db8::/064' | 11 | prefix length with a leading zero",
        "'2001:db8::/1000' | 11 | prefix length too long",
        "'2001:db8::/6x' | 12 | unexpected character 'x' in prefix length",
        "'2001:db8::/64/64' | 13 | unexpected character '/' in prefix length",
        "'2001:db8::/-1' | 11 | unexpected character '-'",
        "'2001:db8::g/64' | 10 | unexpected character 'g'",
        "'fe80::%eth0/64' | 6 | zone index not supported",
        "'/64' | 0 | empty address",
        "'' | 0 | missing '/'",
      })
  void parse_badInput_isRejectedWithIndexAndReason(String input, int index, String reason) {
    assertThatThrownBy(() -> Ipv6Prefix.parse(input))
        .isExactlyInstanceOf(MalformedValueException.class)
        .hasMessageStartingWith("invalid IPv6 prefix \"")
        .hasMessageContaining(reason)
        .hasMessageEndingWith(" at index " + index);
    assertThat(Ipv6Prefix.isValid(input)).isFalse();
    assertThat(Ipv6Prefix.tryParse(input)).isNull();
  }

  @Test
  void parse_hostBitsSet_isRejectedButParseLenientNormalises() {
    assertThatThrownBy(() -> Ipv6Prefix.parse("2001:db8::1/64"))
        .isExactlyInstanceOf(MalformedValueException.class)
        .hasMessage(
            "invalid IPv6 prefix \"2001:db8::1/64\": bits set after the prefix length:"
                + " 2001:db8::1/64 (expected: 2001:db8::/64; use parseLenient to accept host"
                + " bits)");
    assertThat(Ipv6Prefix.isValid("2001:db8::1/64")).isFalse();
    assertThat(Ipv6Prefix.parseLenient("2001:db8::1/64")).hasToString("2001:db8::/64");
    assertThatThrownBy(() -> Ipv6Prefix.parseLenient("2001:db8::1"))
        .isExactlyInstanceOf(MalformedValueException.class);
  }

  @Test
  void firstLastAndSize_atTheEdges() {
    Ipv6Prefix all = Ipv6Prefix.parse("::/0");
    Ipv6Prefix host = Ipv6Prefix.parse("2001:db8::1/128");
    Ipv6Prefix subnet = Ipv6Prefix.parse("2001:db8:1:2::/64");
    Ipv6Prefix block = Ipv6Prefix.parse("2001:db8::8/125");
    assertAll(
        () -> assertThat(all.first()).isEqualTo(Ipv6Address.UNSPECIFIED),
        () -> assertThat(all.last()).hasToString("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        () -> assertThat(all.sizeLog2()).isEqualTo(128),
        () -> assertThat(all.size()).isEqualTo(BigInteger.ONE.shiftLeft(128)),
        () -> assertThat(host.first()).isEqualTo(host.last()),
        () -> assertThat(host.size()).isEqualTo(BigInteger.ONE),
        () -> assertThat(host.sizeAsLong()).isEqualTo(1),
        () -> assertThat(subnet.first()).hasToString("2001:db8:1:2::"),
        () -> assertThat(subnet.last()).hasToString("2001:db8:1:2:ffff:ffff:ffff:ffff"),
        () -> assertThat(subnet.size()).isEqualTo(BigInteger.ONE.shiftLeft(64)),
        () -> assertThat(block.first()).hasToString("2001:db8::8"),
        () -> assertThat(block.last()).hasToString("2001:db8::f"),
        () -> assertThat(block.sizeAsLong()).isEqualTo(8),
        () -> assertThat(Ipv6Prefix.parse("::/66").sizeAsLong()).isEqualTo(1L << 62));
  }

  @Test
  void sizeAsLong_tooLarge_throwsArithmeticException() {
    assertThatThrownBy(() -> Ipv6Prefix.parse("2001:db8::/64").sizeAsLong())
        .isExactlyInstanceOf(ArithmeticException.class)
        .hasMessage("size of 2001:db8::/64: 2^64 (expected: at most 2^62 to fit a long)");
    assertThatThrownBy(() -> Ipv6Prefix.parse("::/65").sizeAsLong())
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void contains_addressesAndPrefixes() {
    Ipv6Prefix p = Ipv6Prefix.parse("2001:db8::/64");
    assertAll(
        () -> assertThat(p.contains(p.first())).isTrue(),
        () -> assertThat(p.contains(p.last())).isTrue(),
        () -> assertThat(p.contains(p.first().previous())).isFalse(),
        () -> assertThat(p.contains(p.last().next())).isFalse(),
        () -> assertThat(p.contains(p)).isTrue(),
        () -> assertThat(p.contains(Ipv6Prefix.parse("2001:db8::8/125"))).isTrue(),
        () -> assertThat(p.contains(Ipv6Prefix.parse("2001:db8::/48"))).isFalse(),
        () -> assertThat(p.contains(Ipv6Prefix.parse("2001:db8:0:1::/64"))).isFalse(),
        () -> assertThat(Ipv6Prefix.parse("::/0").contains(addr("ffff::"))).isTrue(),
        () -> assertThat(Ipv6Prefix.parse("::/0").contains(p)).isTrue(),
        () -> assertThat(Ipv6Prefix.parse("::1/128").contains(addr("::1"))).isTrue(),
        () -> assertThat(Ipv6Prefix.parse("::1/128").contains(addr("::2"))).isFalse());
  }

  @Test
  void subPrefix_indexesBlocksInOrder() {
    Ipv6Prefix p = Ipv6Prefix.parse("2001:db8::/64");
    assertThat(p.subPrefixCount(125)).isEqualTo(BigInteger.ONE.shiftLeft(61));
    assertThat(p.subPrefix(125, 0)).hasToString("2001:db8::/125");
    assertThat(p.subPrefix(125, 1)).hasToString("2001:db8::8/125");
    assertThat(p.subPrefix(125, (1L << 61) - 1)).hasToString("2001:db8::ffff:ffff:ffff:fff8/125");
    assertThat(p.subPrefix(64, 0)).isEqualTo(p);
    assertThat(Ipv6Prefix.parse("2001:db8::/48").subPrefix(64, 0xffff))
        .hasToString("2001:db8:0:ffff::/64");
    assertThat(Ipv6Prefix.parse("::/0").subPrefix(1, 1)).hasToString("8000::/1");
    assertThat(Ipv6Prefix.parse("::/0").subPrefix(128, Long.MAX_VALUE))
        .hasToString("::7fff:ffff:ffff:ffff/128");
    assertThat(Ipv6Prefix.parse("::/0").subPrefix(64, 1)).hasToString("0:0:0:1::/64");
    assertThatThrownBy(() -> p.subPrefix(125, 1L << 61))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("sub-prefix index: 2305843009213693952 (expected: 0 to 2^61 - 1)");
    assertThatThrownBy(() -> p.subPrefix(63, 0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("sub-prefix length: 63 (expected: 64 to 128)");
    assertThatThrownBy(() -> p.subPrefix(65, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void split_isLazyAndOrdered() {
    Ipv6Prefix p48 = Ipv6Prefix.parse("2001:db8::/48");
    assertThat(p48.split(64).count()).isEqualTo(65_536);
    List<Ipv6Prefix> firstTwo = p48.split(64).limit(2).collect(toList());
    assertThat(firstTwo)
        .containsExactly(Ipv6Prefix.parse("2001:db8::/64"), Ipv6Prefix.parse("2001:db8:0:1::/64"));
    assertThat(p48.split(64).skip(65_535).findFirst()).contains(p48.subPrefix(64, 65_535));
    assertThat(p48.split(48).collect(toList())).containsExactly(p48);
    assertThat(Ipv6Prefix.parse("2001:db8::/125").split(128).map(Ipv6Prefix::toString))
        .containsExactly(
            "2001:db8::/128",
            "2001:db8::1/128",
            "2001:db8::2/128",
            "2001:db8::3/128",
            "2001:db8::4/128",
            "2001:db8::5/128",
            "2001:db8::6/128",
            "2001:db8::7/128");
  }

  @Test
  void split_beyondALongCount_stillStreamsLazily() {
    assertThat(Ipv6Prefix.parse("::/0").split(128).limit(3).map(Ipv6Prefix::toString))
        .containsExactly("::/128", "::1/128", "::2/128");
    assertThat(Ipv6Prefix.parse("::/0").split(64).skip(1).findFirst())
        .contains(Ipv6Prefix.parse("0:0:0:1::/64"));
    assertThat(Ipv6Prefix.parse("::/0").split(63).skip(1).findFirst())
        .contains(Ipv6Prefix.parse("0:0:0:2::/63"));
    // The last sub-prefixes end the stream without overflowing past ffff...ffff.
    Ipv6Prefix top = Ipv6Prefix.parseLenient("ffff:ffff:ffff:ffff::/0");
    assertThat(top).hasToString("::/0");
    Ipv6Prefix tail = Ipv6Prefix.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffc/126");
    assertThat(tail.split(128).count()).isEqualTo(4);
  }

  @Test
  void compareTo_ordersByAddressThenLength() {
    Ipv6Prefix a = Ipv6Prefix.parse("2001:db8::/32");
    Ipv6Prefix b = Ipv6Prefix.parse("2001:db8::/64");
    Ipv6Prefix c = Ipv6Prefix.parse("2001:db9::/32");
    Ipv6Prefix d = Ipv6Prefix.parse("8000::/1");
    assertThat(List.of(d, c, b, a).stream().sorted().collect(toList())).containsExactly(a, b, c, d);
    assertThat(a).isNotEqualTo(b);
    assertThat(a)
        .isEqualTo(Ipv6Prefix.parse("2001:db8::/32"))
        .hasSameHashCodeAs(Ipv6Prefix.parse("2001:0DB8::/32"));
  }
}
