package io.github.netboot6.testkit;

import io.github.netboot6.core.Duid;
import java.util.Arrays;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Generators of {@link Duid} values of every type (RFC 8415 §11, RFC 6355), of their text, and of
 * hostile bytes and text that a DUID parser must reject cleanly.
 *
 * <pre>{@code
 * RandomGenerator random = new SplittableRandom(42);
 * Duid duid = DuidGenerators.duids().next(random);
 * assert Duid.fromBytes(duid.toBytes()).equals(duid);
 * }</pre>
 */
public final class DuidGenerators {

  /**
   * A DUID and one text that denotes it.
   *
   * @param duid the DUID
   * @param text a text that {@link Duid#parse} reads as {@code duid}
   */
  public record DuidText(Duid duid, String text) {}

  private DuidGenerators() {}

  /**
   * Returns a generator of DUIDs of every type: DUID-LLT, DUID-EN, DUID-LL (Ethernet MACs and other
   * link layers), DUID-UUID (including the nil and all-ones UUIDs and SMBIOS byte order) and types
   * this library does not know (0, 5 and up, 65535), with lengths biased to the boundaries: the
   * shortest valid for the type and the longest, 130 bytes.
   *
   * @return the generator
   */
  public static Generator<Duid> duids() {
    return random ->
        switch (random.nextInt(5)) {
          case 0 -> Duid.llt(hardwareType(random), time(random), linkLayer(random, 122));
          case 1 -> Duid.en(random.nextLong(1L << 32), body(random, 124));
          case 2 -> Duid.ll(hardwareType(random), linkLayer(random, 126));
          case 3 -> uuidDuid(random);
          default -> unknownType(random);
        };
  }

  /**
   * Returns a generator of DUIDs paired with a text that denotes them: colon-separated (also with
   * one-digit octets), hyphen-separated and unseparated hexadecimal, each in random letter case.
   *
   * @return the generator
   */
  public static Generator<DuidText> duidTexts() {
    return random -> {
      Duid duid = duids().next(random);
      byte[] bytes = duid.toBytes();
      String text =
          switch (random.nextInt(4)) {
            case 0 -> duid.toString();
            case 1 -> hex(bytes, "-", false, random);
            case 2 -> hex(bytes, "", false, random);
            default -> hex(bytes, ":", true, random);
          };
      return new DuidText(duid, TextMutations.randomCase(text, random));
    };
  }

  /**
   * Returns a generator of hostile DUID bytes: empty, one or two bytes, valid DUIDs truncated or
   * extended past 130 bytes, known types one byte too short (LLT 8, EN 6, LL 4, UUID 17 and 19),
   * random bytes of 131 to 200 bytes, and random bytes of random length up to 200. Most are
   * invalid, a few valid by chance: test that a parser agrees with {@link Duid#isValid(byte[])},
   * not that every one fails.
   *
   * @return the generator
   */
  public static Generator<byte[]> hostileDuidBytes() {
    return random ->
        switch (random.nextInt(6)) {
          case 0 -> randomBytes(random, random.nextInt(Duid.MIN_LENGTH));
          case 1 -> {
            byte[] valid = duids().next(random).toBytes();
            yield Arrays.copyOf(valid, random.nextInt(valid.length));
          }
          case 2 -> {
            byte[] valid = duids().next(random).toBytes();
            byte[] longer = Arrays.copyOf(valid, 131 + random.nextInt(70));
            fill(random, longer, valid.length);
            yield longer;
          }
          case 3 -> wrongTypeLength(random);
          case 4 -> randomBytes(random, 131 + random.nextInt(70));
          default -> randomBytes(random, random.nextInt(201));
        };
  }

  /**
   * Returns a generator of hostile DUID text: valid text with one to three edits (truncation,
   * inserted or replaced characters among them non-ASCII digits and control characters, mixed
   * separators, overlong input), text of more than 130 octets, and random junk. Most are invalid, a
   * few valid by chance: test that a parser agrees with {@link Duid#isValid(CharSequence)}.
   *
   * @return the generator
   */
  public static Generator<String> hostileDuidTexts() {
    return random ->
        switch (random.nextInt(6)) {
          case 0 -> TextMutations.junk(random, 60);
          case 1 -> hex(randomBytes(random, 131 + random.nextInt(20)), ":", false, random);
          case 2 -> hex(wrongTypeLength(random), ":", false, random);
          default -> TextMutations.mutate(duidTexts().next(random).text(), random);
        };
  }

  private static byte[] wrongTypeLength(RandomGenerator random) {
    int type = 1 + random.nextInt(4);
    int length =
        switch (type) {
          case 1 -> 8;
          case 2 -> 6;
          case 3 -> 4;
          default -> random.nextBoolean() ? 17 : 19;
        };
    byte[] bytes = randomBytes(random, length);
    bytes[0] = 0;
    bytes[1] = (byte) type;
    return bytes;
  }

  private static Duid uuidDuid(RandomGenerator random) {
    UUID uuid =
        switch (random.nextInt(6)) {
          case 0 -> new UUID(0, 0);
          case 1 -> new UUID(-1, -1);
          default -> new UUID(random.nextLong(), random.nextLong());
        };
    return random.nextBoolean() ? Duid.uuid(uuid) : Duid.uuidFromSmbios(uuid);
  }

  private static Duid unknownType(RandomGenerator random) {
    int type =
        switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> 0xffff;
          default -> 5 + random.nextInt(0xffff - 5);
        };
    byte[] bytes = new byte[2 + body(random, 128).length];
    fill(random, bytes, 2);
    bytes[0] = (byte) (type >>> 8);
    bytes[1] = (byte) type;
    return Duid.fromBytes(bytes);
  }

  private static int hardwareType(RandomGenerator random) {
    return switch (random.nextInt(4)) {
      case 0, 1 -> 1; // Ethernet
      case 2 -> 32; // InfiniBand
      default -> random.nextInt(0x10000);
    };
  }

  private static long time(RandomGenerator random) {
    return switch (random.nextInt(4)) {
      case 0 -> 0L;
      case 1 -> 0xffff_ffffL;
      default -> random.nextLong(1L << 32);
    };
  }

  private static byte[] linkLayer(RandomGenerator random, int max) {
    return random.nextBoolean() ? MacGenerators.macs().next(random).toBytes() : body(random, max);
  }

  /** Random bytes, 1 to {@code max} of them, biased to 1 and {@code max}. */
  private static byte[] body(RandomGenerator random, int max) {
    int length =
        switch (random.nextInt(4)) {
          case 0 -> 1;
          case 1 -> max;
          default -> 1 + random.nextInt(max);
        };
    return randomBytes(random, length);
  }

  private static byte[] randomBytes(RandomGenerator random, int length) {
    byte[] bytes = new byte[length];
    fill(random, bytes, 0);
    return bytes;
  }

  private static void fill(RandomGenerator random, byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
  }

  private static String hex(byte[] bytes, String separator, boolean dropZeros, RandomGenerator r) {
    StringBuilder sb = new StringBuilder(bytes.length * 3);
    for (int i = 0; i < bytes.length; i++) {
      if (i > 0) {
        sb.append(separator);
      }
      String octet = String.format(java.util.Locale.ROOT, "%02x", bytes[i] & 0xff);
      sb.append(
          dropZeros && octet.charAt(0) == '0' && r.nextBoolean() ? octet.substring(1) : octet);
    }
    return sb.toString();
  }
}
