package io.github.netboot6.allocation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of {@link SharedAllocator}: one pool's rows of {@code netboot6_allocation} (see {@link
 * SharedSchema}). Every method runs on the caller's connection; {@link #apply} commits each of its
 * statements on its own, in auto-commit mode. Block numbers are {@code numeric} in the database
 * (schema version 3) and {@link BigInteger}s here, so that a wide pool's blocks fit.
 */
final class AllocationTable {
  private static final int FETCH_ROWS = 10_000;

  private static final String CLAIM =
      "SELECT true, r_host, r_block FROM netboot6_claim(?, ?::bytea[], ?::numeric[], ?)";

  private static final String RELEASE =
      "SELECT false, r_host, r_block FROM netboot6_release(?, ?::bytea[])";

  /**
   * A batch of one claim first tries its own candidate with one plain insert, which takes the same
   * advisory lock as {@code netboot6_claim}, without waiting: a lone caller pays no more than one
   * row's insert. If it writes nothing, the claim goes through the function.
   */
  private static final String CLAIM_ONE =
      "INSERT INTO netboot6_allocation (pool_id, block_index, host_key) SELECT ?, ?, ?"
          + " WHERE pg_try_advisory_xact_lock(hashtext(?), mod(?::numeric, 2147483648)::integer)"
          + " ON CONFLICT DO NOTHING RETURNING block_index";

  /** A batch of one release: {@code netboot6_release} in one plain statement. */
  private static final String RELEASE_ONE =
      "DELETE FROM netboot6_allocation WHERE pool_id = ? AND host_key = ? RETURNING block_index,"
          + " pg_try_advisory_xact_lock(hashtext(pool_id), mod(block_index, 2147483648)::integer)";

  /**
   * A host's candidate blocks, and what the database made of them. Pooled, any host of the batch
   * may take any of them; otherwise a claim has one candidate, its own.
   */
  static final class Claim extends GroupCommit.Request {
    private final HostKey host;
    private final BigInteger[] candidates;
    private @Nullable BigInteger outcome;
    private boolean fresh;
    private final boolean[] allocated;
    private List<BigInteger> heldElsewhere = List.of();

    Claim(HostKey host, BigInteger[] candidates) {
      this.host = host;
      this.candidates = candidates;
      this.allocated = new boolean[candidates.length];
    }

    /**
     * The host's block (a candidate or one it already held), or null if every candidate was held.
     */
    @Nullable BigInteger outcome() {
      return outcome;
    }

    /** Tells whether the outcome is a block allocated by this batch, not one the host held. */
    boolean fresh() {
      return fresh;
    }

    /** The candidates, as given. */
    BigInteger[] candidates() {
      return candidates;
    }

    /** Tells whether candidate {@code i} is now allocated, to this host or another. */
    boolean allocated(int i) {
      return allocated[i];
    }

    /**
     * Blocks other than the batch's candidates that the database reported allocated, near a
     * candidate found held; one claim of a batch carries them for all.
     */
    List<BigInteger> heldElsewhere() {
      return heldElsewhere;
    }
  }

  /** A host whose block is to be released, and the block it held. */
  static final class Release extends GroupCommit.Request {
    private final HostKey host;
    private @Nullable BigInteger block;

    Release(HostKey host) {
      this.host = host;
    }

    /** The released block, or null if the host held none. */
    @Nullable BigInteger block() {
      return block;
    }
  }

  private final AddressPool pool;
  private final String poolId;
  private final boolean pooled;

  /**
   * Creates the SQL of one pool; {@code pooled} lets the hosts of a batch share their candidates
   * (see {@link #apply}).
   */
  AllocationTable(AddressPool pool, String poolId, boolean pooled) {
    this.pool = pool;
    this.poolId = poolId;
    this.pooled = pooled;
  }

