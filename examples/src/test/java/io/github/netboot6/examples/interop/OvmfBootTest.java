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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real UEFI firmware (Debian's OVMF, EDK2 2022.11) in QEMU boots over IPv6 through {@code netboot6
 * serve} and chain-loads real iPXE ({@code /usr/lib/ipxe/ipxe.efi}), which asks DHCPv6 again and
 * fetches the bootstrap script: design notes §2, workflow 1 (UEFI PXE, boot file over TFTP from
 * dnsmasq) and workflow 2 (UEFI HTTP boot, boot file from the responder's {@code /files/}).
 *
 * <p>The inventory gives the host its SMBIOS UUID and no MAC, so only the UUID can tie the two
 * phases to it: the firmware sends DUID-UUID with the UUID's first three fields little-endian (as
 * SMBIOS stores them), iPXE in network order, and both must resolve to the same host, each phase
 * leased its own slot of the host's block.
 *
 * <p>What the firmware sends, as seen here: before its boot Solicit, EDK2's IPv6 configuration
 * (policy automatic, the RA's Managed flag) leases an address of its own with the same DUID, no
 * vendor class and only option 23 requested; the responder finds the host and files it under the
 * UNKNOWN phase. The PXE Solicit carries architecture 7, NII 1.3.0, vendor class {@code
 * PXEClient:Arch:00007:UNDI:003000} of enterprise 343 and requests options 59, 60, 23 and 16; the
 * HTTP boot Solicit carries architecture 16 and {@code HTTPClient:Arch:00016:UNDI:003000}. iPXE
 * sends user class {@code iPXE}, architecture 7 and {@code PXEClient:Arch:00007:UNDI:003010}.
 */
@Tag("interop")
class OvmfBootTest {
  private static final String MAC = "52:54:00:12:34:56";
  private static final String UUID_TEXT = "8c3d9a58-1b2e-4c5f-9a0b-112233445566";

  /** DUID-UUID of {@link #UUID_TEXT} as EDK2 sends it: SMBIOS byte order. */
  private static final String FIRMWARE_DUID =
      "00:04:58:9a:3d:8c:2e:1b:5f:4c:9a:0b:11:22:33:44:55:66";

  /** DUID-UUID of {@link #UUID_TEXT} as iPXE sends it: network byte order. */
  private static final String IPXE_DUID = "00:04:8c:3d:9a:58:1b:2e:4c:5f:9a:0b:11:22:33:44:55:66";

  private static final String BOOTSTRAP_URL =
      "http://[" + NetbootLab.SERVER + "]:8080/bootstrap.ipxe";
  private static final Pattern FIELD = Pattern.compile("(\\S+)=(\\S+)");
  private static final long BOOT_TIMEOUT_NANOS = 240_000_000_000L;

  @TempDir Path directory;

  @Test
  void uefiPxeOverIpv6ChainloadsIpxeFromTftp() throws Exception {
    Path tftpRoot = Files.createDirectories(directory.resolve("tftp"));
    Files.copy(Path.of("/usr/lib/ipxe/ipxe.efi"), tftpRoot.resolve("ipxe.efi"));
    Path state = directory.resolve("state");
    List<String> serve;
    List<String> tftp;
    List<String> orderViolations = new ArrayList<>();
    try (NetbootLab lab = new NetbootLab(directory)) {
      lab.startRouterAdvertisements();
      Path serveLog = lab.startResponder(responderArguments(state));
      Path tftpLog = lab.startTftp(tftpRoot);
      Path serial = lab.startOvmfGuest(MAC, UUID_TEXT, List.of());

      // Firmware Solicit, TFTP fetch, iPXE Solicit, bootstrap fetch, in this order. The responder
      // and dnsmasq write separate logs, so each poll reads them in the order that makes a
      // violation visible without a race: the TFTP log, then the responder's, then the TFTP log.
      long deadline = System.nanoTime() + BOOT_TIMEOUT_NANOS;
      while (true) {
        List<String> tftpBefore = lines(tftpLog);
        serve = lines(serveLog);
        List<String> tftpAfter = lines(tftpLog);
        boolean fetched = tftpBefore.stream().anyMatch(OvmfBootTest::ipxeSent);
        if (fetched && serve.stream().noneMatch(answered("FIRMWARE_PXE", "REPLY"))) {
          orderViolations.add("TFTP fetch before the firmware's Reply:\n" + tftpBefore);
        }
        if (serve.stream().anyMatch(answered("IPXE", "ADVERTISE"))
            && tftpAfter.stream().noneMatch(OvmfBootTest::ipxeSent)) {
          orderViolations.add("iPXE's Solicit before the TFTP fetch:\n" + tftpAfter);
        }
        if (serve.stream().anyMatch(OvmfBootTest::bootstrapFetched)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw stuck(serveLog, tftpLog, serial);
        }
        Thread.sleep(100);
      }
      tftp = lines(tftpLog);
    }
    assertThat(orderViolations).isEmpty();

    Allocation block = block(state);
    String firmwareAddress = block.addressFor(BootPhase.FIRMWARE_PXE).toString();
    String ipxeAddress = block.addressFor(BootPhase.IPXE).toString();
    assertThat(firmwareAddress).isNotEqualTo(ipxeAddress);
    assertThat(exchanges(serve, "FIRMWARE_PXE"))
        .containsExactly("SOLICIT->ADVERTISE", "REQUEST->REPLY");
    for (String line : answers(serve, "FIRMWARE_PXE")) {
      assertThat(field(line, "host")).isEqualTo("vm-1");
      assertThat(field(line, "by")).isEqualTo("SMBIOS_UUID");
      assertThat(field(line, "duid")).isEqualTo(FIRMWARE_DUID);
      assertThat(field(line, "arch")).isEqualTo("7");
      assertThat(field(line, "addr")).isEqualTo(firmwareAddress);
      assertThat(field(line, "boot")).isEqualTo("tftp://[" + NetbootLab.SERVER + "]/ipxe.efi");
    }
    assertThat(tftp)
        .anyMatch(
            l -> l.endsWith("sent " + tftpRoot.resolve("ipxe.efi") + " to " + firmwareAddress));
    assertIpxePhase(serve, ipxeAddress);
    assertPhaseOrder(serve, "FIRMWARE_PXE");
  }

  @Test
  void uefiHttpBootOverIpv6ChainloadsIpxeFromTheResponder() throws Exception {
    Path state = directory.resolve("state");
    List<String> serve;
    try (NetbootLab lab = new NetbootLab(directory)) {
      lab.startRouterAdvertisements();
      Path serveLog = lab.startResponder(responderArguments(state));
      // PXE off too, so the HTTPv6 boot option is the first.
      Path serial =
          lab.startOvmfGuest(
              MAC,
              UUID_TEXT,
              List.of("-fw_cfg", "name=opt/org.tianocore/IPv6PXESupport,string=no"));
      long deadline = System.nanoTime() + BOOT_TIMEOUT_NANOS;
      while (true) {
        serve = lines(serveLog);
        if (serve.stream().anyMatch(OvmfBootTest::bootstrapFetched)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw stuck(serveLog, null, serial);
        }
        Thread.sleep(200);
      }
    }

    Allocation block = block(state);
    String firmwareAddress = block.addressFor(BootPhase.FIRMWARE_HTTP).toString();
    String ipxeAddress = block.addressFor(BootPhase.IPXE).toString();
    assertThat(firmwareAddress).isNotEqualTo(ipxeAddress);
    String bootFile = "http://[" + NetbootLab.SERVER + "]:8080/files/ipxe.efi";
    assertThat(exchanges(serve, "FIRMWARE_HTTP"))
        .containsExactly("SOLICIT->ADVERTISE", "REQUEST->REPLY");
    for (String line : answers(serve, "FIRMWARE_HTTP")) {
      assertThat(field(line, "host")).isEqualTo("vm-1");
      assertThat(field(line, "by")).isEqualTo("SMBIOS_UUID");
      assertThat(field(line, "duid")).isEqualTo(FIRMWARE_DUID);
      assertThat(field(line, "arch")).isEqualTo("16");
      assertThat(field(line, "addr")).isEqualTo(firmwareAddress);
      assertThat(field(line, "boot")).isEqualTo(bootFile);
    }
    // HEAD first for the size (it needs Content-Length), then GET, from the firmware's address.
    List<String> fetches = new ArrayList<>();
    for (String line : serve) {
      if (line.startsWith("http ") && line.contains(" path=/files/ipxe.efi ")) {
        assertThat(field(line, "from")).isEqualTo(firmwareAddress);
        assertThat(field(line, "host")).isEqualTo("vm-1");
        fetches.add(field(line, "method") + ":" + field(line, "status"));
      }
    }
    assertThat(fetches).containsExactly("HEAD:200", "GET:200");
    assertIpxePhase(serve, ipxeAddress);
    assertPhaseOrder(serve, "FIRMWARE_HTTP");
  }

  private List<String> responderArguments(Path state) throws IOException {
    Path files = Files.createDirectories(directory.resolve("files"));
    Files.copy(Path.of("/usr/lib/ipxe/ipxe.efi"), files.resolve("ipxe.efi"));
    Path inventory =
        Files.writeString(
            directory.resolve("inventory.json"),
            "{\"hosts\": [{\"name\": \"vm-1\", \"uuid\": \""
                + UUID_TEXT
                + "\"}, {\"name\": \"vm-2\", \"macs\": [\"52:54:00:00:00:02\"]}]}",
            UTF_8);
    return List.of(
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
        files.toString());
  }

  /** iPXE's exchanges: the same host by the same UUID in the other byte order, its own slot. */
  private static void assertIpxePhase(List<String> serve, String ipxeAddress) {
    assertThat(exchanges(serve, "IPXE")).startsWith("SOLICIT->ADVERTISE", "REQUEST->REPLY");
    for (String line : answers(serve, "IPXE")) {
      assertThat(field(line, "host")).isEqualTo("vm-1");
      assertThat(field(line, "by")).isEqualTo("SMBIOS_UUID");
      assertThat(field(line, "duid")).isEqualTo(IPXE_DUID);
      assertThat(field(line, "arch")).isEqualTo("7");
      assertThat(field(line, "addr")).isEqualTo(ipxeAddress);
      assertThat(field(line, "boot")).isEqualTo(BOOTSTRAP_URL);
    }
    String bootstrap =
        serve.stream().filter(OvmfBootTest::bootstrapFetched).findFirst().orElseThrow();
    assertThat(field(bootstrap, "from")).isEqualTo(ipxeAddress);
    assertThat(field(bootstrap, "host")).isEqualTo("vm-1");
  }

  /** In the responder's log: every firmware answer, then iPXE's first Solicit, then bootstrap. */
  private static void assertPhaseOrder(List<String> serve, String firmwarePhase) {
    int lastFirmware = -1;
    int firstIpxe = -1;
    int bootstrap = -1;
    for (int i = 0; i < serve.size(); i++) {
      String line = serve.get(i);
      if (answered(firmwarePhase, "").test(line)) {
        lastFirmware = i;
      } else if (firstIpxe < 0 && answered("IPXE", "").test(line)) {
        firstIpxe = i;
      } else if (bootstrap < 0 && bootstrapFetched(line)) {
        bootstrap = i;
      }
    }
    assertThat(lastFirmware).as("firmware answers").isNotNegative().isLessThan(firstIpxe);
    assertThat(firstIpxe).as("iPXE's first answer").isLessThan(bootstrap);
  }

  /** The host's block, from the journal the responder wrote (read after it stopped). */
  private static Allocation block(Path state) throws IOException {
    try (Allocator allocator =
        Allocator.builder(
                AddressPool.builder(Ipv6Prefix.parse(NetbootLab.LINK_PREFIX))
                    .reserveLow(16)
                    .build())
            .store(JournalStore.open(state.resolve("journal")))
            .build()) {
      return allocator.lookup(HostKey.ofName("vm-1")).orElseThrow();
    }
  }

  private static Predicate<String> answered(String phase, String answer) {
    return line ->
        line.startsWith("dhcp6 ")
            && line.contains(" phase=" + phase + " ")
            && line.contains(" answer=" + answer);
  }

  private static boolean bootstrapFetched(String line) {
    return line.startsWith("http ")
        && line.contains(" path=/bootstrap.ipxe ")
        && line.endsWith(" status=200");
  }

  private static boolean ipxeSent(String line) {
    return line.contains(" sent ") && line.contains("/ipxe.efi to ");
  }

  private static List<String> answers(List<String> serve, String phase) {
    return serve.stream().filter(answered(phase, "")).toList();
  }

  private static List<String> exchanges(List<String> serve, String phase) {
    return answers(serve, phase).stream()
        .map(l -> field(l, "type") + "->" + field(l, "answer"))
        .toList();
  }

  private static List<String> lines(Path log) throws IOException {
    return Files.exists(log) ? Files.readAllLines(log, UTF_8) : List.of();
  }

  /** The failure when the boot does not get through: what each side logged. */
  private static AssertionError stuck(Path serveLog, @Nullable Path tftpLog, Path serial)
      throws IOException {
    String console =
        Files.exists(serial)
            ? new String(Files.readAllBytes(serial), UTF_8)
                .replaceAll("\u001b\\[[0-9;=?]*[A-Za-z]", "")
                .replaceAll("[\b\r]", "")
            : "(nothing)";
    return new AssertionError(
        "no bootstrap fetch after "
            + BOOT_TIMEOUT_NANOS / 1_000_000_000L
            + " s\nresponder:\n"
            + String.join("\n", lines(serveLog))
            + (tftpLog == null ? "" : "\ntftp:\n" + String.join("\n", lines(tftpLog)))
            + "\nserial console (end):\n"
            + console.substring(Math.max(0, console.length() - 3000)));
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
