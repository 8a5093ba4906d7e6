package io.github.netboot6.examples.cli;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.JournalStore;
import io.github.netboot6.bootconfig.ipxe.IpxeUrl;
import io.github.netboot6.bootconfig.policy.BootPolicy;
import io.github.netboot6.bootconfig.token.ProvisioningTokens;
import io.github.netboot6.bootconfig.token.TokenKey;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.identity.HostInventory;
import io.github.netboot6.core.identity.IdentityResolver;
import io.github.netboot6.examples.responder.DhcpResponder;
import io.github.netboot6.examples.responder.HttpFrontend;
import io.github.netboot6.examples.responder.UdpFrontend;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netboot6 serve}: the reference netboot responder, DHCPv6 on UDP 547 and HTTP for iPXE
 * scripts and boot files, until it is stopped (SIGINT or SIGTERM).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the reference netboot responder: DHCPv6 (UDP 547, joined to ff02::1:2 on --interface,"
          + " and for relays) and HTTP for the bootstrap and per-host iPXE scripts and boot files.",
      "Leases come from each host's block of --pool, kept in a journal under --state, so a restart"
          + " keeps every lease. One log line per exchange goes to standard output (see"
          + " --exchange-log)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped by a signal",
      Netboot6Cli.EXIT_CODE_USAGE,
      "3:a file could not be read, or a port or interface could not be used"
    })
