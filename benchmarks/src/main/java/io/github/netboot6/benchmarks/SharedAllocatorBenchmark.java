package io.github.netboot6.benchmarks;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocation;
import io.github.netboot6.allocation.AllocationStrategy;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.allocation.SharedAllocator;
import io.github.netboot6.core.Ipv6Prefix;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable allocations per second through two {@link SharedAllocator} instances sharing one pool in
 * a local PostgreSQL that the set-up starts ({@code initdb} and {@code pg_ctl} from Debian's {@code
 * postgresql}; {@code fsync} and {@code synchronous_commit} on, so each allocation is on disk
 * before it returns). The benchmark threads are the concurrent callers, alternately on either
 * instance: run with {@code -t 1}, {@code -t 8} and {@code -t 32}. Both instances live in this JVM
 * with a data source each, as two servers would; only the JVM is shared.
 *
 * <p>{@code allocate} allocates a block for a new host each time (the pool fills up), {@code
 * allocateThenRelease} allocates and releases, two durable changes per operation. With the
 * lowest-free strategy both instances compete for the same next free blocks; with the random one
 * they rarely meet.
 *
 * <p>{@code -jvmArgsAppend -Dnetboot6.bench.pgStatements=true} loads {@code pg_stat_statements} and
 * prints, at the end of each trial, where the database's time went: rows inserted, transactions and
 * WAL flushes per inserted row, and the statements by calls.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SharedAllocatorBenchmark {
  /** The strategy of both instances. */
  @Param({"LOWEST_FREE", "RANDOM"})
  public String strategy;

  private static final boolean PROFILE = Boolean.getBoolean("netboot6.bench.pgStatements");

  private LocalPostgres postgres;
  private DataSource dataSource;
  private final SharedAllocator[] instances = new SharedAllocator[2];
  private final AtomicInteger threads = new AtomicInteger();

  /** Per-thread state: the instance this caller uses and its own new keys. */
  @State(Scope.Thread)
  public static class Caller {
    SharedAllocator allocator;
    String prefix;
    long next;

    /**
     * Picks this caller's instance and key prefix.
     *
     * @param benchmark the shared state
     */
    @Setup(Level.Trial)
    public void setUp(SharedAllocatorBenchmark benchmark) {
      int id = benchmark.threads.getAndIncrement();
      allocator = benchmark.instances[id % 2];
      prefix = "caller-" + id + "-";
    }

    HostKey nextKey() {
      return HostKey.ofName(prefix + next++);
    }
  }

  /**
   * Starts PostgreSQL, creates a database and opens the two instances on it.
   *
   * @throws IOException if PostgreSQL cannot be started
   * @throws InterruptedException if interrupted while starting it
   * @throws SQLException if the database cannot be created
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException, SQLException {
    postgres =
        PROFILE
            ? LocalPostgres.start(
                "shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all")
            : LocalPostgres.start();
    dataSource = postgres.createDatabase("bench");
    if (PROFILE) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE EXTENSION pg_stat_statements");
      }
    }
    AddressPool pool = AddressPool.of(Ipv6Prefix.parse("2001:db8::/64"));
    for (int i = 0; i < instances.length; i++) {
      instances[i] =
          SharedAllocator.builder(pool, dataSource)
              .poolId("bench")
              .strategy(
                  strategy.equals("RANDOM")
                      ? AllocationStrategy.random(i)
                      : AllocationStrategy.lowestFree())
              .build();
    }
  }

  /**
   * Prints the pool's allocated blocks (and the profile, if asked for), closes the instances and
   * removes the cluster.
   *
   * @throws IOException if the cluster cannot be stopped or removed
   * @throws InterruptedException if interrupted while stopping it
   * @throws SQLException if the profile cannot be read
   */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException, InterruptedException, SQLException {
    try {
      System.out.printf(
          "%nallocated blocks at the end: %d%n", instances[0].statistics().allocatedBlocks());
      if (PROFILE) {
        printProfile();
      }
      for (SharedAllocator instance : instances) {
        instance.close();
      }
    } finally {
      postgres.close();
    }
  }

  private void printProfile() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      double rows;
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'netboot6_allocation'")) {
        rs.next();
        rows = rs.getLong(1);
      }
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT d.xact_commit, w.wal_sync FROM pg_stat_database d, pg_stat_wal w"
                  + " WHERE d.datname = current_database()")) {
        rs.next();
        System.out.printf(
            Locale.ROOT,
            "rows inserted: about %.0f; per row: %.3f commits, %.3f WAL flushes%n",
            rows,
            rs.getLong(1) / rows,
            rs.getLong(2) / rows);
      }
      System.out.println("calls, rows, mean us, statement");
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT calls, rows, mean_exec_time * 1000, left(regexp_replace(query, '\\s+', ' ',"
                  + " 'g'), 100) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM"
                  + " pg_database WHERE datname = current_database()) ORDER BY calls DESC LIMIT"
                  + " 10")) {
        while (rs.next()) {
          System.out.printf(
              Locale.ROOT,
              "%d, %d, %.0f, %s%n",
              rs.getLong(1),
              rs.getLong(2),
              rs.getDouble(3),
              rs.getString(4));
        }
      }
    }
  }

  /**
   * Durably allocates a block for a new host.
   *
   * @param caller the caller's state
   * @return the allocation
   */
  @Benchmark
  public Allocation allocate(Caller caller) {
    return caller.allocator.allocate(caller.nextKey());
  }

  /**
   * Durably allocates a block for a new host, then durably releases it.
   *
   * @param caller the caller's state
   * @return the allocation
   */
  @Benchmark
  public Allocation allocateThenRelease(Caller caller) {
    HostKey key = caller.nextKey();
    Allocation allocation = caller.allocator.allocate(key);
    Optional<Allocation> released = caller.allocator.release(key);
    return released.orElse(allocation);
  }
}
