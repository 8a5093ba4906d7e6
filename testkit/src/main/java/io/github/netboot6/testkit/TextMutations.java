package io.github.netboot6.testkit;

import java.util.List;
import java.util.random.RandomGenerator;

/** Random letter case and hostile edits of valid text, shared by the MAC and DUID generators. */
final class TextMutations {

  /** Characters a parser of hexadecimal text must reject or treat with care. */
  private static final List<String> NASTY =
      List.of(
          " ", "\t", "\n", "\u0000", ":", "-", ".", "::", "0x", "g", "G", "z", "/", "\"", "\\", "%",
          "\u0130", // Turkish capital I with dot: what "i".toUpperCase() gives under tr
          "\u0131", // Turkish dotless i
          "\u0660", // ARABIC-INDIC DIGIT ZERO: Character.digit accepts it
          "\uff10", // FULLWIDTH DIGIT ZERO
          "\uff41", // FULLWIDTH LATIN SMALL LETTER A
          "\ud83d", // a lone surrogate
          "\u00e9");

  private static final String PLAIN = "0123456789abcdefABCDEF:-.";

  private TextMutations() {}

  /** Returns {@code text} with each ASCII letter in a random case. */
  static String randomCase(String text, RandomGenerator random) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'a' && c <= 'f' && random.nextBoolean()) {
        c = (char) (c - 'a' + 'A');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** Returns {@code text} with one to three hostile edits applied. */
  static String mutate(String text, RandomGenerator random) {
    String s = text;
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      s = mutateOnce(s, random);
    }
    return s;
  }

  private static String mutateOnce(String s, RandomGenerator random) {
    int n = s.length();
    int at = n == 0 ? 0 : random.nextInt(n + 1);
    String nasty = NASTY.get(random.nextInt(NASTY.size()));
    return switch (random.nextInt(8)) {
      case 0 -> s.substring(0, at); // truncate
      case 1 -> s.substring(0, at) + nasty + s.substring(at); // insert a nasty character
      case 2 -> at >= n ? s + nasty : s.substring(0, at) + nasty + s.substring(at + 1);
      case 3 -> at >= n ? s : s.substring(0, at) + s.substring(at + 1); // delete one
      case 4 -> at >= n ? s + s : s.substring(0, at + 1) + s.substring(at); // duplicate one
      case 5 -> s + s.substring(0, at); // overlong
      case 6 -> random.nextBoolean() ? " " + s : s + "\n"; // surrounding whitespace
      default -> s.replace(random.nextBoolean() ? ':' : '-', random.nextBoolean() ? '.' : '-');
    };
  }

  /** Returns a string of random characters from printable ASCII and a few nasty ones. */
  static String junk(RandomGenerator random, int maxLength) {
    int n = random.nextInt(maxLength + 1);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      if (random.nextInt(8) == 0) {
        sb.append(NASTY.get(random.nextInt(NASTY.size())));
      } else {
        sb.append(PLAIN.charAt(random.nextInt(PLAIN.length())));
      }
    }
    return sb.toString();
  }
}
