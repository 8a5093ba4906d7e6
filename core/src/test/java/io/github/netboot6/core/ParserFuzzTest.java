package io.github.netboot6.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzz tests of every core parser (Jazzer). The contract under test: any input
 * either parses, agrees with {@code isValid}, and round-trips through its canonical form, or is
 * rejected with {@link MalformedValueException}; any other exception is a finding.
 *
 * <p>In {@code ./mvnw verify} each target replays its inputs in {@code
 * src/test/resources/io/github/netboot6/core/ParserFuzzTestInputs/<target>/} as a regression test.
 * To fuzz one target for its {@code maxDuration} (10 minutes): {@code JAZZER_FUZZ=1 ./mvnw -pl core
 * test -Dtest=ParserFuzzTest#ipv6AddressText} (see the README). The corpus grows in {@code
 * core/.cifuzz-corpus/} (not committed); a finding is written into the inputs folder above and
 * replayed by every later build.
 */
class ParserFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void ipv6AddressText(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    boolean valid = Ipv6Address.isValid(text);
    try {
      Ipv6Address address = Ipv6Address.parse(text);
      assertThat(valid).isTrue();
      assertThat(Ipv6Address.parse(address.toString())).isEqualTo(address);
      assertThat(Ipv6Address.parse(address.toFullString())).isEqualTo(address);
    } catch (MalformedValueException e) {
      assertThat(valid).isFalse();
      assertThat(Ipv6Address.tryParse(text)).isNull();
    }
  }

  @FuzzTest(maxDuration = "10m")
  void ipv6PrefixText(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    boolean valid = Ipv6Prefix.isValid(text);
    try {
      Ipv6Prefix prefix = Ipv6Prefix.parse(text);
      assertThat(valid).isTrue();
      assertThat(Ipv6Prefix.parse(prefix.toString())).isEqualTo(prefix);
      assertThat(prefix.contains(prefix.first())).isTrue();
      assertThat(prefix.contains(prefix.last())).isTrue();
    } catch (MalformedValueException e) {
      assertThat(valid).isFalse();
    }
  }

  @FuzzTest(maxDuration = "10m")
  void macAddressText(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    boolean valid = MacAddress.isValid(text);
    try {
      MacAddress mac = MacAddress.parse(text);
      assertThat(valid).isTrue();
      assertThat(MacAddress.parse(mac.toString())).isEqualTo(mac);
    } catch (MalformedValueException e) {
      assertThat(valid).isFalse();
    }
  }

  @FuzzTest(maxDuration = "10m")
  void duidText(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    boolean valid = Duid.isValid(text);
    try {
      Duid duid = Duid.parse(text);
      assertThat(valid).isTrue();
      assertThat(Duid.parse(duid.toString())).isEqualTo(duid);
    } catch (MalformedValueException e) {
      assertThat(valid).isFalse();
    }
  }

  @FuzzTest(maxDuration = "10m")
  void duidBytes(FuzzedDataProvider data) {
    byte[] bytes = data.consumeRemainingAsBytes();
    boolean valid = Duid.isValid(bytes);
    try {
      Duid duid = Duid.fromBytes(bytes);
      assertThat(valid).isTrue();
      assertThat(duid.toBytes()).isEqualTo(bytes);
      assertThat(Duid.parse(duid.toString())).isEqualTo(duid);
      // Typed accessors must not throw for any valid DUID.
      duid.macAddress();
      duid.uuid();
      duid.smbiosUuid();
      duid.timeAsInstant();
      duid.enterpriseNumber();
    } catch (MalformedValueException e) {
      assertThat(valid).isFalse();
    }
  }
}
