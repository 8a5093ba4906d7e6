package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SharedAllocator} against a real PostgreSQL started for this class (see {@link
 * PostgresCluster}). {@code -Dnetboot6.shared.operations=N} sets the total operations of the
 * two-instance, 16-thread stress test (default 20,000; 100,000 is the full size).
 */
@Tag("interop")
class SharedAllocatorTest {
  private static final AddressPool POOL = AddressPool.of(Ipv6Prefix.parse("2001:db8::/64"));
  private static final int OPERATIONS = Integer.getInteger("netboot6.shared.operations", 20_000);
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static PostgresCluster cluster;

  @BeforeAll
  static void startPostgres() throws Exception {
    cluster = PostgresCluster.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static DataSource freshDatabase() throws Exception {
    return cluster.createDatabase("t" + DATABASES.incrementAndGet());
  }

  @Test
  void migration_concurrentFromFourInstances_appliesOnceWithoutError() throws Exception {
    for (int round = 0; round < 5; round++) {
      DataSource dataSource = freshDatabase();
      for (SharedAllocator started :
          concurrently(4, () -> SharedAllocator.builder(POOL, dataSource).build())) {
        started.close();
      }
      assertThat(versions(dataSource))
          .isEqualTo(IntStream.rangeClosed(1, SharedSchema.LATEST).boxed().toList());
      // Starting again on a migrated database changes nothing.
      SharedAllocator.builder(POOL, dataSource).build().close();
      assertThat(versions(dataSource)).hasSize(SharedSchema.LATEST);
    }
  }

  @Test
  void build_otherPoolUnderSameId_refused() throws Exception {
    DataSource dataSource = freshDatabase();
    SharedAllocator.builder(POOL, dataSource).poolId("a").build().close();
    AddressPool other = AddressPool.of(Ipv6Prefix.parse("2001:db8:1::/64"));
    assertThatThrownBy(() -> SharedAllocator.builder(other, dataSource).poolId("a").build())
        .isInstanceOf(AllocationStoreException.class)
        .hasMessageContaining("stored pool of id a: 2001:db8::/64");
  }

  @Test
  void builder_gather_outsideZeroToTenMillis_refusedNamingIt_zeroAllocates() throws Exception {
    DataSource dataSource = freshDatabase();
    SharedAllocator.Builder builder = SharedAllocator.builder(POOL, dataSource);
    assertThatThrownBy(() -> builder.gather(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gather: PT-0.000000001S (expected: 0 to 10 ms)");
    assertThatThrownBy(() -> builder.gather(Duration.ofMillis(11)))
        .hasMessage("gather: PT0.011S (expected: 0 to 10 ms)");
    try (SharedAllocator allocator = builder.gather(Duration.ZERO).build()) {
      assertThat(allocator.allocate(HostKey.ofName("h")).blockIndex()).isZero();
    }
  }

  @Test
  void allocate_sameHostFromTwoInstances_sameBlockAndReleaseSeenByBoth() throws Exception {
    DataSource dataSource = freshDatabase();
    try (SharedAllocator a = SharedAllocator.builder(POOL, dataSource).build();
        SharedAllocator b = SharedAllocator.builder(POOL, dataSource).build()) {
      HostKey host = HostKey.ofName("both");
      Allocation first = a.allocate(host);
      assertThat(b.allocate(host)).isEqualTo(first);
      assertThat(b.lookupAddress(first.permanentAddress())).contains(first);
      // b's cache never saw a's next allocation: b must still not hand out a's block.
      Allocation other = a.allocate(HostKey.ofName("a-only"));
      Allocation third = b.allocate(HostKey.ofName("b-only"));
      assertThat(third.blockIndex()).isNotIn(first.blockIndex(), other.blockIndex());
      assertThat(a.release(host)).contains(first);
      assertThat(b.lookup(host)).isEmpty();
      assertThat(b.release(host)).isEmpty();
      assertThat(b.statistics().allocatedBlocks()).isEqualTo(2);
    }
  }

  @Test
  void allocateRelease_twoInstancesEightThreadsEach_noDuplicateNoLoss() throws Exception {
    DataSource dataSource = freshDatabase();
    try (SharedAllocator a = SharedAllocator.builder(POOL, dataSource).build();
        SharedAllocator b = SharedAllocator.builder(POOL, dataSource).build()) {
      Run run = new Run(new SharedAllocator[] {a, b}, 8, 0);
      long start = System.nanoTime();
      run.start();
      run.awaitOperations(OPERATIONS);
      run.finish();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "SharedAllocatorTest: %d operations, 2 instances x 8 threads, %.1f s (%.0f/s)%n",
          run.operations.get(),
          seconds,
          run.operations.get() / seconds);
      assertThat(run.unavailable.get()).isZero();
      run.checkAgainstDatabase(a, b);
    }
  }

  /**
   * PostgreSQL stopped under load, as a crash would ({@code immediate}) or an administrator ({@code
   * fast}), then started again: every call fails with {@link StoreUnavailableException} meanwhile,
   * and the same instances carry on once it is back.
   */
  @ParameterizedTest
  @ValueSource(strings = {"immediate", "fast"})
  void allocateRelease_postgresStoppedAndStartedMidRun_clearErrorsThenFullRecovery(String mode)
      throws Exception {
    DataSource dataSource = freshDatabase();
    try (SharedAllocator a = SharedAllocator.builder(POOL, dataSource).build();
        SharedAllocator b = SharedAllocator.builder(POOL, dataSource).build()) {
      Run run = new Run(new SharedAllocator[] {a, b}, 4, 20);
      run.start();
      run.awaitOperations(500);
      if (mode.equals("fast")) {
        cluster.stopFast();
      } else {
        cluster.stopImmediately();
      }
      long outageStart = System.nanoTime();
      while (run.unavailable.get() < 8 && System.nanoTime() - outageStart < 10_000_000_000L) {
        Thread.sleep(50);
      }
      HostKey probe = HostKey.ofName("probe");
      assertThatThrownBy(() -> a.allocate(probe))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageStartingWith("allocate name:probe: database unavailable (SQLState ")
          .hasMessageEndingWith("; rolled back, retry later");
      assertThatThrownBy(() -> b.release(probe))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageStartingWith("release name:probe: database unavailable");
      assertThatThrownBy(() -> a.lookup(probe))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageStartingWith("look up name:probe: database unavailable");
      assertThatThrownBy(b::statistics)
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageStartingWith("count allocations of pool default: database unavailable");
      long duringOutage = run.operations.get();
      Thread.sleep(200);
      assertThat(run.operations.get())
          .as("operations acknowledged while down")
          .isEqualTo(duringOutage);
      cluster.startServer();
      run.awaitOperations(duringOutage + 500);
      run.finish();
      assertThat(run.unavailable.get()).isGreaterThanOrEqualTo(8);
      run.checkAgainstDatabase(a, b);
      assertThat(a.allocate(probe)).isEqualTo(b.lookup(probe).orElseThrow());
    }
  }

  @Test
  void migration_fromVersionOneByTwoInstancesAtOnce_upgradesKeepingAllocations() throws Exception {
    DataSource dataSource = freshDatabase();
    HostKey v1 = HostKey.ofName("v1");
    olderSchemaWithOneAllocation(dataSource, 1, v1, 0);
    List<SharedAllocator> started =
        concurrently(2, () -> SharedAllocator.builder(POOL, dataSource).build());
    try (SharedAllocator a = started.get(0);
        SharedAllocator b = started.get(1)) {
      assertThat(versions(dataSource))
          .isEqualTo(IntStream.rangeClosed(1, SharedSchema.LATEST).boxed().toList());
      assertThat(a.lookup(v1).orElseThrow().blockIndex()).isZero();
      assertThat(b.allocate(HostKey.ofName("v2")).blockIndex()).isEqualTo(1);
      assertThat(b.release(v1)).isPresent();
      assertThat(b.allocate(HostKey.ofName("v2b")).blockIndex()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sequential", "random", "deterministic"})
  void allocateRelease_otherStrategiesTwoInstances_noDuplicateNoLoss(String name) throws Exception {
    DataSource dataSource = freshDatabase();
    // A /112 of /125 blocks holds 8,192: random and deterministic picks meet often.
    AddressPool pool = AddressPool.of(Ipv6Prefix.parse("2001:db8::/112"));
    try (SharedAllocator a =
            SharedAllocator.builder(pool, dataSource).strategy(strategy(name, 1)).build();
        SharedAllocator b =
            SharedAllocator.builder(pool, dataSource).strategy(strategy(name, 2)).build()) {
      Run run = new Run(new SharedAllocator[] {a, b}, 4, 0);
      run.start();
      run.awaitOperations(4_000);
      run.finish();
      assertThat(run.unavailable.get()).isZero();
      run.checkAgainstDatabase(a, b);
    }
  }

  /**
   * One caller alone hands out what the in-memory allocator does: spares change nothing. With the
   * random strategy, only hosts that hold no block are allocated: the shared allocator draws a
   * random start for a host it cannot know holds one, the in-memory one does not.
   */
  @ParameterizedTest
  @ValueSource(strings = {"lowest free", "sequential", "random", "deterministic"})
  void allocateRelease_oneCaller_sameBlocksAsInMemoryAllocator(String name) throws Exception {
    AllocationStrategy strategy = strategy(name, 7);
    try (SharedAllocator shared =
            SharedAllocator.builder(POOL, freshDatabase()).strategy(strategy).build();
        Allocator local = Allocator.builder(POOL).strategy(strategy).build()) {
      SplittableRandom random = new SplittableRandom(11);
      for (int i = 0; i < 200; i++) {
        HostKey host = HostKey.ofName("h" + random.nextInt(40));
        boolean held = local.lookup(host).isPresent();
        if (random.nextInt(3) == 0) {
          assertThat(shared.release(host)).isEqualTo(local.release(host));
        } else if (!held || !name.equals("random")) {
          assertThat(shared.allocate(host)).isEqualTo(local.allocate(host));
        }
      }
    }
  }

  @Test
  void allocateRelease_sameHostFromSixteenThreadsAtOnce_oneBlock() throws Exception {
    DataSource dataSource = freshDatabase();
    try (SharedAllocator a = SharedAllocator.builder(POOL, dataSource).build()) {
      HostKey host = HostKey.ofName("everyone");
      assertThat(concurrently(16, () -> a.allocate(host)))
          .containsOnly(a.lookup(host).orElseThrow());
      List<Optional<Allocation>> released = concurrently(16, () -> a.release(host));
      assertThat(released.stream().filter(Optional::isPresent).count()).isEqualTo(1);
      assertThat(a.statistics().allocatedBlocks()).isZero();
    }
  }

  @Test
  void allocate_smallPoolFromTwoInstances_fillsItExactlyThenExhausted() throws Exception {
    DataSource dataSource = freshDatabase();
    AddressPool small = AddressPool.of(Ipv6Prefix.parse("2001:db8::/120")); // 32 blocks
    long available =
        small.blockCount().longValueExact() - small.unavailableBlockCount().longValue();
    try (SharedAllocator a = SharedAllocator.builder(small, dataSource).build();
        SharedAllocator b = SharedAllocator.builder(small, dataSource).build()) {
      AtomicInteger names = new AtomicInteger();
      List<Optional<Allocation>> results =
          concurrently(
              48,
              () -> {
                int n = names.getAndIncrement();
                try {
                  return Optional.of((n % 2 == 0 ? a : b).allocate(HostKey.ofName("s" + n)));
                } catch (PoolExhaustedException e) {
                  return Optional.empty();
                }
              });
      List<Long> blocks =
          results.stream().flatMap(Optional::stream).map(Allocation::blockIndex).toList();
      assertThat(blocks).doesNotHaveDuplicates().hasSize((int) available);
      assertThat(a.statistics().freeBlocks()).isZero();
      assertThatThrownBy(() -> b.allocate(HostKey.ofName("one more")))
          .isInstanceOf(PoolExhaustedException.class);
    }
  }

  /**
   * A /48 of /125 blocks (2^77) whose available blocks are the 512 around block 2^64
   * (2001:db8:1:8::): lowest free and sequential hand out blocks past 2^63 and 2^64 at once.
   */
  private static final AddressPool WIDE = JournalCrashTest.widePool();

  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  @Test
  void migration_fromVersionTwoWithRowsByTwoInstancesAtOnce_blockNumbersBecomeNumeric()
      throws Exception {
    DataSource dataSource = freshDatabase();
    HostKey v2 = HostKey.ofName("v2");
    olderSchemaWithOneAllocation(dataSource, 2, v2, 5);
    List<SharedAllocator> started =
        concurrently(2, () -> SharedAllocator.builder(POOL, dataSource).build());
    try (SharedAllocator a = started.get(0);
        SharedAllocator b = started.get(1)) {
      assertThat(versions(dataSource))
          .isEqualTo(IntStream.rangeClosed(1, SharedSchema.LATEST).boxed().toList());
      assertThat(columnType(dataSource, "block_index")).isEqualTo("numeric");
      assertThat(a.lookup(v2).orElseThrow().blockIndex()).isEqualTo(5);
      assertThat(b.allocate(HostKey.ofName("v3")).blockIndex()).isZero();
      assertThat(a.release(v2).orElseThrow().blockIndex()).isEqualTo(5);
      assertThat(b.statistics().allocatedBlocks()).isEqualTo(1);
    }
  }

  @Test
  void migration_fromVersionThreeWithRowsByTwoInstancesAtOnce_foreignKeyBecomesPoolGuard()
      throws Exception {
    DataSource dataSource = freshDatabase();
    HostKey v3 = HostKey.ofName("v3");
    olderSchemaWithOneAllocation(dataSource, 3, v3, 7);
    assertThat(foreignKeys(dataSource)).isEqualTo(1);
    List<SharedAllocator> started =
        concurrently(2, () -> SharedAllocator.builder(POOL, dataSource).build());
    try (SharedAllocator a = started.get(0);
        SharedAllocator b = started.get(1)) {
      assertThat(versions(dataSource))
          .isEqualTo(IntStream.rangeClosed(1, SharedSchema.LATEST).boxed().toList());
      assertThat(foreignKeys(dataSource)).isZero();
      assertThat(a.lookup(v3).orElseThrow().blockIndex()).isEqualTo(7);
      assertThat(b.allocate(HostKey.ofName("v4")).blockIndex()).isZero();
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.execute("DELETE FROM netboot6_pool"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("delete of pool default refused: it holds allocations");
      }
      assertThat(a.release(v3).orElseThrow().blockIndex()).isEqualTo(7);
      assertThat(b.statistics().allocatedBlocks()).isEqualTo(1);
    }
  }

  /**
   * Makes the schema of {@code version} in {@code dataSource}, with the pool {@link #POOL} under id
   * "default" and one allocation, of {@code block} to {@code host}, as an older library wrote them.
   */
  private static void olderSchemaWithOneAllocation(
      DataSource dataSource, int version, HostKey host, int block) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      SharedSchema.migrate(c, version);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement pool =
            c.prepareStatement("INSERT INTO netboot6_pool (pool_id, pool) VALUES ('default', ?)");
        PreparedStatement allocation =
            c.prepareStatement(
                "INSERT INTO netboot6_allocation (pool_id, block_index, host_key)"
                    + " VALUES ('default', ?, ?)")) {
      pool.setString(1, POOL.toString());
      pool.executeUpdate();
      allocation.setInt(1, block);
      allocation.setBytes(2, host.toBytes());
      allocation.executeUpdate();
    }
  }

  /** Counts the foreign keys of {@code netboot6_allocation}. */
  private static long foreignKeys(DataSource dataSource) throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_constraint"
                    + " WHERE conrelid = 'netboot6_allocation'::regclass AND contype = 'f'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void allocate_candidatesHeldByTheOtherInstance_cacheLearnsTheHeldBlocksAfterThem()
      throws Exception {
    DataSource dataSource = freshDatabase();
    try (SharedAllocator a = SharedAllocator.builder(POOL, dataSource).build();
        SharedAllocator b = SharedAllocator.builder(POOL, dataSource).build()) {
      for (int i = 0; i < 4; i++) {
        assertThat(a.allocate(HostKey.ofName("a" + i)).blockIndex()).isEqualTo(i);
      }
      a.release(HostKey.ofName("a2"));
      // b's cache is empty: its candidates are 0, 1 and 2. 0 and 1 are a's; the claim's scan
      // from 0 also reports 3, which was no candidate, and the host takes 2.
      assertThat(b.believedAllocated(BigInteger.valueOf(3))).isFalse();
      assertThat(b.allocate(HostKey.ofName("b0")).blockIndex()).isEqualTo(2);
      assertThat(b.believedAllocated(BigInteger.valueOf(3))).isTrue();
      assertThat(b.believedAllocated(BigInteger.valueOf(4))).isFalse();
      assertThat(b.allocate(HostKey.ofName("b1")).blockIndex()).isEqualTo(4);
    }
  }

  @Test
  void widePool48_twoInstances_blocksPastTwoToThe64_storedExactly() throws Exception {
    DataSource dataSource = freshDatabase();
    BigInteger first = TWO_64.subtract(BigInteger.valueOf(256));
    try (SharedAllocator a = SharedAllocator.builder(WIDE, dataSource).poolId("wide").build();
        SharedAllocator b = SharedAllocator.builder(WIDE, dataSource).poolId("wide").build()) {
      Allocation one = a.allocate(HostKey.ofName("one"));
      assertThat(one.blockNumber()).isEqualTo(first);
      assertThat(one.block()).isEqualTo(Ipv6Prefix.parse("2001:db8:1:7:ffff:ffff:ffff:f800/125"));
      // b's cache never saw a's allocation: the database decides, b takes the next block.
      Allocation two = b.allocate(HostKey.ofName("two"));
      assertThat(two.blockNumber()).isEqualTo(first.add(BigInteger.ONE));
      assertThat(b.lookup(HostKey.ofName("one"))).contains(one);
      List<Allocation> filled = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        filled.add((i % 2 == 0 ? a : b).allocate(HostKey.ofName("f" + i)));
      }
      Allocation past64 = filled.get(299);
      assertThat(past64.blockNumber()).isEqualTo(TWO_64.add(BigInteger.valueOf(45)));
      assertThat(past64.permanentAddress()).isEqualTo(Ipv6Address.parse("2001:db8:1:8::168"));
      assertThat(a.lookupAddress(Ipv6Address.parse("2001:db8:1:8::16c"))).contains(past64);
      assertThat(storedBlocks(dataSource, "wide")).contains(TWO_64.add(BigInteger.valueOf(45)));
      assertThat(a.allocations(TWO_64, 2))
          .extracting(Allocation::blockNumber)
          .containsExactly(TWO_64, TWO_64.add(BigInteger.ONE));
      assertThat(b.release(HostKey.ofName("f299"))).contains(past64);
      assertThat(a.lookupAddress(past64.permanentAddress())).isEmpty();
      AllocationStatistics stats = a.statistics();
      assertThat(stats.allocatedBlocks()).isEqualTo(301);
      assertThat(stats.freeBlocks()).isEqualTo(BigInteger.valueOf(512 - 301));
      assertThat(stats.totalBlocks()).isEqualTo(BigInteger.ONE.shiftLeft(77));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lowest free", "sequential", "random", "deterministic"})
  void widePool48_twoInstancesFourThreadsEach_noDuplicateNoLoss(String name) throws Exception {
    DataSource dataSource = freshDatabase();
    // Random and deterministic on a whole /48, the others on the 512 blocks around 2^64.
    AddressPool pool =
        name.equals("random") || name.equals("deterministic")
            ? AddressPool.of(Ipv6Prefix.parse("2001:db8:1::/48"))
            : WIDE;
    try (SharedAllocator a =
            SharedAllocator.builder(pool, dataSource).strategy(strategy(name, 1)).build();
        SharedAllocator b =
            SharedAllocator.builder(pool, dataSource).strategy(strategy(name, 2)).build()) {
      Run run = new Run(new SharedAllocator[] {a, b}, 4, 0);
      run.start();
      run.awaitOperations(2_000);
      run.finish();
      assertThat(run.unavailable.get()).isZero();
      run.checkAgainstDatabase(a, b);
      List<BigInteger> stored = storedBlocks(dataSource, "default");
      // Around 2^64, or drawn over 2^77 blocks of which 1 in 2^14 lies below 2^63.
      assertThat(stored.stream().filter(block -> block.bitLength() > 63).count())
          .isGreaterThanOrEqualTo(stored.size() - 2L)
          .isPositive();
    }
  }

  /** A lone caller on a /48 gets the blocks of an in-memory allocator with the same strategy. */
  @ParameterizedTest
  @ValueSource(strings = {"lowest free", "sequential", "random", "deterministic"})
  void widePool48_oneCaller_sameBlocksAsInMemoryAllocator(String name) throws Exception {
    AllocationStrategy strategy = strategy(name, 7);
    AddressPool pool =
        name.equals("random") || name.equals("deterministic")
            ? AddressPool.of(Ipv6Prefix.parse("2001:db8:1::/48"))
            : WIDE;
    try (SharedAllocator shared =
            SharedAllocator.builder(pool, freshDatabase()).strategy(strategy).build();
        Allocator local = Allocator.builder(pool).strategy(strategy).build()) {
      SplittableRandom random = new SplittableRandom(11);
      for (int i = 0; i < 200; i++) {
        HostKey host = HostKey.ofName("h" + random.nextInt(40));
        boolean held = local.lookup(host).isPresent();
        if (random.nextInt(3) == 0) {
          assertThat(shared.release(host)).isEqualTo(local.release(host));
        } else if (!held || !name.equals("random")) {
          Allocation expected = local.allocate(host);
          assertThat(shared.allocate(host)).isEqualTo(expected);
        }
      }
    }
  }

  private static String columnType(DataSource dataSource, String column) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT data_type FROM information_schema.columns"
                    + " WHERE table_name = 'netboot6_allocation' AND column_name = ?")) {
      s.setString(1, column);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** The block numbers stored for a pool, read as text so that nothing converts them. */
  private static List<BigInteger> storedBlocks(DataSource dataSource, String poolId)
      throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT block_index::text FROM netboot6_allocation WHERE pool_id = ?"
                    + " ORDER BY block_index")) {
      s.setString(1, poolId);
      List<BigInteger> blocks = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          blocks.add(new BigInteger(rs.getString(1)));
        }
      }
      return blocks;
    }
  }

  private static AllocationStrategy strategy(String name, long seed) {
    return switch (name) {
      case "lowest free" -> AllocationStrategy.lowestFree();
      case "sequential" -> AllocationStrategy.sequential();
      case "random" -> AllocationStrategy.random(seed);
      case "deterministic" -> AllocationStrategy.deterministic(seed);
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** Runs {@code call} on {@code n} threads released at once; returns their results. */
  private static <T> List<T> concurrently(int n, Callable<T> call) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(n);
    ExecutorService executor = Executors.newFixedThreadPool(n);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            executor.submit(
                () -> {
                  barrier.await();
                  return call.call();
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      executor.shutdownNow();
    }
  }

  private static List<Integer> versions(DataSource dataSource) throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT version FROM netboot6_schema_version ORDER BY version")) {
      List<Integer> versions = new ArrayList<>();
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
      return versions;
    }
  }

  /**
   * Threads on several instances allocating and releasing their own hosts; every failure must be a
   * {@link StoreUnavailableException}, retried until it succeeds, so each thread's model is exact.
   */
  private static final class Run {
    private final SharedAllocator[] instances;
    private final int threadsPerInstance;
    private final int hostsPerThread = 24;
    private final long retryPauseMillis;
    private final ConcurrentHashMap<BigInteger, HostKey> owners = new ConcurrentHashMap<>();
    private final List<Map<HostKey, Allocation>> models = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong operations = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();

    Run(SharedAllocator[] instances, int threadsPerInstance, long retryPauseMillis) {
      this.instances = instances;
      this.threadsPerInstance = threadsPerInstance;
      this.retryPauseMillis = retryPauseMillis;
    }

    void start() {
      for (int i = 0; i < instances.length; i++) {
        for (int t = 0; t < threadsPerInstance; t++) {
          SharedAllocator allocator = instances[i];
          Map<HostKey, Allocation> model = new HashMap<>();
          models.add(model);
          String prefix = "i" + i + "-t" + t + "-h";
          long seed = 31L * models.size();
          Thread thread = new Thread(() -> work(allocator, model, prefix, seed));
          threads.add(thread);
          thread.start();
        }
      }
    }

    private void work(
        SharedAllocator allocator, Map<HostKey, Allocation> model, String prefix, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      try {
        while (!stop.get()) {
          HostKey host = HostKey.ofName(prefix + random.nextInt(hostsPerThread));
          Allocation held = model.get(host);
          if (held == null || random.nextInt(4) == 0) {
            Allocation got = retry(() -> allocator.allocate(host), "allocate " + host);
            if (held != null) {
              assertThat(got).as("idempotent allocate of %s", host).isEqualTo(held);
            } else {
              HostKey previous = owners.putIfAbsent(got.blockNumber(), host);
              assertThat(previous).as("holder of block %s", got.block()).isNull();
              model.put(host, got);
            }
          } else {
            owners.remove(held.blockNumber(), host);
            model.remove(host);
            var released = retry(() -> allocator.release(host), "release " + host);
            // A release retried after an in-doubt commit may find the block already released.
            released.ifPresent(r -> assertThat(r).isEqualTo(held));
          }
          operations.incrementAndGet();
        }
      } catch (Throwable e) {
        failures.add(e);
      }
    }

    private <T> T retry(Supplier<T> operation, String name) throws InterruptedException {
      while (true) {
        try {
          return operation.get();
        } catch (StoreUnavailableException e) {
          assertThat(e).hasMessageStartingWith(name + ": database unavailable");
          unavailable.incrementAndGet();
          Thread.sleep(retryPauseMillis);
        }
      }
    }

    void awaitOperations(long count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (operations.get() < count && failures.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(failures).isEmpty();
      assertThat(operations.get())
          .as("operations done before the deadline")
          .isGreaterThan(count - 1);
    }

    void finish() throws InterruptedException {
      stop.set(true);
      for (Thread thread : threads) {
        thread.join(60_000);
      }
      if (!failures.isEmpty()) {
        AssertionError error = new AssertionError("worker failures: " + failures.size());
        failures.forEach(error::addSuppressed);
        throw error;
      }
    }

    void checkAgainstDatabase(SharedAllocator... readers) {
      Map<HostKey, Allocation> union = new HashMap<>();
      models.forEach(union::putAll);
      for (SharedAllocator reader : readers) {
        Map<HostKey, Allocation> stored = new HashMap<>();
        for (Allocation allocation : reader.allocations(0, 1_000_000)) {
          assertThat(stored.put(allocation.host(), allocation)).isNull();
        }
        assertThat(stored).isEqualTo(union);
        for (Allocation allocation : union.values()) {
          assertThat(reader.lookup(allocation.host())).contains(allocation);
        }
      }
    }
  }
}
