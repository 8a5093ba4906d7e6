package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that allocates and releases through a {@link JournalStore} with SIGKILL at
 * random moments, then checks after every restart that each acknowledged change is there: an
 * acknowledged allocation holds its block, an acknowledged release is gone, nothing is held twice,
 * and nothing else changed but the one operation per thread that was in flight.
 *
 * <p>A second run does the same on a wide pool ({@link #widePool()}, records of blocks past
 * 2<sup>63</sup> and 2<sup>64</sup>), 8 times ({@code -Dnetboot6.crash.wideCycles=N}).
 *
 * <p>{@code -Dnetboot6.crash.cycles=N} (default 20) and {@code -Dnetboot6.crash.seed=S} (printed)
 * make longer or repeated runs: {@code ./mvnw -pl allocation -am verify -Dtest=JournalCrashTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dnetboot6.crash.cycles=500}.
 */
class JournalCrashTest {
  private static final int THREADS = 4;

  static AddressPool pool() {
    // A small pool: random picks collide often, so probing and reuse are exercised too.
    return AddressPool.of(Ipv6Prefix.parse("2001:db8::/112"));
  }

  /**
   * A /48 whose available blocks are the 512 around block 2^64 (2001:db8:1:8::): every record is of
   * a block past 2^63, half of them past 2^64.
   */
  static AddressPool widePool() {
    return AddressPool.builder(Ipv6Prefix.parse("2001:db8:1::/48"))
        .reserve(
            Ipv6Address.parse("2001:db8:1::"),
            Ipv6Address.parse("2001:db8:1:7:ffff:ffff:ffff:f7ff"))
        .reserve(
            Ipv6Address.parse("2001:db8:1:8::800"),
            Ipv6Address.parse("2001:db8:1:ffff:ffff:ffff:ffff:ffff"))
        .build();
  }

  @Test
  void sigkillAtRandomMoments_losesNoAcknowledgedChange(@TempDir Path directory) throws Exception {
    crashCycles(
        directory,
        JournalCrashChild.class,
        pool(),
        Integer.getInteger("netboot6.crash.cycles", 20));
  }

  @Test
  void sigkillAtRandomMoments_widePool_losesNoAcknowledgedChange(@TempDir Path directory)
      throws Exception {
    assertThat(widePool().blockCount().subtract(widePool().unavailableBlockCount()))
        .isEqualTo(BigInteger.valueOf(512));
    crashCycles(
        directory,
        JournalCrashWideChild.class,
        widePool(),
        Integer.getInteger("netboot6.crash.wideCycles", 8));
  }

  private static void crashCycles(Path directory, Class<?> child, AddressPool pool, int cycles)
      throws Exception {
    long seed = Long.getLong("netboot6.crash.seed", System.nanoTime());
    System.out.println("JournalCrashTest seed: " + seed + " (-Dnetboot6.crash.seed=" + seed + ")");
    SplittableRandom random = new SplittableRandom(seed);
    // key -> block of the acknowledged state (null = released)
    Map<String, BigInteger> acknowledged = new HashMap<>();
    int totalAcks = 0;
    for (int cycle = 0; cycle < cycles; cycle++) {
      List<String> lines = runAndKill(child, directory, random);
      Map<String, String> inFlight = new HashMap<>();
      synchronized (lines) {
        for (String line : lines) {
          String[] f = line.split(" ");
          if (f[0].equals("?")) {
            inFlight.put(f[2], f[1]);
          } else if (f[0].equals("A")) {
            acknowledged.put(f[1], new BigInteger(f[2]));
            inFlight.remove(f[1]);
            totalAcks++;
          } else if (f[0].equals("R")) {
            acknowledged.put(f[1], null);
            inFlight.remove(f[1]);
            totalAcks++;
          }
        }
      }
      verify(directory, pool, acknowledged, inFlight, cycle, seed);
    }
    System.out.println(
        "JournalCrashTest: " + cycles + " kills, " + totalAcks + " acknowledged changes");
    assertThat(totalAcks).isGreaterThan(cycles);
  }

  private static void verify(
      Path directory,
      AddressPool pool,
      Map<String, BigInteger> acknowledged,
      Map<String, String> inFlight,
      int cycle,
      long seed) {
    String where = "cycle " + cycle + ", seed " + seed;
    try (JournalStore store = JournalStore.open(directory);
        Allocator allocator = Allocator.builder(pool).store(store).build()) {
      Set<BigInteger> blocks = new HashSet<>();
      Map<String, BigInteger> actual = new HashMap<>();
      allocator.forEach(
          a -> {
            assertThat(blocks.add(a.blockNumber())).as(where + ": block held twice").isTrue();
            String key = a.host().toString().substring("name:".length());
            actual.put(key, a.blockNumber());
          });
      for (Map.Entry<String, BigInteger> e : acknowledged.entrySet()) {
        String key = e.getKey();
        BigInteger held = actual.get(key);
        String pending = inFlight.get(key);
        if (e.getValue() != null) {
          // Acknowledged allocation: still there, same block, unless a release was in flight.
          if (!(held == null && "R".equals(pending))) {
            assertThat(held)
                .as(where + ": acknowledged allocation of " + key)
                .isEqualTo(e.getValue());
          }
        } else if (held != null) {
          assertThat(pending)
              .as(where + ": released " + key + " reappeared at " + held)
              .isEqualTo("A");
        }
      }
      for (String key : actual.keySet()) {
        if (!acknowledged.containsKey(key)) {
          assertThat(inFlight.get(key)).as(where + ": unacknowledged " + key).isEqualTo("A");
        }
      }
      // What the restart holds is now the truth (in-flight changes became durable or vanished).
      acknowledged.clear();
      acknowledged.putAll(actual);
      for (String key : inFlight.keySet()) {
        acknowledged.putIfAbsent(key, null);
      }
      assertThat(allocator.statistics().allocatedBlocks()).isEqualTo(actual.size());
    }
  }

  /** Starts {@code main}'s class in a child JVM with the directory, seed and thread count. */
  /**
   * Starts a child JVM running {@code main} on {@code directory}, waits until it is ready, lets it
   * work for 50 to 450 ms, kills it with SIGKILL and returns every line it printed (its
   * acknowledgements), read to the end of its output.
   */
  static List<String> runAndKill(Class<?> main, Path directory, SplittableRandom random)
      throws IOException, InterruptedException {
    Process child = start(main, directory, random.nextLong());
    List<String> lines = new ArrayList<>();
    Thread reader = new Thread(() -> readLines(child, lines));
    reader.start();
    waitForReady(lines, child);
    Thread.sleep(50 + random.nextInt(400));
    // SIGKILL through the handle: Process.destroyForcibly() also closes our end of the child's
    // stdout, which drops the acknowledgements still in the pipe and makes the model wrong.
    assertThat(child.toHandle().destroyForcibly()).isTrue();
    if (!child.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the child JVM was still running 30 s after SIGKILL");
    }
    reader.join();
    return lines;
  }

  static Process start(Class<?> main, Path directory, long seed) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            main.getName(),
            directory.toString(),
            Long.toString(seed),
            Integer.toString(THREADS))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  static void readLines(Process child, List<String> lines) {
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
      // The child was killed: the last line may be cut; readLine returned what was whole.
    }
  }

  static void waitForReady(List<String> lines, Process child) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    synchronized (lines) {
      while (!lines.contains("READY")) {
        assertThat(child.isAlive() || lines.contains("READY")).as("child alive").isTrue();
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the child JVM did not report ready within 30 s");
        }
        lines.wait(100);
      }
    }
  }
}
