package io.github.netboot6.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.testkit.Dhcpv6Generators;
import io.github.netboot6.testkit.PcapWriter;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against tshark, the reference DHCPv6 decoder (DESIGN.md §5): 10,000 random
 * valid messages from {@link Dhcpv6Generators#relayedMessages()} are written to one pcap file,
 * decoded by one {@code tshark -r file -T json -J dhcpv6 --no-duplicate-keys} run, and compared
 * with what {@link MessageReader} and {@link OptionIterator} read: msg-type, transaction-id,
 * hop-count, link-address and peer-address at every relay level, option codes and lengths in wire
 * order at every level, the options nested in IA_NA, IA_PD and IAADDR, and the typed fields IAID,
 * T1, T2, IAADDR address and lifetimes, IAPREFIX prefix and length, Interface-Id bytes.
 *
 * <p>tshark display quirks normalised here (tshark 4.0):
 *
 * <ul>
 *   <li>{@code -T json} repeats a key for repeated fields; {@code --no-duplicate-keys} merges them
 *       into an array, but a field seen once stays a scalar or object: every field is read as "one
 *       or a list" ({@link #list}).
 *   <li>Each option is two keys: {@code dhcpv6.option.type_str} (its name) and {@code
 *       dhcpv6.option.type_str_tree} (its fields, among them {@code dhcpv6.option.type} and {@code
 *       dhcpv6.option.length} as decimal strings); only the tree is read.
 *   <li>The transaction-id is shown as {@code 0x} and six lowercase hex digits; the IAID as eight
 *       hex digits without {@code 0x}; T1, T2 and lifetimes in decimal, "infinity" for 0xffffffff
 *       on some fields, so lifetimes of 0xffffffff are not compared.
 *   <li>Addresses are in RFC 5952 form, as {@link Ipv6Address#toString()} writes them, except that
 *       tshark writes IPv4-mapped and IPv4-compatible addresses with a dotted quad: addresses whose
 *       first 80 bits are zero are not compared.
 *   <li>The Interface-Id is shown as colon-separated hex bytes.
 *   <li>A relay message's inner message is a nested {@code dhcpv6} object in the Relay Message
 *       option's tree; tshark dissects only the first Relay Message of a relay.
 *   <li>Text fields with bytes that are not UTF-8 are copied into the JSON as they are, so the
 *       output is not valid UTF-8; it is read as ISO-8859-1 (only ASCII fields are compared).
 *   <li>Vendor-specific Information sub-options are shown in vendor-specific fields, not as
 *       options: their nesting is not compared.
 *   <li>tshark stops dissecting a message's options at the first one it finds malformed (a random
 *       value too short for the option's fields, e.g. a 1-byte Elapsed Time), marking it {@code
 *       _ws.malformed}: in such a message, only the options up to and including that one are
 *       compared, and no more options than tshark shows.
 * </ul>
 *
 * <p>The test needs {@code /usr/bin/tshark} (Debian package {@code tshark}; CI installs it) and
 * fails with that message if it is missing.
 */
class TsharkDifferentialTest {
  private static final Path TSHARK = Path.of("/usr/bin/tshark");
  private static final int MESSAGES = 10_000;

  @TempDir Path temp;

  private final MessageReader reader = new MessageReader();
  private final List<String> mismatches = new ArrayList<>();
  private int compared;
  private int optionsCompared;

  @Test
  void randomValidMessages_agreeWithTshark() throws Exception {
    assertThat(Files.isExecutable(TSHARK))
        .as("tshark is needed at %s: apt-get install tshark (CI installs it)", TSHARK)
        .isTrue();
    SplittableRandom random = new SplittableRandom(Long.getLong("netboot6.seed", 20240601L));
    List<byte[]> messages = new ArrayList<>();
    Path pcap = temp.resolve("random.pcap");
    try (OutputStream out = Files.newOutputStream(pcap)) {
      PcapWriter writer = new PcapWriter(out);
      for (int i = 0; i < MESSAGES; i++) {
        byte[] message = Dhcpv6Generators.relayedMessages().next(random);
        messages.add(message);
        writer.writeDhcpv6(message);
      }
    }

    Path json = temp.resolve("random.json");
    Process tshark =
        new ProcessBuilder(
                TSHARK.toString(),
                "-r",
                pcap.toString(),
                "-o",
                "udp.check_checksum:TRUE",
                "-T",
                "json",
                "-J",
                "dhcpv6 udp",
                "--no-duplicate-keys")
            .redirectOutput(json.toFile())
            .redirectError(temp.resolve("tshark.err").toFile())
            .start();
    assertThat(tshark.waitFor(5, TimeUnit.MINUTES)).as("tshark finished").isTrue();
    assertThat(tshark.exitValue())
        .as("tshark exit status; stderr: %s", Files.readString(temp.resolve("tshark.err")))
        .isZero();

    ObjectMapper mapper = new ObjectMapper();
    int packet = 0;
    // tshark copies undecodable text bytes into its JSON strings as they are (invalid UTF-8): read
    // the file byte for byte as ISO-8859-1; every field compared is ASCII.
    try (JsonParser parser =
        mapper
            .getFactory()
            .createParser(Files.newBufferedReader(json, StandardCharsets.ISO_8859_1))) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        JsonNode root = mapper.readTree(parser);
        JsonNode layers = root.path("_source").path("layers");
        byte[] message = messages.get(packet);
        assertThat(layers.path("udp").path("udp.checksum.status").asText())
            .as("UDP checksum status of packet %s", packet)
            .isEqualTo("1");
        compareMessage(packet, message, layers.path("dhcpv6"));
        packet++;
      }
    }

    assertThat(packet).isEqualTo(MESSAGES);
    assertThat(mismatches).as("%s mismatches", mismatches.size()).isEmpty();
    assertThat(compared).isGreaterThanOrEqualTo(MESSAGES);
    assertThat(optionsCompared).isGreaterThan(MESSAGES);
  }

  private void compareMessage(int packet, byte[] message, JsonNode tshark) {
    MessageReader current = reader.wrap(message, 0, message.length);
    JsonNode node = tshark;
    String where = "packet " + (packet + 1);
    while (true) {
      compared++;
      check(where, "msgtype", node.path("dhcpv6.msgtype").asText(), current.messageTypeCode());
      if (current.isRelay()) {
        check(where, "hopcount", node.path("dhcpv6.hopcount").asText(), current.hopCount());
        checkAddress(
            where,
            "linkaddr",
            node.path("dhcpv6.linkaddr").asText(),
            current.linkAddressHigh(),
            current.linkAddressLow());
        checkAddress(
            where,
            "peeraddr",
            node.path("dhcpv6.peeraddr").asText(),
            current.peerAddressHigh(),
            current.peerAddressLow());
      } else {
        String xid = String.format(Locale.ROOT, "0x%06x", current.transactionId());
        check(where, "xid", node.path("dhcpv6.xid").asText(), xid);
      }
      OptionIterator options = current.options(new OptionIterator());
      JsonNode relayMessage = compareOptions(where, options, node, 0);
      if (relayMessage == null || !current.isRelay()) {
        return;
      }
      options = current.options(new OptionIterator());
      while (options.next() && options.code() != 9) {}
      current = new MessageReader().wrapRelayMessage(options);
      node = relayMessage;
      where += " > relay message";
    }
  }

  /** Compares a run of options; returns the inner message of the first Relay Message, if any. */
  private JsonNode compareOptions(String where, OptionIterator options, JsonNode node, int depth) {
    List<JsonNode> trees = list(node.path("dhcpv6.option.type_str_tree"));
    boolean malformed = containsMalformed(node);
    JsonNode relayMessage = null;
    int i = 0;
    while (options.next()) {
      if (i >= trees.size()) {
        if (!malformed) {
          mismatches.add(where + ": tshark shows " + trees.size() + " options, we read more");
        }
        return relayMessage;
      }
      JsonNode tree = trees.get(i);
      String at = where + " option " + i;
      optionsCompared++;
      check(at, "type", tree.path("dhcpv6.option.type").asText(), options.code());
      check(at, "length", tree.path("dhcpv6.option.length").asText(), options.length());
      if (containsMalformed(tree)) {
        return relayMessage;
      }
      compareTyped(at, options, tree);
      int code = options.code();
      if (code == 9 && depth == 0 && relayMessage == null && tree.has("dhcpv6")) {
        relayMessage = tree.path("dhcpv6");
      } else if (code == 3 || code == 25 || code == 5 || code == 26) {
        compareOptions(at, options.nested(new OptionIterator()), tree, depth + 1);
      }
      i++;
    }
    assertThat(options.status()).as(where).isEqualTo(DecodeStatus.OK);
    if (i != trees.size()) {
      mismatches.add(where + ": tshark shows " + trees.size() + " options, we read " + i);
    }
    return relayMessage;
  }

  private void compareTyped(String at, OptionIterator o, JsonNode tree) {
    switch (o.code()) {
      case 3, 25 -> {
        check(at, "iaid", tree.path("dhcpv6.iaid").asText(), hex8(o.uint32At(0)));
        checkLifetime(at, "t1", tree.path("dhcpv6.iaid.t1").asText(), o.uint32At(4));
        checkLifetime(at, "t2", tree.path("dhcpv6.iaid.t2").asText(), o.uint32At(8));
      }
      case 5 -> {
        checkAddress(
            at,
            "iaaddr",
            tree.path("dhcpv6.iaaddr.ip").asText(),
            o.addressHigh(0),
            o.addressLow(0));
        checkLifetime(
            at, "pref", tree.path("dhcpv6.iaaddr.pref_lifetime").asText(), o.uint32At(16));
        checkLifetime(
            at, "valid", tree.path("dhcpv6.iaaddr.valid_lifetime").asText(), o.uint32At(20));
      }
      case 26 -> {
        check(at, "pref_len", tree.path("dhcpv6.iaprefix.pref_len").asText(), o.uint8At(8));
        checkAddress(
            at,
            "prefix",
            tree.path("dhcpv6.iaprefix.pref_addr").asText(),
            o.addressHigh(9),
            o.addressLow(9));
      }
      case 18 -> {
        if (o.length() > 0) {
          check(
              at,
              "interface_id",
              tree.path("dhcpv6.interface_id").asText(),
              colonHex(o.valueToArray()));
        }
      }
      default -> {}
    }
  }

  private static boolean containsMalformed(JsonNode node) {
    return node.has("_ws.malformed") || node.toString().contains("\"_ws.malformed\"");
  }

  private static List<JsonNode> list(JsonNode node) {
    List<JsonNode> result = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(result::add);
    } else if (!node.isMissingNode()) {
      result.add(node);
    }
    return result;
  }

  private void check(String where, String field, String tshark, Object ours) {
    if (!tshark.equals(String.valueOf(ours))) {
      mismatches.add(where + " " + field + ": tshark " + tshark + ", we " + ours);
    }
  }

  private void checkLifetime(String where, String field, String tshark, long ours) {
    if (ours != 0xffff_ffffL) {
      check(where, field, tshark, ours);
    }
  }

  private void checkAddress(String where, String field, String tshark, long high, long low) {
    if (high != 0 || (low >>> 48) != 0) {
      check(where, field, tshark, Ipv6Address.of(high, low).toString());
    }
  }

  private static String hex8(long value) {
    return String.format(Locale.ROOT, "%08x", value);
  }

  private static String colonHex(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) {
      if (text.length() > 0) {
        text.append(':');
      }
      text.append(String.format(Locale.ROOT, "%02x", b & 0xff));
    }
    return text.toString();
  }
}
