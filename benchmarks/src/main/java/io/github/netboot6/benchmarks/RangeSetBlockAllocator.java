package io.github.netboot6.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.core.Ipv6Address;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Guava baseline: the allocated block indexes in a {@link TreeRangeSet} of {@code [first, last
 * + 1)} ranges, which Guava coalesces, so a dense pool is one range; a hash map from host to block
 * and one from block to host answer the look-ups.
 *
 * <p>The lowest free block is the end of the range that contains block 0, or block 0 if none does:
 * one search of the range set's tree. A release removes one block's range, splitting the range it
 * was in. Addresses are Netboot6's {@link Ipv6Address} (two {@code long}s), so the block index of
 * an address is a subtraction and a shift, as in Netboot6.
 */
final class RangeSetBlockAllocator implements BlockAllocator {
  private static final int BLOCK_SIZE_LOG2 = 3;

  private final long baseHigh;
  private final long baseLow;
  private final long lastBlock;
  private final RangeSet<Long> allocated = TreeRangeSet.create();
  private final Map<HostKey, Long> byHost = new HashMap<>();
  private final Map<Long, HostKey> byBlock = new HashMap<>();
  private Ipv6Address[] addresses = new Ipv6Address[0];

  /**
   * Creates an empty allocator of the /125 blocks of {@code pool}.
   *
   * @param pool a /64 of /125 blocks, none of them reserved
   */
  RangeSetBlockAllocator(AddressPool pool) {
    checkArgument(
        pool.layout().blockPrefixLength() == 125
            && pool.lastBlockIndex() == -1L >>> 3
            && pool.unavailableBlockCount().signum() == 0,
        "pool: %s (expected: a /64 of /125 blocks, none reserved)",
        pool);
    this.baseHigh = pool.base().high();
    this.baseLow = pool.base().low();
    this.lastBlock = pool.lastBlockIndex();
  }

  @Override
  public void allocateBlock(HostKey host, long block) {
    checkArgument(!byHost.containsKey(host), "host: %s (expected: one without a block)", host);
    checkArgument(!allocated.contains(block), "block: %s (expected: a free one)", block);
    add(host, block);
  }

  @Override
  public long allocate(HostKey host) {
    Long held = byHost.get(host);
    if (held != null) {
      return held;
    }
    Range<Long> first = allocated.rangeContaining(0L);
    long block = first == null ? 0 : first.upperEndpoint();
    checkState(block <= lastBlock, "free blocks: none (expected: at least one)");
    add(host, block);
    return block;
  }

  private void add(HostKey host, long block) {
    allocated.add(Range.closedOpen(block, block + 1));
    byHost.put(host, block);
    byBlock.put(block, host);
  }

  @Override
  public long release(HostKey host) {
    Long block = byHost.remove(host);
    if (block == null) {
      return -1;
    }
    byBlock.remove(block);
    allocated.remove(Range.closedOpen(block, block + 1));
    return block;
  }

  @Override
  public void prepareLookups(Ipv6Address[] addresses) {
    this.addresses = addresses.clone();
  }

  @Override
  public @Nullable HostKey holderOf(int i) {
    Ipv6Address address = addresses[i];
    if (address.high() != baseHigh) {
      return null;
    }
    return byBlock.get((address.low() - baseLow) >>> BLOCK_SIZE_LOG2);
  }

  @Override
  public long blockOf(HostKey host) {
    Long block = byHost.get(host);
    return block == null ? -1 : block;
  }
}
