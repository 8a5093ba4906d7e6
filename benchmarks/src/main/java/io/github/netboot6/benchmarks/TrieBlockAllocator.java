package io.github.netboot6.benchmarks;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressAssociativeTrie;
import inet.ipaddr.ipv6.IPv6AddressAssociativeTrie.IPv6AssociativeTrieNode;
import inet.ipaddr.ipv6.IPv6AddressSection;
import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.core.Ipv6Address;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The IPAddress baseline: the allocated /125 blocks as keys of seancfoley's {@link
 * IPv6AddressAssociativeTrie} (a compact binary trie), each mapped to its host, and a hash map from
 * host to block. Addresses are IPAddress's own {@link IPv6Address}.
 *
 * <p>The lowest free block is found by descending the trie with its node sizes, which the trie
 * keeps up to date: a node whose size equals the number of /125 blocks under its prefix is full and
 * skipped whole, so the search visits one node per level of the trie instead of walking the
 * allocated blocks in order. Look-up by address is the trie's longest-prefix match.
 */
final class TrieBlockAllocator implements BlockAllocator {
  private static final int BLOCK_PREFIX_LENGTH = 125;
  private static final int POOL_BITS = BLOCK_PREFIX_LENGTH - 64;

  private final long baseHigh;
  private final long baseLow;
  private final IPv6Address poolPrefix;
  private final IPv6AddressAssociativeTrie<HostKey> trie = new IPv6AddressAssociativeTrie<>();
  private final Map<HostKey, IPv6Address> byHost = new HashMap<>();
  private IPv6Address[] addresses = new IPv6Address[0];

  /**
   * Creates an empty allocator of the /125 blocks of {@code pool}.
   *
   * @param pool a /64 of /125 blocks, none of them reserved
   */
  TrieBlockAllocator(AddressPool pool) {
    checkArgument(
        pool.layout().blockPrefixLength() == 125
            && pool.lastBlockIndex() == -1L >>> 3
            && pool.unavailableBlockCount().signum() == 0,
        "pool: %s (expected: a /64 of /125 blocks, none reserved)",
        pool);
    this.baseHigh = pool.base().high();
    this.baseLow = pool.base().low();
    this.poolPrefix = new IPv6Address(new IPv6AddressSection(baseHigh, baseLow, 8, 64));
  }

  @Override
  public void allocateBlock(HostKey host, long block) {
    checkArgument(!byHost.containsKey(host), "host: %s (expected: one without a block)", host);
    IPv6Address prefix = blockPrefix(block);
    checkArgument(trie.get(prefix) == null, "block: %s (expected: a free one)", prefix);
    trie.put(prefix, host);
    byHost.put(host, prefix);
  }

  @Override
  public long allocate(HostKey host) {
    IPv6Address held = byHost.get(host);
    if (held != null) {
      return blockIndexOf(held);
    }
    long block = lowestFree(trie.elementsContainedBy(poolPrefix), 0, POOL_BITS);
    checkState(block >= 0, "free blocks: none (expected: at least one)");
    IPv6Address prefix = blockPrefix(block);
    trie.put(prefix, host);
    byHost.put(host, prefix);
    return block;
  }

  /**
   * Returns the lowest free block of the aligned range of 2<sup>bits</sup> blocks from {@code
   * start}, where {@code node} is the top trie node inside that range (null if none).
   */
  private long lowestFree(@Nullable IPv6AssociativeTrieNode<HostKey> node, long start, int bits) {
    if (node == null) {
      return start;
    }
    IPv6Address key = node.getKey();
    long nodeStart = blockIndexOf(key);
    if (nodeStart != start) {
      return start; // the node's prefix starts later: everything before it is free
    }
    Integer length = key.getPrefixLength();
    int nodeBits = BLOCK_PREFIX_LENGTH - (length == null ? BLOCK_PREFIX_LENGTH : length);
    if (node.size() == 1L << nodeBits) {
      return nodeBits < bits ? start + (1L << nodeBits) : -1;
    }
    if (nodeBits == 0) {
      return start; // a /125 node that holds no host
    }
    long free = lowestFree(node.getLowerSubNode(), start, nodeBits - 1);
    return free >= 0
        ? free
        : lowestFree(node.getUpperSubNode(), start + (1L << (nodeBits - 1)), nodeBits - 1);
  }

  @Override
  public long release(HostKey host) {
    IPv6Address prefix = byHost.remove(host);
    if (prefix == null) {
      return -1;
    }
    trie.remove(prefix);
    return blockIndexOf(prefix);
  }

  @Override
  public void prepareLookups(Ipv6Address[] addresses) {
    this.addresses = new IPv6Address[addresses.length];
    for (int i = 0; i < addresses.length; i++) {
      this.addresses[i] =
          new IPv6Address(new IPv6AddressSection(addresses[i].high(), addresses[i].low(), 8));
    }
  }

  @Override
  public @Nullable HostKey holderOf(int i) {
    IPv6AssociativeTrieNode<HostKey> node = trie.longestPrefixMatchNode(addresses[i]);
    return node == null ? null : node.getValue();
  }

  @Override
  public long blockOf(HostKey host) {
    IPv6Address prefix = byHost.get(host);
    return prefix == null ? -1 : blockIndexOf(prefix);
  }

  private IPv6Address blockPrefix(long block) {
    long low = baseLow + (block << (128 - BLOCK_PREFIX_LENGTH));
    return new IPv6Address(new IPv6AddressSection(baseHigh, low, 8, BLOCK_PREFIX_LENGTH));
  }

  /** Returns the index of the block that the lowest address of {@code address} lies in. */
  private long blockIndexOf(IPv6Address address) {
    long low = 0;
    for (int i = 4; i < 8; i++) {
      low = low << 16 | address.getSegment(i).getSegmentValue();
    }
    return (low - baseLow) >>> (128 - BLOCK_PREFIX_LENGTH);
  }
}
