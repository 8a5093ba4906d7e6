package io.github.netboot6.allocation;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL schema of {@link SharedAllocator} and its versioned migrations.
 *
 * <p>Migrations run in one transaction that first takes a transaction-level advisory lock, so two
 * instances starting at once apply them one after the other: the second sees the version the first
 * recorded and does nothing. A database whose schema is newer than this library is refused.
 */
final class SharedSchema {
  /** The advisory lock key of migrations: "nb6schem" in ASCII. */
  static final long MIGRATION_LOCK = 0x6e62_3673_6368_656dL;

  private record Migration(int version, String description, List<String> statements) {}

  /**
   * Allocates blocks for a batch of hosts in one call. One statement finds the hosts that already
   * hold a block, which keep it (a row (host, block) each), and the candidates another host holds
   * (a row (null, block) each). The other hosts then pick candidates: pooled ({@code p_pooled}),
   * they take the free candidates in order; otherwise host {@code i} tries candidate {@code i}
   * only. One {@code INSERT ... ON CONFLICT DO NOTHING} writes the picks and returns a row (host,
   * block) for each one written; a host with no row got no block.
   *
   * <p>A pick first takes a transaction-level advisory lock on its candidate (a hash of the pool id
   * and the low 31 bits of the block index) without waiting, and every claim does so: a candidate
   * that another batch is inserting at this moment is skipped at once rather than waited for, so
   * two instances that pick the same blocks share them out instead of queueing behind each other's
   * commits. Two blocks with the same lock key only make one of them skipped for the moment.
   *
   * <p>Every look-up probes a unique index once per key: {@code pool_id = $1 AND x = ANY ($2)}
   * would risk a plan cached while the table was nearly empty that reads every row of the pool.
   */
  private static final String CLAIM_FUNCTION =
      """
      CREATE FUNCTION netboot6_claim(p_pool_id text, p_hosts bytea[], p_candidates bigint[],
          p_pooled boolean) RETURNS TABLE (r_host bytea, r_block bigint) LANGUAGE plpgsql AS $$
      DECLARE
        pool_key integer := hashtext(p_pool_id);
        held_hosts bytea[];
        held_blocks bigint[];
        taken bigint[];
        hosts bytea[] := '{}';
        blocks bigint[] := '{}';
        next integer := 1;
        candidate bigint;
      BEGIN
        -- One probe of a unique index per key (LATERAL ... LIMIT 1 is never made a join).
        SELECT coalesce(array_agg(h.key), '{}'), coalesce(array_agg(x.block_index), '{}'),
            ARRAY(SELECT y.block_index FROM unnest(p_candidates) AS c (block)
              CROSS JOIN LATERAL (SELECT a.block_index FROM netboot6_allocation a
                WHERE a.pool_id = p_pool_id AND a.block_index = c.block LIMIT 1) AS y)
          INTO held_hosts, held_blocks, taken
          FROM unnest(p_hosts) AS h (key)
          CROSS JOIN LATERAL (SELECT a.block_index FROM netboot6_allocation a
            WHERE a.pool_id = p_pool_id AND a.host_key = h.key LIMIT 1) AS x;
        FOR i IN 1 .. cardinality(held_hosts) LOOP
          r_host := held_hosts[i];
          r_block := held_blocks[i];
          RETURN NEXT;
        END LOOP;
        FOREACH candidate IN ARRAY taken LOOP
          r_host := NULL;
          r_block := candidate;
          RETURN NEXT;
        END LOOP;
        FOR i IN 1 .. cardinality(p_hosts) LOOP
          CONTINUE WHEN p_hosts[i] = ANY (held_hosts);
          IF NOT p_pooled THEN
            next := i;
          END IF;
          LOOP
            EXIT WHEN next > cardinality(p_candidates);
            candidate := p_candidates[next];
            next := next + 1;
            IF NOT candidate = ANY (taken)
                AND pg_try_advisory_xact_lock(pool_key, (candidate & 2147483647)::integer) THEN
              hosts := hosts || p_hosts[i];
              blocks := blocks || candidate;
              EXIT;
            END IF;
            EXIT WHEN NOT p_pooled;
          END LOOP;
        END LOOP;
        IF cardinality(hosts) > 0 THEN
          RETURN QUERY INSERT INTO netboot6_allocation AS a (pool_id, block_index, host_key)
            SELECT p_pool_id, u.block, u.key FROM unnest(blocks, hosts) AS u (block, key)
            ON CONFLICT DO NOTHING RETURNING a.host_key, a.block_index;
        END IF;
      END
      $$""";

