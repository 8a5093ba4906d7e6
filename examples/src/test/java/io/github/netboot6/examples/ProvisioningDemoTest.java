package io.github.netboot6.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's demo and checks what it prints against facts found without Netboot6: the hosts
 * and MACs of the inventory read as plain JSON, each request's sender as tshark reads it (the
 * Ethernet source, or for a relayed request the MAC in its DUID-LLT), the classes tshark reads, and
 * the boot answers DESIGN.md §2 prescribes.
 */
class ProvisioningDemoTest {
  private static final Pattern REQUEST =
      Pattern.compile(
          "^(?<file>[\\w.-]+\\.pcapng)#(?<frame>\\d+) (?<type>[A-Z-]+)( \\(relayed\\))?: (?<host>[\\w.-]+),"
              + " phase (?<phase>[A-Z_]+)[^;]*; (?<action>[^;]*); boot (?<boot>\\S+)");
  private static final Pattern ADDRESS = Pattern.compile("(2001:db8:[0-9a-f:]+)$");

  @TempDir static Path temp;

  private static String output;
  private static JsonNode inventory;
  private static JsonNode manifest;

  @BeforeAll
  static void runDemo() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      ProvisioningDemo.run(out, Path.of(""), temp);
    }
    output = bytes.toString(StandardCharsets.UTF_8);
    inventory = new ObjectMapper().readTree(Path.of("inventory.example.json").toFile());
    manifest = new ObjectMapper().readTree(temp.resolve("hosts.json").toFile());
  }

  @Test
  void everyInventoryHost_getsABlockInThePool() {
    Ipv6Prefix pool = Ipv6Prefix.parse("2001:db8:1::/64");
    for (JsonNode host : inventory.path("hosts")) {
      String name = host.path("name").asText();
      Matcher m =
          Pattern.compile("(?m)^" + name + ": block (\\S+), permanent ([^,]+),").matcher(output);
      assertThat(m.find()).as(name).isTrue();
      Ipv6Prefix block = Ipv6Prefix.parse(m.group(1));
      assertThat(pool.contains(block.first())).isTrue();
      assertThat(block.contains(Ipv6Address.parse(m.group(2)))).isTrue();
      assertThat(block.contains(Ipv6Address.parse("2001:db8:1::1")))
          .as("the server's address")
          .isFalse();
    }
  }

  @Test
  void writesThePlanIntoTheTemporaryFolder() throws IOException {
    assertThat(output).contains("== Written to " + temp);
    for (String file : List.of("dnsmasq.conf", "kea-dhcp6.json", "bootstrap.ipxe", "hosts.json")) {
      assertThat(temp.resolve(file)).isRegularFile();
    }
    try (Stream<Path> state = Files.list(temp.resolve("state"))) {
      assertThat(state.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("journal-"));
    }
    assertThat(temp.resolve("hosts/node-01/script.ipxe")).content().startsWith("#!ipxe\n");
  }

  @Test
  void everyRecordedRequest_isAttributedToTheHostWithTheSendersMac() throws IOException {
    Map<String, String> hostByMac = new HashMap<>();
    for (JsonNode host : inventory.path("hosts")) {
      host.path("macs")
          .forEach(
              mac ->
                  hostByMac.put(mac.asText().toLowerCase(Locale.ROOT), host.path("name").asText()));
    }
    int requests = 0;
    for (Path capture : captures()) {
      for (String[] frame : tsharkRequests(capture)) {
        // frame: number, eth.src, msgtype list, DUID-LLT MAC, user class, vendor class data, DUID
        // bytes
        boolean relayed = frame[2].startsWith("12,");
        String mac = relayed ? frame[3] : frame[1];
        String source = capture.getFileName() + "#" + frame[0];
        Matcher line = line(source);
        assertThat(line.group("host")).as(source).isEqualTo(hostByMac.get(mac));
        requests++;
      }
    }
    assertThat(requests).isGreaterThanOrEqualTo(20);
  }

  @Test
  void bootAnswers_followTheClassesTsharkReads() throws IOException {
    Set<String> seen = new java.util.HashSet<>();
    for (Path capture : captures()) {
      for (String[] frame : tsharkRequests(capture)) {
        Matcher line = line(capture.getFileName() + "#" + frame[0]);
        String boot = line.group("boot");
        boolean ipxe =
            frame[4].equals(HexFormat.of().formatHex("iPXE".getBytes(StandardCharsets.US_ASCII)));
        boolean firmwarePxe = frame[5].startsWith("PXEClient") && frame[4].isEmpty();
        boolean stateful = !line.group("type").equals("RELEASE");
        if (ipxe && stateful) {
          assertThat(boot).isEqualTo("http://[2001:db8:1::1]/bootstrap.ipxe");
          seen.add("ipxe");
        } else if (firmwarePxe && stateful) {
          assertThat(boot).isEqualTo("tftp://[2001:db8:1::1]/ipxe.efi");
          seen.add("firmware");
        } else if (frame[4].isEmpty() && frame[5].isEmpty()) {
          assertThat(boot).as(line.group()).isEqualTo("none");
          seen.add("none");
        }
      }
    }
    assertThat(seen).containsExactlyInAnyOrder("ipxe", "firmware", "none");
  }

  @Test
  void leasedAddresses_areInTheHostsBlock_andTheDeployedDuidGetsThePermanentAddress()
      throws IOException {
    Map<String, JsonNode> planned = new HashMap<>();
    manifest.path("hosts").forEach(h -> planned.put(h.path("name").asText(), h));
    String deployed = inventory.at("/hosts/0/deployedDuid").asText().replace(":", "");
    int installedOs = 0;
    for (Path capture : captures()) {
      for (String[] frame : tsharkRequests(capture)) {
        Matcher line = line(capture.getFileName() + "#" + frame[0]);
        Matcher address = ADDRESS.matcher(line.group("action"));
        if (!address.find()) {
          continue; // stateless
        }
        JsonNode host = planned.get(line.group("host"));
        Ipv6Address leased = Ipv6Address.parse(address.group(1));
        assertThat(Ipv6Prefix.parse(host.path("block").asText()).contains(leased))
            .as(line.group())
            .isTrue();
        if (frame[6].startsWith(deployed)) {
          assertThat(line.group("phase")).isEqualTo("INSTALLED_OS");
          assertThat(leased.toString()).isEqualTo(host.path("permanentAddress").asText());
          installedOs++;
        } else {
          assertThat(leased.toString()).isNotEqualTo(host.path("permanentAddress").asText());
        }
      }
    }
    assertThat(installedOs).isEqualTo(3);
  }

  private static Matcher line(String source) {
    for (String l : output.split("\n")) {
      if (l.startsWith(source + " ")) {
        Matcher m = REQUEST.matcher(l);
        assertThat(m.find()).as(l).isTrue();
        return m;
      }
    }
    throw new AssertionError("the demo printed no line for " + source + ":\n" + output);
  }

  private static List<Path> captures() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("captures"))) {
      return files.filter(p -> p.toString().endsWith(".pcapng")).sorted().toList();
    }
  }

  private static final Map<Path, List<String[]>> TSHARK = new HashMap<>();

  /**
   * Client-to-server frames (message types 1, 3, 5, 6, 8, 9, 11 and Relay-Forw) as tshark reads
   * them: frame number, Ethernet source, message types, DUID-LLT MAC, user class, vendor class
   * data, DUID.
   */
  private static List<String[]> tsharkRequests(Path capture) {
    return TSHARK.computeIfAbsent(capture, ProvisioningDemoTest::readWithTshark);
  }

  private static List<String[]> readWithTshark(Path capture) {
    String out =
        RealProgram.TSHARK.output(
            "-r",
            capture.toString(),
            "-Y",
            "dhcpv6",
            "-T",
            "fields",
            "-E",
            "occurrence=f",
            "-e",
            "frame.number",
            "-e",
            "eth.src",
            "-e",
            "dhcpv6.msgtype",
            "-e",
            "dhcpv6.duidllt.link_layer_addr",
            "-e",
            "dhcpv6.userclass.opaque_data",
            "-e",
            "dhcpv6.vendorclass.data",
            "-e",
            "dhcpv6.duid.bytes");
    String all =
        RealProgram.TSHARK.output(
            "-r", capture.toString(), "-Y", "dhcpv6", "-T", "fields", "-e", "dhcpv6.msgtype");
    List<String> types = all.lines().toList();
    List<String[]> frames = new java.util.ArrayList<>();
    List<String> lines = out.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String[] columns = lines.get(i).split("\t", -1);
      columns[2] = types.get(i);
      String first = columns[2].split(",")[0];
      if (Set.of("1", "3", "5", "6", "8", "9", "11", "12").contains(first)) {
        frames.add(columns);
      }
    }
    return frames;
  }
}
