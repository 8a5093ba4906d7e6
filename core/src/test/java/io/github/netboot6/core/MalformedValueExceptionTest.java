package io.github.netboot6.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MalformedValueExceptionTest {

  @Test
  void ofText_messageNamesKindInputReasonAndIndex() {
    MalformedValueException e =
        MalformedValueException.ofText(
            "IPv6 address", "2001:db8::g1", 10, "unexpected character 'g'");
    assertThat(e)
        .hasMessage("invalid IPv6 address \"2001:db8::g1\": unexpected character 'g' at index 10");
    assertThat(e.valueKind()).isEqualTo("IPv6 address");
    assertThat(e.quotedInput()).isEqualTo("2001:db8::g1");
    assertThat(e.index()).isEqualTo(10);
    assertThat(e.reason()).isEqualTo("unexpected character 'g'");
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ofText_withoutIndex_omitsThePosition() {
    MalformedValueException e =
        MalformedValueException.ofText(
            "MAC address", "", MalformedValueException.NO_INDEX, "empty");
    assertThat(e).hasMessage("invalid MAC address \"\": empty");
  }

  @Test
  void ofText_hostileInput_isEscapedSoTheMessageIsOneSafeLine() {
    MalformedValueException e =
        MalformedValueException.ofText("DUID", "a\nb\"c\\d\u202e\u0000", 1, "bad");
    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u202e").doesNotContain("\0");
    assertThat(e.quotedInput()).isEqualTo("a\\u000ab\\u0022c\\u005cd\\u202e\\u0000");
  }

  @Test
  void ofText_longInput_isShortenedAndSaysItsLength() {
    String input = "1".repeat(10_000);
    MalformedValueException e =
        MalformedValueException.ofText("IPv6 address", input, 4, "too long");
    assertThat(e.quotedInput())
        .startsWith("1".repeat(MalformedValueException.MAX_QUOTED))
        .endsWith("...(10000 chars)");
    assertThat(e.getMessage().length()).isLessThan(200);
  }

  @Test
  void ofBytes_quotesTheSliceAsHex() {
    byte[] buffer = {(byte) 0xff, 0x00, 0x04, (byte) 0xab, 0x7f};
    MalformedValueException e =
        MalformedValueException.ofBytes("DUID", buffer, 1, 3, 2, "length 3 (expected: 18)");
    assertThat(e).hasMessage("invalid DUID \"00:04:ab\": length 3 (expected: 18) at index 2");
  }

  @Test
  void ofBytes_sliceOutsideTheArray_isRejected() {
    assertThatThrownBy(() -> MalformedValueException.ofBytes("DUID", new byte[2], 1, 2, 0, "x"))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void describe_printableAndOtherCharacters() {
    assertThat(MalformedValueException.describe('g')).isEqualTo("'g'");
    assertThat(MalformedValueException.describe(' ')).isEqualTo("U+0020");
    assertThat(MalformedValueException.describe('\'')).isEqualTo("U+0027");
    assertThat(MalformedValueException.describe('\u0131')).isEqualTo("U+0131");
  }
}
