package io.github.netboot6.bootconfig.duid;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.netboot6.bootconfig.RealProgram;
import io.github.netboot6.core.Duid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real ISC dhclient with the generated snippet, against real dnsmasq that reserves an address to
 * the deployed DUID, in two network namespaces joined by a veth pair with 2001:db8:: addresses
 * only. The reserved address in dhclient's lease proves that the server saw the deployed DUID;
 * tshark captures the client's messages on the server's side and the test decodes them: every
 * Solicit and Request carries exactly the deployed DUID and, where one is generated, exactly the
 * user-class item. dhclient always runs with {@code -sf /bin/true}: its default script rewrites the
 * machine's {@code /etc/resolv.conf}, even from inside a namespace.
 */
@Tag("interop")
class DhclientDuidTest {

  @TempDir Path dir;

  private @Nullable TestLink link;
  private String serverNs = "";
  private String clientNs = "";
  private String serverIf = "";
  private String clientIf = "";
  private @Nullable Process dnsmasq;
  private @Nullable Dhcp6Capture capture;

  @BeforeEach
  void createNamespacesAndVethPair() {
    TestLink l = new TestLink();
    link = l;
    serverNs = l.serverNs;
    clientNs = l.clientNs;
    serverIf = l.serverIf;
    clientIf = l.clientIf;
  }

  @AfterEach
  void stopProcessesAndDeleteNamespaces() {
    Process d = dnsmasq;
    if (d != null) {
      d.destroyForcibly();
    }
    Dhcp6Capture c = capture;
    if (c != null) {
      c.close();
    }
    TestLink l = link;
    if (l != null) {
      l.close();
    }
  }

  @Test
  void dhclientConf_sendDhcp6ClientId_serverSeesTheDeployedDuid() throws Exception {
    Duid deployed = Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31:37");
    startDnsmasq(deployed, "2001:db8::42");
    Path conf = write("dhclient.conf", DuidSnippets.dhclient(deployed, clientIf));
    capture = Dhcp6Capture.start(serverNs, serverIf, dir);

    String lease = runDhclient(conf, dir.resolve("dhclient6.leases"));

    Dhcp6Capture.assertEveryClientMessage(
        requireNonNull(capture).stopAndReadClientMessages(), deployed, null);
    assertThat(lease).contains("iaaddr 2001:db8::42 {");
    assertThat(leaseClientId(lease)).isEqualTo(deployed);
    assertThat(dnsmasqLog()).contains("DHCPREPLY(" + serverIf + ") 2001:db8::42 " + deployed);
  }

  @Test
  void dhclientConf_userClass_serverMatchesTheClass() throws Exception {
    Duid deployed = Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31:39");
    // dnsmasq tags a client whose User Class option holds this item, and logs the tags.
    startDnsmasq(deployed, "2001:db8::44", "dhcp-userclass=set:installedos,netboot6-os\n");
    Path conf = write("dhclient.conf", DuidSnippets.dhclient(deployed, clientIf, "netboot6-os"));
    capture = Dhcp6Capture.start(serverNs, serverIf, dir);

    String lease = runDhclient(conf, dir.resolve("dhclient6.leases"));

    List<byte[]> sent = requireNonNull(capture).stopAndReadClientMessages();
    Dhcp6Capture.assertEveryClientMessage(sent, deployed, "netboot6-os");
    // The check can fail: one user-class letter off, or no user class, is caught.
    assertThatThrownBy(() -> Dhcp6Capture.assertEveryClientMessage(sent, deployed, "netboot6-oS"))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> Dhcp6Capture.assertEveryClientMessage(sent, deployed, null))
        .isInstanceOf(AssertionError.class);
    assertThat(lease).contains("iaaddr 2001:db8::44 {");
    assertThat(leaseClientId(lease)).isEqualTo(deployed);
    assertThat(dnsmasqLog()).containsPattern("tags: [^\\n]*installedos");
  }

  @Test
  void dhclientLeaseFile_defaultDuidWithBytesThatNeedEscaping_serverSeesTheDeployedDuid()
      throws Exception {
    // DUID-EN whose identifier holds '"', '\', LF, '\'' and a high byte
    Duid deployed = Duid.parse("00:02:00:00:ab:11:22:5c:0a:27:ff");
    startDnsmasq(deployed, "2001:db8::43");
    Path conf = write("dhclient.conf", "");
    Path leases = write("dhclient6.leases", DuidSnippets.dhclientLeaseDuid(deployed));
    capture = Dhcp6Capture.start(serverNs, serverIf, dir);

    String lease = runDhclient(conf, leases);

    Dhcp6Capture.assertEveryClientMessage(
        requireNonNull(capture).stopAndReadClientMessages(), deployed, null);
    assertThat(lease).contains("iaaddr 2001:db8::43 {");
    assertThat(leaseClientId(lease)).isEqualTo(deployed);
    assertThat(dnsmasqLog()).contains("DHCPREPLY(" + serverIf + ") 2001:db8::43 " + deployed);
  }

  private void startDnsmasq(Duid reservedTo, String address) throws Exception {
    startDnsmasq(reservedTo, address, "");
  }

  private void startDnsmasq(Duid reservedTo, String address, String moreLines) throws Exception {
    dnsmasq = requireNonNull(link).startDnsmasq(dir, reservedTo, address, moreLines);
  }

  /** Runs dhclient -6 once, with -sf /bin/true, and returns its lease file. */
  private String runDhclient(Path conf, Path leases) throws Exception {
    Path out = dir.resolve("dhclient.out");
    Process p =
        new ProcessBuilder(
                RealProgram.IP.path(),
                "netns",
                "exec",
                clientNs,
                RealProgram.DHCLIENT.path(),
                "-6",
                "-1",
                "-v",
                "-sf",
                "/bin/true",
                "-cf",
                conf.toString(),
                "-lf",
                leases.toString(),
                "-pf",
                dir.resolve("dhclient.pid").toString(),
                clientIf)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("dhclient timed out:%n%s%ndnsmasq:%n%s", Files.readString(out), dnsmasqLog());
    }
    assertThat(p.exitValue())
        .as("dhclient exit status; output:%n%s%ndnsmasq:%n%s", Files.readString(out), dnsmasqLog())
        .isZero();
    return Files.readString(leases, StandardCharsets.ISO_8859_1);
  }

  /** Reads {@code option dhcp6.client-id 0:2:0:0:ab:...;} from the (last) lease. */
  private static Duid leaseClientId(String lease) {
    Matcher m = Pattern.compile("option dhcp6\\.client-id ([0-9a-f:]+);").matcher(lease);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    assertThat(last).as("client-id in lease file:%n%s", lease).isNotNull();
    String[] octets = last.split(":");
    byte[] bytes = new byte[octets.length];
    for (int i = 0; i < octets.length; i++) {
      bytes[i] = (byte) Integer.parseInt(octets[i], 16);
    }
    return Duid.fromBytes(bytes);
  }

  private String dnsmasqLog() throws IOException {
    Path log = dir.resolve("dnsmasq.log");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}
