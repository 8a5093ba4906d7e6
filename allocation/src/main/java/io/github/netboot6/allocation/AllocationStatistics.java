package io.github.netboot6.allocation;

import java.math.BigInteger;

/**
 * Exact block counts of a pool at one moment: {@code total = unavailable + allocated + free}.
 *
 * <p>Counts are {@link BigInteger} where they can pass 2<sup>63</sup> (a {@code /48} holds
 * 2<sup>77</sup> {@code /125} blocks); the allocated count is a {@code long}, as every allocated
 * block is held in memory.
 *
 * @param totalBlocks every block of the pool
 * @param unavailableBlocks blocks never handed out: reserved, or not wholly in the pool
 * @param allocatedBlocks blocks held by a host
 * @param freeBlocks blocks that can still be allocated
 */
public record AllocationStatistics(
    BigInteger totalBlocks,
    BigInteger unavailableBlocks,
    long allocatedBlocks,
    BigInteger freeBlocks) {}
