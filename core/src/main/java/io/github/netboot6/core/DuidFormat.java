package io.github.netboot6.core;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The wire-format rules and the text form of a {@link Duid}: length checks on bytes (RFC 8415 §11,
 * RFC 6355 §4) and the hexadecimal text that dnsmasq, dhclient, systemd-networkd and Windows use.
 */
final class DuidFormat {
  static final String KIND = "DUID";

  /** The shortest DUID: a 2-byte type code and 1 byte of identifier (RFC 8415 §11.1). */
  static final int MIN_LENGTH = 3;

  /** The longest DUID: a 2-byte type code and 128 bytes of identifier (RFC 8415 §11.1). */
  static final int MAX_LENGTH = 130;

  private static final int NO_INDEX = MalformedValueException.NO_INDEX;

  private DuidFormat() {}

  /**
   * Returns what is wrong with the DUID in {@code bytes[offset..offset+length)}, or {@code null} if
   * it is valid. The caller has checked the bounds.
   */
  static @Nullable String problem(byte[] bytes, int offset, int length) {
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      return "length: " + length + " bytes (expected: 3..130)";
    }
    int type = ((bytes[offset] & 0xff) << 8) | (bytes[offset + 1] & 0xff);
    return switch (type) {
      case 1 -> length >= 9 ? null : typeProblem("LLT", length, "9..130", LLT_LAYOUT);
      case 2 -> length >= 7 ? null : typeProblem("EN", length, "7..130", EN_LAYOUT);
      case 3 -> length >= 5 ? null : typeProblem("LL", length, "5..130", LL_LAYOUT);
      case 4 -> length == 18 ? null : typeProblem("UUID", length, "18", "type and a 16-byte UUID");
      default -> null;
    };
  }

  private static final String LLT_LAYOUT =
      "a link-layer address after type, hardware type and time";
  private static final String EN_LAYOUT = "an identifier after type and enterprise number";
  private static final String LL_LAYOUT = "a link-layer address after type and hardware type";

  private static String typeProblem(String type, int length, String expected, String layout) {
    return "DUID-"
        + type
        + " length: "
        + length
        + " bytes (expected: "
        + expected
        + ", "
        + layout
        + ")";
  }

  /**
   * Parses DUID text: octets in hexadecimal, colon-separated with one or two digits each,
   * hyphen-separated with two digits each, or unseparated with two digits each.
   *
   * @return the DUID bytes, or {@code null} if {@code raise} is false and the text is invalid
   * @throws MalformedValueException if {@code raise} is true and the text is invalid
   */
  static byte @Nullable [] parse(CharSequence text, boolean raise) {
    int n = text.length();
    if (n == 0) {
      return fail(raise, text, 0, "input: empty (expected: hex octets such as 00:03:00:01:...)");
    }
    int k = 0;
    while (k < n && k < 3 && Hex.digit(text.charAt(k)) >= 0) {
      k++;
    }
    byte[] buffer = new byte[MAX_LENGTH];
    int count;
    if (k == n || k == 3) {
      count = parseBare(text, raise, buffer);
    } else {
      char sep = text.charAt(k);
      if (sep != ':' && sep != '-') {
        return fail(
            raise, text, k, unexpected(sep, k == 0 ? "hex digit" : "hex digit, ':' or '-'"));
      }
      count = parseSeparated(text, raise, buffer, sep, sep == ':' ? 1 : 2);
    }
    if (count < 0) {
      return null;
    }
    String problem = problem(buffer, 0, count);
    if (problem != null) {
      return fail(raise, text, NO_INDEX, problem);
    }
    return Arrays.copyOf(buffer, count);
  }

  private static int parseBare(CharSequence text, boolean raise, byte[] buffer) {
    int n = text.length();
    int count = 0;
    for (int i = 0; i < n; i += 2) {
      int hi = Hex.digit(text.charAt(i));
      if (hi < 0) {
        return failCount(raise, text, i, unexpected(text.charAt(i), "hex digit"));
      }
      if (i + 1 >= n) {
        return failCount(
            raise, text, NO_INDEX, "length: " + n + " hex digits (expected: an even number)");
      }
      int lo = Hex.digit(text.charAt(i + 1));
      if (lo < 0) {
        return failCount(raise, text, i + 1, unexpected(text.charAt(i + 1), "hex digit"));
      }
      if (count == MAX_LENGTH) {
        return failCount(raise, text, i, tooLong());
      }
      buffer[count++] = (byte) ((hi << 4) | lo);
    }
    return count;
  }

  private static int parseSeparated(
      CharSequence text, boolean raise, byte[] buffer, char sep, int minDigits) {
    int n = text.length();
    int count = 0;
    int i = 0;
    while (true) {
      int start = i;
      int octet = 0;
      while (i < n && i - start < 2) {
        int d = Hex.digit(text.charAt(i));
        if (d < 0) {
          break;
        }
        octet = (octet << 4) | d;
        i++;
      }
      int digits = i - start;
      if (digits < minDigits) {
        if (i < n && !isSeparator(text.charAt(i))) {
          return failCount(raise, text, i, unexpected(text.charAt(i), "hex digit"));
        }
        return failCount(
            raise,
            text,
            start,
            "octet "
                + (count + 1)
                + ": "
                + Hex.digits(digits)
                + " (expected: "
                + (minDigits == 1 ? "1 or 2" : "2")
                + ")");
      }
      if (count == MAX_LENGTH) {
        return failCount(raise, text, start, tooLong());
      }
      buffer[count++] = (byte) octet;
      if (i == n) {
        return count;
      }
      char c = text.charAt(i);
      if (c != sep) {
        String reason;
        if (Hex.digit(c) >= 0) {
          reason =
              "octet "
                  + count
                  + ": more than 2 hex digits (expected: "
                  + (minDigits == 1 ? "1 or 2" : "2")
                  + ")";
        } else if (isSeparator(c)) {
          reason =
              "separator: "
                  + MalformedValueException.describe(c)
                  + " mixed with "
                  + MalformedValueException.describe(sep)
                  + " (expected: "
                  + MalformedValueException.describe(sep)
                  + " throughout)";
        } else {
          reason = unexpected(c, "hex digit or " + MalformedValueException.describe(sep));
        }
        return failCount(raise, text, i, reason);
      }
      i++;
    }
  }

  /** Appends the bytes as lower-case, colon-separated hexadecimal octets. */
  static String toText(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 3);
    for (int i = 0; i < bytes.length; i++) {
      if (i > 0) {
        sb.append(':');
      }
      Hex.appendOctet(sb, bytes[i], false);
    }
    return sb.toString();
  }

  private static String tooLong() {
    return "length: more than 130 bytes (expected: 3..130)";
  }

  private static String unexpected(char c, String expected) {
    return "character: " + MalformedValueException.describe(c) + " (expected: " + expected + ")";
  }

  private static boolean isSeparator(char c) {
    return c == ':' || c == '-' || c == '.';
  }

  private static byte @Nullable [] fail(
      boolean raise, CharSequence text, int index, String reason) {
    if (raise) {
      throw MalformedValueException.ofText(KIND, text, index, reason);
    }
    return null;
  }

  private static int failCount(boolean raise, CharSequence text, int index, String reason) {
    if (raise) {
      throw MalformedValueException.ofText(KIND, text, index, reason);
    }
    return -1;
  }
}
