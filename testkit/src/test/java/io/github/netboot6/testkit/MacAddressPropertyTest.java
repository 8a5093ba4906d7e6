package io.github.netboot6.testkit;

import static io.github.netboot6.testkit.Properties.gen;
import static io.github.netboot6.testkit.Properties.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.MalformedValueException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MacAddressPropertyTest {

  @Test
  void longAndBytes_roundTrip() {
    qt().forAll(gen(MacGenerators.macs()))
        .checkAssert(
            mac -> {
              assertThat(MacAddress.fromLong(mac.toLong())).isEqualTo(mac);
              assertThat(MacAddress.fromBytes(mac.toBytes())).isEqualTo(mac);
              byte[] buffer = new byte[10];
              Arrays.fill(buffer, (byte) 0x5a);
              assertThat(mac.writeTo(buffer, 3)).isEqualTo(MacAddress.BYTES);
              assertThat(MacAddress.fromBytes(buffer, 3)).isEqualTo(mac);
              assertThat(buffer[2]).isEqualTo((byte) 0x5a);
              assertThat(buffer[9]).isEqualTo((byte) 0x5a);
            });
  }

  @Test
  void everyNotationAndCase_parsesBackToSameMac() {
    qt().forAll(gen(MacGenerators.macs()))
        .checkAssert(
            mac -> {
              assertThat(MacAddress.parse(mac.toString())).isEqualTo(mac);
              for (MacAddress.Notation notation : MacAddress.Notation.values()) {
                assertThat(MacAddress.parse(mac.toString(notation))).isEqualTo(mac);
                assertThat(MacAddress.parse(mac.toUpperCaseString(notation))).isEqualTo(mac);
              }
            });
  }

  @Test
  void generatedTexts_parseToTheirMac() {
    qt().forAll(gen(MacGenerators.macTexts()))
        .checkAssert(
            sample -> {
              assertThat(MacAddress.parse(sample.text())).isEqualTo(sample.mac());
              assertThat(MacAddress.tryParse(sample.text())).isEqualTo(sample.mac());
              assertThat(MacAddress.isValid(sample.text())).isTrue();
            });
  }

  @Test
  void modifiedEui64_roundTrips() {
    qt().forAll(gen(MacGenerators.macs()))
        .checkAssert(
            mac -> {
              long iid = mac.toModifiedEui64();
              assertThat(MacAddress.isEui64Derived(iid)).isTrue();
              assertThat(MacAddress.fromModifiedEui64(iid)).contains(mac);
              assertThat((iid >>> 57) & 1).isEqualTo(mac.isLocallyAdministered() ? 0L : 1L);
            });
  }

  @Test
  void anyInterfaceIdentifier_givesMacOnlyWhenEui64Shaped() {
    qt().forAll(gen(random -> random.nextLong()))
        .checkAssert(
            iid -> {
              boolean shaped = ((iid >>> 24) & 0xffff) == 0xfffe;
              assertThat(MacAddress.isEui64Derived(iid)).isEqualTo(shaped);
              assertThat(MacAddress.fromModifiedEui64(iid).map(MacAddress::toModifiedEui64))
                  .isEqualTo(shaped ? java.util.Optional.of(iid) : java.util.Optional.empty());
            });
  }

  @Test
  void compareTo_agreesWithValueAndEquals() {
    qt().forAll(gen(MacGenerators.macs()), gen(MacGenerators.macs()))
        .checkAssert(
            (a, b) -> {
              assertThat(Integer.signum(a.compareTo(b)))
                  .isEqualTo(Long.signum(a.toLong() - b.toLong()));
              assertThat(a.equals(b)).isEqualTo(a.compareTo(b) == 0);
              if (a.equals(b)) {
                assertThat(a.hashCode()).isEqualTo(b.hashCode());
              }
            });
  }

  @Test
  void hostileText_throwsOnlyMalformedValueException_andAgreesWithIsValid() {
    qt().forAll(gen(MacGenerators.hostileMacTexts()))
        .checkAssert(
            text -> {
              Throwable thrown = catchThrowable(() -> MacAddress.parse(text));
              boolean valid = MacAddress.isValid(text);
              if (thrown == null) {
                assertThat(valid).isTrue();
                assertThat(MacAddress.tryParse(text)).isEqualTo(MacAddress.parse(text));
              } else {
                assertThat(thrown).isExactlyInstanceOf(MalformedValueException.class);
                MalformedValueException e = (MalformedValueException) thrown;
                assertThat(e.index()).isBetween(-1, text.length());
                assertThat(e.getMessage()).hasSizeLessThan(400).contains("(expected: ");
                assertThat(valid).isFalse();
                assertThat(MacAddress.tryParse(text)).isNull();
              }
            });
  }
}