  /**
   * On PostgreSQL 12 and later, the claim function's statements use generic plans: with array
   * parameters, each custom plan looks cheaper than the generic one, so PostgreSQL would plan them
   * again at every call (a quarter of the server's time for a batch of one). The look-ups probe a
   * unique index per key whatever the plan.
   */
  private static final String CLAIM_GENERIC_PLANS =
      """
      DO $$
      BEGIN
        IF current_setting('server_version_num')::integer >= 120000 THEN
          ALTER FUNCTION netboot6_claim(text, bytea[], bigint[], boolean)
            SET plan_cache_mode = force_generic_plan;
        END IF;
      END
      $$""";

  /**
   * Releases the blocks of a batch of hosts in one call, one delete per host (by the unique index);
   * returns a row (host, block) per released block. Each released block gets the claims' advisory
   * lock, without waiting, until commit: a claim skips the block rather than waiting for the
   * delete, so a claim and a release in two instances never wait for each other in a cycle.
   */
  private static final String RELEASE_FUNCTION =
      """
      CREATE FUNCTION netboot6_release(p_pool_id text, p_hosts bytea[])
          RETURNS TABLE (r_host bytea, r_block bigint) LANGUAGE plpgsql AS $$
      DECLARE
        pool_key integer := hashtext(p_pool_id);
        key bytea;
      BEGIN
        FOREACH key IN ARRAY p_hosts LOOP
          DELETE FROM netboot6_allocation a WHERE a.pool_id = p_pool_id AND a.host_key = key
            RETURNING a.host_key, a.block_index INTO r_host, r_block;
          IF FOUND THEN
            PERFORM pg_try_advisory_xact_lock(pool_key, (r_block & 2147483647)::integer);
            RETURN NEXT;
          END IF;
        END LOOP;
      END
      $$""";

