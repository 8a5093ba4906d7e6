package io.github.netboot6.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv6AddressTest {

  private static final Ipv6Address MAX = Ipv6Address.of(-1L, -1L);

  // RFC 5952 §4.1 - §4.3, and the §2 variants of one address.
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2001:db8:0:0:1:0:0:1 | 2001:db8::1:0:0:1", // §4.2.3: first of two equal runs
        "2001:0db8:0:0:1:0:0:1 | 2001:db8::1:0:0:1",
        "2001:db8::1:0:0:1 | 2001:db8::1:0:0:1",
        "2001:db8::0:1:0:0:1 | 2001:db8::1:0:0:1",
        "2001:0db8::1:0:0:1 | 2001:db8::1:0:0:1",
        "2001:db8:0:0:1::1 | 2001:db8::1:0:0:1",
        "2001:DB8:0:0:1:0:0:1 | 2001:db8::1:0:0:1",
        "2001:0db8::0001 | 2001:db8::1", // §4.1: no leading zeros
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001 | 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
        "2001:db8:0:0:0:0:2:1 | 2001:db8::2:1", // §4.2.1: as much as possible
        "2001:db8:0:1:1:1:1:1 | 2001:db8:0:1:1:1:1:1", // §4.2.2: a single 0 not compressed
        "2001:0:0:1:0:0:0:1 | 2001:0:0:1::1", // §4.2.3: the longest run
        "2001:db8:0:0:1:0:0:0 | 2001:db8:0:0:1::",
        "2001:DB8::AAAA | 2001:db8::aaaa", // §4.3: lowercase
        "0:0:0:0:0:0:0:0 | ::",
        "0:0:0:0:0:0:0:1 | ::1",
        "1:0:0:0:0:0:0:0 | 1::",
        "1:0:1:0:1:0:1:0 | 1:0:1:0:1:0:1:0",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff | ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
      })
  void toString_isRfc5952Canonical(String input, String canonical) {
    assertThat(Ipv6Address.parse(input).toString()).isEqualTo(canonical);
  }

  // RFC 4291 §2.2 examples: the three text forms denote the same addresses.
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789 | abcd:ef01:2345:6789:abcd:ef01:2345:6789",
        "2001:DB8:0:0:8:800:200C:417A | 2001:db8::8:800:200c:417a",
        "2001:DB8::8:800:200C:417A | 2001:db8::8:800:200c:417a",
        "FF01:0:0:0:0:0:0:101 | ff01::101",
        "FF01::101 | ff01::101",
        "0:0:0:0:0:0:0:1 | ::1",
        "0:0:0:0:0:0:13.1.68.3 | ::d01:4403",
        "::13.1.68.3 | ::d01:4403",
        "0:0:0:0:0:FFFF:129.144.52.38 | ::ffff:129.144.52.38",
        "::FFFF:129.144.52.38 | ::ffff:129.144.52.38",
        "64:ff9b::192.0.2.33 | 64:ff9b::c000:221",
        "::ffff:192.0.2.1 | ::ffff:192.0.2.1",
        "::ffff:0.0.0.0 | ::ffff:0.0.0.0",
        "1:2:3:4:5:6:255.255.255.255 | 1:2:3:4:5:6:ffff:ffff",
        "1::2:3:4:5:6:7 | 1:0:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:: | 1:2:3:4:5:6:7:0",
        "::2:3:4:5:6:7:8 | 0:2:3:4:5:6:7:8",
        "0000:0000:0000:0000:0000:0000:0000:0000 | ::",
      })
  void parse_rfc4291Forms_denoteTheSameAddress(String input, String canonical) {
    Ipv6Address a = Ipv6Address.parse(input);
    assertThat(a.toString()).isEqualTo(canonical);
    assertThat(Ipv6Address.parse(canonical)).isEqualTo(a);
    assertThat(Ipv6Address.isValid(input)).isTrue();
    assertThat(Ipv6Address.tryParse(input)).isEqualTo(a);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "':::' | 2 | unexpected ':'",
        "'1:2:3:4:5:6:7:8:9' | 16 | too many groups: more than 8",
        "'1::2::3' | 4 | second '::'",
        "'12345::' | 0 | hex group too long: more than 4 digits",
        "'::1.2.3' | 7 | embedded IPv4 address has 3 octets (expected: 4)",
        "'::256.1.1.1' | 2 | IPv4 octet out of range: 256 (expected: 0 to 255)",
        "'::ffff:01.2.3.4' | 7 | IPv4 octet with a leading zero is ambiguous",
        "'' | 0 | empty address",
        "'fe80::1%eth0' | 7 | zone index not supported",
        "'fe80::%1' | 6 | zone index not supported",
        "'[2001:db8::1]' | 0 | brackets are URL syntax",
        "'gggg::' | 0 | unexpected character 'g' (expected: hex digit",
        "'2001:db8::g1' | 10 | unexpected character 'g'",
        "'1:2:3:4:5:6:7:' | 13 | ends with a single ':'",
        "'1::' | -1 | ''",
        "':1::' | 0 | leading single ':'",
        "'1:2:3:4:5:6:7' | 13 | too few groups: 7 (expected: 8, or fewer with '::')",
        "'1:2:3:4::5:6:7:8' | 15 | too many groups with '::'",
        "'1:2:3:4:5:6:7:8::' | 15 | '::' after 8 groups",
        "'1:2:3:4:5:6:7:1.2.3.4' | 14 | embedded IPv4 address after 7 groups leaves no room",
        "'::1.2.3.4:5' | 9 | embedded IPv4 address not at the end",
        "'::1.2.3.4.5' | 9 | more than 4 octets",
        "'::1.2.3.4x' | 9 | after embedded IPv4 address",
        "'::1.2.3.1000' | 8 | IPv4 octet too long",
        "'::a.2.3.4' | 2 | unexpected character 'a' in embedded IPv4 address",
        "'1.2.3.4' | 7 | IPv4 address without IPv6 groups",
        "'2001:db8::/64' | 10 | prefix length not allowed in an address",
        "' ::1' | 0 | unexpected character U+0020",
        "'::1 ' | 3 | unexpected character U+0020",
        "'::\u0661' | 2 | unexpected character U+0661",
        "'1\uff1a:2' | 1 | unexpected character U+FF1A",
      })
  void parse_badInput_isRejectedWithIndexAndReason(String input, int index, String reason) {
    if (index < 0) {
      assertThat(Ipv6Address.parse(input)).isNotNull(); // a control row: "1::" is valid
      return;
    }
    assertThatThrownBy(() -> Ipv6Address.parse(input))
        .isExactlyInstanceOf(MalformedValueException.class)
        .hasMessageContaining(reason)
        .hasMessageContaining("at index " + index)
        .satisfies(
            e -> {
              MalformedValueException m = (MalformedValueException) e;
              assertThat(m.index()).isEqualTo(index);
              assertThat(m.valueKind()).isEqualTo("IPv6 address");
            });
    assertThat(Ipv6Address.isValid(input)).isFalse();
    assertThat(Ipv6Address.tryParse(input)).isNull();
  }

  @Test
  void parse_zoneIndex_isRejectedWithReason() {
    assertThatThrownBy(() -> Ipv6Address.parse("fe80::1%eth0"))
        .isInstanceOf(MalformedValueException.class)
        .hasMessage(
            "invalid IPv6 address \"fe80::1%eth0\": zone index not supported: '%' starts a zone"
                + " such as %eth0 (expected: no zone; Ipv6Address has no scope, keep scoped"
                + " addresses in java.net.Inet6Address) at index 7");
  }

  @Test
  void parse_ipv4LeadingZero_saysItIsAmbiguous() {
    assertThatThrownBy(() -> Ipv6Address.parse("::ffff:192.0.2.01"))
        .hasMessageContaining("leading zero is ambiguous")
        .hasMessageContaining("at index 15");
  }

  @Test
  void parse_veryLongInput_failsEarlyWithShortenedMessage() {
    String hostile = "1:".repeat(100_000);
    assertThatThrownBy(() -> Ipv6Address.parse(hostile))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("(200000 chars)")
        .hasMessageContaining("at index 16");
  }

  @Test
  void parse_controlCharacter_isEscapedInMessage() {
    assertThatThrownBy(() -> Ipv6Address.parse("::1\n"))
        .hasMessage(
            "invalid IPv6 address \"::1\\u000a\": unexpected character U+000A (expected: hex"
                + " digit 0-9a-fA-F, ':' or '.') at index 3");
  }

  @Test
  void parse_stringBuilder_isAccepted() {
    assertThat(Ipv6Address.parse(new StringBuilder("::1"))).isEqualTo(Ipv6Address.LOOPBACK);
  }

  @Test
  void toString_mappedIpv4_isDottedButOtherEmbeddingsAreHex() {
    assertAll(
        () -> assertThat(Ipv6Address.of(0, 0xffff_c000_0201L)).hasToString("::ffff:192.0.2.1"),
        () -> assertThat(Ipv6Address.of(0, 0xffff_0000_0000L)).hasToString("::ffff:0.0.0.0"),
        () -> assertThat(Ipv6Address.of(0, 0xc000_0201L)).hasToString("::c000:201"),
        () -> assertThat(Ipv6Address.of(0, 0x1_ffff_c000_0201L)).hasToString("::1:ffff:c000:201"),
        () ->
            assertThat(Ipv6Address.parse("64:ff9b::192.0.2.33")).hasToString("64:ff9b::c000:221"));
  }

  @Test
  void toFullString_isEightGroupsOfFourDigits() {
    assertThat(Ipv6Address.parse("2001:db8::1").toFullString())
        .isEqualTo("2001:0db8:0000:0000:0000:0000:0000:0001");
    assertThat(Ipv6Address.UNSPECIFIED.toFullString())
        .isEqualTo("0000:0000:0000:0000:0000:0000:0000:0000");
  }

  @Test
  void constants_haveTheirRfcValues() {
    assertAll(
        () -> assertThat(Ipv6Address.UNSPECIFIED).isEqualTo(Ipv6Address.parse("::")),
        () -> assertThat(Ipv6Address.LOOPBACK).isEqualTo(Ipv6Address.parse("::1")),
        () ->
            assertThat(Ipv6Address.ALL_DHCP_RELAY_AGENTS_AND_SERVERS)
                .isEqualTo(Ipv6Address.parse("ff02::1:2")),
        () -> assertThat(Ipv6Address.ALL_DHCP_SERVERS).isEqualTo(Ipv6Address.parse("ff05::1:3")));
  }

  @Test
  void bytes_roundTrip_inNetworkOrder() {
    Ipv6Address a = Ipv6Address.parse("2001:db8:1:2:3:4:5:6");
    byte[] bytes = a.toBytes();
    assertThat(bytes).containsExactly(0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6);
    assertThat(Ipv6Address.fromBytes(bytes)).isEqualTo(a);
    assertThat(a.high()).isEqualTo(0x2001_0db8_0001_0002L);
    assertThat(a.low()).isEqualTo(0x0003_0004_0005_0006L);
    assertThat(a.interfaceIdentifier()).isEqualTo(a.low());
  }

  @Test
  void writeTo_atOffset_leavesNeighboursUntouched() {
    byte[] dst = new byte[20];
    java.util.Arrays.fill(dst, (byte) 0x55);
    Ipv6Address.ALL_DHCP_SERVERS.writeTo(dst, 2);
    assertThat(dst[0]).isEqualTo((byte) 0x55);
    assertThat(dst[1]).isEqualTo((byte) 0x55);
    assertThat(dst[18]).isEqualTo((byte) 0x55);
    assertThat(dst[19]).isEqualTo((byte) 0x55);
    assertThat(Ipv6Address.fromBytes(dst, 2)).isEqualTo(Ipv6Address.ALL_DHCP_SERVERS);
    assertThatThrownBy(() -> Ipv6Address.LOOPBACK.writeTo(dst, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(dst[5]).isEqualTo((byte) 0x00); // part of the address written at 2, not rewritten
  }

  @Test
  void fromBytes_wrongLength_isRejectedWithLength() {
    assertThatThrownBy(() -> Ipv6Address.fromBytes(new byte[] {1, 2, 3, 4}))
        .isExactlyInstanceOf(MalformedValueException.class)
        .hasMessage("invalid IPv6 address \"01:02:03:04\": length 4 (expected: 16)");
    assertThatThrownBy(() -> Ipv6Address.fromBytes(new byte[20], 5))
        .isExactlyInstanceOf(MalformedValueException.class)
        .hasMessageContaining("truncated: 15 bytes left (expected: >= 16)");
    assertThatThrownBy(() -> Ipv6Address.fromBytes(new byte[20], -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void add_andSubtract_carryAcrossTheHalves() {
    Ipv6Address a = Ipv6Address.parse("::ffff:ffff:ffff:ffff");
    assertThat(a.add(1)).isEqualTo(Ipv6Address.parse("0:0:0:1::"));
    assertThat(a.add(1).subtract(1)).isEqualTo(a);
    assertThat(a.add(1).add(-1)).isEqualTo(a);
    assertThat(Ipv6Address.parse("::1").add(Long.MAX_VALUE))
        .isEqualTo(Ipv6Address.parse("::8000:0:0:0"));
    assertThat(Ipv6Address.parse("1::").subtract(Long.MIN_VALUE))
        .isEqualTo(Ipv6Address.parse("1::8000:0:0:0"));
    assertThat(Ipv6Address.parse("1::").add(Long.MIN_VALUE))
        .isEqualTo(Ipv6Address.parse("0:ffff:ffff:ffff:8000::"));
    assertThat(Ipv6Address.LOOPBACK.next()).hasToString("::2");
    assertThat(Ipv6Address.LOOPBACK.previous()).isEqualTo(Ipv6Address.UNSPECIFIED);
    assertThat(MAX.add(0)).isEqualTo(MAX);
    assertThat(Ipv6Address.UNSPECIFIED.subtract(0)).isEqualTo(Ipv6Address.UNSPECIFIED);
  }

  @Test
  void add_pastTheLastAddress_throwsArithmeticException() {
    assertThatThrownBy(MAX::next)
        .isExactlyInstanceOf(ArithmeticException.class)
        .hasMessage(
            "IPv6 address overflow: ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff + 1 (expected: a"
                + " result from :: to ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff)");
    assertThatThrownBy(() -> MAX.subtract(-1)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> MAX.subtract(Long.MIN_VALUE).add(Long.MAX_VALUE).add(2))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void subtract_belowUnspecified_throwsArithmeticException() {
    assertThatThrownBy(Ipv6Address.UNSPECIFIED::previous)
        .isExactlyInstanceOf(ArithmeticException.class)
        .hasMessageContaining("IPv6 address overflow: :: - 1");
    assertThatThrownBy(() -> Ipv6Address.LOOPBACK.add(-2)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Ipv6Address.UNSPECIFIED.subtract(Long.MAX_VALUE))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Ipv6Address.UNSPECIFIED.add(Long.MIN_VALUE))
        .isInstanceOf(ArithmeticException.class);
    // Subtracting a negative amount adds it: exact even for Long.MIN_VALUE.
    assertThat(Ipv6Address.UNSPECIFIED.subtract(Long.MIN_VALUE)).hasToString("::8000:0:0:0");
  }

  @Test
  void compareTo_isUnsigned() {
    Ipv6Address high = Ipv6Address.parse("8000::");
    Ipv6Address low = Ipv6Address.parse("7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    assertThat(high).isGreaterThan(low);
    assertThat(Ipv6Address.parse("::8000:0:0:0")).isGreaterThan(Ipv6Address.parse("::1"));
    assertThat(MAX).isGreaterThan(Ipv6Address.UNSPECIFIED);
    assertThat(high.compareTo(Ipv6Address.parse("8000::0"))).isZero();
  }

  @Test
  void mask_zeroesHostBits() {
    Ipv6Address a = Ipv6Address.parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
    assertAll(
        () -> assertThat(a.mask(0)).isEqualTo(Ipv6Address.UNSPECIFIED),
        () -> assertThat(a.mask(32)).hasToString("2001:db8::"),
        () -> assertThat(a.mask(64)).hasToString("2001:db8:ffff:ffff::"),
        () -> assertThat(a.mask(65)).hasToString("2001:db8:ffff:ffff:8000::"),
        () -> assertThat(a.mask(125)).hasToString("2001:db8:ffff:ffff:ffff:ffff:ffff:fff8"),
        () -> assertThat(a.mask(128)).isEqualTo(a),
        () -> assertThat(a.isAligned(128)).isTrue(),
        () -> assertThat(a.isAligned(127)).isFalse(),
        () -> assertThat(Ipv6Address.parse("2001:db8::8").isAligned(125)).isTrue(),
        () -> assertThat(Ipv6Address.parse("2001:db8::9").isAligned(125)).isFalse(),
        () -> assertThat(Ipv6Address.UNSPECIFIED.isAligned(0)).isTrue(),
        () -> assertThat(a.toPrefixBlock(64)).hasToString("2001:db8:ffff:ffff::/64"));
    assertThatThrownBy(() -> a.mask(129))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefix length: 129 (expected: 0 to 128)");
    assertThatThrownBy(() -> a.mask(-1)).isExactlyInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void predicates_matchTheirRanges() {
    assertAll(
        () -> assertThat(Ipv6Address.parse("fe80::1").isLinkLocal()).isTrue(),
        () -> assertThat(Ipv6Address.parse("febf:ffff::").isLinkLocal()).isTrue(),
        () -> assertThat(Ipv6Address.parse("fec0::").isLinkLocal()).isFalse(),
        () -> assertThat(Ipv6Address.parse("fe7f::").isLinkLocal()).isFalse(),
        () -> assertThat(Ipv6Address.ALL_DHCP_SERVERS.isMulticast()).isTrue(),
        () -> assertThat(Ipv6Address.parse("fe00::").isMulticast()).isFalse(),
        () -> assertThat(Ipv6Address.UNSPECIFIED.isUnspecified()).isTrue(),
        () -> assertThat(Ipv6Address.LOOPBACK.isUnspecified()).isFalse(),
        () -> assertThat(Ipv6Address.LOOPBACK.isLoopback()).isTrue(),
        () -> assertThat(Ipv6Address.parse("1::1").isLoopback()).isFalse(),
        () -> assertThat(Ipv6Address.parse("::ffff:1.2.3.4").isIpv4Mapped()).isTrue(),
        () -> assertThat(Ipv6Address.parse("::1.2.3.4").isIpv4Mapped()).isFalse());
  }

  @Test
  void toInet6Address_keepsMappedAddressesIpv6AndHasNoScope() throws Exception {
    Ipv6Address mapped = Ipv6Address.parse("::ffff:192.0.2.1");
    Inet6Address inet = mapped.toInet6Address();
    assertThat(inet.getAddress()).isEqualTo(mapped.toBytes());
    assertThat(inet.getScopeId()).isZero();
    assertThat(inet.getScopedInterface()).isNull();
    assertThat(InetAddress.getByAddress(mapped.toBytes())).isNotInstanceOf(Inet6Address.class);
    assertThat(Ipv6Address.fromInetAddress(inet)).isEqualTo(mapped);
  }

  @Test
  void fromInetAddress_dropsTheScope() throws Exception {
    Inet6Address scoped =
        Inet6Address.getByAddress(null, Ipv6Address.parse("fe80::1").toBytes(), 3);
    assertThat(scoped.getScopeId()).isEqualTo(3);
    assertThat(Ipv6Address.fromInetAddress(scoped)).hasToString("fe80::1");
    Inet6Address unscoped =
        Inet6Address.getByAddress(
            null, Ipv6Address.parse("2001:db8::1").toBytes(), (NetworkInterface) null);
    assertThat(Ipv6Address.fromInetAddress(unscoped).toInet6Address()).isEqualTo(unscoped);
  }

  @Test
  void equalsAndHashCode_dependOnTheBitsOnly() {
    Ipv6Address a = Ipv6Address.parse("2001:db8::1");
    Ipv6Address b = Ipv6Address.of(0x2001_0db8_0000_0000L, 1);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Ipv6Address.of(1, 0x2001_0db8_0000_0000L));
    assertThat(a).isNotEqualTo("2001:db8::1");
  }
}
