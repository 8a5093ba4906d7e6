package io.github.netboot6.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import com.google.errorprone.annotations.Immutable;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An IEEE 802 MAC address (EUI-48), held in the low 48 bits of a {@code long}.
 *
 * <p>Instances are immutable, ordered by their numeric value, and equal when their 48 bits are
 * equal. Example:
 *
 * <pre>{@code
 * MacAddress mac = MacAddress.parse("00-1A-2B-3C-4D-5E");
 * mac.toString();                          // "00:1a:2b:3c:4d:5e"
 * mac.toString(MacAddress.Notation.DOTTED); // "001a.2b3c.4d5e"
 * long iid = mac.toModifiedEui64();        // 0x021a2bfffe3c4d5eL (RFC 4291 Appendix A)
 * }</pre>
 *
 * <p>Parsing accepts these notations, in either letter case:
 *
 * <ul>
 *   <li>colon, {@code 00:1a:2b:3c:4d:5e}, where an octet may also have a single digit ({@code
 *       0:1a:2b:3:4d:5e}) because BSD and macOS tools print it that way;
 *   <li>hyphen, {@code 00-1A-2B-3C-4D-5E} (IEEE 802 canonical form, Windows), two digits per octet;
 *   <li>dotted, {@code 001a.2b3c.4d5e} (Cisco), four digits per group;
 *   <li>bare, {@code 001a2b3c4d5e}, exactly twelve digits.
 * </ul>
 *
 * <p>Separators must not be mixed, and no whitespace, prefix ({@code 0x}) or other character is
 * accepted. Bad text is reported with {@link MalformedValueException}, with the character index of
 * the problem.
 */
@Immutable
public final class MacAddress implements Comparable<MacAddress> {

  /** The number of bytes in a MAC address: {@value}. */
  public static final int BYTES = 6;

  /** The all-zero address {@code 00:00:00:00:00:00}, used where no address is known. */
  public static final MacAddress ZERO = new MacAddress(0L);

