package io.github.netboot6.codec;

import static io.github.netboot6.codec.Fixtures.INNER_SOLICIT;
import static io.github.netboot6.codec.Fixtures.SOLICIT;
import static io.github.netboot6.codec.Fixtures.bytes;
import static io.github.netboot6.codec.Fixtures.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.core.MalformedValueException;
import org.junit.jupiter.api.Test;

/** Every {@link DecodeStatus} with its offset and message, on hand-laid malformed messages. */
class MalformedMessageTest {
  private final MessageReader reader = new MessageReader();
  private final OptionIterator options = new OptionIterator();
  private final OptionIterator nested = new OptionIterator();
  private final Walker walker = new Walker();

  /** A Relay-Forw header (RFC 8415 §9), 34 bytes, options to follow. */
  private static final byte[] RELAY_HEADER =
      bytes(
          "0c", // msg-type RELAY-FORW
          "00", // hop-count 0
          "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01", // link-address 2001:db8::1
          "fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 02"); // peer-address fe80::2

  @Test
  void wrap_empty_reportsTruncatedHeaderAtItsOffset() {
    reader.wrap(new byte[8], 5, 0);

    assertThat(reader.status()).isEqualTo(DecodeStatus.TRUNCATED_HEADER);
    assertThat(reader.errorOffset()).isEqualTo(5);
    assertThat(reader.messageTypeCode()).isEqualTo(-1);
    assertThat(reader.isRelay()).isFalse();
    assertThat(reader.transactionId()).isEqualTo(-1);
    assertThatThrownBy(reader::messageType).isInstanceOf(IllegalStateException.class);
    assertThat(reader.toException())
        .hasMessage(
            "invalid DHCPv6 message \"\": message header truncated: 0 bytes (expected: >= 4)"
                + " at index 0");
    assertThat(reader.options(options).next()).isFalse();
    assertThat(options.status()).isEqualTo(DecodeStatus.TRUNCATED_HEADER);
    assertThat(options.errorOffset()).isEqualTo(5);
  }

  @Test
  void wrap_clientHeaderCut_reportsTruncatedHeader() {
    byte[] message =
        bytes(
            "01", // msg-type SOLICIT
            "12 34"); // two of the three transaction-id bytes
    reader.wrap(message, 0, message.length);

    assertThat(reader.status()).isEqualTo(DecodeStatus.TRUNCATED_HEADER);
    assertThat(reader.errorOffset()).isZero();
    assertThat(reader.messageType()).isSameAs(MessageType.SOLICIT);
    assertThat(reader.transactionId()).isEqualTo(-1);
    assertThat(reader.optionsOffset()).isEqualTo(3);
    assertThat(reader.toException())
        .hasMessage(
            "invalid DHCPv6 message \"01:12:34\": SOLICIT(1) header truncated: 3 bytes"
                + " (expected: >= 4) at index 0");
  }

  @Test
  void wrap_relayHeaderCut_reportsTruncatedHeader() {
    reader.wrap(RELAY_HEADER, 0, 33);

    assertThat(reader.status()).isEqualTo(DecodeStatus.TRUNCATED_HEADER);
    assertThat(reader.errorOffset()).isZero();
    assertThat(reader.isRelay()).isTrue();
    assertThat(reader.hopCount()).isEqualTo(-1);
    assertThat(reader.linkAddressHigh()).isZero();
    assertThat(reader.peerAddressLow()).isZero();
    assertThat(reader.innermost(options)).isFalse();
    assertThat(reader.toException().getMessage())
        .endsWith("RELAY-FORW(12) header truncated: 33 bytes (expected: >= 34) at index 0");
  }

  @Test
  void next_optionHeaderCut_reportsTruncatedOptionHeader() {
    byte[] message =
        bytes(
            "01", // msg-type SOLICIT
            "00 00 01", // transaction-id
            "00 08 00"); // 4: three bytes of an option header
    reader.wrap(message, 0, message.length).options(options);

    assertThat(options.next()).isFalse();
    assertThat(options.status()).isEqualTo(DecodeStatus.TRUNCATED_OPTION_HEADER);
    assertThat(options.errorOffset()).isEqualTo(4);
    assertThat(options.toException().getMessage())
        .endsWith("option header truncated: 3 bytes left (expected: >= 4) at index 4");
    assertThat(options.next()).isFalse();
  }

