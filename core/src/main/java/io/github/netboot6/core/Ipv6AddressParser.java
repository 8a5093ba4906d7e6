package io.github.netboot6.core;

import org.jspecify.annotations.Nullable;

/**
 * Parses the text forms of RFC 4291 §2.2 in one pass, without a regular expression and without
 * allocating anything but the result (or, when asked to throw, the exception).
 *
 * <p>Accepted: one to four hex digits per group in either case, at most one {@code ::} standing for
 * one or more zero groups, and an embedded dotted-decimal IPv4 address in the last 32 bits (RFC
 * 4291 §2.2 form 3, §2.5.5). Rejected with a reason: zone indexes, brackets, prefix lengths, IPv4
 * octets with leading zeros, and every character outside ASCII hex digits, {@code ':'} and {@code
 * '.'} (so no Unicode digits or fullwidth colons).
 */
final class Ipv6AddressParser {
  static final String ADDRESS_KIND = "IPv6 address";

  private Ipv6AddressParser() {}

  /**
   * Parses {@code text[start, end)}.
   *
   * @param kind the value kind for error messages ({@code "IPv6 address"} or {@code "IPv6 prefix"})
   * @param throwing whether to throw on bad input; if false, returns null instead
   * @return the address, or null if the input is bad and {@code throwing} is false
   * @throws MalformedValueException if the input is bad and {@code throwing} is true
   */
  static @Nullable Ipv6Address parse(
      CharSequence text, int start, int end, String kind, boolean throwing) {
    if (start == end) {
      return fail(
          throwing, kind, text, start, "empty address (expected: text such as 2001:db8::1)");
    }
    long high = 0;
    long low = 0;
    int groups = 0;
    int compressAt = -1;
    int i = start;
    if (text.charAt(i) == ':') {
      if (i + 1 < end && text.charAt(i + 1) == ':') {
        compressAt = 0;
        i += 2;
        if (i == end) {
          return Ipv6Address.UNSPECIFIED;
        }
      } else {
        return fail(
            throwing, kind, text, i, "leading single ':' (expected: a hex group or '::' first)");
      }
    }
    while (true) {
      int fieldStart = i;
      int value = 0;
      while (i < end) {
        int digit = Hex.digit(text.charAt(i));
        if (digit < 0) {
          break;
        }
        if (i - fieldStart == 4) {
          return fail(
              throwing,
              kind,
              text,
              fieldStart,
              "hex group too long: more than 4 digits (expected: 1 to 4 hex digits)");
        }
        value = (value << 4) | digit;
        i++;
      }
      if (i < end && text.charAt(i) == '.') {
        if (groups + 2 > 8 || (compressAt >= 0 && groups + 2 > 7)) {
          return fail(
              throwing,
              kind,
              text,
              fieldStart,
              "embedded IPv4 address after "
                  + groups
                  + " groups leaves no room (expected: it fills the last 32 bits)");
        }
        long ipv4 = parseIpv4(text, fieldStart, end, kind, throwing);
        if (ipv4 < 0) {
          return null;
        }
        high = shiftLeftHigh(high, low, 32);
        low = (low << 32) | ipv4;
        groups += 2;
        break;
      }
      if (i == fieldStart) {
        if (i == end) {
          return fail(
              throwing,
              kind,
              text,
              i - 1,
              "ends with a single ':' (expected: a hex group or '::')");
        }
        return unexpected(throwing, kind, text, i);
      }
      if (groups == 8 || (compressAt >= 0 && groups == 7)) {
        return fail(
            throwing,
            kind,
            text,
            fieldStart,
            compressAt >= 0
                ? "too many groups with '::' (expected: at most 7 besides '::')"
                : "too many groups: more than 8 (expected: 8, or fewer with '::')");
      }
      high = shiftLeftHigh(high, low, 16);
      low = (low << 16) | value;
      groups++;
      if (i == end) {
        break;
      }
      if (text.charAt(i) != ':') {
        return unexpected(throwing, kind, text, i);
      }
      i++;
      if (i < end && text.charAt(i) == ':') {
        if (compressAt >= 0) {
          return fail(throwing, kind, text, i - 1, "second '::' (expected: at most one '::')");
        }
        if (groups == 8) {
          return fail(
              throwing,
              kind,
              text,
              i - 1,
              "'::' after 8 groups stands for no zero group (expected: at most 7 groups with '::')");
        }
        compressAt = groups;
        i++;
        if (i == end) {
          break;
        }
      } else if (i == end) {
        return fail(
            throwing, kind, text, i - 1, "ends with a single ':' (expected: a hex group or '::')");
      }
    }
    if (compressAt < 0) {
      if (groups != 8) {
        return fail(
            throwing,
            kind,
            text,
            end,
            (groups == 2 && i > start && noColon(text, start, end))
                ? "IPv4 address without IPv6 groups (expected: e.g. ::ffff:192.0.2.1 for an"
                    + " IPv4-mapped address)"
                : "too few groups: " + groups + " (expected: 8, or fewer with '::')");
      }
      return Ipv6Address.of(high, low);
    }
    // Insert (8 - groups) zero groups at compressAt: the groups after it are the low tailBits bits.
    int tailBits = 16 * (groups - compressAt);
    int headShift = 16 * (8 - compressAt);
    long tailHigh = tailBits >= 64 ? high & lowBits(tailBits - 64) : 0;
    long tailLow = tailBits >= 64 ? low : low & lowBits(tailBits);
    long headHigh = shiftRightHigh(high, tailBits);
    long headLow = shiftRightLow(high, low, tailBits);
    long resultHigh = shiftLeftHigh(headHigh, headLow, headShift) | tailHigh;
    long resultLow = shiftLeftLow(headLow, headShift) | tailLow;
    return Ipv6Address.of(resultHigh, resultLow);
  }

