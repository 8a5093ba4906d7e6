package io.github.netboot6.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.internal.ByteHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The inventory's indexes against a model (the hosts themselves, searched one by one) after every
 * edit of random sequences of puts, replacements and removals. Identifiers come from small pools,
 * so that hosts share them, and the indexes start small, so that they grow and wrap around; the
 * DUIDs include every length from 3 to 130 bytes and long DUIDs that agree on their first 18 bytes,
 * which the index cannot hold whole and must confirm against the host.
 */
class InventoryIndexModelTest {
  private static final int SEEDS = 100;
  private static final int STEPS = 120;

  private final List<MacAddress> macs = new ArrayList<>();
  private final List<UUID> uuids = new ArrayList<>();
  private final List<Duid> duids = new ArrayList<>();

  private void pools(SplittableRandom random) {
    macs.clear();
    uuids.clear();
    duids.clear();
    for (int i = 0; i < 24; i++) {
      macs.add(MacAddress.fromLong((random.nextLong() & 0xfcff_ffff_ffffL) | 0x0200_0000_0000L));
    }
    for (int i = 0; i < 16; i++) {
      uuids.add(new UUID(random.nextLong(), random.nextLong()));
    }
    for (int i = 0; i < 12; i++) {
      byte[] id = new byte[random.nextInt(1, 125)];
      random.nextBytes(id);
      duids.add(Duid.en(random.nextInt(1, 1 << 20), id));
    }
    // Long DUIDs with the same first 18 bytes: same length with different tails, and different
    // lengths.
    byte[] prefix = new byte[40];
    random.nextBytes(prefix);
    for (int i = 0; i < 6; i++) {
      byte[] id = Arrays.copyOf(prefix, 14 + i % 3 * 5);
      id[id.length - 1] ^= (byte) (1 + i);
      duids.add(Duid.en(343, id));
    }
    for (int i = 0; i < 6; i++) {
      duids.add(Duid.uuid(uuids.get(i)));
      duids.add(Duid.ll(1, macs.get(i).toBytes()));
    }
  }

  private Host randomHost(SplittableRandom random) {
    Host.Builder b = Host.builder("host-" + random.nextInt(20));
    for (int i = random.nextInt(3); i > 0; i--) {
      b.addMacAddress(macs.get(random.nextInt(macs.size())));
    }
    if (random.nextBoolean()) {
      b.smbiosUuid(uuids.get(random.nextInt(uuids.size())));
    }
    if (random.nextInt(3) > 0) {
      b.deployedDuid(duids.get(random.nextInt(duids.size())));
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      b.addKnownDuid(duids.get(random.nextInt(duids.size())));
    }
    return b.build();
  }

  @Test
  void indexesAgreeWithTheHosts_afterEveryEdit() {
    for (int seed = 0; seed < SEEDS; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      pools(random);
      HostInventory inventory = HostInventory.create();
      Map<String, Host> model = new TreeMap<>();
      for (int step = 0; step < STEPS; step++) {
        int op = random.nextInt(10);
        if (op < 6) {
          Host h = randomHost(random);
          inventory.put(h);
          model.put(h.name(), h);
        } else if (op < 8) {
          String name = "host-" + random.nextInt(20);
          assertThat(inventory.remove(name)).isEqualTo(model.remove(name) != null);
        } else {
          List<Host> batch = List.of(randomHost(random), randomHost(random));
          String gone = "host-" + random.nextInt(20);
          inventory.update(e -> e.put(batch.get(0)).remove(gone).put(batch.get(1)));
          model.put(batch.get(0).name(), batch.get(0));
          model.remove(gone);
          model.put(batch.get(1).name(), batch.get(1));
        }
        check(inventory, model, "seed " + seed + " step " + step);
      }
    }
  }

