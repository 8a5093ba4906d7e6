package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.Ipv6Address;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JournalCrashTest} for the {@link InstallRange}: kills a child JVM that allocates and
 * releases phase addresses through a {@link JournalStore} with SIGKILL at random moments, then
 * checks after every restart that each acknowledged change is there and nothing else changed but
 * the one operation per thread that was in flight.
 *
 * <p>{@code -Dnetboot6.installRangeCrash.cycles=N} (default 12) and {@code
 * -Dnetboot6.installRangeCrash.seed=S} (printed) make longer or repeated runs.
 */
class InstallRangeCrashTest {
  static final int KEYS = 16;
  private static final int THREADS = 4;

  static InstallRange.Builder builder() {
    // 4 threads x 16 keys x 6 phases = 384 holders at most: never exhausted, but next-fit wraps.
    return InstallRange.builder(Ipv6Address.parse("2001:db8:0:1::"), 400);
  }

  @Test
  void sigkillAtRandomMoments_losesNoAcknowledgedChange(@TempDir Path directory) throws Exception {
    int cycles = Integer.getInteger("netboot6.installRangeCrash.cycles", 12);
    long seed = Long.getLong("netboot6.installRangeCrash.seed", System.nanoTime());
    System.out.println(
        "InstallRangeCrashTest seed: "
            + seed
            + " (-Dnetboot6.installRangeCrash.seed="
            + seed
            + ")");
    SplittableRandom random = new SplittableRandom(seed);
    // "key phase" -> address of the acknowledged state (absent = not held)
    Map<String, String> acknowledged = new HashMap<>();
    int totalAcks = 0;
    for (int cycle = 0; cycle < cycles; cycle++) {
      List<String> lines =
          JournalCrashTest.runAndKill(InstallRangeCrashChild.class, directory, random);
      // key -> the operation in flight: "A phase", "R phase" or "X"
      Map<String, String> inFlight = new HashMap<>();
      synchronized (lines) {
        for (String line : lines) {
          String[] f = line.split(" ");
          switch (f[0]) {
            case "?" -> inFlight.put(f[2], f[1].equals("X") ? "X" : f[1] + " " + f[3]);
            case "A" -> acknowledged.put(f[1] + " " + f[2], f[3]);
            case "R" -> acknowledged.remove(f[1] + " " + f[2]);
            case "X" -> acknowledged.keySet().removeIf(slot -> slot.startsWith(f[1] + " "));
            default -> {
              continue; // READY
            }
          }
          if (!f[0].equals("?")) {
            inFlight.remove(f[1]);
            totalAcks++;
          }
        }
      }
      verify(directory, acknowledged, inFlight, "cycle " + cycle + ", seed " + seed);
    }
    System.out.println(
        "InstallRangeCrashTest: " + cycles + " kills, " + totalAcks + " acknowledged changes");
    assertThat(totalAcks).isGreaterThan(cycles);
  }

  private static void verify(
      Path directory,
      Map<String, String> acknowledged,
      Map<String, String> inFlight,
      String where) {
    Map<String, String> actual = new HashMap<>();
    try (InstallRange range = builder().store(JournalStore.open(directory)).build()) {
      range.forEach(
          (address, holder) -> {
            String key = holder.host().toString().substring("name:".length());
            actual.put(key + " " + holder.phase(), address.toString());
          });
      assertThat(range.allocatedCount()).isEqualTo(actual.size());
    }
    Set<String> slots = new HashSet<>(acknowledged.keySet());
    slots.addAll(actual.keySet());
    for (String slot : slots) {
      String key = slot.substring(0, slot.indexOf(' '));
      String phase = slot.substring(slot.indexOf(' ') + 1);
      String expected = acknowledged.get(slot);
      String held = actual.get(slot);
      String pending = inFlight.get(key);
      if (expected != null && held == null) {
        assertThat(pending)
            .as(where + ": acknowledged " + slot + " at " + expected + " lost")
            .isIn("R " + phase, "X");
      } else if (expected != null) {
        // An allocation in flight for a held slot returns the same address: no change.
        assertThat(held).as(where + ": acknowledged " + slot).isEqualTo(expected);
      } else if (held != null) {
        assertThat(pending)
            .as(where + ": " + slot + " at " + held + " was never acknowledged")
            .isEqualTo("A " + phase);
      }
    }
    // What the restart holds is now the truth (in-flight changes became durable or vanished).
    acknowledged.clear();
    acknowledged.putAll(actual);
  }
}