final class ServeCommand implements Callable<Integer> {
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
      description = "The hosts' address pool, e.g. 2001:db8:1::/64.")
  String pool = "";

  @Option(
      names = "--reserve-low",
      defaultValue = "16",
      paramLabel = "N",
      description =
          "Addresses at the start of the pool kept for routers and servers (default:"
              + " ${DEFAULT-VALUE}).")
  long reserveLow;

  @Option(
      names = "--state",
      required = true,
      paramLabel = "DIR",
      description = "Directory for the allocation journal and the server DUID.")
  Path state = Path.of("");

  @Option(
      names = "--server-address",
      required = true,
      paramLabel = "ADDRESS",
      description = "This server's IPv6 address, as clients reach it for TFTP and HTTP.")
  String serverAddress = "";

  @Option(
      names = "--interface",
      paramLabel = "NAME",
      description = "Interface to receive multicast DHCPv6 on; without it, only relays are served.")
  @Nullable String interfaceName;

  @Option(
      names = "--dhcp-port",
      defaultValue = "547",
      description = "UDP port for DHCPv6 (default: ${DEFAULT-VALUE}).")
  int dhcpPort;

  @Option(
      names = "--http-port",
      defaultValue = "80",
      description = "TCP port for HTTP (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--files",
      paramLabel = "DIR",
      description = "Directory served under /files/ (kernels, initrds, iPXE binaries).")
  @Nullable Path files;

  @Option(
      names = "--token-key",
      paramLabel = "FILE",
      description =
          "File holding a secret of at least 32 bytes: per-host scripts then need a valid token.")
  @Nullable Path tokenKey;

  @Option(
      names = "--discovery",
      paramLabel = "PREFIX",
      description =
          "Lease addresses from PREFIX to clients that match no host (default: ignore" + " them).")
  @Nullable String discovery;

  @Option(
      names = "--store",
      defaultValue = "journal",
      paramLabel = "journal|memory",
      description =
          "Where the blocks live: journal (under --state, fsynced before each new lease is"
              + " acknowledged) or memory (lost on restart; for load tests). Default:"
              + " ${DEFAULT-VALUE}.")
  String store = "journal";

  @Option(
      names = "--exchange-log",
      defaultValue = "all",
      paramLabel = "all|drops|none",
      description =
          "Which DHCPv6 exchanges get a log line: all, drops (those not answered, and answers"
              + " whose boot file could not be decided) or none; the stats line still counts"
              + " every one. Default: ${DEFAULT-VALUE}.")
  String exchangeLog = "all";

  @Option(names = "--rapid-commit", description = "Answer Solicit with Rapid Commit by a Reply.")
  boolean rapidCommit;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Option(
      names = "--rate-limit",
      defaultValue = "20",
      paramLabel = "N",
      description =
          "DHCPv6 messages per second one client (by DUID) may send, with bursts of twice as"
              + " many; more are counted and dropped (default: ${DEFAULT-VALUE}).")
  double rateLimit;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Threads answering DHCPv6, each with its own responder; with the journal store, new"
              + " blocks of threads waiting at once share one fsync (default: 4 with the journal"
              + " store, 1 with the memory store, where more threads only hand the socket to each"
              + " other and cost CPU).")
  @Nullable Integer threadsOption;

  @Option(
      names = "--receive-buffer",
      defaultValue = "4194304",
      paramLabel = "BYTES",
      description =
          "Receive buffer to ask the kernel for on the DHCPv6 socket: it holds the datagrams that"
              + " arrive while every thread is busy, and when it is full the kernel drops them."
              + " Linux grants at most net.core.rmem_max; 0 keeps the system default (default:"
              + " ${DEFAULT-VALUE}).")
  int receiveBuffer;

  @Option(
      names = "--batch-window",
      defaultValue = "0",
      paramLabel = "MICROSECONDS",
      description =
          "While DHCPv6 datagrams come faster than one in this many microseconds, a thread that"
              + " answered waits this long for more before looking again, so that one wake-up"
              + " answers many: less CPU per exchange under load, up to this much more latency. 0,"
              + " the default, answers each datagram as it wakes the thread; at most 100000.")
  int batchWindowMicros;

  @Option(
      names = "--stats-interval",
      defaultValue = "0",
      paramLabel = "SECONDS",
      description =
          "Log a stats line (counters, blocks, heap) every SECONDS; 0, the default, never.")
  int statsInterval;

  @Override
  public Integer call() throws IOException, InterruptedException {
    // One line per exchange, written by a thread of its own: at once when the server is idle,
    // many lines to a write under load. (picocli's writer flushes on every println, so lines go
    // through a buffer of our own and only plain writes reach it.)
    PrintWriter out =
        new PrintWriter(new BufferedWriter(spec.commandLine().getOut(), 1 << 16), false);
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "netboot6-stats");
              t.setDaemon(true);
              return t;
            });
    try (LogWriter log = new LogWriter(out)) {
      return serve(log, scheduler);
    } finally {
      scheduler.shutdownNow();
    }
  }

  private int serve(LogWriter log, ScheduledExecutorService scheduler)
      throws IOException, InterruptedException {
    Ipv6Prefix poolPrefix = parsePrefix("--pool", pool);
    Ipv6Address server = parseAddress("--server-address", serverAddress);
    // Every option is checked before anything is written under --state.
    boolean journal = parseStore();
    DhcpResponder.ExchangeLog exchanges = parseExchangeLog();
    int threads = threadsOption != null ? threadsOption : journal ? 4 : 1;
    if (threads < 1 || threads > 64) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--threads: " + threads + " (expected: 1 to 64)");
    }
    if (receiveBuffer < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--receive-buffer: " + receiveBuffer + " (expected: 0 for the system default, or more)");
    }
    if (batchWindowMicros < 0
        || batchWindowMicros > UdpFrontend.MAX_BATCH_WINDOW.toNanos() / 1_000) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--batch-window: "
              + batchWindowMicros
              + " (expected: 0 for none, or 1 to "
              + UdpFrontend.MAX_BATCH_WINDOW.toNanos() / 1_000
              + " microseconds)");
    }
    InventoryFile inventoryFile = InventoryFile.load(inventory);
    HostInventory hosts = inventoryFile.inventory();
    Files.createDirectories(state);
    Duid serverId = serverDuid(state.resolve("server-duid"));
    ProvisioningTokens tokens = tokenKey == null ? null : tokens(tokenKey);
    // UEFI HTTP boot fetches its boot file from /files/, where HttpFrontend serves --files.
    BootPolicy policy =
        BootPolicy.builder(server)
            .httpPort(httpPort)
            .httpBootFiles(IpxeUrl.http(server).withPort(httpPort).withPath(HttpFrontend.FILES))
            .build();
    IdentityResolver resolver = IdentityResolver.builder(hosts).build();
    try (Allocator allocator =
            allocator(
                AddressPool.builder(poolPrefix).reserveLow(reserveLow).build(),
                journal,
                "journal");
        Allocator discoveryAllocator =
            discovery == null
                ? null
                : allocator(
                    AddressPool.of(parsePrefix("--discovery", discovery)),
                    journal,
                    "discovery-journal")) {
      DhcpResponder.Builder responders =
          DhcpResponder.builder(resolver, allocator, policy, serverId)
              .discovery(discoveryAllocator)
              .rapidCommit(rapidCommit)
              .rateLimit(rateLimit, 2 * rateLimit)
              .log(log)
              .exchangeLog(exchanges);
      List<DhcpResponder> workers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        workers.add(responders.build());
      }
      DhcpResponder responder = workers.get(0);
      IpxeUrl base = IpxeUrl.http(server).withPort(httpPort);
      CountDownLatch stopped = new CountDownLatch(1);
      try (HttpFrontend http =
              HttpFrontend.start(
                  new InetSocketAddress(InetAddress.getByName("::"), httpPort),
                  base,
                  hosts,
                  allocator,
                  tokens,
                  host ->
                      inventoryFile
                          .installer(host.name())
                          .map(profile -> profile.script(host.name(), base.withPath("files"))),
                  files,
                  log);
          UdpFrontend udp =
              UdpFrontend.start(
                  dhcpPort,
                  interfaceName,
                  receiveBuffer,
                  Duration.ofNanos(batchWindowMicros * 1_000L),
                  workers,
                  log)) {
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "netboot6-stop"));
        ScheduledFuture<?> stats = null;
        if (statsInterval > 0) {
          long started = System.nanoTime();
          stats =
              scheduler.scheduleAtFixedRate(
                  () -> log.accept(statsLine(started, responder, allocator, discoveryAllocator)),
                  statsInterval,
                  statsInterval,
                  TimeUnit.SECONDS);
        }
        int granted = udp.receiveBufferSize();
        log.accept(
            "serve started dhcp6-port="
                + udp.port()
                + " interface="
                + (interfaceName == null ? "-" : interfaceName)
                + " http-port="
                + http.port()
                + " hosts="
                + hosts.size()
                + " server-duid="
                + serverId
                + " tokens="
                + (tokens != null)
                + " store="
                + store
                + " receive-buffer="
                + granted
                + " batch-window-us="
                + batchWindowMicros);
        // Less than asked: net.core.rmem_max capped it.
        if (granted < receiveBuffer) {
          log.accept(
              "serve warning receive-buffer-requested="
                  + receiveBuffer
                  + " granted="
                  + granted
                  + " (the kernel caps it at net.core.rmem_max; raise that for high rates)");
        }
        stopped.await();
        if (stats != null) {
          stats.cancel(false);
        }
        log.accept("serve stopped " + responder.counters() + " log-lines-dropped=" + log.dropped());
      }
    }
    return 0;
  }

  private static String statsLine(
      long startedNanos,
      DhcpResponder responder,
      Allocator allocator,
      @Nullable Allocator discovery) {
    Runtime runtime = Runtime.getRuntime();
    return "stats uptime-s="
        + (System.nanoTime() - startedNanos) / 1_000_000_000L
        + " "
        + responder.counters()
        + " host-blocks="
        + allocator.statistics().allocatedBlocks()
        + " discovery-blocks="
        + (discovery == null ? 0 : discovery.statistics().allocatedBlocks())
        + " heap-used-kib="
        + (runtime.totalMemory() - runtime.freeMemory()) / 1024;
  }

  private DhcpResponder.ExchangeLog parseExchangeLog() {
    return switch (exchangeLog) {
      case "all" -> DhcpResponder.ExchangeLog.ALL;
      case "drops" -> DhcpResponder.ExchangeLog.DROPS;
      case "none" -> DhcpResponder.ExchangeLog.NONE;
      default ->
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "--exchange-log: " + exchangeLog + " (expected: all, drops or none)");
    };
  }

  private boolean parseStore() {
    return switch (store) {
      case "journal" -> true;
      case "memory" -> false;
      default ->
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--store: " + store + " (expected: journal or memory)");
    };
  }

  private Allocator allocator(AddressPool pool, boolean journal, String directory) {
    Allocator.Builder builder = Allocator.builder(pool);
    if (journal) {
      builder.store(JournalStore.open(state.resolve(directory)));
    }
    return builder.build();
  }

  /** Reads the server DUID from {@code file}, or makes a DUID-UUID and writes it there once. */
  private static Duid serverDuid(Path file) throws IOException {
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      try {
        return Duid.parse(text);
      } catch (IllegalArgumentException e) {
        throw new CliException(Netboot6Cli.EXIT_IO, file + ": not a DUID: " + e.getMessage(), e);
      }
    }
    Duid duid = Duid.uuid(UUID.randomUUID());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, duid + "\n", StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    return duid;
  }

  private static ProvisioningTokens tokens(Path file) {
    byte[] secret;
    try {
      secret = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException(Netboot6Cli.EXIT_IO, "cannot read token key " + file + ": " + e, e);
    }
    if (secret.length < TokenKey.MIN_SECRET_LENGTH) {
      throw new CliException(
          Netboot6Cli.EXIT_IO,
          file
              + ": token key of "
              + secret.length
              + " bytes (expected: at least "
              + TokenKey.MIN_SECRET_LENGTH
              + "; make one with: head -c 32 /dev/urandom > FILE)");
    }
    return ProvisioningTokens.builder(Clock.systemUTC()).signingKey(TokenKey.of(1, secret)).build();
  }

  private Ipv6Prefix parsePrefix(String option, String text) {
    try {
      return Ipv6Prefix.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + ": " + e.getMessage(), e, null, text);
    }
  }

  private Ipv6Address parseAddress(String option, String text) {
    try {
      return Ipv6Address.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + ": " + e.getMessage(), e, null, text);
    }
  }
}
