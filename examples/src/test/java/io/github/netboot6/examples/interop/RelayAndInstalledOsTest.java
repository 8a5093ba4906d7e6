package io.github.netboot6.examples.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocation;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.allocation.JournalStore;
import io.github.netboot6.bootconfig.duid.DuidSnippets;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Prefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real ISC dhclient behind a real dnsmasq DHCPv6 relay, answered by {@code netboot6 serve}: three
 * network namespaces, client ({@code c0}) → relay (dnsmasq {@code --dhcp-relay}, which adds the
 * client link-layer address option 79) → server (the lab's {@code br0}).
 *
 * <p>dhclient always runs with {@code -sf /bin/true}: its default script rewrites the machine's
 * {@code /etc/resolv.conf}, even from inside a namespace.
 */
@Tag("interop")
class RelayAndInstalledOsTest {
  private static final String CLIENT_MAC = "52:54:00:ab:cd:01";
  private static final Duid DEPLOYED = Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31");

  @TempDir Path directory;

  private NetbootLab lab;
  private final List<String> namespaces = new ArrayList<>();
  private String clientNs = "";
  private Path state = Path.of("");
  private Path serveLog = Path.of("");

  @BeforeEach
  void network() throws Exception {
    lab = new NetbootLab(directory);
    String relayNs = lab.namespace() + "r";
    clientNs = lab.namespace() + "c";
    for (String ns : List.of(relayNs, clientNs)) {
      NetbootLab.run("ip", "netns", "add", ns);
      namespaces.add(ns);
      NetbootLab.run("ip", "-n", ns, "link", "set", "lo", "up");
    }
    // relay <-> server: r-up in the relay, its peer on the server's bridge.
    NetbootLab.run("ip", "-n", relayNs, "link", "add", "r-up", "type", "veth", "peer", "s-r");
    NetbootLab.run("ip", "-n", relayNs, "link", "set", "s-r", "netns", lab.namespace());
    lab.inNamespace("ip", "link", "set", "s-r", "master", "br0");
    lab.inNamespace("ip", "link", "set", "s-r", "up");
    // client <-> relay.
    NetbootLab.run("ip", "-n", relayNs, "link", "add", "r-down", "type", "veth", "peer", "c0");
    NetbootLab.run("ip", "-n", relayNs, "link", "set", "c0", "netns", clientNs);
    NetbootLab.run("ip", "-n", clientNs, "link", "set", "c0", "address", CLIENT_MAC);
    for (String[] nsIf :
        new String[][] {{relayNs, "r-up"}, {relayNs, "r-down"}, {clientNs, "c0"}}) {
      NetbootLab.run(
          "ip",
          "netns",
          "exec",
          nsIf[0],
          "sysctl",
          "-qw",
          "net.ipv6.conf." + nsIf[1] + ".accept_dad=0");
      NetbootLab.run("ip", "-n", nsIf[0], "link", "set", nsIf[1], "up");
    }
    NetbootLab.run("ip", "-n", relayNs, "addr", "add", "2001:db8:1::fe/64", "dev", "r-up", "nodad");
    NetbootLab.run(
        "ip", "-n", relayNs, "addr", "add", "2001:db8:2::1/64", "dev", "r-down", "nodad");
    lab.inNamespace("ip", "route", "add", "2001:db8:2::/64", "via", "2001:db8:1::fe");

    Path inventory =
        Files.writeString(
            directory.resolve("inventory.json"),
            "{\"hosts\": [{\"name\": \"web-1\", \"macs\": [\""
                + CLIENT_MAC
                + "\"], \"deployedDuid\": \""
                + DEPLOYED
                + "\"}, {\"name\": \"web-2\", \"macs\": [\"52:54:00:ab:cd:02\"]}]}",
            UTF_8);
    state = directory.resolve("state");
    serveLog =
        lab.startResponder(
            List.of(
                "--inventory",
                inventory.toString(),
                "--pool",
                "2001:db8:2::/64",
                "--state",
                state.toString(),
                "--server-address",
                NetbootLab.SERVER,
                "--http-port",
                "8080"));
    lab.startRelay(relayNs, "2001:db8:2::1", directory.resolve("dnsmasq.pid"));
  }

  @AfterEach
  void cleanUp() throws Exception {
    lab.close();
    for (String ns : namespaces) {
      Process p = new ProcessBuilder("ip", "netns", "pids", ns).start();
      for (String pid : new String(p.getInputStream().readAllBytes(), UTF_8).trim().split("\\s+")) {
        if (!pid.isEmpty()) {
          ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      p.waitFor();
      new ProcessBuilder("ip", "netns", "del", ns).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Runs dhclient -6 once in the client namespace; returns the leased address. */
  private String dhclient(String config, String leases) throws Exception {
    return NetbootLab.dhclient(clientNs, "c0", directory, config, leases, serveLog);
  }

  private Allocation block(String host) {
    try (Allocator allocator =
        Allocator.builder(
                AddressPool.builder(Ipv6Prefix.parse("2001:db8:2::/64")).reserveLow(16).build())
            .store(JournalStore.open(state.resolve("journal")))
            .build()) {
      return allocator.lookup(HostKey.ofName(host)).orElseThrow();
    }
  }

  private String answeredLine() throws Exception {
    return NetbootLab.awaitLine(
        serveLog, l -> l.contains("type=REQUEST") && l.contains("answer="), Duration.ofSeconds(5));
  }

  @Test
  void throughTheRelayAnUnknownDuidIsRecognisedByTheMacInOption79() throws Exception {
    Duid stranger = Duid.uuid(UUID.fromString("0e4a1d2c-0000-4000-8000-00000000abcd"));
    String address = dhclient("", DuidSnippets.dhclientLeaseDuid(stranger));

    String line = answeredLine();
    assertThat(line).contains("relays=1", "host=web-1", "by=RELAY_LINK_LAYER");
    // Stop the responder before reading its journal.
    lab.close();
    Allocation block = block("web-1");
    assertThat(
            Ipv6Prefix.parse(block.block().toString())
                .contains(io.github.netboot6.core.Ipv6Address.parse(address)))
        .isTrue();
  }

  @Test
  void theInstalledOsWithTheDeployedDuidGetsThePermanentAddress() throws Exception {
    String address = dhclient(DuidSnippets.dhclient(DEPLOYED, "c0"), "");

    String line = answeredLine();
    assertThat(line).contains("host=web-1", "phase=INSTALLED_OS", "by=DEPLOYED_DUID");
    lab.close();
    assertThat(address).isEqualTo(block("web-1").permanentAddress().toString());
  }
}
