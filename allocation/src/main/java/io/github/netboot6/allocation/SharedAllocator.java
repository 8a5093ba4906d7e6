package io.github.netboot6.allocation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.Ipv6Address;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Hands out aligned per-host address blocks from an {@link AddressPool} kept in PostgreSQL, so that
 * several instances, in one JVM or in many, share one pool without ever handing out a block twice.
 *
 * <pre>{@code
 * DataSource dataSource = ...; // the embedding tool's pool of PostgreSQL connections
 * try (SharedAllocator allocator =
 *     SharedAllocator.builder(AddressPool.of(Ipv6Prefix.parse("2001:db8::/64")), dataSource)
 *         .poolId("site-a")
 *         .build()) {
 *   Allocation a = allocator.allocate(HostKey.ofMac(MacAddress.parse("52:54:00:12:34:56")));
 *   a.permanentAddress(); // committed in the database before allocate returned
 * }
 * }</pre>
 *
 * <h2>The database is the source of truth</h2>
 *
 * <p>Each allocation is one row of {@code netboot6_allocation}, keyed by (pool id, block index),
 * with a unique host key per pool. {@link #allocate} picks a candidate block from a local bitmap of
 * the blocks it believes taken (with the lowest-free and sequential strategies, the next free
 * blocks too, as spares) and inserts it with {@code INSERT ... ON CONFLICT DO NOTHING}: the two
 * unique constraints, not a lock held by this JVM, decide between instances. A candidate another
 * instance holds is reported back and marked in the bitmap, together with the blocks allocated
 * after it (one range scan; with lowest free and sequential, one scan from the lowest candidate
 * before any insert, since two instances keep meeting at the same next free blocks); if a call gets
 * no block, the bitmap is refreshed from the database around its candidate and new candidates are
 * tried. An allocation is returned only after its transaction has committed. Look-ups and releases
 * go to the database, so a release by one instance is seen at once by the others; the local bitmap
 * only makes a good first guess likely.
 *
 * <p>Concurrent calls on one instance share the database's work (group commit): while one batch of
 * allocations is in the database, the calls that arrive queue up, and the next batch claims all
 * their candidates in one call of the schema's {@code netboot6_claim} function, after the releases
 * queued meanwhile, all in one statement: one round trip and one commit (a lone call is one plain
 * insert or delete). Each call still returns only after the commit of its own batch. A batch's
 * leader first waits a moment ({@link Builder#gather}, 200 µs by default) for the callers the last
 * batch woke, so that they share its batch instead of waiting for it. Before inserting a candidate,
 * a batch takes a transaction-level advisory lock on it without waiting, and skips the candidate if
 * another batch holds the lock: two instances that pick the same blocks at the same moment share
 * them out instead of one waiting for the other's commit. With lowest free and sequential, such a
 * candidate is marked in the bitmap as well: the other batch most likely takes it.
 *
 * <p>{@link Builder#build()} applies the schema's versioned migrations (documented in the README),
 * safe when several instances start at once, and records the pool under its id; an instance whose
 * pool differs from the one recorded under the same id is refused.
 *
 * <h2>When the database is away</h2>
 *
 * <p>If the database is down, restarting, or a connection drops, the operation throws {@link
 * StoreUnavailableException} naming it, its transaction is rolled back, and the next call tries a
 * fresh connection: the allocator recovers by itself once the database is back. Other database
 * errors throw {@link AllocationStoreException}. Connections come from the caller's {@link
 * DataSource}; a few are kept for reuse, and all are dropped when one is lost.
 *
 * <p>The allocator takes PostgreSQL advisory locks at transaction level only: the two-key form
 * ({@code hashtext(pool id)}, low 31 bits of a block index) while claiming or releasing a block,
 * never waiting for it, and the one-key form {@code 0x6e6236736368656d} while migrating. An
 * application that shares the database and takes two-key advisory locks may see a key of its own
 * held for the length of an allocation.
 *
 * <p>Block numbers are stored as {@code numeric} (schema version 3), so a pool may be as wide as a
 * {@code /48} ({@link AddressPool#isWide()}); {@link #allocations(BigInteger, int)} and {@link
 * Allocation#blockNumber()} name its blocks past 2<sup>63</sup>-1.
 *
 * <p>Instances are thread-safe. Requires PostgreSQL 9.5 or later (tested with 15).
 */
public final class SharedAllocator implements AutoCloseable {
  /** The default longest wait of a batch's leader for the callers of the last batch: 200 µs. */
  public static final Duration DEFAULT_GATHER = Duration.ofNanos(200_000);

  private static final int REFRESH_ROWS = 4096;
  private static final int MAX_ATTEMPTS = 100_000;
  // A batch takes an advisory lock per block it picks or releases: 64 keeps a transaction's share
  // of PostgreSQL's lock table (64 x max_connections entries by default) small. Batches of 32
  // callers hold about 10.
  private static final int MAX_BATCH = 64;

  /**
   * How many batches of one instance run at once (see {@link GroupCommit}). Two were measured with
   * 32 callers on the development machine and gave nothing: PostgreSQL and the callers already use
   * both cores, so overlapping commits only shrinks the batches.
   */
  private static final int MAX_BATCHES_IN_FLIGHT = 1;

  /**
   * Spares per claim with the lowest-free and sequential strategies. Two instances at the same next
   * free blocks: a batch of n claims may find n of its candidates taken (the other's last batch)
   * and n busy (its batch in flight), so it brings 3n. Measured with two instances and 32 callers:
   * one spare left a host of about one batch in three without a block (another round trip and a
   * refresh), two or three spares gave the most allocations per second.
   */
  private static final int SPARES_PER_CLAIM = 2;

  private final AddressPool pool;
  private final AllocationStrategy strategy;
  // Lowest free and sequential: each claim brings spares, and a batch's hosts share them.
  private final boolean spares;
  private final String poolId;
  private final SqlConnections connections;
  private final AllocationTable table;
  private final GroupCommit<GroupCommit.Request> changes;
  private final ReentrantLock cacheLock = new ReentrantLock();
  // Guarded by cacheLock: blocks believed allocated, plus this instance's pending candidates.
  private BlockCache cache;
  private final Set<BigInteger> pending = new HashSet<>();
  private final SplittableRandom random;
  private BigInteger cursor = BigInteger.ZERO;
  // Counts the refreshes started, so that callers that met the same conflict refresh only once.
  private final AtomicLong refreshes = new AtomicLong();

  private SharedAllocator(Builder builder) {
    this.pool = builder.pool;
    this.strategy = builder.strategy;
    this.spares =
        strategy.kind() == AllocationStrategy.Kind.LOWEST_FREE
            || strategy.kind() == AllocationStrategy.Kind.SEQUENTIAL;
    this.poolId = builder.poolId;
    this.connections = new SqlConnections(builder.dataSource, builder.maxIdleConnections);
    this.table = new AllocationTable(pool, poolId, spares);
    this.changes =
        new GroupCommit<>(
            connections, table::apply, MAX_BATCH, MAX_BATCHES_IN_FLIGHT, builder.gatherNanos);
    this.random = new SplittableRandom(strategy.seed());
    this.cache = new BlockCache(pool);
    connections.run(
        "migrate schema and register pool " + poolId,
        connection -> {
          SharedSchema.migrate(connection);
          table.registerPool(connection);
          return Boolean.TRUE;
        });
    refreshAll("read allocations of pool " + poolId);
  }

  /**
   * Returns a builder of a shared allocator over {@code pool}, in the database of {@code
   * dataSource}.
   *
   * @param pool the pool
   * @param dataSource where to get connections to PostgreSQL
   * @return a new builder: pool id {@code "default"}, lowest-free strategy
   */
  public static Builder builder(AddressPool pool, DataSource dataSource) {
    return new Builder(requireNonNull(pool, "pool"), requireNonNull(dataSource, "dataSource"));
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
   * Returns the id under which the pool is stored.
   *
   * @return the pool id
   */
  public String poolId() {
    return poolId;
  }

  /**
   * Returns the block of {@code host}, allocating one if it has none, as {@link
   * Allocator#allocate}; every instance sharing the pool returns the same block for the same key.
   *
   * @param host the host key
   * @return the host's allocation, committed in the database
   * @throws PoolExhaustedException if the host has no block and no block is free
   * @throws StoreUnavailableException if the database cannot be reached; the host may or may not
   *     hold a block if the connection dropped during the commit: call again (it is idempotent)
   * @throws AllocationStoreException on another database error
   */
  public Allocation allocate(HostKey host) {
    requireNonNull(host, "host");
    String operation = "allocate " + host;
    boolean refreshed = false;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      long seen = refreshes.get();
      BigInteger[] candidates = reserve(host);
      if (candidates.length == 0) {
        Optional<Allocation> held = lookup(host);
        if (held.isPresent()) {
          return held.get();
        }
        if (refreshed) {
          throw new PoolExhaustedException(host, pool, statistics());
        }
        refreshAll(operation);
        refreshed = true;
        continue;
      }
      AllocationTable.Claim claim = new AllocationTable.Claim(host, candidates);
      try {
        changes.run(operation, claim);
      } catch (RuntimeException e) {
        settle(claim, false);
        throw e;
      }
      settle(claim, true);
      BigInteger outcome = claim.outcome();
      if (outcome != null) {
        if (claim.fresh()) {
          handedOut(outcome);
        } else {
          markAllocated(outcome);
        }
        return Allocation.of(host, outcome, pool);
      }
      // Other instances hold every candidate: learn what they hold from there, unless a caller
      // that met a conflict since this one picked its candidates is already doing so.
      if (refreshes.get() == seen) {
        refreshFrom(operation, candidates[0]);
      }
    }
    throw new AllocationStoreException(
        operation + ": attempts: " + MAX_ATTEMPTS + " (expected: fewer; contention too high)");
  }

  /**
   * Releases the block of {@code host}; every instance sees it free at once.
   *
   * @param host the host key
   * @return the released allocation, committed in the database, or empty if the host held none
   * @throws StoreUnavailableException if the database cannot be reached; the release may or may not
   *     have committed if the connection dropped during the commit: call again
   * @throws AllocationStoreException on another database error
   */
  @CanIgnoreReturnValue
  public Optional<Allocation> release(HostKey host) {
    requireNonNull(host, "host");
    AllocationTable.Release release = new AllocationTable.Release(host);
    changes.run("release " + host, release);
    BigInteger block = release.block();
    if (block == null) {
      return Optional.empty();
    }
    cacheLock.lock();
    try {
      if (!pending.contains(block)) {
        cache.clear(block);
      }
    } finally {
      cacheLock.unlock();
    }
    return Optional.of(Allocation.of(host, block, pool));
  }

  /**
   * Returns the block of {@code host}, as the database has it now.
   *
   * @param host the host key
   * @return the allocation, or empty if the host holds none
   * @throws StoreUnavailableException if the database cannot be reached
   * @throws AllocationStoreException on another database error
   */
  public Optional<Allocation> lookup(HostKey host) {
    requireNonNull(host, "host");
    Optional<BigInteger> block =
        connections.run(
            "look up " + host, connection -> Optional.ofNullable(table.blockOf(connection, host)));
    if (block.isEmpty()) {
      return Optional.empty();
    }
    markAllocated(block.get());
    return Optional.of(Allocation.of(host, block.get(), pool));
  }

  /**
   * Returns the allocation of the block that holds {@code address}, as the database has it now.
   *
   * @param address an address
   * @return the allocation, or empty if the address is outside the pool or its block is free
   * @throws StoreUnavailableException if the database cannot be reached
   * @throws AllocationStoreException on another database error
   */
  public Optional<Allocation> lookupAddress(Ipv6Address address) {
    requireNonNull(address, "address");
    if (!pool.contains(address)) {
      return Optional.empty();
    }
    BigInteger block = pool.blockNumberOf(address);
    List<Allocation> page = allocations(block, 1);
    return page.isEmpty() || !page.get(0).blockNumber().equals(block)
        ? Optional.empty()
        : Optional.of(page.get(0));
  }

  /**
   * Returns allocations in address order, starting at a block: one page of a listing, read from the
   * database.
   *
   * @param fromBlock the first block index to consider
   * @param max the most allocations to return, at least 1
   * @return up to {@code max} allocations, ascending by block
   * @throws IllegalArgumentException if {@code max} is less than 1
   * @throws StoreUnavailableException if the database cannot be reached
   * @throws AllocationStoreException on another database error
   */
  public List<Allocation> allocations(long fromBlock, int max) {
    return allocations(BigInteger.valueOf(fromBlock), max);
  }

  /**
   * Returns allocations in address order, starting at any block number: one page of a listing, read
   * from the database.
   *
   * @param fromBlock the first block number to consider
   * @param max the most allocations to return, at least 1
   * @return up to {@code max} allocations, ascending by block
   * @throws IllegalArgumentException if {@code max} is less than 1
   * @throws StoreUnavailableException if the database cannot be reached
   * @throws AllocationStoreException on another database error
   */
  public List<Allocation> allocations(BigInteger fromBlock, int max) {
    requireNonNull(fromBlock, "fromBlock");
    checkArgument(max >= 1, "max: %s (expected: >= 1)", max);
    return connections.run(
        "list allocations of pool " + poolId, connection -> table.page(connection, fromBlock, max));
  }

  /**
   * Returns exact counts of the pool's blocks, as the database has them now.
   *
   * @return the statistics
   * @throws StoreUnavailableException if the database cannot be reached
   * @throws AllocationStoreException on another database error
   */
  public AllocationStatistics statistics() {
    long allocated = connections.run("count allocations of pool " + poolId, table::count);
    BigInteger total = pool.blockCount();
    BigInteger unavailable = pool.unavailableBlockCount();
    BigInteger free = total.subtract(unavailable).subtract(BigInteger.valueOf(allocated));
    return new AllocationStatistics(total, unavailable, allocated, free);
  }

  /** Closes the connections this allocator keeps; the data source itself stays open. */
  @Override
  public void close() {
    connections.close();
  }

  // ---- the local cache

  /** Reads every allocated block of the pool into a new cache; failures name {@code operation}. */
  private void refreshAll(String operation) {
    refreshes.incrementAndGet();
    BlockCache fresh = new BlockCache(pool);
    connections.run(
        operation,
        connection -> {
          table.forEachBlock(connection, fresh::set);
          return Boolean.TRUE;
        });
    cacheLock.lock();
    try {
      for (BigInteger block : pending) {
        fresh.set(block);
      }
      cache = fresh;
    } finally {
      cacheLock.unlock();
    }
  }

  /** Makes the cache agree with the database from {@code from} over the next allocated blocks. */
  private void refreshFrom(String operation, BigInteger from) {
    refreshes.incrementAndGet();
    BigInteger[] rows =
        connections.run(operation, connection -> table.blocks(connection, from, REFRESH_ROWS));
    BigInteger upTo = rows.length < REFRESH_ROWS ? pool.lastBlockNumber() : rows[rows.length - 1];
    cacheLock.lock();
    try {
      List<BigInteger> stale = new ArrayList<>();
      for (BigInteger b = cache.nextSet(from); b != null && b.compareTo(upTo) <= 0; ) {
        if (!pending.contains(b) && Arrays.binarySearch(rows, b) < 0) {
          stale.add(b);
        }
        b = cache.nextSet(b.add(BigInteger.ONE));
      }
      stale.forEach(cache::clear);
      for (BigInteger block : rows) {
        cache.set(block);
      }
    } finally {
      cacheLock.unlock();
    }
  }

  /**
   * Picks candidate blocks and marks them pending: the strategy's block, then for the lowest-free
   * and sequential strategies {@link #SPARES_PER_CLAIM} spares, the next free blocks, for when
   * other instances have just taken the first; returns none if the cache has no free block.
   */
  private BigInteger[] reserve(HostKey host) {
    cacheLock.lock();
    try {
      BigInteger start = start(host);
      BigInteger block = findFree(start);
      if (block == null && start.signum() > 0) {
        block = findFree(BigInteger.ZERO);
      }
      if (block == null) {
        return new BigInteger[0];
      }
      int wanted = spares ? 1 + SPARES_PER_CLAIM : 1;
      BigInteger[] candidates = new BigInteger[wanted];
      int n = 0;
      for (BigInteger next = block; n < wanted && next != null; ) {
        candidates[n++] = next;
        cache.set(next);
        pending.add(next);
        next = findFree(next.add(BigInteger.ONE));
      }
      return n == wanted ? candidates : Arrays.copyOf(candidates, n);
    } finally {
      cacheLock.unlock();
    }
  }

  /**
   * Ends the pending state of a claim's candidates: each is left marked allocated if the batch ran
   * ({@code ran}) and the database holds it now, and free otherwise. Marks the other blocks the
   * batch found held.
   */
  private void settle(AllocationTable.Claim claim, boolean ran) {
    BigInteger[] candidates = claim.candidates();
    cacheLock.lock();
    try {
      for (int i = 0; i < candidates.length; i++) {
        pending.remove(candidates[i]);
        if (ran && claim.allocated(i)) {
          cache.set(candidates[i]);
        } else {
          cache.clear(candidates[i]);
        }
      }
      if (ran) {
        claim.heldElsewhere().forEach(cache::set);
      }
    } finally {
      cacheLock.unlock();
    }
  }

  /** Tells whether this instance's cache believes {@code block} allocated (for tests). */
  boolean believedAllocated(BigInteger block) {
    cacheLock.lock();
    try {
      return block.equals(cache.nextSet(block));
    } finally {
      cacheLock.unlock();
    }
  }

  /** Marks the block of a returned allocation; the sequential cursor moves past it. */
  private void handedOut(BigInteger block) {
    cacheLock.lock();
    try {
      cache.set(block);
      if (strategy.kind() == AllocationStrategy.Kind.SEQUENTIAL) {
        cursor = block.equals(pool.lastBlockNumber()) ? BigInteger.ZERO : block.add(BigInteger.ONE);
      }
    } finally {
      cacheLock.unlock();
    }
  }

  private void markAllocated(BigInteger block) {
    cacheLock.lock();
    try {
      cache.set(block);
    } finally {
      cacheLock.unlock();
    }
  }

  /**
   * Where the strategy starts looking: the same draws and hashes as {@link Allocator}'s, so that a
   * lone caller gets the blocks an in-memory allocator would give.
   */
  private BigInteger start(HostKey host) {
    return pool.isWide()
        ? Allocator.startWide(strategy, pool, random, host, cursor)
        : BigInteger.valueOf(
            Allocator.start(strategy, pool, random, host, cursor.longValueExact()));
  }

  private @Nullable BigInteger findFree(BigInteger from) {
    return Allocator.findFree(pool, cache::nextClear, from);
  }

  /**
   * Builds a {@link SharedAllocator}.
   *
   * <p>A builder is not thread-safe.
   */
  public static final class Builder {
    private final AddressPool pool;
    private final DataSource dataSource;
    private String poolId = "default";
    private AllocationStrategy strategy = AllocationStrategy.lowestFree();
    private int maxIdleConnections = 32;
    private long gatherNanos = DEFAULT_GATHER.toNanos();

    private Builder(AddressPool pool, DataSource dataSource) {
      this.pool = pool;
      this.dataSource = dataSource;
    }

    /**
     * Sets the id under which the pool is stored; every instance sharing the pool uses the same id,
     * and one database can hold several pools under different ids.
     *
     * @param poolId 1 to 200 characters (default {@code "default"})
     * @return this builder
     * @throws IllegalArgumentException if {@code poolId} is empty or too long
     */
    @CanIgnoreReturnValue
    public Builder poolId(String poolId) {
      requireNonNull(poolId, "poolId");
      checkArgument(
          !poolId.isEmpty() && poolId.length() <= 200,
          "pool id length: %s (expected: 1..200)",
          poolId.length());
      this.poolId = poolId;
      return this;
    }

    /**
     * Sets the strategy that picks candidate blocks.
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
     * Sets how many idle connections the allocator keeps for reuse.
     *
     * @param maxIdleConnections 0 or more (default 32); 0 when the data source pools connections
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    @CanIgnoreReturnValue
    public Builder maxIdleConnections(int maxIdleConnections) {
      checkArgument(
          maxIdleConnections >= 0, "max idle connections: %s (expected: >= 0)", maxIdleConnections);
      this.maxIdleConnections = maxIdleConnections;
      return this;
    }

    /**
     * Sets how long the leader of a batch may wait for more callers before it goes to the database:
     * only while it and the queued callers make fewer than three quarters of the last batch, and
     * never after a batch of fewer than three (a lone caller never waits). With many concurrent
     * callers, the callers a batch wakes otherwise come back one by one: the first runs a batch of
     * its own, and the others wait out its round trip and commit. The leader yields the CPU while
     * it waits.
     *
     * @param maxWait from 0 (no waiting) to 10 ms (default {@link #DEFAULT_GATHER}, 200 µs)
     * @return this builder
     * @throws IllegalArgumentException if {@code maxWait} is outside that range
     */
    @CanIgnoreReturnValue
    public Builder gather(Duration maxWait) {
      this.gatherNanos = GroupCommit.gatherNanos(maxWait);
      return this;
    }

    /**
     * Builds the allocator: applies the schema migrations, registers the pool and reads its
     * allocated blocks.
     *
     * @return the allocator
     * @throws StoreUnavailableException if the database cannot be reached
     * @throws AllocationStoreException if the stored schema is newer than this library, the pool
     *     stored under the id differs, or another database error occurs
     */
    public SharedAllocator build() {
      return new SharedAllocator(this);
    }
  }
}
