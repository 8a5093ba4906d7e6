package io.github.netboot6.benchmarks;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.bootconfig.policy.BootPolicy;
import io.github.netboot6.codec.MessageWriter;
import io.github.netboot6.codec.OptionCode;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.HostInventory;
import io.github.netboot6.core.identity.IdentityResolver;
import io.github.netboot6.examples.responder.DhcpResponder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * The reference responder's answer to one datagram, without the socket: decode, facts, identity,
 * block look-up, boot policy, encode and the log line (to a sink that drops it). Each operation
 * answers the next of 4,096 prepared iPXE Solicits from random hosts of the inventory, whose blocks
 * are already allocated (the steady state of a netboot). Run with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class ResponderBenchmark {
  private static final int REQUESTS = 4096;
  private static final Ipv6Address CLIENT = Ipv6Address.parse("fe80::5054:ff:fe12:3456");

  @Param({"100000"})
  public int hosts;

  private Allocator allocator;
  private DhcpResponder responder;
  private final byte[][] solicits = new byte[REQUESTS][];
  private final byte[] reply = new byte[1500];
  private int next;

  /** Builds the inventory, allocates every host's block and prepares the requests. */
  @Setup(Level.Trial)
  public void setUp() {
    List<Host> list = new ArrayList<>(hosts);
    for (int i = 0; i < hosts; i++) {
      list.add(
          Host.builder("node-" + i)
              .addMacAddress(MacAddress.fromLong(0x5254_0000_0000L + i))
              .build());
    }
    HostInventory inventory = HostInventory.of(list);
    allocator =
        Allocator.builder(
                AddressPool.builder(Ipv6Prefix.parse("2001:db8:1::/64")).reserveLow(16).build())
            .build();
    for (int i = 0; i < hosts; i++) {
      allocator.allocate(HostKey.ofName("node-" + i));
    }
    responder =
        DhcpResponder.builder(
                IdentityResolver.builder(inventory).build(),
                allocator,
                BootPolicy.builder(Ipv6Address.parse("2001:db8:1::1")).build(),
                Duid.uuid(UUID.fromString("11111111-2222-3333-4444-555555555555")))
            .rateLimit(1e12, 1e12)
            .build();
    SplittableRandom random = new SplittableRandom(20261127);
    for (int i = 0; i < REQUESTS; i++) {
      solicits[i] = ipxeSolicit(MacAddress.fromLong(0x5254_0000_0000L + random.nextInt(hosts)));
    }
  }

  /** Closes the allocator. */
  @TearDown(Level.Trial)
  public void tearDown() {
    allocator.close();
  }

  static byte[] ipxeSolicit(MacAddress mac) {
    byte[] buf = new byte[512];
    MessageWriter w = new MessageWriter().wrap(buf, 0, buf.length);
    w.header(1, 0x123456);
    w.clientId(Duid.ll(Duid.HARDWARE_TYPE_ETHERNET, mac));
    w.elapsedTime(0);
    w.optionRequest(23, 59);
    w.beginOption(OptionCode.USER_CLASS.code()).lengthPrefixedUtf8("iPXE").endOption();
    w.beginOption(61).uint16(7).endOption();
    w.beginIaNa(1, 0, 0).endOption();
    return Arrays.copyOf(buf, w.finish());
  }

  /**
   * Answers one iPXE Solicit with an Advertise.
   *
   * @return the Advertise's length
   */
  @Benchmark
  public int answerIpxeSolicit() {
    byte[] request = solicits[next++ & (REQUESTS - 1)];
    return responder.handle(request, request.length, CLIENT, reply);
  }
}
