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
 * B/op on a hit). Each operation resolves the next of 4,096 prepared requests for random hosts, so
 * the index probes miss the CPU caches as they would in a server. Run with {@code -prof gc}.
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
      relayedIpxe[k] =
          new ClientFacts()
              .messageType(1)
              .clientDuid(Duid.uuid(new UUID(0, i + 1L)))
              .addUserClass("iPXE")
              .relay(
                  0, Ipv6Address.parse("2001:db8:1::1"), Ipv6Address.parse("fe80::5054:ff:fe00:1"))
              .relayLinkLayerAddress(0, 0x5254_0000_0000L + i);
      int j = random.nextInt(hosts);
      deployedDuid[k] =
          new ClientFacts()
              .messageType(1)
              .clientDuid(
                  Duid.en(0xab11, new byte[] {'n', (byte) (j >> 16), (byte) (j >> 8), (byte) j}));
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

  @Benchmark
  public Resolution resolveRelayedIpxeByOption79() {
    next = (next + 1) & (REQUESTS - 1);
    return resolver.resolve(relayedIpxe[next], resolution);
  }

  @Benchmark
  public Resolution resolveInstalledOsByDeployedDuid() {
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
