package io.github.netboot6.allocation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.allocation.internal.BlockRuns;
import io.github.netboot6.allocation.internal.BlockTable;
import io.github.netboot6.allocation.internal.Hashing;
import io.github.netboot6.allocation.internal.WideBlockMap;
import io.github.netboot6.core.Ipv6Address;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Hands out aligned per-host address blocks from an {@link AddressPool}, one per {@link HostKey},
 * and keeps them in an {@link AllocationStore} (DESIGN.md §2, workflow 3).
 *
 * <pre>{@code
 * try (JournalStore store = JournalStore.open(Path.of("/var/lib/netboot6/pool-a"));
 *     Allocator allocator = Allocator.builder(AddressPool.of(Ipv6Prefix.parse("2001:db8::/64")))
 *         .strategy(AllocationStrategy.lowestFree())
 *         .store(store)
 *         .build()) {
 *   Allocation a = allocator.allocate(HostKey.ofMac(MacAddress.parse("52:54:00:12:34:56")));
 *   a.permanentAddress();   // 2001:db8::1, durable on disk before allocate returned
 * }
 * }</pre>
 *
 * <h2>How "next free" stays fast</h2>
 *
 * <p>Allocated blocks are kept as sorted runs of consecutive block indexes, in chunks of at most
 * 128 runs under a top-level array of the chunks' first starts: the first free block at or after
 * any index is the end of the run holding it plus one, and the next allocated one is the index
 * itself or the start of the next run, each found by two binary searches. Their memory follows the
 * number of runs, not the size of the pool (2<sup>61</sup> blocks for a {@code /64} of {@code /125}
 * blocks): a pool filled from its start is one run, and blocks drawn at random cost about 23 bytes
 * each. Reserved ranges are a sorted list of block intervals that the search skips. The lowest-free
 * strategy also remembers the lowest block it found (every block below it is taken until one is
 * released), so that it starts there. Next to the runs, a block table answers look-ups by address:
 * the hosts of the blocks from 0 up are in an array indexed by block number while it is at most
 * four times as long as there are allocated blocks (so a pool filled from its start answers with
 * one array read), the others in a primitive hash table; an index of host-key hashes answers
 * look-ups by host.
 *
 * <h2>Wide pools</h2>
 *
 * <p>A pool up to a {@code /48} ({@link AddressPool#isWide()}) numbers its blocks past
 * 2<sup>63</sup>-1 (2<sup>77</sup> {@code /125} blocks in a {@code /48}). The blocks below
 * 2<sup>63</sup> stay in the runs and tables above; the blocks numbered 2<sup>63</sup> or more go
 * to a structure only wide pools fill (hash maps both ways, and sorted runs of allocated blocks for
 * the searches), so the pools that are not wide keep their speed and memory. Every strategy covers
 * the whole pool: the sequential cursor and the lowest free block may pass 2<sup>64</sup>, the
 * random strategy draws uniformly among all the pool's blocks, and the deterministic one maps a
 * 128-bit hash of the host key onto them. {@link #allocateBlock(HostKey, BigInteger)} and {@link
 * #allocations(BigInteger, int)} take any block number; their {@code long} forms take those below
 * 2<sup>63</sup>. A store must {@linkplain AllocationStore#storesWideBlocks() keep wide blocks} for
 * a pool whose blocks pass 2<sup>63</sup>-1 (the in-memory store and {@link JournalStore} do).
 *
 * <h2>Concurrency and durability</h2>
 *
 * <p>Instances are thread-safe. Look-ups by address and by host, and {@link #allocate} for a host
 * that already holds a block, read the tables without locking (a sequence lock: a count that every
 * change makes odd while it runs; a read that saw a change under way or one that started meanwhile
 * is done again under the read lock), so that they write nothing shared and scale with threads.
 * Listings share the read lock; changes take the write lock, decide, and append the change to the
 * store, then wait for the store to make it durable <em>outside</em> the lock, so that concurrent
 * callers share one disk flush. A method returns only once its change (and every earlier change) is
 * durable. Look-ups may see a change whose flush is still in progress. If the store fails to
 * persist a change, this allocator refuses every further change with {@link
 * AllocationStoreException}: restart it from the store.
 */
public final class Allocator implements AutoCloseable {
  private static final int PAGE = 1024;
  private static final VarHandle CHANGES;

  static {
    try {
      CHANGES = MethodHandles.lookup().findVarHandle(Allocator.class, "changes", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final AddressPool pool;
  private final BlockLayout layout;
  private final AllocationStrategy strategy;
  private final AllocationStore store;
  private final StoreGate gate;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  // Counts the changes made under the write lock, twice each: odd while one is under way. Look-ups
  // by address and by host read the tables without the lock (a sequence lock) and keep the answer
  // only if this was even and unchanged across the read; otherwise they take the read lock.
  @SuppressWarnings("unused") // through CHANGES
  private long changes;

  private final BlockRuns used;
  // Block to host and host to block; Allocation objects are made when asked for, not kept.
  private final BlockTable table = new BlockTable();
  // Blocks numbered 2^63 or more; only a wide pool fills it.
  private final WideBlockMap<HostKey> wideTable = new WideBlockMap<>();
  private final boolean wide;
  private final SplittableRandom random;
  private long cursor;
  // No block below this one is free (every available block below it is allocated): the lowest
  // free strategy starts looking here instead of at the pool's start.
  private long noFreeBelow;
  private BigInteger wideCursor = BigInteger.ZERO;
  private long lastTicket;

  private Allocator(Builder builder) {
    this.pool = builder.pool;
    this.layout = pool.layout();
    this.strategy = builder.strategy;
    this.store = builder.store;
    this.gate = new StoreGate(store, "restart the allocator from its store");
    this.wide = pool.isWide();
    this.used = new BlockRuns(pool.lastLongBlock());
    this.random = new SplittableRandom(strategy.seed());
    store.replay(new Replay());
  }

  /**
   * Returns a builder of an allocator over {@code pool}.
   *
   * @param pool the pool
   * @return a new builder: lowest-free strategy, in-memory store
   */
  public static Builder builder(AddressPool pool) {
    return new Builder(requireNonNull(pool, "pool"));
  }

  /**
   * Returns the pool.
   *
   * @return the pool
   */
  public AddressPool pool() {
    return pool;
  }

  /**
   * Returns the strategy that picks new blocks.
   *
   * @return the strategy
   */
  public AllocationStrategy strategy() {
    return strategy;
  }

  /**
   * Returns the block of {@code host}, allocating one if it has none: calling again with the same
   * key returns the same block.
   *
   * @param host the host key
   * @return the host's allocation, durable in the store
   * @throws PoolExhaustedException if the host has no block and no block is free
   * @throws AllocationStoreException if the store failed
   */
  public Allocation allocate(HostKey host) {
    requireNonNull(host, "host");
    Allocation existing;
    long stamp = optimisticStamp();
    long held = (stamp & 1) == 0 ? table.blockOfRacy(host) : -1;
    long ticket = lastTicket;
    if (validated(stamp)) {
      existing = held < 0 ? null : new Allocation(host, held, pool);
    } else {
      lock.readLock().lock();
      try {
        existing = ofHost(host);
        ticket = lastTicket;
      } finally {
        lock.readLock().unlock();
      }
    }
    if (existing != null) {
      durable(ticket);
      return existing;
    }
    Allocation allocation;
    lockForChange();
    try {
      gate.checkNotFailed();
      allocation = ofHost(host);
      if (allocation == null) {
        allocation = wide ? pickWide(host) : new Allocation(host, pick(host), pool);
        ticket = record(allocation, true);
      } else {
        ticket = lastTicket;
      }
    } finally {
      unlockAfterChange();
    }
    durable(ticket);
    return allocation;
  }

  /**
   * Allocates a specific block to {@code host}, e.g. to import allocations made elsewhere;
   * idempotent if the host already holds that block.
   *
   * @param host the host key
   * @param block the block index
   * @return the allocation, durable in the store
   * @throws UnavailableAddressException if the block is outside the pool or reserved
   * @throws AllocationConflictException if the block belongs to another host, or the host holds
   *     another block
   * @throws AllocationStoreException if the store failed
   */
  public Allocation allocateBlock(HostKey host, long block) {
    requireNonNull(host, "host");
    if (block < 0 || block > pool.lastLongBlock()) {
      throw outsidePool(BigInteger.valueOf(block));
    }
    if (!pool.isAvailable(block)) {
      throw reserved(BigInteger.valueOf(block));
    }
    return allocateGiven(host, new Allocation(host, block, pool));
  }

  /**
   * Allocates a specific block to {@code host}, for any block number of the pool, as {@link
   * #allocateBlock(HostKey, long)} does.
   *
   * @param host the host key
   * @param block the block number
   * @return the allocation, durable in the store
   * @throws UnavailableAddressException if the block is outside the pool or reserved
   * @throws AllocationConflictException if the block belongs to another host, or the host holds
   *     another block
   * @throws AllocationStoreException if the store failed
   */
  public Allocation allocateBlock(HostKey host, BigInteger block) {
    requireNonNull(block, "block");
    if (BlockNumbers.fitsLong(block)) {
      return allocateBlock(host, block.longValueExact());
    }
    requireNonNull(host, "host");
    if (block.signum() < 0 || block.compareTo(pool.lastBlockNumber()) > 0) {
      throw outsidePool(block);
    }
    if (!pool.isAvailable(block)) {
      throw reserved(block);
    }
    return allocateGiven(host, new Allocation(host, block, pool));
  }

  private UnavailableAddressException outsidePool(BigInteger block) {
    return new UnavailableAddressException(
        "block index: "
            + block
            + " (expected: 0.."
            + pool.lastBlockNumber()
            + " in pool "
            + pool
            + ")");
  }

  private UnavailableAddressException reserved(BigInteger block) {
    return new UnavailableAddressException(
        "block: "
            + pool.blockPrefix(block)
            + " (index "
            + block
            + ") is reserved in pool "
            + pool
            + " (expected: an available block)");
  }

  /** Allocates the available block of {@code wanted} to its host, unless in conflict. */
  private Allocation allocateGiven(HostKey host, Allocation wanted) {
    Allocation allocation;
    long ticket;
    lockForChange();
    try {
      gate.checkNotFailed();
      Allocation held = ofHost(host);
      Allocation holder =
          wanted.isWide() ? ofWideBlock(wanted.blockNumber()) : ofBlock(wanted.longBlockIndex());
      if (held != null && held.sameBlock(wanted)) {
        allocation = held;
        ticket = lastTicket;
      } else if (held != null) {
        throw new AllocationConflictException(
            "block of "
                + host
                + ": "
                + held.block()
                + " (expected: none, or the requested "
                + wanted.block()
                + ")");
      } else if (holder != null) {
        throw new AllocationConflictException(
            "holder of block "
                + holder.block()
                + ": "
                + holder.host()
                + " (expected: free, or "
                + host
                + ")");
      } else {
        allocation = wanted;
        ticket = record(allocation, true);
      }
    } finally {
      unlockAfterChange();
    }
    durable(ticket);
    return allocation;
  }

  /**
   * Allocates the block whose permanent address is {@code permanentAddress} to {@code host}, e.g.
   * to import a host that already has an address.
   *
   * @param host the host key
   * @param permanentAddress the permanent address of the block wanted
   * @return the allocation, durable in the store
   * @throws UnavailableAddressException if the address is outside the pool, in a reserved block, or
   *     not the permanent address of its block
   * @throws AllocationConflictException as {@link #allocateBlock}
   * @throws AllocationStoreException if the store failed
   */
  public Allocation allocateAddress(HostKey host, Ipv6Address permanentAddress) {
    BigInteger offset = pool.offsetNumberOf(requireNonNull(permanentAddress, "permanentAddress"));
    BigInteger block = layout.blockIndexOf(offset);
    int inBlock = offset.intValue() & (layout.blockSize() - 1);
    if (inBlock != layout.permanentOffsetInBlock(block.signum() == 0)) {
      throw new UnavailableAddressException(
          "permanent address: "
              + permanentAddress
              + " (expected: the permanent address of its block "
              + pool.blockPrefix(block)
              + ", "
              + pool.addressAt(layout.permanentAddressOffset(block))
              + ")");
    }
    return allocateBlock(host, block);
  }

  /**
   * Releases the block of {@code host}; its addresses can then go to another host.
   *
   * @param host the host key
   * @return the released allocation, durable in the store, or empty if the host held none
   * @throws AllocationStoreException if the store failed
   */
  @CanIgnoreReturnValue
  public Optional<Allocation> release(HostKey host) {
    requireNonNull(host, "host");
    Allocation allocation;
    long ticket;
    lockForChange();
    try {
      gate.checkNotFailed();
      allocation = ofHost(host);
      if (allocation == null) {
        return Optional.empty();
      }
      ticket = record(allocation, false);
    } finally {
      unlockAfterChange();
    }
    durable(ticket);
    return Optional.of(allocation);
  }

  /**
   * Returns the block of {@code host}.
   *
   * @param host the host key
   * @return the allocation, or empty if the host holds none
   */
  public Optional<Allocation> lookup(HostKey host) {
    requireNonNull(host, "host");
    long stamp = optimisticStamp();
    long held = (stamp & 1) == 0 ? table.blockOfRacy(host) : -1;
    if (validated(stamp)) {
      return held < 0 ? Optional.empty() : Optional.of(new Allocation(host, held, pool));
    }
    lock.readLock().lock();
    try {
      return Optional.ofNullable(ofHost(host));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Tells what an address is: outside the pool, reserved, free, or which host's permanent address,
   * slot, or unused address in its block.
   *
   * @param address the address
   * @return the answer
   */
  public AddressLookup lookup(Ipv6Address address) {
    requireNonNull(address, "address");
    if (!pool.contains(address)) {
      return AddressLookup.of(address, AddressLookup.Status.OUTSIDE_POOL);
    }
    if (wide) {
      return lookupWide(address);
    }
    long offset = pool.offsetOf(address);
    long block = layout.blockIndexOf(offset);
    long stamp = optimisticStamp();
    HostKey host = (stamp & 1) == 0 ? table.hostOfRacy(block) : null;
    if (!validated(stamp)) {
      lock.readLock().lock();
      try {
        host = table.hostOf(block);
      } finally {
        lock.readLock().unlock();
      }
    }
    if (host == null) {
      return AddressLookup.of(address, freeOrReserved(pool.isAvailable(block)));
    }
    // Neither an Allocation nor an Optional: the look-up makes them if asked.
    int inBlock = layout.offsetInBlock(offset);
    if (inBlock == layout.permanentOffsetInBlock(block == 0)) {
      return AddressLookup.of(address, AddressLookup.Status.PERMANENT, host, block, pool, null);
    }
    String slot = layout.slotAt(inBlock).orElse(null);
    return AddressLookup.of(address, inBlockStatus(slot), host, block, pool, slot);
  }

  private AddressLookup lookupWide(Ipv6Address address) {
    BigInteger offset = pool.offsetNumberOf(address);
    BigInteger block = layout.blockIndexOf(offset);
    Allocation allocation;
    lock.readLock().lock();
    try {
      allocation = ofBlock(block);
    } finally {
      lock.readLock().unlock();
    }
    if (allocation == null) {
      return AddressLookup.of(address, freeOrReserved(pool.isAvailable(block)));
    }
    int inBlock = offset.intValue() & (layout.blockSize() - 1);
    if (inBlock == layout.permanentOffsetInBlock(block.signum() == 0)) {
      return AddressLookup.of(address, AddressLookup.Status.PERMANENT, allocation, null);
    }
    String slot = layout.slotAt(inBlock).orElse(null);
    return AddressLookup.of(address, inBlockStatus(slot), allocation, slot);
  }

  private static AddressLookup.Status freeOrReserved(boolean available) {
    return available ? AddressLookup.Status.FREE : AddressLookup.Status.RESERVED;
  }

  private static AddressLookup.Status inBlockStatus(@Nullable String slot) {
    return slot != null ? AddressLookup.Status.SLOT : AddressLookup.Status.UNUSED_IN_BLOCK;
  }

  /**
   * Returns allocations in address order, starting at a block: one page of a listing.
   *
   * @param fromBlock the first block index to consider
   * @param max the most allocations to return, at least 1
   * @return up to {@code max} allocations, ascending by block; empty past the last one
   * @throws IllegalArgumentException if {@code max} is less than 1
   */
  public List<Allocation> allocations(long fromBlock, int max) {
    if (wide) {
      return allocations(BigInteger.valueOf(Math.max(0, fromBlock)), max);
    }
    checkArgument(max >= 1, "max: %s (expected: >= 1)", max);
    List<Allocation> page = new ArrayList<>(Math.min(max, PAGE));
    if (fromBlock > pool.lastLongBlock()) {
      return page;
    }
    lock.readLock().lock();
    try {
      long block = used.nextSet(Math.max(0, fromBlock));
      while (block >= 0 && page.size() < max) {
        page.add(requireNonNull(ofBlock(block)));
        block = block == pool.lastLongBlock() ? -1 : used.nextSet(block + 1);
      }
    } finally {
      lock.readLock().unlock();
    }
    return page;
  }

  /**
   * Returns allocations in address order, starting at any block number: one page of a listing.
   *
   * @param fromBlock the first block number to consider
   * @param max the most allocations to return, at least 1
   * @return up to {@code max} allocations, ascending by block; empty past the last one
   * @throws IllegalArgumentException if {@code max} is less than 1
   */
  public List<Allocation> allocations(BigInteger fromBlock, int max) {
    requireNonNull(fromBlock, "fromBlock");
    checkArgument(max >= 1, "max: %s (expected: >= 1)", max);
    if (fromBlock.compareTo(pool.lastBlockNumber()) > 0) {
      return new ArrayList<>();
    }
    if (!wide) {
      return allocations(fromBlock.max(BigInteger.ZERO).longValueExact(), max);
    }
    List<Allocation> page = new ArrayList<>(Math.min(max, PAGE));
    BigInteger from = fromBlock.max(BigInteger.ZERO);
    lock.readLock().lock();
    try {
      if (BlockNumbers.fitsLong(from)) {
        long block = used.nextSet(from.longValueExact());
        while (block >= 0 && page.size() < max) {
          page.add(requireNonNull(ofBlock(block)));
          block = block == Long.MAX_VALUE ? -1 : used.nextSet(block + 1);
        }
        from = BlockNumbers.LONG_LIMIT;
      }
      BigInteger block = page.size() < max ? wideTable.nextSet(from) : null;
      while (block != null && page.size() < max) {
        page.add(new Allocation(requireNonNull(wideTable.hostOf(block)), block, pool));
        block = wideTable.nextSet(block.add(BigInteger.ONE));
      }
    } finally {
      lock.readLock().unlock();
    }
    return page;
  }

  /**
   * Passes every allocation to {@code action} in address order, a page at a time: changes made
   * meanwhile may or may not be seen, but no allocation is seen twice.
   *
   * @param action the action
   */
  public void forEach(Consumer<? super Allocation> action) {
    BigInteger from = BigInteger.ZERO;
    while (true) {
      List<Allocation> page = allocations(from, PAGE);
      page.forEach(action);
      if (page.size() < PAGE) {
        return;
      }
      from = page.get(page.size() - 1).blockNumber().add(BigInteger.ONE);
    }
  }

  /**
   * Returns exact counts of the pool's blocks.
   *
   * @return the statistics
   */
  public AllocationStatistics statistics() {
    long allocated;
    lock.readLock().lock();
    try {
      allocated = used.cardinality() + wideTable.size();
    } finally {
      lock.readLock().unlock();
    }
    return statistics(allocated);
  }

  private AllocationStatistics statistics(long allocated) {
    BigInteger total = pool.blockCount();
    BigInteger unavailable = pool.unavailableBlockCount();
    BigInteger free = total.subtract(unavailable).subtract(BigInteger.valueOf(allocated));
    return new AllocationStatistics(total, unavailable, allocated, free);
  }

  /**
   * Writes a snapshot to the store so that its history can be dropped; the {@link JournalStore}
   * also asks for one by itself as its journal grows. Changes wait while the state is copied (about
   * 20 ms per million allocations), not while the snapshot is written.
   *
   * @throws AllocationStoreException if the snapshot cannot be written
   */
  public void compact() {
    AllocationStore.Compaction compaction;
    long[] blocks;
    HostKey[] hosts;
    BigInteger[] wideBlocks;
    HostKey[] wideHosts;
    lockForChange();
    try {
      gate.checkNotFailed();
      compaction = store.beginCompaction();
      if (compaction == null) {
        return;
      }
      int n = table.size();
      blocks = new long[n];
      hosts = new HostKey[n];
      long block = n == 0 ? -1 : used.nextSet(0);
      for (int i = 0; i < n; i++) {
        blocks[i] = block;
        hosts[i] = requireNonNull(table.hostOf(block));
        block = block == pool.lastLongBlock() ? -1 : used.nextSet(block + 1);
      }
      int m = wideTable.size();
      wideBlocks = new BigInteger[m];
      wideHosts = new HostKey[m];
      BigInteger number = m == 0 ? null : wideTable.nextSet(BlockNumbers.LONG_LIMIT);
      for (int i = 0; i < m; i++) {
        wideBlocks[i] = requireNonNull(number);
        wideHosts[i] = requireNonNull(wideTable.hostOf(number));
        number = wideTable.nextSet(number.add(BigInteger.ONE));
      }
    } finally {
      unlockAfterChange();
    }
    if (wideBlocks.length == 0) {
      compaction.complete(blocks, hosts);
    } else {
      compaction.complete(blocks, hosts, wideBlocks, wideHosts);
    }
  }

  /** Closes the store. */
  @Override
  public void close() {
    store.close();
  }

  // ---- inside the write lock

  private long pick(HostKey host) {
    long last = pool.lastBlockIndex();
    long start = start(strategy, pool, random, host, cursor);
    boolean lowestFree = strategy.kind() == AllocationStrategy.Kind.LOWEST_FREE;
    if (lowestFree) {
      start = Math.max(start, noFreeBelow);
    }
    long block = findFree(start);
    if (block < 0 && start > 0) {
      block = findFree(0);
    }
    if (block < 0) {
      throw new PoolExhaustedException(host, pool, statistics(used.cardinality()));
    }
    if (strategy.kind() == AllocationStrategy.Kind.SEQUENTIAL) {
      cursor = block == last ? 0 : block + 1;
    }
    if (lowestFree) {
      // The lowest free block: true whether or not the allocation then goes through.
      noFreeBelow = block;
    }
    return block;
  }

  /** Picks a block of a wide pool, as {@link #pick} does for the others. */
  private Allocation pickWide(HostKey host) {
    BigInteger last = pool.lastBlockNumber();
    BigInteger start = startWide(strategy, pool, random, host, wideCursor);
    BigInteger block = findFree(start);
    if (block == null && start.signum() > 0) {
      block = findFree(BigInteger.ZERO);
    }
    if (block == null) {
      throw new PoolExhaustedException(
          host, pool, statistics(used.cardinality() + wideTable.size()));
    }
    if (strategy.kind() == AllocationStrategy.Kind.SEQUENTIAL) {
      wideCursor = block.equals(last) ? BigInteger.ZERO : block.add(BigInteger.ONE);
    }
    return Allocation.of(host, block, pool);
  }

  /**
   * Where {@code strategy} starts looking for a free block of a pool that is not wide, the same for
   * this allocator and {@link SharedAllocator}: the cursor, a seeded random block, the host key's
   * hash, or the pool's first available block. Draws from {@code random} for the random strategy.
   */
  static long start(
      AllocationStrategy strategy,
      AddressPool pool,
      SplittableRandom random,
      HostKey host,
      long cursor) {
    long last = pool.lastBlockIndex();
    return switch (strategy.kind()) {
      case SEQUENTIAL -> cursor;
      case RANDOM ->
          last == Long.MAX_VALUE ? random.nextLong() & Long.MAX_VALUE : random.nextLong(last + 1);
      case DETERMINISTIC -> {
        long hash = Hashing.hash(strategy.seed(), host.encodedUnsafe());
        yield last == Long.MAX_VALUE
            ? hash & Long.MAX_VALUE
            : Long.remainderUnsigned(hash, last + 1);
      }
      case LOWEST_FREE -> Math.max(0, pool.nextAvailable(0));
    };
  }

  /** {@link #start} for a wide pool, over all its blocks. */
  static BigInteger startWide(
      AllocationStrategy strategy,
      AddressPool pool,
      SplittableRandom random,
      HostKey host,
      BigInteger cursor) {
    return switch (strategy.kind()) {
      case SEQUENTIAL -> cursor;
      case RANDOM -> uniform(random, pool.blockCount());
      case DETERMINISTIC -> hash128(strategy.seed(), host).mod(pool.blockCount());
      case LOWEST_FREE -> {
        BigInteger first = pool.nextAvailable(BigInteger.ZERO);
        yield first == null ? BigInteger.ZERO : first;
      }
    };
  }

  /**
   * Draws a number uniformly from {@code 0..bound-1}: the low {@code bound.bitLength()} bits of two
   * draws of {@code random}, again until below {@code bound} (at most twice on average).
   */
  static BigInteger uniform(SplittableRandom random, BigInteger bound) {
    int bits = bound.bitLength();
    BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    while (true) {
      long low = random.nextLong();
      long high = random.nextLong();
      BigInteger x =
          BlockNumbers.unsigned(high).shiftLeft(64).or(BlockNumbers.unsigned(low)).and(mask);
      if (x.compareTo(bound) < 0) {
        return x;
      }
    }
  }

  /** A 128-bit hash of the host key: two seeded 64-bit hashes side by side. */
  static BigInteger hash128(long seed, HostKey host) {
    long low = Hashing.hash(seed, host.encodedUnsafe());
    long high = Hashing.hash(seed ^ 0x6a09_e667_f3bc_c908L, host.encodedUnsafe());
    return BlockNumbers.unsigned(high).shiftLeft(64).or(BlockNumbers.unsigned(low));
  }

  /** The first free available block at or after {@code from}, of any number, or null. */
  private @Nullable BigInteger findFree(BigInteger from) {
    return findFree(pool, this::nextClear, from);
  }

  /**
   * The first block at or after {@code from} that {@code nextClear} says is free and the pool has
   * available, or null; the same for this allocator and {@link SharedAllocator}.
   */
  static @Nullable BigInteger findFree(
      AddressPool pool, Function<BigInteger, @Nullable BigInteger> nextClear, BigInteger from) {
    BigInteger candidate = from;
    while (true) {
      BigInteger free = nextClear.apply(candidate);
      if (free == null) {
        return null;
      }
      BigInteger available = pool.nextAvailable(free);
      if (available == null) {
        return null;
      }
      if (available.equals(free)) {
        return free;
      }
      candidate = available;
    }
  }

  /**
   * The first block at or after {@code from} that no host holds, up to the pool's last, or null.
   */
  private @Nullable BigInteger nextClear(BigInteger from) {
    BigInteger last = pool.lastBlockNumber();
    BigInteger candidate = from;
    if (BlockNumbers.fitsLong(candidate)) {
      long free = used.nextClear(candidate.longValueExact());
      if (free >= 0) {
        return BigInteger.valueOf(free);
      }
      candidate = BlockNumbers.LONG_LIMIT;
    }
    BigInteger free = wideTable.nextClear(candidate);
    return free.compareTo(last) <= 0 ? free : null;
  }

  private long findFree(long from) {
    long candidate = from;
    while (true) {
      long free = used.nextClear(candidate);
      if (free < 0) {
        return -1;
      }
      long available = pool.nextAvailable(free);
      if (available == free) {
        return free;
      }
      if (available < 0) {
        return -1;
      }
      candidate = available;
    }
  }

  /** Appends the change to the store, then applies it (so a failed append changes nothing). */
  private long record(Allocation allocation, boolean allocated) {
    long ticket =
        allocation.isWide()
            ? gate.append(allocation.blockNumber(), allocation.host(), allocated)
            : gate.append(allocation.longBlockIndex(), allocation.host(), allocated);
    lastTicket = ticket;
    if (allocated) {
      apply(allocation);
    } else {
      unapply(allocation);
    }
    return ticket;
  }

  private void apply(Allocation allocation) {
    if (allocation.isWide()) {
      wideTable.put(allocation.blockNumber(), allocation.host());
      return;
    }
    used.set(allocation.longBlockIndex());
    table.put(allocation.longBlockIndex(), allocation.host());
  }

  private void unapply(Allocation allocation) {
    if (allocation.isWide()) {
      wideTable.remove(allocation.blockNumber());
      return;
    }
    used.clear(allocation.longBlockIndex());
    table.remove(allocation.longBlockIndex());
    noFreeBelow = Math.min(noFreeBelow, allocation.longBlockIndex());
  }

  /** Starts a change: takes the write lock and makes {@link #changes} odd. */
  private void lockForChange() {
    lock.writeLock().lock();
    CHANGES.setOpaque(this, (long) CHANGES.getOpaque(this) + 1);
    // The odd count is seen before any change to the tables is.
    VarHandle.storeStoreFence();
  }

  /** Ends a change: makes {@link #changes} even again, after the change, and unlocks. */
  private void unlockAfterChange() {
    CHANGES.setRelease(this, (long) CHANGES.getOpaque(this) + 1);
    lock.writeLock().unlock();
  }

  /**
   * Returns the change count to read the tables without the lock against: an odd number (read with
   * the lock instead) while a change is under way, or always in a wide pool, whose blocks past
   * 2<sup>63</sup> are in a map that is not read without the lock.
   */
  private long optimisticStamp() {
    return wide ? 1 : (long) CHANGES.getAcquire(this);
  }

  /**
   * Tells whether the reads made since {@link #optimisticStamp} returned {@code stamp} are good: no
   * change was under way then ({@code stamp} is even) and none started since.
   */
  private boolean validated(long stamp) {
    VarHandle.loadLoadFence();
    return (stamp & 1) == 0 && (long) CHANGES.getVolatile(this) == stamp;
  }

  private @Nullable Allocation ofHost(HostKey host) {
    long block = table.blockOf(host);
    if (block >= 0) {
      return new Allocation(host, block, pool);
    }
    if (wideTable.isEmpty()) {
      return null;
    }
    BigInteger number = wideTable.blockOf(host);
    return number == null ? null : new Allocation(host, number, pool);
  }

  private @Nullable Allocation ofBlock(long block) {
    HostKey host = table.hostOf(block);
    return host == null ? null : new Allocation(host, block, pool);
  }

  private @Nullable Allocation ofBlock(BigInteger block) {
    return BlockNumbers.fitsLong(block) ? ofBlock(block.longValueExact()) : ofWideBlock(block);
  }

  /** The allocation of a block numbered 2^63 or more. */
  private @Nullable Allocation ofWideBlock(BigInteger block) {
    HostKey host = wideTable.hostOf(block);
    return host == null ? null : new Allocation(host, block, pool);
  }

  // ---- outside the lock

  private void durable(long ticket) {
    gate.durable(ticket, this::compact);
  }

  /** Rebuilds the state from the store at start-up, checking it as it goes. */
  private final class Replay implements AllocationStore.ChangeSink {
    @Override
    public void allocated(long block, HostKey host) {
      checkStored("block index", block, host, pool.isAvailable(block), ofBlock(block));
      apply(new Allocation(host, block, pool));
    }

    /** Refuses a stored allocation of an unavailable or taken block, or to a host holding one. */
    private void checkStored(
        String numbering,
        Object block,
        HostKey host,
        boolean available,
        @Nullable Allocation holder) {
      if (!available) {
        throw new AllocationStoreException(
            "stored "
                + numbering
                + ": "
                + block
                + " of "
                + host
                + " (expected: an available block of pool "
                + pool
                + "; was the pool's configuration changed?)");
      }
      Allocation held = ofHost(host);
      if (held != null || holder != null) {
        throw new AllocationStoreException(
            "stored allocation of "
                + numbering
                + " "
                + block
                + " to "
                + host
                + " (expected: a free block and a host without one; held: "
                + held
                + ", holder: "
                + holder
                + ")");
      }
    }

    @Override
    public void released(long block) {
      Allocation holder = ofBlock(block);
      if (holder == null) {
        throw new AllocationStoreException(
            "stored release of block index " + block + " (expected: an allocated block)");
      }
      unapply(holder);
    }

    @Override
    public void allocated(BigInteger block, HostKey host) {
      if (BlockNumbers.fitsLong(block)) {
        allocated(block.longValueExact(), host);
        return;
      }
      checkStored("block number", block, host, pool.isAvailable(block), ofWideBlock(block));
      apply(new Allocation(host, block, pool));
    }

    @Override
    public void released(BigInteger block) {
      if (BlockNumbers.fitsLong(block)) {
        released(block.longValueExact());
        return;
      }
      Allocation holder = ofWideBlock(block);
      if (holder == null) {
        throw new AllocationStoreException(
            "stored release of block number " + block + " (expected: an allocated block)");
      }
      unapply(holder);
    }
  }

  /**
   * Builds an {@link Allocator}.
   *
   * <p>A builder is not thread-safe.
   */
  public static final class Builder {
    private final AddressPool pool;
    private AllocationStrategy strategy = AllocationStrategy.lowestFree();
    private AllocationStore store = AllocationStore.inMemory();

    private Builder(AddressPool pool) {
      this.pool = pool;
    }

    /**
     * Sets the strategy that picks new blocks.
     *
     * @param strategy the strategy (default {@link AllocationStrategy#lowestFree()})
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder strategy(AllocationStrategy strategy) {
      this.strategy = requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Sets the store; the allocator closes it when it is closed.
     *
     * @param store the store (default {@link AllocationStore#inMemory()})
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder store(AllocationStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /**
     * Builds the allocator, replaying the store's state.
     *
     * @return the allocator
     * @throws IllegalArgumentException if the pool's blocks pass 2<sup>63</sup>-1 and the store
     *     does not {@linkplain AllocationStore#storesWideBlocks() keep such blocks}; the message
     *     names both
     * @throws AllocationStoreException if the stored state cannot be read or does not fit the pool
     */
    public Allocator build() {
      checkArgument(
          BlockNumbers.fitsLong(pool.lastBlockNumber()) || store.storesWideBlocks(),
          "store: %s keeps block numbers below 2^63 only (expected: a store that keeps wide"
              + " blocks, for pool %s whose last block is %s)",
          store.getClass().getName(),
          pool,
          pool.lastBlockNumber());
      return new Allocator(this);
    }
  }
}
