package io.github.netboot6.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HostileStringsTest {
  private static final int DRAWS = 2_000;

  static Stream<Arguments> generators() {
    return Stream.of(
        Arguments.of("blank", HostileStrings.blank()),
        Arguments.of("veryLong", HostileStrings.veryLong()),
        Arguments.of("controlCharacters", HostileStrings.controlCharacters()),
        Arguments.of("lookalikes", HostileStrings.lookalikes()),
        Arguments.of("unpairedSurrogates", HostileStrings.unpairedSurrogates()),
        Arguments.of("bidiControls", HostileStrings.bidiControls()),
        Arguments.of("injections", HostileStrings.injections()),
        Arguments.of("percentEncodings", HostileStrings.percentEncodings()),
        Arguments.of("any", HostileStrings.any()),
        Arguments.of("mutations", HostileStrings.mutations(Generator.constant("2001:db8::1"))));
  }

  private static List<String> draw(Generator<String> generator, long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(generator.next(random));
    }
    return values;
  }

  private static List<String> draw(Generator<String> generator) {
    return draw(generator, Properties.SEED, DRAWS);
  }

  private static boolean containsAny(String s, Predicate<Character> test) {
    return s.chars().anyMatch(c -> test.test((char) c));
  }

  private static boolean inRange(char c, int first, int last) {
    return c >= first && c <= last;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  void sameSeed_sameValues_otherSeed_otherValues(String name, Generator<String> generator) {
    List<String> first = draw(generator, 7, 200);

    assertThat(draw(generator, 7, 200)).isEqualTo(first);
    assertThat(draw(generator, 8, 200)).isNotEqualTo(first);
    assertThat(first.stream().distinct().count()).as("distinct values").isGreaterThan(5);
  }

  @Test
  void blank_isEmptyOrSpacesOnly_includingSpacesThatIsBlankKeeps() {
    List<String> values = draw(HostileStrings.blank());

    assertThat(values)
        .allMatch(
            s -> s.chars().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)));
    assertThat(values).contains("", " ");
    assertThat(values).anyMatch(s -> !s.isBlank());
    assertThat(values).anyMatch(s -> s.indexOf('\u3000') >= 0);
  }

  @Test
  void veryLong_isBetween255And10000Characters_withBoundaries() {
    List<String> values = draw(HostileStrings.veryLong(), Properties.SEED, 500);

    assertThat(values)
        .allMatch(
            s -> s.length() >= HostileStrings.MIN_LONG && s.length() <= HostileStrings.MAX_LONG);
    assertThat(values).anyMatch(s -> s.length() == 256);
    assertThat(values).anyMatch(s -> s.length() == 8192);
    assertThat(values).anyMatch(s -> s.length() > 9_000);
  }

  @Test
  void controlCharacters_everyValueHasOne_andNulCrLfEscAllOccur() {
    List<String> values = draw(HostileStrings.controlCharacters());

    assertThat(values)
        .allMatch(
            s -> containsAny(s, c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'));
    for (char c : new char[] {'\0', '\r', '\n', '\u001b', '\u007f', '\u0085'}) {
      assertThat(values).as("U+%04X", (int) c).anyMatch(s -> s.indexOf(c) >= 0);
    }
  }

  @Test
  void lookalikes_everyValueHasNonAscii_andEachLookalikeKindOccurs() {
    List<String> values = draw(HostileStrings.lookalikes());

    assertThat(values).allMatch(s -> containsAny(s, c -> c > 0x7f));
    assertThat(values)
        .as("Arabic-Indic digit")
        .anyMatch(s -> containsAny(s, c -> inRange(c, 0x660, 0x669)));
    assertThat(values)
        .as("fullwidth digit")
        .anyMatch(s -> containsAny(s, c -> inRange(c, 0xFF10, 0xFF19)));
    assertThat(values).as("fullwidth colon").anyMatch(s -> s.indexOf('\uff1a') >= 0);
    assertThat(values).as("fullwidth full stop").anyMatch(s -> s.indexOf('\uff0e') >= 0);
    assertThat(values).as("dotted capital I").anyMatch(s -> s.indexOf('\u0130') >= 0);
    assertThat(values).as("dotless small i").anyMatch(s -> s.indexOf('\u0131') >= 0);
    assertThat(values)
        .as("outside the BMP")
        .anyMatch(s -> s.codePoints().anyMatch(cp -> cp > 0xFFFF));
    // The trap: non-ASCII digits that Character.isDigit accepts.
    assertThat(values).anyMatch(s -> containsAny(s, c -> c > 0x7f && Character.isDigit(c)));
  }

  @Test
  void unpairedSurrogates_everyValueIsMalformedUtf16() {
    List<String> values = draw(HostileStrings.unpairedSurrogates());

    assertThat(values).noneMatch(s -> StandardCharsets.UTF_8.newEncoder().canEncode(s));
    assertThat(values).anyMatch(s -> containsAny(s, Character::isHighSurrogate));
    assertThat(values).anyMatch(s -> containsAny(s, Character::isLowSurrogate));
  }

  @Test
  void bidiControls_everyValueHasAFormatCharacter_includingRightToLeftOverride() {
    List<String> values = draw(HostileStrings.bidiControls());

    assertThat(values).allMatch(s -> containsAny(s, c -> Character.getType(c) == Character.FORMAT));
    assertThat(values).anyMatch(s -> s.indexOf('\u202e') >= 0);
    assertThat(values).anyMatch(s -> s.indexOf('\u2066') >= 0);
    assertThat(values).anyMatch(s -> s.indexOf('\u200b') >= 0);
  }

  @Test
  void injections_everyValueHasAMetacharacter_andEachClassicFragmentOccurs() {
    List<String> values = draw(HostileStrings.injections());
    String metacharacters = "$`;|&\"'\\\n\r#{}<>*?[],=%";

    assertThat(values)
        .allMatch(
            s ->
                containsAny(s, c -> metacharacters.indexOf(c) >= 0)
                    || s.contains("--")
                    || s.contains("../"));
    for (String fragment : List.of("${", "||", "&&", ";", "`", "$(", "\"", "'", "\n", "#", "--")) {
      assertThat(values).as("fragment %s", fragment).anyMatch(s -> s.contains(fragment));
    }
  }

  @Test
  void percentEncodings_everyValueHasAnEscape_andTheTrickyOnesOccur() {
    List<String> values = draw(HostileStrings.percentEncodings());

    assertThat(values).allMatch(s -> s.indexOf('%') >= 0 || s.indexOf('+') >= 0);
    for (String escape : List.of("%00", "%0a", "%25", "%2e%2e%2f", "%c0%ae", "%ff", "%g1")) {
      assertThat(values).as("escape %s", escape).anyMatch(s -> s.contains(escape));
    }
    assertThat(values).anyMatch(s -> s.endsWith("%"));
  }

  @Test
  void any_drawsFromEveryCategory() {
    List<String> values = draw(HostileStrings.any(), Properties.SEED, 4_000);

    assertThat(values).as("blank").anyMatch(String::isEmpty);
    assertThat(values).as("long").anyMatch(s -> s.length() >= HostileStrings.MIN_LONG);
    assertThat(values).as("NUL").anyMatch(s -> s.indexOf('\0') >= 0);
    assertThat(values)
        .as("fullwidth")
        .anyMatch(s -> containsAny(s, c -> inRange(c, 0xFF10, 0xFF5A)));
    assertThat(values)
        .as("malformed UTF-16")
        .anyMatch(s -> !StandardCharsets.UTF_8.newEncoder().canEncode(s));
    assertThat(values).as("RLO").anyMatch(s -> s.indexOf('\u202e') >= 0);
    assertThat(values).as("iPXE expansion").anyMatch(s -> s.contains("${"));
    assertThat(values).as("percent").anyMatch(s -> s.contains("%c0%ae"));
  }

  @Test
  void mutate_neverReturnsTheInput() {
    SplittableRandom random = new SplittableRandom(Properties.SEED);
    List<String> inputs =
        List.of("", "a", "aa", "2001:db8::1", "00:11:22:33:44:55", "x".repeat(300), "\u0130");
    for (String input : inputs) {
      for (int i = 0; i < 2_000; i++) {
        assertThat(HostileStrings.mutate(input, random)).isNotEqualTo(input);
      }
    }
  }

  @Test
  void mutations_shortenLengthenAndAlterInPlace() {
    String valid = "2001:db8::1";
    List<String> values = draw(HostileStrings.mutations(Generator.constant(valid)));

    assertThat(values).noneMatch(valid::equals);
    assertThat(values).as("shorter").anyMatch(s -> s.length() < valid.length());
    assertThat(values).as("longer").anyMatch(s -> s.length() > valid.length());
    assertThat(values).as("same length").anyMatch(s -> s.length() == valid.length());
    assertThat(values).as("truncated prefix").anyMatch(s -> !s.isEmpty() && valid.startsWith(s));
    assertThat(values).as("swapped").contains("2001:db8::1".replace("20", "02"));
    assertThat(values).as("hostile character").anyMatch(s -> s.indexOf('\0') >= 0);
  }

  @Test
  void mutations_ofEmptyText_addSomething() {
    assertThat(draw(HostileStrings.mutations(Generator.constant("")), 1, 500))
        .allMatch(s -> !s.isEmpty());
  }
}
