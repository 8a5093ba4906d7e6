package io.github.netboot6.allocation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.allocation.internal.BlockTable;
import io.github.netboot6.allocation.internal.Hashing;
import io.github.netboot6.allocation.internal.SparseBitmap;
import io.github.netboot6.core.Ipv6Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
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
 * <p>Allocated blocks are bits of a sparse hierarchical bitmap over the block indexes
 * (2<sup>61</sup> of them for a {@code /64} of {@code /125} blocks): 64-bit leaf words, and above
 * them levels of 64-ary summaries (which children are full, which are non-empty), each level an
 * open-addressing hash map holding only the nodes that are not empty. Finding the first free block
 * at or after any index, or the next allocated one, touches at most one node per level (11 for a
 * {@code /64}), so it costs the same at ten hosts as at ten million. Reserved ranges are a sorted
 * list of block intervals that the search skips. Next to the bitmap, a primitive hash map from
 * block index to {@link Allocation} answers look-ups by address, and a hash map from host key to
 * allocation answers look-ups by host.
 *
 * <h2>Concurrency and durability</h2>
 *
 * <p>Instances are thread-safe: look-ups share a read lock; changes take the write lock, decide,
 * and append the change to the store, then wait for the store to make it durable <em>outside</em>
 * the lock, so that concurrent callers share one disk flush. A method returns only once its change
 * (and every earlier change) is durable. Look-ups may see a change whose flush is still in
 * progress. If the store fails to persist a change, this allocator refuses every further change
 * with {@link AllocationStoreException}: restart it from the store.
 */
public final class Allocator implements AutoCloseable {
  private static final int PAGE = 1024;

  private final AddressPool pool;
  private final BlockLayout layout;
  private final AllocationStrategy strategy;
  private final AllocationStore store;
  private final StoreGate gate;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final SparseBitmap used;
  // Block to host and host to block; Allocation objects are made when asked for, not kept.
  private final BlockTable<HostKey> table = new BlockTable<>();
  private final SplittableRandom random;
  private long cursor;
  private long lastTicket;

