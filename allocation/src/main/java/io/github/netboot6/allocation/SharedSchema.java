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
                      + " CONSTRAINT netboot6_allocation_host_key UNIQUE (pool_id, host_key))")));

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
        if (migration.version() <= found) {
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