  @Test
  void next_optionOverrunsMessage_reportsStyleGuideMessage() {
    byte[] message =
        bytes(
            "01", // msg-type SOLICIT
            "00 00 01", // transaction-id
            // 4: Client Identifier
            "00 01", // option-code 1
            "00 14", // option-len 20
            "00 02", // DUID type 2, DUID-EN
            "00 00 01 57", // enterprise-number 343
            "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d", // identifier, 14 bytes
            // 28: IA_NA whose option-len claims more than the message holds
            "00 03", // option-code 3
            "00 28", // option-len 40
            "00 00 00 01", // IAID
            "00 00 0e 10", // T1
            "00 00 15 18"); // T2: 12 bytes after the option header, then the end
    byte[] at10 = concat(new byte[10], message);
    reader.wrap(at10, 10, message.length).options(options);

    assertThat(options.next()).isTrue();
    assertThat(options.next()).isFalse();
    assertThat(options.status()).isEqualTo(DecodeStatus.OPTION_OVERRUNS_CONTAINER);
    assertThat(options.errorOffset()).isEqualTo(38);
    MalformedValueException e = options.toException();
    assertThat(e.getMessage())
        .endsWith(
            "option 3 (IA_NA) length 40 overruns its container: 12 bytes left (expected: <= 12)"
                + " at index 28");
    assertThat(e.reason())
        .isEqualTo(
            "option 3 (IA_NA) length 40 overruns its container: 12 bytes left (expected: <= 12)");
    assertThat(e.index()).isEqualTo(28);
    assertThat(e.quotedInput()).startsWith("01:00:00:01:00:01:00:14");
  }

  @Test
  void nested_optionOverrunsContainer_reportedOnChildOnly() {
    byte[] message = SOLICIT.clone();
    message[41] = 0x1e; // the IAADDR's option-len, 24 in the fixture, now 30

    reader.wrap(message, 0, message.length).options(options);
    assertThat(options.next()).isTrue();
    assertThat(options.next()).isTrue();
    options.nested(nested);

    assertThat(nested.next()).isFalse();
    assertThat(nested.status()).isEqualTo(DecodeStatus.OPTION_OVERRUNS_CONTAINER);
    assertThat(nested.errorOffset()).isEqualTo(38);
    assertThat(nested.toException().getMessage())
        .endsWith(
            "option 5 (IAADDR) length 30 overruns its container: 24 bytes left (expected: <= 24)"
                + " at index 38");
    assertThat(options.status()).isEqualTo(DecodeStatus.OK);
    assertThat(options.next()).isTrue();
    assertThat(options.code()).isEqualTo(6);
    assertThat(walker.walk(reader.wrap(message, 0, message.length)))
        .isEqualTo(DecodeStatus.OPTION_OVERRUNS_CONTAINER);
    assertThat(walker.errorOffset).isEqualTo(38);
  }

  @Test
  void nested_containerShorterThanHeader_reportsBadLength() {
    byte[] message =
        bytes(
            "01", // msg-type SOLICIT
            "00 00 01", // transaction-id
            "00 03", // 4: option-code 3, IA_NA
            "00 08", // option-len 8, shorter than IAID + T1 + T2
            "00 00 00 01", // IAID
            "00 00 00 00"); // T1, and no room for T2
    reader.wrap(message, 0, message.length).options(options);
    assertThat(options.next()).isTrue();

    options.nested(nested);

    assertThat(nested.next()).isFalse();
    assertThat(nested.status()).isEqualTo(DecodeStatus.BAD_LENGTH_FOR_FORMAT);
    assertThat(nested.errorOffset()).isEqualTo(4);
    assertThat(nested.toException().getMessage())
        .endsWith("option 3 (IA_NA) length 8 does not fit its format (expected: >= 12) at index 4");
    assertThat(options.checkFormat()).isFalse();
    assertThat(options.status()).isEqualTo(DecodeStatus.BAD_LENGTH_FOR_FORMAT);
  }

  @Test
  void innermost_32Relays_accepted() {
    byte[] message = relayChain(32);
    reader.wrap(message, 0, message.length);

    assertThat(reader.innermost(options)).isTrue();
    assertThat(reader.relayDepth()).isEqualTo(32);
    assertThat(reader.offset()).isEqualTo(32 * 38);
    assertThat(reader.transactionId()).isEqualTo(0xabcdef);
    assertThat(walker.walk(reader.wrap(message, 0, message.length))).isEqualTo(DecodeStatus.OK);
    assertThat(walker.messages).isEqualTo(33);
  }

  @Test
  void innermost_33Relays_reportsRelayNestingTooDeep() {
    byte[] message = relayChain(33);
    reader.wrap(message, 0, message.length);

    assertThat(reader.innermost(options)).isFalse();
    assertThat(reader.status()).isEqualTo(DecodeStatus.RELAY_NESTING_TOO_DEEP);
    // The relay message option of the 33rd relay, which starts at 32 * 38.
    assertThat(reader.errorOffset()).isEqualTo(32 * 38 + 34);
    assertThat(reader.relayDepth()).isEqualTo(33);
    assertThat(reader.transactionId()).isEqualTo(-1);
    assertThat(reader.toException().getMessage())
        .endsWith("relay messages nested too deep: depth 33 (expected: <= 32) at index 1250");
    assertThat(walker.walk(reader.wrap(message, 0, message.length)))
        .isEqualTo(DecodeStatus.RELAY_NESTING_TOO_DEEP);
    assertThat(walker.errorOffset).isEqualTo(1250);
  }

