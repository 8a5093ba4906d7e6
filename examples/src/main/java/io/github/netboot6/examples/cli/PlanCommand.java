package io.github.netboot6.examples.cli;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.AllocationStoreException;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.JournalStore;
import io.github.netboot6.bootconfig.duid.DeployedDuids;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netboot6 plan --inventory FILE --pool PREFIX --server ADDRESS --out DIR}: a block per
 * host, kept in a journal in {@code DIR/state}, and the files that provision them.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Allocate an address block per host of the inventory (kept in DIR/state: a host keeps its"
          + " block when plan runs again) and write into DIR: dnsmasq.conf and kea-dhcp6.json"
          + " (reservations for the hosts only), bootstrap.ipxe, hosts/NAME/script.ipxe from the"
          + " host's installer profile, the host's DUID snippets for its installed OS"
          + " (hosts/NAME/), and hosts.json, a summary.",
      "Every file is written whole or not at all; on an error nothing in DIR changes.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the plan was written",
      Netboot6Cli.EXIT_CODE_USAGE,
      "3:a file could not be read or written, or the inventory has a value that cannot be"
          + " written safely (the message names the host and the field)",
      PlanCommand.EXIT_CODE_POOL_FULL
    })
final class PlanCommand implements Callable<Integer> {
  /** Exit code: the pool has fewer free blocks than hosts that need one; nothing was written. */
  static final int EXIT_POOL_FULL = 4;

  static final String EXIT_CODE_POOL_FULL =
      "4:the pool has fewer free blocks than hosts that need one";

  static final String STATE_DIR = "state";
  static final String POOL_FILE = "pool";
  static final String SITE_KEY_FILE = "site-key";

  /** The length of the site key plan creates: {@value} random bytes. */
  static final int NEW_SITE_KEY_LENGTH = 32;

  @Option(
      names = "--inventory",
      required = true,
      paramLabel = "FILE",
      description = "Inventory JSON (see examples/inventory.example.json).")
  Path inventory = Path.of("");

  @Option(
      names = "--pool",
      required = true,
      paramLabel = "PREFIX",
      converter = Converters.Prefix.class,
      description = "Prefix to allocate blocks of 8 addresses from, /64 to /124.")
  Ipv6Prefix pool = Ipv6Prefix.parse("::/128");

