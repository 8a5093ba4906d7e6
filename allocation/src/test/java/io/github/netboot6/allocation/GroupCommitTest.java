package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.Uninterruptibles;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The leader hand-off of {@link GroupCommit}, on connections that do nothing (the statements here
 * only record what they were given). The SQL side is {@link SharedAllocatorTest}'s, on PostgreSQL.
 */
class GroupCommitTest {

  static final class Numbered extends GroupCommit.Request {
    final int id;

    Numbered(int id) {
      this.id = id;
    }
  }

  @Test
  void run_manyThreads_everyRequestInExactlyOneBatch_withinTheLimits() throws Exception {
    int threads = 16;
    int perThread = 2_000;
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostRunning = new AtomicInteger();
    ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
    AtomicInteger largestBatch = new AtomicInteger();
    GroupCommit<Numbered> commit =
        new GroupCommit<>(
            connections(),
            (connection, batch) -> {
              int now = running.incrementAndGet();
              mostRunning.accumulateAndGet(now, Math::max);
              largestBatch.accumulateAndGet(batch.size(), Math::max);
              for (Numbered request : batch) {
                seen.add(request.id);
              }
              Thread.onSpinWait();
              running.decrementAndGet();
            },
            8,
            2);
    List<Thread> callers = new ArrayList<>();
    AtomicInteger completed = new AtomicInteger();
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      callers.add(
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  Numbered request = new Numbered(base + i);
                  commit.run("test", request);
                  if (request.done) {
                    completed.incrementAndGet();
                  }
                }
              }));
    }
    callers.forEach(Thread::start);
    for (Thread caller : callers) {
      caller.join();
    }

    assertThat(completed.get()).isEqualTo(threads * perThread);
    assertThat(seen).hasSize(threads * perThread).doesNotHaveDuplicates();
    assertThat(mostRunning.get()).isBetween(1, 2);
    assertThat(largestBatch.get()).isBetween(1, 8);
  }

  @Test
  void run_oneBatchAtATime_neverOverlaps() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostRunning = new AtomicInteger();
    GroupCommit<Numbered> commit =
        new GroupCommit<>(
            connections(),
            (connection, batch) -> {
              mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              Thread.yield();
              running.decrementAndGet();
            },
            64,
            1);
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      callers.add(
          new Thread(
              () -> {
                for (int i = 0; i < 1_000; i++) {
                  commit.run("test", new Numbered(i));
                }
              }));
    }
    callers.forEach(Thread::start);
    for (Thread caller : callers) {
      caller.join();
    }

    assertThat(mostRunning.get()).isEqualTo(1);
  }

  @Test
  void run_failedBatch_failsEveryRequestInItAndTheNextRunsOn() {
    AtomicInteger calls = new AtomicInteger();
    GroupCommit<Numbered> commit =
        new GroupCommit<>(
            connections(),
            (connection, batch) -> {
              if (calls.incrementAndGet() == 1) {
                throw new SQLException("disk full", "53100");
              }
            },
            8,
            2);

    assertThatThrownBy(() -> commit.run("allocate host-1", new Numbered(1)))
        .isInstanceOf(AllocationStoreException.class)
        .hasMessageContaining("allocate host-1: database error")
        .hasMessageContaining("53100");
    Numbered second = new Numbered(2);
    commit.run("allocate host-2", second);
    assertThat(second.done).isTrue();
    assertThat(second.failure).isNull();
  }

  @Test
  void run_loneCallerAfterABigBatch_waitsForTheOthersToShareItsBatch() throws Exception {
    ConcurrentLinkedQueue<Integer> sizes = new ConcurrentLinkedQueue<>();
    CountDownLatch firstBatchMayEnd = new CountDownLatch(1);
    GroupCommit<Numbered> commit =
        recordingSizes(sizes, firstBatchMayEnd, TimeUnit.SECONDS.toNanos(30));
    aloneThenQueued(commit, firstBatchMayEnd, 7);
    assertThat(sizes).containsExactly(1, 7);
    // A lone caller now waits for three quarters of seven (five, itself included) before it runs.
    List<Thread> next = new ArrayList<>();
    next.add(caller(commit, 10));
    Thread.sleep(50);
    for (int i = 11; i < 15; i++) {
      next.add(caller(commit, i));
    }
    for (Thread t : next) {
      t.join();
    }
    assertThat(sizes).containsExactly(1, 7, 5);
  }

  @Test
  void run_othersDoNotCome_leaderRunsAloneAfterTheWait() throws Exception {
    ConcurrentLinkedQueue<Integer> sizes = new ConcurrentLinkedQueue<>();
    CountDownLatch firstBatchMayEnd = new CountDownLatch(1);
    GroupCommit<Numbered> commit =
        recordingSizes(sizes, firstBatchMayEnd, TimeUnit.MILLISECONDS.toNanos(20));
    aloneThenQueued(commit, firstBatchMayEnd, 4);
    Numbered alone = new Numbered(99);
    commit.run("alone", alone);
    assertThat(alone.done).isTrue();
    assertThat(sizes).containsExactly(1, 4, 1);
  }

  /**
   * A group commit of one batch at a time whose statement records each batch's size, holding the
   * first batch open until {@code firstBatchMayEnd} is counted down.
   */
  private static GroupCommit<Numbered> recordingSizes(
      ConcurrentLinkedQueue<Integer> sizes, CountDownLatch firstBatchMayEnd, long gatherNanos) {
    return new GroupCommit<>(
        connections(),
        (connection, batch) -> {
          if (sizes.isEmpty()) {
            Uninterruptibles.awaitUninterruptibly(firstBatchMayEnd);
          }
          sizes.add(batch.size());
        },
        64,
        1,
        gatherNanos);
  }

  /**
   * One caller leads alone and holds its batch open until {@code queued} callers wait behind it;
   * they make the second batch. Returns when all have completed.
   */
  private static void aloneThenQueued(
      GroupCommit<Numbered> commit, CountDownLatch firstBatchMayEnd, int queued)
      throws InterruptedException {
    Thread first = caller(commit, 0);
    awaitParked(first);
    List<Thread> behind = new ArrayList<>();
    for (int i = 1; i <= queued; i++) {
      behind.add(caller(commit, i));
    }
    for (Thread t : behind) {
      awaitParked(t);
    }
    firstBatchMayEnd.countDown();
    first.join();
    for (Thread t : behind) {
      t.join();
    }
  }

  private static Thread caller(GroupCommit<Numbered> commit, int id) {
    Thread thread = new Thread(() -> commit.run("test", new Numbered(id)), "caller-" + id);
    thread.start();
    return thread;
  }

  /** Waits until {@code thread} waits: parked in the queue, or in the blocked statement. */
  private static void awaitParked(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (thread.getState() != Thread.State.WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(thread.getName() + " does not wait after 30 s");
      }
      Thread.sleep(1);
    }
  }

  /** Connections that accept the auto-commit and validity calls and nothing else. */
  private static SqlConnections connections() {
    return new SqlConnections(new NullDataSource(), 8);
  }

  private static final class NullDataSource implements DataSource {
    @Override
    public Connection getConnection() {
      return (Connection)
          Proxy.newProxyInstance(
              GroupCommitTest.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "getAutoCommit", "isValid" -> true;
                    case "setAutoCommit", "close", "rollback" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                  });
    }

    @Override
    public Connection getConnection(String username, String password) {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void setLoginTimeout(int seconds) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
