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

  private final Evidence[] evidence = new Evidence[CAPACITY];
  private int evidenceCount;
  private @Nullable Evidence deciding;
  private @Nullable Host host;
  private Outcome outcome = Outcome.NO_MATCH;
  private BootPhase phase = BootPhase.UNKNOWN;
  private int warnings;
  final DuidKey lookupKey = new DuidKey();

  /** Creates an empty resolution (no host, unknown phase), ready to be filled by a resolver. */
  public Resolution() {
    for (int i = 0; i < CAPACITY; i++) {
      evidence[i] = new Evidence();
    }
  }

  void reset() {
    evidenceCount = 0;
    deciding = null;
    host = null;
    outcome = Outcome.NO_MATCH;
    phase = BootPhase.UNKNOWN;
    warnings = 0;
  }

  /** Returns the next evidence slot, or null when full (evidence past the capacity is dropped). */
  @Nullable Evidence add() {
    return evidenceCount == CAPACITY ? null : evidence[evidenceCount++];
  }

  void decide(Evidence e, Host h) {
    deciding = e;
    host = h;
    outcome = Outcome.MATCHED;
  }

  void conflict() {
    outcome = Outcome.CONFLICT;
  }

  void withholdHost() {
    host = null;
  }

  void phase(BootPhase p) {
    phase = p;
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
    return outcome;
  }

  /**
   * Returns the host the deciding evidence names. On a {@link Outcome#CONFLICT} it is still the
   * host of the strongest evidence, unless the resolver withholds it ({@link
   * ResolutionWarning#HOST_WITHHELD_ON_CONFLICT}).
   *
   * @return the host, or {@code null}
   */
  public @Nullable Host host() {
    return host;
  }

  /**
   * Returns the boot phase the phase rules chose.
   *
   * @return the phase, {@link BootPhase#UNKNOWN} when no rule matched
   */
  public BootPhase phase() {
    return phase;
  }

  /**
   * Returns the evidence that decided: the first trustworthy match in the evidence order.
   *
   * @return the evidence, or {@code null} if nothing matched
   */
  public @Nullable Evidence decidingEvidence() {
    return deciding;
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
            .append(outcome)
            .append(" host=")
            .append(host == null ? "none" : host.name())
            .append(" phase=")
            .append(phase);
    if (warnings != 0) {
      sb.append(" warnings=").append(warnings());
    }
    for (int i = 0; i < evidenceCount; i++) {
      sb.append("\n  ").append(evidence[i]);
    }
    return sb.toString();
  }
}
