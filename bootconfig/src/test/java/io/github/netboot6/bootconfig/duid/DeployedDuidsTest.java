package io.github.netboot6.bootconfig.duid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.core.Duid;
import io.github.netboot6.core.DuidType;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.Host;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeployedDuidsTest {
  // 00 01 02 ... 1f
  static final byte[] KEY =
      HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  static final UUID SMBIOS_UUID = UUID.fromString("8c3d9a58-1b2e-4c5f-9a0b-112233445566");
  static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");
  static final Host NODE =
      Host.builder("node-17").addMacAddress(MAC).smbiosUuid(SMBIOS_UUID).build();

  @Test
  void en_isTheHmacOfTheHostName_knownAnswer() {
    // Expected identifier computed with OpenSSL 3.0.19, independently of this code:
    //   printf 'netboot6 deployed DUID-EN\0node-17' > e.bin
    //   openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f e.bin
    //   = 1e36d2e797db67f684ec3e20118b7e00 c899c1f4c8ed3b2eb30771b4f8eaea35 (first 16 bytes kept)
    Duid duid = DeployedDuids.builder(KEY).build().generate(NODE);

    assertThat(duid)
        .isEqualTo(Duid.parse("00:02:00:00:7e:d9:1e:36:d2:e7:97:db:67:f6:84:ec:3e:20:11:8b:7e:00"));
    assertThat(duid.enterpriseNumber()).hasValue(DeployedDuids.DOCUMENTATION_ENTERPRISE_NUMBER);
  }

  @Test
  void uuid_isDerivedFromTheSmbiosUuid_neverEqualToWhatFirmwareOrIpxeSend() {
    // HMAC computed with OpenSSL 3.0.19 over "netboot6 deployed DUID-UUID\0" and the 16 UUID bytes
    // = de41c4de4be2d9e7c300d84c25a6084e...; then version 8 (byte 6: d9 -> 89) and variant 10
    // (byte 8: c3 -> 83), RFC 9562 §5.8.
    Duid duid = DeployedDuids.builder(KEY).kind(DeployedDuids.Kind.UUID).build().generate(NODE);

    assertThat(duid.uuid()).contains(UUID.fromString("de41c4de-4be2-89e7-8300-d84c25a6084e"));
    assertThat(duid.uuid().orElseThrow().version()).isEqualTo(8);
    assertThat(duid)
        .isNotEqualTo(Duid.uuid(SMBIOS_UUID))
        .isNotEqualTo(Duid.uuidFromSmbios(SMBIOS_UUID));
  }

  @Test
  void ll_isTheFirstMac() {
    Duid duid = DeployedDuids.builder(KEY).kind(DeployedDuids.Kind.LL).build().generate(NODE);

    assertThat(duid.type()).isEqualTo(DuidType.LL);
    assertThat(duid.macAddress()).contains(MAC);
  }

  @Test
  void generate_dependsOnKeyAndHost_andIsStable() {
    DeployedDuids site = DeployedDuids.builder(KEY).enterpriseNumber(343).build();
    byte[] otherKey = KEY.clone();
    otherKey[0] = 1;
    DeployedDuids otherSite = DeployedDuids.builder(otherKey).enterpriseNumber(343).build();
    Host other = Host.builder("node-18").build();

    assertThat(site.generate(NODE)).isEqualTo(site.generate(NODE));
    assertThat(site.generate(NODE)).isNotEqualTo(otherSite.generate(NODE));
    assertThat(site.generate(NODE)).isNotEqualTo(site.generate(other));
    assertThat(site.generate(NODE).enterpriseNumber()).hasValue(343);
    assertThat(site.generate(NODE).identifier().orElseThrow())
        .hasSize(DeployedDuids.EN_IDENTIFIER_LENGTH);
  }

  @Test
  void generate_missingIdentifier_namesTheHost() {
    Host bare = Host.builder("bare-1").build();

    assertThatThrownBy(
            () -> DeployedDuids.builder(KEY).kind(DeployedDuids.Kind.UUID).build().generate(bare))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host bare-1: no SMBIOS UUID (expected: one, to derive a DUID-UUID)");
    assertThatThrownBy(
            () -> DeployedDuids.builder(KEY).kind(DeployedDuids.Kind.LL).build().generate(bare))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host bare-1: no MAC address (expected: one, for a DUID-LL)");
  }

  @Test
  void assign_keepsDeployedDuids_generatesTheRest() {
    Duid given = Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31:37");
    Host deployed = Host.builder("node-1").deployedDuid(given).build();
    DeployedDuids duids = DeployedDuids.builder(KEY).build();

    Map<String, Duid> assigned = duids.assign(List.of(deployed, NODE));

    assertThat(assigned)
        .containsExactly(Map.entry("node-1", given), Map.entry("node-17", duids.generate(NODE)));
  }

  @Test
  void assign_sameDuidForTwoHosts_rejectedNamingBoth() {
    Host twin = Host.builder("node-99").addMacAddress(MAC).build();
    DeployedDuids ll = DeployedDuids.builder(KEY).kind(DeployedDuids.Kind.LL).build();

    assertThatThrownBy(() -> ll.assign(List.of(NODE, twin)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "DUID 00:03:00:01:52:54:00:12:34:56: deployed to hosts node-17 and node-99"
                + " (expected: one host each)");
  }

  @Test
  void assign_generatedDuidKnownForAnotherHost_rejected() {
    DeployedDuids duids = DeployedDuids.builder(KEY).build();
    Host claimant = Host.builder("node-5").addKnownDuid(duids.generate(NODE)).build();

    assertThatThrownBy(() -> duids.assign(List.of(NODE, claimant)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deployed to host node-17 and known for host node-5");
  }

  @Test
  void builder_rejectsShortKeysAndBadEnterpriseNumbers() {
    assertThatThrownBy(() -> DeployedDuids.builder(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("site key: 15 bytes (expected: at least 16)");
    assertThatThrownBy(() -> DeployedDuids.builder(KEY).enterpriseNumber(1L << 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("enterprise number: 4294967296");
  }

  @Test
  void builder_copiesTheKey() {
    byte[] key = KEY.clone();
    DeployedDuids duids = DeployedDuids.builder(key).build();
    Duid before = duids.generate(NODE);
    key[5] ^= 1;

    assertThat(duids.generate(NODE)).isEqualTo(before);
  }
}
