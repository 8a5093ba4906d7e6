package io.github.netboot6.codec;

import static io.github.netboot6.codec.Fixtures.SOLICIT;
import static io.github.netboot6.codec.Fixtures.TWO_RELAYS;
import static io.github.netboot6.codec.Fixtures.ascii;
import static io.github.netboot6.codec.Fixtures.bytes;
import static io.github.netboot6.codec.Fixtures.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.identity.ClientFacts;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Strict and lenient profiles (issue 3, "Bad input"), on the fixtures of {@link Fixtures}. */
class DecodeProfileTest {
  private final MessageReader reader = new MessageReader();
  private final OptionIterator options = new OptionIterator();
  private final OptionIterator nested = new OptionIterator();

  private int walk(byte[] message, DecodeProfile profile) {
    reader.profile(profile).wrap(message, 0, message.length).options(options);
    int count = 0;
    while (options.next()) {
      count++;
    }
    return count;
  }

  @Test
  void defaultProfile_isStrict() {
    assertThat(new MessageReader().profile()).isEqualTo(DecodeProfile.STRICT);
    assertThat(new OptionIterator().profile()).isEqualTo(DecodeProfile.STRICT);
  }

  @Test
  void trailingBytes_strictReportsTruncatedOptionHeader_lenientKeepsEveryOption() {
    byte[] message = concat(SOLICIT, bytes("00 00 00")); // 130: three trailing bytes
    assertThat(walk(message, DecodeProfile.STRICT)).isEqualTo(6);
    assertThat(options.status()).isEqualTo(DecodeStatus.TRUNCATED_OPTION_HEADER);
    assertThat(options.errorOffset()).isEqualTo(130);
    assertThat(options.ignoredOffset()).isEqualTo(-1);

    assertThat(walk(message, DecodeProfile.LENIENT)).isEqualTo(6);
    assertThat(options.status()).isEqualTo(DecodeStatus.OK);
    assertThat(options.ignoredOffset()).isEqualTo(130);
  }

  @Test
  void truncatedLastOption_strictReportsOverrun_lenientKeepsTheOptionsBeforeIt() {
    byte[] message = Arrays.copyOf(SOLICIT, 129); // option 61 at 124 says 2 bytes, 1 is left
    assertThat(walk(message, DecodeProfile.STRICT)).isEqualTo(5);
    assertThat(options.status()).isEqualTo(DecodeStatus.OPTION_OVERRUNS_CONTAINER);
    assertThat(options.errorOffset()).isEqualTo(124);

    assertThat(walk(message, DecodeProfile.LENIENT)).isEqualTo(5);
    assertThat(options.status()).isEqualTo(DecodeStatus.OK);
    assertThat(options.ignoredOffset()).isEqualTo(124);
  }

  @Test
  void nestedOptions_followTheProfileOfTheirParent() {
    byte[] message = SOLICIT.clone();
    message[41] = 25; // 40: IAADDR option-len 25, with 24 bytes left in the IA_NA
    for (DecodeProfile profile : DecodeProfile.values()) {
      reader.profile(profile).wrap(message, 0, message.length).options(options);
      assertThat(options.next()).isTrue();
      assertThat(options.next()).isTrue();
      assertThat(options.code()).isEqualTo(3);
      assertThat(options.nested(nested).next()).isFalse();
      assertThat(nested.profile()).isEqualTo(profile);
      if (profile == DecodeProfile.STRICT) {
        assertThat(nested.status()).isEqualTo(DecodeStatus.OPTION_OVERRUNS_CONTAINER);
        assertThat(nested.errorOffset()).isEqualTo(38);
      } else {
        assertThat(nested.status()).isEqualTo(DecodeStatus.OK);
        assertThat(nested.ignoredOffset()).isEqualTo(38);
      }
    }
  }

  @Test
  void relayMessages_followTheProfileOfTheOuterReader() {
    reader.profile(DecodeProfile.LENIENT).wrap(TWO_RELAYS, 0, TWO_RELAYS.length);
    assertThat(reader.innermost(options)).isTrue();
    assertThat(reader.relayDepth()).isEqualTo(2);
    assertThat(reader.profile()).isEqualTo(DecodeProfile.LENIENT);
    assertThat(reader.options(options).profile()).isEqualTo(DecodeProfile.LENIENT);
  }

