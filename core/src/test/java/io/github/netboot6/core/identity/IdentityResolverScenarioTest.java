package io.github.netboot6.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.internal.ByteHash;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The scenarios of DESIGN.md §1-§2, with the identifiers real software sends. */
class IdentityResolverScenarioTest {

  // The measured pair of DESIGN.md §1.
  static final UUID SMBIOS_UUID = UUID.fromString("8c3d9a58-1b2e-4c5f-9a0b-112233445566");
  static final Duid FIRMWARE_DUID =
      Duid.parse("00:04:58:9a:3d:8c:2e:1b:5f:4c:9a:0b:11:22:33:44:55:66"); // EDK2, SMBIOS order
  static final Duid IPXE_DUID =
      Duid.parse("00:04:8c:3d:9a:58:1b:2e:4c:5f:9a:0b:11:22:33:44:55:66"); // iPXE, network order
  static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");
  // The installer's fresh DUID-LLT: type 1, hardware type 1, time 0x2e4f1a3c, the MAC.
  static final Duid INSTALLER_DUID = Duid.parse("00:01:00:01:2e:4f:1a:3c:52:54:00:12:34:56");
  // The DUID-EN the server generated and deployed (enterprise 0x0000ab11 is made up).
  static final Duid DEPLOYED_DUID = Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31:37");

