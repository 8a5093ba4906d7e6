package io.github.netboot6.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netboot6.testkit.PcapWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The netboot6 CLI run in-process, with its output and error captured. */
class Netboot6CliTest {
  /** A Solicit laid out by hand from RFC 8415 §8 and §21: 18 bytes. */
  private static final String SOLICIT =
      String.join(
              "",
              "01", // 0: msg-type SOLICIT (1)
              "12 34 56", // 1: transaction-id
              "00 01", // 4: Client Identifier, option-code 1
              "00 0a", // option-len 10
              "00 03 00 01", // 8: DUID-LL, hardware type 1
              "52 54 00 12 34 56", // 12: link-layer address
              "00 08 00 02 00 0a") // 18: Elapsed Time, length 2, 10 hundredths
          .replace(" ", "");

  /** An iPXE Solicit (DUID-UUID in network order, user class iPXE) relayed with option 79. */
  private static final String RELAYED_IPXE_SOLICIT =
      String.join(
              "",
              "0c", // 0: msg-type RELAY-FORW (12)
              "00", // 1: hop-count 0
              "20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01", // 2: link 2001:db8:1::1
              "fe 80 00 00 00 00 00 00 50 54 00 ff fe 12 34 56", // 18: peer fe80::5054:ff:fe12:3456
              "00 4f 00 08", // 34: Client Link-Layer Address (RFC 6939), length 8
              "00 01 52 54 00 12 34 56", // 38: Ethernet, 52:54:00:12:34:56
              "00 09 00 24", // 46: Relay Message, length 36
              "01 5a 1b 2c", // 50: SOLICIT, transaction-id 0x5a1b2c
              "00 01 00 12", // 54: Client Identifier, length 18
              "00 04 8c 3d 9a 58 1b 2e 4c 5f 9a 0b 11 22 33 44 55 66", // 58: DUID-UUID
              "00 0f 00 06 00 04 69 50 58 45") // 76: User Class, one item "iPXE"
          .replace(" ", "");

  /** A Solicit whose Client Identifier claims 32 bytes where 2 are left. */
  private static final String MALFORMED =
      String.join("", "01 00 00 02", "00 01 00 20", "00 03").replace(" ", "");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Netboot6Cli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path pcap(String... hexMessages) throws IOException {
    Path file = dir.resolve("capture.pcap");
    try (OutputStream stream = Files.newOutputStream(file)) {
      PcapWriter writer = new PcapWriter(stream);
      for (String hex : hexMessages) {
        writer.writeDhcpv6(HexFormat.of().parseHex(hex));
      }
    }
    return file;
  }

  @Test
  void decode_pcap_printsTheDumpOfEveryMessage() throws IOException {
    Path file = pcap(SOLICIT);

    int code = run("decode", file.toString());

    assertThat(code).isEqualTo(Netboot6Cli.EXIT_OK);
    assertThat(out.toString())
        .isEqualTo(
            "Message "
                + file
                + "#1\n"
                + """
                DHCPv6
                    Message type: SOLICIT (1)
                    Transaction ID: 0x123456
                    Client Identifier
                        Option: Client Identifier (1)
                        Length: 10
                        DUID: 00030001525400123456
                        DUID Type: LL (3)
                        Hardware type: Ethernet (1)
                        Link-layer address: 52:54:00:12:34:56
                    Elapsed Time
                        Option: Elapsed Time (8)
                        Length: 2
                        Elapsed time: 100ms

                """);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void decode_json_parsesBackWithTypedFieldsAndNestedMessage() throws IOException {
    Path file = pcap(SOLICIT, RELAYED_IPXE_SOLICIT);

    int code = run("decode", "--json", file.toString());

    assertThat(code).isEqualTo(Netboot6Cli.EXIT_OK);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.size()).isEqualTo(2);
    JsonNode solicit = json.get(0);
    assertThat(solicit.at("/source").asText()).isEqualTo(file + "#1");
    assertThat(solicit.at("/type/code").asInt()).isEqualTo(1);
    assertThat(solicit.at("/type/name").asText()).isEqualTo("SOLICIT");
    assertThat(solicit.at("/transactionId").asText()).isEqualTo("0x123456");
    assertThat(solicit.at("/options/0/name").asText()).isEqualTo("OPTION_CLIENTID");
    assertThat(solicit.at("/options/0/hex").asText()).isEqualTo("00030001525400123456");
    assertThat(solicit.at("/options/1/fields/elapsedMillis").asLong()).isEqualTo(100);
    JsonNode relay = json.get(1);
    assertThat(relay.at("/hopCount").asInt()).isZero();
    assertThat(relay.at("/linkAddress").asText()).isEqualTo("2001:db8:1::1");
    assertThat(relay.at("/peerAddress").asText()).isEqualTo("fe80::5054:ff:fe12:3456");
    assertThat(relay.at("/options/0/fields/linkLayerAddress").asText())
        .isEqualTo("52:54:00:12:34:56");
    JsonNode inner = relay.at("/options/1/message");
    assertThat(inner.at("/transactionId").asText()).isEqualTo("0x5a1b2c");
    assertThat(inner.at("/options/1/fields/items/0").asText()).isEqualTo("iPXE");
  }