  /**
   * Parses a dotted-decimal IPv4 address filling {@code text[start, end)}.
   *
   * @return the address as an unsigned 32-bit value, or -1 if bad and not throwing
   */
  private static long parseIpv4(
      CharSequence text, int start, int end, String kind, boolean throwing) {
    long result = 0;
    int i = start;
    for (int octet = 0; octet < 4; octet++) {
      int octetStart = i;
      int value = 0;
      while (i < end) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        if (i - octetStart == 3) {
          failIpv4(
              throwing,
              kind,
              text,
              octetStart,
              "IPv4 octet too long: more than 3 digits (expected: decimal 0 to 255)");
          return -1;
        }
        value = value * 10 + (c - '0');
        i++;
      }
      if (i == octetStart) {
        if (i == end) {
          failIpv4(
              throwing,
              kind,
              text,
              i,
              "embedded IPv4 address has " + octet + " octets (expected: 4)");
        } else {
          char c = text.charAt(i);
          failIpv4(
              throwing,
              kind,
              text,
              i,
              "unexpected character "
                  + MalformedValueException.describe(c)
                  + " in embedded IPv4 address (expected: decimal digit)");
        }
        return -1;
      }
      if (i - octetStart > 1 && text.charAt(octetStart) == '0') {
        failIpv4(
            throwing,
            kind,
            text,
            octetStart,
            "IPv4 octet with a leading zero is ambiguous (octal to some parsers)"
                + " (expected: decimal 0 to 255 without leading zeros)");
        return -1;
      }
      if (value > 255) {
        failIpv4(
            throwing,
            kind,
            text,
            octetStart,
            "IPv4 octet out of range: " + value + " (expected: 0 to 255)");
        return -1;
      }
      result = (result << 8) | value;
      if (octet < 3) {
        if (i == end || text.charAt(i) != '.') {
          failIpv4(
              throwing,
              kind,
              text,
              i,
              i == end
                  ? "embedded IPv4 address has " + (octet + 1) + " octets (expected: 4)"
                  : "unexpected character "
                      + MalformedValueException.describe(text.charAt(i))
                      + " in embedded IPv4 address (expected: '.')");
          return -1;
        }
        i++;
      }
    }
    if (i != end) {
      char c = text.charAt(i);
      failIpv4(
          throwing,
          kind,
          text,
          i,
          c == '.'
              ? "embedded IPv4 address has more than 4 octets (expected: 4)"
              : c == ':'
                  ? "embedded IPv4 address not at the end: ':' (expected: IPv4 only in the last 32"
                      + " bits)"
                  : "unexpected character "
                      + MalformedValueException.describe(c)
                      + " after embedded IPv4 address (expected: end of address, IPv4 is the last 32"
                      + " bits)");
      return -1;
    }
    return result;
  }

  private static void failIpv4(
      boolean throwing, String kind, CharSequence text, int index, String reason) {
    if (throwing) {
      throw MalformedValueException.ofText(kind, text, index, reason);
    }
  }

  private static @Nullable Ipv6Address unexpected(
      boolean throwing, String kind, CharSequence text, int index) {
    if (!throwing) {
      return null;
    }
    char c = text.charAt(index);
    String reason =
        switch (c) {
          case '%' ->
              "zone index not supported: '%' starts a zone such as %eth0 (expected: no"
                  + " zone; Ipv6Address has no scope, keep scoped addresses in java.net.Inet6Address)";
          case '[', ']' ->
              "brackets are URL syntax (RFC 3986 §3.2.2), not part of an address: "
                  + MalformedValueException.describe(c)
                  + " (expected: the address without brackets, e.g. 2001:db8::1)";
          case '/' ->
              "prefix length not allowed in an address: '/' (expected: no prefix length;"
                  + " use Ipv6Prefix.parse for prefixes)";
          case ':' -> "unexpected ':' (expected: a hex group; at most two ':' in a row)";
          default ->
              "unexpected character "
                  + MalformedValueException.describe(c)
                  + " (expected: hex digit 0-9a-fA-F, ':' or '.')";
        };
    throw MalformedValueException.ofText(kind, text, index, reason);
  }

  private static @Nullable Ipv6Address fail(
      boolean throwing, String kind, CharSequence text, int index, String reason) {
    if (throwing) {
      throw MalformedValueException.ofText(kind, text, index, reason);
    }
    return null;
  }

  private static boolean noColon(CharSequence text, int start, int end) {
    for (int i = start; i < end; i++) {
      if (text.charAt(i) == ':') {
        return false;
      }
    }
    return true;
  }

  private static long lowBits(int bits) {
    return bits >= 64 ? -1L : (1L << bits) - 1;
  }

  private static long shiftLeftHigh(long high, long low, int bits) {
    if (bits == 0) {
      return high;
    }
    if (bits >= 128) {
      return 0;
    }
    if (bits >= 64) {
      return low << (bits - 64);
    }
    return (high << bits) | (low >>> (64 - bits));
  }

  private static long shiftLeftLow(long low, int bits) {
    return bits >= 64 ? 0 : low << bits;
  }

  private static long shiftRightHigh(long high, int bits) {
    return bits >= 64 ? 0 : high >>> bits;
  }

  private static long shiftRightLow(long high, long low, int bits) {
    if (bits == 0) {
      return low;
    }
    if (bits >= 128) {
      return 0;
    }
    if (bits >= 64) {
      return high >>> (bits - 64);
    }
    return (low >>> bits) | (high << (64 - bits));
  }
}
