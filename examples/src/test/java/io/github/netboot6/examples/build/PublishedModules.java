package io.github.netboot6.examples.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's published modules: every module directory with a {@code module-info.java}. */
final class PublishedModules {
  private PublishedModules() {}

  /** The repository root: surefire runs in {@code examples/}, one level below it. */
  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.exists(here.resolve("mvnw")) ? here : here.getParent();
    if (root == null || !Files.exists(root.resolve("mvnw"))) {
      throw new IllegalStateException("cannot find the repository root from " + here);
    }
    return root;
  }

  /** Directory names of the published modules, sorted. */
  static List<String> names() {
    Path root = root();
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.exists(d.resolve("src/main/java/module-info.java")))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
