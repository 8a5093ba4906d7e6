package io.github.netboot6.core.identity;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.BootPhase;
import java.util.HashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Answers which host and which boot phase a DHCPv6 request comes from, by which evidence, with
 * every disagreement and every untrustworthy identifier reported.
 *
 * <p>Each {@link EvidenceSource} in the configured order (default {@link
 * EvidenceSource#DEFAULT_ORDER}) is weighed against the inventory. The first trustworthy match
 * decides the host; every later match is recorded as agreeing or, if it names another host, as
 * conflicting (outcome {@link Resolution.Outcome#CONFLICT}), never silently overruled.
 * Untrustworthy identifiers (nil and all-ones UUIDs, all-zero and group MACs, identifiers claimed
 * by several hosts) never match and are recorded. Then the {@link PhaseRule}s choose the phase.
 *
 * <p>The same inventory and facts always give the same resolution. A resolve into a reused {@link
 * Resolution} allocates nothing when it matches (learning a DUID, the one exception, allocates
 * once). The resolver is immutable and thread-safe; {@link ClientFacts} and {@link Resolution} are
 * per thread.
 *
 * <pre>{@code
 * IdentityResolver resolver = IdentityResolver.builder(inventory).learnDuids(true).build();
 * Resolution r = new Resolution();               // one per thread, reused
 * resolver.resolve(facts, r);
 * if (r.host() != null && r.phase() == BootPhase.IPXE) { ... }
 * }</pre>
 */
public final class IdentityResolver {
  private static final long LINK_LOCAL_HIGH = 0xfe80_0000_0000_0000L;

  // The evidence order as step codes, so that the resolve loop switches on a byte it has loaded
  // rather than on an enum's ordinal looked up in a switch map.
  private static final byte STEP_DEPLOYED_DUID = 0;
  private static final byte STEP_RELAY_LINK_LAYER = 1;
  private static final byte STEP_DUID_LINK_LAYER = 2;
  private static final byte STEP_SMBIOS_UUID = 3;
  private static final byte STEP_EUI64_LINK_LOCAL = 4;
  private static final byte STEP_NEIGHBOUR_CACHE = 5;
  private static final byte STEP_KNOWN_DUID = 6;

  private final HostInventory inventory;
  private final byte[] steps;
  private final PhaseRule[] rules;
  private final boolean learnDuids;
  // Whether the order holds KNOWN_DUID: then a resolve looks its DUID's learned name up first.
  private final boolean knownDuids;
  private final int learnedCapacity;
  private final boolean withholdOnConflict;

  private IdentityResolver(Builder b) {
    this.inventory = b.inventory;
    this.steps = new byte[b.order.size()];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = step(b.order.get(i));
    }
    this.rules = b.rules.toArray(new PhaseRule[0]);
    this.learnDuids = b.learnDuids;
    this.knownDuids = b.order.contains(EvidenceSource.KNOWN_DUID);
    this.learnedCapacity = b.learnedCapacity;
    this.withholdOnConflict = b.withholdOnConflict;
  }

  /**
   * Returns a builder with the defaults: {@link EvidenceSource#DEFAULT_ORDER}, {@link
   * PhaseRules#defaults()}, no learning, and the host of the strongest evidence kept on a conflict.
   *
   * @param inventory the inventory to resolve against
   * @return the builder
   */
  public static Builder builder(HostInventory inventory) {
    return new Builder(inventory);
  }

  /**
   * Resolves into a new {@link Resolution}; this allocates it.
   *
   * @param facts what the request says
   * @return the resolution
   */
  public Resolution resolve(ClientFacts facts) {
    return resolve(facts, new Resolution());
  }

  /**
   * Resolves into {@code into}, overwriting what it held; allocates nothing on a match.
   *
   * @param facts what the request says
   * @param into the resolution to fill
   * @return {@code into}
   */
  @CanIgnoreReturnValue
  public Resolution resolve(ClientFacts facts, Resolution into) {
    into.reset();
    InventorySnapshot s = inventory.snapshot();
    byte[] duid = facts.duidBytes();
    int duidLength = facts.duidLength();
    int duidValue = 0;
    int duidHash = 0;
    boolean duidDeployed = false;
    if (duidLength == 0) {
      into.warn(ResolutionWarning.NO_CLIENT_DUID);
    } else {
      int slot;
      if (DuidIndex.isDuidUuid(duid, duidLength)) {
        // One probe finds the DUID and its UUID in both byte orders, for SMBIOS_UUID.
        long hi = Duids.readLong(duid, 2);
        long lo = Duids.readLong(duid, 10);
        duidHash = DuidIndex.uuidHash(hi, lo);
        slot = s.duids.slotOfDuidUuid(hi, lo, duidHash, into.uuidValues);
      } else {
        duidHash = DuidIndex.hash(duid, duidLength);
        slot = s.duids.slotOf(duid, duidLength, duidHash, s.hosts);
      }
      if (slot >= 0) {
        duidValue = s.duids.valueAt(slot);
        duidDeployed = s.duids.isDeployed(slot);
      }
    }
    // A DUID the inventory does not hold may have been learned: looked up once, for the evidence
    // and for learning alike.
    String learnedName =
        knownDuids && duidLength > 0 && duidValue == 0
            ? inventory.learnedName(into.lookupKey.borrow(duid, duidLength, duidHash))
            : null;
    for (byte step : steps) {
      switch (step) {
        // Each step calls out only when it has something to record: the loop stays small.
        case STEP_DEPLOYED_DUID -> {
          if (duidValue != 0 && duidDeployed) {
            duidEvidence(s, EvidenceSource.DEPLOYED_DUID, duid, duidLength, duidValue, into);
          }
        }
        case STEP_KNOWN_DUID -> {
          if (duidValue != 0) {
            if (!duidDeployed) {
              duidEvidence(s, EvidenceSource.KNOWN_DUID, duid, duidLength, duidValue, into);
            }
          } else if (learnedName != null) {
            learnedDuidEvidence(s, learnedName, duid, duidLength, into);
          }
        }
        case STEP_RELAY_LINK_LAYER -> {
          int level = facts.closestRelayLinkLayerLevel();
          if (level >= 0) {
            macEvidence(
                s,
                EvidenceSource.RELAY_LINK_LAYER,
                facts.relayLinkLayerAddress(level),
                level,
                into);
          }
        }
        case STEP_DUID_LINK_LAYER -> {
          long mac = duidMac(duid, duidLength);
          if (mac != ClientFacts.NO_MAC) {
            macEvidence(s, EvidenceSource.DUID_LINK_LAYER, mac, -1, into);
          }
        }
        case STEP_SMBIOS_UUID -> uuidEvidence(s, duid, duidLength, into);
        case STEP_EUI64_LINK_LOCAL -> {
          long iid = facts.peerAddressLow();
          if (facts.hasPeerAddress()
              && facts.peerAddressHigh() == LINK_LOCAL_HIGH
              && (iid & 0xffffL << 24) == 0xfffeL << 24) {
            long mac = (((iid >>> 40) << 24) | (iid & 0xff_ffffL)) ^ (1L << 41);
            macEvidence(s, EvidenceSource.EUI64_LINK_LOCAL, mac, -1, into);
          }
        }
        case STEP_NEIGHBOUR_CACHE -> {
          long mac = facts.neighbourCacheMac();
          if (mac != ClientFacts.NO_MAC) {
            macEvidence(s, EvidenceSource.NEIGHBOUR_CACHE, mac, -1, into);
          }
        }
      }
    }
    if (into.outcome() == Resolution.Outcome.MATCHED && learnDuids && duidLength > 0) {
      learn(duid, duidLength, duidValue, duidHash, learnedName, into);
    }
    if (into.outcome() == Resolution.Outcome.CONFLICT && withholdOnConflict) {
      into.withholdHost();
      into.warn(ResolutionWarning.HOST_WITHHELD_ON_CONFLICT);
    }
    for (PhaseRule rule : rules) {
      BootPhase phase = rule.classify(facts, into);
      if (phase != BootPhase.UNKNOWN) {
        into.phase(phase);
        break;
      }
    }
    return into;
  }

  private static byte step(EvidenceSource source) {
    return switch (source) {
      case DEPLOYED_DUID -> STEP_DEPLOYED_DUID;
      case RELAY_LINK_LAYER -> STEP_RELAY_LINK_LAYER;
      case DUID_LINK_LAYER -> STEP_DUID_LINK_LAYER;
      case SMBIOS_UUID -> STEP_SMBIOS_UUID;
      case EUI64_LINK_LOCAL -> STEP_EUI64_LINK_LOCAL;
      case NEIGHBOUR_CACHE -> STEP_NEIGHBOUR_CACHE;
      case KNOWN_DUID -> STEP_KNOWN_DUID;
    };
  }

  /** Records the evidence of a DUID the inventory holds (index value {@code value}). */
  private static void duidEvidence(
      InventorySnapshot s,
      EvidenceSource source,
      byte[] duid,
      int length,
      int value,
      Resolution into) {
    // A shared DUID is reported once, under DEPLOYED_DUID if any claimant deployed it.
    Evidence e =
        OpenTable.isShared(value)
            ? untrustworthy(into, source, IdentifierKind.DUID, Distrust.CLAIMED_BY_SEVERAL_HOSTS)
            : match(into, source, IdentifierKind.DUID, s.hosts, OpenTable.idOf(value));
    if (e != null) {
      e.duid(duid, length, false);
    }
  }

  /** Records the evidence of a DUID learned for the host named {@code learnedName}. */
  private static void learnedDuidEvidence(
      InventorySnapshot s, String learnedName, byte[] duid, int length, Resolution into) {
    int id = s.idByName(learnedName);
    if (id >= 0) {
      Evidence e = match(into, EvidenceSource.KNOWN_DUID, IdentifierKind.DUID, s.hosts, id);
      if (e != null) {
        e.duid(duid, length, true);
      }
    }
  }

  private static void macEvidence(
      InventorySnapshot s, EvidenceSource source, long mac, int level, Resolution into) {
    Distrust distrust =
        mac == 0
            ? Distrust.ZERO_MAC
            : (mac & (1L << 40)) != 0 ? Distrust.MULTICAST_MAC : Distrust.NONE;
    Evidence e;
    if (distrust != Distrust.NONE) {
      e = untrustworthy(into, source, IdentifierKind.MAC, distrust);
    } else {
      int value = s.macs.get(mac);
      if (value == 0) {
        return;
      }
      e =
          OpenTable.isShared(value)
              ? untrustworthy(into, source, IdentifierKind.MAC, Distrust.CLAIMED_BY_SEVERAL_HOSTS)
              : match(into, source, IdentifierKind.MAC, s.hosts, OpenTable.idOf(value));
    }
    if (e != null) {
      e.mac(mac, level);
    }
  }

  private static void uuidEvidence(InventorySnapshot s, byte[] duid, int length, Resolution into) {
    if (!DuidIndex.isDuidUuid(duid, length)) {
      return;
    }
    long hi = Duids.readLong(duid, 2);
    long lo = Duids.readLong(duid, 10);
    if ((hi == 0 && lo == 0) || (hi == -1 && lo == -1)) {
      Distrust d = hi == 0 ? Distrust.NIL_UUID : Distrust.MAX_UUID;
      Evidence e = untrustworthy(into, EvidenceSource.SMBIOS_UUID, IdentifierKind.UUID, d);
      if (e != null) {
        e.uuid(hi, lo, false);
      }
      return;
    }
    // Found by the DUID's own look-up in resolve.
    int network = into.uuidValues[0];
    int smbios = into.uuidValues[1];
    if (network != 0) {
      uuidMatch(s, network, hi, lo, false, into);
    }
    if (smbios != 0) {
      uuidMatch(s, smbios, DuidIndex.swapSmbios(hi), lo, true, into);
    }
  }

  private static void uuidMatch(
      InventorySnapshot s, int value, long hi, long lo, boolean smbiosOrder, Resolution into) {
    Evidence e =
        OpenTable.isShared(value)
            ? untrustworthy(
                into,
                EvidenceSource.SMBIOS_UUID,
                IdentifierKind.UUID,
                Distrust.CLAIMED_BY_SEVERAL_HOSTS)
            : match(
                into,
                EvidenceSource.SMBIOS_UUID,
                IdentifierKind.UUID,
                s.hosts,
                OpenTable.idOf(value));
    if (e != null) {
      e.uuid(hi, lo, smbiosOrder);
    }
  }

  private void learn(
      byte[] duid, int length, int value, int hash, @Nullable String learnedName, Resolution into) {
    Evidence deciding = into.decidingEvidence();
    Host host = into.host();
    if (deciding == null || host == null || value != 0 || !isStrong(deciding.source())) {
      return;
    }
    if (DuidIndex.isDuidUuid(duid, length) && isNilOrMax(duid)) {
      return;
    }
    // Already learned: known from the look-up made before the evidence, or looked up now.
    if (knownDuids
        ? learnedName != null
        : inventory.learnedName(into.lookupKey.borrow(duid, length, hash)) != null) {
      return;
    }
    switch (inventory.learn(duid, length, hash, host, learnedCapacity)) {
      case LEARNED -> into.warn(ResolutionWarning.DUID_LEARNED);
      case FULL -> into.warn(ResolutionWarning.LEARNING_CAPACITY_REACHED);
      case STALE -> {
        // The host changed meanwhile: learn it from a later request.
      }
    }
  }

  private static boolean isStrong(EvidenceSource source) {
    return source == EvidenceSource.DEPLOYED_DUID
        || source == EvidenceSource.RELAY_LINK_LAYER
        || source == EvidenceSource.DUID_LINK_LAYER
        || source == EvidenceSource.SMBIOS_UUID;
  }

  private static boolean isNilOrMax(byte[] duid) {
    boolean zero = true;
    boolean ones = true;
    for (int i = 2; i < 18; i++) {
      zero &= duid[i] == 0;
      ones &= duid[i] == (byte) 0xff;
    }
    return zero || ones;
  }

  /** Records a match on host {@code id} of the snapshot's {@code hosts}: one id, one host. */
  private static @Nullable Evidence match(
      Resolution into, EvidenceSource source, IdentifierKind kind, Host[] hosts, int id) {
    Evidence e = into.add();
    if (e == null) {
      return null;
    }
    int deciding = into.decidingHostId();
    if (deciding < 0) {
      e.set(EvidenceRole.DECIDING, source, kind, hosts, id, Distrust.NONE);
      into.decide(hosts, id);
    } else if (deciding == id) {
      e.set(EvidenceRole.AGREEING, source, kind, hosts, id, Distrust.NONE);
    } else {
      e.set(EvidenceRole.CONFLICTING, source, kind, hosts, id, Distrust.NONE);
      into.conflict();
    }
    return e;
  }

  private static @Nullable Evidence untrustworthy(
      Resolution into, EvidenceSource source, IdentifierKind kind, Distrust distrust) {
    into.warn(ResolutionWarning.UNTRUSTWORTHY_IDENTIFIER);
    Evidence e = into.add();
    if (e != null) {
      e.set(EvidenceRole.UNTRUSTWORTHY, source, kind, Evidence.NO_HOSTS, -1, distrust);
    }
    return e;
  }

  /** The Ethernet MAC inside a DUID-LLT or DUID-LL, or NO_MAC. */
  private static long duidMac(byte[] duid, int length) {
    if (length < 4 || duid[0] != 0 || duid[2] != 0 || duid[3] != 1) {
      return ClientFacts.NO_MAC;
    }
    int start = duid[1] == 1 && length == 14 ? 8 : duid[1] == 3 && length == 10 ? 4 : -1;
    if (start < 0) {
      return ClientFacts.NO_MAC;
    }
    long mac = 0;
    for (int i = 0; i < 6; i++) {
      mac = (mac << 8) | (duid[start + i] & 0xff);
    }
    return mac;
  }

  /** Configures an {@link IdentityResolver}; not thread-safe. */
  public static final class Builder {
    private final HostInventory inventory;
    private List<EvidenceSource> order = EvidenceSource.DEFAULT_ORDER;
    private List<PhaseRule> rules = PhaseRules.defaults();
    private boolean learnDuids;
    private int learnedCapacity = 100_000;
    private boolean withholdOnConflict;

    private Builder(HostInventory inventory) {
      this.inventory = inventory;
    }

    /**
     * Sets the evidence sources to weigh, strongest first; a source left out is ignored.
     *
     * @param order the sources, without repetition
     * @return this
     * @throws IllegalArgumentException if a source appears twice
     */
    @CanIgnoreReturnValue
    public Builder evidenceOrder(List<EvidenceSource> order) {
      checkArgument(
          new HashSet<>(order).size() == order.size(),
          "evidence order: %s repeats a source",
          order);
      this.order = List.copyOf(order);
      return this;
    }

    /**
     * Sets the phase rules, asked in order.
     *
     * @param rules the rules
     * @return this
     */
    @CanIgnoreReturnValue
    public Builder phaseRules(List<PhaseRule> rules) {
      this.rules = List.copyOf(rules);
      return this;
    }

    /**
     * Sets whether to remember a new client DUID for the host once strong evidence (deployed DUID,
     * option 79, DUID link-layer address or SMBIOS UUID) matched it without conflict; later
     * requests carrying only that DUID then resolve by {@link EvidenceSource#KNOWN_DUID} with
     * {@link Evidence#learned()} set.
     *
     * @param learn {@code true} to learn
     * @return this
     */
    @CanIgnoreReturnValue
    public Builder learnDuids(boolean learn) {
      this.learnDuids = learn;
      return this;
    }

    /**
     * Sets the most learned DUIDs the inventory keeps (default 100,000), which bounds the memory a
     * flood of fresh DUIDs can take.
     *
     * @param capacity the capacity, at least 0
     * @return this
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    @CanIgnoreReturnValue
    public Builder learnedDuidCapacity(int capacity) {
      checkArgument(capacity >= 0, "learned DUID capacity: %s (expected: >= 0)", capacity);
      this.learnedCapacity = capacity;
      return this;
    }

    /**
     * Sets whether a conflict withholds the host ({@link Resolution#host()} is then {@code null})
     * instead of answering with the host of the strongest evidence. Either way the outcome is
     * {@link Resolution.Outcome#CONFLICT} and the conflicting evidence is listed.
     *
     * @param withhold {@code true} to answer no host on a conflict
     * @return this
     */
    @CanIgnoreReturnValue
    public Builder withholdHostOnConflict(boolean withhold) {
      this.withholdOnConflict = withhold;
      return this;
    }

    /**
     * Builds the resolver.
     *
     * @return the resolver
     */
    public IdentityResolver build() {
      return new IdentityResolver(this);
    }
  }
}
