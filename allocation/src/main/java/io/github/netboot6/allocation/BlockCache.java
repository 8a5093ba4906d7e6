package io.github.netboot6.allocation;

import io.github.netboot6.allocation.internal.BlockRuns;
import io.github.netboot6.allocation.internal.WideBlockSet;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * A set of a pool's block numbers, for {@link SharedAllocator}'s local cache: blocks below
 * 2<sup>63</sup> in a {@link BlockRuns}, those of a wide pool numbered 2<sup>63</sup> or more in a
 * {@link WideBlockSet}. Not thread-safe.
 */
final class BlockCache {
  private final BigInteger last;
  private final long lastLong;
  private final BlockRuns narrow;
  private final WideBlockSet wide = new WideBlockSet();

  BlockCache(AddressPool pool) {
    this.last = pool.lastBlockNumber();
    this.lastLong = pool.lastLongBlock();
    this.narrow = new BlockRuns(lastLong);
  }

  void set(BigInteger block) {
    if (BlockNumbers.fitsLong(block)) {
      narrow.set(block.longValueExact());
    } else {
      wide.add(block);
    }
  }

  void clear(BigInteger block) {
    if (BlockNumbers.fitsLong(block)) {
      narrow.clear(block.longValueExact());
    } else {
      wide.remove(block);
    }
  }

  /** The first block at or after {@code from} not in the set, up to the pool's last, or null. */
  @Nullable BigInteger nextClear(BigInteger from) {
    BigInteger candidate = from;
    if (BlockNumbers.fitsLong(candidate)) {
      long free = narrow.nextClear(candidate.longValueExact());
      if (free >= 0) {
        return BigInteger.valueOf(free);
      }
      candidate = BlockNumbers.LONG_LIMIT;
    }
    BigInteger free = wide.nextClear(candidate);
    return free.compareTo(last) <= 0 ? free : null;
  }

  /** The first block at or after {@code from} in the set, or null. */
  @Nullable BigInteger nextSet(BigInteger from) {
    BigInteger candidate = from;
    if (BlockNumbers.fitsLong(candidate)) {
      long start = candidate.longValueExact();
      long set = start > lastLong ? -1 : narrow.nextSet(start);
      if (set >= 0) {
        return BigInteger.valueOf(set);
      }
      candidate = BlockNumbers.LONG_LIMIT;
    }
    return wide.nextSet(candidate);
  }
}
