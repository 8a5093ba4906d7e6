package io.github.netboot6.testkit;

import static com.google.common.base.Preconditions.checkNotNull;

import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Generators of IPv6 addresses, their text forms, prefixes, and hostile near-miss texts, for
 * property tests of {@link Ipv6Address} and {@link Ipv6Prefix} and of code that consumes them.
 *
 * <p>The generators are biased towards the values where parsers and formatters go wrong: runs of
 * zero groups (RFC 5952 §4.2), IPv4-mapped and other embedded-IPv4 addresses (RFC 4291 §2.5.5),
 * link-local addresses and the ends of the address space. Example:
 *
 * <pre>{@code
 * RandomGenerator random = new SplittableRandom(42);
 * Ipv6Generators.AddressText t = Ipv6Generators.addressTexts().next(random);
 * assert Ipv6Address.parse(t.text()).equals(t.address());
 * }</pre>
 */
public final class Ipv6Generators {

  /**
   * A text form of an IPv6 address, paired with the address it denotes.
   *
   * @param address the address
   * @param text a valid RFC 4291 §2.2 text form of {@code address}, not necessarily canonical
   */
  public record AddressText(Ipv6Address address, String text) {
    /**
     * Checks the components.
     *
     * @param address the address
     * @param text its text form
     */
    public AddressText {
      checkNotNull(address, "address");
      checkNotNull(text, "text");
    }
  }

  private static final List<Ipv6Address> BOUNDARIES =
      List.of(
          Ipv6Address.UNSPECIFIED,
          Ipv6Address.LOOPBACK,
          Ipv6Address.of(-1L, -1L),
          Ipv6Address.of(Long.MIN_VALUE, 0),
          Ipv6Address.of(Long.MAX_VALUE, -1L),
          Ipv6Address.of(0, -1L),
          Ipv6Address.of(1, 0),
          Ipv6Address.of(0, Long.MIN_VALUE),
          Ipv6Address.of(0, 0xffff_0000_0000L),
          Ipv6Address.of(0, 0xffff_ffff_ffffL),
          Ipv6Address.of(0, 0x1_0000_0000_0000L),
          Ipv6Address.of(0, 0xffff_ffffL),
          Ipv6Address.of(0x0064_ff9b_0000_0000L, 0),
          Ipv6Address.of(0xfe80_0000_0000_0000L, 0),
          Ipv6Address.of(0xfebf_ffff_ffff_ffffL, -1L),
          Ipv6Address.of(0xff00_0000_0000_0000L, 0),
          Ipv6Address.ALL_DHCP_RELAY_AGENTS_AND_SERVERS,
          Ipv6Address.ALL_DHCP_SERVERS,
          Ipv6Address.of(0x2001_0db8_0000_0000L, 0));

  private static final int[] PREFIX_LENGTHS = {
    0, 1, 8, 10, 32, 48, 56, 63, 64, 65, 96, 120, 125, 127, 128
  };

  /**
   * Characters that look like or sit next to address syntax: Unicode digits (Arabic-Indic,
   * Devanagari, fullwidth), the fullwidth colon and full stop, fullwidth and Turkish letters, white
   * space, control characters, invisible characters and URL, zone and prefix punctuation.
   */
  private static final char[] HOSTILE_CHARS = {
    '\u0660', '\u0661', '\u0669', '\u06f1', '\u0966', '\uff10', '\uff11', '\uff41', '\uff21',
    '\uff1a', '\uff0e', '\ufe55', '\u2236', '\u0131', '\u0130', '\u00b2', '\u00bd', ' ', '\t', '\n',
    '\r', '\u0000', '\u007f', '\u0085', '\u00a0', '\u200b', '\ufeff', '\ud800', '\udc00', '%', '[',
    ']', '/', '.', ':', '-', '+', 'g', 'G', 'x', 'z', '#', '@', ','
  };