  /**
   * Version 3's claim function: {@link #CLAIM_FUNCTION} with block numbers as {@code numeric}, so
   * that a wide pool's blocks (up to 2<sup>80</sup>) fit, and the advisory lock key taken as the
   * block number modulo 2<sup>31</sup> (the same key as before for every block a {@code bigint}
   * held).
   */
  private static final String CLAIM_FUNCTION_NUMERIC =
      """
      CREATE FUNCTION netboot6_claim(p_pool_id text, p_hosts bytea[], p_candidates numeric[],
          p_pooled boolean) RETURNS TABLE (r_host bytea, r_block numeric) LANGUAGE plpgsql AS $$
      DECLARE
        pool_key integer := hashtext(p_pool_id);
        held_hosts bytea[];
        held_blocks numeric[];
        taken numeric[];
        hosts bytea[] := '{}';
        blocks numeric[] := '{}';
        next integer := 1;
        candidate numeric;
      BEGIN
        -- One probe of a unique index per key (LATERAL ... LIMIT 1 is never made a join).
        SELECT coalesce(array_agg(h.key), '{}'), coalesce(array_agg(x.block_index), '{}'),
            ARRAY(SELECT y.block_index FROM unnest(p_candidates) AS c (block)
              CROSS JOIN LATERAL (SELECT a.block_index FROM netboot6_allocation a
                WHERE a.pool_id = p_pool_id AND a.block_index = c.block LIMIT 1) AS y)
          INTO held_hosts, held_blocks, taken
          FROM unnest(p_hosts) AS h (key)
          CROSS JOIN LATERAL (SELECT a.block_index FROM netboot6_allocation a
            WHERE a.pool_id = p_pool_id AND a.host_key = h.key LIMIT 1) AS x;
        FOR i IN 1 .. cardinality(held_hosts) LOOP
          r_host := held_hosts[i];
          r_block := held_blocks[i];
          RETURN NEXT;
        END LOOP;
        FOREACH candidate IN ARRAY taken LOOP
          r_host := NULL;
          r_block := candidate;
          RETURN NEXT;
        END LOOP;
        FOR i IN 1 .. cardinality(p_hosts) LOOP
          CONTINUE WHEN p_hosts[i] = ANY (held_hosts);
          IF NOT p_pooled THEN
            next := i;
          END IF;
          LOOP
            EXIT WHEN next > cardinality(p_candidates);
            candidate := p_candidates[next];
            next := next + 1;
            IF NOT candidate = ANY (taken)
                AND pg_try_advisory_xact_lock(pool_key, mod(candidate, 2147483648)::integer) THEN
              hosts := hosts || p_hosts[i];
              blocks := blocks || candidate;
              EXIT;
            END IF;
            EXIT WHEN NOT p_pooled;
          END LOOP;
        END LOOP;
        IF cardinality(hosts) > 0 THEN
          RETURN QUERY INSERT INTO netboot6_allocation AS a (pool_id, block_index, host_key)
            SELECT p_pool_id, u.block, u.key FROM unnest(blocks, hosts) AS u (block, key)
            ON CONFLICT DO NOTHING RETURNING a.host_key, a.block_index;
        END IF;
      END
      $$""";

  /** {@link #CLAIM_GENERIC_PLANS} for version 3's claim function. */
  private static final String CLAIM_GENERIC_PLANS_NUMERIC =
      """
      DO $$
      BEGIN
        IF current_setting('server_version_num')::integer >= 120000 THEN
          ALTER FUNCTION netboot6_claim(text, bytea[], numeric[], boolean)
            SET plan_cache_mode = force_generic_plan;
        END IF;
      END
      $$""";

  /** Version 3's release function: {@link #RELEASE_FUNCTION} with {@code numeric} block numbers. */
  private static final String RELEASE_FUNCTION_NUMERIC =
      """
      CREATE FUNCTION netboot6_release(p_pool_id text, p_hosts bytea[])
          RETURNS TABLE (r_host bytea, r_block numeric) LANGUAGE plpgsql AS $$
      DECLARE
        pool_key integer := hashtext(p_pool_id);
        key bytea;
      BEGIN
        FOREACH key IN ARRAY p_hosts LOOP
          DELETE FROM netboot6_allocation a WHERE a.pool_id = p_pool_id AND a.host_key = key
            RETURNING a.host_key, a.block_index INTO r_host, r_block;
          IF FOUND THEN
            PERFORM pg_try_advisory_xact_lock(pool_key, mod(r_block, 2147483648)::integer);
            RETURN NEXT;
          END IF;
        END LOOP;
      END
      $$""";

