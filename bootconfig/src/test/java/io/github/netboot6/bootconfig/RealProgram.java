package io.github.netboot6.bootconfig;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real program the tests run on generated files, found at its Debian path. A missing program
 * fails the test with the package to install (CI's {@code .ci/run} installs it): never skipped.
 */
public final class RealProgram {
  /** {@code grub-script-check} from {@code grub-common}. */
  public static final RealProgram GRUB_SCRIPT_CHECK =
      new RealProgram("/usr/bin/grub-script-check", "grub-common");

  /** {@code dnsmasq} from {@code dnsmasq-base}. */
  public static final RealProgram DNSMASQ = new RealProgram("/usr/sbin/dnsmasq", "dnsmasq-base");

  /** {@code kea-dhcp6} from {@code kea-dhcp6-server}. */
  public static final RealProgram KEA_DHCP6 =
      new RealProgram("/usr/sbin/kea-dhcp6", "kea-dhcp6-server");

  /** {@code dhclient} from {@code isc-dhcp-client}: always run with {@code -sf /bin/true}. */
  public static final RealProgram DHCLIENT =
      new RealProgram("/usr/sbin/dhclient", "isc-dhcp-client");

  /**
   * {@code dhcpcd} from {@code dhcpcd-base}: always run with {@code -c /bin/true}, in a network
   * namespace and a private mount namespace with its own {@code /var/lib/dhcpcd} and {@code /run}.
   */
  public static final RealProgram DHCPCD = new RealProgram("/usr/sbin/dhcpcd", "dhcpcd-base");

  /** {@code tshark} from {@code tshark}, to capture and decode DHCPv6 on the wire. */
  public static final RealProgram TSHARK = new RealProgram("/usr/bin/tshark", "tshark");

  /**
   * {@code python3} with PyYAML ({@code python3-yaml}), the YAML parser cloud-init reads user-data
   * with.
   */
  public static final RealProgram PYTHON3_YAML =
      new RealProgram("/usr/bin/python3", "python3-yaml");

  /** {@code ip} from {@code iproute2}, for network namespaces. */
  public static final RealProgram IP = new RealProgram("/usr/sbin/ip", "iproute2");

  private final String path;
  private final String debianPackage;

  private RealProgram(String path, String debianPackage) {
    this.path = path;
    this.debianPackage = debianPackage;
  }

  /** The exit status and the merged output of one run. */
  public record Result(int exitCode, String output) {}

  /** Runs the program with {@code args}, at most 60 seconds. */
  public Result run(String... args) {
    if (!Files.isExecutable(Path.of(path))) {
      fail(
          "%s is missing: install the Debian package %s (apt-get install -y"
              + " --no-install-recommends %s); .ci/run installs it",
          path, debianPackage, debianPackage);
    }
    List<String> command = new ArrayList<>();
    command.add(path);
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("%s timed out", command);
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  /** Returns the program's path, to start it in a network namespace. */
  public String path() {
    if (!Files.isExecutable(Path.of(path))) {
      fail(
          "%s is missing: install the Debian package %s; .ci/run installs it", path, debianPackage);
    }
    return path;
  }

  /** Runs {@code version} arguments and returns the first line of output, for reports. */
  public String firstLine(String... args) {
    String out = run(args).output();
    int nl = out.indexOf('\n');
    return nl < 0 ? out : out.substring(0, nl);
  }
}
