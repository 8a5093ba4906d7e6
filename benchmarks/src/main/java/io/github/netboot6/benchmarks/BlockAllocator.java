package io.github.netboot6.benchmarks;

import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.core.Ipv6Address;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AllocatorBaselineBenchmark} does to each allocator it compares: /125 blocks of a /64
 * pool, numbered from 0, one per host; "allocate" hands out the lowest free block.
 *
 * <p>Answers are block indexes and host keys, so that {@link AllocatorSelfCheck} can compare them
 * across implementations. Implementations need not be thread-safe: the benchmark runs one thread.
 */
interface BlockAllocator {

  /**
   * Gives {@code host} the block {@code block}, to fill the pool before measuring.
   *
   * @param host a host that holds no block
   * @param block a free block index
   */
  void allocateBlock(HostKey host, long block);

  /**
   * Returns the block of {@code host}, giving it the lowest free block if it holds none.
   *
   * @param host the host
   * @return the block index
   */
  long allocate(HostKey host);

  /**
   * Releases the block of {@code host}.
   *
   * @param host the host
   * @return the released block index, or -1 if the host held none
   */
  long release(HostKey host);

  /**
   * Converts the addresses that {@link #holderOf(int)} looks up to this implementation's own
   * address type, once, so that the conversion is not measured.
   *
   * @param addresses the addresses, by index
   */
  void prepareLookups(Ipv6Address[] addresses);

  /**
   * Returns the host whose block holds the {@code i}-th prepared address.
   *
   * @param i the index in the array given to {@link #prepareLookups}
   * @return the host, or null if the address is in a free block or outside the pool
   */
  @Nullable HostKey holderOf(int i);

  /**
   * Returns the block of {@code host}.
   *
   * @param host the host
   * @return the block index, or -1 if the host holds none
   */
  long blockOf(HostKey host);
}
