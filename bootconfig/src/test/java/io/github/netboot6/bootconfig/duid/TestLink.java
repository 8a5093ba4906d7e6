package io.github.netboot6.bootconfig.duid;

import static org.assertj.core.api.Assertions.fail;

import io.github.netboot6.bootconfig.RealProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

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
