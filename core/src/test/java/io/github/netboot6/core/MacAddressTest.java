package io.github.netboot6.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {
  private static final MacAddress MAC = MacAddress.fromLong(0x001a_2b3c_4d5eL);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00:1a:2b:3c:4d:5e",
        "00:1A:2B:3C:4D:5E",
        "0:1a:2b:3c:4d:5e",
        "00-1A-2B-3C-4D-5E",
        "00-1a-2b-3C-4d-5E",
        "001a.2b3c.4d5e",
        "001A.2B3C.4D5E",
        "001a2b3c4d5e",
        "001A2B3C4D5E"
      })
  void parse_everyNotationAndCase_givesSameAddress(String text) {
    assertThat(MacAddress.parse(text)).isEqualTo(MAC);
    assertThat(MacAddress.tryParse(text)).isEqualTo(MAC);
    assertThat(MacAddress.isValid(text)).isTrue();
  }

  @Test
  void parse_singleDigitOctetsInColonForm_areAccepted() {
    assertThat(MacAddress.parse("0:1a:2b:3:4d:e"))
        .isEqualTo(MacAddress.fromLong(0x001a_2b03_4d0eL));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // text | index | reason
        "00:1a-2b:3c:4d:5e | 5 | separator: '-' mixed with ':' (expected: ':' throughout)",
        "001a.2b3c:4d5e | 9 | separator: ':' mixed with '.' (expected: '.' throughout)",
        "0-1a-2b-3c-4d-5e | 0 | octet 1: 1 hex digit (expected: 2)",
        "000:1a:2b:3c:4d:5e | 2 | octet 1: more than 2 hex digits (expected: 1 or 2)",
        "00:1a:2b:3c:4d | 14 | truncated: 5 of 6 octets (expected: 6)",
        "00:1a:2b:3c:4d:5e:6f | 17 | character after the last octet: ':' (expected: end of input)",
        "00:1a:2b:3c:4d:5e0 | 17 | octet 6: more than 2 hex digits (expected: 1 or 2)",
        "00:1g:2b:3c:4d:5e | 4 | character: 'g' (expected: hex digit)",
        "001a2b3c4d5e0 | 12 | length: more than 12 hex digits (expected: 12)",
        "001a2b3c4d | -1 | length: 10 hex digits (expected: 12)",
        "x01a2b3c4d5e | 0 | character: 'x' (expected: hex digit)",
        "00/1a/2b/3c/4d/5e | 2 | character: '/' (expected: hex digit or separator ':', '-' or '.')",
        "001a.2b3.c4d5e | 5 | group 2: 3 hex digits (expected: 4)",
      })
  void parse_badText_isRejectedWithIndexAndReason(String text, int index, String reason) {
    assertThatThrownBy(() -> MacAddress.parse(text))
        .isInstanceOfSatisfying(
            MalformedValueException.class,
            e -> {
              assertThat(e.index()).isEqualTo(index);
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.valueKind()).isEqualTo("MAC address");
              assertThat(e.getMessage()).startsWith("invalid MAC address \"" + text + "\": ");
            });
    assertThat(MacAddress.tryParse(text)).isNull();
    assertThat(MacAddress.isValid(text)).isFalse();
  }

  @Test
  void parse_mixedSeparators_isRejectedWithIndex() {
    assertThatThrownBy(() -> MacAddress.parse("00:1a:2b-3c:4d:5e"))
        .isInstanceOf(MalformedValueException.class)
        .hasMessage(
            "invalid MAC address \"00:1a:2b-3c:4d:5e\": separator: '-' mixed with ':'"
                + " (expected: ':' throughout) at index 8");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " 00:1a:2b:3c:4d:5e",
        "00:1a:2b:3c:4d:5e ",
        "0x001a2b3c4d5e",
        "::",
        "٠٠:1a:2b:3c:4d:5e"
      })
  void parse_otherJunk_isRejected(String text) {
    assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(MalformedValueException.class);
    assertThat(MacAddress.isValid(text)).isFalse();
  }

  @Test
  void parse_hugeInput_stopsEarlyWithShortMessage() {
    String text = "0".repeat(1_000_000);
    assertThatThrownBy(() -> MacAddress.parse(text))
        .isInstanceOfSatisfying(
            MalformedValueException.class,
            e -> {
              assertThat(e.index()).isEqualTo(12);
              assertThat(e.getMessage()).hasSizeLessThan(300);
            });
  }

  @Test
  void toString_everyNotation() {
    assertThat(MAC.toString()).isEqualTo("00:1a:2b:3c:4d:5e");
    assertThat(MAC.toString(MacAddress.Notation.COLON)).isEqualTo("00:1a:2b:3c:4d:5e");
    assertThat(MAC.toString(MacAddress.Notation.HYPHEN)).isEqualTo("00-1a-2b-3c-4d-5e");
    assertThat(MAC.toString(MacAddress.Notation.DOTTED)).isEqualTo("001a.2b3c.4d5e");
    assertThat(MAC.toString(MacAddress.Notation.BARE)).isEqualTo("001a2b3c4d5e");
    assertThat(MAC.toUpperCaseString(MacAddress.Notation.HYPHEN)).isEqualTo("00-1A-2B-3C-4D-5E");
    assertThat(MAC.toUpperCaseString(MacAddress.Notation.DOTTED)).isEqualTo("001A.2B3C.4D5E");
  }

  @Test
  void bytes_roundTripAndLeaveNeighboursUntouched() {
    byte[] buffer = new byte[10];
    Arrays.fill(buffer, (byte) 0x77);
    assertThat(MAC.writeTo(buffer, 2)).isEqualTo(6);
    assertThat(buffer).containsExactly(0x77, 0x77, 0x00, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x77, 0x77);
    assertThat(MacAddress.fromBytes(buffer, 2)).isEqualTo(MAC);
    assertThat(MacAddress.fromBytes(MAC.toBytes())).isEqualTo(MAC);
  }

  @Test
  void fromBytes_wrongLength_isMalformed() {
    assertThatThrownBy(() -> MacAddress.fromBytes(new byte[5]))
        .isInstanceOf(MalformedValueException.class)
        .hasMessage("invalid MAC address \"00:00:00:00:00\": length: 5 bytes (expected: 6)");
    assertThatThrownBy(() -> MacAddress.fromBytes(new byte[7]))
        .isInstanceOf(MalformedValueException.class);
  }

  @Test
  void fromBytes_offsetOutsideArray_isIndexOutOfBounds() {
    assertThatThrownBy(() -> MacAddress.fromBytes(new byte[8], 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MAC.writeTo(new byte[8], -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void fromLong_moreThan48Bits_isRejected() {
    assertThatThrownBy(() -> MacAddress.fromLong(1L << 48))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: 48 bits");
    assertThat(MacAddress.fromLong(0xffff_ffff_ffffL)).isEqualTo(MacAddress.BROADCAST);
  }

  @Test
  void bits_multicastLocalBroadcastZero() {
    assertThat(MacAddress.parse("01:00:5e:00:00:01").isMulticast()).isTrue();
    assertThat(MacAddress.parse("33:33:00:01:00:02").isMulticast()).isTrue();
    assertThat(MAC.isMulticast()).isFalse();
    assertThat(MacAddress.parse("52:54:00:12:34:56").isLocallyAdministered()).isTrue();
    assertThat(MAC.isLocallyAdministered()).isFalse();
    assertThat(MacAddress.BROADCAST.isBroadcast()).isTrue();
    assertThat(MacAddress.BROADCAST.isMulticast()).isTrue();
    assertThat(MAC.isBroadcast()).isFalse();
    assertThat(MacAddress.ZERO.isZero()).isTrue();
    assertThat(MAC.isZero()).isFalse();
  }

  @Test
  void toModifiedEui64_rfc4291AppendixAExample() {
    // RFC 4291 Appendix A: 34-56-78-9A-BC-DE -> interface identifier 3656:78ff:fe9a:bcde.
    MacAddress mac = MacAddress.parse("34-56-78-9A-BC-DE");
    assertThat(mac.toModifiedEui64()).isEqualTo(0x3656_78ff_fe9a_bcdeL);
    assertThat(MacAddress.fromModifiedEui64(0x3656_78ff_fe9a_bcdeL)).contains(mac);
    assertThat(MacAddress.isEui64Derived(0x3656_78ff_fe9a_bcdeL)).isTrue();
  }

  @Test
  void toModifiedEui64_locallyAdministered_clearsUniversalLocalBit() {
    // 52:54:00 (QEMU, locally administered) -> 5054:00ff:fe12:3456.
    assertThat(MacAddress.parse("52:54:00:12:34:56").toModifiedEui64())
        .isEqualTo(0x5054_00ff_fe12_3456L);
  }

  @ParameterizedTest
  @ValueSource(longs = {0x1c4b_7a8e_03f2_91d5L, 0L, 0x0000_0000_0000_0001L, 0x3656_78ef_fe9a_bcdeL})
  void fromModifiedEui64_notEui64Derived_givesNoMac(long iid) {
    assertThat(MacAddress.fromModifiedEui64(iid)).isEmpty();
    assertThat(MacAddress.isEui64Derived(iid)).isFalse();
  }

  @Test
  void compareTo_ordersByValueAndMatchesText() {
    MacAddress low = MacAddress.parse("00:00:00:00:00:ff");
    MacAddress high = MacAddress.parse("ff:00:00:00:00:00");
    assertThat(low).isLessThan(high);
    assertThat(high.compareTo(low)).isPositive();
    assertThat(low.toString()).isLessThan(high.toString());
  }

  @Test
  void equalsAndHashCode_followValue() {
    assertThat(MacAddress.parse("00-1A-2B-3C-4D-5E")).isEqualTo(MAC).hasSameHashCodeAs(MAC);
    assertThat(MAC).isNotEqualTo(MacAddress.ZERO).isNotEqualTo("00:1a:2b:3c:4d:5e");
  }
}
