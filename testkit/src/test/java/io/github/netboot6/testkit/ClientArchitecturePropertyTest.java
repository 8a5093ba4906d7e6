package io.github.netboot6.testkit;

import static io.github.netboot6.testkit.Properties.gen;
import static io.github.netboot6.testkit.Properties.qt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.integers;

import io.github.netboot6.core.ClientArchitecture;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClientArchitecturePropertyTest {

  @Test
  void valueOf_keepsEvery16BitCode() {
    qt().forAll(integers().between(0, ClientArchitecture.MAX_CODE))
        .checkAssert(code -> assertThat(ClientArchitecture.valueOf(code).code()).isEqualTo(code));
  }

  @Test
  void valueOf_ofGeneratedCodes_neverThrows() {
    qt().forAll(gen(ArchitectureGenerators.codes()))
        .checkAssert(
            code -> {
              ClientArchitecture arch = ClientArchitecture.valueOf(code);
              assertThat(arch.code()).isEqualTo(code);
              assertThat(arch.toString()).isEqualTo(code + " (" + arch.name() + ")");
            });
  }

  @Test
  void valueOf_outside16Bits_throwsIllegalArgument() {
    qt().forAll(gen(ArchitectureGenerators.invalidCodes()))
        .checkAssert(
            code ->
                assertThatThrownBy(() -> ClientArchitecture.valueOf(code))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(code)));
  }

  @Test
  void valueOf_ofACode_equalsTheArchitecture() {
    qt().forAll(gen(ArchitectureGenerators.architectures()))
        .checkAssert(
            arch -> {
              ClientArchitecture again = ClientArchitecture.valueOf(arch.code());
              assertThat(again).isEqualTo(arch).hasSameHashCodeAs(arch);
              assertThat(again.name()).isEqualTo(arch.name());
              assertThat(again.isRegistered()).isEqualTo(arch.isRegistered());
            });
  }

  @Test
  void unregistered_isNamedByItsCode_andHasNoDerivedFacts() {
    qt().forAll(gen(ArchitectureGenerators.unregistered()))
        .checkAssert(
            arch -> {
              assertThat(arch.isRegistered()).isFalse();
              assertThat(arch.name())
                  .matches("unassigned 0x[0-9a-f]{4}")
                  .isEqualTo("unassigned 0x" + String.format(Locale.ROOT, "%04x", arch.code()));
              assertThat(arch.isUefi() || arch.isHttpBoot() || arch.isBios()).isFalse();
              assertThat(arch.cpu()).isEqualTo(ClientArchitecture.Cpu.UNKNOWN);
            });
  }

  @Test
  void compareTo_isConsistentWithEquals() {
    qt().forAll(
            gen(ArchitectureGenerators.architectures()),
            gen(ArchitectureGenerators.architectures()))
        .checkAssert(
            (a, b) -> {
              assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
              assertThat(Integer.signum(a.compareTo(b)))
                  .isEqualTo(Integer.signum(Integer.compare(a.code(), b.code())));
            });
  }

  @Test
  void registered_isSortedAndUnique() {
    List<ClientArchitecture> registered = ClientArchitecture.registered();

    assertThat(registered).isNotEmpty().isSorted().doesNotHaveDuplicates();
    for (int i = 1; i < registered.size(); i++) {
      assertThat(registered.get(i).code()).isGreaterThan(registered.get(i - 1).code());
    }
    assertThat(registered).allMatch(ClientArchitecture::isRegistered);
  }

  @Test
  void registeredGenerator_drawsEveryRegisteredArchitecture() {
    SplittableRandom random = new SplittableRandom(Properties.SEED);
    Set<ClientArchitecture> seen = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      seen.add(ArchitectureGenerators.registered().next(random));
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(ClientArchitecture.registered());
  }
}