  private Allocator(Builder builder) {
    this.pool = builder.pool;
    this.layout = pool.layout();
    this.strategy = builder.strategy;
    this.store = builder.store;
    this.gate = new StoreGate(store, "restart the allocator from its store");
    this.used = new SparseBitmap(pool.lastBlockIndex());
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
    long ticket;
    lock.readLock().lock();
    try {
      existing = ofHost(host);
      ticket = lastTicket;
    } finally {
      lock.readLock().unlock();
    }
    if (existing != null) {
      durable(ticket);
      return existing;
    }
    Allocation allocation;
    lock.writeLock().lock();
    try {
      gate.checkNotFailed();
      allocation = ofHost(host);
      if (allocation == null) {
        long block = pick(host);
        allocation = new Allocation(host, block, pool);
        ticket = record(allocation, true);
      } else {
        ticket = lastTicket;
      }
    } finally {
      lock.writeLock().unlock();
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
    if (block < 0 || block > pool.lastBlockIndex()) {
      throw new UnavailableAddressException(
          "block index: "
              + block
              + " (expected: 0.."
              + pool.lastBlockIndex()
              + " in pool "
              + pool
              + ")");
    }
    if (!pool.isAvailable(block)) {
      throw new UnavailableAddressException(
          "block: "
              + pool.blockPrefix(block)
              + " (index "
              + block
              + ") is reserved in pool "
              + pool
              + " (expected: an available block)");
    }
    Allocation allocation;
    long ticket;
    lock.writeLock().lock();
    try {
      gate.checkNotFailed();
      Allocation held = ofHost(host);
      Allocation holder = ofBlock(block);
      if (held != null && held.blockIndex() == block) {
        allocation = held;
        ticket = lastTicket;
      } else if (held != null) {
        throw new AllocationConflictException(
            "block of "
                + host
                + ": "
                + held.block()
                + " (expected: none, or the requested "
                + pool.blockPrefix(block)
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
        allocation = new Allocation(host, block, pool);
        ticket = record(allocation, true);
      }
    } finally {
      lock.writeLock().unlock();
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
    long offset = pool.offsetOf(requireNonNull(permanentAddress, "permanentAddress"));
    long block = layout.blockIndexOf(offset);
    if (layout.offsetInBlock(offset) != layout.permanentOffset(block)) {
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
    lock.writeLock().lock();
    try {
      gate.checkNotFailed();
      allocation = ofHost(host);
      if (allocation == null) {
        return Optional.empty();
      }
      ticket = record(allocation, false);
    } finally {
      lock.writeLock().unlock();
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
    long offset = pool.offsetOf(address);
    long block = layout.blockIndexOf(offset);
    Allocation allocation;
    lock.readLock().lock();
    try {
      allocation = ofBlock(block);
    } finally {
      lock.readLock().unlock();
    }
    if (allocation == null) {
      return AddressLookup.of(
          address,
          pool.isAvailable(block) ? AddressLookup.Status.FREE : AddressLookup.Status.RESERVED);
    }
    int inBlock = layout.offsetInBlock(offset);
    if (inBlock == layout.permanentOffset(block)) {
      return AddressLookup.of(address, AddressLookup.Status.PERMANENT, allocation, null);
    }
    Optional<String> slot = layout.slotAt(inBlock);
    return slot.isPresent()
        ? AddressLookup.of(address, AddressLookup.Status.SLOT, allocation, slot.get())
        : AddressLookup.of(address, AddressLookup.Status.UNUSED_IN_BLOCK, allocation, null);
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
    checkArgument(max >= 1, "max: %s (expected: >= 1)", max);
    List<Allocation> page = new ArrayList<>(Math.min(max, PAGE));
    if (fromBlock > pool.lastBlockIndex()) {
      return page;
    }
    lock.readLock().lock();
    try {
      long block = used.nextSet(Math.max(0, fromBlock));
      while (block >= 0 && page.size() < max) {
        page.add(requireNonNull(ofBlock(block)));
        block = block == pool.lastBlockIndex() ? -1 : used.nextSet(block + 1);
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
    long from = 0;
    while (true) {
      List<Allocation> page = allocations(from, PAGE);
      page.forEach(action);
      if (page.size() < PAGE) {
        return;
      }
      from = page.get(page.size() - 1).blockIndex() + 1;
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
      allocated = used.cardinality();
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
    lock.writeLock().lock();
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
        block = block == pool.lastBlockIndex() ? -1 : used.nextSet(block + 1);
      }
    } finally {
      lock.writeLock().unlock();
    }
    compaction.complete(blocks, hosts);
  }

  /** Closes the store. */
  @Override
  public void close() {
    store.close();
  }

  /** Estimates the heap held by the bitmap (not the host maps), for benchmarks and the docs. */
  long bitmapBytesEstimate() {
    lock.readLock().lock();
    try {
      return used.retainedBytesEstimate();
    } finally {
      lock.readLock().unlock();
    }
  }

  // ---- inside the write lock

  private long pick(HostKey host) {
    long last = pool.lastBlockIndex();
    long start =
        switch (strategy.kind()) {
          case SEQUENTIAL -> cursor;
          case RANDOM ->
              last == Long.MAX_VALUE
                  ? random.nextLong() & Long.MAX_VALUE
                  : random.nextLong(last + 1);
          case DETERMINISTIC -> {
            long hash = Hashing.hash(strategy.seed(), host.encodedUnsafe());
            yield last == Long.MAX_VALUE
                ? hash & Long.MAX_VALUE
                : Long.remainderUnsigned(hash, last + 1);
          }
          case LOWEST_FREE -> pool.nextAvailable(0) < 0 ? 0 : pool.nextAvailable(0);
        };
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
    return block;
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
    long ticket = gate.append(allocation.blockIndex(), allocation.host(), allocated);
    lastTicket = ticket;
    if (allocated) {
      apply(allocation);
    } else {
      unapply(allocation);
    }
    return ticket;
  }

  private void apply(Allocation allocation) {
    used.set(allocation.blockIndex());
    table.put(allocation.blockIndex(), allocation.host());
  }

  private void unapply(Allocation allocation) {
    used.clear(allocation.blockIndex());
    table.remove(allocation.blockIndex());
  }

  private @Nullable Allocation ofHost(HostKey host) {
    long block = table.blockOf(host);
    return block < 0 ? null : new Allocation(host, block, pool);
  }

  private @Nullable Allocation ofBlock(long block) {
    HostKey host = table.hostOf(block);
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
      if (!pool.isAvailable(block)) {
        throw new AllocationStoreException(
            "stored block index: "
                + block
                + " of "
                + host
                + " (expected: an available block of pool "
                + pool
                + "; was the pool's configuration changed?)");
      }
      Allocation held = ofHost(host);
      Allocation holder = ofBlock(block);
      if (held != null || holder != null) {
        throw new AllocationStoreException(
            "stored allocation of block index "
                + block
                + " to "
                + host
                + " (expected: a free block and a host without one; held: "
                + held
                + ", holder: "
                + holder
                + ")");
      }
      apply(new Allocation(host, block, pool));
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
     * @throws AllocationStoreException if the stored state cannot be read or does not fit the pool
     */
    public Allocator build() {
      return new Allocator(this);
    }
  }
}
