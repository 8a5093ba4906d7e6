package io.github.netboot6.examples.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocation;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.allocation.JournalStore;
import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Ipv6Prefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real iPXE ({@code /usr/lib/ipxe/ipxe.lkrn} of Debian's {@code ipxe} package) in QEMU boots
 * through {@code netboot6 serve}: router advertisements from radvd send it to DHCPv6, the responder
 * leases it the iPXE slot of its host's block and the bootstrap script URL, iPXE fetches the
 * bootstrap, the per-host script with its token, then the kernel and the initrd. The kernel is
 * ipxe.lkrn itself (a bzImage, so iPXE's {@code kernel} command accepts it); the test ends when the
 * initrd has been fetched.
 *
 * <p>QEMU runs with TCG: iPXE 1.0.0+git-20190125 hangs at start under KVM on this machine.
 */
@Tag("interop")
class IpxeBootTest {
  private static final String MAC = "52:54:00:12:34:56";
  private static final String UUID_TEXT = "8c3d9a58-1b2e-4c5f-9a0b-112233445566";
  private static final Pattern FIELD = Pattern.compile("(\\S+)=(\\S+)");

  @TempDir Path directory;

  @Test
  void ipxeBootsThroughTheResponderWithItsSlotAddressAndToken() throws Exception {
    Path files = Files.createDirectories(directory.resolve("files"));
    Files.copy(Path.of("/usr/lib/ipxe/ipxe.lkrn"), files.resolve("ipxe.lkrn"));
    byte[] initrd = new byte[4096];
    new SecureRandom().nextBytes(initrd);
    Files.write(files.resolve("initrd.img"), initrd);
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Path tokenKey = Files.write(directory.resolve("token.key"), secret);
    Path inventory =
        Files.writeString(
            directory.resolve("inventory.json"),
            "{\"installers\": {\"lab\": {\"kind\": \"generic\", \"kernel\": \"ipxe.lkrn\","
                + " \"initrd\": \"initrd.img\", \"args\": [\"console=ttyS0\"]}},"
                + " \"hosts\": [{\"name\": \"vm-1\", \"macs\": [\""
                + MAC
                + "\"], \"uuid\": \""
                + UUID_TEXT
                + "\", \"installer\": \"lab\"},"
                + " {\"name\": \"vm-2\", \"macs\": [\"52:54:00:00:00:02\"]}]}",
            UTF_8);
    Path state = directory.resolve("state");
    Path log;
    List<String> lines;
    try (NetbootLab lab = new NetbootLab(directory)) {
      String tap = lab.addTap();
      lab.startRouterAdvertisements();
      log =
          lab.startResponder(
              List.of(
                  "--inventory",
                  inventory.toString(),
                  "--pool",
                  NetbootLab.LINK_PREFIX,
                  "--state",
                  state.toString(),
                  "--server-address",
                  NetbootLab.SERVER,
                  "--interface",
                  "br0",
                  "--http-port",
                  "8080",
                  "--files",
                  files.toString(),
                  "--token-key",
                  tokenKey.toString()));
      lab.start(
          "qemu",
          "ip",
          "netns",
          "exec",
          lab.namespace(),
          "qemu-system-x86_64",
          "-accel",
          "tcg",
          "-m",
          "256",
          "-display",
          "none",
          "-kernel",
          "/usr/lib/ipxe/ipxe.lkrn",
          "-uuid",
          UUID_TEXT,
          "-netdev",
          "tap,id=n0,ifname=" + tap + ",script=no,downscript=no",
          "-device",
          "virtio-net-pci,netdev=n0,mac=" + MAC,
          "-no-reboot");
      NetbootLab.awaitLine(
          log, line -> line.contains("path=/files/initrd.img"), Duration.ofSeconds(180));

      // A missing or forged token gets no per-host script.
      String url = "http://[" + NetbootLab.SERVER + "]:8080/host.ipxe?mac=52-54-00-12-34-56";
      assertThat(lab.inNamespace("curl", "-g", "-s", "-o", "/dev/null", "-w", "%{http_code}", url))
          .isEqualTo("403");
      assertThat(
              lab.inNamespace(
                  "curl",
                  "-g",
                  "-s",
                  "-o",
                  "/dev/null",
                  "-w",
                  "%{http_code}",
                  url + "&token=AQEAAAAAaWH4AAR2bS0xAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
          .isEqualTo("403");
      // serve flushes its log four times a second: wait for both refusals to reach the file.
      long deadline = System.nanoTime() + 10_000_000_000L;
      do {
        Thread.sleep(100);
        lines = Files.readAllLines(log, UTF_8);
      } while (lines.stream().filter(l -> l.contains("status=403")).count() < 2
          && System.nanoTime() < deadline);
    }

    List<String> exchanges = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("dhcp6 ") && line.contains("answer=")) {
        exchanges.add(field(line, "type") + "->" + field(line, "answer"));
      } else if (line.startsWith("http ")) {
        exchanges.add(field(line, "path") + ":" + field(line, "status"));
      }
    }
    assertThat(exchanges)
        .startsWith(
            "SOLICIT->ADVERTISE",
            "REQUEST->REPLY",
            "/bootstrap.ipxe:200",
            "/host.ipxe:200",
            "/files/ipxe.lkrn:200",
            "/files/initrd.img:200");
    assertThat(exchanges).endsWith("/host.ipxe:403", "/host.ipxe:403");

    // The leased address is the iPXE slot of vm-1's block, as the journal the responder wrote
    // says, and iPXE used it for every HTTP request.
    Ipv6Prefix pool = Ipv6Prefix.parse(NetbootLab.LINK_PREFIX);
    String expected;
    try (Allocator allocator =
        Allocator.builder(AddressPool.builder(pool).reserveLow(16).build())
            .store(JournalStore.open(state.resolve("journal")))
            .build()) {
      Allocation block = allocator.lookup(HostKey.ofName("vm-1")).orElseThrow();
      expected = block.addressFor(BootPhase.IPXE).toString();
      assertThat(expected).isNotEqualTo(block.permanentAddress().toString());
    }
    for (String line : lines) {
      if (line.startsWith("dhcp6 ") && line.contains("answer=")) {
        assertThat(field(line, "addr")).isEqualTo(expected);
        assertThat(field(line, "host")).isEqualTo("vm-1");
        assertThat(field(line, "phase")).isEqualTo("IPXE");
      }
      if (line.startsWith("http ") && line.contains("status=200")) {
        assertThat(field(line, "from")).isEqualTo(expected);
        assertThat(field(line, "host")).isEqualTo("vm-1");
      }
    }
    String hostScript =
        lines.stream().filter(l -> l.contains("path=/host.ipxe")).findFirst().orElseThrow();
    assertThat(hostScript).contains("token=valid");
  }

  private static String field(String line, String name) {
    Matcher m = FIELD.matcher(line);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        return m.group(2);
      }
    }
    throw new AssertionError("no " + name + "= in: " + line);
  }
}
