package io.github.netboot6.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's floor for the look-up goals: one dependent random read (pointer chasing through a
 * single random cycle) in an {@code int[]} of {@code kib} KiB. A look-up in a structure of a
 * million hosts that is larger than the caches costs at least one such read per pointer it follows;
 * run this beside the resolver and allocator benchmarks to see how much of their time is the
 * memory's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class MemoryLatencyBenchmark {

  /** The array's size in KiB. */
  @Param({"256", "1024", "4096", "16384", "65536"})
  public int kib;

  private int[] next;
  private int at;

  /** Builds one random cycle through every element. */
  @Setup
  public void setUp() {
    int n = kib * 256;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    next = new int[n];
    for (int i = 0; i < n; i++) {
      next[order[i]] = order[(i + 1) % n];
    }
  }

  /**
   * Follows one link of the cycle.
   *
   * @return where it led, so the read is not dropped
   */
  @Benchmark
  public int dependentRead() {
    at = next[at];
    return at;
  }
}
