package io.github.netboot6.bootconfig.duid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.netboot6.bootconfig.RealProgram;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MacAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real dhcpcd 9.4 with the generated DUID file and dhcpcd.conf lines, against real dnsmasq that
 * reserves an address to the deployed DUID and advertises the link as managed (an RA with the M
 * flag, {@code enable-ra}), in two network namespaces joined by a veth pair with 2001:db8::
 * addresses only. tshark captures the client's messages in the server's namespace; the test decodes
 * their options itself and requires every Solicit and Request to carry exactly the deployed DUID as
 * Client Identifier (option 1) and exactly the generated item in the User Class option (option 15,
 * RFC 8415 §21.15).
 *
 * <p>dhcpcd always runs with {@code -c /bin/true} (its hook scripts rewrite the machine's {@code
 * /etc/resolv.conf}), and in private mount and PID namespaces: a tmpfs on {@code /run} and the
 * test's folder bind-mounted on {@code /var/lib/dhcpcd}, so its DUID, lease, pid and socket files
 * are the test's, and every process it forks dies with it. The config path must be absolute: dhcpcd
 * silently runs without a configuration it cannot open.
 */
@Tag("interop")
class DhcpcdDuidTest {

  private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

  @TempDir Path dir;

  private final String tag =
      String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  private final String serverNs = "nb6-s-" + tag;
  private final String clientNs = "nb6-c-" + tag;
  private final String serverIf = "nb6s" + tag;
  private final String clientIf = "nb6c" + tag;
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private @Nullable Process capture;
  private byte @Nullable [] resolvConfBefore;

  @BeforeEach
  void createNamespacesAndVethPair() throws IOException {
    resolvConfBefore = Files.exists(RESOLV_CONF) ? Files.readAllBytes(RESOLV_CONF) : null;
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
    ip("-n", serverNs, "addr", "add", "2001:db8::1/64", "dev", serverIf, "nodad");
    ip("-n", serverNs, "link", "set", serverIf, "up");
    ip("-n", clientNs, "link", "set", clientIf, "up");
  }

