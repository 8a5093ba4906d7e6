package io.github.netboot6.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netboot6.codec.DecodeStatus;
import io.github.netboot6.codec.FactsExtractor;
import io.github.netboot6.core.identity.ClientFacts;
import io.github.netboot6.examples.RealProgram;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The captures shipped in {@code examples/captures/}, recorded from real dhclient, dnsmasq, Kea,
 * OVMF and iPXE: every message decodes, and the fields tshark reads from the same file (message
 * types through relay chains, transaction ids, DUIDs, leased addresses, relay addresses, vendor and
 * user classes) are the ones {@code netboot6 decode --json} prints, frame by frame.
 */
class ShippedCapturesTest {
  private static final Path CAPTURES = Path.of("captures");

  /** The tshark fields compared, in the order of the columns of {@code -T fields}. */
  private static final List<String> FIELDS =
      List.of(
          "dhcpv6.msgtype",
          "dhcpv6.xid",
          "dhcpv6.duid.bytes",
          "dhcpv6.iaaddr.ip",
          "dhcpv6.linkaddr",
          "dhcpv6.peeraddr",
          "dhcpv6.vendorclass.enterprise",
          "dhcpv6.vendorclass.data",
          "dhcpv6.userclass.opaque_data");

  static Stream<Path> captures() throws IOException {
    try (Stream<Path> files = Files.list(CAPTURES)) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".pcapng")).sorted().toList();
      assertThat(list).as("shipped captures").hasSizeGreaterThanOrEqualTo(5);
      return list.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("captures")
  void everyMessage_decodesAndYieldsClientFacts(Path capture) {
    List<Captures.Message> messages = Captures.read(capture);

    assertThat(messages).hasSizeGreaterThanOrEqualTo(4);
    FactsExtractor extractor = new FactsExtractor();
    for (Captures.Message m : messages) {
      DecodeStatus status = extractor.extract(m.bytes(), 0, m.bytes().length, new ClientFacts());
      assertThat(status).as(m.source()).isEqualTo(DecodeStatus.OK);
    }
    StringWriter out = new StringWriter();
    CommandLine cli = Netboot6Cli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute("decode", capture.toString())).isEqualTo(Netboot6Cli.EXIT_OK);
    assertThat(out.toString()).doesNotContain("Malformed");
  }

  @ParameterizedTest
  @MethodSource("captures")
  void fieldsFrameByFrame_sameAsTsharkReadsThem(Path capture) throws IOException {
    Map<String, List<String>> ours = ours(capture);
    Map<String, List<String>> tshark = tshark(capture);

    assertThat(ours.keySet()).isEqualTo(tshark.keySet());
    for (String frame : ours.keySet()) {
      assertThat(ours.get(frame)).as("%s frame %s", capture, frame).isEqualTo(tshark.get(frame));
    }
  }

  /** Frame number to the {@link #FIELDS} as tshark prints them. */
  private static Map<String, List<String>> tshark(Path capture) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-r", capture.toString(), "-Y", "dhcpv6", "-T", "fields", "-e", "frame.number"));
    for (String field : FIELDS) {
      args.add("-e");
      args.add(field);
    }
    Map<String, List<String>> frames = new LinkedHashMap<>();
    for (String line : RealProgram.TSHARK.output(args.toArray(String[]::new)).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] columns = line.split("\t", -1);
      frames.put(columns[0], List.of(columns).subList(1, columns.length));
    }
    assertThat(frames).as("tshark's frames of %s", capture).isNotEmpty();
    return frames;
  }

  /** Frame number to the same fields, from {@code netboot6 decode --json}. */
  private static Map<String, List<String>> ours(Path capture) throws IOException {
    StringWriter out = new StringWriter();
    CommandLine cli = Netboot6Cli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute("decode", "--json", capture.toString())).isZero();
    Map<String, List<String>> frames = new LinkedHashMap<>();
    for (JsonNode message : new ObjectMapper().readTree(out.toString())) {
      Map<String, List<String>> values = new LinkedHashMap<>();
      FIELDS.forEach(f -> values.put(f, new ArrayList<>()));
      collect(message, values);
      String source = message.path("source").asText();
      List<String> row = new ArrayList<>();
      FIELDS.forEach(f -> row.add(String.join(",", values.get(f))));
      frames.put(source.substring(source.lastIndexOf('#') + 1), row);
    }
    return frames;
  }

  /** Walks a message the way tshark dissects it: depth first, options in order. */
  private static void collect(JsonNode message, Map<String, List<String>> values) {
    values.get("dhcpv6.msgtype").add(message.at("/type/code").asText());
    if (message.has("transactionId")) {
      values.get("dhcpv6.xid").add(message.path("transactionId").asText());
    }
    if (message.has("linkAddress")) {
      values.get("dhcpv6.linkaddr").add(message.path("linkAddress").asText());
      values.get("dhcpv6.peeraddr").add(message.path("peerAddress").asText());
    }
    options(message.path("options"), values);
  }

  private static void options(JsonNode options, Map<String, List<String>> values) {
    for (JsonNode option : options) {
      JsonNode fields = option.path("fields");
      switch (option.path("code").asInt()) {
        case 1, 2 -> values.get("dhcpv6.duid.bytes").add(option.path("hex").asText());
        case 5 -> values.get("dhcpv6.iaaddr.ip").add(fields.path("address").asText());
        case 15 ->
            fields
                .path("items")
                .forEach(i -> values.get("dhcpv6.userclass.opaque_data").add(hex(i)));
        case 16 -> {
          values.get("dhcpv6.vendorclass.enterprise").add(fields.path("enterprise").asText());
          fields.path("items").forEach(i -> values.get("dhcpv6.vendorclass.data").add(i.asText()));
        }
        default -> {}
      }
      options(option.path("options"), values);
      if (option.has("message")) {
        collect(option.path("message"), values);
      }
    }
  }

  /** An item as hex: decode --json prints printable items as text, others as hex. */
  private static String hex(JsonNode item) {
    return HexFormat.of().formatHex(item.asText().getBytes(StandardCharsets.US_ASCII));
  }
}
