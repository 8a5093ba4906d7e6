package io.github.netboot6.core.identity;

/** Something about a {@link Resolution} that the embedding tool should know or log. */
public enum ResolutionWarning {
  /** The request carried no client DUID. */
  NO_CLIENT_DUID,
  /** At least one identifier was untrustworthy and was ignored (see the evidence). */
  UNTRUSTWORTHY_IDENTIFIER,
  /** Evidence disagreed and the resolver was configured to answer no host on a conflict. */
  HOST_WITHHELD_ON_CONFLICT,
  /** The client DUID was new and the resolver remembered it for the host. */
  DUID_LEARNED,
  /** The client DUID would have been learned, but the learned-DUID capacity is reached. */
  LEARNING_CAPACITY_REACHED
}
