package io.github.netboot6.examples;

import io.github.netboot6.allocation.Allocation;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.JournalStore;
import io.github.netboot6.bootconfig.duid.DeployedDuids;
import io.github.netboot6.bootconfig.policy.BootPolicy;
import io.github.netboot6.codec.DecodeStatus;
import io.github.netboot6.codec.FactsExtractor;
import io.github.netboot6.codec.MessageReader;
import io.github.netboot6.codec.MessageType;
import io.github.netboot6.codec.OptionIterator;
import io.github.netboot6.core.BootAnswer;
import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.identity.ClientFacts;
import io.github.netboot6.core.identity.Evidence;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.IdentityResolver;
import io.github.netboot6.core.identity.Resolution;
import io.github.netboot6.examples.cli.Captures;
import io.github.netboot6.examples.cli.InventoryFile;
import io.github.netboot6.examples.cli.Plan;
import io.github.netboot6.examples.cli.PlanSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a provisioning server built on Netboot6 would do with real DHCPv6 traffic, run by the
 * README's first command: {@code ./mvnw -q -pl examples -am compile exec:java}. It needs no root,
 * no network and nothing outside a temporary folder.
 *
 * <p>It reads {@code examples/inventory.example.json}, whose hosts are the machines recorded in
 * {@code examples/captures/}; allocates a block per host in a journal in a temporary folder and
 * writes there what {@code netboot6 plan} writes (dnsmasq and Kea configuration, iPXE scripts, DUID
 * snippets); then, for every request of every capture, prints the host and boot phase the identity
 * resolver finds and by which evidence, the address the server would lease from the host's block
 * for that phase, the boot answer of the {@link BootPolicy}, and what the recorded server answered.
 */
public final class ProvisioningDemo {
  /** The pool of the demo, and of the captures' servers. */
  static final Ipv6Prefix POOL = Ipv6Prefix.parse("2001:db8:1::/64");

  /** The provisioning server's address, in the pool (and so reserved). */
  static final Ipv6Address SERVER = Ipv6Address.parse("2001:db8:1::1");

  /**
   * The demo's DUID generator. Its key is public and fixed, so the demo prints the same DUIDs on
   * every run; a site keeps its own key secret ({@code plan} makes one).
   */
  static final DeployedDuids DEMO_DUIDS =
      DeployedDuids.builder("netboot6 demo site key: public".getBytes(StandardCharsets.UTF_8))
          .enterpriseNumber(PlanSettings.DOCUMENTATION_ENTERPRISE_NUMBER)
          .build();

  private ProvisioningDemo() {}

  /**
   * Runs the demo.
   *
   * @param args optionally the {@code examples} folder (by default {@code examples} or the current
   *     folder, whichever holds {@code captures/})
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    Path examples = args.length > 0 ? Path.of(args[0]) : locate();
    Path temp = Files.createTempDirectory("netboot6-demo-");
    run(System.out, examples, temp);
  }

  private static Path locate() {
    Path inRepository = Path.of("examples");
    return Files.isDirectory(inRepository.resolve("captures")) ? inRepository : Path.of("");
  }

  /**
   * Runs the demo.
   *
   * @param out where to print
   * @param examples the {@code examples} folder: its inventory and captures are read
   * @param temp an empty folder for the journal and the files written
   * @throws IOException if a file cannot be read or written
   */
  static void run(PrintStream out, Path examples, Path temp) throws IOException {
    InventoryFile inventory = InventoryFile.load(examples.resolve("inventory.example.json"));
    PlanSettings settings =
        new PlanSettings(
            POOL,
            SERVER,
            80,
            List.of(),
            PlanSettings.DOCUMENTATION_ENTERPRISE_NUMBER,
            Duration.ofHours(1));
    Plan plan;
    try (JournalStore store = JournalStore.open(temp.resolve("state"));
        Allocator allocator = Allocator.builder(settings.addressPool()).store(store).build()) {
      plan = Plan.prepare(inventory, settings, DEMO_DUIDS).allocate(allocator);
    }
    plan.writeTo(temp);
    Map<String, Allocation> blocks = new HashMap<>();
    plan.hosts().forEach(h -> blocks.put(h.host().name(), h.allocation()));

    out.printf(
        Locale.ROOT,
        "== Inventory %s: %d hosts; pool %s, server %s (reserved in the pool)%n",
        inventory.file(),
        plan.hosts().size(),
        POOL,
        SERVER);
    for (Plan.HostPlan h : plan.hosts()) {
      Allocation a = h.allocation();
      out.printf(
          Locale.ROOT,
          "%s: block %s, permanent %s, firmware PXE %s, iPXE %s, installer %s, unknown %s%n",
          h.host().name(),
          a.block(),
          a.permanentAddress(),
          a.addressFor(BootPhase.FIRMWARE_PXE),
          a.addressFor(BootPhase.IPXE),
          a.addressFor(BootPhase.INSTALLER),
          a.addressFor(BootPhase.UNKNOWN));
    }
    out.printf(Locale.ROOT, "== Written to %s (the journal is in state/)%n", temp);
    Map<String, List<String>> byFolder = new java.util.LinkedHashMap<>();
    for (String file : plan.files().keySet()) {
      int slash = file.lastIndexOf('/');
      byFolder
          .computeIfAbsent(file.substring(0, slash + 1), k -> new ArrayList<>())
          .add(file.substring(slash + 1));
    }
    byFolder.forEach(
        (folder, names) ->
            out.printf(Locale.ROOT, "  %s%s%n", folder.isEmpty() ? "" : folder + ": ", names));
    out.printf(Locale.ROOT, "== %s%n", Plan.DNSMASQ_CONF);
    out.print(plan.files().get(Plan.DNSMASQ_CONF));

    BootPolicy policy = settings.bootPolicy();
    IdentityResolver resolver = IdentityResolver.builder(inventory.inventory()).build();
    for (Path capture : captures(examples.resolve("captures"))) {
      out.printf(Locale.ROOT, "== %s%n", capture.getFileName());
      List<Captures.Message> messages = Captures.read(capture);
      Map<String, String> answers = recordedAnswers(messages);
      for (Captures.Message m : messages) {
        String line = request(m, capture.getFileName().toString(), resolver, policy, blocks);
        if (line != null) {
          out.println(line);
          out.println("    recorded answer: " + answerTo(m.bytes(), answers));
        }
      }
    }
    out.flush();
  }

