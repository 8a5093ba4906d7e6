package io.github.netboot6.allocation.internal;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The allocated blocks numbered 2<sup>63</sup> and more, and their hosts, both ways: the part of a
 * wide pool's state that {@link BlockTable} and {@link BlockRuns} (keyed by non-negative {@code
 * long}s) cannot hold. Hash maps both ways and a {@link WideBlockSet} for the searches. Pools that
 * are not wide never fill it, so they keep {@link BlockTable}'s memory per block.
 *
 * <p>Not thread-safe: the allocator guards it with its lock.
 *
 * @param <K> the host key type
 */
public final class WideBlockMap<K> {
  private final Map<BigInteger, K> hosts = new HashMap<>();
  private final Map<K, BigInteger> blocks = new HashMap<>();
  private final WideBlockSet used = new WideBlockSet();

  /** Creates an empty map. */
  public WideBlockMap() {}

  /**
   * Returns the number of entries.
   *
   * @return the count
   */
  public int size() {
    return hosts.size();
  }

  /**
   * Tells whether the map is empty.
   *
   * @return true if it holds no block
   */
  public boolean isEmpty() {
    return hosts.isEmpty();
  }

  /**
   * Returns the host of a block.
   *
   * @param block the block number
   * @return the host, or null if the block is not in the map
   */
  public @Nullable K hostOf(BigInteger block) {
    return hosts.get(block);
  }

  /**
   * Returns the block of a host.
   *
   * @param key the host
   * @return the block number, or null if the host is not in the map
   */
  public @Nullable BigInteger blockOf(K key) {
    return blocks.get(key);
  }

  /**
   * Adds an entry; neither the block nor the host may be in the map.
   *
   * @param block the block number
   * @param key the host
   * @throws IllegalStateException if the block or the host is already in the map
   */
  public void put(BigInteger block, K key) {
    requireNonNull(key, "key");
    if (hosts.containsKey(block) || blocks.containsKey(key)) {
      throw new IllegalStateException("block " + block + " or host " + key + " already present");
    }
    hosts.put(block, key);
    blocks.put(key, block);
    used.add(block);
  }

  /**
   * Removes the entry of a block.
   *
   * @param block the block number
   * @return the host it had, or null if the block was not in the map
   */
  @CanIgnoreReturnValue
  public @Nullable K remove(BigInteger block) {
    K key = hosts.remove(block);
    if (key != null) {
      blocks.remove(key);
      used.remove(block);
    }
    return key;
  }

  /**
   * Returns the first block at or after {@code from} that is not in the map.
   *
   * @param from the block number to start at
   * @return the block number, unbounded
   */
  public BigInteger nextClear(BigInteger from) {
    return used.nextClear(from);
  }

  /**
   * Returns the first block at or after {@code from} that is in the map.
   *
   * @param from the block number to start at
   * @return the block number, or null if none
   */
  public @Nullable BigInteger nextSet(BigInteger from) {
    return used.nextSet(from);
  }
}
