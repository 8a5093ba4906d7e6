package io.github.netboot6.allocation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The SQL contract of the schema's functions and triggers, called directly on a real PostgreSQL
 * (see {@link PostgresCluster}): which rows {@code netboot6_claim} writes and reports for crafted
 * batches, and the guard that keeps a pool's row while it holds allocations. {@link
 * SharedAllocatorTest} checks the allocator built on them.
 */
@Tag("interop")
class SharedSchemaTest {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final String POOL_ID = "p";

  private static PostgresCluster cluster;

  private DataSource dataSource;

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

  @BeforeEach
  void freshSchema() throws Exception {
    dataSource = cluster.createDatabase("s" + DATABASES.incrementAndGet());
    try (Connection c = dataSource.getConnection()) {
      SharedSchema.migrate(c);
      execute(c, "INSERT INTO netboot6_pool (pool_id, pool) VALUES ('p', '2001:db8::/64')");
    }
  }

  /** A row the claim function returned: the host (null for a held candidate) and the block. */
  private record Row(@Nullable String host, long block) {}

  @Test
  void claim_pooledFreshHosts_takeTheCandidatesInOrder() throws Exception {
    List<Row> rows = claim(List.of("ha", "hb"), List.of(10L, 11L, 12L, 13L), true);
    assertThat(rows).containsExactlyInAnyOrder(new Row("ha", 10), new Row("hb", 11));
    assertThat(stored()).containsExactly(Map.entry(10L, "ha"), Map.entry(11L, "hb"));
  }

  @Test
  void claim_pooled_heldHostKeepsItsBlock_scanFirstSkipsTheHeldCandidate() throws Exception {
    insert("ha", 5);
    insert("hx", 11);
    // The scan before the first round finds 11 held: ha pairs with 10 and hb with 12. ha already
    // holds 5 and keeps it.
    List<Row> rows = claim(List.of("ha", "hb"), List.of(10L, 11L, 12L), true);
    assertThat(rows)
        .containsExactlyInAnyOrder(new Row("ha", 5), new Row(null, 11), new Row("hb", 12));
    assertThat(stored())
        .containsExactly(Map.entry(5L, "ha"), Map.entry(11L, "hx"), Map.entry(12L, "hb"));
  }

