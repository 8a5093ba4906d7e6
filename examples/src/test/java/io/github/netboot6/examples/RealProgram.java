package io.github.netboot6.examples;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real program the examples' tests run, found at its Debian path. A missing program fails the
 * test with the package to install ({@code .ci/run} installs it): never skipped.
 */
public final class RealProgram {
  /** {@code tshark} from {@code tshark}: the reference decoder. */
  public static final RealProgram TSHARK = new RealProgram("/usr/bin/tshark", "tshark");

  /** {@code editcap} from {@code wireshark-common} (a dependency of {@code tshark}). */
  public static final RealProgram EDITCAP = new RealProgram("/usr/bin/editcap", "tshark");

  /** {@code dnsmasq} from {@code dnsmasq-base}. */
  public static final RealProgram DNSMASQ = new RealProgram("/usr/sbin/dnsmasq", "dnsmasq-base");

  /** {@code kea-dhcp6} from {@code kea-dhcp6-server}. */
  public static final RealProgram KEA_DHCP6 =
      new RealProgram("/usr/sbin/kea-dhcp6", "kea-dhcp6-server");

  private final String path;
  private final String debianPackage;

  private RealProgram(String path, String debianPackage) {
    this.path = path;
    this.debianPackage = debianPackage;
  }

  /**
   * The exit status, standard output and standard error of one run.
   *
   * @param exitCode the exit status
   * @param output standard output
   * @param error standard error
   */
  public record Result(int exitCode, String output, String error) {}

  /**
   * Runs the program with {@code args}, at most 60 seconds.
   *
   * @param args the arguments
   * @return what it did
   */
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
      Path err = Files.createTempFile("netboot6-", ".err");
      try {
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          fail("%s timed out", command);
        }
        return new Result(
            p.exitValue(),
            new String(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.delete(err);
      }
    } catch (IOException e) {
      throw new AssertionError("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  /**
   * Runs the program and returns its standard output, failing the test if it exits with an error.
   *
   * @param args the arguments
   * @return standard output
   */
  public String output(String... args) {
    Result r = run(args);
    if (r.exitCode() != 0) {
      fail("%s %s exited with %d: %s", path, String.join(" ", args), r.exitCode(), r.error());
    }
    return r.output();
  }
}
