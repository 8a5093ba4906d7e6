package io.github.netboot6.examples.interop;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A throw-away network for end-to-end tests: one network namespace with a bridge {@code br0}
 * holding {@value #SERVER} /64, tap devices for QEMU guests, and the programs started in it (radvd,
 * the responder as a child JVM, QEMU, dnsmasq, dhclient). {@link #close()} kills every program and
 * deletes the namespace. Only documentation addresses (2001:db8::/32) are used, and only on links
 * inside the namespace.
 */
final class NetbootLab implements AutoCloseable {
  /** The server's address on {@code br0}. */
  static final String SERVER = "2001:db8:1::1";

  /** The link's prefix. */
  static final String LINK_PREFIX = "2001:db8:1::/64";

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String namespace;
  private final Path directory;
  private final List<Process> processes = new ArrayList<>();
  private int taps;

  NetbootLab(Path directory) throws IOException, InterruptedException {
    this.directory = directory;
    this.namespace = "nb6-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    run("ip", "netns", "add", namespace);
    try {
      inNamespace("ip", "link", "set", "lo", "up");
      inNamespace("ip", "link", "add", "br0", "type", "bridge");
      inNamespace("sysctl", "-qw", "net.ipv6.conf.br0.accept_dad=0");
      inNamespace("ip", "addr", "add", SERVER + "/64", "dev", "br0", "nodad");
      inNamespace("ip", "link", "set", "br0", "up");
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  String namespace() {
    return namespace;
  }

  Path directory() {
    return directory;
  }

  /** Adds a tap device on the bridge, for a QEMU guest; returns its name. */
  String addTap() throws IOException, InterruptedException {
    String tap = "tap" + taps++;
    inNamespace("ip", "tuntap", "add", tap, "mode", "tap");
    inNamespace("ip", "link", "set", tap, "master", "br0");
    inNamespace("ip", "link", "set", tap, "up");
    return tap;
  }

  /**
   * Starts radvd on {@code br0}: Managed and Other flags on, so clients use DHCPv6, and the link
   * prefix on-link without autoconfiguration.
   */
  void startRouterAdvertisements() throws IOException, InterruptedException {
    Path conf = directory.resolve("radvd.conf");
    Files.writeString(
        conf,
        "interface br0 {\n"
            + "  AdvSendAdvert on; MinRtrAdvInterval 3; MaxRtrAdvInterval 4;\n"
            + "  AdvManagedFlag on; AdvOtherConfigFlag on;\n"
            + "  prefix "
            + LINK_PREFIX
            + " { AdvOnLink on; AdvAutonomous off; };\n"
            + "};\n",
        UTF_8);
    start(
        "radvd",
        "ip",
        "netns",
        "exec",
        namespace,
        "radvd",
        "--nodaemon",
        "-C",
        conf.toString(),
        "-p",
        directory.resolve("radvd.pid").toString(),
        "-m",
        "stderr");
  }

  /**
   * Starts {@code netboot6 serve} as a child JVM in the namespace, with {@code args} after {@code
   * serve}, and waits for its start line. Its output goes to {@code serve.log}.
   */
  Path startResponder(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.addAll(List.of("ip", "netns", "exec", namespace));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp"));
    command.add(System.getProperty("java.class.path"));
    command.add("io.github.netboot6.examples.cli.Netboot6Cli");
    command.add("serve");
    command.addAll(args);
    Path log = start("serve", command.toArray(new String[0]));
    awaitLine(log, line -> line.startsWith("serve started"), Duration.ofSeconds(60));
    return log;
  }

  /** Starts a program; its standard output and error go to {@code <name>.log}, returned. */
  Path start(String name, String... command) throws IOException {
    Path log = directory.resolve(name + ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    return log;
  }

  /** Runs a program in the namespace and returns its standard output; fails on a non-zero exit. */
  String inNamespace(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    full.addAll(List.of(command));
    return run(full.toArray(new String[0]));
  }

  /** Waits until a line of {@code log} matches; returns it. */
  static String awaitLine(Path log, Predicate<String> match, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log, UTF_8)) {
          if (match.test(line)) {
            return line;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "no matching line in "
            + log
            + " after "
            + timeout
            + "; it holds:\n"
            + (Files.exists(log) ? Files.readString(log, UTF_8) : "(nothing)"));
  }

  static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + ": no exit after 60 s");
    }
    String text = new String(out, UTF_8);
    if (p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + ": exit " + p.exitValue() + "\n" + text);
    }
    return text;
  }

  /** Stops one program started by {@link #start} (SIGTERM, then SIGKILL after 10 s). */
  static void stop(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    for (int i = processes.size() - 1; i >= 0; i--) {
      stop(processes.get(i));
    }
    processes.clear();
    // Anything else still in the namespace (a daemon that forked) goes too.
    Process pids = new ProcessBuilder("ip", "netns", "pids", namespace).start();
    String text = new String(pids.getInputStream().readAllBytes(), UTF_8);
    pids.waitFor(10, TimeUnit.SECONDS);
    for (String pid : text.trim().split("\\s+", -1)) {
      if (!pid.isEmpty()) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    new ProcessBuilder("ip", "netns", "del", namespace).start().waitFor(10, TimeUnit.SECONDS);
  }
}