  @Test
  void decode_malformedMessage_isShownWithItsStatusAndExitCode1() throws IOException {
    Path file = dir.resolve("messages.hex");
    Files.writeString(file, "# two messages\n" + SOLICIT + "\n" + MALFORMED + "\n");

    int code = run("decode", file.toString());

    assertThat(code).isEqualTo(Netboot6Cli.EXIT_MALFORMED);
    assertThat(out.toString())
        .contains("Message " + file + ":2\n")
        .contains("Message " + file + ":3\n")
        .contains("[Malformed: OPTION_OVERRUNS_CONTAINER at offset 4: ");

    out.getBuffer().setLength(0);
    assertThat(run("decode", "--json", file.toString())).isEqualTo(Netboot6Cli.EXIT_MALFORMED);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get(1).at("/status").asText()).isEqualTo("OPTION_OVERRUNS_CONTAINER");
    assertThat(json.get(1).at("/errorOffset").asInt()).isEqualTo(4);
  }

  @Test
  void decode_missingFile_oneLineErrorAndExitCode3() {
    int code = run("decode", dir.resolve("nope.pcap").toString());

    assertThat(code).isEqualTo(Netboot6Cli.EXIT_IO);
    assertThat(err.toString()).startsWith("netboot6: cannot read ").doesNotContain("\tat ");
    assertThat(err.toString().strip().lines()).hasSize(1);
  }

  @Test
  void decode_notHex_oneLineErrorNamingTheLine() throws IOException {
    Path file = dir.resolve("junk.txt");
    Files.write(file, "hello world\n".getBytes(StandardCharsets.UTF_8));

    assertThat(run("decode", file.toString())).isEqualTo(Netboot6Cli.EXIT_IO);
    assertThat(err.toString())
        .isEqualTo(
            "netboot6: "
                + file
                + ":1: not a pcap or pcapng file, and not"
                + " hexadecimal (expected: one message per line as hex digits)\n");
  }

  @Test
  void debug_printsTheStackTrace() {
    int code = run("decode", "--debug", dir.resolve("nope.pcap").toString());

    assertThat(code).isEqualTo(Netboot6Cli.EXIT_IO);
    assertThat(err.toString()).contains("\tat ");
  }

  @Test
  void usageErrors_exitWithCode2() {
    assertThat(run("decode")).isEqualTo(Netboot6Cli.EXIT_USAGE);
    assertThat(run("frobnicate")).isEqualTo(Netboot6Cli.EXIT_USAGE);
    assertThat(run()).isEqualTo(Netboot6Cli.EXIT_USAGE);
  }

  /** Runs {@code serve} on the example inventory, state under {@code dir}, with more options. */
  private int serve(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "serve",
                "--inventory",
                "inventory.example.json",
                "--pool",
                "2001:db8:1::/64",
                "--state",
                dir.resolve("state").toString(),
                "--server-address",
                "2001:db8:1::1"));
    args.addAll(List.of(more));
    return run(args.toArray(new String[0]));
  }

  @Test
  void serve_badExchangeLog_usageErrorNamingTheValueBeforeAnythingIsBound() {
    int code = serve("--exchange-log", "loud");

    assertThat(code).isEqualTo(Netboot6Cli.EXIT_USAGE);
    assertThat(err.toString()).contains("--exchange-log: loud (expected: all, drops or none)");
    assertThat(dir.resolve("state").resolve("journal")).doesNotExist();
  }

  @Test
  void serve_negativeReceiveBuffer_usageErrorBeforeTheStateDirectoryIsCreated() {
    int code = serve("--receive-buffer", "-1");

    assertThat(code).isEqualTo(Netboot6Cli.EXIT_USAGE);
    assertThat(err.toString())
        .contains("--receive-buffer: -1 (expected: 0 for the system default, or more)");
    assertThat(dir.resolve("state")).doesNotExist();
  }

  @Test
  void serve_batchWindowOutOfRange_usageErrorBeforeTheStateDirectoryIsCreated() {
    for (String window : new String[] {"-1", "100001"}) {
      err.getBuffer().setLength(0);
      int code = serve("--batch-window", window);

      assertThat(code).isEqualTo(Netboot6Cli.EXIT_USAGE);
      assertThat(err.toString())
          .contains(
              "--batch-window: " + window + " (expected: 0 for none, or 1 to 100000 microseconds)");
      assertThat(dir.resolve("state")).doesNotExist();
    }
  }

  @Test
  void help_onEveryCommand_documentsTheExitCodes() {
    for (String[] args : new String[][] {{"--help"}, {"decode", "--help"}, {"resolve", "--help"}}) {
      out.getBuffer().setLength(0);
      assertThat(run(args)).isZero();
      assertThat(out.toString()).contains("Exit codes:").contains("3   a file could not be read");
    }
  }

  @Test
  void resolve_relayedIpxeSolicit_findsTheHostAndPhase() throws IOException {
    Path capture = pcap(RELAYED_IPXE_SOLICIT);
    Path inventory = Path.of("inventory.example.json");

    int code = run("resolve", "--inventory", inventory.toString(), capture.toString());

    assertThat(code).isEqualTo(Netboot6Cli.EXIT_OK);
    assertThat(out.toString())
        .startsWith(capture + "#1: SOLICIT -> host node-01, phase IPXE, MATCHED\n")
        .contains("  deciding: ");

    out.getBuffer().setLength(0);
    assertThat(run("resolve", "--json", "--inventory", inventory.toString(), capture.toString()))
        .isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get(0).at("/host").asText()).isEqualTo("node-01");
    assertThat(json.get(0).at("/phase").asText()).isEqualTo("IPXE");
    assertThat(json.get(0).at("/outcome").asText()).isEqualTo("MATCHED");
  }

  @Test
  void resolve_badInventory_oneLineError() throws IOException {
    Path inventory = dir.resolve("inventory.json");
    Files.writeString(inventory, "{\"hosts\": [{\"name\": \"a\", \"macs\": [\"zz\"]}]}");

    int code = run("resolve", "--inventory", inventory.toString(), pcap(SOLICIT).toString());

    assertThat(code).isEqualTo(Netboot6Cli.EXIT_IO);
    assertThat(err.toString()).startsWith("netboot6: " + inventory + ": hosts[0]: ");
    assertThat(err.toString().strip().lines()).hasSize(1);
  }
}
