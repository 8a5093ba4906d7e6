package io.github.netboot6.allocation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
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
 * <p>Up to {@code maxLeaders} batches run at once, each on its own connection: while one waits for
 * its commit, the next gathers the requests that came meanwhile and runs, and PostgreSQL flushes
 * the WAL of both commits together when they overlap. A caller that finds fewer batches running
 * leads one at once, with its own request first; otherwise it queues its request and waits. A
 * leader may first wait a moment for more requests (see {@link #gather}), then takes the requests
 * queued so far (at most {@code maxBatch} in all), runs them on one connection in auto-commit mode,
 * wakes their callers, and hands the lead to the caller of the next queued request, if any. A
 * request completes only once its batch's statement has committed, or fails with the batch's error:
 * nothing is acknowledged before it is durable. A deadlock or serialization failure between two
 * batches (touching the same host keys in opposite orders) rolls the batch back, and it runs again.
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
  private final int maxLeaders;
  private final long gatherNanos;
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock: the requests not yet taken into a batch, how many batches are running, and
  // how many requests the last batch took.
  private final ArrayDeque<R> queue = new ArrayDeque<>();
  private int leaders;
  private int lastBatchSize;

  GroupCommit(SqlConnections connections, Statement<R> statement, int maxBatch, int maxLeaders) {
    this(connections, statement, maxBatch, maxLeaders, 0);
  }

  /**
   * Creates a group commit whose leaders first wait up to {@code gatherNanos} for the callers of
   * the last batch (see {@link #gather}); 0 does not wait.
   */
  GroupCommit(
      SqlConnections connections,
      Statement<R> statement,
      int maxBatch,
      int maxLeaders,
      long gatherNanos) {
    this.connections = connections;
    this.statement = statement;
    this.maxBatch = maxBatch;
    this.maxLeaders = maxLeaders;
    this.gatherNanos = gatherNanos;
  }

  /**
   * Checks a longest gather wait as {@code JournalStore.Builder.gather} and {@code
   * SharedAllocator.Builder.gather} take it, and returns it in nanoseconds.
   *
   * @throws IllegalArgumentException if {@code maxWait} is not from 0 to 10 ms
   */
  static long gatherNanos(Duration maxWait) {
    requireNonNull(maxWait, "maxWait");
    checkArgument(
        !maxWait.isNegative() && maxWait.compareTo(Duration.ofMillis(10)) <= 0,
        "gather: %s (expected: 0 to 10 ms)",
        maxWait);
    return maxWait.toNanos();
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
      leader = leaders < maxLeaders;
      if (leader) {
        leaders++;
      } else {
        queue.addLast(request);
      }
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
    // A request handed the lead was taken off the queue, so no other batch can have run it.
    if (!request.done) {
      lead(request);
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
   * Runs one batch, the leader's own request and those queued, wakes their callers, and hands the
   * lead to the caller of the next queued request; with none queued, one batch fewer runs.
   */
  private void lead(R own) {
    List<R> batch = new ArrayList<>();
    batch.add(own);
    lock.lock();
    try {
      gather();
      while (batch.size() < maxBatch && !queue.isEmpty()) {
        batch.add(queue.removeFirst());
      }
      lastBatchSize = batch.size();
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
      next = queue.pollFirst();
      if (next == null) {
        leaders--;
      }
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

  /**
   * Gives the callers the last batch woke a moment to call again, so that they share this batch
   * instead of waiting for it and making the next one: a batch that found nobody queued would
   * otherwise run alone, and the callers behind it would wait out its round trip and commit. Waits,
   * with the lock released, until this leader and the queued requests make three quarters of the
   * last batch, or for at most {@link #gatherNanos}. After a batch of fewer than three it does not
   * wait. Yields rather than parks: a timed park oversleeps by the kernel's timer slack. Called
   * with the lock held.
   */
  @SuppressWarnings("ThreadPriorityCheck") // yield: see above
  private void gather() {
    int wanted = lastBatchSize * 3 / 4;
    if (gatherNanos == 0 || wanted <= 1) {
      return;
    }
    long start = System.nanoTime();
    while (1 + queue.size() < wanted && System.nanoTime() - start < gatherNanos) {
      lock.unlock();
      Thread.yield();
      lock.lock();
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