  @Test
  void walk_optionsNestedNineDeep_reportsOptionNestingTooDeep() {
    byte[] message = nestedContainers(OptionIterator.MAX_OPTION_DEPTH + 1);
    reader.wrap(message, 0, message.length);

    assertThat(walker.trace(reader)).isNotEmpty();
    assertThat(walker.status).isEqualTo(DecodeStatus.OPTION_NESTING_TOO_DEEP);
    // The container at depth 8 starts at 4 + 4 * 8.
    assertThat(walker.errorOffset).isEqualTo(36);
    assertThat(walker.errorMessage)
        .endsWith("option 66 (RSOO) nests options too deep: depth 9 (expected: <= 8) at index 36");
  }

  @Test
  void walk_optionsNestedEightDeep_accepted() {
    byte[] message = nestedContainers(OptionIterator.MAX_OPTION_DEPTH);

    assertThat(walker.walk(reader.wrap(message, 0, message.length))).isEqualTo(DecodeStatus.OK);
    assertThat(walker.options).isEqualTo(8);
  }

  @Test
  void innermost_relayWithoutRelayMessage_reportsMissingRelayMessage() {
    byte[] message =
        concat(
            RELAY_HEADER,
            bytes(
                "00 12", // 34: option-code 18, Interface-Id
                "00 01", // option-len 1
                "01")); // interface-id
    reader.wrap(message, 0, message.length);

    assertThat(reader.innermost(options)).isFalse();
    assertThat(reader.status()).isEqualTo(DecodeStatus.MISSING_RELAY_MESSAGE);
    assertThat(reader.errorOffset()).isZero();
    assertThat(reader.isRelay()).isTrue();
    assertThat(reader.hopCount()).isZero();
    assertThat(reader.toException().getMessage())
        .endsWith("RELAY-FORW(12) has no relay message (expected: an option 9) at index 0");
  }

  @Test
  void enterRelayMessage_relayOptionsOverrun_reportsOnReader() {
    byte[] message =
        concat(
            RELAY_HEADER,
            bytes(
                "00 09", // 34: option-code 9
                "00 30", // option-len 48
                "01 00 00 01")); // only 4 bytes follow
    reader.wrap(message, 0, message.length);

    assertThat(reader.enterRelayMessage(options)).isFalse();
    assertThat(reader.status()).isEqualTo(DecodeStatus.OPTION_OVERRUNS_CONTAINER);
    assertThat(reader.errorOffset()).isEqualTo(34);
    assertThat(reader.offset()).isZero();
  }

  @Test
  void innermost_innerMessageCut_reportsTruncatedHeaderInside() {
    byte[] message =
        concat(
            RELAY_HEADER,
            bytes(
                "00 09", // 34: option-code 9
                "00 02", // option-len 2
                "01 00")); // 38: a Solicit cut after one transaction-id byte
    reader.wrap(message, 0, message.length);

    assertThat(reader.innermost(options)).isFalse();
    assertThat(reader.status()).isEqualTo(DecodeStatus.TRUNCATED_HEADER);
    assertThat(reader.errorOffset()).isEqualTo(38);
    assertThat(reader.toException().getMessage())
        .endsWith("SOLICIT(1) header truncated: 2 bytes (expected: >= 4) at index 38");
  }

  @Test
  void innermost_emptyRelayMessage_reportsTruncatedHeaderInside() {
    byte[] message =
        concat(
            RELAY_HEADER,
            bytes(
                "00 09", // 34: option-code 9
                "00 00")); // option-len 0
    reader.wrap(message, 0, message.length);

    assertThat(reader.innermost(options)).isFalse();
    assertThat(reader.status()).isEqualTo(DecodeStatus.TRUNCATED_HEADER);
    assertThat(reader.errorOffset()).isEqualTo(38);
  }

  /** {@code levels} Relay-Forw headers, each with one relay message option, around a Solicit. */
  private static byte[] relayChain(int levels) {
    byte[] message = INNER_SOLICIT;
    for (int i = 0; i < levels; i++) {
      byte[] option = bytes("00 09", String.format("%04x", message.length));
      message = concat(RELAY_HEADER, option, message);
    }
    return message;
  }

  /** A Solicit with {@code depth} RSOO containers (option 66, no header) one inside the other. */
  private static byte[] nestedContainers(int depth) {
    byte[] inner = new byte[0];
    for (int i = 0; i < depth; i++) {
      inner = concat(bytes("00 42", String.format("%04x", inner.length)), inner);
    }
    return concat(bytes("01", "00 00 01"), inner);
  }
}
