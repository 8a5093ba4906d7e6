package io.github.netboot6.core.identity;

import io.github.netboot6.core.BootPhase;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link IdentityResolver}: which host, which boot phase, by which evidence, what
 * disagreed and what was distrusted.
 *
 * <p>A resolution is a reusable result holder owned by one thread: pass the same instance to every
 * {@link IdentityResolver#resolve(ClientFacts, Resolution)} call, which overwrites it without
 * allocating. Read what you need before the next call; {@link #toString()} gives a snapshot for
 * logs.
 *
 * <pre>{@code
 * Resolution r = new Resolution();
 * resolver.resolve(facts, r);
 * if (r.outcome() == Resolution.Outcome.CONFLICT) {
 *   log.warn("conflicting identity: {}", r);
 * }
 * }</pre>
 */
public final class Resolution {

  /** The overall result. */
  public enum Outcome {
    /** Trustworthy evidence named one host and nothing disagreed. */
    MATCHED,
    /** Trustworthy evidence named more than one host; see the {@link EvidenceRole#CONFLICTING}. */
    CONFLICT,
    /** No trustworthy evidence named a host. */
    NO_MATCH
  }

  private static final int CAPACITY = 16;
  private static final ResolutionWarning[] WARNINGS = ResolutionWarning.values();

  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final BootPhase[] PHASES = BootPhase.values();

  private final Evidence[] evidence = new Evidence[CAPACITY];
  private int evidenceCount;
  // Indexes and ordinals rather than references, for the reason given in Evidence.
  private int deciding = -1;
  private Host[] hosts = Evidence.NO_HOSTS;
  private int hostId = -1;
  private byte outcome;
  private byte phase;
  private int warnings;
  final DuidKey lookupKey = new DuidKey();
  // The resolver's scratch: the values of a DUID-UUID's UUID as an SMBIOS UUID in network and in
  // SMBIOS byte order, found by the DUID's own look-up.
  final int[] uuidValues = new int[2];

  /** Creates an empty resolution (no host, unknown phase), ready to be filled by a resolver. */
  public Resolution() {
    for (int i = 0; i < CAPACITY; i++) {
      evidence[i] = new Evidence();
    }
    reset();
  }

  @SuppressWarnings("EnumOrdinal") // kept as ordinals, see the fields
  void reset() {
    evidenceCount = 0;
    deciding = -1;
    hostId = -1;
    outcome = (byte) Outcome.NO_MATCH.ordinal();
    phase = (byte) BootPhase.UNKNOWN.ordinal();
    warnings = 0;
  }

  /** Returns the next evidence slot, or null when full (evidence past the capacity is dropped). */
  @Nullable Evidence add() {
    return evidenceCount == CAPACITY ? null : evidence[evidenceCount++];
  }

  /** Makes the last evidence added the deciding one, naming host {@code id} of {@code hosts}. */
  @SuppressWarnings("EnumOrdinal") // kept as ordinals, see the fields
  void decide(Host[] hosts, int id) {
    deciding = evidenceCount - 1;
    if (this.hosts != hosts) {
      this.hosts = hosts;
    }
    hostId = id;
    outcome = (byte) Outcome.MATCHED.ordinal();
  }

  @SuppressWarnings("EnumOrdinal") // kept as ordinals, see the fields
  void conflict() {
    outcome = (byte) Outcome.CONFLICT.ordinal();
  }

  void withholdHost() {
    hostId = -1;
  }

  /** The deciding host's id in the snapshot, or -1. */
  int decidingHostId() {
    return deciding < 0 ? -1 : evidence[deciding].hostId();
  }

  @SuppressWarnings("EnumOrdinal") // kept as ordinals, see the fields
  void phase(BootPhase p) {
    phase = (byte) p.ordinal();
  }

  @SuppressWarnings("EnumOrdinal") // a bit per constant: warnings are kept without allocating
  void warn(ResolutionWarning warning) {
    warnings |= 1 << warning.ordinal();
  }

  /**
   * Returns the overall result.
   *
   * @return the outcome
   */
  public Outcome outcome() {
    return OUTCOMES[outcome];
  }

  /**
   * Returns the host the deciding evidence names. On a {@link Outcome#CONFLICT} it is still the
   * host of the strongest evidence, unless the resolver withholds it ({@link
   * ResolutionWarning#HOST_WITHHELD_ON_CONFLICT}).
   *
   * @return the host, or {@code null}
   */
  public @Nullable Host host() {
    return hostId < 0 ? null : hosts[hostId];
  }

  /**
   * Returns the boot phase the phase rules chose.
   *
   * @return the phase, {@link BootPhase#UNKNOWN} when no rule matched
   */
  public BootPhase phase() {
    return PHASES[phase];
  }

  /**
   * Returns the evidence that decided: the first trustworthy match in the evidence order.
   *
   * @return the evidence, or {@code null} if nothing matched
   */
  public @Nullable Evidence decidingEvidence() {
    return deciding < 0 ? null : evidence[deciding];
  }

  /**
   * Returns the number of pieces of evidence recorded: deciding, agreeing, conflicting and
   * untrustworthy.
   *
   * @return the count
   */
  public int evidenceCount() {
    return evidenceCount;
  }

  /**
   * Returns a piece of evidence, in the order the resolver weighed it.
   *
   * @param index 0 to {@link #evidenceCount()} - 1
   * @return the evidence, valid until the next resolve into this resolution
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public Evidence evidence(int index) {
    Objects.checkIndex(index, evidenceCount);
    return evidence[index];
  }

  /**
   * Counts the evidence with the given role, without allocating.
   *
   * @param role the role
   * @return the count
   */
  public int count(EvidenceRole role) {
    int n = 0;
    for (int i = 0; i < evidenceCount; i++) {
      if (evidence[i].role() == role) {
        n++;
      }
    }
    return n;
  }

  /**
   * Tells whether the resolution carries a warning, without allocating.
   *
   * @param warning the warning
   * @return {@code true} if it does
   */
  @SuppressWarnings("EnumOrdinal") // see warn
  public boolean hasWarning(ResolutionWarning warning) {
    return (warnings & (1 << warning.ordinal())) != 0;
  }

  /**
   * Returns the warnings; this allocates.
   *
   * @return a new set
   */
  public Set<ResolutionWarning> warnings() {
    EnumSet<ResolutionWarning> set = EnumSet.noneOf(ResolutionWarning.class);
    for (ResolutionWarning w : WARNINGS) {
      if (hasWarning(w)) {
        set.add(w);
      }
    }
    return set;
  }

  /**
   * Returns the outcome, host, phase, warnings and every piece of evidence, for logs; this
   * allocates.
   *
   * @return the text
   */
  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder()
            .append(outcome())
            .append(" host=")
            .append(hostId < 0 ? "none" : hosts[hostId].name())
            .append(" phase=")
            .append(phase());
    if (warnings != 0) {
      sb.append(" warnings=").append(warnings());
    }
    for (int i = 0; i < evidenceCount; i++) {
      sb.append("\n  ").append(evidence[i]);
    }
    return sb.toString();
  }
}
