package io.github.netboot6.core;

/** Writes the text forms of an IPv6 address: RFC 5952 canonical and full. */
final class Ipv6AddressFormatter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Ipv6AddressFormatter() {}

  /**
   * Returns the RFC 5952 §4 canonical text; with {@code dottedTail}, the last 32 bits are written
   * in dotted decimal (RFC 5952 §5) and only the first six groups take part in {@code ::}.
   */
  static String canonical(long high, long low, boolean dottedTail) {
    int hexGroups = dottedTail ? 6 : 8;
    // Longest run of at least two zero groups; the first one wins a tie (RFC 5952 §4.2.2, §4.2.3).
    int bestStart = -1;
    int bestLength = 1;
    int runStart = -1;
    for (int g = 0; g < hexGroups; g++) {
      if (group(high, low, g) == 0) {
        if (runStart < 0) {
          runStart = g;
        }
        int runLength = g - runStart + 1;
        if (runLength > bestLength) {
          bestStart = runStart;
          bestLength = runLength;
        }
      } else {
        runStart = -1;
      }
    }
    StringBuilder sb = new StringBuilder(dottedTail ? 45 : 39);
    for (int g = 0; g < hexGroups; g++) {
      if (g == bestStart) {
        sb.append("::");
        g += bestLength - 1;
        continue;
      }
      if (g > 0 && g != bestStart + bestLength) {
        sb.append(':');
      }
      appendHexGroup(sb, group(high, low, g));
    }
    if (dottedTail) {
      if (bestStart + bestLength != hexGroups) {
        sb.append(':');
      }
      int ipv4 = (int) low;
      sb.append(ipv4 >>> 24)
          .append('.')
          .append((ipv4 >>> 16) & 0xff)
          .append('.')
          .append((ipv4 >>> 8) & 0xff)
          .append('.')
          .append(ipv4 & 0xff);
    }
    return sb.toString();
  }

  /** Returns eight groups of four lowercase hex digits. */
  static String full(long high, long low) {
    char[] chars = new char[39];
    int p = 0;
    for (int g = 0; g < 8; g++) {
      if (g > 0) {
        chars[p++] = ':';
      }
      int value = group(high, low, g);
      for (int shift = 12; shift >= 0; shift -= 4) {
        chars[p++] = HEX[(value >>> shift) & 0xf];
      }
    }
    return new String(chars);
  }

  private static int group(long high, long low, int index) {
    long half = index < 4 ? high : low;
    return (int) (half >>> (48 - 16 * (index & 3))) & 0xffff;
  }

  private static void appendHexGroup(StringBuilder sb, int value) {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int digit = (value >>> shift) & 0xf;
      if (digit != 0 || started || shift == 0) {
        sb.append(HEX[digit]);
        started = true;
      }
    }
  }
}