  /** The broadcast address {@code ff:ff:ff:ff:ff:ff}. */
  public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);

  private static final long MASK = 0xffff_ffff_ffffL;
  private static final long GROUP_BIT = 1L << 40;
  private static final long LOCAL_BIT = 1L << 41;
  private static final long IID_LOCAL_BIT = 1L << 57;
  private static final long IID_FFFE = 0xfffeL << 24;
  private static final long IID_FFFE_MASK = 0xffffL << 24;

  /**
   * The text forms of a MAC address, for {@link #toString(Notation)} and {@link
   * #toUpperCaseString(Notation)}.
   */
  public enum Notation {
    /** Colon-separated octets, {@code 00:1a:2b:3c:4d:5e}. */
    COLON,
    /** Hyphen-separated octets, {@code 00-1a-2b-3c-4d-5e} (IEEE 802 uses it in upper case). */
    HYPHEN,
    /** Three dot-separated groups of four digits, {@code 001a.2b3c.4d5e} (Cisco). */
    DOTTED,
    /** Twelve digits with no separator, {@code 001a2b3c4d5e}. */
    BARE
  }

  private final long value;

  private MacAddress(long value) {
    this.value = value;
  }

  /**
   * Returns the MAC address whose 48 bits are the low 48 bits of {@code value}; the first octet is
   * bits 47 to 40.
   *
   * @param value the address as a number, {@code 0} to {@code 0xffff_ffff_ffffL}
   * @return the address
   * @throws IllegalArgumentException if {@code value} has any of bits 48 to 63 set
   */
  public static MacAddress fromLong(long value) {
    checkArgument((value & ~MASK) == 0, "value: 0x%s (expected: 48 bits)", Long.toHexString(value));
    return new MacAddress(value);
  }

  /**
   * Returns the MAC address in {@code bytes}, which must hold exactly six bytes in transmission
   * order.
   *
   * @param bytes the six bytes of the address
   * @return the address
   * @throws MalformedValueException if {@code bytes} does not have exactly six bytes
   */
  public static MacAddress fromBytes(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw MalformedValueException.ofBytes(
          MacAddressParser.KIND,
          bytes,
          0,
          bytes.length,
          MalformedValueException.NO_INDEX,
          "length: " + bytes.length + " bytes (expected: 6)");
    }
    return fromBytes(bytes, 0);
  }

  /**
   * Returns the MAC address in the six bytes of {@code bytes} starting at {@code offset}.
   *
   * @param bytes the array holding the address
   * @param offset the index of the first byte of the address
   * @return the address
   * @throws IndexOutOfBoundsException if {@code offset} is negative or fewer than six bytes follow
   *     it
   */
  public static MacAddress fromBytes(byte[] bytes, int offset) {
    Objects.checkFromIndexSize(offset, BYTES, bytes.length);
    long v = 0;
    for (int i = 0; i < BYTES; i++) {
      v = (v << 8) | (bytes[offset + i] & 0xff);
    }
    return new MacAddress(v);
  }

  /**
   * Parses a MAC address in colon, hyphen, dotted or bare notation (see the class description).
   *
   * @param text the text, e.g. {@code "00:1a:2b:3c:4d:5e"}
   * @return the address
   * @throws MalformedValueException if {@code text} is not a MAC address in one of those notations;
   *     its message and {@link MalformedValueException#index()} give the position of the problem
   */
  public static MacAddress parse(CharSequence text) {
    return new MacAddress(MacAddressParser.parse(text, true));
  }

  /**
   * Parses a MAC address like {@link #parse}, but returns {@code null} instead of throwing.
   *
   * @param text the text
   * @return the address, or {@code null} if {@code text} is not a MAC address
   */
  public static @Nullable MacAddress tryParse(CharSequence text) {
    long v = MacAddressParser.parse(text, false);
    return v == MacAddressParser.INVALID ? null : new MacAddress(v);
  }

  /**
   * Tells whether {@link #parse} would accept {@code text}.
   *
   * @param text the text
   * @return {@code true} if {@code text} is a MAC address in a notation {@link #parse} accepts
   */
  public static boolean isValid(CharSequence text) {
    return MacAddressParser.parse(text, false) != MacAddressParser.INVALID;
  }

  /**
   * Returns the MAC address from which a modified EUI-64 interface identifier was derived (RFC 4291
   * Appendix A), if it was: octets 3 and 4 of the identifier are {@code ff:fe}, which are removed,
   * and the universal/local bit is flipped back.
   *
   * <p>An empty result means the identifier was not formed from a MAC address, for example a
   * stable-privacy (RFC 7217) or temporary (RFC 8981) identifier; no address is invented for it. A
   * random identifier has {@code ff:fe} in that place by chance once in 65,536, so a result is
   * evidence, not proof.
   *
   * @param interfaceIdentifier the low 64 bits of an IPv6 address
   * @return the MAC address, or empty if the identifier is not EUI-64 derived
   */
  public static Optional<MacAddress> fromModifiedEui64(long interfaceIdentifier) {
    if (!isEui64Derived(interfaceIdentifier)) {
      return Optional.empty();
    }
    long v = ((interfaceIdentifier >>> 40) << 24) | (interfaceIdentifier & 0xff_ffffL);
    return Optional.of(new MacAddress(v ^ LOCAL_BIT));
  }

  /**
   * Tells whether an interface identifier has the form of a modified EUI-64 identifier derived from
   * a 48-bit MAC address: {@code ff:fe} in octets 3 and 4 (RFC 4291 Appendix A).
   *
   * @param interfaceIdentifier the low 64 bits of an IPv6 address
   * @return {@code true} if {@link #fromModifiedEui64} returns an address for it
   */
  public static boolean isEui64Derived(long interfaceIdentifier) {
    return (interfaceIdentifier & IID_FFFE_MASK) == IID_FFFE;
  }

  /**
   * Returns the modified EUI-64 interface identifier formed from this address (RFC 4291 Appendix
   * A): {@code ff:fe} inserted between the third and fourth octets and the universal/local bit
   * inverted. For {@code 34-56-78-9A-BC-DE} it is {@code 3656:78ff:fe9a:bcde}.
   *
   * @return the interface identifier, the low 64 bits of an IPv6 address
   */
  public long toModifiedEui64() {
    long oui = value >>> 24;
    long nic = value & 0xff_ffffL;
    return ((oui << 40) | IID_FFFE | nic) ^ IID_LOCAL_BIT;
  }

  /**
   * Returns the address as a number: the first octet is bits 47 to 40.
   *
   * @return the address, {@code 0} to {@code 0xffff_ffff_ffffL}
   */
  public long toLong() {
    return value;
  }

  /**
   * Returns the six bytes of the address in transmission order, in a new array.
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    byte[] bytes = new byte[BYTES];
    writeTo(bytes, 0);
    return bytes;
  }

  /**
   * Writes the six bytes of the address into {@code destination} at {@code offset}, touching no
   * other byte.
   *
   * @param destination the array to write into
   * @param offset the index of the first byte to write
   * @return the number of bytes written, always {@value #BYTES}
   * @throws IndexOutOfBoundsException if {@code offset} is negative or fewer than six bytes follow
   *     it
   */
  @CanIgnoreReturnValue
  public int writeTo(byte[] destination, int offset) {
    Objects.checkFromIndexSize(offset, BYTES, destination.length);
    for (int i = 0; i < BYTES; i++) {
      destination[offset + i] = (byte) (value >>> (40 - 8 * i));
    }
    return BYTES;
  }

  /**
   * Tells whether this is a group (multicast or broadcast) address: the I/G bit, the least
   * significant bit of the first octet, is set (IEEE 802).
   *
   * @return {@code true} for a group address
   */
  public boolean isMulticast() {
    return (value & GROUP_BIT) != 0;
  }

  /**
   * Tells whether this address is locally administered: the U/L bit, the second least significant
   * bit of the first octet, is set (IEEE 802). Virtual machines and randomised addresses usually
   * are.
   *
   * @return {@code true} for a locally administered address
   */
  public boolean isLocallyAdministered() {
    return (value & LOCAL_BIT) != 0;
  }

  /**
   * Tells whether this is the broadcast address {@code ff:ff:ff:ff:ff:ff}.
   *
   * @return {@code true} for the broadcast address
   */
  public boolean isBroadcast() {
    return value == MASK;
  }

  /**
   * Tells whether this is the all-zero address {@code 00:00:00:00:00:00}.
   *
   * @return {@code true} for the all-zero address
   */
  public boolean isZero() {
    return value == 0;
  }

  /**
   * Returns the address in lower-case colon notation, {@code 00:1a:2b:3c:4d:5e}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return format(Notation.COLON, false);
  }

  /**
   * Returns the address in the given notation, with lower-case digits, two per octet.
   *
   * @param notation the notation
   * @return the text, which {@link #parse} reads back to this address
   */
  public String toString(Notation notation) {
    return format(notation, false);
  }

  /**
   * Returns the address in the given notation, with upper-case digits, two per octet; {@code
   * toUpperCaseString(Notation.HYPHEN)} is the IEEE 802 canonical form {@code 00-1A-2B-3C-4D-5E}.
   *
   * @param notation the notation
   * @return the text, which {@link #parse} reads back to this address
   */
  public String toUpperCaseString(Notation notation) {
    return format(notation, true);
  }

  private String format(Notation notation, boolean upperCase) {
    StringBuilder sb = new StringBuilder(17);
    for (int i = 0; i < BYTES; i++) {
      if (i > 0) {
        switch (notation) {
          case COLON -> sb.append(':');
          case HYPHEN -> sb.append('-');
          case DOTTED -> {
            if (i % 2 == 0) {
              sb.append('.');
            }
          }
          case BARE -> {}
        }
      }
      Hex.appendOctet(sb, (int) (value >>> (40 - 8 * i)), upperCase);
    }
    return sb.toString();
  }

  /**
   * Compares two addresses by their numeric value, which is also the order of their text forms.
   *
   * @param other the address to compare with
   * @return a negative number, zero or a positive number as this address is less than, equal to or
   *     greater than {@code other}
   */
  @Override
  public int compareTo(MacAddress other) {
    return Long.compare(value, other.value);
  }

  /**
   * Tells whether {@code obj} is a MAC address with the same 48 bits.
   *
   * @param obj the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof MacAddress other && other.value == value;
  }

  /**
   * Returns a hash code derived from the 48 bits.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }
}
