package io.github.netboot6.allocation;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Connections of a {@link SharedAllocator}: taken from the caller's {@link DataSource}, kept for
 * reuse while they work, and dropped (all of them) as soon as one fails, so that the next operation
 * after an outage starts on a fresh connection.
 */
final class SqlConnections implements AutoCloseable {
  /** Work on one connection. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** An idle connection older than this is checked with {@link Connection#isValid} before use. */
  private static final long CHECK_AFTER_NANOS = 1_000_000_000L;

  private static final int CHECK_TIMEOUT_SECONDS = 2;

  private record Idle(Connection connection, long since) {}

  private final DataSource dataSource;
  private final int maxIdle;
  private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  SqlConnections(DataSource dataSource, int maxIdle) {
    this.dataSource = dataSource;
    this.maxIdle = maxIdle;
  }

  /**
   * Runs {@code work} on a connection in auto-commit mode; on failure rolls back whatever the work
   * left open and closes the connection.
   *
   * @throws StoreUnavailableException if the database cannot be reached, naming {@code operation}
   * @throws AllocationStoreException on another database error, naming {@code operation}
   */
  @CanIgnoreReturnValue
  <T> T run(String operation, Work<T> work) {
    try {
      return call(work);
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  /**
   * Runs {@code work} as {@link #run} does, but leaves it to the caller to turn a database error
   * into the library's exception (a batch does it once per request in it).
   */
  @CanIgnoreReturnValue
  <T> T call(Work<T> work) throws SQLException {
    if (closed) {
      throw new IllegalStateException("shared allocator: closed (expected: open)");
    }
    Connection connection = take();
    T result;
    try {
      result = work.run(connection);
    } catch (SQLException e) {
      discard(connection, isUnavailable(e));
      throw e;
    } catch (RuntimeException | Error e) {
      discard(connection, false);
      throw e;
    }
    give(connection);
    return result;
  }

  private Connection take() throws SQLException {
    Idle reused;
    while ((reused = idle.pollFirst()) != null) {
      Connection connection = reused.connection();
      try {
        if (System.nanoTime() - reused.since() < CHECK_AFTER_NANOS
            || connection.isValid(CHECK_TIMEOUT_SECONDS)) {
          return connection;
        }
      } catch (SQLException e) {
        // Not valid: drop it below.
      }
      closeQuietly(connection);
    }
    Connection connection = dataSource.getConnection();
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw e;
    }
    return connection;
  }

  private void give(Connection connection) {
    if (!closed && idle.size() < maxIdle) {
      idle.offerFirst(new Idle(connection, System.nanoTime()));
      if (closed) {
        drain();
      }
    } else {
      closeQuietly(connection);
    }
  }

  private void discard(Connection connection, boolean unavailable) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      // The connection is going away; the server rolls back what it did not commit.
    }
    closeQuietly(connection);
    if (unavailable) {
      // A lost connection usually means the others are dead too (a restart): start afresh.
      drain();
    }
  }

  private void drain() {
    Idle dropped;
    while ((dropped = idle.pollFirst()) != null) {
      closeQuietly(dropped.connection());
    }
  }

  @Override
  public void close() {
    closed = true;
    drain();
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing to do: it is unusable either way.
    }
  }

  /** Turns a driver exception into the library's, naming the operation. */
  static AllocationStoreException failure(String operation, SQLException e) {
    String state = e.getSQLState();
    String detail = "(SQLState " + (state == null ? "none" : state) + ": " + e.getMessage() + ")";
    if (isUnavailable(e)) {
      return new StoreUnavailableException(
          operation + ": database unavailable " + detail + "; rolled back, retry later", e);
    }
    return new AllocationStoreException(operation + ": database error " + detail, e);
  }

  /**
   * Tells whether {@code e} means that the database cannot be reached: SQLState class 08
   * (connection exception), 57P0x (shutdown, crash, starting up), 53300 (too many connections).
   */
  static boolean isUnavailable(@Nullable Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null
            && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
