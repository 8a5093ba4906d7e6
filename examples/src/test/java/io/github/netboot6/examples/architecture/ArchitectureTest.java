package io.github.netboot6.examples.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Enforces DESIGN.md §3's dependency direction on the real modules, and proves with fixture classes
 * (package {@code fixture.netboot6}) that each rule reports a violation when there is one.
 */
class ArchitectureTest {
  private static final JavaClasses NETBOOT6 =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.github.netboot6");

  private static final JavaClasses FIXTURES =
      new ClassFileImporter().importPackages("fixture.netboot6");

  private static List<ArchRule> rules(String base) {
    ArchitectureRules r = new ArchitectureRules(base);
    List<ArchRule> all = new ArrayList<>();
    all.add(r.coreDependsOnNoOtherModule());
    all.addAll(r.peersNeverDependOnEachOther());
    all.add(r.noModuleUsesAnotherModulesInternals());
    all.add(r.mainCodeDoesNotUseTheTestkit());
    return all;
  }

  @Test
  void importedClasses_coverTheModulesOnTheClassPath() {
    assertThat(NETBOOT6.containPackage("io.github.netboot6.core")).isTrue();
    assertThat(NETBOOT6.containPackage("io.github.netboot6.testkit")).isTrue();
  }

  @Test
  void netboot6_followsEveryDependencyRule() {
    for (ArchRule rule : rules("io.github.netboot6")) {
      rule.allowEmptyShould(true).check(NETBOOT6);
    }
  }

  @Test
  void fixtures_coreImportingCodec_isReported() {
    assertThatThrownBy(
            () ->
                new ArchitectureRules("fixture.netboot6")
                    .coreDependsOnNoOtherModule()
                    .check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("fixture.netboot6.core.CoreUsingCodec");
  }

  @Test
  void fixtures_codecImportingAllocation_isReported() {
    ArchRule codecRule =
        new ArchitectureRules("fixture.netboot6").peersNeverDependOnEachOther().get(0);
    assertThatThrownBy(() -> codecRule.check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("fixture.netboot6.codec.CodecUsingAllocationInternals");
  }

  @Test
  void fixtures_internalsOfAnotherModule_areReported() {
    assertThatThrownBy(
            () ->
                new ArchitectureRules("fixture.netboot6")
                    .noModuleUsesAnotherModulesInternals()
                    .check(FIXTURES))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("fixture.netboot6.allocation.internal.BlockTable")
        // A module may use its own internals.
        .hasMessageNotContaining("fixture.netboot6.allocation.AllocationUsingOwnInternals");
  }
}
