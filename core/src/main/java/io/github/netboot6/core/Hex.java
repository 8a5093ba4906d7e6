package io.github.netboot6.core;

/** Hexadecimal digits for the text forms of {@link MacAddress} and {@link Duid}. */
final class Hex {
  private static final char[] LOWER = "0123456789abcdef".toCharArray();
  private static final char[] UPPER = "0123456789ABCDEF".toCharArray();

  private Hex() {}

  /**
   * Returns the value of an ASCII hexadecimal digit in either case, or -1 for any other character
   * (including non-ASCII digits that {@link Character#digit(char, int)} would accept).
   */
  static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Returns "1 hex digit" or "N hex digits", for error messages. */
  static String digits(int count) {
    return count == 1 ? "1 hex digit" : count + " hex digits";
  }

  /** Appends the two digits of the low 8 bits of {@code b}. */
  static void appendOctet(StringBuilder sb, int b, boolean upperCase) {
    char[] digits = upperCase ? UPPER : LOWER;
    sb.append(digits[(b >>> 4) & 0xf]).append(digits[b & 0xf]);
  }
}
