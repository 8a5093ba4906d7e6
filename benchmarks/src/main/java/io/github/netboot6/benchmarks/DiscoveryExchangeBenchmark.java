package io.github.netboot6.benchmarks;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.bootconfig.policy.BootPolicy;
import io.github.netboot6.codec.MessageWriter;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.HostInventory;
import io.github.netboot6.core.identity.IdentityResolver;
import io.github.netboot6.examples.responder.DhcpResponder;
import io.github.netboot6.examples.responder.DhcpResponder.ExchangeLog;
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
 * The reference responder's work in the perfdhcp load test ({@code benchmarks/perfdhcp/}), without
 * the socket: one operation answers a Solicit and then the Request of the same client, as perfdhcp
 * sends them (a DUID-LLT that matches no host, so the client gets its address from the discovery
 * pool; elapsed time; one IA_NA, with the advertised address in the Request). The clients are
 * 100,000 DUID-LLTs that differ in their last bytes, as perfdhcp's do, all already leased. Run with
 * {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class DiscoveryExchangeBenchmark {
  private static final int REQUESTS = 4096;
  private static final Ipv6Address CLIENT = Ipv6Address.parse("fe80::5054:ff:fe12:3456");
  private static final Duid SERVER_ID =
      Duid.uuid(UUID.fromString("11111111-2222-3333-4444-555555555555"));

  @Param({"100000"})
  public int clients;

  /** {@code NONE} is what the load test runs; {@code ALL} is the default. */
  @Param({"NONE", "ALL"})
  public ExchangeLog exchangeLog;

  private Allocator allocator;
  private Allocator discovery;
  private DhcpResponder responder;
  private final byte[][] solicits = new byte[REQUESTS][];
  private final byte[][] requests = new byte[REQUESTS][];
  private final byte[] reply = new byte[1500];
  private int next;

  /** Leases every client its block and prepares the messages. */
  @Setup(Level.Trial)
  public void setUp() {
    HostInventory inventory =
        HostInventory.of(
            List.of(
                Host.builder("placeholder")
                    .addMacAddress(MacAddress.parse("02:00:00:00:00:01"))
                    .build()));
    allocator = Allocator.builder(AddressPool.of(Ipv6Prefix.parse("2001:db8:1::/64"))).build();
    discovery = Allocator.builder(AddressPool.of(Ipv6Prefix.parse("2001:db8:1:0:1::/80"))).build();
    responder =
        DhcpResponder.builder(
                IdentityResolver.builder(inventory).build(),
                allocator,
                BootPolicy.builder(Ipv6Address.parse("2001:db8:1::1")).build(),
                SERVER_ID)
            .discovery(discovery)
            .rateLimit(1e12, 1e12)
            .exchangeLog(exchangeLog)
            .build();
    Duid[] duids = new Duid[clients];
    for (int i = 0; i < clients; i++) {
      duids[i] = Duid.llt(Duid.HARDWARE_TYPE_ETHERNET, 0x2c4b_1a00L, MacAddress.fromLong(i));
      discovery.allocate(HostKey.ofDuid(duids[i]));
    }
    SplittableRandom random = new SplittableRandom(20261128);
    for (int i = 0; i < REQUESTS; i++) {
      Duid duid = duids[random.nextInt(clients)];
      Ipv6Address address = discovery.allocate(HostKey.ofDuid(duid)).permanentAddress();
      solicits[i] = message(1, duid, null, null);
      requests[i] = message(3, duid, SERVER_ID, address);
    }
  }

  /** Closes the allocators. */
  @TearDown(Level.Trial)
  public void tearDown() {
    allocator.close();
    discovery.close();
  }

  private static byte[] message(int type, Duid client, Duid server, Ipv6Address address) {
    byte[] buf = new byte[512];
    MessageWriter w = new MessageWriter().wrap(buf, 0, buf.length);
    w.header(type, 0x123456);
    w.clientId(client);
    if (server != null) {
      w.serverId(server);
    }
    w.elapsedTime(0);
    w.beginIaNa(1, 0, 0);
    if (address != null) {
      w.iaAddress(address, 0, 0);
    }
    w.endOption();
    return Arrays.copyOf(buf, w.finish());
  }

  /**
   * Answers one client's Solicit and then its Request.
   *
   * @return the two answers' lengths
   */
  @Benchmark
  public int answerSolicitAndRequest() {
    int i = next++ & (REQUESTS - 1);
    int n = responder.handle(solicits[i], solicits[i].length, CLIENT, reply);
    return n + responder.handle(requests[i], requests[i].length, CLIENT, reply);
  }
}
