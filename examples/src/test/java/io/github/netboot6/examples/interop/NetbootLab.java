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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throw-away network for end-to-end tests: one network namespace with a bridge {@code br0}
 * holding {@value #SERVER} /64, tap devices for QEMU guests, and the programs started in it (radvd,
 * the responder as a child JVM, QEMU with iPXE or OVMF, dnsmasq, dhclient). {@link #close()} kills
 * every program and deletes the namespace. Only documentation addresses (2001:db8::/32) are used,
 * and only on links inside the namespace.
 */
final class NetbootLab implements AutoCloseable {
  /** The server's address on {@code br0}. */
  static final String SERVER = "2001:db8:1::1";

  /** The link's prefix. */
  static final String LINK_PREFIX = "2001:db8:1::/64";

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Pattern LEASED_ADDRESS = Pattern.compile("iaaddr (\\S+) \\{");

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

  /**
   * Starts dnsmasq in the namespace as a TFTP server and nothing else (no DNS, no DHCP), on {@link
   * #SERVER}, serving {@code root}, and waits until it serves. Returns its log, where each transfer
   * ends with a line {@code sent <file> to <address>}.
   */
  Path startTftp(Path root) throws IOException, InterruptedException {
    Path log = directory.resolve("tftp.log");
    start(
        "dnsmasq",
        "ip",
        "netns",
        "exec",
        namespace,
        "dnsmasq",
        "--keep-in-foreground",
        "--conf-file=/dev/null",
        "--port=0",
        "--enable-tftp",
        "--tftp-root=" + root,
        "--listen-address=" + SERVER,
        "--bind-interfaces",
        // Keep root: the temporary directory is readable by root only.
        "--user=root",
        "--group=root",
        "--pid-file=" + directory.resolve("dnsmasq.pid"),
        "--log-facility=" + log);
    awaitLine(log, line -> line.contains("TFTP root is"), Duration.ofSeconds(30));
    return log;
  }

  /** Debian's OVMF (EDK2 2022.11) with a 4 MiB variable store: code, read-only. */
  static final Path OVMF_CODE = Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd");

  /** The variable store's template; each guest writes its own copy. */
  static final Path OVMF_VARS = Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd");

  /**
   * Starts a QEMU guest with OVMF (UEFI) on a new tap device and returns its serial console's log.
   *
   * <p>TCG, not KVM: on this machine KVM stops OVMF's first instructions with an emulation failure
   * (and iPXE hangs under it). The NIC is virtio-net without option ROM, so OVMF's own network
   * stack boots (QEMU's ROM would bring iPXE's UEFI driver), and it is the first boot device. IPv4
   * is off (fw_cfg {@code opt/org.tianocore/IPv4Support}), so no boot option waits a minute for a
   * DHCPv4 server that is not there. The boot manager waits 3 s before booting ({@code -boot
   * menu=on,splash-time}): without the wait, EDK2's HTTP boot fails at once with "Unexpected
   * network error" and sends no Solicit, in every run here (captures show the NIC's link-local
   * address still in duplicate address detection at that moment); with 2 s it works. PXE boot works
   * without it.
   *
   * @param mac the NIC's MAC address
   * @param uuid the SMBIOS UUID (firmware and iPXE build their DUID-UUID from it)
   * @param extra more QEMU arguments, e.g. more {@code -fw_cfg} settings
   */
  Path startOvmfGuest(String mac, String uuid, List<String> extra)
      throws IOException, InterruptedException {
    String tap = addTap();
    Path vars = directory.resolve(tap + "-ovmf-vars.fd");
    Files.copy(OVMF_VARS, vars);
    Path serial = directory.resolve(tap + "-serial.log");
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    command.addAll(
        List.of(
            "qemu-system-x86_64",
            "-accel",
            "tcg",
            "-machine",
            "q35",
            "-m",
            "512",
            "-display",
            "none",
            "-drive",
            "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
            "-drive",
            "if=pflash,format=raw,unit=1,file=" + vars,
            "-uuid",
            uuid,
            "-netdev",
            "tap,id=n0,ifname=" + tap + ",script=no,downscript=no",
            "-device",
            "virtio-net-pci,netdev=n0,mac=" + mac + ",romfile=,bootindex=1",
            "-fw_cfg",
            "name=opt/org.tianocore/IPv4Support,string=no",
            "-boot",
            "menu=on,splash-time=3000",
            "-serial",
            "file:" + serial,
            "-no-reboot"));
    command.addAll(extra);
    start("qemu-" + tap, command.toArray(new String[0]));
    return serial;
  }

  /**
   * Starts dnsmasq as a DHCPv6 relay in namespace {@code relayNs}: it relays what arrives on the
   * interface holding {@code linkAddress} to {@link #SERVER}, adding the client link-layer address
   * (option 79). Returns once it listens on port 547; {@link #close()} stops it.
   *
   * @return its log
   */
  Path startRelay(String relayNs, String linkAddress, Path pidFile)
      throws IOException, InterruptedException {
    Path log =
        start(
            "dnsmasq-relay",
            "ip",
            "netns",
            "exec",
            relayNs,
            "dnsmasq",
            "--keep-in-foreground",
            "--no-daemon",
            "--conf-file=/dev/null",
            "--port=0",
            "--log-dhcp",
            "--log-facility=-",
            "--pid-file=" + pidFile,
            "--dhcp-relay=" + linkAddress + "," + SERVER);
    awaitPort547(relayNs, log);
    return log;
  }

  /** Waits until a server listens on port 547 in {@code ns}; {@code log} is its output. */
  static void awaitPort547(String ns, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!NetbootLab.run("ip", "netns", "exec", ns, "ss", "-Hlun", "sport", "= :547")
        .contains(":547")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "nothing listens on port 547 in "
                + ns
                + " after 20 s; "
                + log
                + ":\n"
                + (Files.exists(log) ? Files.readString(log, UTF_8) : "(nothing)"));
      }
      Thread.sleep(100);
    }
  }

  /** Starts a program; its standard output and error go to {@code <name>.log}, returned. */
  Path start(String name, String... command) throws IOException {
    Path log = directory.resolve(name + ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    return log;
  }

  /**
   * Runs ISC dhclient -6 once ({@code -1}) in namespace {@code ns} on {@code iface}, always with
   * {@code -sf /bin/true} (its default script would rewrite the machine's {@code
   * /etc/resolv.conf}), with fresh configuration and lease files written into {@code dir}; returns
   * the address of the last lease in the lease file. dhclient stays behind as a daemon holding the
   * lease: it goes with the namespace.
   *
   * @param serverLog the server's log, shown when dhclient fails
   */
  static String dhclient(
      String ns, String iface, Path dir, String config, String leases, Path serverLog)
      throws IOException, InterruptedException {
    Path conf = Files.writeString(dir.resolve("dhclient.conf"), config, UTF_8);
    Path leaseFile = Files.writeString(dir.resolve("dhclient6.leases"), leases, UTF_8);
    Path log = dir.resolve("dhclient.log");
    Process p =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                ns,
                "dhclient",
                "-6",
                "-1",
                "-v",
                "-sf",
                "/bin/true",
                "-cf",
                conf.toString(),
                "-lf",
                leaseFile.toString(),
                "-pf",
                dir.resolve("dhclient.pid").toString(),
                iface)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "dhclient got no lease in 60 s:\n"
              + Files.readString(log, UTF_8)
              + "\nserver:\n"
              + readIfPresent(serverLog));
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          "dhclient exit "
              + p.exitValue()
              + ":\n"
              + Files.readString(log, UTF_8)
              + "\nserver:\n"
              + readIfPresent(serverLog));
    }
    Matcher m = LEASED_ADDRESS.matcher(Files.readString(leaseFile, UTF_8));
    String address = null;
    while (m.find()) {
      address = m.group(1);
    }
    if (address == null) {
      throw new AssertionError("no address in dhclient's lease file " + leaseFile);
    }
    return address;
  }

  private static String readIfPresent(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, UTF_8) : "(nothing)";
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
