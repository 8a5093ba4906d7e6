package io.github.netboot6.testkit;

import static io.github.netboot6.testkit.Properties.qt;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.ClientFacts;
import io.github.netboot6.core.identity.Distrust;
import io.github.netboot6.core.identity.Evidence;
import io.github.netboot6.core.identity.EvidenceRole;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.HostInventory;
import io.github.netboot6.core.identity.IdentityResolver;
import io.github.netboot6.core.identity.Resolution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

class IdentityResolverPropertyTest {

  /** An inventory's hosts, facts against them, and a seed for shuffling. */
  record Case(List<Host> hosts, List<ClientFacts> facts, long seed) {}

  static Gen<Case> cases() {
    return in -> {
      SplittableRandom random = new SplittableRandom(in.next(Constraint.none()));
      List<Host> hosts = IdentityGenerators.hostLists(12).next(random);
      List<ClientFacts> facts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        facts.add(IdentityGenerators.facts(hosts).next(random));
      }
      return new Case(hosts, facts, random.nextLong());
    };
  }

  private static String resolveAll(HostInventory inventory, List<ClientFacts> facts) {
    IdentityResolver resolver = IdentityResolver.builder(inventory).build();
    StringBuilder sb = new StringBuilder();
    for (ClientFacts f : facts) {
      sb.append(resolver.resolve(f)).append('\n');
    }
    return sb.toString();
  }

  @Test
  void resolution_independentOfInventoryOrderAndOfHowItWasBuilt() {
    qt().withExamples(Math.max(1000, Properties.EXAMPLES / 5))
        .forAll(cases())
        .checkAssert(
            c -> {
              String expected = resolveAll(HostInventory.of(c.hosts()), c.facts());
              List<Host> shuffled = new ArrayList<>(c.hosts());
              Collections.shuffle(shuffled, new java.util.Random(c.seed()));
              assertThat(resolveAll(HostInventory.of(shuffled), c.facts())).isEqualTo(expected);
              // Built one put at a time, with decoys added and removed on the way.
              HostInventory incremental = HostInventory.create();
              for (Host h : shuffled) {
                incremental.put(
                    Host.builder("decoy").addKnownDuid(Duid.en(0xab11, new byte[] {1})).build());
                incremental.put(h);
                incremental.remove("decoy");
              }
              assertThat(resolveAll(incremental, c.facts())).isEqualTo(expected);
            });
  }

  @Test
  void resolution_deterministic_reusedResolutionEqualsFresh() {
    qt().forAll(cases())
        .checkAssert(
            c -> {
              IdentityResolver resolver =
                  IdentityResolver.builder(HostInventory.of(c.hosts())).build();
              Resolution reused = new Resolution();
              for (ClientFacts f : c.facts()) {
                String fresh = resolver.resolve(f).toString();
                assertThat(resolver.resolve(f, reused).toString()).isEqualTo(fresh);
                assertThat(resolver.resolve(f).toString()).isEqualTo(fresh);
              }
            });
  }

  @Test
  void neverMatchesOnUntrustworthyIdentifier() {
    qt().forAll(cases())
        .checkAssert(
            c -> {
              HostInventory inventory = HostInventory.of(c.hosts());
              IdentityResolver resolver = IdentityResolver.builder(inventory).build();
              for (ClientFacts f : c.facts()) {
                Resolution r = resolver.resolve(f);
                for (int i = 0; i < r.evidenceCount(); i++) {
                  checkEvidence(inventory, r.evidence(i));
                }
                assertThat(r.outcome() == Resolution.Outcome.NO_MATCH)
                    .isEqualTo(r.decidingEvidence() == null);
              }
            });
  }

  private static void checkEvidence(HostInventory inventory, Evidence e) {
    if (e.role() == EvidenceRole.UNTRUSTWORTHY) {
      assertThat(e.host()).isNull();
      assertThat(e.distrust()).isNotEqualTo(Distrust.NONE);
      return;
    }
    assertThat(e.distrust()).isEqualTo(Distrust.NONE);
    Host host = e.host();
    assertThat(host).isNotNull();
    switch (e.kind()) {
      case MAC -> {
        MacAddress mac = e.macAddress();
        assertThat(mac.isZero() || mac.isMulticast()).isFalse();
        assertThat(inventory.hostsWithMac(mac)).containsExactly(host);
      }
      case UUID -> {
        UUID uuid = e.uuid();
        assertThat(uuid).isNotIn(new UUID(0, 0), new UUID(-1, -1));
        assertThat(inventory.hostsWithUuid(uuid)).containsExactly(host);
      }
      case DUID -> {
        Duid duid = e.duid();
        assertThat(duid.isNilUuid() || duid.isMaxUuid()).isFalse();
        assertThat(inventory.hostsWithDuid(duid)).containsExactly(host);
      }
    }
  }
}
