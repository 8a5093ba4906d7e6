package io.github.netboot6.core.identity;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.ClientArchitecture;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one DHCPv6 request says about its sender: the client DUID, IAIDs, link-layer addresses with
 * their source, the link-local peer address, user and vendor classes, architectures, the relay path
 * with the relay options (interface-id, remote-id, subscriber-id, client link-layer address), and
 * the message type. The codec fills it from the wire; tests fill it by hand.
 *
 * <p>An instance is a reusable, mutable holder owned by one thread: {@link #clear()} it, set what
 * the request carries, pass it to {@link IdentityResolver#resolve(ClientFacts, Resolution)}, and
 * reuse it for the next request. Once its internal arrays have grown to what the traffic needs,
 * setting and reading facts allocate nothing, except the accessors whose Javadoc says they do.
 *
 * <pre>{@code
 * ClientFacts facts = new ClientFacts()
 *     .clientDuid(Duid.parse("00:04:8c:3d:9a:58:1b:2e:4c:5f:9a:0b:11:22:33:44:55:66"))
 *     .addUserClass("iPXE")
 *     .relay(0, Ipv6Address.parse("2001:db8:1::1"), Ipv6Address.parse("fe80::1"))
 *     .relayLinkLayerAddress(0, MacAddress.parse("52:54:00:12:34:56"));
 * }</pre>
 *
 * <p>Relay levels count from the client outward: level 0 is the relay closest to the client (the
 * innermost Relay-Forward, RFC 8415 §19.1), the only one that sees the client's link layer.
 */
public final class ClientFacts {

  /** The value of a MAC address field that is not set: {@value}. */
  public static final long NO_MAC = -1L;

  /** The most relay levels a message can have: {@value} (RFC 8415 §7.6 HOP_COUNT_LIMIT + 1). */
  public static final int MAX_RELAYS = 33;

  /** The value of {@link #messageType()} when not set: {@value}. */
  public static final int NO_MESSAGE_TYPE = -1;

  private final byte[] duid = new byte[Duid.MAX_LENGTH];
  private int duidLength;
  private int messageType = NO_MESSAGE_TYPE;
  private long[] iaids = new long[4];
  private int iaidCount;
  private int[] architectures = new int[4];
  private int architectureCount;
  private boolean hasPeer;
  private long peerHigh;
  private long peerLow;
  private long neighbourMac = NO_MAC;
  private final long[] relayMacs = new long[MAX_RELAYS];
  private final long[] relayAddresses = new long[MAX_RELAYS * 4];
  private int relayCount;
  private final OpaqueList userClasses = new OpaqueList();
  private final OpaqueList vendorClasses = new OpaqueList();
  private final OpaqueList relayOptions = new OpaqueList();

  private static final int INTERFACE_ID = 18;
  private static final int REMOTE_ID = 37;
  private static final int SUBSCRIBER_ID = 38;

  /** Creates empty facts. */
  public ClientFacts() {
    Arrays.fill(relayMacs, NO_MAC);
  }

  /**
   * Forgets every fact, so that the instance can describe the next request.
   *
   * @return this
   */
  @CanIgnoreReturnValue
  public ClientFacts clear() {
    duidLength = 0;
    messageType = NO_MESSAGE_TYPE;
    iaidCount = 0;
    architectureCount = 0;
    hasPeer = false;
    neighbourMac = NO_MAC;
    Arrays.fill(relayMacs, NO_MAC);
    Arrays.fill(relayAddresses, 0, relayCount * 4, 0L);
    relayCount = 0;
    userClasses.clear();
    vendorClasses.clear();
    relayOptions.clear();
    return this;
  }

  // ---------------------------------------------------------------- message type and DUID

  /**
   * Sets the DHCPv6 message type of the client's message (RFC 8415 §7.3), e.g. 1 for Solicit.
   *
   * @param code the message type code, 0..255
   * @return this
   * @throws IllegalArgumentException if {@code code} is not 0..255
   */
  @CanIgnoreReturnValue
  public ClientFacts messageType(int code) {
    checkArgument(code >= 0 && code <= 255, "message type: %s (expected: 0..255)", code);
    messageType = code;
    return this;
  }

  /**
   * Returns the message type code of the client's message.
   *
   * @return the code, or {@link #NO_MESSAGE_TYPE} if not set
   */
  public int messageType() {
    return messageType;
  }

  /**
   * Sets the client DUID (option 1, RFC 8415 §21.2) from its bytes, which are copied. The codec has
   * checked them; only the length is checked here.
   *
   * @param bytes the array holding the DUID
   * @param offset the index of its first byte (the type code)
   * @param length its length, {@value Duid#MIN_LENGTH}..{@value Duid#MAX_LENGTH}
   * @return this
   * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
   * @throws IllegalArgumentException if {@code length} is out of range
   */
  @CanIgnoreReturnValue
  public ClientFacts clientDuid(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    checkArgument(
        length >= Duid.MIN_LENGTH && length <= Duid.MAX_LENGTH,
        "DUID length: %s bytes (expected: 3..130)",
        length);
    System.arraycopy(bytes, offset, duid, 0, length);
    duidLength = length;
    return this;
  }

  /**
   * Sets the client DUID (option 1, RFC 8415 §21.2).
   *
   * @param clientDuid the DUID
   * @return this
   */
  @CanIgnoreReturnValue
  public ClientFacts clientDuid(Duid clientDuid) {
    duidLength = clientDuid.writeTo(duid, 0);
    return this;
  }

  /**
   * Tells whether the client DUID is set.
   *
   * @return {@code true} if it is
   */
  public boolean hasClientDuid() {
    return duidLength > 0;
  }

  /**
   * Returns the type code of the client DUID.
   *
   * @return the type code, 0..65535, or -1 if no DUID is set
   */
  public int clientDuidTypeCode() {
    return duidLength == 0 ? -1 : ((duid[0] & 0xff) << 8) | (duid[1] & 0xff);
  }

  /**
   * Returns the client DUID as a new {@link Duid}; this allocates.
   *
   * @return the DUID, or {@code null} if none is set
   */
  public @Nullable Duid clientDuid() {
    return duidLength == 0 ? null : Duid.fromBytes(duid, 0, duidLength);
  }

  /** The DUID buffer, read by the resolver without copying; valid bytes are [0, length). */
  byte[] duidBytes() {
    return duid;
  }

  int duidLength() {
    return duidLength;
  }

  // ---------------------------------------------------------------- IAIDs and architectures

  /**
   * Adds the IAID of an IA_NA, IA_TA or IA_PD option (RFC 8415 §21.4).
   *
   * @param iaid the IAID, 0..4294967295
   * @return this
   * @throws IllegalArgumentException if {@code iaid} is out of range
   */
  @CanIgnoreReturnValue
  public ClientFacts addIaid(long iaid) {
    checkArgument(iaid >= 0 && iaid <= 0xffff_ffffL, "IAID: %s (expected: 0..4294967295)", iaid);
    if (iaidCount == iaids.length) {
      iaids = Arrays.copyOf(iaids, iaidCount * 2);
    }
    iaids[iaidCount++] = iaid;
    return this;
  }

  /**
   * Returns the number of IAIDs.
   *
   * @return the count
   */
  public int iaidCount() {
    return iaidCount;
  }

  /**
   * Returns an IAID.
   *
   * @param index 0 to {@link #iaidCount()} - 1, in the order they were added
   * @return the IAID
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public long iaid(int index) {
    Objects.checkIndex(index, iaidCount);
    return iaids[index];
  }

  /**
   * Adds a client architecture from option 61 (RFC 5970 §3.3), which may list several.
   *
   * @param code the architecture code, 0..65535
   * @return this
   * @throws IllegalArgumentException if {@code code} is out of range
   */
  @CanIgnoreReturnValue
  public ClientFacts addArchitecture(int code) {
    checkArgument(code >= 0 && code <= 0xffff, "architecture: %s (expected: 0..65535)", code);
    if (architectureCount == architectures.length) {
      architectures = Arrays.copyOf(architectures, architectureCount * 2);
    }
    architectures[architectureCount++] = code;
    return this;
  }

  /**
   * Adds a client architecture from option 61.
   *
   * @param architecture the architecture
   * @return this
   */
  @CanIgnoreReturnValue
  public ClientFacts addArchitecture(ClientArchitecture architecture) {
    return addArchitecture(architecture.code());
  }

  /**
   * Returns the number of architectures.
   *
   * @return the count
   */
  public int architectureCount() {
    return architectureCount;
  }

  /**
   * Returns an architecture code.
   *
   * @param index 0 to {@link #architectureCount()} - 1
   * @return the code, 0..65535
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public int architecture(int index) {
    Objects.checkIndex(index, architectureCount);
    return architectures[index];
  }

  // ---------------------------------------------------------------- addresses

  /**
   * Sets the client's link-local address: the source of a direct message, or the peer-address of
   * the relay closest to the client (RFC 8415 §9).
   *
   * @param high the high 64 bits
   * @param low the low 64 bits, the interface identifier
   * @return this
   */
  @CanIgnoreReturnValue
  public ClientFacts peerAddress(long high, long low) {
    hasPeer = true;
    peerHigh = high;
    peerLow = low;
    return this;
  }

  /**
   * Sets the client's link-local address (see {@link #peerAddress(long, long)}).
   *
   * @param address the address
   * @return this
   */
  @CanIgnoreReturnValue
  public ClientFacts peerAddress(Ipv6Address address) {
    return peerAddress(address.high(), address.low());
  }

  /**
   * Tells whether the peer address is set.
   *
   * @return {@code true} if it is
   */
  public boolean hasPeerAddress() {
    return hasPeer;
  }

  /**
   * Returns the high 64 bits of the peer address.
   *
   * @return the bits, 0 if not set
   */
  public long peerAddressHigh() {
    return hasPeer ? peerHigh : 0;
  }

  /**
   * Returns the low 64 bits (interface identifier) of the peer address.
   *
   * @return the bits, 0 if not set
   */
  public long peerAddressLow() {
    return hasPeer ? peerLow : 0;
  }

  /**
   * Sets the MAC address that the embedding server found for the client's link-local address in its
   * neighbour cache.
   *
   * @param mac the address as {@link MacAddress#toLong()}, or {@link #NO_MAC}
   * @return this
   * @throws IllegalArgumentException if {@code mac} has more than 48 bits and is not {@link
   *     #NO_MAC}
   */
  @CanIgnoreReturnValue
  public ClientFacts neighbourCacheMac(long mac) {
    neighbourMac = checkMac(mac);
    return this;
  }

  /**
   * Sets the MAC address from the server's neighbour cache.
   *
   * @param mac the address
   * @return this
   */
  @CanIgnoreReturnValue
  public ClientFacts neighbourCacheMac(MacAddress mac) {
    return neighbourCacheMac(mac.toLong());
  }

  /**
   * Returns the MAC address from the server's neighbour cache.
   *
   * @return the address as a number, or {@link #NO_MAC}
   */
  public long neighbourCacheMac() {
    return neighbourMac;
  }

  // ---------------------------------------------------------------- relays

  /**
   * Records a relay: its link-address and peer-address fields (RFC 8415 §9).
   *
   * @param level the relay level, 0 (closest to the client) to {@value #MAX_RELAYS} - 1
   * @param linkAddress the link-address field
   * @param peerAddress the peer-address field
   * @return this
   * @throws IllegalArgumentException if {@code level} is out of range
   */
  @CanIgnoreReturnValue
  public ClientFacts relay(int level, Ipv6Address linkAddress, Ipv6Address peerAddress) {
    return relay(
        level, linkAddress.high(), linkAddress.low(), peerAddress.high(), peerAddress.low());
  }

  /**
   * Records a relay's link-address and peer-address fields (RFC 8415 §9) from their 64-bit halves,
   * without allocating: the form the codec uses.
   *
   * @param level the relay level, 0 (closest to the client) to {@value #MAX_RELAYS} - 1
   * @param linkHigh the high 64 bits of the link-address
   * @param linkLow the low 64 bits of the link-address
   * @param peerHigh the high 64 bits of the peer-address
   * @param peerLow the low 64 bits of the peer-address
   * @return this
   * @throws IllegalArgumentException if {@code level} is out of range
   */
  @CanIgnoreReturnValue
  public ClientFacts relay(int level, long linkHigh, long linkLow, long peerHigh, long peerLow) {
    checkLevel(level);
    relayAddresses[level * 4] = linkHigh;
    relayAddresses[level * 4 + 1] = linkLow;
    relayAddresses[level * 4 + 2] = peerHigh;
    relayAddresses[level * 4 + 3] = peerLow;
    relayCount = Math.max(relayCount, level + 1);
    return this;
  }

  /**
   * Returns the number of relay levels recorded: one more than the highest level set.
   *
   * @return the count, 0 for a message received directly
   */
  public int relayCount() {
    return relayCount;
  }

  /**
   * Returns the link-address of a relay as a new {@link Ipv6Address}; this allocates.
   *
   * @param level the relay level
   * @return the address (unspecified if only the relay's options were recorded)
   * @throws IndexOutOfBoundsException if {@code level} is not below {@link #relayCount()}
   */
  public Ipv6Address relayLinkAddress(int level) {
    Objects.checkIndex(level, relayCount);
    return Ipv6Address.of(relayAddresses[level * 4], relayAddresses[level * 4 + 1]);
  }

  /**
   * Returns the peer-address of a relay as a new {@link Ipv6Address}; this allocates.
   *
   * @param level the relay level
   * @return the address (unspecified if only the relay's options were recorded)
   * @throws IndexOutOfBoundsException if {@code level} is not below {@link #relayCount()}
   */
  public Ipv6Address relayPeerAddress(int level) {
    Objects.checkIndex(level, relayCount);
    return Ipv6Address.of(relayAddresses[level * 4 + 2], relayAddresses[level * 4 + 3]);
  }

  /**
   * Records the Ethernet MAC address a relay put in the Client Link-Layer Address option (option
   * 79, RFC 6939 §4). A link-layer type other than Ethernet (1) or a length other than six bytes is
   * not a MAC address and is not recorded.
   *
   * @param level the relay level that added the option
   * @param mac the address as {@link MacAddress#toLong()}
   * @return this
   * @throws IllegalArgumentException if {@code level} is out of range or {@code mac} has more than
   *     48 bits
   */
  @CanIgnoreReturnValue
  public ClientFacts relayLinkLayerAddress(int level, long mac) {
    checkLevel(level);
    checkArgument((mac & ~0xffff_ffff_ffffL) == 0, "MAC: %s (expected: 48 bits)", mac);
    relayMacs[level] = mac;
    relayCount = Math.max(relayCount, level + 1);
    return this;
  }

  /**
   * Records the MAC address of option 79 (see {@link #relayLinkLayerAddress(int, long)}).
   *
   * @param level the relay level that added the option
   * @param mac the address
   * @return this
   * @throws IllegalArgumentException if {@code level} is out of range
   */
  @CanIgnoreReturnValue
  public ClientFacts relayLinkLayerAddress(int level, MacAddress mac) {
    return relayLinkLayerAddress(level, mac.toLong());
  }

  /**
   * Returns the MAC address of option 79 added by the relay at {@code level}.
   *
   * @param level the relay level
   * @return the address as a number, or {@link #NO_MAC}
   * @throws IndexOutOfBoundsException if {@code level} is not 0..{@value #MAX_RELAYS} - 1
   */
  public long relayLinkLayerAddress(int level) {
    Objects.checkIndex(level, MAX_RELAYS);
    return relayMacs[level];
  }

  /**
   * Returns the level of the relay closest to the client that added option 79.
   *
   * @return the level, or -1 if no relay added it
   */
  public int closestRelayLinkLayerLevel() {
    for (int i = 0; i < relayCount; i++) {
      if (relayMacs[i] != NO_MAC) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Records a relay's Interface-Id option (option 18, RFC 8415 §21.18); the bytes are copied.
   *
   * @param level the relay level
   * @param bytes the array holding the option data
   * @param offset the index of its first byte
   * @param length its length
   * @return this
   * @throws IllegalArgumentException if {@code level} is out of range
   * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
   */
  @CanIgnoreReturnValue
  public ClientFacts addInterfaceId(int level, byte[] bytes, int offset, int length) {
    return addRelayOption(level, INTERFACE_ID, bytes, offset, length);
  }

  /**
   * Records a relay's Remote-Id option (option 37, RFC 4649 §3); the bytes are copied.
   *
   * @param level the relay level
   * @param enterpriseNumber the vendor's enterprise number, 0..4294967295
   * @param bytes the array holding the remote-id
   * @param offset the index of its first byte
   * @param length its length
   * @return this
   * @throws IllegalArgumentException if {@code level} or {@code enterpriseNumber} is out of range
   * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
   */
  @CanIgnoreReturnValue
  public ClientFacts addRemoteId(
      int level, long enterpriseNumber, byte[] bytes, int offset, int length) {
    checkEnterprise(enterpriseNumber);
    return addRelayOption(
        level, ((long) REMOTE_ID << 32) | enterpriseNumber, bytes, offset, length);
  }

  /**
   * Records a relay's Subscriber-ID option (option 38, RFC 4580 §2); the bytes are copied.
   *
   * @param level the relay level
   * @param bytes the array holding the subscriber-id
   * @param offset the index of its first byte
   * @param length its length
   * @return this
   * @throws IllegalArgumentException if {@code level} is out of range
   * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
   */
  @CanIgnoreReturnValue
  public ClientFacts addSubscriberId(int level, byte[] bytes, int offset, int length) {
    return addRelayOption(level, SUBSCRIBER_ID, bytes, offset, length);
  }

  private ClientFacts addRelayOption(int level, long tag, byte[] b, int offset, int length) {
    checkLevel(level);
    relayOptions.add(level, tag, b, offset, length);
    relayCount = Math.max(relayCount, level + 1);
    return this;
  }

  /**
   * Returns the number of relay options recorded (interface-id, remote-id, subscriber-id).
   *
   * @return the count
   */
  public int relayOptionCount() {
    return relayOptions.size();
  }

  /**
   * Returns the option code of a recorded relay option: 18, 37 or 38.
   *
   * @param index 0 to {@link #relayOptionCount()} - 1, in the order they were added
   * @return the option code
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public int relayOptionCode(int index) {
    return (int) (relayOptions.tag(index) >>> 32 == 0 ? relayOptions.tag(index) : REMOTE_ID);
  }

  /**
   * Returns the relay level of a recorded relay option.
   *
   * @param index 0 to {@link #relayOptionCount()} - 1
   * @return the level
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public int relayOptionLevel(int index) {
    return relayOptions.level(index);
  }

  /**
   * Returns the enterprise number of a recorded Remote-Id option.
   *
   * @param index 0 to {@link #relayOptionCount()} - 1
   * @return the enterprise number, or -1 for another option
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public long relayOptionEnterpriseNumber(int index) {
    long tag = relayOptions.tag(index);
    return tag >>> 32 == REMOTE_ID ? tag & 0xffff_ffffL : -1;
  }

  /**
   * Copies the data of a recorded relay option (for Remote-Id, the remote-id after the enterprise
   * number) into {@code destination}.
   *
   * @param index 0 to {@link #relayOptionCount()} - 1
   * @param destination the array to copy into
   * @param offset where to start
   * @return the number of bytes copied
   * @throws IndexOutOfBoundsException if {@code index} is out of range or the data does not fit
   */
  @CanIgnoreReturnValue
  public int copyRelayOption(int index, byte[] destination, int offset) {
    return relayOptions.copy(index, destination, offset);
  }

  // ---------------------------------------------------------------- classes

  /**
   * Adds one user class from the User Class option (option 15, RFC 8415 §21.15), which may hold
   * several; the bytes are copied. iPXE sends {@code iPXE}.
   *
   * @param bytes the array holding the user-class-data
   * @param offset the index of its first byte
   * @param length its length
   * @return this
   * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
   */
  @CanIgnoreReturnValue
  public ClientFacts addUserClass(byte[] bytes, int offset, int length) {
    userClasses.add(0, 0, bytes, offset, length);
    return this;
  }

  /**
   * Adds one user class given as text of ISO 8859-1 characters (one byte each), without allocating.
   *
   * @param userClass the user class, e.g. {@code "iPXE"}
   * @return this
   * @throws IllegalArgumentException if a character is above U+00FF
   */
  @CanIgnoreReturnValue
  public ClientFacts addUserClass(CharSequence userClass) {
    userClasses.add(0, 0, userClass);
    return this;
  }

  /**
   * Returns the number of user classes.
   *
   * @return the count
   */
  public int userClassCount() {
    return userClasses.size();
  }

  /**
   * Returns a user class as ISO 8859-1 text; this allocates.
   *
   * @param index 0 to {@link #userClassCount()} - 1
   * @return the text
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public String userClass(int index) {
    return userClasses.text(index);
  }

  /**
   * Tells whether one of the user classes is exactly {@code expected}, byte for byte.
   *
   * @param expected the bytes
   * @return {@code true} if a user class equals them
   */
  public boolean hasUserClass(byte[] expected) {
    for (int i = 0; i < userClasses.size(); i++) {
      if (userClasses.equalsAt(i, expected)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds one vendor-class-data item of a Vendor Class option (option 16, RFC 8415 §21.16); the
   * bytes are copied. EDK2 sends enterprise number 343 with {@code
   * PXEClient:Arch:00007:UNDI:003016} (PXE) or {@code HTTPClient:Arch:00016:UNDI:003000} (HTTP
   * boot).
   *
   * @param enterpriseNumber the option's enterprise number, 0..4294967295
   * @param bytes the array holding the item
   * @param offset the index of its first byte
   * @param length its length
   * @return this
   * @throws IllegalArgumentException if {@code enterpriseNumber} is out of range
   * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
   */
  @CanIgnoreReturnValue
  public ClientFacts addVendorClass(long enterpriseNumber, byte[] bytes, int offset, int length) {
    checkEnterprise(enterpriseNumber);
    vendorClasses.add(0, enterpriseNumber, bytes, offset, length);
    return this;
  }

  /**
   * Adds one vendor-class-data item given as ISO 8859-1 text, without allocating.
   *
   * @param enterpriseNumber the option's enterprise number, 0..4294967295
   * @param vendorClass the item, e.g. {@code "PXEClient:Arch:00007:UNDI:003016"}
   * @return this
   * @throws IllegalArgumentException if {@code enterpriseNumber} is out of range or a character is
   *     above U+00FF
   */
  @CanIgnoreReturnValue
  public ClientFacts addVendorClass(long enterpriseNumber, CharSequence vendorClass) {
    checkEnterprise(enterpriseNumber);
    vendorClasses.add(0, enterpriseNumber, vendorClass);
    return this;
  }

  /**
   * Returns the number of vendor-class-data items.
   *
   * @return the count
   */
  public int vendorClassCount() {
    return vendorClasses.size();
  }

  /**
   * Returns the enterprise number of a vendor-class-data item.
   *
   * @param index 0 to {@link #vendorClassCount()} - 1
   * @return the enterprise number
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public long vendorClassEnterpriseNumber(int index) {
    return vendorClasses.tag(index);
  }

  /**
   * Returns a vendor-class-data item as ISO 8859-1 text; this allocates.
   *
   * @param index 0 to {@link #vendorClassCount()} - 1
   * @return the text
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public String vendorClass(int index) {
    return vendorClasses.text(index);
  }

  /**
   * Tells whether a vendor-class-data item of the given enterprise number begins with {@code
   * prefix}, byte for byte.
   *
   * @param enterpriseNumber the enterprise number, or -1 for any
   * @param prefix the bytes the item must begin with
   * @return {@code true} if such an item exists
   */
  public boolean hasVendorClassPrefix(long enterpriseNumber, byte[] prefix) {
    for (int i = 0; i < vendorClasses.size(); i++) {
      if ((enterpriseNumber < 0 || vendorClasses.tag(i) == enterpriseNumber)
          && vendorClasses.startsWithAt(i, prefix)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- helpers

  private static long checkMac(long mac) {
    checkArgument(
        mac == NO_MAC || (mac & ~0xffff_ffff_ffffL) == 0, "MAC: %s (expected: 48 bits)", mac);
    return mac;
  }

  private static void checkLevel(int level) {
    checkArgument(level >= 0 && level < MAX_RELAYS, "relay level: %s (expected: 0..32)", level);
  }

  private static void checkEnterprise(long enterpriseNumber) {
    checkArgument(
        enterpriseNumber >= 0 && enterpriseNumber <= 0xffff_ffffL,
        "enterprise number: %s (expected: 0..4294967295)",
        enterpriseNumber);
  }
}
