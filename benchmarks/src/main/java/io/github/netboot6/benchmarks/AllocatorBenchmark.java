package io.github.netboot6.benchmarks;

import io.github.netboot6.allocation.AddressLookup;
import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocation;
import io.github.netboot6.allocation.AllocationStrategy;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MacAddress;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory allocator with {@code hosts} blocks already allocated in a /64 of /125 blocks:
 * allocate-next then release (one pair per operation), look-up by address and by host key. Run with
 * {@code -t 1}, {@code -t 8}, {@code -t 32} for contention; {@code -p hosts=10000000} needs {@code
 * -jvmArgs -Xmx4g}. The set-up prints the retained heap per allocated block.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class AllocatorBenchmark {

  /** How many hosts are allocated before measuring. */
  @Param({"1000000"})
  public int hosts;

  /** The strategy of the pre-filled allocator: dense (lowest free) or spread over the /64. */
  @Param({"LOWEST_FREE", "RANDOM"})
  public String strategy;

  /**
   * The kind of host key: {@code NAME} ("host-0", "host-1", ...) or {@code MAC}, a rack's
   * sequential MAC addresses (52:54:00:00:00:00, 52:54:00:00:00:01, ...), keys that differ only in
   * their last bytes.
   */
  @Param({"NAME", "MAC"})
  public String keys;

  private Allocator allocator;
  private Ipv6Address[] addresses;
  // The allocated permanent addresses' low halves, shuffled, read in order (no cache miss).
  private long[] wireLows;
  private long wireHigh;
  private HostKey[] hostKeys;
  private final AtomicInteger threads = new AtomicInteger();

  /** Per-thread state: the thread's own new keys and a random source. */
  @State(Scope.Thread)
  public static class PerThread {
    HostKey[] fresh;
    int next;
    int wire;
    int inHand;
    SplittableRandom random;

    /**
     * Draws this thread's keys.
     *
     * @param benchmark the shared state
     */
    @Setup(Level.Trial)
    public void setUp(AllocatorBenchmark benchmark) {
      int id = benchmark.threads.incrementAndGet();
      fresh = new HostKey[1024];
      for (int i = 0; i < fresh.length; i++) {
        fresh[i] = benchmark.key(((long) id << 24) + (1L << 32) + i, "bench-" + id + "-" + i);
      }
      random = new SplittableRandom(id);
    }
  }

  /** Fills the allocator and measures its retained heap. */
  @Setup(Level.Trial)
  public void setUp() {
    Runtime runtime = Runtime.getRuntime();
    long[] blocks = new long[hosts]; // before the first measure: counted in neither figure
    System.gc();
    long before = runtime.totalMemory() - runtime.freeMemory();
    allocator =
        Allocator.builder(AddressPool.of(Ipv6Prefix.parse("2001:db8::/64")))
            .strategy(
                strategy.equals("RANDOM")
                    ? AllocationStrategy.random(42)
                    : AllocationStrategy.lowestFree())
            .build();
    hostKeys = new HostKey[hosts];
    addresses = new Ipv6Address[hosts];
    for (int i = 0; i < hosts; i++) {
      hostKeys[i] = key(i, "host-" + i);
    }
    System.gc();
    long keysOnly = runtime.totalMemory() - runtime.freeMemory();
    for (int i = 0; i < hosts; i++) {
      blocks[i] = allocator.allocate(hostKeys[i]).blockIndex();
    }
    System.gc();
    long after = runtime.totalMemory() - runtime.freeMemory();
    System.out.printf(
        "%n%s, %s keys, %d hosts: allocator retains %.1f bytes per block (the host keys, %.1f bytes each,"
            + " are not counted: the caller holds them)%n",
        strategy,
        keys,
        hosts,
        (after - keysOnly) / (double) hosts,
        (keysOnly - before) / (double) hosts);
    AddressPool pool = allocator.pool();
    for (int i = 0; i < hosts; i++) {
      addresses[i] = pool.addressAt(pool.layout().permanentAddressOffset(blocks[i]));
    }
    wireHigh = addresses[0].high();
    wireLows = new long[hosts];
    for (int i = 0; i < hosts; i++) {
      wireLows[i] = addresses[i].low();
    }
    SplittableRandom shuffle = new SplittableRandom(7);
    for (int i = hosts - 1; i > 0; i--) {
      int j = shuffle.nextInt(i + 1);
      long swap = wireLows[i];
      wireLows[i] = wireLows[j];
      wireLows[j] = swap;
    }
  }

  private HostKey key(long serial, String name) {
    return keys.equals("MAC")
        ? HostKey.ofMac(MacAddress.fromLong(0x5254_0000_0000L + serial))
        : HostKey.ofName(name);
  }

  /**
   * Allocates the next block for a new host, then releases it.
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

  /**
   * Looks up a random allocated permanent address.
   *
   * @param t the thread's state
   * @return the answer
   */
  @Benchmark
  public AddressLookup lookupByAddress(PerThread t) {
    return allocator.lookup(addresses[t.random.nextInt(hosts)]);
  }

  /**
   * Looks up a random allocated permanent address as a server would, with the address just read off
   * the wire: it is built from its two halves, kept in a shuffled array read in order, so the input
   * costs no cache miss and only the allocator's own reads do.
   *
   * @param t the thread's state
   * @return the answer
   */
  @Benchmark
  public AddressLookup lookupByAddressFromWire(PerThread t) {
    int i = t.wire;
    t.wire = i + 1 == hosts ? 0 : i + 1;
    return allocator.lookup(Ipv6Address.of(wireHigh, wireLows[i]));
  }

  /**
   * Looks up a random host key.
   *
   * @param t the thread's state
   * @return the answer
   */
  @Benchmark
  public Optional<Allocation> lookupByHost(PerThread t) {
    return allocator.lookup(hostKeys[t.random.nextInt(hosts)]);
  }

  /**
   * Looks up a host as a server would, with its key in hand (the identity resolver has just named
   * the host): the keys are read in the order they were made, one after another in memory, so the
   * CPU streams them in and the key costs no cache miss; the host index is hashed, so the
   * allocator's own reads land anywhere in it. (The blocks were allocated in the same order, so the
   * block table is read in order too: a look-up by host costs one random read of the host index.)
   *
   * @param t the thread's state
   * @return the answer
   */
  @Benchmark
  public Optional<Allocation> lookupByHostInHand(PerThread t) {
    int i = t.inHand;
    t.inHand = i + 1 == hosts ? 0 : i + 1;
    return allocator.lookup(hostKeys[i]);
  }
}
