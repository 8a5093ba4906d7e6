package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.Ipv6Prefix;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two child JVMs ({@link SharedAllocatorChild}), 8 threads each, allocate and release on one pool
 * in one PostgreSQL database, then the parent checks what they report against each other and
 * against the database: no block held by two hosts at once, every acknowledged allocation and
 * release in the final state, nothing else there.
 *
 * <p>{@code -Dnetboot6.shared.jvmOperations=N} sets the total operations of both children (default
 * 100,000, the size). "At once" compares {@link System#nanoTime()} across the two JVMs: on
 * Linux both read {@code CLOCK_MONOTONIC}, one clock for the whole machine.
 */
@Tag("interop")
class SharedAllocatorTwoJvmsTest {
  static final AddressPool POOL = AddressPool.of(Ipv6Prefix.parse("2001:db8::/64"));

  private static final int THREADS = 8;
  private static final int OPERATIONS =
      Integer.getInteger("netboot6.shared.jvmOperations", 100_000);

  /** One acknowledged operation: a block, or -1 for a release of nothing. */
  private record Op(boolean allocate, String key, long block, long start, long end) {}

  /** A block surely held by a host from {@code from} to {@code to}. */
  private record Holding(long block, String key, long from, long to) {}

  @Test
  void allocateRelease_twoJvmsEightThreadsEach_noDuplicateNoLoss() throws Exception {
    try (PostgresCluster cluster = PostgresCluster.start()) {
      DataSource dataSource = cluster.createDatabase("twojvms");
      String url = cluster.url("twojvms");
      long started = System.nanoTime();
      List<Process> children = new ArrayList<>();
      List<List<String>> outputs = new ArrayList<>();
      List<Thread> readers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Process child = start(url, "j" + i, OPERATIONS / 2 + (i == 0 ? OPERATIONS % 2 : 0), i);
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> readLines(child, lines));
        reader.start();
        children.add(child);
        outputs.add(lines);
        readers.add(reader);
      }
      try {
        // Both children built their allocator (and raced to migrate the fresh database): go.
        for (int i = 0; i < 2; i++) {
          waitForReady(outputs.get(i), children.get(i));
        }
        for (Process child : children) {
          OutputStream in = child.getOutputStream();
          in.write("GO\n".getBytes(StandardCharsets.UTF_8));
          in.flush();
        }
        for (int i = 0; i < 2; i++) {
          assertThat(children.get(i).waitFor(10, TimeUnit.MINUTES))
              .as("child %s ended", i)
              .isTrue();
          readers.get(i).join();
          assertThat(children.get(i).exitValue()).as("exit status of child %s", i).isZero();
        }
      } finally {
        children.forEach(Process::destroyForcibly);
      }
      double seconds = (System.nanoTime() - started) / 1e9;

      List<List<Op>> ops = new ArrayList<>();
      for (List<String> lines : outputs) {
        assertThat(lines.get(lines.size() - 1)).startsWith("DONE ");
        ops.add(parse(lines.subList(1, lines.size() - 1)));
      }
      assertThat(ops.get(0).size() + ops.get(1).size()).isEqualTo(OPERATIONS);
      // The children's runs overlap: each was busy while the other was.
      long lastStart = Math.max(ops.get(0).get(0).start(), ops.get(1).get(0).start());
      long firstEnd =
          Math.min(
              ops.get(0).get(ops.get(0).size() - 1).end(),
              ops.get(1).get(ops.get(1).size() - 1).end());
      assertThat(lastStart).as("children ran at the same time").isLessThan(firstEnd);

      List<Holding> holdings = new ArrayList<>();
      Map<String, Long> expected = new HashMap<>();
      for (List<Op> childOps : ops) {
        replay(childOps, holdings, expected);
      }
      assertNoBlockHeldTwice(holdings);
      assertThat(stored(dataSource)).isEqualTo(expected);
      System.out.printf(
          Locale.ROOT,
          "SharedAllocatorTwoJvmsTest: %d operations, 2 JVMs x %d threads, %s, %.1f s in all"
              + " (JVM start-up included)%n",
          OPERATIONS,
          THREADS,
          outputs.stream()
              .map(lines -> lines.get(lines.size() - 1).substring("DONE ".length()) + " s")
              .toList(),
          seconds);
    }
  }

  private static Process start(String url, String instance, int operations, long seed)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-Xshare:auto",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            SharedAllocatorChild.class.getName(),
            url,
            instance,
            Integer.toString(THREADS),
            Integer.toString(operations),
            Long.toString(seed))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static void readLines(Process child, List<String> lines) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      throw new AssertionError("reading a child's output", e);
    }
  }

  private static void waitForReady(List<String> lines, Process child) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (lines) {
      while (lines.isEmpty()) {
        assertThat(child.isAlive()).as("child alive").isTrue();
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the child JVMs did not report ready within 60 s");
        }
        lines.wait(100);
      }
      assertThat(lines.get(0)).isEqualTo("READY");
    }
  }

  private static List<Op> parse(List<String> lines) {
    List<Op> ops = new ArrayList<>(lines.size());
    for (String line : lines) {
      String[] f = line.split(" ");
      assertThat(f).as("line %s", line).hasSize(5);
      long block = f[2].equals("-") ? -1 : Long.parseLong(f[2]);
      ops.add(new Op(f[0].equals("A"), f[1], block, Long.parseLong(f[3]), Long.parseLong(f[4])));
    }
    return ops;
  }

  /**
   * Replays one child's operations key by key: an allocation of a held key returns its block, a
   * release returns the held block or nothing if none is held. Adds what each key surely held and
   * when (from the end of the allocation to the start of the release) to {@code holdings}, and each
   * key's final block to {@code expected}.
   */
  private static void replay(List<Op> ops, List<Holding> holdings, Map<String, Long> expected) {
    Map<String, Op> held = new HashMap<>();
    for (Op op : ops) {
      Op holding = held.get(op.key());
      if (op.allocate()) {
        if (holding != null) {
          assertThat(op.block())
              .as("idempotent allocation of %s", op.key())
              .isEqualTo(holding.block());
        } else {
          held.put(op.key(), op);
        }
      } else if (holding != null) {
        assertThat(op.block()).as("release of %s", op.key()).isEqualTo(holding.block());
        holdings.add(new Holding(holding.block(), op.key(), holding.end(), op.start()));
        held.remove(op.key());
      } else {
        assertThat(op.block()).as("release of %s, which holds nothing", op.key()).isEqualTo(-1);
      }
    }
    for (Op holding : held.values()) {
      holdings.add(new Holding(holding.block(), holding.key(), holding.end(), Long.MAX_VALUE));
      expected.put(holding.key(), holding.block());
    }
  }

  private static void assertNoBlockHeldTwice(List<Holding> holdings) {
    holdings.sort(Comparator.comparingLong(Holding::block).thenComparingLong(Holding::from));
    for (int i = 1; i < holdings.size(); i++) {
      Holding before = holdings.get(i - 1);
      Holding after = holdings.get(i);
      if (before.block() == after.block()) {
        assertThat(after.from())
            .as("block %s held by %s and %s at once", after.block(), before.key(), after.key())
            .isGreaterThanOrEqualTo(before.to());
      }
    }
  }

  /** The pool's allocations as the database has them, read with plain SQL. */
  private static Map<String, Long> stored(DataSource dataSource) throws Exception {
    Map<String, Long> stored = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT host_key, block_index FROM netboot6_allocation WHERE pool_id = 'default'")) {
      while (rs.next()) {
        String key = HostKey.fromBytes(rs.getBytes(1)).toString().substring("name:".length());
        assertThat(stored.put(key, rs.getLong(2))).isNull();
      }
    }
    return stored;
  }
}
