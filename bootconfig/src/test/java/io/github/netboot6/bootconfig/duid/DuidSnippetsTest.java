package io.github.netboot6.bootconfig.duid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.testkit.HostileStrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DuidSnippetsTest {

  static final Duid EN = Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31:37");
  static final Duid LL = Duid.ll(1, MacAddress.parse("52:54:00:12:34:56"));
  static final Duid LLT = Duid.parse("00:01:00:01:2a:3b:4c:5d:52:54:00:12:34:56");
  static final Duid UUID_DUID = Duid.uuid(UUID.fromString("8c3d9a58-1b2e-4c5f-9a0b-112233445566"));

  @Test
  void dhclient_sendsClientIdAsColonHex() {
    assertThat(DuidSnippets.dhclient(EN, null))
        .isEqualTo("send dhcp6.client-id 00:02:00:00:ab:11:6e:62:36:2d:31:37;\n");
    assertThat(DuidSnippets.dhclient(EN, "eth0"))
        .isEqualTo(
            "interface \"eth0\" {\n"
                + "  send dhcp6.client-id 00:02:00:00:ab:11:6e:62:36:2d:31:37;\n"
                + "}\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "eth0\"",
        "eth0;",
        "eth 0",
        "eth0\n",
        "a/b",
        "verylonginterface",
        "ëth0"
      })
  void dhclient_hostileInterfaceName_isRejected(String name) {
    assertThatThrownBy(() -> DuidSnippets.dhclient(EN, name))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("interface name");
  }

  @Test
  void dhclient_userClass_isOneLengthPrefixedItemInHex() {
    assertThat(DuidSnippets.dhclient(EN, "eth0", "os"))
        .isEqualTo(
            "option dhcp6.user-class code 15 = string;\n"
                + "interface \"eth0\" {\n"
                + "  send dhcp6.client-id 00:02:00:00:ab:11:6e:62:36:2d:31:37;\n"
                + "  send dhcp6.user-class 00:02:6f:73;\n" // item length 2, "os"
                + "}\n");
    assertThat(DuidSnippets.dhclient(EN, null, "A"))
        .isEqualTo(
            "option dhcp6.user-class code 15 = string;\n"
                + "send dhcp6.client-id 00:02:00:00:ab:11:6e:62:36:2d:31:37;\n"
                + "send dhcp6.user-class 00:01:41;\n");
    assertThat(DuidSnippets.dhclient(EN, null, "x".repeat(255))).contains("00:ff:78:78:");
  }

  @Test
  void dhclient_hostileUserClass_isRejectedNamingTheCharacter() {
    SplittableRandom random = new SplittableRandom(6);
    for (int i = 0; i < 1_000; i++) {
      String hostile = HostileStrings.any().next(random);
      boolean visibleAscii =
          !hostile.isEmpty()
              && hostile.length() <= 255
              && hostile.chars().allMatch(c -> c >= '!' && c <= '~');
      if (visibleAscii) {
        assertThat(DuidSnippets.dhclient(EN, null, hostile))
            .as("user class %s", hostile)
            .matches(
                "option dhcp6\\.user-class code 15 = string;\n"
                    + "send dhcp6\\.client-id [0-9a-f:]+;\nsend dhcp6\\.user-class [0-9a-f:]+;\n");
      } else {
        assertThatThrownBy(() -> DuidSnippets.dhclient(EN, null, hostile))
            .as("user class %s", hostile)
            .isInstanceOf(MalformedValueException.class)
            .hasMessageContaining("user class");
      }
    }
    assertThatThrownBy(() -> DuidSnippets.dhclient(EN, null, "has space"))
        .hasMessageContaining("character U+0020 is not allowed");
    assertThatThrownBy(() -> DuidSnippets.dhclient(EN, null, "x".repeat(256)))
        .hasMessageContaining("length 256 (expected: 1..255 characters)");
  }

  @Test
  void dhcpcdConf_isAnInterfaceBlockWithDuidAndAQuotedUserClass() {
    assertThat(DuidSnippets.dhcpcdConf("eth0", "netboot6-os"))
        .isEqualTo("interface eth0\n  duid\n  userclass \"netboot6-os\"\n");
    assertThat(DuidSnippets.dhcpcdConf("eth0", null)).isEqualTo("interface eth0\n  duid\n");
    assertThat(DuidSnippets.dhcpcdConf(null, "os")).isEqualTo("duid\nuserclass \"os\"\n");
    assertThat(DuidSnippets.dhcpcdConf(null, null)).isEqualTo("duid\n");
    // quoted, so "ab:cd" stays five characters of text instead of two octets of hexadecimal
    assertThat(DuidSnippets.dhcpcdConf(null, "ab:cd")).endsWith("userclass \"ab:cd\"\n");
    assertThat(DuidSnippets.dhcpcdConf(null, "x".repeat(254)))
        .contains("\"" + "x".repeat(254) + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "eth0\"", "eth 0", "eth0\n", "eth0#", "verylonginterface"})
  void dhcpcdConf_hostileInterfaceName_isRejected(String name) {
    assertThatThrownBy(() -> DuidSnippets.dhcpcdConf(name, "os"))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("interface name");
  }

  @Test
  void dhcpcdConf_hostileUserClass_isRejectedNamingTheCharacter() {
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 1_000; i++) {
      String hostile = HostileStrings.any().next(random);
      boolean allowed =
          !hostile.isEmpty()
              && hostile.length() <= 254
              && hostile.chars().allMatch(c -> c >= '!' && c <= '~' && "\"\\#".indexOf(c) < 0);
      if (allowed) {
        assertThat(DuidSnippets.dhcpcdConf("eth0", hostile))
            .as("user class %s", hostile)
            .isEqualTo("interface eth0\n  duid\n  userclass \"" + hostile + "\"\n");
      } else {
        assertThatThrownBy(() -> DuidSnippets.dhcpcdConf("eth0", hostile))
            .as("user class %s", hostile)
            .isInstanceOf(MalformedValueException.class)
            .hasMessageContaining("user class");
      }
    }
    for (String[] valueAndCharacter :
        new String[][] {
          {"a\"b", "'\"'"},
          {"a\\b", "'\\'"},
          {"a#b", "'#'"},
          {"a b", "U+0020"},
          {"a\nuserclass \"x", "U+000A"},
          {"a\u0000b", "U+0000"},
          {"a\tb", "U+0009"},
          {"ëos", "U+00EB"}
        }) {
      assertThatThrownBy(() -> DuidSnippets.dhcpcdConf(null, valueAndCharacter[0]))
          .isInstanceOf(MalformedValueException.class)
          .hasMessageContaining("user class")
          .hasMessageContaining("character " + valueAndCharacter[1] + " is not allowed");
    }
    assertThatThrownBy(() -> DuidSnippets.dhcpcdConf(null, ""))
        .hasMessageContaining("length 0 (expected: 1..254 characters)");
    assertThatThrownBy(() -> DuidSnippets.dhcpcdConf(null, "x".repeat(255)))
        .hasMessageContaining("length 255 (expected: 1..254 characters)");
  }

  @Test
  void dhclientLeaseDuid_writesEveryByteInOctal() {
    assertThat(DuidSnippets.dhclientLeaseDuid(Duid.parse("00:02:00:00:ab:11:22:5c:0a")))
        .isEqualTo("default-duid \"\\000\\002\\000\\000\\253\\021\\042\\134\\012\";\n");
  }

  @Test
  void systemdNetworkd_namesTheTypeAndGivesTheOctetsAfterIt() {
    assertThat(DuidSnippets.systemdNetworkd(EN))
        .isEqualTo("[DHCPv6]\nDUIDType=vendor\nDUIDRawData=00:00:ab:11:6e:62:36:2d:31:37\n");
    assertThat(DuidSnippets.systemdNetworkd(LL))
        .isEqualTo("[DHCPv6]\nDUIDType=link-layer\nDUIDRawData=00:01:52:54:00:12:34:56\n");
    assertThat(DuidSnippets.systemdNetworkd(LLT))
        .isEqualTo(
            "[DHCPv6]\nDUIDType=link-layer-time\nDUIDRawData=00:01:2a:3b:4c:5d:52:54:00:12:34:56\n");
    assertThat(DuidSnippets.systemdNetworkd(UUID_DUID))
        .isEqualTo(
            "[DHCPv6]\nDUIDType=uuid\n"
                + "DUIDRawData=8c:3d:9a:58:1b:2e:4c:5f:9a:0b:11:22:33:44:55:66\n");
    assertThatThrownBy(() -> DuidSnippets.systemdNetworkd(Duid.parse("00:07:01")))
        .hasMessageContaining("DUID type: 7");
  }

  @Test
  void networkManagerAndDhcpcd_takeTheWholeDuid() {
    assertThat(DuidSnippets.networkManager(EN))
        .isEqualTo("[connection]\nipv6.dhcp-duid=00:02:00:00:ab:11:6e:62:36:2d:31:37\n");
    assertThat(DuidSnippets.dhcpcdDuid(EN)).isEqualTo("00:02:00:00:ab:11:6e:62:36:2d:31:37\n");
    assertThat(DuidSnippets.nmcli(EN, "Wired connection 1"))
        .isEqualTo(
            "nmcli connection modify 'Wired connection 1' ipv6.dhcp-duid"
                + " 00:02:00:00:ab:11:6e:62:36:2d:31:37");
    assertThat(DuidSnippets.nmcli(EN, "it's $(x)"))
        .startsWith("nmcli connection modify 'it'\\''s $(x)' ");
    assertThatThrownBy(() -> DuidSnippets.nmcli(EN, "a\nb"))
        .hasMessageContaining("connection name")
        .hasMessageContaining("U+000A");
  }

  @ParameterizedTest
  @ValueSource(strings = {"etc/x", "/", "/etc/../x", "/etc//x", "/etc/x y", "/etc/$x", "/etc/x;"})
  void configFile_unsafePath_isRejected(String path) {
    assertThatThrownBy(() -> ConfigFile.of(path, ""))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("file path");
  }

  @Test
  void configFile_contentMustBeNewlineTerminatedWithoutNulOrCr() {
    assertThatThrownBy(() -> ConfigFile.of("/x", "a")).hasMessageContaining("newline");
    assertThatThrownBy(() -> ConfigFile.of("/x", "a\u0000\n")).hasMessageContaining("U+0000");
    assertThatThrownBy(() -> ConfigFile.of("/x", "a\r\n")).hasMessageContaining("U+000D");
    assertThat(ConfigFile.of("/etc/dhcp/x.conf", "").directory()).isEqualTo("/etc/dhcp");
    assertThat(ConfigFile.of("/x", "").directory()).isEqualTo("/");
  }

  @Test
  void kickstartPost_writesFilesWithQuotedHereDocuments() {
    String post =
        InstallerWrappers.kickstartPost(
            List.of(ConfigFile.of("/etc/dhcp/dhclient.conf", DuidSnippets.dhclient(EN, "eth0"))));

    assertThat(post)
        .isEqualTo(
            "%post\n"
                + "set -e\n"
                + "mkdir -p /etc/dhcp\n"
                + "cat > /etc/dhcp/dhclient.conf <<'NETBOOT6_EOF'\n"
                + "interface \"eth0\" {\n"
                + "  send dhcp6.client-id 00:02:00:00:ab:11:6e:62:36:2d:31:37;\n"
                + "}\n"
                + "NETBOOT6_EOF\n"
                + "%end\n");
    assertThatThrownBy(
            () -> InstallerWrappers.kickstartPost(List.of(ConfigFile.of("/x", "NETBOOT6_EOF\n"))))
        .hasMessageContaining("here-document delimiter");
  }

  @Test
  void preseedLateCommand_isOneLineOfSingleQuotedPrintfArguments() {
    String line =
        InstallerWrappers.preseedLateCommand(
            List.of(
                ConfigFile.of(DuidSnippets.DHCPCD_DUID, DuidSnippets.dhcpcdDuid(EN)),
                ConfigFile.of("/etc/x.conf", "it's\n")));

    assertThat(line)
        .isEqualTo(
            "d-i preseed/late_command string mkdir -p /target/var/lib/dhcpcd && printf '%s\\n'"
                + " '00:02:00:00:ab:11:6e:62:36:2d:31:37' > /target/var/lib/dhcpcd/duid"
                + " && mkdir -p /target/etc && printf '%s\\n' 'it'\\''s' > /target/etc/x.conf\n");
  }

  /** Runs the wrappers in a real sh with hostile contents: the files hold exactly the content. */
  @Test
  void wrappers_hostileContent_isWrittenByteForByteByARealShell(@TempDir Path dir)
      throws Exception {
    SplittableRandom random = new SplittableRandom(20261202L);
    for (int i = 0; i < 150; i++) {
      String content = HostileStrings.any().next(random) + "\n";
      ConfigFile file;
      try {
        file = ConfigFile.of(dir + "/f" + i + "/a.conf", content);
      } catch (MalformedValueException e) {
        continue;
      }
      String post = InstallerWrappers.kickstartPost(List.of(file));
      String body = post.substring("%post\n".length(), post.length() - "%end\n".length());
      runSh(body);
      assertThat(Files.readString(Path.of(file.path()), StandardCharsets.UTF_8))
          .as("kickstart, content %s", content)
          .isEqualTo(content);
      Files.delete(Path.of(file.path()));

      String preseed = InstallerWrappers.preseedLateCommand(List.of(file));
      assertThat(preseed.indexOf('\n')).isEqualTo(preseed.length() - 1);
      String command =
          preseed.substring("d-i preseed/late_command string ".length()).replace("/target/", "/");
      runSh(command);
      assertThat(Files.readString(Path.of(file.path()), StandardCharsets.UTF_8))
          .as("preseed, content %s", content)
          .isEqualTo(content);
    }
  }

  private static void runSh(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
  }
}
