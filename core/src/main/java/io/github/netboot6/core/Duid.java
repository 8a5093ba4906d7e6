package io.github.netboot6.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import com.google.errorprone.annotations.Immutable;
import io.github.netboot6.core.internal.ByteHash;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A DHCP Unique Identifier (RFC 8415 §11): how a DHCPv6 client or server identifies itself.
 *
 * <p>A DUID is a 2-byte type code followed by 1 to 128 bytes of identifier, so 3 to 130 bytes in
 * all (RFC 8415 §11.1). The four assigned types have a layout this class reads; a DUID of any other
 * type is kept as raw bytes, with only the overall length checked:
 *
 * <table>
 *   <caption>DUID layouts</caption>
 *   <tr><th>type</th><th>layout after the type code</th><th>total length</th></tr>
 *   <tr><td>1 LLT (§11.2)</td><td>hardware type (2), time (4), link-layer address</td>
 *       <td>9..130</td></tr>
 *   <tr><td>2 EN (§11.3)</td><td>enterprise number (4), identifier</td><td>7..130</td></tr>
 *   <tr><td>3 LL (§11.4)</td><td>hardware type (2), link-layer address</td><td>5..130</td></tr>
 *   <tr><td>4 UUID (RFC 6355 §4)</td><td>UUID (16)</td><td>18</td></tr>
 * </table>
 *
 * <p>The link-layer address of DUID-LLT and DUID-LL must have at least one byte; RFC 8415 sets no
 * lower bound, but an empty one identifies nothing.
 *
 * <p>Instances are immutable and equal when their bytes are equal. Example:
 *
 * <pre>{@code
 * Duid duid = Duid.parse("00:03:00:01:00:1a:2b:3c:4d:5e");
 * duid.type();          // DuidType.LL
 * duid.macAddress();    // Optional[00:1a:2b:3c:4d:5e]
 * Duid.uuidFromSmbios(UUID.fromString("8c3d9a58-1b2e-4c5f-9a0b-112233445566")).toString();
 *                       // "00:04:58:9a:3d:8c:2e:1b:5f:4c:9a:0b:11:22:33:44:55:66", as EDK2 sends it
 * }</pre>
 *
 * <p>The type-specific accessors ({@link #hardwareType()}, {@link #time()}, {@link #uuid()} ...)
 * return an empty optional for a DUID of another type instead of throwing, so that code handling
 * DUIDs from the network needs no type switch before asking.
 */
@Immutable
public final class Duid {

  /** The shortest DUID in bytes, including the type code: {@value} (RFC 8415 §11.1). */
  public static final int MIN_LENGTH = DuidFormat.MIN_LENGTH;

  /** The longest DUID in bytes, including the type code: {@value} (RFC 8415 §11.1). */
  public static final int MAX_LENGTH = DuidFormat.MAX_LENGTH;

  /** The hardware type of Ethernet in the IANA "Hardware Types" registry: {@value}. */
  public static final int HARDWARE_TYPE_ETHERNET = 1;

  /** The origin of the time field of a DUID-LLT: midnight UTC, 1 January 2000 (RFC 8415 §11.2). */
  public static final Instant TIME_EPOCH = Instant.parse("2000-01-01T00:00:00Z");

  private static final int UUID_LENGTH = 18;

  @SuppressWarnings("Immutable") // never written after construction and never handed out
  private final byte[] bytes;

  private Duid(byte[] bytes) {
    this.bytes = bytes;
  }

  // ---------------------------------------------------------------- factories

  /**
   * Returns a DUID-LLT for an Ethernet-like MAC address (RFC 8415 §11.2).
   *
   * @param hardwareType the IANA hardware type, usually {@link #HARDWARE_TYPE_ETHERNET}
   * @param time seconds since {@link #TIME_EPOCH}, modulo 2<sup>32</sup>, as an unsigned value
   * @param macAddress the link-layer address
   * @return the DUID
   * @throws IllegalArgumentException if {@code hardwareType} is not 0..65535 or {@code time} is not
   *     0..4294967295
   */
  public static Duid llt(int hardwareType, long time, MacAddress macAddress) {
    return llt(hardwareType, time, macAddress.toBytes());
  }

  /**
   * Returns a DUID-LLT for any link-layer address (RFC 8415 §11.2).
   *
   * @param hardwareType the IANA hardware type of the link
   * @param time seconds since {@link #TIME_EPOCH}, modulo 2<sup>32</sup>, as an unsigned value
   * @param linkLayerAddress the link-layer address, 1 to 122 bytes; it is copied
   * @return the DUID
   * @throws IllegalArgumentException if {@code hardwareType} is not 0..65535, {@code time} is not
   *     0..4294967295 or {@code linkLayerAddress} does not have 1 to 122 bytes
   */
  public static Duid llt(int hardwareType, long time, byte[] linkLayerAddress) {
    checkHardwareType(hardwareType);
    checkArgument(time >= 0 && time <= 0xffff_ffffL, "time: %s (expected: 0..4294967295)", time);
    checkBody("link-layer address", linkLayerAddress.length, MAX_LENGTH - 8);
    byte[] b = new byte[8 + linkLayerAddress.length];
    putShort(b, 0, DuidType.LLT.code());
    putShort(b, 2, hardwareType);
    putInt(b, 4, time);
    System.arraycopy(linkLayerAddress, 0, b, 8, linkLayerAddress.length);
    return new Duid(b);
  }

  /**
   * Returns a DUID-EN (RFC 8415 §11.3).
   *
   * @param enterpriseNumber the vendor's IANA private enterprise number, 0..4294967295
   * @param identifier the vendor-assigned identifier, 1 to 124 bytes; it is copied
   * @return the DUID
   * @throws IllegalArgumentException if {@code enterpriseNumber} is out of range or {@code
   *     identifier} does not have 1 to 124 bytes
   */
  public static Duid en(long enterpriseNumber, byte[] identifier) {
    checkArgument(
        enterpriseNumber >= 0 && enterpriseNumber <= 0xffff_ffffL,
        "enterprise number: %s (expected: 0..4294967295)",
        enterpriseNumber);
    checkBody("identifier", identifier.length, MAX_LENGTH - 6);
    byte[] b = new byte[6 + identifier.length];
    putShort(b, 0, DuidType.EN.code());
    putInt(b, 2, enterpriseNumber);
    System.arraycopy(identifier, 0, b, 6, identifier.length);
    return new Duid(b);
  }

  /**
   * Returns a DUID-LL for a MAC address (RFC 8415 §11.4).
   *
   * @param hardwareType the IANA hardware type, usually {@link #HARDWARE_TYPE_ETHERNET}
   * @param macAddress the link-layer address
   * @return the DUID
   * @throws IllegalArgumentException if {@code hardwareType} is not 0..65535
   */
  public static Duid ll(int hardwareType, MacAddress macAddress) {
    return ll(hardwareType, macAddress.toBytes());
  }

  /**
   * Returns a DUID-LL for any link-layer address (RFC 8415 §11.4).
   *
   * @param hardwareType the IANA hardware type of the link
   * @param linkLayerAddress the link-layer address, 1 to 126 bytes; it is copied
   * @return the DUID
   * @throws IllegalArgumentException if {@code hardwareType} is not 0..65535 or {@code
   *     linkLayerAddress} does not have 1 to 126 bytes
   */
  public static Duid ll(int hardwareType, byte[] linkLayerAddress) {
    checkHardwareType(hardwareType);
    checkBody("link-layer address", linkLayerAddress.length, MAX_LENGTH - 4);
    byte[] b = new byte[4 + linkLayerAddress.length];
    putShort(b, 0, DuidType.LL.code());
    putShort(b, 2, hardwareType);
    System.arraycopy(linkLayerAddress, 0, b, 4, linkLayerAddress.length);
    return new Duid(b);
  }

  /**
   * Returns a DUID-UUID with the UUID in network byte order (RFC 6355 §4), as iPXE sends it.
   *
   * @param uuid the UUID
   * @return the DUID, whose {@link #uuid()} is {@code uuid}
   */
  public static Duid uuid(UUID uuid) {
    byte[] b = new byte[UUID_LENGTH];
    putShort(b, 0, DuidType.UUID.code());
    putLong(b, 2, uuid.getMostSignificantBits());
    putLong(b, 10, uuid.getLeastSignificantBits());
    return new Duid(b);
  }

  /**
   * Returns a DUID-UUID with an SMBIOS system UUID in the byte order SMBIOS stores it (first three
   * fields little-endian), as UEFI firmware (EDK2, OVMF) sends it.
   *
   * @param smbiosUuid the system UUID as {@code dmidecode} prints it
   * @return the DUID, whose {@link #smbiosUuid()} is {@code smbiosUuid}
   */
  public static Duid uuidFromSmbios(UUID smbiosUuid) {
    return uuid(UuidOrder.swapSmbios(smbiosUuid));
  }

  /**
   * Returns the DUID in {@code bytes}, which must hold exactly one DUID.
   *
   * @param bytes the DUID bytes, type code first; they are copied
   * @return the DUID
   * @throws MalformedValueException if the bytes are not a DUID: fewer than 3 or more than 130
   *     bytes, or too few or too many for their type (see the class description)
   */
  public static Duid fromBytes(byte[] bytes) {
    return fromBytes(bytes, 0, bytes.length);
  }

  /**
   * Returns the DUID in {@code bytes[offset..offset+length)}.
   *
   * @param bytes the array holding the DUID
   * @param offset the index of the first byte (the type code)
   * @param length the length of the DUID in bytes
   * @return the DUID, with its own copy of the bytes
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} are outside {@code
   *     bytes}
   * @throws MalformedValueException if the bytes are not a DUID (see {@link #fromBytes(byte[])})
   */
  public static Duid fromBytes(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    String problem = DuidFormat.problem(bytes, offset, length);
    if (problem != null) {
      throw MalformedValueException.ofBytes(
          DuidFormat.KIND, bytes, offset, length, MalformedValueException.NO_INDEX, problem);
    }
    return new Duid(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /**
   * Tells whether {@link #fromBytes(byte[])} would accept {@code bytes}.
   *
   * @param bytes the candidate DUID bytes
   * @return {@code true} if they are a DUID
   */
  public static boolean isValid(byte[] bytes) {
    return DuidFormat.problem(bytes, 0, bytes.length) == null;
  }

  /**
   * Parses a DUID written as hexadecimal octets, in either letter case: colon-separated as dnsmasq,
   * dhclient, systemd-networkd and NetworkManager write it ({@code 00:01:00:01:...}, where an octet
   * may have one digit as ISC tools accept), hyphen-separated as Windows {@code ipconfig} shows it
   * ({@code 00-01-00-01-...}, two digits per octet), or unseparated ({@code 00010001...}).
   * Separators must not be mixed. The result must pass the checks of {@link #fromBytes(byte[])}.
   *
   * @param text the text
   * @return the DUID
   * @throws MalformedValueException if {@code text} is not a DUID in one of those forms; its {@link
   *     MalformedValueException#index()} is the character index of the problem, or {@link
   *     MalformedValueException#NO_INDEX} for a length that does not suit the type
   */
  public static Duid parse(CharSequence text) {
    return new Duid(Objects.requireNonNull(DuidFormat.parse(text, true)));
  }

  /**
   * Parses a DUID like {@link #parse}, but returns {@code null} instead of throwing.
   *
   * @param text the text
   * @return the DUID, or {@code null} if {@code text} is not a DUID
   */
  public static @Nullable Duid tryParse(CharSequence text) {
    byte[] b = DuidFormat.parse(text, false);
    return b == null ? null : new Duid(b);
  }

  /**
   * Tells whether {@link #parse} would accept {@code text}.
   *
   * @param text the text
   * @return {@code true} if {@code text} is a DUID in a form {@link #parse} accepts
   */
  public static boolean isValid(CharSequence text) {
    return DuidFormat.parse(text, false) != null;
  }

  // ---------------------------------------------------------------- whole DUID

  /**
   * Returns the type of this DUID; for a type this library does not know, {@link
   * DuidType#isKnown()} is false.
   *
   * @return the type
   */
  public DuidType type() {
    return DuidType.valueOf(typeCode());
  }

  /**
   * Returns the 16-bit type code, the first two bytes.
   *
   * @return the type code, 0..65535
   */
  public int typeCode() {
    return getShort(0);
  }

  /**
   * Returns the length of the DUID in bytes, including the type code.
   *
   * @return the length, {@value #MIN_LENGTH} to {@value #MAX_LENGTH}
   */
  public int length() {
    return bytes.length;
  }

  /**
   * Returns the bytes of the DUID, type code first, in a new array.
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /**
   * Writes the bytes of the DUID into {@code destination} at {@code offset}, touching no other
   * byte.
   *
   * @param destination the array to write into
   * @param offset the index of the first byte to write
   * @return the number of bytes written, {@link #length()}
   * @throws IndexOutOfBoundsException if {@code offset} is negative or fewer than {@link #length()}
   *     bytes follow it
   */
  @CanIgnoreReturnValue
  public int writeTo(byte[] destination, int offset) {
    Objects.checkFromIndexSize(offset, bytes.length, destination.length);
    System.arraycopy(bytes, 0, destination, offset, bytes.length);
    return bytes.length;
  }

  /**
   * Tells whether {@code bytes[offset..offset+length)} holds exactly this DUID, without copying or
   * allocating; for matching a DUID read off the wire against known ones.
   *
   * @param bytes the array holding the candidate
   * @param offset the index of its first byte
   * @param length its length
   * @return {@code true} if the range has this DUID's length and bytes
   * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
   */
  public boolean equalsBytes(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return length == this.bytes.length
        && Arrays.equals(this.bytes, 0, length, bytes, offset, offset + length);
  }

  // ---------------------------------------------------------------- LLT and LL

  /**
   * Returns the hardware type of a DUID-LLT or DUID-LL (RFC 8415 §11.2, §11.4).
   *
   * @return the IANA hardware type, or empty for another DUID type
   */
  public OptionalInt hardwareType() {
    int type = typeCode();
    return type == 1 || type == 3 ? OptionalInt.of(getShort(2)) : OptionalInt.empty();
  }

  /**
   * Returns the link-layer address of a DUID-LLT or DUID-LL, in a new array (RFC 8415 §11.2,
   * §11.4). It is the address of whichever interface the client chose when it made the DUID, not
   * necessarily of the interface it sends on.
   *
   * @return the address bytes, or empty for another DUID type
   */
  public Optional<byte[]> linkLayerAddress() {
    int start = linkLayerStart();
    return start < 0
        ? Optional.empty()
        : Optional.of(Arrays.copyOfRange(bytes, start, bytes.length));
  }

  /**
   * Returns the MAC address of a DUID-LLT or DUID-LL whose hardware type is Ethernet (1) and whose
   * link-layer address has six bytes.
   *
   * @return the MAC address, or empty for any other DUID
   */
  public Optional<MacAddress> macAddress() {
    int start = linkLayerStart();
    if (start < 0
        || getShort(2) != HARDWARE_TYPE_ETHERNET
        || bytes.length - start != MacAddress.BYTES) {
      return Optional.empty();
    }
    return Optional.of(MacAddress.fromBytes(bytes, start));
  }

  /**
   * Returns the time field of a DUID-LLT: seconds since {@link #TIME_EPOCH}, modulo 2<sup>32</sup>
   * (RFC 8415 §11.2).
   *
   * @return the time as an unsigned value, 0..4294967295, or empty for another DUID type
   */
  public OptionalLong time() {
    return typeCode() == 1 ? OptionalLong.of(getInt(4)) : OptionalLong.empty();
  }

  /**
   * Returns the time field of a DUID-LLT as an instant: {@link #TIME_EPOCH} plus {@link #time()}
   * seconds. The field wraps around in 2136; past that a real time reads 136 years too early.
   *
   * @return the instant the DUID claims it was made, or empty for another DUID type
   */
  public Optional<Instant> timeAsInstant() {
    OptionalLong time = time();
    return time.isPresent()
        ? Optional.of(TIME_EPOCH.plusSeconds(time.getAsLong()))
        : Optional.empty();
  }

  // ---------------------------------------------------------------- EN

  /**
   * Returns the enterprise number of a DUID-EN (RFC 8415 §11.3).
   *
   * @return the IANA private enterprise number, 0..4294967295, or empty for another DUID type
   */
  public OptionalLong enterpriseNumber() {
    return typeCode() == 2 ? OptionalLong.of(getInt(2)) : OptionalLong.empty();
  }

  /**
   * Returns the vendor-assigned identifier of a DUID-EN, in a new array (RFC 8415 §11.3).
   *
   * @return the identifier bytes, or empty for another DUID type
   */
  public Optional<byte[]> identifier() {
    return typeCode() == 2
        ? Optional.of(Arrays.copyOfRange(bytes, 6, bytes.length))
        : Optional.empty();
  }

  // ---------------------------------------------------------------- UUID

  /**
   * Returns the UUID of a DUID-UUID read in network byte order (RFC 6355 §4), as iPXE writes it.
   * For a DUID from UEFI firmware, which writes the SMBIOS byte order, use {@link #smbiosUuid()}.
   *
   * @return the UUID, or empty for another DUID type
   */
  public Optional<UUID> uuid() {
    return typeCode() == 4 ? Optional.of(new UUID(getLong(2), getLong(10))) : Optional.empty();
  }

  /**
   * Returns the UUID of a DUID-UUID read in SMBIOS byte order: the first three fields
   * little-endian, the rest in network order, as UEFI firmware (EDK2, OVMF) writes the system UUID.
   * For such a DUID the result equals the UUID {@code dmidecode} prints.
   *
   * <p>Nothing in the DUID says which order its sender used; an identity resolver should try both
   * against its inventory.
   *
   * @return the UUID, or empty for another DUID type
   */
  public Optional<UUID> smbiosUuid() {
    return uuid().map(UuidOrder::swapSmbios);
  }

  /**
   * Tells whether this is a DUID-UUID whose UUID is all zero bits (the nil UUID). iPXE sends it
   * when the machine has no SMBIOS UUID, so many machines share it and it identifies none of them.
   *
   * @return {@code true} for a DUID-UUID with the nil UUID
   */
  public boolean isNilUuid() {
    return isUuidFilledWith((byte) 0);
  }

  /**
   * Tells whether this is a DUID-UUID whose UUID is all one bits ({@code ffffffff-ffff-...}), which
   * firmware uses for "not set", so it identifies no machine.
   *
   * @return {@code true} for a DUID-UUID with the all-ones UUID
   */
  public boolean isMaxUuid() {
    return isUuidFilledWith((byte) 0xff);
  }

  private boolean isUuidFilledWith(byte fill) {
    if (typeCode() != 4) {
      return false;
    }
    for (int i = 2; i < UUID_LENGTH; i++) {
      if (bytes[i] != fill) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- Object

  /**
   * Returns the DUID as lower-case, colon-separated hexadecimal octets, e.g. {@code
   * 00:03:00:01:00:1a:2b:3c:4d:5e}, the form {@link #parse} reads.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return DuidFormat.toText(bytes);
  }

  /**
   * Tells whether {@code obj} is a DUID with the same bytes.
   *
   * @param obj the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof Duid other && Arrays.equals(other.bytes, bytes);
  }

  /**
   * Returns a hash code derived from the bytes, every byte mixed in, so that DUIDs that differ only
   * in their last bytes (DUID-LLTs of a rack's sequential MACs) spread over a hash table.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return ByteHash.hash(bytes, bytes.length);
  }

  // ---------------------------------------------------------------- helpers

  /** Returns the index of the link-layer address, or -1 if this is neither DUID-LLT nor DUID-LL. */
  private int linkLayerStart() {
    return switch (typeCode()) {
      case 1 -> 8;
      case 3 -> 4;
      default -> -1;
    };
  }

  private int getShort(int index) {
    return ((bytes[index] & 0xff) << 8) | (bytes[index + 1] & 0xff);
  }

  private long getInt(int index) {
    return ((long) getShort(index) << 16) | getShort(index + 2);
  }

  private long getLong(int index) {
    return (getInt(index) << 32) | getInt(index + 4);
  }

  private static void checkHardwareType(int hardwareType) {
    checkArgument(
        hardwareType >= 0 && hardwareType <= 0xffff,
        "hardware type: %s (expected: 0..65535)",
        hardwareType);
  }

  private static void checkBody(String what, int length, int max) {
    checkArgument(
        length >= 1 && length <= max, "%s length: %s bytes (expected: 1..%s)", what, length, max);
  }

  private static void putShort(byte[] b, int index, int value) {
    b[index] = (byte) (value >>> 8);
    b[index + 1] = (byte) value;
  }

  private static void putInt(byte[] b, int index, long value) {
    putShort(b, index, (int) (value >>> 16));
    putShort(b, index + 2, (int) value);
  }

  private static void putLong(byte[] b, int index, long value) {
    putInt(b, index, value >>> 32);
    putInt(b, index + 4, value);
  }
}
