package io.github.netboot6.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.examples.RealProgram;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code netboot6 plan} run in-process on the example inventory and on hostile ones; the files it
 * writes are checked by the real {@code dnsmasq --test} and {@code kea-dhcp6 -t}.
 */
class PlanCommandTest {
  private static final Path EXAMPLE = Path.of("inventory.example.json");
  private static final String POOL = "2001:db8:1::/64";
  private static final String SERVER = "2001:db8:1::1";

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = Netboot6Cli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private int plan(Path inventory, Path outDir, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "plan",
                "--inventory",
                inventory.toString(),
                "--pool",
                POOL,
                "--server",
                SERVER,
                "--out",
                outDir.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  void exampleInventory_configurationsPassTheRealDnsmasqAndKeaChecks() throws IOException {
    Path outDir = dir.resolve("out");

    int code = plan(EXAMPLE, outDir, "--dns", "2001:db8:1::53", "--http-port", "8080");

    assertThat(code).as(err.toString()).isZero();
    RealProgram.Result dnsmasq =
        RealProgram.DNSMASQ.run("--test", "--conf-file=" + outDir.resolve("dnsmasq.conf"));
    assertThat(dnsmasq.exitCode()).as(dnsmasq.output() + dnsmasq.error()).isZero();
    RealProgram.Result kea =
        RealProgram.KEA_DHCP6.run("-t", outDir.resolve("kea-dhcp6.json").toString());
    assertThat(kea.exitCode()).as(kea.output() + kea.error()).isZero();

    JsonNode manifest = new ObjectMapper().readTree(outDir.resolve("hosts.json").toFile());
    Ipv6Prefix pool = Ipv6Prefix.parse(POOL);
    List<String> names = new ArrayList<>();
    List<String> blocks = new ArrayList<>();
    for (JsonNode host : manifest.path("hosts")) {
      names.add(host.path("name").asText());
      blocks.add(host.path("block").asText());
      Ipv6Prefix block = Ipv6Prefix.parse(host.path("block").asText());
      Ipv6Address permanent = Ipv6Address.parse(host.path("permanentAddress").asText());
      assertThat(pool.contains(block.first())).isTrue();
      assertThat(block.contains(permanent)).isTrue();
      assertThat(permanent).isNotEqualTo(Ipv6Address.parse(SERVER));
      host.path("phaseAddresses")
          .forEach(a -> assertThat(block.contains(Ipv6Address.parse(a.asText()))).isTrue());
    }
    assertThat(names).containsExactly("node-01", "node-02", "node-03", "node-04");
    assertThat(blocks).doesNotHaveDuplicates();

    assertThat(outDir.resolve("hosts/node-01/script.ipxe"))
        .content()
        .contains("kernel http://[2001:db8:1::1]:8080/fedora/40/vmlinuz initrd=initrd.img ip=dhcp6")
        .contains("inst.ks=http://[2001:db8:1::1]:8080/ks/node-01.cfg");
    assertThat(outDir.resolve("hosts/node-02/script.ipxe"))
        .content()
        .contains("url=http://[2001:db8:1::1]:8080/preseed/node-02.cfg")
        .contains("hostname=node-02");
    assertThat(outDir.resolve("hosts/node-01/dhclient.conf"))
        .content()
        .isEqualTo(
            "interface \"enp1s0\" {\n"
                + "  send dhcp6.client-id 00:02:00:00:ab:11:6e:62:36:2d:6e:6f:64:65:2d:30:31;\n"
                + "}\n");
    assertThat(outDir.resolve("hosts/node-01/kickstart-post.ks"))
        .content()
        .contains("ipv6.dhcp-duid=00:02:00:00:ab:11:6e:62:36:2d:6e:6f:64:65:2d:30:31");
    assertThat(outDir.resolve("hosts/node-02/preseed-late-command.cfg"))
        .content()
        .startsWith("d-i preseed/late_command string ");
    assertThat(outDir.resolve("bootstrap.ipxe"))
        .content()
        .contains(
            "chain --autofree http://[2001:db8:1::1]:8080/script.ipxe?mac=${net0/mac:hexhyp}");
    assertThat(outDir.resolve("dnsmasq.conf"))
        .content()
        .startsWith("dhcp-range=2001:db8:1::,static,64,3600\n")
        .contains("dhcp-host=52:54:00:12:34:56,[" + blocks.get(0) + "]\n")
        .contains(
            "dhcp-option=tag:ipxe,option6:bootfile-url,\"http://[2001:db8:1::1]:8080/bootstrap.ipxe\"");
  }

  @Test
  void serverAddressInThePool_isNeverAHostsAddress() throws IOException {
    Path outDir = dir.resolve("out");
    assertThat(plan(EXAMPLE, outDir)).isZero();
    // block 0 of 2001:db8:1::/64 would give its first host 2001:db8:1::1, the server's address
    assertThat(hostsJson(outDir).at("/hosts/0/block").asText()).isEqualTo("2001:db8:1::8/125");
  }

  @Test
  void rerun_sameHostsKeepTheirBlocks_filesAreByteForByteTheSame() throws IOException {
    Path outDir = dir.resolve("out");
    assertThat(plan(EXAMPLE, outDir)).isZero();
    assertThat(out.toString()).contains("node-01: block 2001:db8:1::8/125 (new)");
    Map<String, String> first = snapshot(outDir);

    assertThat(plan(EXAMPLE, outDir)).isZero();

    assertThat(out.toString())
        .contains("node-01: block 2001:db8:1::8/125 (kept)")
        .doesNotContain("(new)");
    assertThat(snapshot(outDir)).isEqualTo(first);
  }

  @Test
  void rerun_newHostFirstAndAHostRemoved_othersKeepTheirBlocks() throws IOException {
    Path outDir = dir.resolve("out");
    assertThat(plan(EXAMPLE, outDir)).isZero();
    JsonNode before = hostsJson(outDir);
    ObjectNode inventory = (ObjectNode) new ObjectMapper().readTree(EXAMPLE.toFile());
    ArrayNode hosts = (ArrayNode) inventory.get("hosts");
    hosts.remove(1); // node-02
    hosts.insert(
        0,
        new ObjectMapper().readTree("{\"name\": \"node-00\", \"macs\": [\"52:54:00:ab:cd:00\"]}"));
    Path changed = write("changed.json", inventory.toString());

    assertThat(plan(changed, outDir)).as(err.toString()).isZero();

    JsonNode after = hostsJson(outDir);
    assertThat(blockOf(after, "node-01")).isEqualTo(blockOf(before, "node-01"));
    assertThat(blockOf(after, "node-04")).isEqualTo(blockOf(before, "node-04"));
    assertThat(blockOf(after, "node-00")).isEqualTo("2001:db8:1::28/125"); // the next free one
    assertThat(outDir.resolve("hosts/node-02")).doesNotExist();
    assertThat(outDir.resolve("hosts/node-00/dhclient.conf")).exists();
    assertThat(outDir.resolve("hosts/node-00/script.ipxe")).doesNotExist(); // no installer
    assertThat(after.at("/hosts/0/deployedDuidGenerated").asBoolean()).isTrue();
  }

  @Test
  void generatedDuid_sameOnEveryRun_inTheSnippetsAndTheReservations() throws Exception {
    Path outDir = dir.resolve("out");
    assertThat(plan(EXAMPLE, outDir)).isZero();
    JsonNode node02 = hostsJson(outDir).at("/hosts/1");
    String duid = node02.path("deployedDuid").asText();

    assertThat(node02.path("deployedDuidGenerated").asBoolean()).isTrue();
    assertThat(duid).startsWith("00:02:00:00:7e:d9:"); // DUID-EN, enterprise 32473
    byte[] key = Files.readAllBytes(outDir.resolve("state/site-key"));
    assertThat(key).hasSize(32);
    // HMAC-SHA256(key, "netboot6 deployed DUID-EN\0node-02"), first 16 bytes (DeployedDuids).
    javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
    hmac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
    hmac.update("netboot6 deployed DUID-EN\0".getBytes(StandardCharsets.UTF_8));
    byte[] mac = hmac.doFinal("node-02".getBytes(StandardCharsets.UTF_8));
    assertThat(duid)
        .isEqualTo("00:02:00:00:7e:d9:" + HexFormat.ofDelimiter(":").formatHex(mac, 0, 16));
    assertThat(plan(EXAMPLE, outDir)).isZero();
    assertThat(hostsJson(outDir).at("/hosts/1/deployedDuid").asText()).isEqualTo(duid);
    assertThat(outDir.resolve("hosts/node-02/dhcpcd.duid")).content().isEqualTo(duid + "\n");
    // dhcpcd reads the DUID file; the conf line makes it use the DUID for DHCPv4 too. node-01
    // names its interface (attribute netboot6.interface), node-02 does not.
    assertThat(outDir.resolve("hosts/node-02/dhcpcd.conf")).content().isEqualTo("duid\n");
    assertThat(outDir.resolve("hosts/node-01/dhcpcd.conf"))
        .content()
        .isEqualTo("interface enp1s0\n  duid\n");
    assertThat(outDir.resolve("dnsmasq.conf"))
        .content()
        .contains("dhcp-host=id:" + duid + ",[" + node02.path("permanentAddress").asText() + "]");
    assertThat(outDir.resolve("kea-dhcp6.json")).content().contains("\"duid\" : \"" + duid + "\"");
  }

  @Test
  void siteKey_givenFile_otherKeyOtherDuids_ownerOnlyDefaultKey() throws IOException {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    Path keyFile = Files.write(dir.resolve("key"), new byte[16]);

    assertThat(plan(EXAMPLE, first, "--site-key", keyFile.toString())).as(err.toString()).isZero();
    assertThat(plan(EXAMPLE, second)).as(err.toString()).isZero();
    Path otherKey =
        Files.write(
            dir.resolve("key2"),
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    assertThat(plan(EXAMPLE, first, "--site-key", otherKey.toString())).isZero();

    assertThat(first.resolve("state/site-key")).doesNotExist();
    assertThat(Files.getPosixFilePermissions(second.resolve("state/site-key")))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    String withKey = hostsJson(first).at("/hosts/1/deployedDuid").asText();
    assertThat(withKey).isNotEqualTo(hostsJson(second).at("/hosts/1/deployedDuid").asText());
    // node-01's DUID is in the inventory: the key does not change it.
    assertThat(hostsJson(first).at("/hosts/0/deployedDuid").asText())
        .isEqualTo(hostsJson(second).at("/hosts/0/deployedDuid").asText());
  }

  @Test
  void siteKey_tooShort_usageErrorNamingTheFile_nothingWritten() throws IOException {
    Path keyFile = Files.write(dir.resolve("key"), new byte[15]);
    Path outDir = dir.resolve("out");

    int code = plan(EXAMPLE, outDir, "--site-key", keyFile.toString());

    assertThat(code).isEqualTo(Netboot6Cli.EXIT_USAGE);
    assertThat(err.toString()).contains("site key " + keyFile).contains("15");
    assertThat(outDir).doesNotExist();
  }

  @Test
  void generatedDuid_deployedToAnotherHost_refusedNamingBothHosts() throws IOException {
    Path keyFile = Files.write(dir.resolve("key"), new byte[16]);
    Path outDir = dir.resolve("out");
    assertThat(plan(EXAMPLE, outDir, "--site-key", keyFile.toString())).isZero();
    String generated = hostsJson(outDir).at("/hosts/1/deployedDuid").asText();
    ObjectNode root = (ObjectNode) new ObjectMapper().readTree(EXAMPLE.toFile());
    ((ObjectNode) root.withArray("hosts").get(2)).put("deployedDuid", generated);
    Path inventory = dir.resolve("inventory.json");
    new ObjectMapper().writeValue(inventory.toFile(), root);
    Map<String, String> before = snapshot(outDir);

    int code = plan(inventory, outDir, "--site-key", keyFile.toString());

    assertThat(code).as(err.toString()).isEqualTo(Netboot6Cli.EXIT_IO);
    assertThat(err.toString()).contains(generated).contains("node-02").contains("node-03");
    assertThat(snapshot(outDir)).isEqualTo(before);
  }

  @Test
  void hostileHostNames_oneLineErrorNamingTheHost_andTheFolderUnchanged() throws IOException {
    Path outDir = dir.resolve("out");
    assertThat(plan(EXAMPLE, outDir)).isZero();
    Map<String, String> before = snapshot(outDir);
    for (String name :
        List.of("../etc", "a b", "x;reboot", "nöde", ".hidden", "-rf", "a/b", "a".repeat(64))) {
      Path inventory = inventoryWith("{\"name\": " + json(name) + "}");

      assertThat(plan(inventory, outDir)).as(name).isEqualTo(Netboot6Cli.EXIT_IO);

      assertThat(err.toString())
          .startsWith(
              "netboot6: " + inventory + ": hosts[4] " + InventoryFile.quote(name) + ": name: ")
          .hasLineCount(1);
      assertThat(snapshot(outDir)).as(name).isEqualTo(before);
    }
  }

  @Test
  void hostileValues_errorNamesTheHostOrProfileAndTheField() throws IOException {
    Path outDir = dir.resolve("out");
    String[][] cases = {
      {
        "{\"name\": \"n5\", \"attributes\": {\"netboot6.interface\": \"eth0\\\"; evil\"}}",
        "hosts[4] \"n5\": attributes.netboot6.interface: invalid interface name"
      },
      {
        "{\"name\": \"n5\", \"macs\": [\"52:54:00:ab:cd:02\"]}",
        "hosts[4] \"n5\": macs: 52:54:00:ab:cd:02 is also a MAC of host \"node-02\""
      },
      {
        "{\"name\": \"NODE-01\"}",
        "hosts[4] \"NODE-01\": name: same as host \"node-01\" but for case"
      },
      {
        "{\"name\": \"n5\", \"installer\": \"nope\"}",
        "hosts[4]: installer: \"nope\" is not a profile"
      },
    };
    for (String[] c : cases) {
      Path inventory = inventoryWith(c[0]);
      assertThat(plan(inventory, outDir)).as(c[0]).isEqualTo(Netboot6Cli.EXIT_IO);
      assertThat(err.toString()).as(c[0]).startsWith("netboot6: " + inventory + ": " + c[1]);
      assertThat(outDir).as("nothing created for " + c[0]).doesNotExist();
    }
  }

  @Test
  void hostileInstallerProfiles_errorNamesTheProfileAndTheField() throws IOException {
    String base = "\"kind\": \"generic\", \"initrd\": \"i\", ";
    String[][] cases = {
      {
        "{" + base + "\"kernel\": \"k\", \"args\": [\"a=${evil}\"]}",
        "args: invalid kernel argument"
      },
      {
        "{" + base + "\"kernel\": \"k\", \"args\": [\"a || reboot\"]}",
        "args: invalid kernel argument"
      },
      {"{" + base + "\"kernel\": \"boot/../../etc/shadow\"}", "kernel: invalid URL path segment"},
      {"{" + base + "\"kernel\": \"/abs\"}", "kernel: \"/abs\" (expected: a path relative"},
      {"{" + base + "\"kernel\": \"http://[2001:db8::1]/k?x=${y}\"}", "kernel: not a URL"},
      {
        "{" + base + "\"kernel\": \"http://[2001:db8::1]/k?x=1\"}",
        "kernel: \"http://[2001:db8::1]/k?x=1\" has a query"
      },
      {
        "{" + base + "\"kernel\": \"ftp://h/k\"}",
        "kernel: scheme \"ftp\" (expected: http, https or tftp)"
      },
      {"{" + base + "\"kernel\": \"k\", \"config\": \"c\"}", "config: not used by kind generic"},
      {
        "{" + base + "\"kernel\": \"k\", \"cmdline\": \"c\"}", "\"cmdline\" is not a profile member"
      },
      {
        "{\"kind\": \"windows\", \"kernel\": \"k\", \"initrd\": \"i\"}",
        "kind: \"windows\" (expected: one of anaconda"
      },
      {"{\"kind\": \"anaconda\", \"kernel\": \"k\", \"initrd\": \"i\"}", "config: missing"},
    };
    for (String[] c : cases) {
      Path inventory =
          write(
              "evil.json",
              "{\"installers\": {\"evil\": " + c[0] + "}, \"hosts\": [{\"name\": \"a\"}]}");
      assertThat(plan(inventory, dir.resolve("out"))).as(c[0]).isEqualTo(Netboot6Cli.EXIT_IO);
      assertThat(err.toString())
          .as(c[0])
          .startsWith("netboot6: " + inventory + ": installers.\"evil\": " + c[1])
          .hasLineCount(1);
    }
  }

  @Test
  void untrustedPathText_isPercentEncodedIntoTheScript() throws IOException {
    Path inventory =
        write(
            "inventory.json",
            "{\"installers\": {\"p\": {\"kind\": \"flatcar\", \"kernel\": \"my kernels/{name} #1\","
                + " \"initrd\": \"https://images.example/flatcar/{name}.cpio.gz\","
                + " \"config\": \"ign/{name}.ign\"}},"
                + " \"hosts\": [{\"name\": \"web_01.a\", \"installer\": \"p\"}]}");
    Path outDir = dir.resolve("out");

    assertThat(plan(inventory, outDir)).as(err.toString()).isZero();

    assertThat(outDir.resolve("hosts/web_01.a/script.ipxe"))
        .content()
        .contains("kernel http://[2001:db8:1::1]/my%20kernels/web_01.a%20%231 initrd=initrd.img")
        .contains("initrd --name initrd.img https://images.example/flatcar/web_01.a.cpio.gz")
        .contains("ignition.config.url=http://[2001:db8:1::1]/ign/web_01.a.ign");
  }

  @Test
  void ubuntuAutoinstallProfile_seedFolderAndIso_perHost() throws IOException {
    Path inventory =
        write(
            "inventory.json",
            "{\"installers\": {\"u\": {\"kind\": \"ubuntu-autoinstall\","
                + " \"kernel\": \"ubuntu/casper/vmlinuz\", \"initrd\": \"ubuntu/casper/initrd\","
                + " \"rootfs\": \"ubuntu/live-server.iso\", \"config\": \"seed/{name}\"}},"
                + " \"hosts\": [{\"name\": \"u1\", \"installer\": \"u\"}]}");
    Path outDir = dir.resolve("out");

    assertThat(plan(inventory, outDir)).as(err.toString()).isZero();

    assertThat(outDir.resolve("hosts/u1/script.ipxe"))
        .content()
        .contains(
            "initrd=initrd.img ip=off ip6=dhcp url=http://[2001:db8:1::1]/ubuntu/live-server.iso"
                + " autoinstall ds=nocloud-net;s=http://[2001:db8:1::1]/seed/u1/");
    Path noIso =
        write(
            "inventory2.json",
            "{\"installers\": {\"u\": {\"kind\": \"ubuntu-autoinstall\", \"kernel\": \"k\","
                + " \"initrd\": \"i\", \"config\": \"seed/{name}\"}}, \"hosts\": []}");
    assertThat(plan(noIso, dir.resolve("out2"))).isEqualTo(Netboot6Cli.EXIT_IO);
    assertThat(err.toString()).contains("installers.\"u\"").contains("rootfs");
  }

  @Test
  void hostWithTwoMacs_bothToolsAcceptTheConfiguration() throws IOException {
    Path inventory =
        write(
            "inventory.json",
            "{\"hosts\": [{\"name\": \"a\", \"macs\": [\"52:54:00:00:00:01\", \"52:54:00:00:00:02\"]},"
                + " {\"name\": \"b\", \"macs\": [\"52:54:00:00:00:03\"]}]}");
    Path outDir = dir.resolve("out");

    assertThat(plan(inventory, outDir)).as(err.toString()).isZero();

    assertThat(
            RealProgram.DNSMASQ
                .run("--test", "--conf-file=" + outDir.resolve("dnsmasq.conf"))
                .exitCode())
        .isZero();
    RealProgram.Result kea =
        RealProgram.KEA_DHCP6.run("-t", outDir.resolve("kea-dhcp6.json").toString());
    assertThat(kea.exitCode()).as(kea.output()).isZero();
  }

  @Test
  void poolTooSmall_exitCode4_andNothingWritten() throws IOException {
    Path outDir = dir.resolve("out");
    // a /124 holds 2 blocks of 8; the example has 4 hosts
    int code =
        run(
            "plan",
            "--inventory",
            EXAMPLE.toString(),
            "--pool",
            "2001:db8:1::10/124",
            "--server",
            SERVER,
            "--out",
            outDir.toString());

    assertThat(code).isEqualTo(4);
    assertThat(err.toString())
        .isEqualTo(
            "netboot6: pool 2001:db8:1::10/124: 2 free blocks for 4 hosts without one (expected: a"
                + " larger pool, or fewer hosts)\n");
    assertThat(outDir).doesNotExist();
  }

  @Test
  void anotherPoolOnTheSameState_isAUsageError() throws IOException {
    Path outDir = dir.resolve("out");
    assertThat(plan(EXAMPLE, outDir)).isZero();
    Map<String, String> before = snapshot(outDir);

    int code =
        run(
            "plan",
            "--inventory",
            EXAMPLE.toString(),
            "--pool",
            "2001:db8:2::/64",
            "--server",
            SERVER,
            "--out",
            outDir.toString());

    assertThat(code).isEqualTo(Netboot6Cli.EXIT_USAGE);
    assertThat(err.toString())
        .contains("holds the blocks of 2001:db8:1::/64")
        .contains("not of 2001:db8:2::/64");
    assertThat(snapshot(outDir)).isEqualTo(before);
  }

  @Test
  void badOptions_areUsageErrors() {
    Path outDir = dir.resolve("out");
    assertThat(
            run(
                "plan",
                "--inventory",
                EXAMPLE.toString(),
                "--pool",
                "2001:db8::/48",
                "--server",
                SERVER,
                "--out",
                outDir.toString()))
        .as(err.toString())
        .isEqualTo(Netboot6Cli.EXIT_USAGE);
    assertThat(err.toString()).contains("pool prefix length: 48");
    assertThat(
            run(
                "plan",
                "--inventory",
                EXAMPLE.toString(),
                "--pool",
                "2001:db8::g/64",
                "--server",
                SERVER,
                "--out",
                outDir.toString()))
        .isEqualTo(Netboot6Cli.EXIT_USAGE);
    assertThat(
            run(
                "plan",
                "--inventory",
                EXAMPLE.toString(),
                "--pool",
                POOL,
                "--server",
                SERVER,
                "--out",
                outDir.toString(),
                "--http-port",
                "0"))
        .isEqualTo(Netboot6Cli.EXIT_USAGE);
    assertThat(
            run(
                "plan",
                "--inventory",
                EXAMPLE.toString(),
                "--pool",
                POOL,
                "--out",
                outDir.toString()))
        .isEqualTo(Netboot6Cli.EXIT_USAGE);
    assertThat(outDir).doesNotExist();
  }

  @Test
  void help_documentsTheOptionsAndExitCodes() {
    assertThat(run("plan", "--help")).isZero();
    assertThat(out.toString())
        .contains(
            "--inventory=FILE",
            "--pool=PREFIX",
            "--server=ADDRESS",
            "--out=DIR",
            "--http-port=PORT")
        .contains("Exit codes:")
        .contains("4   the pool has fewer free blocks than hosts that need one");
  }

  private JsonNode hostsJson(Path outDir) throws IOException {
    return new ObjectMapper().readTree(outDir.resolve("hosts.json").toFile());
  }

  private static String blockOf(JsonNode manifest, String name) {
    for (JsonNode host : manifest.path("hosts")) {
      if (host.path("name").asText().equals(name)) {
        return host.path("block").asText();
      }
    }
    throw new AssertionError(name + " not in " + manifest);
  }

  /** The example inventory with one more host appended. */
  private Path inventoryWith(String hostJson) throws IOException {
    ObjectNode inventory = (ObjectNode) new ObjectMapper().readTree(EXAMPLE.toFile());
    ((ArrayNode) inventory.get("hosts")).add(new ObjectMapper().readTree(hostJson));
    return write(
        "inventory-" + Integer.toHexString(hostJson.hashCode()) + ".json", inventory.toString());
  }

  private static String json(String text) throws IOException {
    return new ObjectMapper().writeValueAsString(text);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  /** Every file under {@code root}, by relative path, with its bytes as ISO-8859-1 text. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.toList()) {
        String rel = root.relativize(p).toString();
        files.put(
            rel, Files.isDirectory(p) ? "<dir>" : Files.readString(p, StandardCharsets.ISO_8859_1));
      }
    }
    return files;
  }
}