  @AfterEach
  void stopProcessesAndDeleteNamespaces() throws IOException {
    for (String ns : namespaces) {
      for (String pid : RealProgram.IP.run("netns", "pids", ns).output().trim().split("\\s+")) {
        if (!pid.isEmpty()) {
          ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (String ns : namespaces) {
      RealProgram.IP.run("netns", "del", ns);
    }
    byte @Nullable [] after = Files.exists(RESOLV_CONF) ? Files.readAllBytes(RESOLV_CONF) : null;
    assertThat(after).as("the machine's /etc/resolv.conf is untouched").isEqualTo(resolvConfBefore);
  }

  @Test
  void duidFileAndConf_userClass_everyClientMessageCarriesExactlyTheDuidAndTheItem()
      throws Exception {
    Duid deployed = Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31:38");
    // dnsmasq tags a client whose User Class option holds this item, and logs the tags.
    startDnsmasq(deployed, "2001:db8::42", "dhcp-userclass=set:installedos,netboot6-os\n");
    startCapture();

    runDhcpcd(DuidSnippets.dhcpcdDuid(deployed), DuidSnippets.dhcpcdConf(clientIf, "netboot6-os"));

    assertThat(clientAddresses()).contains("inet6 2001:db8::42/128");
    assertThat(dnsmasqLog())
        .contains("DHCPREPLY(" + serverIf + ") 2001:db8::42 " + deployed)
        .containsPattern("tags: [^\\n]*installedos");
    List<byte[]> sent = stopCaptureAndReadClientMessages();
    assertEveryClientMessage(sent, deployed, "netboot6-os");
    // The check can fail: one DUID octet or one user-class letter off is caught.
    Duid otherDuid = Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31:39");
    assertThatThrownBy(() -> assertEveryClientMessage(sent, otherDuid, "netboot6-os"))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertEveryClientMessage(sent, deployed, "netboot6-oS"))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertEveryClientMessage(sent, deployed, null))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void conf_longestUserClassWithConfigAndShellCharacters_reachesTheWireUnchanged()
      throws Exception {
    // DUID-UUID, the kind DeployedDuids derives from the SMBIOS UUID
    Duid deployed = Duid.uuid(UUID.fromString("8c3d9a58-1b2e-4c5f-9a0b-112233445566"));
    // ':' would make an unquoted value hexadecimal; ';', '$', '\'' mean something to a shell
    String userClass =
        "ab:cd;$(x)'{y},=|!~%&*".repeat(20).substring(0, DuidSnippets.MAX_DHCPCD_USER_CLASS);
    startDnsmasq(deployed, "2001:db8::43", "");
    startCapture();

    runDhcpcd(DuidSnippets.dhcpcdDuid(deployed), DuidSnippets.dhcpcdConf(clientIf, userClass));

    assertThat(clientAddresses()).contains("inet6 2001:db8::43/128");
    assertEveryClientMessage(stopCaptureAndReadClientMessages(), deployed, userClass);
  }

  @Test
  void conf_withoutUserClass_sendsTheDuidAndNoUserClassOption() throws Exception {
    Duid deployed = Duid.ll(Duid.HARDWARE_TYPE_ETHERNET, MacAddress.parse("02:00:5e:10:00:01"));
    startDnsmasq(deployed, "2001:db8::44", "");
    startCapture();

    runDhcpcd(DuidSnippets.dhcpcdDuid(deployed), DuidSnippets.dhcpcdConf(null, null));

    assertThat(clientAddresses()).contains("inet6 2001:db8::44/128");
    assertEveryClientMessage(stopCaptureAndReadClientMessages(), deployed, null);
  }

  private void startDnsmasq(Duid reservedTo, String address, String moreLines) throws Exception {
    Path conf =
        write(
            "dnsmasq.conf",
            moreLines
                + "port=0\n"
                + "interface="
                + serverIf
                + "\n"
                + "bind-interfaces\n"
                + "enable-ra\n"
                + "dhcp-range=2001:db8::100,2001:db8::1ff,64,1h\n"
                + "dhcp-host=id:"
                + reservedTo
                + ",["
                + address
                + "]\n"
                + "dhcp-leasefile="
                + dir.resolve("dnsmasq.leases")
                + "\n"
                + "log-dhcp\n");
    assertThat(RealProgram.DNSMASQ.run("--test", "-C", conf.toString()).exitCode()).isZero();
    Process dnsmasq =
        start(
            dir.resolve("dnsmasq.log"),
            RealProgram.IP.path(),
            "netns",
            "exec",
            serverNs,
            RealProgram.DNSMASQ.path(),
            "--keep-in-foreground",
            "--no-daemon",
            "-C",
            conf.toString(),
            "--pid-file=" + dir.resolve("dnsmasq.pid"));
    awaitLog(dnsmasq, dir.resolve("dnsmasq.log"), "DHCPv6, IP range");
  }

  /** Starts tshark in the server's namespace, writing DHCPv6 (UDP port 547) to a pcapng file. */
  private void startCapture() throws Exception {
    Process tshark =
        start(
            dir.resolve("tshark.log"),
            RealProgram.IP.path(),
            "netns",
            "exec",
            serverNs,
            RealProgram.TSHARK.path(),
            "-i",
            serverIf,
            "-f",
            "udp port 547",
            "-w",
            dir.resolve("dhcpv6.pcapng").toString());
    awaitLog(tshark, dir.resolve("tshark.log"), "Capturing on");
    capture = tshark;
  }

  /**
   * Waits until the capture holds a Solicit and a Request from the client (the kernel hands
   * captured packets over in blocks, so a capture stopped at once may lose the last ones), stops
   * tshark (SIGTERM, so that it closes the file) and returns the client's DHCPv6 payloads.
   */
  private List<byte[]> stopCaptureAndReadClientMessages() throws Exception {
    Process tshark = capture;
    if (tshark == null) {
      throw new AssertionError("the capture was not started");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline && !hasSolicitAndRequest(readCapture().output())) {
      Thread.sleep(200);
    }
    tshark.destroy();
    assertThat(tshark.waitFor(20, TimeUnit.SECONDS)).as("tshark stopped").isTrue();
    RealProgram.Result r = readCapture();
    assertThat(r.exitCode()).as("tshark -r: %s", r.output()).isZero();
    List<byte[]> messages = new ArrayList<>();
    for (String line : r.output().split("\n")) {
      if (line.matches("[0-9a-f]+")) {
        messages.add(HexFormat.of().parseHex(line));
      }
    }
    assertThat(messages)
        .as("client messages captured; tshark:%n%s", read(dir.resolve("tshark.log")))
        .isNotEmpty();
    return messages;
  }

  /** The UDP payloads of the packets to the server port, one hexadecimal line each. */
  private RealProgram.Result readCapture() {
    return RealProgram.TSHARK.run(
        "-r",
        dir.resolve("dhcpv6.pcapng").toString(),
        "-Y",
        "udp.dstport == 547",
        "-T",
        "fields",
        "-e",
        "udp.payload");
  }

  /** Tells whether a line of {@link #readCapture} output starts with 01 and one with 03. */
  private static boolean hasSolicitAndRequest(String payloads) {
    List<String> lines = List.of(payloads.split("\n"));
    return lines.stream().anyMatch(l -> l.startsWith("01"))
        && lines.stream().anyMatch(l -> l.startsWith("03"));
  }

  /**
   * Runs dhcpcd once (-1, IPv6 only, foreground, debug log, 30 s timeout) in the client's namespace
   * with the DUID file and dhcpcd.conf given, and requires it to succeed within 60 seconds. A shell
   * in the new mount namespace mounts a tmpfs on /run and the test's folder on /var/lib/dhcpcd,
   * then replaces itself with dhcpcd ($0 the folder, $1 the config, $2 the interface).
   */
  private void runDhcpcd(String duidFile, String conf) throws Exception {
    String script =
        "mount -n -t tmpfs tmpfs /run && mkdir /run/dhcpcd"
            + " && mount -n --bind \"$0\" /var/lib/dhcpcd"
            + " && exec "
            + RealProgram.DHCPCD.path()
            + " -f \"$1\" -c /bin/true -B -1 -6 -d -t 30 \"$2\"";
    Path dbdir = Files.createDirectory(dir.resolve("var-lib-dhcpcd"));
    Files.writeString(dbdir.resolve("duid"), duidFile, StandardCharsets.UTF_8);
    Path confFile = write("dhcpcd.conf", conf);
    Path out = dir.resolve("dhcpcd.out");
    Process p =
        start(
            out,
            RealProgram.IP.path(),
            "netns",
            "exec",
            clientNs,
            "unshare",
            "--mount",
            "--pid",
            "--fork",
            "--kill-child",
            "--mount-proc",
            "sh",
            "-c",
            script,
            dbdir.toAbsolutePath().toString(),
            confFile.toAbsolutePath().toString(),
            clientIf);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("dhcpcd timed out:%n%s%ndnsmasq:%n%s", Files.readString(out), dnsmasqLog());
    }
    assertThat(p.exitValue())
        .as("dhcpcd exit status; output:%n%s%ndnsmasq:%n%s", Files.readString(out), dnsmasqLog())
        .isZero();
  }

  /**
   * Requires a Solicit and a Request among {@code messages}, and every message to carry exactly one
   * Client Identifier, {@code duid}, and either no User Class option ({@code userClass} null) or
   * exactly one with exactly one item, {@code userClass}.
   */
  private static void assertEveryClientMessage(
      List<byte[]> messages, Duid duid, @Nullable String userClass) {
    List<Integer> types = new ArrayList<>();
    for (byte[] message : messages) {
      ClientMessage decoded = ClientMessage.decode(message);
      types.add(decoded.type());
      assertThat(decoded.clientIds()).as("client identifiers of %s", decoded).containsExactly(duid);
      assertThat(decoded.userClasses())
          .as("user class options of %s", decoded)
          .isEqualTo(userClass == null ? List.of() : List.of(List.of(userClass)));
    }
    assertThat(types).as("message types sent").contains(1, 3); // Solicit, Request
  }

  /** The options of one client message that the test checks, decoded from the wire bytes. */
  private record ClientMessage(int type, List<Duid> clientIds, List<List<String>> userClasses) {

    /** Walks the options of a client/server message (RFC 8415 §8, §21.1), every length checked. */
    static ClientMessage decode(byte[] m) {
      assertThat(m.length).as("message length").isGreaterThanOrEqualTo(4);
      List<Duid> clientIds = new ArrayList<>();
      List<List<String>> userClasses = new ArrayList<>();
      int at = 4; // msg-type, transaction-id
      while (at < m.length) {
        assertThat(m.length - at).as("option header at offset %d", at).isGreaterThanOrEqualTo(4);
        int code = u16(m, at);
        int length = u16(m, at + 2);
        int data = at + 4;
        assertThat(length)
            .as("option %d length at offset %d", code, at)
            .isLessThanOrEqualTo(m.length - data);
        if (code == 1) {
          clientIds.add(Duid.fromBytes(m, data, length));
        } else if (code == 15) {
          userClasses.add(userClassItems(m, data, data + length));
        }
        at = data + length;
      }
      return new ClientMessage(m[0] & 0xff, clientIds, userClasses);
    }

    /** RFC 8415 §21.15: each item is a 16-bit length, then that many octets. */
    private static List<String> userClassItems(byte[] m, int from, int to) {
      List<String> items = new ArrayList<>();
      int at = from;
      while (at < to) {
        assertThat(to - at).as("user-class item length at offset %d", at).isGreaterThanOrEqualTo(2);
        int length = u16(m, at);
        assertThat(length).as("user-class item at offset %d", at).isLessThanOrEqualTo(to - at - 2);
        items.add(new String(m, at + 2, length, StandardCharsets.ISO_8859_1));
        at += 2 + length;
      }
      return items;
    }

    private static int u16(byte[] m, int at) {
      return (m[at] & 0xff) << 8 | (m[at + 1] & 0xff);
    }
  }

  private String clientAddresses() {
    return RealProgram.IP.run("-n", clientNs, "-6", "addr", "show", "dev", clientIf).output();
  }

  private Process start(Path log, String... command) throws IOException {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    return p;
  }

  private static void awaitLog(Process p, Path log, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!read(log).contains(line)) {
      if (System.nanoTime() > deadline || !p.isAlive()) {
        fail("%s did not start:%n%s", log.getFileName(), read(log));
      }
      Thread.sleep(50);
    }
  }

  private String dnsmasqLog() throws IOException {
    return read(dir.resolve("dnsmasq.log"));
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
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
