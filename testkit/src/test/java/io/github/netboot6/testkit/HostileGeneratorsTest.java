package io.github.netboot6.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MacAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Checks that the hostile generators are hostile: mostly invalid, and varied in their faults. */
class HostileGeneratorsTest {
  private static final int DRAWS = 2_000;

  @Test
  void hostileMacTexts_areMostlyInvalidAndVaried() {
    assertMostlyInvalid(MacGenerators.hostileMacTexts(), MacAddress::isValid);
    assertVariedReasons(
        MacGenerators.hostileMacTexts(), text -> reason(() -> MacAddress.parse(text)), 8);
  }

  @Test
  void hostileDuidTexts_areMostlyInvalidAndVaried() {
    assertMostlyInvalid(DuidGenerators.hostileDuidTexts(), Duid::isValid);
    assertVariedReasons(
        DuidGenerators.hostileDuidTexts(), text -> reason(() -> Duid.parse(text)), 8);
  }

  @Test
  void hostileDuidBytes_areMostlyInvalidAndVaried() {
    assertMostlyInvalid(DuidGenerators.hostileDuidBytes(), Duid::isValid);
    assertVariedReasons(
        DuidGenerators.hostileDuidBytes(), bytes -> reason(() -> Duid.fromBytes(bytes)), 6);
  }

  private static <T> void assertMostlyInvalid(Generator<T> generator, Predicate<T> isValid) {
    SplittableRandom random = new SplittableRandom(Properties.SEED);
    int invalid = 0;
    for (int i = 0; i < DRAWS; i++) {
      if (!isValid.test(generator.next(random))) {
        invalid++;
      }
    }
    assertThat(invalid).isGreaterThan(DRAWS * 3 / 4);
  }

  private static <T> void assertVariedReasons(
      Generator<T> generator, java.util.function.Function<T, String> reason, int atLeast) {
    SplittableRandom random = new SplittableRandom(Properties.SEED);
    Set<String> kinds = new HashSet<>();
    for (int i = 0; i < DRAWS; i++) {
      String r = reason.apply(generator.next(random));
      kinds.add(r.replaceAll("[0-9]+", "N").replaceAll("'.'|U\\+[0-9A-F]{4}", "C"));
    }
    // Bytes can only fail on length: the overall limit and one rule per known type, plus "valid".
    assertThat(kinds).hasSizeGreaterThanOrEqualTo(atLeast);
  }

  private static String reason(Runnable parse) {
    try {
      parse.run();
      return "valid";
    } catch (io.github.netboot6.core.MalformedValueException e) {
      return e.reason();
    }
  }
}