  /**
   * Version 4's claim function: the same signature and result as {@link #CLAIM_FUNCTION_NUMERIC},
   * but it inserts first and looks only at what did not go in, where version 3 looked up every host
   * and every candidate, spares included, beforehand.
   *
   * <ul>
   *   <li>Pooled, one range scan first reads the allocated blocks from the lowest candidate on (as
   *       many as there are candidates and hosts): most likely another instance has just taken a
   *       run of them. They are returned as rows (null, block), so that the caller's cache learns
   *       them, and skipped.
   *   <li>Each host is paired with a candidate: pooled, the next one not known held whose advisory
   *       lock (the same as version 3's) it gets without waiting; otherwise candidate {@code i} for
   *       host {@code i}. One {@code INSERT ... ON CONFLICT DO NOTHING} writes the pairs, and its
   *       own check of the two unique indexes finds the conflicts.
   *   <li>A pair that was not written is looked at: if the host already holds a block, a row (host,
   *       block), and pooled, its candidate goes back for the next host; otherwise the candidate
   *       was taken since the scan, and the scan runs again from it before the next round. Pooled,
   *       rounds go on until no host or no candidate is left.
   *   <li>Pooled, candidates whose lock another transaction holds are returned as rows (null,
   *       block) too: most likely another instance is claiming them at this moment.
   * </ul>
   *
   * <p>Measured on the development machine with 32 callers on two instances, together with dropping
   * the foreign key: about a quarter less of PostgreSQL's CPU time per allocation with the random
   * strategy and about a third less with lowest free.
   */
  private static final String CLAIM_FUNCTION_INSERT_FIRST =
      """
      CREATE OR REPLACE FUNCTION netboot6_claim(p_pool_id text, p_hosts bytea[],
          p_candidates numeric[], p_pooled boolean)
          RETURNS TABLE (r_host bytea, r_block numeric) LANGUAGE plpgsql AS $$
      DECLARE
        pool_key integer := hashtext(p_pool_id);
        waiting bytea[] := p_hosts;
        spare numeric[] := '{}';
        next integer := 1;
        hosts bytea[];
        blocks numeric[];
        written_hosts bytea[];
        written_blocks numeric[] := '{}';
        done boolean := false;
        candidate numeric;
        held numeric;
        lowest numeric;
        taken numeric[] := '{}';
        busy numeric[] := '{}';
        scanned numeric[];
      BEGIN
        IF p_pooled THEN
          -- Pooled candidates come in ascending order: the scan starts at the lowest.
          lowest := p_candidates[1];
        END IF;
        LOOP
          IF lowest IS NOT NULL THEN
            -- Before the first round (pooled) and after a round that found a candidate held: the
            -- allocated blocks from the lowest candidate on, in one range scan. Most likely another
            -- instance has taken a run of them; they are reported, so that the caller's cache
            -- learns them at once, and later picks skip them.
            scanned := ARRAY(SELECT a.block_index FROM netboot6_allocation a
              WHERE a.pool_id = p_pool_id AND a.block_index >= lowest
              ORDER BY a.block_index LIMIT cardinality(p_candidates) + cardinality(p_hosts));
            FOREACH candidate IN ARRAY scanned LOOP
              CONTINUE WHEN candidate = ANY (taken) OR candidate = ANY (written_blocks);
              r_host := NULL;
              r_block := candidate;
              RETURN NEXT;
            END LOOP;
            taken := taken || scanned;
            lowest := NULL;
          END IF;
          EXIT WHEN done;
          hosts := '{}';
          blocks := '{}';
          FOR i IN 1 .. cardinality(waiting) LOOP
            candidate := NULL;
            IF p_pooled THEN
              LOOP
                IF cardinality(spare) > 0 THEN
                  candidate := spare[1];
                  spare := spare[2:];
                ELSIF next <= cardinality(p_candidates) THEN
                  candidate := p_candidates[next];
                  next := next + 1;
                ELSE
                  candidate := NULL;
                  EXIT;
                END IF;
                IF NOT candidate = ANY (taken) THEN
                  EXIT WHEN pg_try_advisory_xact_lock(pool_key, mod(candidate, 2147483648)::integer);
                  busy := busy || candidate;
                END IF;
              END LOOP;
            ELSIF pg_try_advisory_xact_lock(pool_key, mod(p_candidates[i], 2147483648)::integer)
                THEN
              candidate := p_candidates[i];
            END IF;
            IF candidate IS NOT NULL THEN
              hosts := hosts || waiting[i];
              blocks := blocks || candidate;
            END IF;
          END LOOP;
          EXIT WHEN cardinality(hosts) = 0;
          WITH w AS (
            INSERT INTO netboot6_allocation AS a (pool_id, block_index, host_key)
              SELECT p_pool_id, u.block, u.key FROM unnest(blocks, hosts) AS u (block, key)
              ON CONFLICT DO NOTHING RETURNING a.host_key, a.block_index)
            SELECT coalesce(array_agg(w.host_key), '{}'), coalesce(array_agg(w.block_index), '{}')
              INTO written_hosts, written_blocks FROM w;
          waiting := '{}';
          FOR i IN 1 .. cardinality(hosts) LOOP
            r_host := hosts[i];
            -- A block goes into at most one pair of a round: written means written for this host.
            IF blocks[i] = ANY (written_blocks) THEN
              r_block := blocks[i];
              RETURN NEXT;
              CONTINUE;
            END IF;
            IF r_host = ANY (written_hosts) THEN
              -- The same host twice in the batch: the other pair was written.
              IF p_pooled THEN
                spare := spare || blocks[i];
              END IF;
              CONTINUE;
            END IF;
            SELECT a.block_index INTO held FROM netboot6_allocation a
              WHERE a.pool_id = p_pool_id AND a.host_key = r_host;
            IF FOUND THEN
              r_block := held;
              RETURN NEXT;
              IF p_pooled THEN
                spare := spare || blocks[i];
              END IF;
              CONTINUE;
            END IF;
            -- The candidate is held (or was released again meanwhile).
            lowest := least(lowest, blocks[i]);
            waiting := waiting || hosts[i];
          END LOOP;
          done := NOT p_pooled OR cardinality(waiting) = 0;
        END LOOP;
        -- Pooled, another instance is most likely claiming these at this moment.
        FOREACH candidate IN ARRAY busy LOOP
          r_host := NULL;
          r_block := candidate;
          RETURN NEXT;
        END LOOP;
      END
      $$""";

