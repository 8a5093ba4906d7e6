package io.github.netboot6.testkit;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Generators of DHCPv6 messages as raw bytes (RFC 8415 §8, §9, §21), valid and hostile, for
 * property tests of decoders.
 *
 * <p>The bytes are built here from the RFC layouts, independently of any Netboot6 codec, so that a
 * decoder under test is never its own oracle. Valid messages use the client/server header with
 * options in wire order (duplicates and unregistered codes included), IA_NA with IAADDR, IA_PD with
 * IAPREFIX, Vendor-specific Information with sub-options, and zero to four relay levels. Hostile
 * messages are truncated, bit-flipped or length-corrupted valid ones, random bytes, and relay or
 * option nesting around and beyond the usual limits. Example:
 *
 * <pre>{@code
 * RandomGenerator random = new SplittableRandom(42);
 * byte[] datagram = Dhcpv6Generators.hostileMessages().next(random);
 * }</pre>
 */
public final class Dhcpv6Generators {

  /** Option codes whose payload is opaque to a generic walker (no nested options, not 9). */
  private static final int[] LEAF_CODES = {
    1, 2, 6, 7, 8, 13, 14, 15, 16, 18, 23, 24, 37, 59, 61, 79
  };

  private static final int RELAY_FORW = 12;
  private static final int RELAY_REPL = 13;
  private static final int OPTION_RELAY_MSG = 9;
  private static final int OPTION_RSOO = 66;

  private Dhcpv6Generators() {}

  /**
   * Returns a generator of valid client/server messages: a random msg-type among 1-11, a random
   * transaction-id, and zero to eight options.
   *
   * @return the generator
   */
  public static Generator<byte[]> clientMessages() {
    return random -> {
      Sink out = new Sink();
      out.u8(1 + random.nextInt(11));
      out.u8(random.nextInt(256)).u16(random.nextInt(0x10000));
      int options = random.nextInt(9);
      for (int i = 0; i < options; i++) {
        option(random, out);
      }
      return out.toByteArray();
    };
  }

  /**
   * Returns a generator of valid messages wrapped in zero to four Relay-Forw or Relay-Repl levels,
   * each with an optional Interface-Id and Client Link-Layer Address.
   *
   * @return the generator
   */
  public static Generator<byte[]> relayedMessages() {
    return random -> {
      byte[] message = clientMessages().next(random);
      int levels = random.nextInt(5);
      for (int i = 0; i < levels; i++) {
        message = relay(random, message);
      }
      return message;
    };
  }

  /**
   * Returns a generator of hostile inputs: valid messages truncated anywhere, with bits flipped or
   * a 16-bit field overwritten; random bytes with or without a plausible header; relay chains of 28
   * to 40 levels; options nested 4 to 14 levels deep.
   *
   * @return the generator
   */
  public static Generator<byte[]> hostileMessages() {
    return Generator.mix(
        List.<Generator<byte[]>>of(
            random -> truncate(random, relayedMessages().next(random)),
            random -> flipBits(random, relayedMessages().next(random)),
            random -> overwrite16(random, relayedMessages().next(random)),
            Dhcpv6Generators::randomBytes,
            random -> withHeader(random, randomBytes(random)),
            random -> relayChain(clientMessages().next(random), 28 + random.nextInt(13)),
            random -> nestedOptions(4 + random.nextInt(11))));
  }

  /**
   * Wraps {@code message} in {@code levels} Relay-Forw messages, each with hop-count one less than
   * the level outside it, link-address 2001:db8::{level} and peer-address fe80::{level}, and a
   * single Relay Message option.
   *
   * @param message the innermost message
   * @param levels the number of relay levels, 0 or more
   * @return the outermost message
   * @throws IllegalArgumentException if {@code levels} is negative or the result exceeds 65,535
   *     bytes at some level
   */
  public static byte[] relayChain(byte[] message, int levels) {
    checkArgument(levels >= 0, "levels: %s (expected: >= 0)", levels);
    byte[] current = message;
    for (int level = 0; level < levels; level++) {
      checkArgument(current.length <= 0xffff, "relay message of %s bytes", current.length);
      Sink out = new Sink();
      out.u8(RELAY_FORW).u8(level);
      out.u64(0x20010db800000000L).u64(level);
      out.u64(0xfe80000000000000L).u64(level);
      out.u16(OPTION_RELAY_MSG).u16(current.length).bytes(current);
      current = out.toByteArray();
    }
    return current;
  }

  /**
   * Returns a Solicit whose one option is a Relay-Supplied Options container (option 66, no fixed
   * header, RFC 6422) holding another, {@code depth} containers deep in all.
   *
   * @param depth the number of nested containers, 1 or more
   * @return the message
   * @throws IllegalArgumentException if {@code depth} is below 1
   */
  public static byte[] nestedOptions(int depth) {
    checkArgument(depth >= 1, "depth: %s (expected: >= 1)", depth);
    byte[] inner = new byte[0];
    for (int i = 0; i < depth; i++) {
      inner = new Sink().u16(OPTION_RSOO).u16(inner.length).bytes(inner).toByteArray();
    }
    return new Sink().u8(1).u8(0).u16(1).bytes(inner).toByteArray();
  }

