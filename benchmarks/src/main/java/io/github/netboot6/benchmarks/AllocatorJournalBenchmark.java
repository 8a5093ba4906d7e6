package io.github.netboot6.benchmarks;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocation;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.allocation.JournalStore;
import io.github.netboot6.core.Ipv6Prefix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable changes per second through the {@link JournalStore} (each one fsynced before it returns,
 * concurrent callers sharing a flush), with {@code hosts} blocks already in the journal. Run with
 * {@code -t 1} and {@code -t 32}: the score is allocate+release pairs per second, so durable
 * changes per second are twice the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class AllocatorJournalBenchmark {

  /** How many hosts are in the journal before measuring. */
  @Param({"1000000"})
  public int hosts;

  private Path directory;
  private Allocator allocator;
  private final AtomicInteger threads = new AtomicInteger();

  /** Per-thread state: the thread's own new keys. */
  @State(Scope.Thread)
  public static class PerThread {
    HostKey[] fresh;
    int next;

    /**
     * Draws this thread's keys.
     *
     * @param benchmark the shared state
     */
    @Setup(Level.Trial)
    public void setUp(AllocatorJournalBenchmark benchmark) {
      int id = benchmark.threads.incrementAndGet();
      fresh = new HostKey[1024];
      for (int i = 0; i < fresh.length; i++) {
        fresh[i] = HostKey.ofName("bench-" + id + "-" + i);
      }
    }
  }

  /**
   * Writes {@code hosts} allocations straight through the store SPI (one flush), then opens the
   * allocator on them, as a restart would.
   *
   * @throws IOException if the temporary directory cannot be made
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    directory = Files.createTempDirectory("netboot6-journal-bench");
    try (JournalStore store = JournalStore.open(directory)) {
      long ticket = 0;
      for (int i = 0; i < hosts; i++) {
        ticket = store.append(i, HostKey.ofName("host-" + i), true);
      }
      store.awaitDurable(ticket);
    }
    long start = System.nanoTime();
    allocator =
        Allocator.builder(AddressPool.of(Ipv6Prefix.parse("2001:db8::/64")))
            .store(JournalStore.open(directory))
            .build();
    System.out.printf(
        "%nstart-up with %d hosts in the journal: %d ms%n",
        hosts, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /**
   * Closes the allocator and deletes the journal.
   *
   * @throws IOException if the directory cannot be deleted
   */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    allocator.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /**
   * Durably allocates a block for a new host, then durably releases it.
   *
   * @param t the thread's state
   * @return the allocation
   */
  @Benchmark
  public Allocation allocateThenRelease(PerThread t) {
    HostKey key = t.fresh[t.next++ & 1023];
    Allocation allocation = allocator.allocate(key);
    Optional<Allocation> released = allocator.release(key);
    return released.orElse(allocation);
  }
}