  /**
   * Version 4 keeps a pool's row from going while it has allocations, the one direction of the
   * foreign key it drops that matters: the allocator writes rows only for a pool it registered, and
   * the per-row check of the key cost every insert a look-up and a row lock on the pool.
   */
  private static final String POOL_GUARD_FUNCTION =
      """
      CREATE FUNCTION netboot6_pool_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          IF EXISTS (SELECT FROM netboot6_allocation) THEN
            RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
              MESSAGE = 'netboot6_pool: truncate refused: netboot6_allocation holds rows';
          END IF;
          RETURN NULL;
        END IF;
        IF (TG_OP = 'DELETE' OR NEW.pool_id IS DISTINCT FROM OLD.pool_id)
            AND EXISTS (SELECT FROM netboot6_allocation a WHERE a.pool_id = OLD.pool_id) THEN
          RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = format('netboot6_pool: %s of pool %s refused: it holds allocations',
              lower(TG_OP), OLD.pool_id);
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END
      $$""";

  private static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              1,
              "pools and allocations",
              List.of(
                  "CREATE TABLE netboot6_pool ("
                      + " pool_id text PRIMARY KEY,"
                      + " pool text NOT NULL,"
                      + " created_at timestamptz NOT NULL DEFAULT now())",
                  "CREATE TABLE netboot6_allocation ("
                      + " pool_id text NOT NULL REFERENCES netboot6_pool (pool_id),"
                      + " block_index bigint NOT NULL CHECK (block_index >= 0),"
                      + " host_key bytea NOT NULL"
                      + " CHECK (octet_length(host_key) BETWEEN 2 AND 256),"
                      + " allocated_at timestamptz NOT NULL DEFAULT now(),"
                      + " CONSTRAINT netboot6_allocation_pkey PRIMARY KEY (pool_id, block_index),"
                      + " CONSTRAINT netboot6_allocation_host_key UNIQUE (pool_id, host_key))")),
          new Migration(
              2,
              "batched claims and releases",
              List.of(CLAIM_FUNCTION, CLAIM_GENERIC_PLANS, RELEASE_FUNCTION)),
          // Block numbers of pools up to a /48 pass what a bigint holds (2^77 /125 blocks).
          // Rewrites the table under an exclusive lock: instances of older versions refuse the
          // schema once it is applied (its version is newer than theirs).
          new Migration(
              3,
              "wide block numbers",
              List.of(
                  "ALTER TABLE netboot6_allocation ALTER COLUMN block_index TYPE numeric(39, 0)",
                  "DROP FUNCTION netboot6_claim(text, bytea[], bigint[], boolean)",
                  "DROP FUNCTION netboot6_release(text, bytea[])",
                  CLAIM_FUNCTION_NUMERIC,
                  CLAIM_GENERIC_PLANS_NUMERIC,
                  RELEASE_FUNCTION_NUMERIC)),
          // Instances of version 3 keep working while it is applied: the claim function keeps
          // its contract. EXECUTE PROCEDURE, not FUNCTION, for PostgreSQL before 11.
          new Migration(
              4,
              "claims insert first; pool guard instead of a foreign key",
              List.of(
                  "ALTER TABLE netboot6_allocation DROP CONSTRAINT netboot6_allocation_pool_id_fkey",
                  POOL_GUARD_FUNCTION,
                  "CREATE TRIGGER netboot6_pool_guard BEFORE DELETE OR UPDATE OF pool_id"
                      + " ON netboot6_pool FOR EACH ROW EXECUTE PROCEDURE netboot6_pool_guard()",
                  "CREATE TRIGGER netboot6_pool_guard_truncate BEFORE TRUNCATE ON netboot6_pool"
                      + " FOR EACH STATEMENT EXECUTE PROCEDURE netboot6_pool_guard()",
                  CLAIM_FUNCTION_INSERT_FIRST,
                  CLAIM_GENERIC_PLANS_NUMERIC)));

  /** The schema version this library writes. */
  static final int LATEST = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

  private SharedSchema() {}

  /**
   * Brings the schema up to {@link #LATEST}; leaves {@code connection} in auto-commit mode if it
   * succeeds.
   *
   * @return the version found before migrating, 0 for an empty database
   */
  @CanIgnoreReturnValue
  static int migrate(Connection connection) throws SQLException {
    return migrate(connection, LATEST);
  }

  /**
   * Brings the schema up to version {@code target}, as {@link #migrate(Connection)} does; the tests
   * use it to make a database of an older version.
   *
   * @return the version found before migrating, 0 for an empty database
   */
  @CanIgnoreReturnValue
  static int migrate(Connection connection, int target) throws SQLException {
    connection.setAutoCommit(false);
    try {
      try (PreparedStatement lock =
          connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, MIGRATION_LOCK);
        // Held until commit or rollback.
        lock.executeQuery().close();
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS netboot6_schema_version ("
                + " version integer PRIMARY KEY,"
                + " description text NOT NULL,"
                + " applied_at timestamptz NOT NULL DEFAULT now())");
      }
      int found;
      try (Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT coalesce(max(version), 0) FROM netboot6_schema_version")) {
        rs.next();
        found = rs.getInt(1);
      }
      if (found > LATEST) {
        throw new AllocationStoreException(
            "netboot6 schema version: "
                + found
                + " (expected: at most "
                + LATEST
                + ", the newest this library knows; upgrade the library)");
      }
      for (Migration migration : MIGRATIONS) {
        if (migration.version() <= found || migration.version() > target) {
          continue;
        }
        try (Statement statement = connection.createStatement()) {
          for (String sql : migration.statements()) {
            statement.execute(sql);
          }
        }
        try (PreparedStatement record =
            connection.prepareStatement(
                "INSERT INTO netboot6_schema_version (version, description) VALUES (?, ?)")) {
          record.setInt(1, migration.version());
          record.setString(2, migration.description());
          record.executeUpdate();
        }
      }
      connection.commit();
      connection.setAutoCommit(true);
      return found;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
  }
}
