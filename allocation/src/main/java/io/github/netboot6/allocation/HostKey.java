package io.github.netboot6.allocation;

import static java.util.Objects.requireNonNull;

import io.github.netboot6.allocation.internal.Hashing;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.MalformedValueException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What the allocator knows a host by: its MAC address, a DUID, or a name chosen by the embedding
 * tool (an inventory id, a serial number). One host key holds at most one block.
 *
 * <p>A key has a compact encoded form, {@link #toBytes()}: one byte for the kind, then the MAC
 * address (6 bytes), the DUID (its wire bytes) or the name (UTF-8). Stores persist that form and
 * read it back with {@link #fromBytes(byte[])}; the {@linkplain AllocationStrategy#deterministic
 * deterministic strategy} hashes it.
 *
 * <pre>{@code
 * HostKey key = HostKey.ofMac(MacAddress.parse("52:54:00:12:34:56"));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe, and compare by value. The {@link #hashCode} mixes
 * every byte with a seed drawn once per process, so keys that differ only in their last bytes
 * spread, and a client cannot work out in advance keys that collide; it differs between processes,
 * so persist {@link #toBytes()}, never the hash.
 */
public final class HostKey {

  /** The longest name accepted by {@link #ofName}, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;

  /** The longest encoded form: the kind byte and the longest name. */
  public static final int MAX_ENCODED_LENGTH = 1 + MAX_NAME_BYTES;

  /** The kinds of host key. */
  public enum Kind {
    /** An EUI-48 MAC address; encoded kind byte 0. */
    MAC(0),
    /** A DHCPv6 DUID (RFC 8415 §11); encoded kind byte 1. */
    DUID(1),
    /** A name chosen by the embedding tool; encoded kind byte 2. */
    NAME(2);

    private final byte code;

    Kind(int code) {
      this.code = (byte) code;
    }

    /**
     * Returns the kind byte of the encoded form.
     *
     * @return 0, 1 or 2
     */
    public int code() {
      return code;
    }
  }

  // The hash's seed, drawn once per process. Not Arrays.hashCode: its base-31 sum maps keys that
  // differ only in their last bytes (a rack's sequential MACs, perfdhcp's clients) onto a few
  // values, e.g. 100,000 sequential DUID-LLTs onto 9,122, and every look-up in the allocator's
  // host index then walks a dozen equal hashes. Nor a fixed seed: a discovery pool keys clients
  // by the DUIDs they choose, and with a hash known in advance a client could pick DUIDs that
  // all share one.
  private static final long HASH_SEED = new SecureRandom().nextLong();

  private final byte[] encoded;
  private final int hash;

  private HostKey(byte[] encoded) {
    this.encoded = encoded;
    this.hash = (int) Hashing.hash(HASH_SEED, encoded);
  }

  /**
   * Returns the key of a MAC address.
   *
   * @param mac the MAC address
   * @return the key
   */
  public static HostKey ofMac(MacAddress mac) {
    byte[] bytes = new byte[1 + MacAddress.BYTES];
    bytes[0] = Kind.MAC.code;
    requireNonNull(mac, "mac").writeTo(bytes, 1);
    return new HostKey(bytes);
  }

  /**
   * Returns the key of a DUID.
   *
   * @param duid the DUID
   * @return the key
   */
  public static HostKey ofDuid(Duid duid) {
    byte[] bytes = new byte[1 + requireNonNull(duid, "duid").length()];
    bytes[0] = Kind.DUID.code;
    duid.writeTo(bytes, 1);
    return new HostKey(bytes);
  }

  /**
   * Returns the key of a name.
   *
   * @param name 1 to {@value #MAX_NAME_BYTES} UTF-8 bytes
   * @return the key
   * @throws IllegalArgumentException if {@code name} is empty or too long
   */
  public static HostKey ofName(String name) {
    byte[] utf8 = requireNonNull(name, "name").getBytes(StandardCharsets.UTF_8);
    if (utf8.length == 0 || utf8.length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "host name length: "
              + utf8.length
              + " UTF-8 bytes (expected: 1.."
              + MAX_NAME_BYTES
              + ")");
    }
    byte[] bytes = new byte[1 + utf8.length];
    bytes[0] = Kind.NAME.code;
    System.arraycopy(utf8, 0, bytes, 1, utf8.length);
    return new HostKey(bytes);
  }

  /**
   * Reads a key back from its {@linkplain #toBytes() encoded form}.
   *
   * @param encoded the encoded form
   * @return the key
   * @throws MalformedValueException if {@code encoded} is not a valid encoded key
   */
  public static HostKey fromBytes(byte[] encoded) {
    requireNonNull(encoded, "encoded");
    if (encoded.length < 2 || encoded.length > MAX_ENCODED_LENGTH) {
      throw MalformedValueException.ofBytes(
          "host key",
          encoded,
          0,
          Math.min(encoded.length, MAX_ENCODED_LENGTH),
          MalformedValueException.NO_INDEX,
          "length " + encoded.length + " (expected: 2.." + MAX_ENCODED_LENGTH + ")");
    }
    int kind = encoded[0];
    if (kind == Kind.MAC.code) {
      if (encoded.length != 1 + MacAddress.BYTES) {
        throw MalformedValueException.ofBytes(
            "host key",
            encoded,
            0,
            encoded.length,
            MalformedValueException.NO_INDEX,
            "MAC key length " + encoded.length + " (expected: 7)");
      }
    } else if (kind == Kind.DUID.code) {
      // Throws MalformedValueException for bytes that are not a DUID.
      Duid unused = Duid.fromBytes(encoded, 1, encoded.length - 1);
    } else if (kind != Kind.NAME.code) {
      throw MalformedValueException.ofBytes(
          "host key",
          encoded,
          0,
          encoded.length,
          0,
          "kind " + kind + " (expected: 0 MAC, 1 DUID or 2 NAME)");
    }
    return new HostKey(encoded.clone());
  }

  /**
   * Returns the kind of key.
   *
   * @return the kind
   */
  public Kind kind() {
    return encoded[0] == Kind.MAC.code
        ? Kind.MAC
        : encoded[0] == Kind.DUID.code ? Kind.DUID : Kind.NAME;
  }

  /**
   * Returns the encoded form: the kind byte, then the MAC address, DUID or UTF-8 name.
   *
   * @return a new array
   */
  public byte[] toBytes() {
    return encoded.clone();
  }

  /**
   * Returns the length of the encoded form.
   *
   * @return 2 to {@value #MAX_ENCODED_LENGTH}
   */
  public int encodedLength() {
    return encoded.length;
  }

  byte[] encodedUnsafe() {
    return encoded;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    // The same object needs no read of it: the allocator's tables hold the keys it was given.
    if (o == this) {
      return true;
    }
    return o instanceof HostKey other
        && hash == other.hash
        && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /**
   * Returns the key for logs, e.g. {@code mac:52:54:00:12:34:56}, {@code duid:00:03:00:01:...} or
   * {@code name:rack1-node7}.
   *
   * @return the text form
   */
  @Override
  public String toString() {
    return switch (kind()) {
      case MAC -> "mac:" + MacAddress.fromBytes(encoded, 1);
      case DUID -> "duid:" + Duid.fromBytes(encoded, 1, encoded.length - 1);
      case NAME -> "name:" + new String(encoded, 1, encoded.length - 1, StandardCharsets.UTF_8);
    };
  }
}
