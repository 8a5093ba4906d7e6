package io.github.netboot6.codec;

/**
 * The coarse shape of a DHCPv6 option's payload (the bytes after option-code and option-len, RFC
 * 8415 §21.1), as {@link OptionCode#format()} reports it for every registered option.
 *
 * <p>A format says how a generic walker or text dump can read a payload without knowing the option:
 * whether it is a fixed-size number, a list of fixed-size items, text, DNS names, or a fixed header
 * followed by nested options. It is deliberately coarse: options with a richer layout that no
 * generic reader can show (authentication, client FQDN, S46 rules, ...) are {@link #BINARY}, and
 * the codec gives them typed accessors by option code instead. Every format accepts the bytes it is
 * given as opaque when they do not fit (a decoder reports a length mismatch, it never guesses).
 */
public enum OptionFormat {
  /** No payload: option-len is 0. Example: Rapid Commit (RFC 8415 §21.14). */
  EMPTY(0, 0),

  /** One unsigned byte. Example: Preference (RFC 8415 §21.8). */
  UINT8(1, 0),

  /** One unsigned 16-bit integer in network byte order. Example: Elapsed Time (RFC 8415 §21.9). */
  UINT16(2, 0),

  /**
   * One unsigned 32-bit integer in network byte order, usually seconds. Example: SOL_MAX_RT (RFC
   * 8415 §21.24).
   */
  UINT32(4, 0),

  /**
   * A list of unsigned 16-bit integers; option-len is even. Examples: Option Request (RFC 8415
   * §21.7), Client System Architecture Type (RFC 5970 §3.3).
   */
  UINT16_LIST(-1, 2),

  /** One IPv6 address, 16 bytes. Example: Server Unicast (RFC 8415 §21.12). */
  IPV6_ADDRESS(16, 0),

  /**
   * A list of IPv6 addresses; option-len is a multiple of 16. Example: DNS Recursive Name Server
   * (RFC 3646 §3).
   */
  IPV6_ADDRESS_LIST(-1, 16),

  /**
   * A DHCP Unique Identifier: a 16-bit DUID type then type-specific bytes, 2 to 130 bytes (RFC 8415
   * §11). Examples: Client Identifier and Server Identifier (RFC 8415 §21.2, §21.3).
   */
  DUID(-1, 0),

  /**
   * Text, not NUL-terminated: UTF-8 or ASCII as the defining RFC says. Example: Boot File URL (RFC
   * 5970 §3.1).
   */
  STRING(-1, 0),

  /**
   * One domain name in DNS wire format (uncompressed labels, RFC 8415 §10). Example: AFTR Name (RFC
   * 6334).
   */
  DOMAIN_NAME(-1, 0),

  /**
   * A list of domain names in DNS wire format, one after another (RFC 8415 §10). Example: Domain
   * Search List (RFC 3646 §4).
   */
  DOMAIN_NAME_LIST(-1, 0),

  /**
   * A list of opaque items, each preceded by its 16-bit length. Examples: User Class (RFC 8415
   * §21.15), Boot File Parameters (RFC 5970 §3.2).
   */
  LENGTH_PREFIXED_LIST(-1, 0),

  /**
   * A 32-bit IANA enterprise number, then a list of opaque items each preceded by its 16-bit
   * length. Example: Vendor Class (RFC 8415 §21.16).
   */
  ENTERPRISE_LENGTH_PREFIXED_LIST(-1, 0),

  /**
   * A 32-bit IANA enterprise number, then opaque bytes to the end of the option. Example: Remote-ID
   * (RFC 4649).
   */
  ENTERPRISE_BINARY(-1, 0),

  /**
   * A 16-bit status code, then a UTF-8 message to the end of the option. Example: Status Code (RFC
   * 8415 §21.13).
   */
  STATUS(-1, 0),

  /**
   * A 16-bit hardware type (IANA ARP hardware types), then the link-layer address. Example: Client
   * Link-Layer Address (RFC 6939).
   */
  LINK_LAYER_ADDRESS(-1, 0),

  /**
   * A whole DHCPv6 message: its first byte is a msg-type whose {@link MessageType#headerLength()}
   * gives the offset of its options. Example: Relay Message (RFC 8415 §21.10).
   */
  DHCP_MESSAGE(-1, 0),

  /**
   * A fixed header of {@link OptionCode#nestedOptionsOffset()} bytes, then options in the same
   * code/length/value encoding (RFC 8415 §21.1). Examples: IA_NA after IAID, T1 and T2 (12 bytes,
   * RFC 8415 §21.4), Vendor-specific Information after the enterprise number (4 bytes, RFC 8415
   * §21.17; its nested codes are vendor-defined), Relay-Supplied Options (no header, RFC 6422).
   */
  OPTIONS(-1, 0),

  /** Bytes that only a reader of this particular option can interpret. Example: Interface-Id. */
  BINARY(-1, 0);

  /** Returned by {@link #fixedLength()} when the payload length varies. */
  public static final int VARIABLE_LENGTH = -1;

  private final int fixedLength;
  private final int itemLength;

  // fixedLength is -1 (VARIABLE_LENGTH, which enum constants cannot name before its declaration)
  // or the exact payload length; itemLength is 0 or the size of one list item.
  OptionFormat(int fixedLength, int itemLength) {
    this.fixedLength = fixedLength;
    this.itemLength = itemLength;
  }

  /**
   * Returns the exact payload length that this format requires, for example 4 for {@link #UINT32}.
   *
   * @return the length in bytes, or {@link #VARIABLE_LENGTH}
   */
  public int fixedLength() {
    return fixedLength;
  }

  /**
   * Returns the size of one item of a list of fixed-size items: 2 for {@link #UINT16_LIST}, 16 for
   * {@link #IPV6_ADDRESS_LIST}. A valid payload length is a multiple of it.
   *
   * @return the item size in bytes, or 0 when this format is not such a list
   */
  public int itemLength() {
    return itemLength;
  }
}