  @Option(
      names = "--server",
      required = true,
      paramLabel = "ADDRESS",
      converter = Converters.Address.class,
      description = "The provisioning server's address (TFTP and HTTP); reserved if in the pool.")
  Ipv6Address server = Ipv6Address.parse("::");

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out = Path.of("");

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "80",
      description = "The HTTP server's port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--dns",
      paramLabel = "ADDRESS",
      converter = Converters.Address.class,
      description = "A DNS server every answer carries; repeatable.")
  List<Ipv6Address> dns = new ArrayList<>();

  @Option(
      names = "--enterprise-number",
      paramLabel = "PEN",
      defaultValue = "32473",
      description =
          "IANA enterprise number of the DUID-EN generated for hosts without deployedDuid (default:"
              + " ${DEFAULT-VALUE}, the number for documentation; use your organisation's).")
  long enterpriseNumber;

  @Option(
      names = "--site-key",
      paramLabel = "FILE",
      description =
          "The site's secret key (a file of at least 16 bytes) from which the DUIDs of hosts"
              + " without deployedDuid are derived (HMAC-SHA256, DUID-EN). Default: DIR/state/"
              + SITE_KEY_FILE
              + ", made of 32 random bytes on the first run. The same key gives the same DUIDs on"
              + " every run.")
  @Nullable Path siteKey;

  @Option(
      names = "--lease",
      paramLabel = "SECONDS",
      defaultValue = "3600",
      description = "Lease time in the server configurations (default: ${DEFAULT-VALUE}).")
  long leaseSeconds;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Override
  public Integer call() {
    if (leaseSeconds < 120 || leaseSeconds > 0xffff_ffffL) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--lease: " + leaseSeconds + " (expected: 120..4294967295 seconds)");
    }
    PlanSettings settings;
    AddressPool addressPool;
    try {
      settings =
          new PlanSettings(
              pool, server, httpPort, dns, enterpriseNumber, Duration.ofSeconds(leaseSeconds));
      addressPool = settings.addressPool();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), String.valueOf(e.getMessage()), e);
    }
    Path state = out.resolve(STATE_DIR);
    Path keyFile = siteKey != null ? siteKey : state.resolve(SITE_KEY_FILE);
    boolean newKey = siteKey == null && !Files.exists(keyFile);
    byte[] key = newKey ? newSiteKey() : readSiteKey(keyFile);
    DeployedDuids duids;
    try {
      duids = DeployedDuids.builder(key).enterpriseNumber(enterpriseNumber).build();
    } catch (IllegalArgumentException e) {
      throw new CliException(
          Netboot6Cli.EXIT_USAGE, "site key " + keyFile + ": " + e.getMessage(), e);
    }
    Plan.Draft draft = Plan.prepare(InventoryFile.load(inventory), settings, duids);
    String poolText = addressPool + "\n";
    checkPool(state.resolve(POOL_FILE), poolText);
    boolean freshOut = !Files.exists(out);
    boolean freshState = !Files.exists(state);
    Plan plan;
    try (JournalStore store = JournalStore.open(state);
        Allocator allocator = Allocator.builder(addressPool).store(store).build()) {
      writePool(state.resolve(POOL_FILE), poolText);
      if (newKey) {
        writeWhole(keyFile, key);
      }
      plan = draft.allocate(allocator);
    } catch (AllocationStoreException e) {
      forget(freshOut, freshState, state);
      throw new CliException(Netboot6Cli.EXIT_IO, "allocation journal " + state + ": " + e, e);
    } catch (RuntimeException e) {
      forget(freshOut, freshState, state);
      throw e;
    }
    OutputDirectory.replace(out, plan.files());
    print(plan, spec.commandLine().getOut());
    return Netboot6Cli.EXIT_OK;
  }

  /** Deletes what this run created when it fails before writing: a folder it made holds nothing. */
  private void forget(boolean freshOut, boolean freshState, Path state) {
    if (freshOut) {
      OutputDirectory.deleteTree(out);
    } else if (freshState) {
      OutputDirectory.deleteTree(state);
    }
  }

  /** The journal holds block indexes: read in another pool, they would be other addresses. */
  private void checkPool(Path file, String poolText) {
    if (!Files.exists(file)) {
      return;
    }
    String recorded;
    try {
      recorded = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(Netboot6Cli.EXIT_IO, "cannot read " + file + ": " + e, e);
    }
    if (!recorded.equals(poolText)) {
      throw new CliException(
          Netboot6Cli.EXIT_USAGE,
          file.getParent()
              + " holds the blocks of "
              + recorded.strip()
              + ", not of "
              + poolText.strip()
              + " (expected: the same --pool, or another --out)");
    }
  }

  private static void writePool(Path file, String poolText) {
    if (!Files.exists(file)) {
      writeWhole(file, poolText.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Writes a file whole or not at all: a temporary file beside it, renamed into place. Temporary
   * files are readable by their owner only (Files.createTempFile, on POSIX file systems), and keep
   * that mode, which the site key needs.
   */
  private static void writeWhole(Path file, byte[] content) {
    try {
      Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      Files.write(temp, content);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CliException(Netboot6Cli.EXIT_IO, "cannot write " + file + ": " + e, e);
    }
  }

  private static byte[] newSiteKey() {
    byte[] key = new byte[NEW_SITE_KEY_LENGTH];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private static byte[] readSiteKey(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException(Netboot6Cli.EXIT_IO, "cannot read the site key " + file + ": " + e, e);
    }
  }

  private void print(Plan plan, PrintWriter w) {
    for (Plan.HostPlan h : plan.hosts()) {
      InstallerProfile installer = h.installer();
      w.printf(
          Locale.ROOT,
          "%s: block %s (%s), permanent %s, DUID %s%s, %s%n",
          h.host().name(),
          h.allocation().block(),
          h.newBlock() ? "new" : "kept",
          h.allocation().permanentAddress(),
          h.deployedDuid(),
          h.generatedDuid() ? " (generated)" : "",
          installer == null ? "no installer" : "installer " + installer.name());
    }
    w.printf(
        Locale.ROOT,
        "wrote %s: %s, %s, %s, %s and %s/ (%d hosts); blocks in %s%n",
        out,
        Plan.DNSMASQ_CONF,
        Plan.KEA_CONF,
        Plan.BOOTSTRAP,
        Plan.MANIFEST,
        Plan.HOSTS_DIR,
        plan.hosts().size(),
        out.resolve(STATE_DIR));
    w.flush();
  }
}