  private static List<Path> captures(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".pcapng")).sorted().toList();
    }
  }

  /** One line for a client's request, or null for a server's message. */
  private static @org.jspecify.annotations.Nullable String request(
      Captures.Message m,
      String file,
      IdentityResolver resolver,
      BootPolicy policy,
      Map<String, Allocation> blocks) {
    ClientFacts facts = new ClientFacts();
    DecodeStatus status = new FactsExtractor().extract(m.bytes(), 0, m.bytes().length, facts);
    String source = file + m.source().substring(m.source().lastIndexOf('#'));
    if (status != DecodeStatus.OK) {
      return source + " malformed: " + status;
    }
    MessageType type = MessageType.valueOf(facts.messageType());
    if (!type.isClientToServer()) {
      return null;
    }
    Resolution resolution = new Resolution();
    resolver.resolve(facts, resolution);
    Host host = resolution.host();
    StringBuilder line = new StringBuilder(source).append(' ').append(type.name());
    if (facts.relayCount() > 0) {
      line.append(" (relayed)");
    }
    if (host == null) {
      return line.append(": no host in the inventory, ")
          .append(resolution.outcome())
          .append(": no answer (the servers serve only the inventory's hosts)")
          .toString();
    }
    Evidence deciding = resolution.decidingEvidence();
    line.append(": ")
        .append(host.name())
        .append(", phase ")
        .append(resolution.phase())
        .append(deciding == null ? "" : " by " + deciding.source());
    Allocation block = blocks.get(host.name());
    String address = block == null ? "?" : block.addressFor(resolution.phase()).toString();
    if (type.equals(MessageType.RELEASE) || type.equals(MessageType.DECLINE)) {
      line.append("; would release its lease on ").append(address);
    } else if (type.equals(MessageType.INFORMATION_REQUEST)) {
      line.append("; no address (stateless)");
    } else {
      line.append("; would lease ").append(address);
    }
    BootAnswer answer = policy.decide(facts, resolution);
    line.append("; boot ").append(answer.bootFileUrl().orElse("none"));
    answer.vendorClass().ifPresent(v -> line.append(", vendor class ").append(v).append(" echoed"));
    return line.toString();
  }

  /**
   * "transaction id:message type" to "type addresses, boot URL" of the servers' answers, Relay-Repl
   * unwrapped (iPXE sends Solicit and Request with one transaction id, so the type tells the
   * Advertise from the Reply).
   */
  private static Map<String, String> recordedAnswers(List<Captures.Message> messages) {
    Map<String, String> answers = new HashMap<>();
    MessageReader reader = new MessageReader();
    OptionIterator scratch = new OptionIterator();
    for (Captures.Message m : messages) {
      reader.wrap(m.bytes(), 0, m.bytes().length);
      if (!reader.innermost(scratch) || reader.messageType().isClientToServer()) {
        continue;
      }
      List<String> addresses = new ArrayList<>();
      String url = null;
      OptionIterator options = reader.options(new OptionIterator());
      while (options.next()) {
        if (options.code() == 3 && options.hasNestedOptions()) {
          OptionIterator nested = options.nested(new OptionIterator());
          while (nested.next()) {
            if (nested.code() == 5 && nested.length() >= 16) {
              addresses.add(Ipv6Address.of(nested.addressHigh(0), nested.addressLow(0)).toString());
            }
          }
        } else if (options.code() == 59) {
          url = new String(options.valueToArray(), StandardCharsets.UTF_8);
        }
      }
      answers.put(
          reader.transactionId() + ":" + reader.messageType().name(),
          reader.messageType().name()
              + " "
              + (addresses.isEmpty() ? "no address" : String.join(", ", addresses))
              + (url == null ? "" : ", boot " + url));
    }
    return answers;
  }

  /** The recorded answer to a request: the Advertise to a Solicit, else the Reply. */
  private static String answerTo(byte[] request, Map<String, String> answers) {
    MessageReader reader = new MessageReader().wrap(request, 0, request.length);
    if (!reader.innermost(new OptionIterator())) {
      return "none";
    }
    String id = reader.transactionId() + ":";
    String answer =
        reader.messageType().equals(MessageType.SOLICIT)
            ? answers.getOrDefault(id + MessageType.ADVERTISE.name(), answers.get(id + "REPLY"))
            : answers.get(id + MessageType.REPLY.name());
    return answer == null ? "none" : answer;
  }
}
