package io.github.netboot6.allocation;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Group commit for {@link SharedAllocator}: concurrent requests of one kind run together as one
 * statement in one transaction, so that they share a round trip and a commit (one WAL flush)
 * instead of paying for one each.
 *
 * <p>A caller queues its request and, if no batch is running, becomes the leader: it takes the
 * requests queued so far (at most {@code maxBatch}), runs them on one connection in auto-commit
 * mode, wakes their callers, and hands the lead to the caller of the next queued request. A request
 * completes only once its batch's statement has committed, or fails with the batch's error: nothing
 * is acknowledged before it is durable. A deadlock or serialization failure between two batches
 * (two instances touching the same host keys in opposite orders) rolls the batch back, and it runs
 * again.
 *
 * @param <R> the kind of request
 */
final class GroupCommit<R extends GroupCommit.Request> {
  /** A request's completion; a subclass adds the statement's input and its result. */
  static class Request {
    // Package-private: GroupCommit reads them through its type variable.
    volatile boolean done;
    volatile boolean leads;
    // Written before done is set, read after it is seen set.
    @Nullable Throwable failure;
    @Nullable Thread waiter;
  }

  /** Runs a batch on a connection and records each request's result in it. */
  interface Statement<R> {
    void run(Connection connection, List<R> batch) throws SQLException;
  }

  private static final int MAX_CONFLICT_RETRIES = 10;

  private final SqlConnections connections;
  private final Statement<R> statement;
  private final int maxBatch;
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock: the requests not yet taken into a batch, and whether a leader is at work.
  private final ArrayDeque<R> queue = new ArrayDeque<>();
  private boolean running;

  GroupCommit(SqlConnections connections, Statement<R> statement, int maxBatch) {
    this.connections = connections;
    this.statement = statement;
    this.maxBatch = maxBatch;
  }

  /**
   * Runs {@code request} in a batch and returns once the batch has committed. Not interruptible: an
   * interrupt is kept for the caller to see afterwards.
   *
   * @throws StoreUnavailableException if the database cannot be reached, naming {@code operation}
   * @throws AllocationStoreException on another database error, naming {@code operation}
   */
  void run(String operation, R request) {
    request.waiter = Thread.currentThread();
    boolean leader;
    lock.lock();
    try {
      queue.addLast(request);
      leader = !running;
      running = true;
    } finally {
      lock.unlock();
    }
    if (!leader) {
      boolean interrupted = false;
      while (!request.done && !request.leads) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (!request.done) {
      lead();
    }
    Throwable failure = request.failure;
    if (failure instanceof SQLException e) {
      throw SqlConnections.failure(operation, e);
    } else if (failure instanceof RuntimeException e) {
      throw e;
    } else if (failure instanceof Error e) {
      throw e;
    }
  }

  /**
   * Runs one batch from the head of the queue, which holds the leader's own request, wakes its
   * callers, and hands the lead to the caller of the next queued request, if any.
   */
  private void lead() {
    List<R> batch = new ArrayList<>();
    lock.lock();
    try {
      while (batch.size() < maxBatch && !queue.isEmpty()) {
        batch.add(queue.removeFirst());
      }
    } finally {
      lock.unlock();
    }
    Throwable failure = null;
    try {
      execute(batch);
    } catch (SQLException | RuntimeException | Error e) {
      failure = e;
    }
    R next;
    lock.lock();
    try {
      next = queue.peekFirst();
      running = next != null;
    } finally {
      lock.unlock();
    }
    for (R request : batch) {
      request.failure = failure;
      request.done = true;
      if (request.waiter != Thread.currentThread()) {
        LockSupport.unpark(request.waiter);
      }
    }
    if (next != null) {
      next.leads = true;
      LockSupport.unpark(next.waiter);
    }
  }

  private void execute(List<R> batch) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        connections.call(
            connection -> {
              statement.run(connection, batch);
              return Boolean.TRUE;
            });
        return;
      } catch (SQLException e) {
        if (attempt == MAX_CONFLICT_RETRIES || !isConflict(e)) {
          throw e;
        }
      }
    }
  }

  /** Tells whether {@code e} is a deadlock (40P01) or serialization failure (40001). */
  private static boolean isConflict(SQLException e) {
    String state = e.getSQLState();
    return "40P01".equals(state) || "40001".equals(state);
  }
}