  private static void option(RandomGenerator random, Sink out) {
    switch (random.nextInt(5)) {
      case 0 -> iaNa(random, out);
      case 1 -> iaPd(random, out);
      case 2 -> vendorOptions(random, out);
      case 3 -> {
        int code = 200 + random.nextInt(0x10000 - 200);
        opaque(random, out, code);
      }
      default -> opaque(random, out, LEAF_CODES[random.nextInt(LEAF_CODES.length)]);
    }
  }

  private static void opaque(RandomGenerator random, Sink out, int code) {
    byte[] value = new byte[random.nextInt(41)];
    random.nextBytes(value);
    out.u16(code).u16(value.length).bytes(value);
  }

  // IA_NA (RFC 8415 §21.4) with zero to two IAADDR (§21.6), each with an optional Status Code.
  private static void iaNa(RandomGenerator random, Sink out) {
    Sink body = new Sink().u32(random.nextInt()).u32(3600).u32(5400);
    int addresses = random.nextInt(3);
    for (int i = 0; i < addresses; i++) {
      Sink address = new Sink().u64(0x20010db800000000L).u64(random.nextLong());
      address.u32(7200).u32(10800);
      if (random.nextBoolean()) {
        address.u16(13).u16(2 + 7).u16(0).bytes(new byte[] {'S', 'u', 'c', 'c', 'e', 's', 's'});
      }
      body.u16(5).u16(address.size()).bytes(address.toByteArray());
    }
    out.u16(3).u16(body.size()).bytes(body.toByteArray());
  }

  // IA_PD (RFC 8415 §21.21) with one IAPREFIX (§21.22).
  private static void iaPd(RandomGenerator random, Sink out) {
    Sink prefix = new Sink().u32(7200).u32(10800).u8(56);
    prefix.u64(0x20010db800000000L | (random.nextLong() & 0xffff_ff00L)).u64(0);
    Sink body = new Sink().u32(random.nextInt()).u32(0).u32(0);
    body.u16(26).u16(prefix.size()).bytes(prefix.toByteArray());
    out.u16(25).u16(body.size()).bytes(body.toByteArray());
  }

  // Vendor-specific Information (RFC 8415 §21.17): enterprise-number, then sub-options.
  private static void vendorOptions(RandomGenerator random, Sink out) {
    Sink body = new Sink().u32(343);
    int options = random.nextInt(3);
    for (int i = 0; i < options; i++) {
      opaque(random, body, 1 + random.nextInt(0xffff));
    }
    out.u16(17).u16(body.size()).bytes(body.toByteArray());
  }

  private static byte[] relay(RandomGenerator random, byte[] message) {
    Sink out = new Sink();
    out.u8(random.nextBoolean() ? RELAY_FORW : RELAY_REPL).u8(random.nextInt(8));
    out.u64(random.nextLong()).u64(random.nextLong()).u64(random.nextLong()).u64(random.nextLong());
    if (random.nextBoolean()) {
      out.u16(18).u16(4).bytes(new byte[] {'e', 't', 'h', '0'});
    }
    if (random.nextBoolean()) {
      out.u16(79).u16(8).u16(1).u16(0x5254).u32(random.nextInt());
    }
    out.u16(OPTION_RELAY_MSG).u16(message.length).bytes(message);
    return out.toByteArray();
  }

  private static byte[] truncate(RandomGenerator random, byte[] message) {
    return Arrays.copyOf(message, random.nextInt(message.length + 1));
  }

  private static byte[] flipBits(RandomGenerator random, byte[] message) {
    if (message.length > 0) {
      int flips = 1 + random.nextInt(8);
      for (int i = 0; i < flips; i++) {
        message[random.nextInt(message.length)] ^= (byte) (1 << random.nextInt(8));
      }
    }
    return message;
  }

  private static byte[] overwrite16(RandomGenerator random, byte[] message) {
    if (message.length >= 2) {
      int at = random.nextInt(message.length - 1);
      int value = random.nextInt(0x10000);
      message[at] = (byte) (value >>> 8);
      message[at + 1] = (byte) value;
    }
    return message;
  }

  private static byte[] randomBytes(RandomGenerator random) {
    byte[] bytes = new byte[random.nextInt(201)];
    random.nextBytes(bytes);
    return bytes;
  }

  // A msg-type that the walker will parse (client/server or relay) over random bytes.
  private static byte[] withHeader(RandomGenerator random, byte[] bytes) {
    if (bytes.length > 0) {
      bytes[0] = (byte) (random.nextBoolean() ? 1 + random.nextInt(11) : RELAY_FORW);
    }
    return bytes;
  }

  /** A big-endian byte sink. */
  private static final class Sink {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @CanIgnoreReturnValue
    Sink u8(int value) {
      out.write(value);
      return this;
    }

    @CanIgnoreReturnValue
    Sink u16(int value) {
      return u8(value >>> 8).u8(value);
    }

    @CanIgnoreReturnValue
    Sink u32(int value) {
      return u16(value >>> 16).u16(value);
    }

    @CanIgnoreReturnValue
    Sink u64(long value) {
      return u32((int) (value >>> 32)).u32((int) value);
    }

    @CanIgnoreReturnValue
    Sink bytes(byte[] value) {
      out.write(value, 0, value.length);
      return this;
    }

    int size() {
      return out.size();
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
