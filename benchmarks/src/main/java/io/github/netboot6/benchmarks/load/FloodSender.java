package io.github.netboot6.benchmarks.load;

import io.github.netboot6.codec.MessageWriter;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.testkit.Dhcpv6Generators;
import io.github.netboot6.testkit.Generator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The flood half of the load test (benchmarks/perfdhcp/flood.sh): sends hostile datagrams (the
 * testkit's truncated, bit-flipped, overwritten, random, deeply relayed and deeply nested messages)
 * at one rate, and valid Solicits from one single client at another, to a DHCPv6 server's port 547,
 * for a given time. Prints what it sent.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.netboot6.benchmarks.load.FloodSender \
 *     ff02::1:2 c1 HOSTILE_PER_SECOND HEAVY_PER_SECOND SECONDS [SEED]
 * </pre>
 */
public final class FloodSender {
  private FloodSender() {}

  /**
   * Runs the flood.
   *
   * @param args destination address, interface, hostile datagrams per second, heavy client's
   *     Solicits per second, seconds, and an optional seed
   * @throws IOException if the socket fails
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 5) {
      System.err.println(
          "usage: FloodSender ADDRESS INTERFACE HOSTILE_PER_SECOND HEAVY_PER_SECOND SECONDS [SEED]");
      System.exit(2);
    }
    InetAddress address = InetAddress.getByName(args[0]);
    NetworkInterface nif = NetworkInterface.getByName(args[1]);
    if (nif == null) {
      throw new IOException("no interface " + args[1]);
    }
    int hostileRate = Integer.parseInt(args[2]);
    int heavyRate = Integer.parseInt(args[3]);
    int seconds = Integer.parseInt(args[4]);
    long seed = args.length > 5 ? Long.parseLong(args[5]) : 20261127L;

    InetSocketAddress target =
        address.isMulticastAddress() || address.isLinkLocalAddress()
            ? new InetSocketAddress(
                java.net.Inet6Address.getByAddress(null, address.getAddress(), nif), 547)
            : new InetSocketAddress(address, 547);
    SplittableRandom random = new SplittableRandom(seed);
    Generator<byte[]> hostile = Dhcpv6Generators.hostileMessages();
    byte[][] pool = new byte[4096][];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = hostile.next(random);
    }
    byte[] heavy = heavySolicit();

    try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6)) {
      channel.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      long hostileSent = 0;
      long heavySent = 0;
      long sendErrors = 0;
      while (true) {
        long now = System.nanoTime();
        if (now >= end) {
          break;
        }
        double elapsed = (now - start) / 1e9;
        boolean idle = true;
        if (hostileSent < elapsed * hostileRate) {
          byte[] m = pool[(int) (hostileSent % pool.length)];
          sendErrors += send(channel, m.length > 65_000 ? Arrays.copyOf(m, 65_000) : m, target);
          hostileSent++;
          idle = false;
        }
        if (heavySent < elapsed * heavyRate) {
          heavy[1] = (byte) heavySent;
          sendErrors += send(channel, heavy, target);
          heavySent++;
          idle = false;
        }
        if (idle) {
          LockSupport.parkNanos(50_000);
        }
      }
      System.out.printf(
          "flood sent hostile=%d heavy=%d send-errors=%d seconds=%d%n",
          hostileSent, heavySent, sendErrors, seconds);
    }
  }

  private static int send(DatagramChannel channel, byte[] message, InetSocketAddress target) {
    try {
      channel.send(ByteBuffer.wrap(message), target);
      return 0;
    } catch (IOException e) {
      return 1;
    }
  }

  /** A valid Solicit from one client, DUID-LL 02:00:00:00:00:ee, asking for an address. */
  private static byte[] heavySolicit() {
    byte[] buf = new byte[256];
    MessageWriter w = new MessageWriter().wrap(buf, 0, buf.length);
    w.header(1, 0x4242);
    w.clientId(Duid.ll(Duid.HARDWARE_TYPE_ETHERNET, MacAddress.parse("02:00:00:00:00:ee")));
    w.elapsedTime(0);
    w.beginIaNa(1, 0, 0).endOption();
    return Arrays.copyOf(buf, w.finish());
  }
}
