package io.github.netboot6.codec;

import static io.github.netboot6.codec.Fixtures.SOLICIT;
import static io.github.netboot6.codec.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OptionIteratorTest {
  private final MessageReader reader = new MessageReader();
  private final OptionIterator options = new OptionIterator();
  private final OptionIterator nested = new OptionIterator();
  private final OptionIterator nested2 = new OptionIterator();

  @Test
  void next_solicit_reportsEveryOptionInWireOrderWithOffsets() {
    reader.wrap(SOLICIT, 0, SOLICIT.length).options(options);
    List<String> seen = new ArrayList<>();

    while (options.next()) {
      seen.add(
          options.code()
              + "@"
              + options.optionOffset()
              + ":"
              + options.valueOffset()
              + "+"
              + options.length());
    }

    assertThat(seen)
        .containsExactly(
            "1@4:8+14", "3@22:26+40", "6@66:70+6", "8@76:80+2", "16@82:86+38", "61@124:128+2");
    assertThat(options.status()).isEqualTo(DecodeStatus.OK);
    assertThat(options.errorOffset()).isEqualTo(-1);
    assertThat(options.next()).isFalse();
  }

  @Test
  void typedReads_solicit_readFixedFields() {
    reader.wrap(SOLICIT, 0, SOLICIT.length).options(options);

    next(1);
    assertThat(options.checkFormat()).isTrue();
    assertThat(options.uint16At(0)).isEqualTo(1); // DUID-LLT
    assertThat(options.uint32At(4)).isEqualTo(0x2a2b2c2dL);
    next(3);
    assertThat(options.hasNestedOptions()).isTrue();
    assertThat(options.uint32At(0)).isEqualTo(1);
    assertThat(options.uint32At(4)).isEqualTo(3600);
    assertThat(options.uint32At(8)).isEqualTo(5400);
    next(6);
    assertThat(options.checkFormat()).isTrue();
    assertThat(options.uint16At(0)).isEqualTo(23);
    assertThat(options.uint16At(2)).isEqualTo(59);
    assertThat(options.uint16At(4)).isEqualTo(60);
    next(8);
    assertThat(options.uint16()).isZero();
    next(16);
    assertThat(options.uint32At(0)).isEqualTo(343);
    assertThat(options.uint16At(4)).isEqualTo(32);
    byte[] value = new byte[38];
    assertThat(options.copyValue(value, 0)).isEqualTo(38);
    assertThat(new String(value, 6, 32, StandardCharsets.US_ASCII))
        .isEqualTo(Fixtures.PXE_VENDOR_CLASS);
    next(61);
    assertThat(options.uint16()).isEqualTo(7);
    assertThat(options.status()).isEqualTo(DecodeStatus.OK);
  }

  @Test
  void nested_iaNa_walksIaAddrAndItsEmptyOptions() {
    reader.wrap(SOLICIT, 0, SOLICIT.length).options(options);
    next(3);

    assertThat(options.nested(nested)).isSameAs(nested);
    assertThat(nested.depth()).isEqualTo(1);
    assertThat(nested.next()).isTrue();
    assertThat(nested.code()).isEqualTo(5);
    assertThat(nested.optionOffset()).isEqualTo(38);
    assertThat(nested.length()).isEqualTo(24);
    assertThat(nested.addressHigh(0)).isEqualTo(0x2001_0db8_0000_0000L);
    assertThat(nested.addressLow(0)).isEqualTo(8L);
    assertThat(nested.uint32At(16)).isEqualTo(7200);
    assertThat(nested.uint32At(20)).isEqualTo(10800);
    nested.nested(nested2);
    assertThat(nested2.depth()).isEqualTo(2);
    assertThat(nested2.next()).isFalse();
    assertThat(nested2.status()).isEqualTo(DecodeStatus.OK);
    assertThat(nested.next()).isFalse();
    assertThat(nested.status()).isEqualTo(DecodeStatus.OK);
    // The parent goes on after the container.
    assertThat(options.next()).isTrue();
    assertThat(options.code()).isEqualTo(6);
  }

  @Test
  void nested_vendorOptions_skipsEnterpriseNumber() {
    byte[] options17 =
        bytes(
            "00 11", // option-code 17, Vendor-specific Information (RFC 8415 §21.17)
            "00 0e", // option-len 14
            "00 00 01 57", // enterprise-number 343
            "00 01", // sub-option 1
            "00 02", // sub-option-len 2
            "ab cd", // sub-option data
            "00 02", // sub-option 2
            "00 00"); // sub-option-len 0
    options.wrap(options17, 0, options17.length);
    assertThat(options.next()).isTrue();

    options.nested(nested);

    assertThat(nested.next()).isTrue();
    assertThat(nested.code()).isEqualTo(1);
    assertThat(nested.optionOffset()).isEqualTo(8);
    assertThat(nested.uint16()).isEqualTo(0xabcd);
    assertThat(nested.next()).isTrue();
    assertThat(nested.code()).isEqualTo(2);
    assertThat(nested.length()).isZero();
    assertThat(nested.next()).isFalse();
    assertThat(nested.status()).isEqualTo(DecodeStatus.OK);
  }

  @Test
  void nested_vendorOptions_subOptionCodesAreTheVendors() {
    byte[] options17 =
        bytes(
            "00 11", // option-code 17, Vendor-specific Information
            "00 0a", // option-len 10
            "00 00 01 57", // enterprise-number 343
            "00 03", // sub-option 3: the vendor's, not IA_NA
            "00 02", // sub-option-len 2, far shorter than an IA_NA header
            "ab cd"); // sub-option data
    options.wrap(options17, 0, options17.length);
    assertThat(options.next()).isTrue();
    assertThat(options.isVendorSpace()).isFalse();

    options.nested(nested);

    assertThat(nested.isVendorSpace()).isTrue();
    assertThat(nested.next()).isTrue();
    assertThat(nested.code()).isEqualTo(3);
    assertThat(nested.option()).isSameAs(OptionCode.UNREGISTERED);
    assertThat(nested.hasNestedOptions()).isFalse();
    assertThat(nested.checkFormat()).isTrue();
    assertThatThrownBy(() -> nested.nested(nested2)).isInstanceOf(IllegalStateException.class);
    assertThat(nested.nested(nested2, 0).isVendorSpace()).isTrue();
    nested.wrap(options17, 0, options17.length);
    assertThat(nested.isVendorSpace()).isFalse();
  }

  @Test
  void nested_explicitHeader_entersUnregisteredContainer() {
    byte[] run =
        bytes(
            "fd e8", // option-code 65000, unregistered
            "00 07", // option-len 7
            "01 02 03", // a 3-byte header known only to the caller
            "00 07", // nested option-code 7
            "00 00"); // nested option-len 0
    options.wrap(run, 0, run.length);
    assertThat(options.next()).isTrue();
    assertThat(options.hasNestedOptions()).isFalse();

    options.nested(nested, 3);

    assertThat(nested.next()).isTrue();
    assertThat(nested.code()).isEqualTo(7);
    assertThat(nested.optionOffset()).isEqualTo(7);
    assertThat(nested.next()).isFalse();
  }

  @Test
  void next_zeroLengthOptions_walkedWithEmptyValues() {
    byte[] message =
        bytes(
            "01", // msg-type SOLICIT
            "00 00 01", // transaction-id
            "00 0e", // option-code 14, Rapid Commit (RFC 8415 §21.14)
            "00 00", // option-len 0
            "fd e8", // option-code 65000, unregistered
            "00 00", // option-len 0
            "00 08", // option-code 8, Elapsed Time
            "00 02", // option-len 2
            "00 05"); // 5
    reader.wrap(message, 0, message.length).options(options);

    next(14);
    assertThat(options.length()).isZero();
    assertThat(options.valueOffset()).isEqualTo(8);
    assertThat(options.checkFormat()).isTrue();
    assertThat(options.valueToArray()).isEmpty();
    next(65000);
    assertThat(options.length()).isZero();
    assertThat(options.valueOffset()).isEqualTo(12);
    assertThat(options.uint8()).isEqualTo(-1);
    assertThat(options.status()).isEqualTo(DecodeStatus.BAD_LENGTH_FOR_FORMAT);
    assertThat(options.errorOffset()).isEqualTo(8);
    next(8);
    assertThat(options.uint16()).isEqualTo(5);
    assertThat(options.next()).isFalse();
  }

  @Test
  void next_duplicateOptions_keptInWireOrder() {
    byte[] message =
        bytes(
            "01", // msg-type SOLICIT
            "00 00 02", // transaction-id
            "00 06", // option-code 6, ORO
            "00 02", // option-len 2
            "00 17", // 23
            "00 08", // option-code 8
            "00 02", // option-len 2
            "00 01", // 1
            "00 06", // option-code 6 again
            "00 02", // option-len 2
            "00 18", // 24
            "00 08", // option-code 8 again
            "00 02", // option-len 2
            "00 02"); // 2
    reader.wrap(message, 0, message.length).options(options);
    List<Integer> values = new ArrayList<>();

    while (options.next()) {
      values.add(options.code());
      values.add(options.uint16());
    }

    assertThat(values).containsExactly(6, 23, 8, 1, 6, 24, 8, 2);
  }

  @Test
  void next_unknownCodes_walkedByteExact() {
    byte[] message =
        bytes(
            "01", // msg-type SOLICIT
            "00 00 03", // transaction-id
            "00 00", // option-code 0, reserved
            "00 02", // option-len 2
            "ff ee", // data
            "ff ff", // option-code 65535, unregistered
            "00 05", // option-len 5
            "00 03 00 01 00"); // data that looks like an option header
    reader.wrap(message, 0, message.length).options(options);

    assertThat(options.next()).isTrue();
    assertThat(options.code()).isZero();
    assertThat(options.option()).isSameAs(OptionCode.UNREGISTERED);
    assertThat(options.valueToArray()).isEqualTo(bytes("ff ee"));
    assertThat(options.next()).isTrue();
    assertThat(options.code()).isEqualTo(65535);
    assertThat(options.hasNestedOptions()).isFalse();
    assertThat(options.checkFormat()).isTrue();
    assertThat(options.valueToArray()).isEqualTo(bytes("00 03 00 01 00"));
    assertThat(options.next()).isFalse();
    assertThat(options.status()).isEqualTo(DecodeStatus.OK);
  }

  @Test
  void typedReads_fieldOutsideValue_returnSentinelAndRecordStatus() {
    reader.wrap(SOLICIT, 0, SOLICIT.length).options(options);
    next(8); // Elapsed Time, 2 bytes at 80

    assertThat(options.uint8()).isEqualTo(-1);
    assertThat(options.uint32()).isEqualTo(-1);
    assertThat(options.uint8At(2)).isEqualTo(-1);
    assertThat(options.uint16At(1)).isEqualTo(-1);
    assertThat(options.uint32At(0)).isEqualTo(-1);
    assertThat(options.addressHigh(0)).isZero();
    assertThat(options.addressLow(0)).isZero();
    assertThat(options.status()).isEqualTo(DecodeStatus.BAD_LENGTH_FOR_FORMAT);
    assertThat(options.errorOffset()).isEqualTo(76);
    assertThat(options.toException())
        .hasMessageEndingWith(
            "option 8 (ELAPSED_TIME) length 2 does not fit its format (expected: >= 16) at index 76");
    assertThat(options.uint8At(1)).isZero();
    assertThatThrownBy(() -> options.uint8At(-1)).isInstanceOf(IllegalArgumentException.class);
    // The framing is intact: the walk goes on.
    assertThat(options.next()).isTrue();
    assertThat(options.code()).isEqualTo(16);
  }

  @Test
  void checkFormat_wrongLengths_reportExpectation() {
    byte[] run =
        bytes(
            "00 08", // Elapsed Time
            "00 03", // option-len 3, not 2
            "00 00 00",
            "00 06", // ORO
            "00 03", // option-len 3, not a multiple of 2
            "00 17 00",
            "00 10", // Vendor Class
            "00 02", // option-len 2, shorter than the enterprise-number
            "00 00",
            "00 01", // Client Identifier
            "00 01", // option-len 1, shorter than a DUID type
            "00");
    options.wrap(run, 0, run.length);
    List<String> reasons = new ArrayList<>();

    while (options.next()) {
      assertThat(options.checkFormat()).isFalse();
      assertThat(options.errorOffset()).isEqualTo(options.optionOffset());
      String message = options.toException().getMessage();
      reasons.add(message.substring(message.indexOf("\": ") + 3));
    }

    assertThat(reasons)
        .containsExactly(
            "option 8 (ELAPSED_TIME) length 3 does not fit its format (expected: 2) at index 0",
            "option 6 (ORO) length 3 does not fit its format (expected: a multiple of 2) at index 7",
            "option 16 (VENDOR_CLASS) length 2 does not fit its format (expected: >= 6) at index 14",
            "option 1 (CLIENTID) length 1 does not fit its format (expected: >= 2) at index 20");
    assertThat(options.toException().getMessage()).startsWith("invalid DHCPv6 options \"00:08:");
  }

  @Test
  void checkFormat_duidLongerThan130_reportsAtMost() {
    byte[] run = new byte[4 + 131];
    run[1] = 1; // option-code 1
    run[3] = (byte) 131; // option-len 131
    options.wrap(run, 0, run.length);
    assertThat(options.next()).isTrue();

    assertThat(options.checkFormat()).isFalse();
    assertThat(options.toException())
        .hasMessageEndingWith("length 131 does not fit its format (expected: <= 130) at index 0");
  }

  @Test
  void nested_nonContainer_throws() {
    reader.wrap(SOLICIT, 0, SOLICIT.length).options(options);
    next(1);

    assertThatThrownBy(() -> options.nested(nested))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hasNestedOptions");
    assertThatThrownBy(() -> options.nested(options, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> options.nested(nested, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nested_beforeNext_throws() {
    reader.wrap(SOLICIT, 0, SOLICIT.length).options(options);

    assertThatThrownBy(() -> options.nested(nested)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void debugChecks_readBeforeNext_throws() {
    assumeTrue(DebugChecks.ENABLED, "the test JVM sets -Dnetboot6.debugChecks=true");
    reader.wrap(SOLICIT, 0, SOLICIT.length).options(options);

    assertThatThrownBy(options::code).isInstanceOf(IllegalStateException.class);
    while (options.next()) {
      assertThat(options.code()).isPositive();
    }
    assertThatThrownBy(options::length)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call next()");
  }

  @Test
  void toException_statusOk_throws() {
    reader.wrap(SOLICIT, 0, SOLICIT.length).options(options);

    assertThatThrownBy(options::toException).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(reader::toException).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @EnumSource(BufferKind.class)
  void wrap_bareOptionsInEveryBufferKind_absoluteOffsets(BufferKind kind) {
    BufferKind.Placed placed = kind.place(SOLICIT);

    placed.wrap(options, 4, SOLICIT.length - 4);

    int[] codes = new int[6];
    int i = 0;
    while (options.next()) {
      codes[i++] = options.code();
      if (options.code() == 3) {
        options.nested(nested);
        assertThat(nested.next()).isTrue();
        assertThat(nested.addressLow(0)).isEqualTo(8L);
        assertThat(nested.optionOffset()).isEqualTo(BufferKind.OFFSET + 38);
      }
      if (options.code() == 16) {
        byte[] value = new byte[40];
        Arrays.fill(value, (byte) 0x5a);
        assertThat(options.copyValue(value, 1)).isEqualTo(38);
        assertThat(value[0]).isEqualTo((byte) 0x5a);
        assertThat(value[39]).isEqualTo((byte) 0x5a);
        assertThat(value[1 + 3]).isEqualTo((byte) 0x57);
      }
    }
    assertThat(codes).containsExactly(1, 3, 6, 8, 16, 61);
    assertThat(options.status()).isEqualTo(DecodeStatus.OK);
    placed.assertUntouched();
  }

  /** Moves {@link #options} to the next option with this code, failing if there is none. */
  private void next(int code) {
    while (options.next()) {
      if (options.code() == code) {
        return;
      }
    }
    throw new AssertionError("no option " + code + "; status " + options.status());
  }
}
