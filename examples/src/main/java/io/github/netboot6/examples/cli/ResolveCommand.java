package io.github.netboot6.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.netboot6.codec.DecodeStatus;
import io.github.netboot6.codec.FactsExtractor;
import io.github.netboot6.codec.MessageType;
import io.github.netboot6.core.identity.ClientFacts;
import io.github.netboot6.core.identity.Evidence;
import io.github.netboot6.core.identity.EvidenceRole;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.IdentityResolver;
import io.github.netboot6.core.identity.Resolution;
import io.github.netboot6.core.identity.ResolutionWarning;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code netboot6 resolve --inventory FILE CAPTURE...}: host and boot phase of client messages. */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    description = {
      "For each client message (Solicit, Request, ... directly or relayed) of pcap, pcapng or hex"
          + " files, print the host and boot phase it comes from, the deciding evidence, conflicts,"
          + " untrustworthy identifiers and warnings.",
      "Messages from servers are skipped; malformed messages are shown with their decode status."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      Netboot6Cli.EXIT_CODE_OK,
      Netboot6Cli.EXIT_CODE_MALFORMED,
      Netboot6Cli.EXIT_CODE_USAGE,
      Netboot6Cli.EXIT_CODE_IO
    })
final class ResolveCommand implements Callable<Integer> {
  @Option(
      names = "--inventory",
      required = true,
      paramLabel = "FILE",
      description = "Inventory JSON (see examples/inventory.example.json).")
  Path inventory = Path.of("");

  @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "pcap, pcapng or hex files")
  List<Path> captures = new ArrayList<>();

  @Option(names = "--json", description = "Print one JSON array of results.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Override
  public Integer call() throws Exception {
    IdentityResolver resolver = IdentityResolver.builder(InventoryFile.read(inventory)).build();
    PrintWriter out = spec.commandLine().getOut();
    FactsExtractor extractor = new FactsExtractor();
    ClientFacts facts = new ClientFacts();
    Resolution resolution = new Resolution();
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    boolean malformed = false;
    for (Path capture : captures) {
      for (Captures.Message message : Captures.read(capture)) {
        byte[] bytes = message.bytes();
        DecodeStatus status = extractor.extract(bytes, 0, bytes.length, facts.clear());
        ObjectNode node = array.addObject().put("source", message.source());
        if (status != DecodeStatus.OK) {
          malformed = true;
          node.put("status", status.name()).put("errorOffset", extractor.errorOffset());
          node.put("error", String.valueOf(extractor.toException().getMessage()));
          if (!json) {
            out.println(message.source() + ": malformed: " + extractor.toException().getMessage());
          }
          continue;
        }
        MessageType type = MessageType.valueOf(facts.messageType());
        if (!type.isClientToServer()) {
          array.remove(array.size() - 1);
          continue;
        }
        resolver.resolve(facts, resolution);
        node.put("status", "OK").put("messageType", type.name());
        describe(resolution, node);
        if (!json) {
          print(message.source(), type, resolution, out);
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

  private static void describe(Resolution resolution, ObjectNode node) {
    Host host = resolution.host();
    node.put("outcome", resolution.outcome().name());
    if (host != null) {
      node.put("host", host.name());
    } else {
      node.putNull("host");
    }
    node.put("phase", resolution.phase().toString());
    Evidence deciding = resolution.decidingEvidence();
    if (deciding != null) {
      node.put("deciding", deciding.toString());
    }
    ArrayNode evidence = node.putArray("evidence");
    for (int i = 0; i < resolution.evidenceCount(); i++) {
      evidence.add(resolution.evidence(i).toString());
    }
    ArrayNode warnings = node.putArray("warnings");
    for (ResolutionWarning warning : resolution.warnings()) {
      warnings.add(warning.name());
    }
  }

  private static void print(
      String source, MessageType type, Resolution resolution, PrintWriter out) {
    Host host = resolution.host();
    out.println(
        source
            + ": "
            + type.name()
            + " -> host "
            + (host == null ? "(none)" : host.name())
            + ", phase "
            + resolution.phase()
            + ", "
            + resolution.outcome());
    Evidence deciding = resolution.decidingEvidence();
    if (deciding != null) {
      out.println("  deciding: " + deciding);
    }
    for (int i = 0; i < resolution.evidenceCount(); i++) {
      Evidence evidence = resolution.evidence(i);
      if (evidence.role() == EvidenceRole.CONFLICTING) {
        out.println("  conflict: " + evidence);
      } else if (evidence.role() == EvidenceRole.UNTRUSTWORTHY) {
        out.println("  untrustworthy: " + evidence);
      }
    }
    for (ResolutionWarning warning : resolution.warnings()) {
      out.println("  warning: " + warning);
    }
  }
}
