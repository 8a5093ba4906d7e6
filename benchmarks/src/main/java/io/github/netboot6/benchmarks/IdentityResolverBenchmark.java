package io.github.netboot6.benchmarks;

import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.ClientFacts;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.HostInventory;
import io.github.netboot6.core.identity.IdentityResolver;
import io.github.netboot6.core.identity.Resolution;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
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
 * The identity resolver over an inventory of 1,000,000 hosts (issue 4: goal at most 200 ns/op and 0
 * B/op on a hit). Each operation resolves a request for the next of 4,096 random hosts, so each
 * index probe lands on another memory page: the lines it reads stay in the last-level cache, but
 * its address translation misses, as it would in a server. A server whose requests came from all of
 * a million hosts at random would also miss the last-level cache ({@link MemoryLatencyBenchmark}
 * shows what that costs). Run with {@code -prof gc}.
 *
 * <p>In a server the codec has just written the request into a {@link ClientFacts} that the thread
 * reuses, so the facts are in the CPU's cache and the inventory is not. The {@code resolve...}
 * benchmarks do the same: each operation writes the next request's client DUID (and relay MAC) into
 * one reused {@code ClientFacts}, as the codec would, and resolves it; the write is part of the
 * figure. The {@code ...PreparedFacts} variants instead resolve 4,096 facts prepared in advance,
 * about a kilobyte each, so they also measure cache misses on the facts themselves.
 *
 * <p>{@link #main} measures the inventory's heap per host instead: {@code java -cp
 * benchmarks/target/benchmarks.jar io.github.netboot6.benchmarks.IdentityResolverBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx3g"})
public class IdentityResolverBenchmark {
  private static final int REQUESTS = 4096;

  @Param({"1000000"})
  public int hosts;

  private IdentityResolver resolver;
  private final ClientFacts[] relayedIpxe = new ClientFacts[REQUESTS];
  private final ClientFacts[] deployedDuid = new ClientFacts[REQUESTS];
  private final Resolution resolution = new Resolution();
  // The same requests as raw identifiers, 4,096 x 18 + 4,096 x 10 bytes and 4,096 MACs.
  private final byte[] ipxeDuids = new byte[REQUESTS * 18];
  private final long[] ipxeMacs = new long[REQUESTS];
  private final byte[] deployedDuids = new byte[REQUESTS * 10];
  private final ClientFacts hotIpxe = relayedIpxeFacts(0);
  private final ClientFacts hotDeployed = new ClientFacts().messageType(1);
  private int next;

  /** The host with index {@code i}: one MAC, an SMBIOS UUID and a deployed DUID-EN. */
  static Host host(int i) {
    return Host.builder(String.format("node-%07d", i))
        .addMacAddress(MacAddress.fromLong(0x5254_0000_0000L + i))
        .smbiosUuid(new UUID(0x8c3d_9a58_1b2e_4c5fL + ((long) i << 20), 0x9a0b_1122_3344_5566L))
        .deployedDuid(
            Duid.en(0xab11, new byte[] {'n', (byte) (i >> 16), (byte) (i >> 8), (byte) i}))
        .build();
  }

  static HostInventory inventory(int count) {
    List<Host> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(host(i));
    }
    return HostInventory.of(list);
  }

  @Setup
  public void setUp() {
    resolver = IdentityResolver.builder(inventory(hosts)).build();
    SplittableRandom random = new SplittableRandom(42);
    for (int k = 0; k < REQUESTS; k++) {
      int i = random.nextInt(hosts);
      relayedIpxe[k] = relayedIpxeFacts(i);
      Objects.requireNonNull(relayedIpxe[k].clientDuid()).writeTo(ipxeDuids, k * 18);
      ipxeMacs[k] = 0x5254_0000_0000L + i;
      int j = random.nextInt(hosts);
      deployedDuid[k] =
          new ClientFacts()
              .messageType(1)
              .clientDuid(
                  Duid.en(0xab11, new byte[] {'n', (byte) (j >> 16), (byte) (j >> 8), (byte) j}));
      Objects.requireNonNull(deployedDuid[k].clientDuid()).writeTo(deployedDuids, k * 10);
    }
    for (int k = 0; k < REQUESTS; k++) {
      check(resolver.resolve(nextIpxe(k), resolution));
      if (!Objects.equals(resolution.host(), resolver.resolve(relayedIpxe[k]).host())) {
        throw new IllegalStateException("reused facts resolved otherwise: " + resolution);
      }
      check(resolver.resolve(nextDeployed(k), resolution));
      if (!Objects.equals(resolution.host(), resolver.resolve(deployedDuid[k]).host())) {
        throw new IllegalStateException("reused facts resolved otherwise: " + resolution);
      }
    }
    for (ClientFacts f : relayedIpxe) {
      check(resolver.resolve(f, resolution));
    }
    for (ClientFacts f : deployedDuid) {
      check(resolver.resolve(f, resolution));
    }
  }

  private static void check(Resolution r) {
    if (r.outcome() != Resolution.Outcome.MATCHED) {
      throw new IllegalStateException("setup request did not match: " + r);
    }
  }

  /** A relayed iPXE Solicit for host {@code i}: DUID-UUID not in the inventory, option 79. */
  private static ClientFacts relayedIpxeFacts(int i) {
    return new ClientFacts()
        .messageType(1)
        .clientDuid(Duid.uuid(new UUID(0, i + 1L)))
        .addUserClass("iPXE")
        .relay(0, Ipv6Address.parse("2001:db8:1::1"), Ipv6Address.parse("fe80::5054:ff:fe00:1"))
        .relayLinkLayerAddress(0, 0x5254_0000_0000L + i);
  }

  private ClientFacts nextIpxe(int k) {
    return hotIpxe.clientDuid(ipxeDuids, k * 18, 18).relayLinkLayerAddress(0, ipxeMacs[k]);
  }

  private ClientFacts nextDeployed(int k) {
    return hotDeployed.clientDuid(deployedDuids, k * 10, 10);
  }

  @Benchmark
  public Resolution resolveRelayedIpxeByOption79() {
    next = (next + 1) & (REQUESTS - 1);
    return resolver.resolve(nextIpxe(next), resolution);
  }

  @Benchmark
  public Resolution resolveInstalledOsByDeployedDuid() {
    next = (next + 1) & (REQUESTS - 1);
    return resolver.resolve(nextDeployed(next), resolution);
  }

  @Benchmark
  public Resolution resolveRelayedIpxeByOption79PreparedFacts() {
    next = (next + 1) & (REQUESTS - 1);
    return resolver.resolve(relayedIpxe[next], resolution);
  }

  @Benchmark
  public Resolution resolveInstalledOsByDeployedDuidPreparedFacts() {
    next = (next + 1) & (REQUESTS - 1);
    return resolver.resolve(deployedDuid[next], resolution);
  }

  /**
   * Prints the heap an inventory of {@code args[0]} hosts (default 1,000,000) takes, per host.
   *
   * @param args the host count, optional
   */
  public static void main(String[] args) throws InterruptedException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long before = usedAfterGc();
    HostInventory inventory = inventory(count);
    long after = usedAfterGc();
    System.out.printf(
        "%,d hosts: %,d bytes of heap, %.1f bytes per host (%d hosts kept)%n",
        count, after - before, (after - before) / (double) count, inventory.size());
  }

  private static long usedAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
