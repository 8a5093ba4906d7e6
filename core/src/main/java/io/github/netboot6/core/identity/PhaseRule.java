package io.github.netboot6.core.identity;

import io.github.netboot6.core.BootPhase;

/**
 * One rule of boot-phase classification. The resolver asks its rules in order, after the host is
 * resolved, and takes the first answer other than {@link BootPhase#UNKNOWN}. {@link PhaseRules} has
 * the usual rules and the defaults; an embedding tool may put its own in any position.
 *
 * <p>A rule runs on the hot path: it must be thread-safe and should not allocate.
 */
@FunctionalInterface
public interface PhaseRule {

  /**
   * Classifies a request.
   *
   * @param facts what the request says
   * @param resolution the identity resolved so far (host and evidence; the phase is not set yet)
   * @return the phase, or {@link BootPhase#UNKNOWN} if this rule has no opinion
   */
  BootPhase classify(ClientFacts facts, Resolution resolution);
}