  @Test
  void claim_pooled_candidateTakenAfterTheScan_nextRoundGivesTheHostTheBlockAHeldHostFreed()
      throws Exception {
    insert("ha", 5);
    FutureTask<List<Row>> claim;
    try (Connection other = dataSource.getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement insert =
          other.prepareStatement(
              "INSERT INTO netboot6_allocation (pool_id, block_index, host_key)"
                  + " VALUES ('p', 11, 'hx')")) {
        insert.executeUpdate();
      }
      // The scan does not see the uncommitted 11: round one pairs ha-10 and hb-11, and the insert
      // waits for the other transaction. Once it commits, hb's pair is not written, and ha, which
      // holds 5, gives 10 back: round two gives it to hb. 12 is never tried.
      claim = new FutureTask<>(() -> claim(List.of("ha", "hb"), List.of(10L, 11L, 12L), true));
      Thread thread = new Thread(claim, "claim");
      thread.start();
      awaitLockWaits(1);
      other.commit();
    }
    assertThat(claim.get(30, TimeUnit.SECONDS))
        .containsExactlyInAnyOrder(new Row("ha", 5), new Row(null, 11), new Row("hb", 10));
    assertThat(stored())
        .containsExactly(Map.entry(5L, "ha"), Map.entry(10L, "hb"), Map.entry(11L, "hx"));
  }

  @Test
  void claim_pooled_everyCandidateHeld_hostGetsNothingAndTheTriedOnesAreReported()
      throws Exception {
    insert("hx", 10);
    insert("hy", 11);
    List<Row> rows = claim(List.of("ha"), List.of(10L, 11L), true);
    assertThat(rows).containsExactlyInAnyOrder(new Row(null, 10), new Row(null, 11));
    assertThat(stored()).hasSize(2).doesNotContainValue("ha");
  }

  @Test
  void claim_pooled_heldCandidate_scanReportsTheHeldBlocksFromItAndTheNextRoundSkipsThem()
      throws Exception {
    for (long block : new long[] {10, 11, 12, 20}) {
      insert("h" + block, block);
    }
    // Round one pairs ha-10 and hb-11, both held: the scan from 10 (at most 6 + 2 rows) reports
    // 10, 11, 12 and 20, and round two skips 12 as well.
    List<Row> rows = claim(List.of("ha", "hb"), List.of(10L, 11L, 12L, 13L, 14L, 15L), true);
    assertThat(rows)
        .containsExactlyInAnyOrder(
            new Row(null, 10),
            new Row(null, 11),
            new Row(null, 12),
            new Row(null, 20),
            new Row("ha", 13),
            new Row("hb", 14));
  }

  @Test
  void claim_notPooled_eachHostTriesOnlyItsOwnCandidate() throws Exception {
    insert("hx", 11);
    List<Row> rows = claim(List.of("ha", "hb"), List.of(10L, 11L), false);
    assertThat(rows).containsExactlyInAnyOrder(new Row("ha", 10), new Row(null, 11));
    assertThat(stored()).containsExactly(Map.entry(10L, "ha"), Map.entry(11L, "hx"));
  }

  @Test
  void claim_sameHostTwiceInABatch_oneBlock() throws Exception {
    List<Row> rows = claim(List.of("ha", "ha"), List.of(10L, 11L), true);
    assertThat(rows).containsExactly(new Row("ha", 10));
    assertThat(stored()).containsExactly(Map.entry(10L, "ha"));
  }

  @Test
  void claim_candidateLockedByAnotherTransaction_skippedWithoutWaiting() throws Exception {
    try (Connection other = dataSource.getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement lock =
          other.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?), 10)")) {
        lock.setString(1, POOL_ID);
        lock.executeQuery().close();
      }
      assertThat(claim(List.of("ha"), List.of(10L), false)).isEmpty();
      // Pooled, the busy candidate is reported as held: most likely another instance is
      // inserting it.
      assertThat(claim(List.of("hb"), List.of(10L, 11L), true))
          .containsExactlyInAnyOrder(new Row(null, 10), new Row("hb", 11));
      other.rollback();
    }
    assertThat(claim(List.of("hc"), List.of(10L), false)).containsExactly(new Row("hc", 10));
  }

  @Test
  void poolGuard_poolWithAllocations_cannotBeDeletedRenamedOrTruncated() throws Exception {
    insert("ha", 5);
    try (Connection c = dataSource.getConnection()) {
      assertThatThrownBy(() -> execute(c, "DELETE FROM netboot6_pool WHERE pool_id = 'p'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("delete of pool p refused: it holds allocations")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("23503");
      assertThatThrownBy(() -> execute(c, "UPDATE netboot6_pool SET pool_id = 'q'"))
          .hasMessageContaining("update of pool p refused");
      assertThatThrownBy(() -> execute(c, "TRUNCATE netboot6_pool"))
          .hasMessageContaining("truncate refused");
      // Other columns may change, and a pool without allocations may go.
      execute(c, "UPDATE netboot6_pool SET pool = pool");
      execute(c, "INSERT INTO netboot6_pool (pool_id, pool) VALUES ('empty', '2001:db8:1::/64')");
      execute(c, "DELETE FROM netboot6_pool WHERE pool_id = 'empty'");
      execute(c, "DELETE FROM netboot6_allocation");
      execute(c, "DELETE FROM netboot6_pool WHERE pool_id = 'p'");
    }
    assertThat(count("netboot6_pool")).isZero();
  }

  private List<Row> claim(List<String> hosts, List<Long> candidates, boolean pooled)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement claim =
            c.prepareStatement(
                "SELECT r_host, r_block FROM netboot6_claim(?, ?::bytea[], ?::numeric[], ?)")) {
      claim.setString(1, POOL_ID);
      claim.setArray(
          2,
          c.createArrayOf(
              "bytea", hosts.stream().map(h -> h.getBytes(UTF_8)).toArray(byte[][]::new)));
      claim.setArray(
          3,
          c.createArrayOf(
              "numeric", candidates.stream().map(BigDecimal::valueOf).toArray(BigDecimal[]::new)));
      claim.setBoolean(4, pooled);
      List<Row> rows = new ArrayList<>();
      try (ResultSet rs = claim.executeQuery()) {
        while (rs.next()) {
          byte[] host = rs.getBytes(1);
          rows.add(new Row(host == null ? null : new String(host, UTF_8), rs.getLong(2)));
        }
      }
      return rows;
    }
  }

  /** Waits until {@code n} sessions of this database wait for a lock; fails after 30 s. */
  private void awaitLockWaits(int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (count("pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
        < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no session waits for a lock after 30 s");
      }
      Thread.sleep(10);
    }
  }

  private void insert(String host, long block) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO netboot6_allocation (pool_id, block_index, host_key)"
                    + " VALUES (?, ?, ?)")) {
      insert.setString(1, POOL_ID);
      insert.setLong(2, block);
      insert.setBytes(3, host.getBytes(UTF_8));
      insert.executeUpdate();
    }
  }

  /** The stored allocations of the pool, block to host. */
  private Map<Long, String> stored() throws SQLException {
    Map<Long, String> rows = new TreeMap<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT block_index, host_key FROM netboot6_allocation")) {
      while (rs.next()) {
        rows.put(rs.getLong(1), new String(rs.getBytes(2), UTF_8));
      }
    }
    return rows;
  }

  private long count(String table) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
