package io.github.netboot6.benchmarks;

import io.github.netboot6.bootconfig.dnsmasq.DnsmasqConfig;
import io.github.netboot6.bootconfig.ipxe.IpxeScripts;
import io.github.netboot6.bootconfig.ipxe.IpxeUrl;
import io.github.netboot6.bootconfig.kea.KeaConfig;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MacAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Configuration for a whole site (issue 6): for 100,000 hosts, the dnsmasq file (a {@code
 * dhcp-host} per MAC with the host's block and one per deployed DUID), the Kea {@code Dhcp6} file
 * (a reservation per MAC with the phase slots and one per DUID), and a per-host Anaconda iPXE
 * script each. One operation builds all three, as a provisioning tool does when the inventory
 * changes; single-shot, so the time includes everything a cold run pays after class loading. Peak
 * heap: run with {@code -prof gc} and read {@code gc.alloc.rate.norm}, or watch {@code -Xlog:gc};
 * {@code -jvmArgsAppend -Xmx} bounds it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class ConfigGenerationBenchmark {
  /** The number of hosts. */
  @Param({"100000"})
  public int hosts;

  private static final Ipv6Prefix LINK = Ipv6Prefix.parse("2001:db8:1::/64");
  private static final Ipv6Address SERVER = Ipv6Address.parse("2001:db8:1::1");
  private static final int BLOCK_LENGTH = 124;

  private final List<MacAddress> macs = new ArrayList<>();
  private final List<Duid> duids = new ArrayList<>();
  private final List<Ipv6Prefix> blocks = new ArrayList<>();

  /** Makes the hosts: a MAC, a deployed DUID-EN and a /124 block each. */
  @Setup
  public void setUp() {
    Ipv6Address base = Ipv6Address.parse("2001:db8:1:0:1::");
    for (int i = 0; i < hosts; i++) {
      macs.add(MacAddress.fromLong(0x5254_0000_0000L + i));
      duids.add(
          Duid.en(
              32473,
              new byte[] {
                0x6e, 0x62, (byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i
              }));
      blocks.add(Ipv6Prefix.of(base.add((long) i << (128 - BLOCK_LENGTH)), BLOCK_LENGTH));
    }
  }

  /**
   * Builds the dnsmasq file, the Kea file and every per-host script.
   *
   * @param blackhole sinks the generated text
   */
  @Benchmark
  public void generateSite(Blackhole blackhole) {
    DnsmasqConfig.Builder dnsmasq =
        DnsmasqConfig.builder()
            .staticRange(LINK, Duration.ofHours(1))
            .leaseMax(hosts * ((1 << (128 - BLOCK_LENGTH)) + 1));
    dnsmasq.userClassTag("ipxe", "iPXE");
    KeaConfig.Builder kea = KeaConfig.builder(1, LINK);
    IpxeUrl http = IpxeUrl.http(SERVER).withPort(8080);
    IpxeUrl kernel = http.withPath("fedora", "vmlinuz");
    IpxeUrl initrd = http.withPath("fedora", "initrd.img");
    for (int i = 0; i < hosts; i++) {
      Ipv6Prefix block = blocks.get(i);
      Ipv6Address permanent = block.address().add(1);
      dnsmasq.hostByMac(macs.get(i), block, List.of());
      dnsmasq.hostByDuid(duids.get(i), permanent, List.of());
      kea.reservationByHwAddress(
          macs.get(i), List.of(block.address().add(2), block.address().add(3)));
      kea.reservationByDuid(duids.get(i), List.of(permanent));
      String script =
          IpxeScripts.anaconda(kernel, initrd, http.withPath("ks", "node-" + i + ".cfg"), List.of())
              .text();
      blackhole.consume(script);
    }
    blackhole.consume(dnsmasq.build());
    blackhole.consume(kea.build());
  }
}
