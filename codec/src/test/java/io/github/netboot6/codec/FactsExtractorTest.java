package io.github.netboot6.codec;

import static io.github.netboot6.codec.FactsFixtures.IPXE_FIRST_RELAY;
import static io.github.netboot6.codec.FactsFixtures.IPXE_SOLICIT;
import static io.github.netboot6.codec.FactsFixtures.IPXE_TWO_RELAYS;
import static io.github.netboot6.codec.Fixtures.PXE_VENDOR_CLASS;
import static io.github.netboot6.codec.Fixtures.RELAYED_SOLICIT;
import static io.github.netboot6.codec.Fixtures.SOLICIT;
import static io.github.netboot6.codec.Fixtures.TWO_RELAYS;
import static io.github.netboot6.codec.Fixtures.ascii;
import static io.github.netboot6.codec.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.ClientFacts;
import io.github.netboot6.core.identity.EvidenceSource;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.HostInventory;
import io.github.netboot6.core.identity.IdentityResolver;
import io.github.netboot6.core.identity.PhaseRules;
import io.github.netboot6.core.identity.Resolution;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FactsExtractorTest {
  private static final long MAC = 0x5254_0012_3456L;
  private static final Ipv6Address CLIENT_LINK_LOCAL = Ipv6Address.parse("fe80::5054:ff:fe12:3456");

  private final FactsExtractor extractor = new FactsExtractor();
  private final ClientFacts facts = new ClientFacts();

  private DecodeStatus extract(byte[] message) {
    return extractor.extract(message, 0, message.length, facts);
  }

  @Test
  void firmwareSolicit_givesDuidIaidVendorClassArchitecture() {
    assertThat(extract(SOLICIT)).isEqualTo(DecodeStatus.OK);
    assertThat(facts.messageType()).isEqualTo(1);
    assertThat(facts.clientDuid()).isEqualTo(Duid.fromBytes(Arrays.copyOfRange(SOLICIT, 8, 22)));
    assertThat(facts.iaidCount()).isEqualTo(1);
    assertThat(facts.iaid(0)).isEqualTo(1);
    assertThat(facts.vendorClassCount()).isEqualTo(1);
    assertThat(facts.vendorClassEnterpriseNumber(0)).isEqualTo(343);
    assertThat(facts.vendorClass(0)).isEqualTo(PXE_VENDOR_CLASS);
    assertThat(facts.architectureCount()).isEqualTo(1);
    assertThat(facts.architecture(0)).isEqualTo(7);
    assertThat(facts.relayCount()).isZero();
    assertThat(facts.hasPeerAddress()).isFalse();
    assertThat(facts.userClassCount()).isZero();
  }

  @Test
  void ipxeSolicit_givesEveryUserClassItemAndEveryArchitecture() {
    assertThat(extract(IPXE_SOLICIT)).isEqualTo(DecodeStatus.OK);
    assertThat(facts.clientDuid().uuid()).contains(UUID.fromString(SMBIOS_UUID));
    assertThat(facts.iaidCount()).isEqualTo(1);
    assertThat(facts.iaid(0)).isEqualTo(0xff12_3456L);
    assertThat(facts.userClassCount()).isEqualTo(2);
    assertThat(facts.userClass(0)).isEqualTo("iPXE");
    assertThat(facts.userClass(1)).isEqualTo("v1");
    assertThat(facts.vendorClass(0)).isEqualTo("iPXE-1.0");
    assertThat(facts.architectureCount()).isEqualTo(2);
    assertThat(facts.architecture(0)).isEqualTo(7);
    assertThat(facts.architecture(1)).isEqualTo(16);
  }

  @ParameterizedTest
  @EnumSource(BufferKind.class)
  void relayedSolicit_givesClosestRelayFactsAndTheClientsLinkLocal(BufferKind kind) {
    MessageReader reader = kind.place(RELAYED_SOLICIT).wrap(new MessageReader());
    assertThat(extractor.extract(reader, facts)).isEqualTo(DecodeStatus.OK);
    assertThat(reader.isRelay()).as("the caller's reader is not moved").isTrue();
    assertThat(facts.messageType()).isEqualTo(1);
    assertThat(facts.clientDuidTypeCode()).isEqualTo(3);
    assertThat(facts.relayCount()).isEqualTo(1);
    assertThat(facts.relayLinkAddress(0)).isEqualTo(Ipv6Address.parse("2001:db8:1::1"));
    assertThat(facts.relayPeerAddress(0)).isEqualTo(CLIENT_LINK_LOCAL);
    assertThat(Ipv6Address.of(facts.peerAddressHigh(), facts.peerAddressLow()))
        .isEqualTo(CLIENT_LINK_LOCAL);
    assertThat(facts.relayLinkLayerAddress(0)).isEqualTo(MAC);
    assertThat(facts.relayOptionCount()).isEqualTo(1);
    assertThat(facts.relayOptionCode(0)).isEqualTo(18);
    assertThat(relayOption(0)).isEqualTo("eth0");
  }

  @Test
  void twoRelays_levelZeroIsTheRelayClosestToTheClient() {
    assertThat(extract(TWO_RELAYS)).isEqualTo(DecodeStatus.OK);
    assertThat(facts.relayCount()).isEqualTo(2);
    assertThat(facts.relayLinkAddress(0)).isEqualTo(Ipv6Address.parse("2001:db8:1::1"));
    assertThat(facts.relayLinkAddress(1)).isEqualTo(Ipv6Address.parse("2001:db8:2::1"));
    assertThat(facts.relayPeerAddress(1)).isEqualTo(Ipv6Address.parse("2001:db8:1::1"));
    assertThat(Ipv6Address.of(facts.peerAddressHigh(), facts.peerAddressLow()))
        .isEqualTo(CLIENT_LINK_LOCAL);
    assertThat(facts.relayLinkLayerAddress(0)).isEqualTo(MAC);
    assertThat(facts.relayLinkLayerAddress(1)).isEqualTo(ClientFacts.NO_MAC);
    assertThat(facts.relayOptionLevel(0)).isZero();
  }

  @Test
  void ipxeTwoRelays_everyRelayOptionWithItsLevel() {
    assertThat(extract(IPXE_TWO_RELAYS)).isEqualTo(DecodeStatus.OK);
    assertThat(facts.relayCount()).isEqualTo(2);
    assertThat(facts.relayLinkLayerAddress(0)).isEqualTo(MAC);
    assertThat(facts.relayLinkLayerAddress(1)).isEqualTo(0x0200_00aa_bbccL);
    assertThat(facts.closestRelayLinkLayerLevel()).isZero();
    // The outer relay's options come first, in wire order.
    assertThat(facts.relayOptionCount()).isEqualTo(3);
    assertThat(facts.relayOptionCode(0)).isEqualTo(37);
    assertThat(facts.relayOptionLevel(0)).isEqualTo(1);
    assertThat(facts.relayOptionEnterpriseNumber(0)).isEqualTo(3561);
    byte[] remoteId = new byte[6];
    assertThat(facts.copyRelayOption(0, remoteId, 0)).isEqualTo(6);
    assertThat(remoteId).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(facts.relayOptionCode(1)).isEqualTo(38);
    assertThat(relayOption(1)).isEqualTo("sub-7");
    assertThat(facts.relayOptionCode(2)).isEqualTo(18);
    assertThat(relayOption(2)).isEqualTo("ge1");
    assertThat(facts.userClass(0)).isEqualTo("iPXE");
  }

  @Test
  void reusedFacts_holdOnlyTheLastMessage() {
    assertThat(extract(IPXE_TWO_RELAYS)).isEqualTo(DecodeStatus.OK);
    assertThat(extract(SOLICIT)).isEqualTo(DecodeStatus.OK);
    assertThat(facts.relayCount()).isZero();
    assertThat(facts.relayOptionCount()).isZero();
    assertThat(facts.userClassCount()).isZero();
    assertThat(facts.relayLinkLayerAddress(0)).isEqualTo(ClientFacts.NO_MAC);
  }

  // ---------------------------------------------------------------- malformed input

  @Test
  void truncatedRelayHeader_reportsTruncatedHeader_factsCleared() {
    assertThat(extract(IPXE_TWO_RELAYS)).isEqualTo(DecodeStatus.OK);
    assertThat(extractor.extract(RELAYED_SOLICIT, 0, 20, facts))
        .isEqualTo(DecodeStatus.TRUNCATED_HEADER);
    assertThat(extractor.errorOffset()).isZero();
    assertThat(facts.messageType()).isEqualTo(ClientFacts.NO_MESSAGE_TYPE);
    assertThat(facts.relayCount()).isZero();
    assertThat(facts.hasClientDuid()).isFalse();
  }

  @Test
  void relayWithoutRelayMessage_reportsMissingRelayMessage_factsCleared() {
    byte[] relay =
        bytes(
            "0c", // 0: RELAY-FORW
            "00", // 1: hop-count 0
            "20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01", // 2: link-address
            "fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01", // 18: peer-address
            "00 12", // 34: option-code 18, Interface-Id
            "00 01", // option-len 1
            "78"); // 38: "x"
    assertThat(extract(relay)).isEqualTo(DecodeStatus.MISSING_RELAY_MESSAGE);
    assertThat(extractor.errorOffset()).isZero();
    assertThat(facts.relayCount()).isZero();
    assertThat(facts.relayOptionCount()).isZero();
  }

  @Test
  void clientMessageOverrun_keepsRelayFactsAndOptionsBeforeIt() {
    byte[] message = RELAYED_SOLICIT.clone();
    message[58 + 21] = 3; // Elapsed Time option-len 3, with 2 bytes left in the Solicit
    assertThat(extract(message)).isEqualTo(DecodeStatus.OPTION_OVERRUNS_CONTAINER);
    assertThat(extractor.errorOffset()).isEqualTo(58 + 18);
    assertThat(facts.relayLinkLayerAddress(0)).isEqualTo(MAC);
    assertThat(facts.messageType()).isEqualTo(1);
    assertThat(facts.hasClientDuid()).isTrue();
    assertThat(extractor.toException()).hasMessageContaining("option 8 (ELAPSED_TIME) length 3");
  }

  @Test
  void shortClientDuid_reportsBadLength_keepsIaidBeforeIt() {
    byte[] solicit =
        bytes(
            "01", // 0: SOLICIT
            "00 00 01", // 1: transaction-id
            "00 19", // 4: option-code 25, IA_PD
            "00 0c", // option-len 12
            "00 00 00 09", // 8: IAID 9
            "00 00 00 00 00 00 00 00", // 12: T1, T2
            "00 01", // 20: option-code 1, Client Identifier
            "00 02", // option-len 2: a DUID type and nothing else
            "00 03"); // 24: DUID-LL without its hardware type or address
    assertThat(extract(solicit)).isEqualTo(DecodeStatus.BAD_LENGTH_FOR_FORMAT);
    assertThat(extractor.errorOffset()).isEqualTo(20);
    assertThat(facts.iaidCount()).isEqualTo(1);
    assertThat(facts.iaid(0)).isEqualTo(9);
    assertThat(facts.hasClientDuid()).isFalse();
  }

  @Test
  void userClassItemOverrun_reportsBadLength_keepsItemsBeforeIt() {
    byte[] solicit =
        bytes(
            "01", // 0: SOLICIT
            "00 00 01", // 1: transaction-id
            "00 0f", // 4: option-code 15, User Class
            "00 09", // option-len 9
            "00 04", // 8: user-class-len 4
            ascii("iPXE"), // 10
            "00 05", // 14: user-class-len 5, but 1 byte left
            "41"); // 16
    assertThat(extract(solicit)).isEqualTo(DecodeStatus.BAD_LENGTH_FOR_FORMAT);
    assertThat(extractor.errorOffset()).isEqualTo(4);
    assertThat(facts.userClassCount()).isEqualTo(1);
    assertThat(facts.userClass(0)).isEqualTo("iPXE");
  }

  @Test
  void oddArchitectureLength_reportsBadLength() {
    byte[] solicit =
        bytes(
            "01", // 0: SOLICIT
            "00 00 01", // 1: transaction-id
            "00 3d", // 4: option-code 61
            "00 03", // option-len 3
            "00 07 00"); // 8: one code and a half
    assertThat(extract(solicit)).isEqualTo(DecodeStatus.BAD_LENGTH_FOR_FORMAT);
    assertThat(extractor.errorOffset()).isEqualTo(4);
    assertThat(facts.architectureCount()).isZero();
  }

  // ---------------------------------------------------------------- end to end

  private static final String SMBIOS_UUID = "8c3d9a58-1b2e-4c5f-9a0b-112233445566";

  @Test
  void relayedIpxeSolicit_resolvesToTheHostByTheClosestRelaysOption79() {
    Host node =
        Host.builder("node-17")
            .addMacAddress(MacAddress.parse("52:54:00:12:34:56"))
            .smbiosUuid(UUID.fromString(SMBIOS_UUID))
            .build();
    Host other =
        Host.builder("node-18").addMacAddress(MacAddress.parse("02:00:00:aa:bb:cc")).build();
    IdentityResolver resolver =
        IdentityResolver.builder(HostInventory.of(List.of(node, other)))
            .phaseRules(PhaseRules.defaults(List.of(), List.of(), List.of(1)))
            .build();

    assertThat(extract(IPXE_TWO_RELAYS)).isEqualTo(DecodeStatus.OK);
    Resolution resolution = resolver.resolve(facts);

    assertThat(resolution.outcome()).as("%s", resolution).isEqualTo(Resolution.Outcome.MATCHED);
    assertThat(resolution.host()).isEqualTo(node);
    assertThat(resolution.phase()).isEqualTo(BootPhase.IPXE);
    assertThat(resolution.decidingEvidence().source()).isEqualTo(EvidenceSource.RELAY_LINK_LAYER);
    assertThat(resolution.decidingEvidence().relayLevel()).isZero();
  }

  @Test
  void firstRelayOnly_sameResolution() {
    assertThat(extract(IPXE_FIRST_RELAY)).isEqualTo(DecodeStatus.OK);
    assertThat(facts.relayCount()).isEqualTo(1);
    assertThat(facts.relayOptionCount()).isZero();
    assertThat(facts.relayLinkLayerAddress(0)).isEqualTo(MAC);
  }

  private String relayOption(int index) {
    byte[] value = new byte[64];
    int length = facts.copyRelayOption(index, value, 0);
    return new String(value, 0, length, StandardCharsets.US_ASCII);
  }
}
