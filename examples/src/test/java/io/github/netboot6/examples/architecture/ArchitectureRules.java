package io.github.netboot6.examples.architecture;

import static com.tngtech.archunit.lang.SimpleConditionEvent.violated;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dependency rules of DESIGN.md §3, for a base package: {@code core} depends on no other
 * module; {@code codec}, {@code allocation} and {@code bootconfig} never depend on each other; no
 * module depends on another module's {@code internal} packages; main code never depends on the
 * testkit.
 *
 * <p>Parameterised by the base package so that the same rules can be run against fixture classes
 * that break them (proving that they can fail) and against the real code.
 */
final class ArchitectureRules {
  private static final List<String> PEERS = List.of("codec", "allocation", "bootconfig");

  private final String base;

  ArchitectureRules(String base) {
    this.base = base;
  }

  ArchRule coreDependsOnNoOtherModule() {
    return noClasses()
        .that()
        .resideInAPackage(base + ".core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            base + ".codec..",
            base + ".allocation..",
            base + ".bootconfig..",
            base + ".testkit..",
            base + ".examples..")
        .as("core depends on no other Netboot6 module");
  }

  List<ArchRule> peersNeverDependOnEachOther() {
    return PEERS.stream()
        .map(
            module ->
                noClasses()
                    .that()
                    .resideInAPackage(base + "." + module + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                        PEERS.stream()
                            .filter(other -> !other.equals(module))
                            .map(other -> base + "." + other + "..")
                            .toArray(String[]::new))
                    .as(module + " does not depend on the other modules beside it"))
        .toList();
  }

  ArchRule noModuleUsesAnotherModulesInternals() {
    return classes()
        .that()
        .resideInAPackage(base + "..")
        .should(notDependOnInternalsOfOtherModules())
        .as("no module depends on another module's internal packages");
  }

  ArchRule mainCodeDoesNotUseTheTestkit() {
    return noClasses()
        .that()
        .resideInAnyPackage(
            base + ".core..", base + ".codec..", base + ".allocation..", base + ".bootconfig..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(base + ".testkit..")
        .as("published main code does not depend on the testkit");
  }

  private ArchCondition<JavaClass> notDependOnInternalsOfOtherModules() {
    Pattern modulePattern = Pattern.compile(Pattern.quote(base) + "\\.([a-z0-9]+)(\\..*)?");
    return new ArchCondition<>("not depend on another module's internal packages") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        Optional<String> own = moduleOf(modulePattern, item.getPackageName());
        for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getPackageName();
          Optional<String> targetModule = moduleOf(modulePattern, target);
          boolean internal = target.contains(".internal");
          if (internal && targetModule.isPresent() && !targetModule.equals(own)) {
            events.add(violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  private static Optional<String> moduleOf(Pattern modulePattern, String packageName) {
    Matcher m = modulePattern.matcher(packageName);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
