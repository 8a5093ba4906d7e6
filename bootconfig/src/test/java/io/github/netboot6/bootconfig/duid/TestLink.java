package io.github.netboot6.bootconfig.duid;

import static org.assertj.core.api.Assertions.fail;

import io.github.netboot6.bootconfig.RealProgram;
import io.github.netboot6.core.Duid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away link for the DHCPv6 client tests: a server and a client network namespace joined by
 * a veth pair, the server's end holding {@value #SERVER_ADDRESS}/64 (a documentation address, on
 * this link only), duplicate address detection off. {@link #close()} kills every process left in
 * the namespaces and deletes them. Names carry a random tag, so tests can run side by side.
 */
final class TestLink implements AutoCloseable {
  /** The server's address on the link. */
  static final String SERVER_ADDRESS = "2001:db8::1";

  private final String tag =
      String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  final String serverNs = "nb6-s-" + tag;
  final String clientNs = "nb6-c-" + tag;
  final String serverIf = "nb6s" + tag;
  final String clientIf = "nb6c" + tag;
  private final List<String> namespaces = new ArrayList<>();

  /** Creates the namespaces and the veth pair, and brings the link up. */
  TestLink() {
    try {
      ip("netns", "add", serverNs);
      namespaces.add(serverNs);
      ip("netns", "add", clientNs);
      namespaces.add(clientNs);
      ip("link", "add", serverIf, "type", "veth", "peer", "name", clientIf);
      ip("link", "set", serverIf, "netns", serverNs);
      ip("link", "set", clientIf, "netns", clientNs);
      for (String[] nsIf : new String[][] {{serverNs, serverIf}, {clientNs, clientIf}}) {
        ip("netns", "exec", nsIf[0], "sysctl", "-qw", "net.ipv6.conf." + nsIf[1] + ".accept_dad=0");
        ip("-n", nsIf[0], "link", "set", "lo", "up");
      }
      ip("-n", serverNs, "addr", "add", SERVER_ADDRESS + "/64", "dev", serverIf, "nodad");
      ip("-n", serverNs, "link", "set", serverIf, "up");
      ip("-n", clientNs, "link", "set", clientIf, "up");
    } catch (RuntimeException | AssertionError e) {
      close();
      throw e;
    }
  }

  /**
   * Starts dnsmasq on the server's end: DHCPv6 from a small range, {@code address} reserved to
   * {@code reservedTo}, every exchange logged. The configuration ({@code moreLines} first) is
   * checked with {@code dnsmasq --test}; dnsmasq's output goes to {@code dir/dnsmasq.log}. Returns
   * once dnsmasq serves DHCPv6; {@link #close()} stops it.
   */
  Process startDnsmasq(Path dir, Duid reservedTo, String address, String moreLines)
      throws IOException, InterruptedException {
    Path conf =
        Files.writeString(
            dir.resolve("dnsmasq.conf"),
            moreLines
                + "port=0\n"
                + "interface="
                + serverIf
                + "\n"
                + "bind-interfaces\n"
                + "dhcp-range=2001:db8::100,2001:db8::1ff,64,1h\n"
                + "dhcp-host=id:"
                + reservedTo
                + ",["
                + address
                + "]\n"
                + "dhcp-leasefile="
                + dir.resolve("dnsmasq.leases")
                + "\n"
                + "log-dhcp\n",
            StandardCharsets.UTF_8);
    RealProgram.Result check = RealProgram.DNSMASQ.run("--test", "-C", conf.toString());
    if (check.exitCode() != 0) {
      fail("dnsmasq --test refused %s: %s", conf, check.output());
    }
    Path log = dir.resolve("dnsmasq.log");
    Process dnsmasq =
        new ProcessBuilder(
                RealProgram.IP.path(),
                "netns",
                "exec",
                serverNs,
                RealProgram.DNSMASQ.path(),
                "--keep-in-foreground",
                "--no-daemon",
                "-C",
                conf.toString(),
                "--pid-file=" + dir.resolve("dnsmasq.pid"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!read(log).contains("DHCPv6, IP range")) {
      if (System.nanoTime() > deadline || !dnsmasq.isAlive()) {
        dnsmasq.destroyForcibly();
        fail("dnsmasq did not start:%n%s", read(log));
      }
      Thread.sleep(50);
    }
    return dnsmasq;
  }

  private static String read(Path path) throws IOException {
    return Files.exists(path) ? Files.readString(path, StandardCharsets.ISO_8859_1) : "";
  }

  /** Kills what still runs in the namespaces and deletes them. */
  @Override
  public void close() {
    for (String ns : namespaces) {
      for (String pid : RealProgram.IP.run("netns", "pids", ns).output().trim().split("\\s+")) {
        if (!pid.isEmpty()) {
          ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
    for (String ns : namespaces) {
      RealProgram.IP.run("netns", "del", ns);
    }
    namespaces.clear();
  }

  private static void ip(String... args) {
    RealProgram.Result r = RealProgram.IP.run(args);
    if (r.exitCode() != 0) {
      fail(
          "ip %s failed (network namespaces need root or CAP_NET_ADMIN): %s",
          String.join(" ", args), r.output());
    }
  }
}
