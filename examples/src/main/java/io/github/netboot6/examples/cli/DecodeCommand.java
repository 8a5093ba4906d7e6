package io.github.netboot6.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.netboot6.codec.DecodeStatus;
import io.github.netboot6.codec.MessageDump;
import io.github.netboot6.codec.MessageReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code netboot6 decode FILE...}: every DHCPv6 message as text like tshark -V, or JSON. */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    description = {
      "Decode every DHCPv6 message of pcap and pcapng files (raw IPv6, Ethernet, Linux cooked;"
          + " UDP 546/547) or hex files (one message per line) and print it like tshark -V, or as"
          + " JSON.",
      "Malformed messages are shown with their decode status, not skipped."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      Netboot6Cli.EXIT_CODE_OK,
      Netboot6Cli.EXIT_CODE_MALFORMED,
      Netboot6Cli.EXIT_CODE_USAGE,
      Netboot6Cli.EXIT_CODE_IO
    })
final class DecodeCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "pcap, pcapng or hex files")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--json",
      description = "Print one JSON array of messages (schema in the README).")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean malformed = false;
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    MessageReader reader = new MessageReader();
    for (Path file : files) {
      for (Captures.Message message : Captures.read(file)) {
        reader.wrap(message.bytes(), 0, message.bytes().length);
        if (json) {
          ObjectNode node = JsonMessages.message(reader);
          malformed |= isMalformed(node);
          ObjectNode entry = array.addObject().put("source", message.source());
          entry.setAll(node);
        } else {
          StringBuilder text = new StringBuilder();
          text.append("Message ").append(message.source()).append('\n');
          malformed |= MessageDump.dump(reader, text) != DecodeStatus.OK;
          out.print(text.append('\n'));
        }
      }
    }
    if (json) {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(array));
    }
    out.flush();
    return malformed ? Netboot6Cli.EXIT_MALFORMED : Netboot6Cli.EXIT_OK;
  }

  private static boolean isMalformed(com.fasterxml.jackson.databind.JsonNode node) {
    if (!node.path("status").asText("OK").equals("OK")) {
      return true;
    }
    for (com.fasterxml.jackson.databind.JsonNode option : node.path("options")) {
      if (isMalformed(option) || isMalformed(option.path("message"))) {
        return true;
      }
    }
    return false;
  }
}