  private static final List<String> HOSTILE_FIXED =
      List.of(
          "",
          ":",
          "::::",
          ":::",
          ".",
          "::.",
          "1::2::3",
          "1:2:3:4:5:6:7:8:9",
          "1:2:3:4:5:6:7",
          "1:2:3:4:5:6:7:8::",
          "::1:2:3:4:5:6:7:8",
          "12345::",
          "::12345",
          "gggg::",
          "1:2:3:4:5:6:7:",
          ":1:2:3:4:5:6:7",
          "::1.2.3",
          "::1.2.3.4.5",
          "::256.1.1.1",
          "::ffff:01.2.3.4",
          "::ffff:1.2.3.04",
          "::1.2.3.4:1",
          "1.2.3.4",
          "::1.2.3.",
          "::.1.2.3",
          "::1..2.3",
          "::1.2.3.1000",
          "1:2:3:4:5:6:7:1.2.3.4",
          "fe80::1%eth0",
          "fe80::1%",
          "fe80::1%25eth0",
          "[2001:db8::1]",
          "[::1]:547",
          "2001:db8::/64",
          " ::1",
          "::1 ",
          "::-1",
          "0x1::",
          "+1::",
          "\u0661::",
          "1\uff1a:2",
          "\uff11::");

  private Ipv6Generators() {}

  /**
   * Returns a generator of addresses: uniform 128-bit values, addresses with runs of zero groups,
   * IPv4-mapped ({@code ::ffff:a.b.c.d}) and IPv4-embedding addresses, link-local and documentation
   * ({@code 2001:db8::/32}) addresses, multicast addresses, and the boundaries of the address space
   * ({@code ::}, {@code ::1}, all ones, the middle, the 64-bit carry) with small offsets.
   *
   * @return the generator
   */
  public static Generator<Ipv6Address> addresses() {
    List<Generator<Ipv6Address>> kinds =
        List.of(
            r -> Ipv6Address.of(r.nextLong(), r.nextLong()),
            Ipv6Generators::withZeroRuns,
            Ipv6Generators::withZeroRuns,
            r -> Ipv6Address.of(0, 0xffff_0000_0000L | (r.nextLong() & 0xffff_ffffL)),
            r -> Ipv6Address.of(r.nextBoolean() ? 0 : 0x0064_ff9b_0000_0000L, r.nextLong() >>> 32),
            r -> Ipv6Address.of(0xfe80_0000_0000_0000L, r.nextLong()),
            r -> Ipv6Address.of(0x2001_0db8_0000_0000L | r.nextInt(4), r.nextInt(256)),
            r -> Ipv6Address.of(0xff00_0000_0000_0000L | (r.nextLong() >>> 8), r.nextInt(1 << 20)),
            Ipv6Generators::nearBoundary);
    return Generator.mix(kinds);
  }

  /**
   * Returns a generator of valid text forms with the address each denotes. The texts cover every
   * form of RFC 4291 §2.2: random upper and lower case, random leading zeros (one to four digits
   * per group), {@code ::} standing for any run of one or more zero groups (not only the longest,
   * as RFC 5952 would write it), and the last 32 bits in dotted decimal for any address.
   *
   * @return the generator
   */
  public static Generator<AddressText> addressTexts() {
    Generator<Ipv6Address> addresses = addresses();
    return r -> {
      Ipv6Address a = addresses.next(r);
      return new AddressText(a, textOf(a, r));
    };
  }

  /**
   * Returns a generator of prefixes: an address from {@link #addresses} normalised to a length
   * biased towards 0, 64, 128, the common allocation sizes (/32, /48, /56, /125) and their
   * neighbours, else uniform from 0 to 128.
   *
   * @return the generator
   */
  public static Generator<Ipv6Prefix> prefixes() {
    Generator<Ipv6Address> addresses = addresses();
    return r -> {
      int length =
          r.nextBoolean() ? PREFIX_LENGTHS[r.nextInt(PREFIX_LENGTHS.length)] : r.nextInt(129);
      return Ipv6Prefix.of(addresses.next(r), length);
    };
  }

