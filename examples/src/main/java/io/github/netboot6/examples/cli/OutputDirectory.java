package io.github.netboot6.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Replaces the files of a plan in its output folder so that a reader never sees a half-written
 * file: everything is first written into a temporary folder inside the output folder (same file
 * system), then each top-level file is renamed over the old one, and the {@code hosts/} folder is
 * swapped whole (so per-host files of hosts no longer in the inventory go away). The temporary
 * folder is deleted whatever happens.
 */
final class OutputDirectory {
  private static final String TEMP_PREFIX = ".netboot6-plan-";

  private OutputDirectory() {}

  /**
   * Writes {@code files} (relative {@code /}-separated paths) into {@code dir}.
   *
   * @throws CliException with {@link Netboot6Cli#EXIT_IO} if a file cannot be written
   */
  static void replace(Path dir, Map<String, String> files) {
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempDirectory(dir, TEMP_PREFIX);
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path path = temp.resolve(f.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, f.getValue(), StandardCharsets.UTF_8);
      }
      Path hosts = dir.resolve(Plan.HOSTS_DIR);
      Path newHosts = temp.resolve(Plan.HOSTS_DIR);
      if (Files.isDirectory(newHosts)) {
        Path oldHosts = temp.resolve("old-" + Plan.HOSTS_DIR);
        boolean hadHosts = Files.exists(hosts);
        if (hadHosts) {
          move(hosts, oldHosts);
        }
        try {
          move(newHosts, hosts);
        } catch (IOException e) {
          if (hadHosts) {
            move(oldHosts, hosts);
          }
          throw e;
        }
      }
      for (String name : files.keySet()) {
        if (!name.contains("/") && !name.equals(Plan.MANIFEST)) {
          move(temp.resolve(name), dir.resolve(name));
        }
      }
      if (files.containsKey(Plan.MANIFEST)) {
        move(temp.resolve(Plan.MANIFEST), dir.resolve(Plan.MANIFEST));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new CliException(Netboot6Cli.EXIT_IO, "cannot write into " + dir + ": " + e, e);
    } finally {
      if (temp != null) {
        deleteTree(temp);
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes a folder and everything in it, as far as it can. */
  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover .netboot6-plan-* folder holds only copies
    }
  }
}
