package io.github.netboot6.testkit;

import static io.github.netboot6.testkit.Properties.gen;
import static io.github.netboot6.testkit.Properties.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.netboot6.core.Duid;
import io.github.netboot6.core.DuidType;
import io.github.netboot6.core.MalformedValueException;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DuidPropertyTest {

  @Test
  void bytes_roundTrip_sizeWrittenAndReadAgree() {
    qt().forAll(gen(DuidGenerators.duids()))
        .checkAssert(
            duid -> {
              assertThat(duid.length()).isBetween(Duid.MIN_LENGTH, Duid.MAX_LENGTH);
              byte[] buffer = new byte[duid.length() + 4];
              Arrays.fill(buffer, (byte) 0x5a);
              int written = duid.writeTo(buffer, 2);
              assertThat(written).isEqualTo(duid.length());
              Duid read = Duid.fromBytes(buffer, 2, written);
              assertThat(read).isEqualTo(duid).hasSameHashCodeAs(duid);
              assertThat(read.length()).isEqualTo(written);
              assertThat(buffer[1]).isEqualTo((byte) 0x5a);
              assertThat(buffer[buffer.length - 2]).isEqualTo((byte) 0x5a);
              assertThat(Duid.fromBytes(duid.toBytes())).isEqualTo(duid);
              assertThat(Duid.isValid(duid.toBytes())).isTrue();
            });
  }

  @Test
  void text_roundTrip() {
    qt().forAll(gen(DuidGenerators.duids()))
        .checkAssert(duid -> assertThat(Duid.parse(duid.toString())).isEqualTo(duid));
  }

  @Test
  void generatedTexts_parseToTheirDuid() {
    qt().forAll(gen(DuidGenerators.duidTexts()))
        .checkAssert(
            sample -> {
              assertThat(Duid.parse(sample.text())).isEqualTo(sample.duid());
              assertThat(Duid.tryParse(sample.text())).isEqualTo(sample.duid());
              assertThat(Duid.isValid(sample.text())).isTrue();
            });
  }

  @Test
  void typeSpecificAccessors_presentExactlyForTheirType() {
    qt().forAll(gen(DuidGenerators.duids()))
        .checkAssert(
            duid -> {
              DuidType type = duid.type();
              assertThat(type.code()).isEqualTo(duid.typeCode());
              boolean linkLayer = type == DuidType.LLT || type == DuidType.LL;
              assertThat(duid.hardwareType().isPresent()).isEqualTo(linkLayer);
              assertThat(duid.linkLayerAddress().isPresent()).isEqualTo(linkLayer);
              assertThat(duid.time().isPresent()).isEqualTo(type == DuidType.LLT);
              assertThat(duid.enterpriseNumber().isPresent()).isEqualTo(type == DuidType.EN);
              assertThat(duid.identifier().isPresent()).isEqualTo(type == DuidType.EN);
              assertThat(duid.uuid().isPresent()).isEqualTo(type == DuidType.UUID);
              duid.macAddress()
                  .ifPresent(
                      mac -> {
                        assertThat(duid.hardwareType()).hasValue(Duid.HARDWARE_TYPE_ETHERNET);
                        assertThat(duid.linkLayerAddress().orElseThrow()).isEqualTo(mac.toBytes());
                      });
            });
  }

  @Test
  void uuid_bothByteOrders_roundTrip() {
    qt().forAll(gen(random -> new UUID(random.nextLong(), random.nextLong())))
        .checkAssert(
            uuid -> {
              Duid network = Duid.uuid(uuid);
              Duid firmware = Duid.uuidFromSmbios(uuid);
              assertThat(network.uuid()).contains(uuid);
              assertThat(firmware.smbiosUuid()).contains(uuid);
              // The two readings are each other's inverse, on the same bytes.
              assertThat(Duid.uuidFromSmbios(network.smbiosUuid().orElseThrow()))
                  .isEqualTo(network);
              assertThat(Duid.uuid(firmware.uuid().orElseThrow())).isEqualTo(firmware);
              assertThat(firmware.uuid().orElseThrow().getLeastSignificantBits())
                  .isEqualTo(uuid.getLeastSignificantBits());
              assertThat(Duid.parse(firmware.toString())).isEqualTo(firmware);
            });
  }

  @Test
  void hostileBytes_throwOnlyMalformedValueException_andAgreeWithIsValid() {
    qt().forAll(gen(DuidGenerators.hostileDuidBytes()))
        .checkAssert(
            bytes -> {
              Throwable thrown = catchThrowable(() -> Duid.fromBytes(bytes));
              boolean valid = Duid.isValid(bytes);
              if (thrown == null) {
                assertThat(valid).isTrue();
                assertThat(Duid.fromBytes(bytes).toBytes()).isEqualTo(bytes);
              } else {
                assertThat(thrown).isExactlyInstanceOf(MalformedValueException.class);
                assertThat(thrown.getMessage()).hasSizeLessThan(400).contains("(expected: ");
                assertThat(valid).isFalse();
              }
            });
  }

  @Test
  void hostileText_throwsOnlyMalformedValueException_andAgreesWithIsValid() {
    qt().forAll(gen(DuidGenerators.hostileDuidTexts()))
        .checkAssert(
            text -> {
              Throwable thrown = catchThrowable(() -> Duid.parse(text));
              boolean valid = Duid.isValid(text);
              if (thrown == null) {
                assertThat(valid).isTrue();
                assertThat(Duid.tryParse(text)).isEqualTo(Duid.parse(text));
              } else {
                assertThat(thrown).isExactlyInstanceOf(MalformedValueException.class);
                MalformedValueException e = (MalformedValueException) thrown;
                assertThat(e.index()).isBetween(-1, text.length());
                assertThat(e.getMessage()).hasSizeLessThan(400).contains("(expected: ");
                assertThat(valid).isFalse();
                assertThat(Duid.tryParse(text)).isNull();
              }
            });
  }
}