  /**
   * Returns a generator of hostile texts: near misses of valid addresses (extra or missing colons,
   * two {@code ::}, nine groups, five-digit groups, IPv4 parts out of range, with leading zeros,
   * too few or too many octets or not at the end), zone indexes, brackets, prefix lengths, Unicode
   * look-alikes (Arabic-Indic and fullwidth digits, fullwidth colon), white space and control
   * characters, unpaired surrogates, very long strings (up to 20,000 characters) and the empty
   * string.
   *
   * <p>Most texts are invalid, but a random mutation can produce a valid one: a test should check
   * that a parser either accepts a text or rejects it with its documented exception, consistently
   * with its validity check, rather than assume rejection.
   *
   * @return the generator
   */
  public static Generator<String> hostileAddressTexts() {
    Generator<AddressText> valid = addressTexts();
    List<Generator<String>> kinds =
        List.of(
            Generator.oneOf(HOSTILE_FIXED),
            r -> mutate(valid.next(r).text(), r),
            r -> mutate(mutate(valid.next(r).text(), r), r),
            r -> structural(valid.next(r), r),
            Ipv6Generators::longText);
    return Generator.mix(kinds);
  }

  private static Ipv6Address withZeroRuns(RandomGenerator r) {
    int[] groups = new int[8];
    for (int g = 0; g < 8; g++) {
      groups[g] = r.nextBoolean() ? r.nextInt(0x10000) : r.nextInt(3);
    }
    int runs = 1 + r.nextInt(2);
    for (int k = 0; k < runs; k++) {
      int start = r.nextInt(8);
      int length = 1 + r.nextInt(8 - start);
      for (int g = start; g < start + length; g++) {
        groups[g] = 0;
      }
    }
    return fromGroups(groups);
  }

  private static Ipv6Address nearBoundary(RandomGenerator r) {
    Ipv6Address base = BOUNDARIES.get(r.nextInt(BOUNDARIES.size()));
    long delta = r.nextLong(5) - 2;
    try {
      return base.add(delta);
    } catch (ArithmeticException e) {
      return base;
    }
  }

  private static Ipv6Address fromGroups(int[] groups) {
    long high = 0;
    long low = 0;
    for (int g = 0; g < 4; g++) {
      high = (high << 16) | groups[g];
      low = (low << 16) | groups[g + 4];
    }
    return Ipv6Address.of(high, low);
  }

  private static int group(Ipv6Address a, int index) {
    long half = index < 4 ? a.high() : a.low();
    return (int) (half >>> (48 - 16 * (index & 3))) & 0xffff;
  }

