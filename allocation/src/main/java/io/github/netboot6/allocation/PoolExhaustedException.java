package io.github.netboot6.allocation;

import io.github.netboot6.core.BootPhase;

/**
 * Thrown when a new host needs a block and the pool has no free block left, or a host needs a phase
 * address and its {@link InstallRange} has none left.
 */
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

  PoolExhaustedException(HostKey host, BootPhase phase, InstallRange range) {
    super(
        "free addresses for "
            + host
            + " in phase "
            + phase
            + ": 0 in "
            + range
            + " (expected: at least 1; release the phase addresses of hosts that finished"
            + " installing, or size the range larger)");
  }
}
