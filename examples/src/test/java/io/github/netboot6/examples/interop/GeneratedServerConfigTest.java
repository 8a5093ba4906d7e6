package io.github.netboot6.examples.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.netboot6.bootconfig.duid.DuidSnippets;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.examples.cli.Netboot6Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server configurations {@code netboot6 plan} writes, run by the real servers: dnsmasq on the
 * client's link, and Kea behind a real dnsmasq relay that adds the client link-layer address
 * (option 79). In both, real ISC dhclient with the host's generated {@code dhclient.conf} (the
 * installed OS, sending the deployed DUID) gets the host's permanent address, and dhclient with
 * another DUID from the same MAC (another boot phase) gets an address from that host's block.
 *
 * <p>Expected addresses come from the plan's {@code hosts.json}; the addresses checked come from
 * dhclient's lease file. dhclient always runs with {@code -sf /bin/true}: its default script
 * rewrites the machine's {@code /etc/resolv.conf}, even from inside a namespace.
 */
@Tag("interop")
class GeneratedServerConfigTest {
  private static final String CLIENT_MAC = "52:54:00:ab:cd:11";
  private static final String OTHER_MAC = "52:54:00:ab:cd:12";

  /** A DUID the plan never wrote: what firmware or an installer of the same machine sends. */
  private static final Duid OTHER_PHASE =
      Duid.uuid(UUID.fromString("0e4a1d2c-0000-4000-8000-00000000abcd"));

  @TempDir Path directory;

  private NetbootLab lab;
  private final List<String> namespaces = new ArrayList<>();
  private String clientNs = "";
  private Path serverLog = Path.of("");

  @BeforeEach
  void lab() throws Exception {
    lab = new NetbootLab(directory);
    clientNs = lab.namespace() + "c";
    addNamespace(clientNs);
  }

