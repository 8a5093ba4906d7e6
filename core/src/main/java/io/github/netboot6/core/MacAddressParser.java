package io.github.netboot6.core;

/**
 * The text parser behind {@link MacAddress#parse}, {@link MacAddress#tryParse} and {@link
 * MacAddress#isValid}: one pass, no allocation unless it throws.
 *
 * <p>The first character that is not a hexadecimal digit picks the notation; every later separator
 * must be the same character. Colon form accepts one- or two-digit octets ({@code 0:1a:2b:3:4d:5e},
 * as BSD and macOS {@code arp} and {@code ifconfig} print them); the hyphen form needs two digits
 * per octet, the dotted form four per group and the bare form exactly twelve.
 */
final class MacAddressParser {
  static final String KIND = "MAC address";

  /** Returned instead of a value when the input is invalid and {@code raise} is false. */
  static final long INVALID = -1L;

  /** The longest valid text, {@code 00:1a:2b:3c:4d:5e}. */
  private static final int MAX_TEXT = 17;

  private static final int NO_INDEX = MalformedValueException.NO_INDEX;

  private MacAddressParser() {}

  /**
   * Parses {@code text} as a MAC address.
   *
   * @return the 48-bit value, or {@link #INVALID} if {@code raise} is false and the text is invalid
   * @throws MalformedValueException if {@code raise} is true and the text is invalid
   */
  static long parse(CharSequence text, boolean raise) {
    int n = text.length();
    if (n == 0) {
      return fail(
          raise, text, 0, "input: empty (expected: a MAC address such as 00:1a:2b:3c:4d:5e)");
    }
    int k = 0;
    while (k < n && k <= MAX_TEXT && Hex.digit(text.charAt(k)) >= 0) {
      k++;
    }
    if (k == n || k > 12) {
      return groups(text, raise, 1, 12, 12, '\0', "hex digits");
    }
    char sep = text.charAt(k);
    return switch (sep) {
      case ':' -> groups(text, raise, 6, 1, 2, ':', "octet");
      case '-' -> groups(text, raise, 6, 2, 2, '-', "octet");
      case '.' -> groups(text, raise, 3, 4, 4, '.', "group");
      default ->
          fail(
              raise,
              text,
              k,
              "character: "
                  + MalformedValueException.describe(sep)
                  + (k == 0
                      ? " (expected: hex digit)"
                      : " (expected: hex digit or separator ':', '-' or '.')"));
    };
  }

  private static long groups(
      CharSequence text, boolean raise, int count, int min, int max, char sep, String what) {
    int n = text.length();
    long value = 0;
    int i = 0;
    for (int g = 0; g < count; g++) {
      if (g > 0) {
        if (i >= n) {
          return fail(
              raise,
              text,
              n,
              "truncated: " + g + " of " + count + " " + what + "s (expected: " + count + ")");
        }
        char c = text.charAt(i);
        if (c != sep) {
          return fail(raise, text, i, separatorProblem(c, sep, g, min, max, what));
        }
        i++;
      }
      int start = i;
      long group = 0;
      while (i < n && i - start < max) {
        int d = Hex.digit(text.charAt(i));
        if (d < 0) {
          break;
        }
        group = (group << 4) | d;
        i++;
      }
      int len = i - start;
      if (len < min) {
        if (i < n && !isSeparator(text.charAt(i))) {
          return fail(raise, text, i, unexpected(text.charAt(i)));
        }
        if (count == 1) {
          return fail(raise, text, NO_INDEX, "length: " + Hex.digits(len) + " (expected: 12)");
        }
        if (len == 0 && i >= n) {
          return fail(
              raise,
              text,
              n,
              "truncated: " + g + " of " + count + " " + what + "s (expected: " + count + ")");
        }
        return fail(
            raise,
            text,
            start,
            what + " " + (g + 1) + ": " + Hex.digits(len) + " (expected: " + range(min, max) + ")");
      }
      value = (value << (4 * max)) | group;
    }
    if (i < n) {
      char c = text.charAt(i);
      if (Hex.digit(c) >= 0) {
        return fail(
            raise,
            text,
            i,
            count == 1
                ? "length: more than 12 hex digits (expected: 12)"
                : what
                    + " "
                    + count
                    + ": more than "
                    + max
                    + " hex digits (expected: "
                    + range(min, max)
                    + ")");
      }
      return fail(
          raise,
          text,
          i,
          "character after the last "
              + what
              + ": "
              + MalformedValueException.describe(c)
              + " (expected: end of input)");
    }
    return value;
  }

  private static String separatorProblem(char c, char sep, int g, int min, int max, String what) {
    if (Hex.digit(c) >= 0) {
      return what
          + " "
          + g
          + ": more than "
          + max
          + " hex digits (expected: "
          + range(min, max)
          + ")";
    }
    if (isSeparator(c)) {
      return "separator: "
          + MalformedValueException.describe(c)
          + " mixed with "
          + MalformedValueException.describe(sep)
          + " (expected: "
          + MalformedValueException.describe(sep)
          + " throughout)";
    }
    return unexpected(c);
  }

  private static String unexpected(char c) {
    return "character: " + MalformedValueException.describe(c) + " (expected: hex digit)";
  }

  private static String range(int min, int max) {
    return min == max ? String.valueOf(min) : min + " or " + max;
  }

  private static boolean isSeparator(char c) {
    return c == ':' || c == '-' || c == '.';
  }

  private static long fail(boolean raise, CharSequence text, int index, String reason) {
    if (raise) {
      throw MalformedValueException.ofText(KIND, text, index, reason);
    }
    return INVALID;
  }
}
