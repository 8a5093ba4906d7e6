package io.github.netboot6.core.identity;

/** What a piece of {@link Evidence} did in a {@link Resolution}. */
public enum EvidenceRole {
  /** The first trustworthy match in the evidence order: it named the host. */
  DECIDING,
  /** A trustworthy match that names the same host as the deciding evidence. */
  AGREEING,
  /** A trustworthy match that names another host: a conflict, reported and never overruled. */
  CONFLICTING,
  /** An identifier that must not identify a host; see {@link Evidence#distrust()}. */
  UNTRUSTWORTHY
}
