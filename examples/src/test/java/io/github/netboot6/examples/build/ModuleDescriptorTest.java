package io.github.netboot6.examples.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Reads the compiled {@code module-info.class} of every published module on the test class path and
 * checks that it exports its API packages and nothing under {@code internal}.
 */
class ModuleDescriptorTest {

  private static List<ModuleDescriptor> netboot6Modules() {
    List<ModuleDescriptor> found = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      String text = path.toString();
      if (!text.contains("netboot6-") && !text.endsWith("target" + File.separator + "classes")) {
        continue;
      }
      for (ModuleReference ref : ModuleFinder.of(path).findAll()) {
        if (ref.descriptor().name().startsWith("io.github.netboot6.")) {
          found.add(ref.descriptor());
        }
      }
    }
    return found;
  }

  @Test
  void everyPublishedModule_isOnTheTestClassPath() {
    Set<String> names =
        netboot6Modules().stream()
            .map(d -> d.name().substring("io.github.netboot6.".length()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(names).containsExactlyElementsOf(PublishedModules.names());
  }

  @Test
  void everyModule_exportsItsApiPackagesAndNoInternalPackage() {
    List<ModuleDescriptor> modules = netboot6Modules();
    assertThat(modules).isNotEmpty();
    for (ModuleDescriptor module : modules) {
      Set<String> exported =
          module.exports().stream()
              .map(ModuleDescriptor.Exports::source)
              .collect(Collectors.toCollection(TreeSet::new));
      Set<String> api =
          module.packages().stream()
              .filter(p -> !p.contains(".internal"))
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(exported).as("exports of %s", module.name()).isEqualTo(api);
      assertThat(module.exports())
          .as("qualified exports of %s", module.name())
          .noneMatch(ModuleDescriptor.Exports::isQualified);
    }
  }
}