  /**
   * Two DUIDs longer than a slot holds, with the same first 18 bytes and the same hash (found by a
   * birthday search): only the hosts' DUIDs can tell them apart.
   */
  @Test
  void longDuidsWithTheSameHash_areToldApartByTheirHosts() {
    SplittableRandom random = new SplittableRandom(7);
    byte[] id = new byte[24];
    Arrays.fill(id, (byte) 0x5a);
    Map<Integer, Long> seen = new java.util.HashMap<>();
    Duid first = null;
    Duid second = null;
    while (second == null) {
      long tail = random.nextLong() >>> 16;
      Duid d = Duid.en(343, withTail(id, tail));
      byte[] bytes = d.toBytes();
      Long earlier = seen.putIfAbsent(ByteHash.hash(bytes, bytes.length), tail);
      if (earlier != null && earlier != tail) {
        first = Duid.en(343, withTail(id, earlier));
        second = d;
      }
    }
    assertThat(first).isNotEqualTo(second);
    Host a = Host.builder("a").deployedDuid(first).build();
    Host b = Host.builder("b").addKnownDuid(second).build();
    HostInventory inventory = HostInventory.of(List.of(a, b));
    assertThat(inventory.hostsWithDuid(first)).containsExactly(a);
    assertThat(inventory.hostsWithDuid(second)).containsExactly(b);
    IdentityResolver resolver = IdentityResolver.builder(inventory).build();
    Resolution r = resolver.resolve(new ClientFacts().messageType(1).clientDuid(first));
    assertThat(r.host()).isSameAs(a);
    assertThat(r.decidingEvidence().source()).isEqualTo(EvidenceSource.DEPLOYED_DUID);
    r = resolver.resolve(new ClientFacts().messageType(1).clientDuid(second));
    assertThat(r.host()).isSameAs(b);
    assertThat(r.decidingEvidence().source()).isEqualTo(EvidenceSource.KNOWN_DUID);
    inventory.remove("a");
    assertThat(inventory.hostsWithDuid(first)).isEmpty();
    assertThat(inventory.hostsWithDuid(second)).containsExactly(b);
  }

  /** {@code id} with its last six bytes replaced by {@code tail}. */
  private static byte[] withTail(byte[] id, long tail) {
    byte[] b = id.clone();
    for (int i = 0; i < 6; i++) {
      b[b.length - 1 - i] = (byte) (tail >>> (8 * i));
    }
    return b;
  }

  private void check(HostInventory inventory, Map<String, Host> model, String where) {
    assertThat(inventory.size()).as(where).isEqualTo(model.size());
    for (Host h : model.values()) {
      assertThat(inventory.host(h.name())).as(where).containsSame(h);
    }
    for (MacAddress mac : macs) {
      assertThat(inventory.hostsWithMac(mac))
          .as("%s: %s", where, mac)
          .containsExactlyElementsOf(claimants(model, h -> h.macAddresses().contains(mac)));
    }
    for (UUID uuid : uuids) {
      assertThat(inventory.hostsWithUuid(uuid))
          .as("%s: %s", where, uuid)
          .containsExactlyElementsOf(
              claimants(model, h -> h.smbiosUuid().filter(uuid::equals).isPresent()));
    }
    IdentityResolver resolver = IdentityResolver.builder(inventory).build();
    for (Duid duid : duids) {
      List<Host> claimants =
          claimants(model, h -> duid.equals(deployed(h)) || h.knownDuids().contains(duid));
      assertThat(inventory.hostsWithDuid(duid))
          .as("%s: %s", where, duid)
          .containsExactlyElementsOf(claimants);
      checkDuidEvidence(resolver, duid, claimants, where);
    }
  }

  /** A request carrying nothing but the DUID: its evidence says deployed or known, as the model. */
  private static void checkDuidEvidence(
      IdentityResolver resolver, Duid duid, List<Host> claimants, String where) {
    Resolution r = resolver.resolve(new ClientFacts().messageType(1).clientDuid(duid));
    // A DUID-UUID or DUID-LL also brings UUID or MAC evidence; only the DUID's is checked here.
    List<Evidence> found = new ArrayList<>();
    for (int i = 0; i < r.evidenceCount(); i++) {
      if (r.evidence(i).kind() == IdentifierKind.DUID) {
        found.add(r.evidence(i));
      }
    }
    if (claimants.isEmpty()) {
      assertThat(found).as("%s: %s", where, duid).isEmpty();
      return;
    }
    boolean deployed = claimants.stream().anyMatch(h -> duid.equals(deployed(h)));
    assertThat(found).as("%s: %s", where, duid).hasSize(1);
    Evidence e = found.get(0);
    assertThat(e.source())
        .as("%s: %s", where, duid)
        .isEqualTo(deployed ? EvidenceSource.DEPLOYED_DUID : EvidenceSource.KNOWN_DUID);
    if (claimants.size() == 1) {
      // Deciding, or agreeing or conflicting after UUID or MAC evidence the DUID itself carries.
      assertThat(e.role()).as("%s: %s", where, duid).isNotEqualTo(EvidenceRole.UNTRUSTWORTHY);
      assertThat(e.host()).isSameAs(claimants.get(0));
    } else {
      assertThat(e.role()).isEqualTo(EvidenceRole.UNTRUSTWORTHY);
      assertThat(e.distrust()).isEqualTo(Distrust.CLAIMED_BY_SEVERAL_HOSTS);
    }
  }

  private static Duid deployed(Host h) {
    return h.deployedDuid().orElse(null);
  }

  private static List<Host> claimants(Map<String, Host> model, Predicate<Host> claims) {
    return model.values().stream().filter(claims).toList();
  }
}