  /** Records the pool under its id, or checks that the one recorded is the same. */
  void registerPool(Connection connection) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO netboot6_pool (pool_id, pool) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, poolId);
      insert.setString(2, pool.toString());
      insert.executeUpdate();
    }
    try (PreparedStatement select =
        connection.prepareStatement("SELECT pool FROM netboot6_pool WHERE pool_id = ?")) {
      select.setString(1, poolId);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        String stored = rs.getString(1);
        if (!pool.toString().equals(stored)) {
          throw new AllocationStoreException(
              "stored pool of id "
                  + poolId
                  + ": "
                  + stored
                  + " (expected: "
                  + pool
                  + "; was the pool's configuration changed?)");
        }
      }
    }
  }

  /**
   * Applies a batch of claims and releases in one statement, so in one transaction: first the
   * releases (the {@code netboot6_release} function of {@link SharedSchema}), then the claims
   * ({@code netboot6_claim}), and records each request's outcome.
   *
   * <p>Released host keys go in byte order. Claim candidates, all distinct, are tried in ascending
   * order: pooled, as one ascending list; otherwise hosts go in the order of their own candidates.
   * So two batches never wait for each other's rows or blocks in a cycle, but for host keys claimed
   * by two instances at once, a deadlock that {@link GroupCommit} resolves by running the batch
   * again. A batch of one claim or one release, a lone caller's, takes a plain statement instead
   * (see {@link #CLAIM_ONE}, {@link #RELEASE_ONE}).
   */
  void apply(Connection connection, List<GroupCommit.Request> batch) throws SQLException {
    List<Claim> claims = new ArrayList<>();
    List<Release> releases = new ArrayList<>();
    for (GroupCommit.Request request : batch) {
      if (request instanceof Claim claim) {
        claims.add(claim);
      } else {
        releases.add((Release) request);
      }
    }
    if (releases.isEmpty() && claims.size() == 1 && claimOne(connection, claims.get(0))) {
      return;
    }
    if (claims.isEmpty() && releases.size() == 1) {
      releaseOne(connection, releases.get(0));
      return;
    }
    String sql =
        claims.isEmpty() ? RELEASE : releases.isEmpty() ? CLAIM : RELEASE + " UNION ALL " + CLAIM;
    Map<HostKey, BigInteger> released = new HashMap<>();
    Map<HostKey, BigInteger> claimed = new HashMap<>();
    Set<BigInteger> allocated = new HashSet<>();
    Set<BigInteger> candidates = new HashSet<>();
    List<BigInteger> heldElsewhere = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int p = 1;
      if (!releases.isEmpty()) {
        byte[][] keys = new byte[releases.size()][];
        for (int i = 0; i < keys.length; i++) {
          keys[i] = releases.get(i).host.encodedUnsafe();
        }
        Arrays.sort(keys, Arrays::compareUnsigned);
        statement.setString(p++, poolId);
        statement.setArray(p++, connection.createArrayOf("bytea", keys));
      }
      if (!claims.isEmpty()) {
        List<Claim> sorted = new ArrayList<>(claims);
        sorted.sort(Comparator.comparing(c -> c.candidates[0]));
        List<BigInteger> ordered = new ArrayList<>();
        byte[][] keys = new byte[sorted.size()][];
        for (int i = 0; i < keys.length; i++) {
          keys[i] = sorted.get(i).host.encodedUnsafe();
          Collections.addAll(ordered, sorted.get(i).candidates);
        }
        if (pooled) {
          Collections.sort(ordered);
        }
        candidates.addAll(ordered);
        statement.setString(p++, poolId);
        statement.setArray(p++, connection.createArrayOf("bytea", keys));
        BigDecimal[] numbers = new BigDecimal[ordered.size()];
        for (int i = 0; i < numbers.length; i++) {
          numbers[i] = new BigDecimal(ordered.get(i));
        }
        statement.setArray(p++, connection.createArrayOf("numeric", numbers));
        statement.setBoolean(p, pooled);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          boolean claim = rs.getBoolean(1);
          byte[] key = rs.getBytes(2);
          BigInteger block = stored(rs, 3);
          if (!claim) {
            released.put(HostKey.fromBytes(key), block);
            continue;
          }
          allocated.add(block);
          if (key != null) {
            claimed.put(HostKey.fromBytes(key), block);
          } else if (!candidates.contains(block)) { // null: a block another host holds
            heldElsewhere.add(block);
          }
        }
      }
    }
    for (Release release : releases) {
      // The same host twice in a batch: one of the calls released it.
      release.block = released.remove(release.host);
    }
    if (!claims.isEmpty()) {
      claims.get(0).heldElsewhere = heldElsewhere;
    }
    for (Claim claim : claims) {
      BigInteger outcome = claimed.get(claim.host);
      claim.outcome = outcome;
      claim.fresh = outcome != null && candidates.contains(outcome);
      for (int i = 0; i < claim.candidates.length; i++) {
        claim.allocated[i] = allocated.contains(claim.candidates[i]);
      }
    }
  }

  /** Inserts the claim's own candidate if nothing stands in the way; tells whether it did. */
  private boolean claimOne(Connection connection, Claim claim) throws SQLException {
    BigInteger block = claim.candidates[0];
    try (PreparedStatement insert = connection.prepareStatement(CLAIM_ONE)) {
      insert.setString(1, poolId);
      insert.setBigDecimal(2, new BigDecimal(block));
      insert.setBytes(3, claim.host.encodedUnsafe());
      insert.setString(4, poolId);
      insert.setBigDecimal(5, new BigDecimal(block));
      try (ResultSet rs = insert.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
      }
    }
    claim.outcome = block;
    claim.fresh = true;
    claim.allocated[0] = true;
    return true;
  }

  private void releaseOne(Connection connection, Release release) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(RELEASE_ONE)) {
      delete.setString(1, poolId);
      delete.setBytes(2, release.host.encodedUnsafe());
      try (ResultSet rs = delete.executeQuery()) {
        release.block = rs.next() ? stored(rs, 1) : null;
      }
    }
  }

  /** Returns the block of {@code host}, or null if it holds none. */
  @Nullable BigInteger blockOf(Connection connection, HostKey host) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT block_index FROM netboot6_allocation WHERE pool_id = ? AND host_key = ?")) {
      select.setString(1, poolId);
      select.setBytes(2, host.encodedUnsafe());
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? stored(rs, 1) : null;
      }
    }
  }

  /** Returns up to {@code max} allocations from {@code fromBlock} on, ascending by block. */
  List<Allocation> page(Connection connection, BigInteger fromBlock, int max) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT block_index, host_key FROM netboot6_allocation"
                + " WHERE pool_id = ? AND block_index >= ?"
                + " ORDER BY block_index LIMIT ?")) {
      select.setString(1, poolId);
      select.setBigDecimal(2, new BigDecimal(fromBlock.max(BigInteger.ZERO)));
      select.setInt(3, max);
      List<Allocation> page = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          page.add(Allocation.of(HostKey.fromBytes(rs.getBytes(2)), stored(rs, 1), pool));
        }
      }
      return page;
    }
  }

  /** Returns up to {@code max} allocated block indexes from {@code fromBlock} on, ascending. */
  BigInteger[] blocks(Connection connection, BigInteger fromBlock, int max) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT block_index FROM netboot6_allocation"
                + " WHERE pool_id = ? AND block_index >= ?"
                + " ORDER BY block_index LIMIT ?")) {
      select.setString(1, poolId);
      select.setBigDecimal(2, new BigDecimal(fromBlock.max(BigInteger.ZERO)));
      select.setInt(3, max);
      BigInteger[] blocks = new BigInteger[max];
      int n = 0;
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          blocks[n++] = stored(rs, 1);
        }
      }
      return Arrays.copyOf(blocks, n);
    }
  }

  /** Passes every allocated block index to {@code action}, reading in batches in a transaction. */
  void forEachBlock(Connection connection, Consumer<BigInteger> action) throws SQLException {
    connection.setAutoCommit(false); // lets the driver fetch in batches
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT block_index FROM netboot6_allocation WHERE pool_id = ?")) {
      select.setFetchSize(FETCH_ROWS);
      select.setString(1, poolId);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          action.accept(stored(rs, 1));
        }
      }
    }
    connection.commit();
    connection.setAutoCommit(true);
  }

  /** Returns how many blocks are allocated. */
  long count(Connection connection) throws SQLException {
    try (PreparedStatement count =
        connection.prepareStatement("SELECT count(*) FROM netboot6_allocation WHERE pool_id = ?")) {
      count.setString(1, poolId);
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Reads a stored block number and checks that it is an available block of the pool. */
  private BigInteger stored(ResultSet rs, int column) throws SQLException {
    BigDecimal value = rs.getBigDecimal(column);
    BigInteger block;
    try {
      block = value.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new AllocationStoreException(
          "stored block number of pool " + poolId + ": " + value + " (expected: an integer)", e);
    }
    return checkStored(block);
  }

  private BigInteger checkStored(BigInteger block) {
    if (!pool.isAvailable(block)) {
      throw new AllocationStoreException(
          "stored block index of pool "
              + poolId
              + ": "
              + block
              + " (expected: an available block of pool "
              + pool
              + "; was the pool's configuration changed?)");
    }
    return block;
  }
}
