package io.github.netboot6.bootconfig.duid;

import static java.util.Objects.requireNonNull;
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

  private @Nullable TestLink link;
  private String serverNs = "";
  private String clientNs = "";
  private String serverIf = "";
  private String clientIf = "";
  private final List<Process> processes = new ArrayList<>();
  private @Nullable Dhcp6Capture capture;
  private byte @Nullable [] resolvConfBefore;

  @BeforeEach
  void createNamespacesAndVethPair() throws IOException {
    resolvConfBefore = Files.exists(RESOLV_CONF) ? Files.readAllBytes(RESOLV_CONF) : null;
    TestLink l = new TestLink();
    link = l;
    serverNs = l.serverNs;
    clientNs = l.clientNs;
    serverIf = l.serverIf;
    clientIf = l.clientIf;
  }

  @AfterEach
  void stopProcessesAndDeleteNamespaces() throws IOException {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    Dhcp6Capture c = capture;
    if (c != null) {
      c.close();
    }
    TestLink l = link;
    if (l != null) {
      l.close();
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
    capture = Dhcp6Capture.start(serverNs, serverIf, dir);

    runDhcpcd(DuidSnippets.dhcpcdDuid(deployed), DuidSnippets.dhcpcdConf(clientIf, "netboot6-os"));

    assertThat(clientAddresses()).contains("inet6 2001:db8::42/128");
    assertThat(dnsmasqLog())
        .contains("DHCPREPLY(" + serverIf + ") 2001:db8::42 " + deployed)
        .containsPattern("tags: [^\\n]*installedos");
    List<byte[]> sent = requireNonNull(capture).stopAndReadClientMessages();
    Dhcp6Capture.assertEveryClientMessage(sent, deployed, "netboot6-os");
    // The check can fail: one DUID octet or one user-class letter off is caught.
    Duid otherDuid = Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31:39");
    assertThatThrownBy(() -> Dhcp6Capture.assertEveryClientMessage(sent, otherDuid, "netboot6-os"))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> Dhcp6Capture.assertEveryClientMessage(sent, deployed, "netboot6-oS"))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> Dhcp6Capture.assertEveryClientMessage(sent, deployed, null))
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
    capture = Dhcp6Capture.start(serverNs, serverIf, dir);

    runDhcpcd(DuidSnippets.dhcpcdDuid(deployed), DuidSnippets.dhcpcdConf(clientIf, userClass));

    assertThat(clientAddresses()).contains("inet6 2001:db8::43/128");
    Dhcp6Capture.assertEveryClientMessage(
        requireNonNull(capture).stopAndReadClientMessages(), deployed, userClass);
  }

  @Test
  void conf_withoutUserClass_sendsTheDuidAndNoUserClassOption() throws Exception {
    Duid deployed = Duid.ll(Duid.HARDWARE_TYPE_ETHERNET, MacAddress.parse("02:00:5e:10:00:01"));
    startDnsmasq(deployed, "2001:db8::44", "");
    capture = Dhcp6Capture.start(serverNs, serverIf, dir);

    runDhcpcd(DuidSnippets.dhcpcdDuid(deployed), DuidSnippets.dhcpcdConf(null, null));

    assertThat(clientAddresses()).contains("inet6 2001:db8::44/128");
    Dhcp6Capture.assertEveryClientMessage(
        requireNonNull(capture).stopAndReadClientMessages(), deployed, null);
  }

  /** dnsmasq with router advertisements (M flag: {@code enable-ra}), so dhcpcd starts DHCPv6. */
  private void startDnsmasq(Duid reservedTo, String address, String moreLines) throws Exception {
    processes.add(
        requireNonNull(link).startDnsmasq(dir, reservedTo, address, moreLines + "enable-ra\n"));
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

  private String clientAddresses() {
    return RealProgram.IP.run("-n", clientNs, "-6", "addr", "show", "dev", clientIf).output();
  }

  private Process start(Path log, String... command) throws IOException {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    return p;
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
}