  /** Writes a random valid RFC 4291 §2.2 text form of {@code a}. */
  private static String textOf(Ipv6Address a, RandomGenerator r) {
    boolean dotted = r.nextInt(4) == 0 || (a.isIpv4Mapped() && r.nextBoolean());
    int hexGroups = dotted ? 6 : 8;
    // Pick a run of zero groups to write as "::": any sub-run of any zero run.
    int compressStart = -1;
    int compressEnd = -1;
    if (r.nextInt(4) != 0) {
      int zeros = 0;
      for (int g = 0; g < hexGroups; g++) {
        zeros += group(a, g) == 0 ? 1 : 0;
      }
      if (zeros > 0) {
        int pick = r.nextInt(zeros);
        for (int g = 0; g < hexGroups; g++) {
          if (group(a, g) == 0 && pick-- == 0) {
            compressStart = g;
            break;
          }
        }
        compressEnd = compressStart + 1;
        while (compressEnd < hexGroups && group(a, compressEnd) == 0 && r.nextInt(4) != 0) {
          compressEnd++;
        }
      }
    }
    StringBuilder sb = new StringBuilder(48);
    for (int g = 0; g < hexGroups; g++) {
      if (g == compressStart) {
        sb.append("::");
        g = compressEnd - 1;
        continue;
      }
      if (g > 0 && g != compressEnd) {
        sb.append(':');
      }
      appendGroup(sb, group(a, g), r);
    }
    if (dotted) {
      if (compressEnd != hexGroups) {
        sb.append(':');
      }
      long ipv4 = a.low() & 0xffff_ffffL;
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

  private static void appendGroup(StringBuilder sb, int value, RandomGenerator r) {
    String hex = Integer.toHexString(value);
    int width = hex.length() + r.nextInt(5 - hex.length());
    for (int i = hex.length(); i < width; i++) {
      sb.append('0');
    }
    boolean upper = r.nextInt(3) == 0;
    boolean mixed = r.nextInt(3) == 0;
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      boolean up = mixed ? r.nextBoolean() : upper;
      sb.append(up ? Character.toUpperCase(c) : c);
    }
  }

  private static String mutate(String text, RandomGenerator r) {
    StringBuilder sb = new StringBuilder(text);
    int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
    char hostile = HOSTILE_CHARS[r.nextInt(HOSTILE_CHARS.length)];
    switch (r.nextInt(5)) {
      case 0 -> sb.insert(at, hostile);
      case 1 -> {
        if (at < sb.length()) {
          sb.setCharAt(at, hostile);
        } else {
          sb.append(hostile);
        }
      }
      case 2 -> {
        if (at < sb.length()) {
          sb.deleteCharAt(at);
        }
      }
      case 3 -> {
        int end = Math.min(sb.length(), at + 1 + r.nextInt(6));
        sb.insert(at, sb.substring(at, end));
      }
      default -> sb.insert(at, ':');
    }
    return sb.toString();
  }

  private static String structural(AddressText valid, RandomGenerator r) {
    String text = valid.text();
    int ipv4 = r.nextInt(1 << 30);
    return switch (r.nextInt(12)) {
      case 0 -> text + ":1";
      case 1 -> "1:" + text;
      case 2 -> text + "%" + List.of("eth0", "1", "25", "", "en\u00f6").get(r.nextInt(5));
      case 3 -> "[" + text + "]";
      case 4 -> text + "/" + r.nextInt(200);
      case 5 -> text.toUpperCase(Locale.forLanguageTag("tr")) + "\u0130";
      case 6 -> "::ffff:" + octets(ipv4, r);
      case 7 -> text.replace(":", "\uff1a");
      case 8 -> text.replace('1', '\u0661').replace('2', '\uff12');
      case 9 -> text + "::";
      case 10 -> Integer.toHexString(0x10000 + r.nextInt(0xf0000)) + ":" + text;
      default -> "1:2:3:4:5:6:" + octets(ipv4, r);
    };
  }

  /** Dotted decimal with one defect: a leading zero, an octet over 255, or a wrong count. */
  private static String octets(int ipv4, RandomGenerator r) {
    int a = ipv4 >>> 22;
    int b = (ipv4 >>> 14) & 0xff;
    int c = (ipv4 >>> 6) & 0xff;
    int d = ipv4 & 0x3f;
    return switch (r.nextInt(5)) {
      case 0 -> a + "." + b + "." + c + ".0" + d;
      case 1 -> (256 + a) + "." + b + "." + c + "." + d;
      case 2 -> a + "." + b + "." + c;
      case 3 -> a + "." + b + "." + c + "." + d + "." + d;
      default -> a + "." + b + ".." + d;
    };
  }

  private static String longText(RandomGenerator r) {
    int repeat = r.nextInt(10) == 0 ? 10_000 : 8 + r.nextInt(100);
    String unit = List.of("1:", "0", ":", "::", "ffff:", "1.", "\u0661").get(r.nextInt(7));
    return "::".substring(0, r.nextInt(3)) + unit.repeat(repeat);
  }
}
