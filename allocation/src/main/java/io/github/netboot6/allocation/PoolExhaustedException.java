package io.github.netboot6.allocation;

/** Thrown when a new host needs a block and the pool has no free block left. */
public final class PoolExhaustedException extends AllocationException {
  private static final long serialVersionUID = 1L;

  PoolExhaustedException(HostKey host, AddressPool pool, AllocationStatistics statistics) {
    super(
        "free blocks for "
            + host
            + ": 0 in pool "
            + pool
            + " (expected: at least 1; "
            + statistics.allocatedBlocks()
            + " allocated, "
            + statistics.unavailableBlocks()
            + " reserved of "
            + statistics.totalBlocks()
            + ")");
  }
}
