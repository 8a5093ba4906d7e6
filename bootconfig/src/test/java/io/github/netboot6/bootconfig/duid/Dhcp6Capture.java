package io.github.netboot6.bootconfig.duid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.netboot6.bootconfig.RealProgram;
import io.github.netboot6.core.Duid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * tshark capturing DHCPv6 (UDP port 547) on the server's side of a test link, and the decoding of
 * what the client sent: the tests of real DHCPv6 clients (dhclient, dhcpcd) read the Client
 * Identifier and User Class options from the wire, not from the server's opinion of them.
 */
final class Dhcp6Capture implements AutoCloseable {
  private final Process tshark;
  private final Path file;
  private final Path log;

  private Dhcp6Capture(Process tshark, Path file, Path log) {
    this.tshark = tshark;
    this.file = file;
    this.log = log;
  }

  /**
   * Starts tshark in {@code namespace} on {@code iface}, writing to {@code dir/dhcpv6.pcapng}, and
   * waits until it captures.
   */
  static Dhcp6Capture start(String namespace, String iface, Path dir) throws Exception {
    Path file = dir.resolve("dhcpv6.pcapng");
    Path log = dir.resolve("tshark.log");
    Process p =
        new ProcessBuilder(
                RealProgram.IP.path(),
                "netns",
                "exec",
                namespace,
                RealProgram.TSHARK.path(),
                "-i",
                iface,
                "-f",
                "udp port 547",
                "-w",
                file.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!read(log).contains("Capturing on")) {
      if (System.nanoTime() > deadline || !p.isAlive()) {
        p.destroyForcibly();
        fail("tshark did not start:%n%s", read(log));
      }
      Thread.sleep(50);
    }
    return new Dhcp6Capture(p, file, log);
  }

  /**
   * Waits until the capture holds a Solicit and a Request from the client (the kernel hands
   * captured packets over in blocks, so a capture stopped at once may lose the last ones), stops
   * tshark (SIGTERM, so that it closes the file) and returns the client's DHCPv6 payloads.
   */
  List<byte[]> stopAndReadClientMessages() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline && !hasSolicitAndRequest(readCapture().output())) {
      Thread.sleep(200);
    }
    tshark.destroy();
    if (!tshark.waitFor(20, TimeUnit.SECONDS)) {
      fail("tshark still running 20 s after SIGTERM:%n%s", read(log));
    }
    RealProgram.Result r = readCapture();
    assertThat(r.exitCode()).as("tshark -r: %s", r.output()).isZero();
    List<byte[]> messages = new ArrayList<>();
    for (String line : r.output().split("\n")) {
      if (line.matches("[0-9a-f]+")) {
        messages.add(HexFormat.of().parseHex(line));
      }
    }
    assertThat(messages).as("client messages captured; tshark:%n%s", read(log)).isNotEmpty();
    return messages;
  }

  @Override
  public void close() {
    tshark.destroyForcibly();
  }

  /** The UDP payloads of the packets to the server port, one hexadecimal line each. */
  private RealProgram.Result readCapture() {
    return RealProgram.TSHARK.run(
        "-r", file.toString(), "-Y", "udp.dstport == 547", "-T", "fields", "-e", "udp.payload");
  }

  /** Tells whether a line of {@link #readCapture} output starts with 01 and one with 03. */
  private static boolean hasSolicitAndRequest(String payloads) {
    List<String> lines = List.of(payloads.split("\n"));
    return lines.stream().anyMatch(l -> l.startsWith("01"))
        && lines.stream().anyMatch(l -> l.startsWith("03"));
  }

  private static String read(Path path) throws IOException {
    return Files.exists(path) ? Files.readString(path, StandardCharsets.ISO_8859_1) : "";
  }

  /**
   * Requires a Solicit and a Request among {@code messages}, and every message to carry exactly one
   * Client Identifier, {@code duid}, and either no User Class option ({@code userClass} null) or
   * exactly one with exactly one item, {@code userClass}.
   */
  static void assertEveryClientMessage(
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

  /** The options of one client message that the tests check, decoded from the wire bytes. */
  record ClientMessage(int type, List<Duid> clientIds, List<List<String>> userClasses) {

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
}
