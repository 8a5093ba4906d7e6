package io.github.netboot6.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DuidTest {

  private static final byte[] LLT = {
    0x00,
    0x01, // type: 1, DUID-LLT
    0x00,
    0x01, // hardware type: 1, Ethernet
    0x2b,
    0x3c,
    0x4d,
    0x5e, // time: 0x2b3c4d5e s after 2000-01-01T00:00:00Z
    0x52,
    0x54,
    0x00,
    0x12,
    0x34,
    0x56 // link-layer address: MAC 52:54:00:12:34:56
  };

  private static final byte[] EN = {
    0x00,
    0x02, // type: 2, DUID-EN
    0x00,
    0x00,
    0x09,
    0x0d, // enterprise number: 2317
    0x0a,
    0x0b,
    0x0c // identifier: 3 bytes
  };

  private static final byte[] LL = {
    0x00,
    0x03, // type: 3, DUID-LL
    0x00,
    0x01, // hardware type: 1, Ethernet
    0x00,
    0x1a,
    0x2b,
    0x3c,
    0x4d,
    0x5e // link-layer address: MAC 00:1a:2b:3c:4d:5e
  };

  private static final byte[] LL_INFINIBAND = {
    0x00,
    0x03, // type: 3, DUID-LL
    0x00,
    0x20, // hardware type: 32, InfiniBand
    0x01,
    0x02,
    0x03,
    0x04,
    0x05,
    0x06,
    0x07,
    0x08 // link-layer address: 8 bytes (a GUID)
  };

  private static final UUID SMBIOS_UUID = UUID.fromString("8c3d9a58-1b2e-4c5f-9a0b-112233445566");

  /** Measured: what EDK2/OVMF sends for a VM with SMBIOS UUID {@link #SMBIOS_UUID}. */
  private static final byte[] UUID_FROM_EDK2 = {
    0x00,
    0x04, // type: 4, DUID-UUID
    0x58,
    (byte) 0x9a,
    0x3d,
    (byte) 0x8c, // time_low, little-endian (SMBIOS order)
    0x2e,
    0x1b, // time_mid, little-endian
    0x5f,
    0x4c, // time_hi_and_version, little-endian
    (byte) 0x9a,
    0x0b, // clock_seq
    0x11,
    0x22,
    0x33,
    0x44,
    0x55,
    0x66 // node
  };

  /** Measured: what iPXE sends for the same VM. */
  private static final byte[] UUID_FROM_IPXE = {
    0x00,
    0x04, // type: 4, DUID-UUID
    (byte) 0x8c,
    0x3d,
    (byte) 0x9a,
    0x58, // time_low, network order
    0x1b,
    0x2e, // time_mid
    0x4c,
    0x5f, // time_hi_and_version
    (byte) 0x9a,
    0x0b, // clock_seq
    0x11,
    0x22,
    0x33,
    0x44,
    0x55,
    0x66 // node
  };

  private static final byte[] UNKNOWN = {
    0x00,
    0x09, // type: 9, not assigned here
    0x01 // one byte of identifier
  };

  // ---------------------------------------------------------------- per type

  @Test
  void fromBytes_llt_readsEveryField() {
    Duid duid = Duid.fromBytes(LLT);
    assertThat(duid.type()).isSameAs(DuidType.LLT);
    assertThat(duid.typeCode()).isEqualTo(1);
    assertThat(duid.length()).isEqualTo(14);
    assertThat(duid.hardwareType()).hasValue(1);
    assertThat(duid.time()).hasValue(0x2b3c4d5eL);
    assertThat(duid.timeAsInstant()).contains(Instant.parse("2022-12-26T12:17:34Z"));
    assertThat(duid.linkLayerAddress())
        .hasValueSatisfying(a -> assertThat(a).containsExactly(0x52, 0x54, 0x00, 0x12, 0x34, 0x56));
    assertThat(duid.macAddress()).contains(MacAddress.parse("52:54:00:12:34:56"));
    assertThat(duid.enterpriseNumber()).isEmpty();
    assertThat(duid.identifier()).isEmpty();
    assertThat(duid.uuid()).isEmpty();
    assertThat(duid.toString()).isEqualTo("00:01:00:01:2b:3c:4d:5e:52:54:00:12:34:56");
    assertThat(Duid.llt(1, 0x2b3c4d5eL, MacAddress.parse("52:54:00:12:34:56"))).isEqualTo(duid);
  }

  @Test
  void fromBytes_en_readsEveryField() {
    Duid duid = Duid.fromBytes(EN);
    assertThat(duid.type()).isSameAs(DuidType.EN);
    assertThat(duid.enterpriseNumber()).hasValue(2317);
    assertThat(duid.identifier())
        .hasValueSatisfying(a -> assertThat(a).containsExactly(0x0a, 0x0b, 0x0c));
    assertThat(duid.hardwareType()).isEmpty();
    assertThat(duid.linkLayerAddress()).isEmpty();
    assertThat(duid.macAddress()).isEmpty();
    assertThat(duid.time()).isEmpty();
    assertThat(duid.timeAsInstant()).isEmpty();
    assertThat(Duid.en(2317, new byte[] {0x0a, 0x0b, 0x0c})).isEqualTo(duid);
  }

  @Test
  void fromBytes_ll_readsEveryField() {
    Duid duid = Duid.fromBytes(LL);
    assertThat(duid.type()).isSameAs(DuidType.LL);
    assertThat(duid.hardwareType()).hasValue(1);
    assertThat(duid.time()).isEmpty();
    assertThat(duid.macAddress()).contains(MacAddress.parse("00:1a:2b:3c:4d:5e"));
    assertThat(Duid.ll(1, MacAddress.parse("00:1a:2b:3c:4d:5e"))).isEqualTo(duid);
  }

  @Test
  void macAddress_nonEthernetLinkLayer_isEmptyButAddressIsKept() {
    Duid duid = Duid.fromBytes(LL_INFINIBAND);
    assertThat(duid.hardwareType()).hasValue(32);
    assertThat(duid.macAddress()).isEmpty();
    assertThat(duid.linkLayerAddress()).hasValueSatisfying(a -> assertThat(a).hasSize(8));
    // Ethernet hardware type but not six bytes: no MAC either.
    assertThat(Duid.ll(1, new byte[] {1, 2, 3, 4, 5, 6, 7}).macAddress()).isEmpty();
  }

  @Test
  void uuid_measuredEdk2AndIpxePair_bothGiveTheSmbiosUuid() {
    Duid edk2 = Duid.parse("00:04:58:9a:3d:8c:2e:1b:5f:4c:9a:0b:11:22:33:44:55:66");
    Duid ipxe = Duid.parse("00:04:8c:3d:9a:58:1b:2e:4c:5f:9a:0b:11:22:33:44:55:66");
    assertThat(edk2.toBytes()).isEqualTo(UUID_FROM_EDK2);
    assertThat(ipxe.toBytes()).isEqualTo(UUID_FROM_IPXE);
    assertThat(edk2.type()).isSameAs(DuidType.UUID);
    assertThat(edk2.smbiosUuid()).contains(SMBIOS_UUID);
    assertThat(ipxe.uuid()).contains(SMBIOS_UUID);
    assertThat(edk2.uuid()).contains(UUID.fromString("589a3d8c-2e1b-5f4c-9a0b-112233445566"));
    assertThat(Duid.uuidFromSmbios(SMBIOS_UUID)).isEqualTo(edk2);
    assertThat(Duid.uuid(SMBIOS_UUID)).isEqualTo(ipxe);
    assertThat(edk2).isNotEqualTo(ipxe);
    assertThat(edk2.hardwareType()).isEmpty();
    assertThat(edk2.macAddress()).isEmpty();
  }

  @Test
  void uuid_nilAndMax_areRecognised() {
    Duid nil = Duid.uuid(new UUID(0, 0));
    Duid max = Duid.uuid(new UUID(-1, -1));
    assertThat(nil.isNilUuid()).isTrue();
    assertThat(nil.isMaxUuid()).isFalse();
    assertThat(max.isMaxUuid()).isTrue();
    assertThat(max.isNilUuid()).isFalse();
    assertThat(Duid.uuid(SMBIOS_UUID).isNilUuid()).isFalse();
    assertThat(Duid.uuidFromSmbios(new UUID(0, 0))).isEqualTo(nil);
    // Not a DUID-UUID, even if the bytes after the type are zero.
    assertThat(Duid.fromBytes(new byte[18]).isNilUuid()).isFalse();
  }

  @Test
  void fromBytes_unknownType_isKeptRaw() {
    Duid duid = Duid.fromBytes(UNKNOWN);
    assertThat(duid.type().isKnown()).isFalse();
    assertThat(duid.type().code()).isEqualTo(9);
    assertThat(duid.type()).hasToString("UNKNOWN(9)");
    assertThat(duid.hardwareType()).isEmpty();
    assertThat(duid.uuid()).isEmpty();
    assertThat(duid.toString()).isEqualTo("00:09:01");
  }

  // ---------------------------------------------------------------- lengths

  @ParameterizedTest
  @CsvSource({
    // type, length, valid
    "9, 2, false",
    "9, 3, true",
    "9, 129, true",
    "9, 130, true",
    "9, 131, false",
    "0, 3, true",
    "65535, 130, true",
    "1, 8, false",
    "1, 9, true",
    "1, 130, true",
    "1, 131, false",
    "2, 6, false",
    "2, 7, true",
    "2, 130, true",
    "3, 4, false",
    "3, 5, true",
    "3, 130, true",
    "4, 17, false",
    "4, 18, true",
    "4, 19, false",
  })
  void fromBytes_lengthBoundaries(int type, int length, boolean valid) {
    byte[] bytes = new byte[length];
    bytes[0] = (byte) (type >>> 8);
    bytes[1] = (byte) type;
    assertThat(Duid.isValid(bytes)).isEqualTo(valid);
    assertThat(Duid.isValid(hex(bytes))).isEqualTo(valid);
    if (valid) {
      assertThat(Duid.fromBytes(bytes).length()).isEqualTo(length);
      assertThat(Duid.parse(hex(bytes)).toBytes()).isEqualTo(bytes);
    } else {
      assertThatThrownBy(() -> Duid.fromBytes(bytes))
          .isInstanceOfSatisfying(
              MalformedValueException.class,
              e -> assertThat(e.reason()).contains("length").contains("(expected: "));
    }
  }

  @Test
  void fromBytes_tooShortAndTooLong_messagesNameLengthAndLimit() {
    assertThatThrownBy(() -> Duid.fromBytes(new byte[] {0, 1}))
        .isInstanceOf(MalformedValueException.class)
        .hasMessage("invalid DUID \"00:01\": length: 2 bytes (expected: 3..130)");
    assertThatThrownBy(() -> Duid.fromBytes(new byte[131]))
        .isInstanceOfSatisfying(
            MalformedValueException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("length: 131 bytes (expected: 3..130)");
              assertThat(e.index()).isEqualTo(MalformedValueException.NO_INDEX);
            });
    assertThatThrownBy(() -> Duid.fromBytes(Arrays.copyOf(UUID_FROM_IPXE, 17)))
        .isInstanceOfSatisfying(
            MalformedValueException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(
                        "DUID-UUID length: 17 bytes (expected: 18, type and a 16-byte UUID)"));
    assertThatThrownBy(() -> Duid.fromBytes(Arrays.copyOf(LLT, 8)))
        .isInstanceOfSatisfying(
            MalformedValueException.class,
            e -> assertThat(e.reason()).startsWith("DUID-LLT length: 8 bytes (expected: 9..130"));
  }

  @Test
  void fromBytes_withOffset_readsOnlyTheWindowAndCopies() {
    byte[] buffer = new byte[LL.length + 4];
    Arrays.fill(buffer, (byte) 0x77);
    System.arraycopy(LL, 0, buffer, 2, LL.length);
    Duid duid = Duid.fromBytes(buffer, 2, LL.length);
    assertThat(duid.toBytes()).isEqualTo(LL);
    buffer[2 + 5] = 0;
    assertThat(duid.toBytes()).isEqualTo(LL);
    assertThatThrownBy(() -> Duid.fromBytes(buffer, 10, 10))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void accessors_returnCopies() {
    Duid duid = Duid.fromBytes(LLT);
    duid.toBytes()[0] = 9;
    duid.linkLayerAddress().orElseThrow()[0] = 9;
    assertThat(duid.toBytes()).isEqualTo(LLT);
  }

  @Test
  void writeTo_writesOnlyItsBytes() {
    byte[] buffer = new byte[EN.length + 2];
    Arrays.fill(buffer, (byte) 0x77);
    assertThat(Duid.fromBytes(EN).writeTo(buffer, 1)).isEqualTo(EN.length);
    assertThat(buffer[0]).isEqualTo((byte) 0x77);
    assertThat(Arrays.copyOfRange(buffer, 1, 1 + EN.length)).isEqualTo(EN);
    assertThat(buffer[buffer.length - 1]).isEqualTo((byte) 0x77);
    assertThatThrownBy(() -> Duid.fromBytes(EN).writeTo(new byte[EN.length], 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  // ---------------------------------------------------------------- text

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00:03:00:01:00:1a:2b:3c:4d:5e",
        "00:03:00:01:00:1A:2B:3C:4D:5E",
        "0:3:0:1:0:1a:2b:3c:4d:5e",
        "00-03-00-01-00-1A-2B-3C-4D-5E",
        "00030001001a2b3c4d5e",
        "00030001001A2B3C4D5E"
      })
  void parse_everyAcceptedForm_givesSameDuid(String text) {
    assertThat(Duid.parse(text).toBytes()).isEqualTo(LL);
    assertThat(Duid.tryParse(text)).isEqualTo(Duid.fromBytes(LL));
    assertThat(Duid.isValid(text)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // text | index | reason
        "00:03:00-01:00:1a | 8 | separator: '-' mixed with ':' (expected: ':' throughout)",
        "00-03-00:01 | 8 | separator: ':' mixed with '-' (expected: '-' throughout)",
        "00:03:000:01 | 8 | octet 3: more than 2 hex digits (expected: 1 or 2)",
        "00-03-0-01-02 | 6 | octet 3: 1 hex digit (expected: 2)",
        "00:03:00:01: | 12 | octet 5: 0 hex digits (expected: 1 or 2)",
        "00:03::01:02 | 6 | octet 3: 0 hex digits (expected: 1 or 2)",
        "00:03:0g:01:02 | 7 | character: 'g' (expected: hex digit or ':')",
        "0003000 | -1 | length: 7 hex digits (expected: an even number)",
        "00030g01 | 5 | character: 'g' (expected: hex digit)",
        "00.03.00.01 | 2 | character: '.' (expected: hex digit, ':' or '-')",
        "x0:03:00:01 | 0 | character: 'x' (expected: hex digit)",
        "00:04:01 | -1 | DUID-UUID length: 3 bytes (expected: 18, type and a 16-byte UUID)",
        "00:09 | -1 | length: 2 bytes (expected: 3..130)",
      })
  void parse_badText_isRejectedWithIndexAndReason(String text, int index, String reason) {
    assertThatThrownBy(() -> Duid.parse(text))
        .isInstanceOfSatisfying(
            MalformedValueException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.index()).isEqualTo(index);
              assertThat(e.getMessage()).startsWith("invalid DUID \"" + text + "\": ");
            });
    assertThat(Duid.tryParse(text)).isNull();
    assertThat(Duid.isValid(text)).isFalse();
  }

  @Test
  void parse_131Octets_isRejectedAtTheExtraOctet() {
    String text = hex(new byte[130]) + ":00";
    assertThatThrownBy(() -> Duid.parse(text))
        .isInstanceOfSatisfying(
            MalformedValueException.class,
            e -> {
              assertThat(e.index()).isEqualTo(130 * 3);
              assertThat(e.reason()).isEqualTo("length: more than 130 bytes (expected: 3..130)");
              assertThat(e.getMessage()).hasSizeLessThan(400);
            });
  }

  @Test
  void parse_empty_isRejected() {
    assertThatThrownBy(() -> Duid.parse("")).isInstanceOf(MalformedValueException.class);
  }

  // ---------------------------------------------------------------- factories

  @Test
  void factories_badArguments_areIllegalArguments() {
    MacAddress mac = MacAddress.ZERO;
    assertThatThrownBy(() -> Duid.llt(65536, 0, mac)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Duid.llt(1, -1, mac)).hasMessage("time: -1 (expected: 0..4294967295)");
    assertThatThrownBy(() -> Duid.llt(1, 1L << 32, mac))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Duid.llt(1, 0, new byte[0]))
        .hasMessage("link-layer address length: 0 bytes (expected: 1..122)");
    assertThatThrownBy(() -> Duid.llt(1, 0, new byte[123]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Duid.ll(-1, mac)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Duid.ll(1, new byte[127]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Duid.en(-1, new byte[1])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Duid.en(1, new byte[125]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Duid.en(1, new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void factories_largestBodies_makeLongestDuid() {
    assertThat(Duid.llt(1, 0xffff_ffffL, new byte[122]).length()).isEqualTo(130);
    assertThat(Duid.ll(0xffff, new byte[126]).length()).isEqualTo(130);
    assertThat(Duid.en(0xffff_ffffL, new byte[124]).length()).isEqualTo(130);
    assertThat(Duid.llt(1, 0xffff_ffffL, new byte[1]).time()).hasValue(0xffff_ffffL);
    assertThat(Duid.en(0xffff_ffffL, new byte[1]).enterpriseNumber()).hasValue(0xffff_ffffL);
  }

  @Test
  void factories_copyTheirArrays() {
    byte[] address = {1, 2, 3};
    Duid duid = Duid.ll(6, address);
    address[0] = 9;
    assertThat(duid.linkLayerAddress())
        .hasValueSatisfying(a -> assertThat(a[0]).isEqualTo((byte) 1));
  }

  @Test
  void equalsAndHashCode_followBytes() {
    assertThat(Duid.fromBytes(LL)).isEqualTo(Duid.parse("00:03:00:01:00:1a:2b:3c:4d:5e"));
    assertThat(Duid.fromBytes(LL)).hasSameHashCodeAs(Duid.fromBytes(LL.clone()));
    assertThat(Duid.fromBytes(LL)).isNotEqualTo(Duid.fromBytes(LLT)).isNotEqualTo(LL);
  }

  // ---------------------------------------------------------------- DuidType

  @Test
  void duidType_valueOf_knownAndUnknownCodes() {
    assertThat(DuidType.valueOf(1)).isSameAs(DuidType.LLT);
    assertThat(DuidType.valueOf(2)).isSameAs(DuidType.EN);
    assertThat(DuidType.valueOf(3)).isSameAs(DuidType.LL);
    assertThat(DuidType.valueOf(4)).isSameAs(DuidType.UUID);
    assertThat(DuidType.LLT).hasToString("LLT(1)");
    assertThat(DuidType.UUID.name()).isEqualTo("UUID");
    DuidType unknown = DuidType.valueOf(65535);
    assertThat(unknown.isKnown()).isFalse();
    assertThat(unknown.name()).isEqualTo("UNKNOWN");
    assertThat(unknown)
        .isEqualTo(DuidType.valueOf(65535))
        .hasSameHashCodeAs(DuidType.valueOf(65535));
    assertThat(DuidType.valueOf(0).isKnown()).isFalse();
    assertThatThrownBy(() -> DuidType.valueOf(65536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DuidType.valueOf(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      if (sb.length() > 0) {
        sb.append(':');
      }
      sb.append(String.format(java.util.Locale.ROOT, "%02x", b & 0xff));
    }
    return sb.toString();
  }

  @Test
  void hashCode_sequentialDuidLlts_spread() {
    // A rack's DUID-LLTs differ only in their MACs' last bytes; Arrays.hashCode gave these 9,122
    // values. 100,000 random 32-bit hashes share one about once; allow a few.
    Set<Integer> hashes = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      hashes.add(Duid.llt(1, 0x3040_5060L, MacAddress.fromLong(0x000c_0100_0000L + i)).hashCode());
    }
    assertThat(hashes).hasSizeGreaterThanOrEqualTo(100_000 - 10);
  }

  @Test
  void hashCode_equalDuids_equalHashes() {
    Duid a = Duid.parse("00:03:00:01:52:54:00:12:34:56");
    Duid b = Duid.fromBytes(a.toBytes());
    assertThat(b).isEqualTo(a);
    assertThat(b.hashCode()).isEqualTo(a.hashCode());
  }
}