  static final Host NODE =
      Host.builder("node-17")
          .addMacAddress(MAC)
          .smbiosUuid(SMBIOS_UUID)
          .deployedDuid(DEPLOYED_DUID)
          .build();
  static final Host OTHER =
      Host.builder("node-18")
          .addMacAddress(MacAddress.parse("52:54:00:aa:bb:cc"))
          .smbiosUuid(UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"))
          .deployedDuid(Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31:38"))
          .build();

  final HostInventory inventory = HostInventory.of(List.of(NODE, OTHER));
  final IdentityResolver resolver =
      IdentityResolver.builder(inventory)
          .phaseRules(PhaseRules.defaults(List.of(), List.of(), List.of(1)))
          .build();

  static ClientFacts firmwarePxe() {
    return new ClientFacts()
        .messageType(1)
        .clientDuid(FIRMWARE_DUID)
        .addArchitecture(7)
        .addVendorClass(343, "PXEClient:Arch:00007:UNDI:003016");
  }

  static ClientFacts ipxe() {
    return new ClientFacts().messageType(1).clientDuid(IPXE_DUID).addUserClass("iPXE");
  }

  static ClientFacts installer() {
    return new ClientFacts().messageType(1).clientDuid(INSTALLER_DUID);
  }

  static ClientFacts installedOs() {
    return new ClientFacts().messageType(1).clientDuid(DEPLOYED_DUID);
  }

  static ClientFacts relayed(ClientFacts facts, MacAddress mac) {
    return facts
        .relay(0, Ipv6Address.parse("2001:db8:1::1"), Ipv6Address.parse("fe80::2"))
        .relayLinkLayerAddress(0, mac);
  }

  @Test
  void firmwarePxe_matchesSmbiosUuidInSmbiosOrder() {
    Resolution r = resolver.resolve(firmwarePxe());
    assertThat(r.outcome()).isEqualTo(Resolution.Outcome.MATCHED);
    assertThat(r.host()).isEqualTo(NODE);
    assertThat(r.phase()).isEqualTo(BootPhase.FIRMWARE_PXE);
    Evidence deciding = r.decidingEvidence();
    assertThat(deciding).isNotNull();
    assertThat(deciding.source()).isEqualTo(EvidenceSource.SMBIOS_UUID);
    assertThat(deciding.smbiosByteOrder()).isTrue();
    assertThat(deciding.uuid()).isEqualTo(SMBIOS_UUID);
  }

  @Test
  void ipxe_matchesSmbiosUuidInNetworkOrder() {
    Resolution r = resolver.resolve(ipxe());
    assertThat(r.host()).isEqualTo(NODE);
    assertThat(r.phase()).isEqualTo(BootPhase.IPXE);
    assertThat(r.decidingEvidence().source()).isEqualTo(EvidenceSource.SMBIOS_UUID);
    assertThat(r.decidingEvidence().smbiosByteOrder()).isFalse();
  }

  @Test
  void installer_matchesMacInsideDuidLlt() {
    Resolution r = resolver.resolve(installer());
    assertThat(r.host()).isEqualTo(NODE);
    assertThat(r.phase()).isEqualTo(BootPhase.INSTALLER);
    assertThat(r.decidingEvidence().source()).isEqualTo(EvidenceSource.DUID_LINK_LAYER);
    assertThat(r.decidingEvidence().macAddress()).isEqualTo(MAC);
  }

  @Test
  void installedOs_matchesDeployedDuid() {
    Resolution r = resolver.resolve(installedOs());
    assertThat(r.host()).isEqualTo(NODE);
    assertThat(r.phase()).isEqualTo(BootPhase.INSTALLED_OS);
    assertThat(r.decidingEvidence().source()).isEqualTo(EvidenceSource.DEPLOYED_DUID);
    assertThat(r.outcome()).isEqualTo(Resolution.Outcome.MATCHED);
  }

  @Test
  void everyPhaseThroughRelay_sameHost_option79DecidesOrAgrees() {
    List<ClientFacts> phases = List.of(firmwarePxe(), ipxe(), installer(), installedOs());
    List<BootPhase> expected =
        List.of(
            BootPhase.FIRMWARE_PXE, BootPhase.IPXE, BootPhase.INSTALLER, BootPhase.INSTALLED_OS);
    for (int i = 0; i < phases.size(); i++) {
      Resolution r = resolver.resolve(relayed(phases.get(i), MAC));
      assertThat(r.outcome()).as("%s", r).isEqualTo(Resolution.Outcome.MATCHED);
      assertThat(r.host()).isEqualTo(NODE);
      assertThat(r.phase()).isEqualTo(expected.get(i));
      assertThat(r.count(EvidenceRole.AGREEING)).as("%s", r).isGreaterThanOrEqualTo(1);
      EvidenceSource decidingSource = r.decidingEvidence().source();
      assertThat(decidingSource)
          .isEqualTo(i == 3 ? EvidenceSource.DEPLOYED_DUID : EvidenceSource.RELAY_LINK_LAYER);
    }
    Resolution r = resolver.resolve(relayed(ipxe(), MAC));
    assertThat(r.decidingEvidence().relayLevel()).isZero();
  }

  @Test
  void uefiHttpBoot_isFirmwareHttp() {
    ClientFacts facts =
        new ClientFacts()
            .clientDuid(FIRMWARE_DUID)
            .addArchitecture(16)
            .addVendorClass(343, "HTTPClient:Arch:00016:UNDI:003000");
    assertThat(resolver.resolve(facts).phase()).isEqualTo(BootPhase.FIRMWARE_HTTP);
    ClientFacts archOnly = new ClientFacts().clientDuid(FIRMWARE_DUID).addArchitecture(16);
    assertThat(resolver.resolve(archOnly).phase()).isEqualTo(BootPhase.FIRMWARE_HTTP);
  }

  @Test
  void twoVmsWithNilUuid_notConfused() {
    Host a = Host.builder("vm-a").addMacAddress(MacAddress.parse("52:54:00:00:00:0a")).build();
    Host b = Host.builder("vm-b").addMacAddress(MacAddress.parse("52:54:00:00:00:0b")).build();
    IdentityResolver r = IdentityResolver.builder(HostInventory.of(List.of(a, b))).build();
    Duid nil = Duid.uuid(new UUID(0, 0));

    Resolution bare = r.resolve(new ClientFacts().clientDuid(nil).addUserClass("iPXE"));
    assertThat(bare.outcome()).isEqualTo(Resolution.Outcome.NO_MATCH);
    assertThat(bare.host()).isNull();
    assertThat(bare.evidence(0).distrust()).isEqualTo(Distrust.NIL_UUID);
    assertThat(bare.hasWarning(ResolutionWarning.UNTRUSTWORTHY_IDENTIFIER)).isTrue();

    ClientFacts viaA =
        relayed(new ClientFacts().clientDuid(nil), MacAddress.parse("52:54:00:00:00:0a"));
    ClientFacts viaB =
        relayed(new ClientFacts().clientDuid(nil), MacAddress.parse("52:54:00:00:00:0b"));
    assertThat(r.resolve(viaA).host()).isEqualTo(a);
    assertThat(r.resolve(viaB).host()).isEqualTo(b);
    assertThat(r.resolve(viaA).outcome()).isEqualTo(Resolution.Outcome.MATCHED);
  }

  @Test
  void duidClonedOntoTwoHostsInInventory_untrustworthyNeverMatches() {
    Host a = NODE.toBuilder().build();
    Host b = OTHER.toBuilder().deployedDuid(DEPLOYED_DUID).build();
    HostInventory inv = HostInventory.of(List.of(a, b));
    IdentityResolver r = IdentityResolver.builder(inv).build();

    Resolution res = r.resolve(installedOs());
    assertThat(res.outcome()).isEqualTo(Resolution.Outcome.NO_MATCH);
    assertThat(res.evidence(0).source()).isEqualTo(EvidenceSource.DEPLOYED_DUID);
    assertThat(res.evidence(0).distrust()).isEqualTo(Distrust.CLAIMED_BY_SEVERAL_HOSTS);
    assertThat(res.evidenceCount()).isEqualTo(1);
    assertThat(inv.hostsWithDuid(DEPLOYED_DUID)).containsExactly(a, b);

    // Removing one claimant makes the DUID trustworthy again.
    inv.put(b.toBuilder().deployedDuid(null).build());
    assertThat(r.resolve(installedOs()).host()).isEqualTo(a);
  }

  @Test
  void knownDuidUuidAndSmbiosUuid_eachMatchesOnlyAsWhatItIs() {
    // The inventory keeps both in one index; a DUID-UUID known for one host must never be taken
    // for another's SMBIOS UUID, nor the reverse, though their bytes are the same.
    Host knownDuid = Host.builder("known-duid").addKnownDuid(IPXE_DUID).build();
    Host uuid = Host.builder("uuid").smbiosUuid(SMBIOS_UUID).build();

    Resolution onlyDuid =
        IdentityResolver.builder(HostInventory.of(List.of(knownDuid))).build().resolve(ipxe());
    assertThat(onlyDuid.outcome()).isEqualTo(Resolution.Outcome.MATCHED);
    assertThat(onlyDuid.decidingEvidence().source()).isEqualTo(EvidenceSource.KNOWN_DUID);
    assertThat(onlyDuid.evidenceCount()).isEqualTo(1);
    IdentityResolver onlyDuidResolver =
        IdentityResolver.builder(HostInventory.of(List.of(knownDuid))).build();
    assertThat(onlyDuidResolver.resolve(firmwarePxe()).outcome())
        .isEqualTo(Resolution.Outcome.NO_MATCH);

    Resolution onlyUuid =
        IdentityResolver.builder(HostInventory.of(List.of(uuid))).build().resolve(ipxe());
    assertThat(onlyUuid.outcome()).isEqualTo(Resolution.Outcome.MATCHED);
    assertThat(onlyUuid.decidingEvidence().source()).isEqualTo(EvidenceSource.SMBIOS_UUID);
    assertThat(onlyUuid.evidenceCount()).isEqualTo(1);

    HostInventory both = HostInventory.of(List.of(knownDuid, uuid));
    Resolution r = IdentityResolver.builder(both).build().resolve(ipxe());
    assertThat(r.outcome()).isEqualTo(Resolution.Outcome.CONFLICT);
    assertThat(r.host()).isEqualTo(uuid); // SMBIOS_UUID comes before KNOWN_DUID
    assertThat(r.evidence(1).source()).isEqualTo(EvidenceSource.KNOWN_DUID);
    assertThat(r.evidence(1).role()).isEqualTo(EvidenceRole.CONFLICTING);
    assertThat(r.evidence(1).host()).isEqualTo(knownDuid);
    assertThat(r.evidenceCount()).isEqualTo(2);
    assertThat(both.hostsWithDuid(IPXE_DUID)).containsExactly(knownDuid);
    assertThat(both.hostsWithUuid(SMBIOS_UUID)).containsExactly(uuid);

    // Removing the UUID's host leaves the DUID, and the reverse.
    both.remove("uuid");
    assertThat(both.hostsWithUuid(SMBIOS_UUID)).isEmpty();
    assertThat(both.hostsWithDuid(IPXE_DUID)).containsExactly(knownDuid);
    both.put(uuid);
    both.remove("known-duid");
    assertThat(both.hostsWithDuid(IPXE_DUID)).isEmpty();
    assertThat(both.hostsWithUuid(SMBIOS_UUID)).containsExactly(uuid);
  }

  @Test
  void duidClonedOnTheWire_disagreesWithOption79_conflict() {
    // node-18 boots a disk cloned from node-17 and sends node-17's deployed DUID.
    Resolution r = resolver.resolve(relayed(installedOs(), MacAddress.parse("52:54:00:aa:bb:cc")));
    assertThat(r.outcome()).isEqualTo(Resolution.Outcome.CONFLICT);
    assertThat(r.count(EvidenceRole.CONFLICTING)).isEqualTo(1);
  }

  @Test
  void spoofedMacDisagreeingWithDeployedDuid_conflictReportedNotOverruled() {
    ClientFacts facts = installedOs().neighbourCacheMac(MacAddress.parse("52:54:00:aa:bb:cc"));
    Resolution r = resolver.resolve(facts);
    assertThat(r.outcome()).isEqualTo(Resolution.Outcome.CONFLICT);
    assertThat(r.host()).isEqualTo(NODE);
    assertThat(r.decidingEvidence().source()).isEqualTo(EvidenceSource.DEPLOYED_DUID);
    Evidence conflicting = r.evidence(1);
    assertThat(conflicting.role()).isEqualTo(EvidenceRole.CONFLICTING);
    assertThat(conflicting.source()).isEqualTo(EvidenceSource.NEIGHBOUR_CACHE);
    assertThat(conflicting.host()).isEqualTo(OTHER);

    IdentityResolver cautious =
        IdentityResolver.builder(inventory).withholdHostOnConflict(true).build();
    Resolution withheld = cautious.resolve(facts);
    assertThat(withheld.outcome()).isEqualTo(Resolution.Outcome.CONFLICT);
    assertThat(withheld.host()).isNull();
    assertThat(withheld.hasWarning(ResolutionWarning.HOST_WITHHELD_ON_CONFLICT)).isTrue();
  }

  @Test
  void learning_remembersNewDuidAfterStrongMatch_laterResolvesByIt() {
    IdentityResolver learning = IdentityResolver.builder(inventory).learnDuids(true).build();
    Duid fresh = Duid.en(0xab11, new byte[] {1, 2, 3, 4});
    Resolution first = learning.resolve(relayed(new ClientFacts().clientDuid(fresh), MAC));
    assertThat(first.hasWarning(ResolutionWarning.DUID_LEARNED)).isTrue();
    assertThat(inventory.learnedHost(fresh)).contains(NODE);

    Resolution later = learning.resolve(new ClientFacts().clientDuid(fresh));
    assertThat(later.host()).isEqualTo(NODE);
    assertThat(later.decidingEvidence().source()).isEqualTo(EvidenceSource.KNOWN_DUID);
    assertThat(later.decidingEvidence().learned()).isTrue();
    assertThat(later.hasWarning(ResolutionWarning.DUID_LEARNED)).isFalse();

    inventory.remove(NODE.name());
    assertThat(inventory.learnedDuidCount()).isZero();
  }

  @Test
  void learning_hostReplacedOrRemovedSinceTheMatch_learnsNothing() {
    Duid fresh = Duid.en(0xab11, new byte[] {5, 6});
    byte[] bytes = fresh.toBytes();
    int hash = ByteHash.hash(bytes, bytes.length);
    Host matched = inventory.host(NODE.name()).orElseThrow();

    inventory.put(
        Host.builder(NODE.name()).addMacAddress(MacAddress.parse("52:54:00:00:00:99")).build());
    assertThat(inventory.learn(bytes, bytes.length, hash, matched, 100))
        .isEqualTo(HostInventory.Learned.STALE);
    inventory.remove(NODE.name());
    assertThat(inventory.learn(bytes, bytes.length, hash, matched, 100))
        .isEqualTo(HostInventory.Learned.STALE);
    assertThat(inventory.learnedDuidCount()).isZero();

    assertThat(inventory.learn(bytes, bytes.length, hash, OTHER, 100))
        .isEqualTo(HostInventory.Learned.LEARNED);
    assertThat(inventory.learnedHost(fresh)).contains(OTHER);
  }

  @Test
  void learning_notFromWeakEvidence_norWhenDisabled() {
    Duid fresh = Duid.en(0xab11, new byte[] {9});
    ClientFacts eui64Only =
        new ClientFacts()
            .clientDuid(fresh)
            .peerAddress(Ipv6Address.parse("fe80::5054:ff:fe12:3456"));
    IdentityResolver learning = IdentityResolver.builder(inventory).learnDuids(true).build();
    Resolution r = learning.resolve(eui64Only);
    assertThat(r.host()).isEqualTo(NODE);
    assertThat(r.decidingEvidence().source()).isEqualTo(EvidenceSource.EUI64_LINK_LOCAL);
    assertThat(inventory.learnedDuidCount()).isZero();
    resolver.resolve(relayed(new ClientFacts().clientDuid(fresh), MAC));
    assertThat(inventory.learnedDuidCount()).isZero();
  }

  @Test
  void learning_capacityReached_warns() {
    IdentityResolver learning =
        IdentityResolver.builder(inventory).learnDuids(true).learnedDuidCapacity(0).build();
    Resolution r =
        learning.resolve(relayed(new ClientFacts().clientDuid(Duid.en(1, new byte[] {1})), MAC));
    assertThat(r.hasWarning(ResolutionWarning.LEARNING_CAPACITY_REACHED)).isTrue();
    assertThat(inventory.learnedDuidCount()).isZero();
  }

  @Test
  void stablePrivacyLinkLocal_isNotTakenForEui64() {
    ClientFacts facts =
        new ClientFacts().peerAddress(Ipv6Address.parse("fe80::1c2a:9f33:61b0:7d4e"));
    Resolution r = resolver.resolve(facts);
    assertThat(r.outcome()).isEqualTo(Resolution.Outcome.NO_MATCH);
    assertThat(r.evidenceCount()).isZero();
    assertThat(r.hasWarning(ResolutionWarning.NO_CLIENT_DUID)).isTrue();
  }

  @Test
  void zeroAndMulticastMacs_untrustworthy() {
    ClientFacts facts =
        new ClientFacts().relayLinkLayerAddress(0, 0L).neighbourCacheMac(MacAddress.BROADCAST);
    Resolution r = resolver.resolve(facts);
    assertThat(r.outcome()).isEqualTo(Resolution.Outcome.NO_MATCH);
    assertThat(r.evidence(0).distrust()).isEqualTo(Distrust.ZERO_MAC);
    assertThat(r.evidence(1).distrust()).isEqualTo(Distrust.MULTICAST_MAC);
  }

  @Test
  void evidenceOrder_configurable_uuidBeforeOption79() {
    IdentityResolver uuidFirst =
        IdentityResolver.builder(inventory)
            .evidenceOrder(List.of(EvidenceSource.SMBIOS_UUID, EvidenceSource.RELAY_LINK_LAYER))
            .build();
    Resolution r = uuidFirst.resolve(relayed(ipxe(), MacAddress.parse("52:54:00:aa:bb:cc")));
    assertThat(r.host()).isEqualTo(NODE);
    assertThat(r.decidingEvidence().source()).isEqualTo(EvidenceSource.SMBIOS_UUID);
    assertThat(r.outcome()).isEqualTo(Resolution.Outcome.CONFLICT);
  }

  @Test
  void phaseRules_replaceable() {
    IdentityResolver custom =
        IdentityResolver.builder(inventory)
            .phaseRules(List.of(PhaseRules.messageType(11, BootPhase.BOOT_LOADER)))
            .build();
    assertThat(custom.resolve(new ClientFacts().messageType(11)).phase())
        .isEqualTo(BootPhase.BOOT_LOADER);
    assertThat(custom.resolve(ipxe()).phase()).isEqualTo(BootPhase.UNKNOWN);
  }

  @Test
  void toString_namesEveryPiece() {
    String text = resolver.resolve(relayed(ipxe(), MAC)).toString();
    assertThat(text)
        .contains("MATCHED host=node-17 phase=IPXE")
        .contains("DECIDING RELAY_LINK_LAYER(level 0) MAC 52:54:00:12:34:56 -> node-17")
        .contains("AGREEING SMBIOS_UUID UUID 8c3d9a58-1b2e-4c5f-9a0b-112233445566 -> node-17");
  }
}
