package io.github.netboot6.benchmarks;

import static com.google.common.base.Preconditions.checkState;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Netboot6's allocator side by side with baselines built on general structures (issue 5): Guava's
 * {@code TreeRangeSet} ({@link RangeSetBlockAllocator}) and IPAddress's IPv6 associative trie
 * ({@link TrieBlockAllocator}). Each holds {@code hosts} /125 blocks of a /64 and does the same
 * three things: allocate the lowest free block for a new host then release it, look up a random
 * allocated permanent address, look up a random host.
 *
 * <p>{@code fill=LOWEST_FREE} gives host {@code i} block {@code i} (dense from the start); {@code
 * fill=RANDOM} gives the hosts the same random blocks (seed 42) spread over the /64, where block 0
 * stays free. Before measuring, the set-up checks the implementation against a model ({@link
 * AllocatorSelfCheck}) and prints the heap it retains per block.
 *
 * <p>The baselines are not thread-safe: run with one thread. {@code java -cp
 * benchmarks/target/benchmarks.jar io.github.netboot6.benchmarks.AllocatorBaselineBenchmark
 * [hosts]} runs the checks alone, for every implementation and fill.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
@Threads(1)
public class AllocatorBaselineBenchmark {

  /** The pool: a /64 of /125 blocks, none reserved. */
  static final Ipv6Prefix POOL = Ipv6Prefix.parse("2001:db8::/64");

  /** The implementations compared. */
  public enum Implementation {
    /** Netboot6's {@code Allocator}: a sparse hierarchical bitmap and hash maps. */
    NETBOOT6,
    /** Guava's {@code TreeRangeSet} of allocated blocks and two hash maps. */
    GUAVA_RANGESET,
    /** IPAddress's {@code IPv6AddressAssociativeTrie} of allocated blocks and a hash map. */
    IPADDRESS_TRIE;

    BlockAllocator create(AddressPool pool) {
      return switch (this) {
        case NETBOOT6 -> new Netboot6BlockAllocator(pool);
        case GUAVA_RANGESET -> new RangeSetBlockAllocator(pool);
        case IPADDRESS_TRIE -> new TrieBlockAllocator(pool);
      };
    }
  }

  /** How many hosts are allocated before measuring. */
  @Param({"1000000"})
  public int hosts;

  /** Where the hosts' blocks are: dense from block 0, or spread over the /64. */
  @Param({"LOWEST_FREE", "RANDOM"})
  public String fill;

  /** The implementation measured. */
  @Param({"NETBOOT6", "GUAVA_RANGESET", "IPADDRESS_TRIE"})
  public Implementation impl;

  private BlockAllocator allocator;
  private HostKey[] keys;

  /** The thread's new keys and random source. */
  @State(Scope.Thread)
  public static class PerThread {
    HostKey[] fresh;
    int next;
    SplittableRandom random;

    /** Draws the keys. */
    @Setup(Level.Trial)
    public void setUp() {
      fresh = new HostKey[1024];
      for (int i = 0; i < fresh.length; i++) {
        fresh[i] = HostKey.ofName("bench-" + i);
      }
      random = new SplittableRandom(1);
    }
  }

  /** Checks the implementation, fills it and measures its retained heap. */
  @Setup(Level.Trial)
  public void setUp() {
    AddressPool pool = AddressPool.of(POOL);
    AllocatorSelfCheck.checkRandomOperations(impl.create(pool), pool, 42, 20_000);
    long[] blocks = blocks(fill, hosts, pool);
    keys = new HostKey[hosts];
    for (int i = 0; i < hosts; i++) {
      keys[i] = HostKey.ofName("host-" + i);
    }
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long before = runtime.totalMemory() - runtime.freeMemory();
    allocator = impl.create(pool);
    for (int i = 0; i < hosts; i++) {
      allocator.allocateBlock(keys[i], blocks[i]);
    }
    System.gc();
    long after = runtime.totalMemory() - runtime.freeMemory();
    System.out.printf(
        "%n%s, %s fill, %d hosts: retains %.1f bytes per block (host keys not counted)%n",
        impl, fill, hosts, (after - before) / (double) hosts);
    AllocatorSelfCheck.checkFilled(allocator, pool, keys, blocks, 7);
    Ipv6Address[] addresses = new Ipv6Address[hosts];
    for (int i = 0; i < hosts; i++) {
      addresses[i] = pool.addressAt(pool.layout().permanentAddressOffset(blocks[i]));
    }
    allocator.prepareLookups(addresses);
  }

  /**
   * Returns the hosts' blocks: {@code 0..hosts-1}, or distinct random blocks of the pool.
   *
   * @param fill {@code LOWEST_FREE} or {@code RANDOM}
   * @param hosts how many
   * @param pool the pool
   * @return the blocks, by host
   */
  static long[] blocks(String fill, int hosts, AddressPool pool) {
    long[] blocks = new long[hosts];
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < hosts; i++) {
      blocks[i] = fill.equals("RANDOM") ? random.nextLong(pool.lastBlockIndex() + 1) : i;
    }
    long[] sorted = blocks.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < hosts; i++) {
      checkState(sorted[i] != sorted[i - 1], "random block drawn twice: %s", sorted[i]);
    }
    return blocks;
  }

  /**
   * Allocates the lowest free block for a new host, then releases it.
   *
   * @param t the thread's state
   * @param blackhole takes the allocated and the released block
   */
  @Benchmark
  public void allocateThenRelease(PerThread t, Blackhole blackhole) {
    HostKey key = t.fresh[t.next++ & 1023];
    blackhole.consume(allocator.allocate(key));
    blackhole.consume(allocator.release(key));
  }

  /**
   * Looks up which host holds a random allocated permanent address.
   *
   * @param t the thread's state
   * @return the host
   */
  @Benchmark
  public @Nullable HostKey lookupByAddress(PerThread t) {
    return allocator.holderOf(t.random.nextInt(hosts));
  }

  /**
   * Looks up the block of a random host.
   *
   * @param t the thread's state
   * @return the block index
   */
  @Benchmark
  public long lookupByHost(PerThread t) {
    return allocator.blockOf(keys[t.random.nextInt(hosts)]);
  }

  /**
   * Runs the set-up's checks for every implementation and fill, without measuring.
   *
   * @param args the number of hosts, 1,000,000 if none
   */
  public static void main(String[] args) {
    for (String fill : new String[] {"LOWEST_FREE", "RANDOM"}) {
      for (Implementation impl : Implementation.values()) {
        AllocatorBaselineBenchmark benchmark = new AllocatorBaselineBenchmark();
        benchmark.hosts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        benchmark.fill = fill;
        benchmark.impl = impl;
        long start = System.nanoTime();
        benchmark.setUp();
        System.out.printf(
            "%s, %s fill: checks passed, set-up %d ms%n",
            impl, fill, (System.nanoTime() - start) / 1_000_000);
      }
    }
  }
}