  @AfterEach
  void cleanUp() throws Exception {
    lab.close();
    for (String ns : namespaces) {
      killAll(ns);
      new ProcessBuilder("ip", "netns", "del", ns).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void dnsmasqWithThePlannedFile_deployedDuidGetsThePermanentAddress_otherDuidItsHostsBlock()
      throws Exception {
    // The client is on the server's link (br0, 2001:db8:1::/64).
    link(clientNs, "c0", null, null);
    Path out = plan(NetbootLab.LINK_PREFIX);
    serverLog =
        lab.start(
            "dnsmasq",
            "ip",
            "netns",
            "exec",
            lab.namespace(),
            "dnsmasq",
            "--keep-in-foreground",
            "--no-daemon",
            "--conf-file=" + out.resolve("dnsmasq.conf"),
            "--interface=br0",
            "--bind-interfaces",
            "--port=0",
            "--log-dhcp",
            "--log-facility=-",
            "--dhcp-leasefile=" + directory.resolve("dnsmasq.leases"),
            "--pid-file=" + directory.resolve("dnsmasq.pid"));
    NetbootLab.awaitPort547(lab.namespace(), serverLog);
    JsonNode host = manifestHost(out, "web-1");

    String installedOs = dhclient(Files.readString(out.resolve("hosts/web-1/dhclient.conf")), "");
    killAll(clientNs);
    String otherPhase = dhclient("", DuidSnippets.dhclientLeaseDuid(OTHER_PHASE));

    assertThat(installedOs).isEqualTo(host.get("permanentAddress").asText());
    assertThat(Ipv6Prefix.parse(host.get("block").asText()).contains(Ipv6Address.parse(otherPhase)))
        .as("%s in web-1's block %s", otherPhase, host.get("block").asText())
        .isTrue();
    assertThat(otherPhase).isNotEqualTo(installedOs);
    // dnsmasq says which DUID it answered with which address.
    String log = Files.readString(serverLog, UTF_8);
    assertThat(log).contains("DHCPREPLY(br0) " + installedOs + " " + deployedDuid(host));
    assertThat(log).contains("DHCPREPLY(br0) " + otherPhase + " " + OTHER_PHASE);
  }

  @Test
  void keaWithThePlannedFileBehindARelay_deployedDuidGetsThePermanentAddress_otherDuidASlot()
      throws Exception {
    // client c0 (2001:db8:2::/64) -> relay (dnsmasq, adds option 79) -> Kea on br0.
    String relayNs = lab.namespace() + "r";
    addNamespace(relayNs);
    NetbootLab.run("ip", "-n", relayNs, "link", "add", "r-up", "type", "veth", "peer", "s-r");
    NetbootLab.run("ip", "-n", relayNs, "link", "set", "s-r", "netns", lab.namespace());
    lab.inNamespace("ip", "link", "set", "s-r", "master", "br0");
    lab.inNamespace("ip", "link", "set", "s-r", "up");
    up(relayNs, "r-up");
    NetbootLab.run("ip", "-n", relayNs, "addr", "add", "2001:db8:1::fe/64", "dev", "r-up", "nodad");
    link(clientNs, "c0", relayNs, "r-down");
    NetbootLab.run(
        "ip", "-n", relayNs, "addr", "add", "2001:db8:2:0:ffff::1/64", "dev", "r-down", "nodad");
    lab.inNamespace("ip", "route", "add", "2001:db8:2::/64", "via", "2001:db8:1::fe");

    Path out = plan("2001:db8:2::/64");
    Path keaConf = runnable(out.resolve("kea-dhcp6.json"));
    ProcessBuilder kea =
        new ProcessBuilder(
            "ip", "netns", "exec", lab.namespace(), "kea-dhcp6", "-c", keaConf.toString());
    // Kea's PID file and logger lock go to the test's folder, not /run/kea.
    kea.environment().put("KEA_PIDFILE_DIR", directory.toString());
    kea.environment().put("KEA_LOCKFILE_DIR", directory.toString());
    serverLog = directory.resolve("kea.log");
    Process keaProcess = kea.redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
    try {
      NetbootLab.awaitPort547(lab.namespace(), serverLog);
      lab.startRelay(relayNs, "2001:db8:2:0:ffff::1", directory.resolve("dnsmasq.pid"));
      JsonNode host = manifestHost(out, "web-1");

      String installedOs = dhclient(Files.readString(out.resolve("hosts/web-1/dhclient.conf")), "");
      killAll(clientNs);
      String otherPhase = dhclient("", DuidSnippets.dhclientLeaseDuid(OTHER_PHASE));

      assertThat(installedOs).isEqualTo(host.get("permanentAddress").asText());
      List<String> slots = new ArrayList<>();
      host.get("phaseAddresses").forEach(a -> slots.add(a.asText()));
      slots.remove(installedOs);
      // Kea reserves the phase slots to the first MAC, which it learns from option 79.
      assertThat(otherPhase).isIn(slots);
      // Only the hw-address reservation holds that address: Kea took the MAC from option 79.
      assertThat(Files.readString(serverLog, UTF_8))
          .contains(
              "reserved address " + otherPhase + " was assigned to client duid=[" + OTHER_PHASE);
    } finally {
      NetbootLab.stop(keaProcess);
    }
  }

  /** Runs {@code netboot6 plan} in-process for two hosts; returns its output folder. */
  private Path plan(String pool) throws Exception {
    Path inventory =
        Files.writeString(
            directory.resolve("inventory.json"),
            "{\"hosts\": [{\"name\": \"web-1\", \"macs\": [\""
                + CLIENT_MAC
                + "\"], \"attributes\": {\"netboot6.interface\": \"c0\"}},"
                + " {\"name\": \"web-2\", \"macs\": [\""
                + OTHER_MAC
                + "\"]}]}",
            UTF_8);
    Path out = directory.resolve("plan");
    StringWriter err = new StringWriter();
    var cli = Netboot6Cli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute(
            "plan",
            "--inventory",
            inventory.toString(),
            "--pool",
            pool,
            "--server",
            NetbootLab.SERVER,
            "--out",
            out.toString());
    assertThat(code).as("netboot6 plan: %s", err).isZero();
    return out;
  }

  /**
   * The planned Kea file with what a site adds to run it: the interface and unicast address to
   * listen on, a server DUID that is not written to /var/lib/kea, and logging to standard output at
   * debug level for the reservation look-ups.
   */
  private Path runnable(Path planned) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(planned.toFile());
    ObjectNode dhcp6 = (ObjectNode) root.get("Dhcp6");
    // "interface/address": Kea also listens on that unicast address, where the relay sends.
    ((ArrayNode) dhcp6.get("interfaces-config").get("interfaces")).add("br0/" + NetbootLab.SERVER);
    // Kea keeps its server DUID in /var/lib/kea unless told not to.
    dhcp6.putObject("server-id").put("type", "LLT").put("persist", false);
    ObjectNode logger = dhcp6.putArray("loggers").addObject();
    logger.put("name", "kea-dhcp6");
    logger.putArray("output_options").addObject().put("output", "stdout");
    logger.put("severity", "DEBUG");
    logger.put("debuglevel", 40);
    Path conf = directory.resolve("kea-run.json");
    json.writeValue(conf.toFile(), root);
    return conf;
  }

  private static JsonNode manifestHost(Path out, String name) throws Exception {
    for (JsonNode h :
        new ObjectMapper().readTree(out.resolve("hosts.json").toFile()).get("hosts")) {
      if (h.get("name").asText().equals(name)) {
        return h;
      }
    }
    throw new AssertionError("no host " + name + " in hosts.json");
  }

  private static String deployedDuid(JsonNode host) {
    return Duid.parse(host.get("deployedDuid").asText()).toString();
  }

  private void addNamespace(String ns) throws Exception {
    NetbootLab.run("ip", "netns", "add", ns);
    namespaces.add(ns);
    NetbootLab.run("ip", "-n", ns, "link", "set", "lo", "up");
  }

  /**
   * A veth pair from {@code clientIf} (with the host's MAC) in the client namespace to {@code
   * peerIf} in {@code peerNs}, or to the lab's bridge if {@code peerNs} is null.
   */
  private void link(String ns, String clientIf, @Nullable String peerNs, String peerIf)
      throws Exception {
    String peer = peerNs == null ? "s-c" : peerIf;
    String home = peerNs == null ? lab.namespace() : peerNs;
    NetbootLab.run("ip", "-n", ns, "link", "add", clientIf, "type", "veth", "peer", peer);
    NetbootLab.run("ip", "-n", ns, "link", "set", peer, "netns", home);
    NetbootLab.run("ip", "-n", ns, "link", "set", clientIf, "address", CLIENT_MAC);
    if (peerNs == null) {
      lab.inNamespace("ip", "link", "set", peer, "master", "br0");
    }
    up(home, peer);
    up(ns, clientIf);
    // dhclient -6 needs the link-local address, which the kernel adds a moment after "up".
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!NetbootLab.run("ip", "-n", ns, "-6", "addr", "show", "dev", clientIf, "scope", "link")
        .contains("fe80::")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no link-local address on " + clientIf + " after 10 s");
      }
      Thread.sleep(50);
    }
  }

  private static void up(String ns, String ifName) throws Exception {
    NetbootLab.run(
        "ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf." + ifName + ".accept_dad=0");
    NetbootLab.run("ip", "-n", ns, "link", "set", ifName, "up");
  }

  private static void killAll(String ns) throws Exception {
    Process p = new ProcessBuilder("ip", "netns", "pids", ns).start();
    for (String pid : new String(p.getInputStream().readAllBytes(), UTF_8).trim().split("\\s+")) {
      if (!pid.isEmpty()) {
        ProcessHandle.of(Long.parseLong(pid))
            .ifPresent(
                h -> {
                  h.destroyForcibly();
                  h.onExit().join();
                });
      }
    }
    p.waitFor();
  }

  private String dhclient(String config, String leases) throws Exception {
    return NetbootLab.dhclient(clientNs, "c0", directory, config, leases, serverLog);
  }
}