  @Test
  void emptyRemoteId_strictRejects_lenientAccepts() {
    byte[] run =
        bytes(
            "00 25", // 0: option-code 37, Remote-Id
            "00 04", // option-len 4
            "00 00 0d e9"); // 4: enterprise-number 3561, and no remote-id
    assertThat(checkFormat(run, DecodeProfile.STRICT)).isFalse();
    assertThat(options.status()).isEqualTo(DecodeStatus.BAD_LENGTH_FOR_FORMAT);
    assertThat(options.toException()).hasMessageContaining("(expected: >= 5)");
    assertThat(checkFormat(run, DecodeProfile.LENIENT)).isTrue();
  }

  @Test
  void vendorClassWithoutData_strictRejects_lenientAccepts() {
    byte[] run =
        bytes(
            "00 10", // 0: option-code 16, Vendor Class
            "00 04", // option-len 4
            "00 00 01 57"); // 4: enterprise-number 343, and no vendor-class-data
    assertThat(checkFormat(run, DecodeProfile.STRICT)).isFalse();
    assertThat(options.toException()).hasMessageContaining("(expected: >= 6)");
    assertThat(checkFormat(run, DecodeProfile.LENIENT)).isTrue();
  }

  @Test
  void vendorClassWithData_acceptedByBoth() {
    byte[] run = bytes("00 10", "00 08", "00 00 01 57", "00 02", ascii("ab"));
    assertThat(checkFormat(run, DecodeProfile.STRICT)).isTrue();
    assertThat(checkFormat(run, DecodeProfile.LENIENT)).isTrue();
  }

  private boolean checkFormat(byte[] run, DecodeProfile profile) {
    options.profile(profile).wrap(run, 0, run.length);
    assertThat(options.next()).isTrue();
    return options.checkFormat();
  }

  @Test
  void facts_lenientKeepsEmptyRemoteIdVendorClassWithoutDataAndOptionsBeforeATruncation() {
    byte[] solicit =
        bytes(
            "01", // 0: SOLICIT
            "00 00 07", // 1: transaction-id
            "00 0f", // 4: option-code 15, User Class
            "00 06", // option-len 6
            "00 04", // 8: user-class-len 4
            ascii("iPXE"), // 10
            "00 10", // 14: option-code 16, Vendor Class
            "00 04", // option-len 4
            "00 00 01 57", // 18: enterprise-number 343, no data
            "00 3d", // 22: option-code 61, truncated: option-len 2, 1 byte left
            "00 02", // option-len 2
            "00"); // 26
    byte[] relay =
        concat(
            bytes(
                "0c", // 0: RELAY-FORW
                "00", // 1: hop-count 0
                "20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01", // 2: link-address
                "fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 07", // 18: peer-address
                "00 25", // 34: option-code 37, Remote-Id
                "00 04", // option-len 4
                "00 00 0d e9", // 38: enterprise-number 3561, empty remote-id
                "00 09", // 42: option-code 9
                "00 1b"), // option-len 27
            solicit); // 46
    FactsExtractor extractor = new FactsExtractor();
    ClientFacts facts = new ClientFacts();
    assertThat(extractor.extract(relay, 0, relay.length, facts))
        .isEqualTo(DecodeStatus.BAD_LENGTH_FOR_FORMAT);
    assertThat(extractor.errorOffset()).isEqualTo(34);

    assertThat(extractor.profile(DecodeProfile.LENIENT).extract(relay, 0, relay.length, facts))
        .isEqualTo(DecodeStatus.OK);
    assertThat(facts.relayOptionCount()).isEqualTo(1);
    assertThat(facts.relayOptionEnterpriseNumber(0)).isEqualTo(3561);
    assertThat(facts.copyRelayOption(0, new byte[8], 0)).isZero();
    assertThat(facts.userClass(0)).isEqualTo("iPXE");
    assertThat(facts.vendorClassCount()).isZero();
    assertThat(facts.architectureCount()).isZero();
  }
}
