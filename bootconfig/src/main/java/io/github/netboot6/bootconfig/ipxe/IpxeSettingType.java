package io.github.netboot6.bootconfig.ipxe;

import java.util.Optional;

/**
 * The setting types of iPXE: the {@code :type} suffix of a setting reference, which selects how
 * iPXE formats the setting's raw bytes when it expands {@code ${scope/name:type}}.
 *
 * <p>These are the types that iPXE defines (the {@code setting_type_*} entries of iPXE's settings
 * code, documented under {@code https://ipxe.org/cfgtype}). The same bytes read with different
 * types give different text, for example the MAC address of {@code net0}:
 *
 * <pre>{@code
 * ${net0/mac}         52:54:00:12:34:56   (the setting's default type, hex)
 * ${net0/mac:hexhyp}  52-54-00-12-34-56
 * ${net0/mac:hexraw}  525400123456
 * }</pre>
 */
public enum IpxeSettingType {
  /** Text, expanded as it is ({@code string}). */
  STRING("string"),
  /** Text, percent-encoded for use inside a URI when expanded ({@code uristring}). */
  URISTRING("uristring"),
  /** An IPv4 address in dotted-decimal form ({@code ipv4}). */
  IPV4("ipv4"),
  /** An IPv6 address in its text form ({@code ipv6}). */
  IPV6("ipv6"),
  /** A signed 8-bit integer ({@code int8}). */
  INT8("int8"),
  /** A signed 16-bit integer ({@code int16}). */
  INT16("int16"),
  /** A signed 32-bit integer ({@code int32}). */
  INT32("int32"),
  /** An unsigned 8-bit integer, shown in hexadecimal with a {@code 0x} prefix ({@code uint8}). */
  UINT8("uint8"),
  /** An unsigned 16-bit integer, shown in hexadecimal with a {@code 0x} prefix ({@code uint16}). */
  UINT16("uint16"),
  /** An unsigned 32-bit integer, shown in hexadecimal with a {@code 0x} prefix ({@code uint32}). */
  UINT32("uint32"),
  /** Bytes as colon-separated hexadecimal pairs, e.g. {@code 52:54:00:12:34:56} ({@code hex}). */
  HEX("hex"),
  /**
   * Bytes as hyphen-separated hexadecimal pairs, e.g. {@code 52-54-00-12-34-56} ({@code hexhyp}).
   */
  HEXHYP("hexhyp"),
  /** Bytes as hexadecimal pairs without separators, e.g. {@code 525400123456} ({@code hexraw}). */
  HEXRAW("hexraw"),
  /** Bytes in Base64 ({@code base64}). */
  BASE64("base64"),
  /** A UUID in its RFC 4122 text form, bytes in network order ({@code uuid}). */
  UUID("uuid"),
  /**
   * A GUID: a UUID whose first three fields are stored little-endian, as SMBIOS and UEFI store
   * them, shown in the usual text form ({@code guid}; in iPXE releases since 2022).
   */
  GUID("guid"),
  /** A PCI bus:device.function address, e.g. {@code 00:03.0} ({@code busdevfn}). */
  BUSDEVFN("busdevfn"),
  /** A DNS search list (RFC 3397 encoded names), shown as text ({@code dnssl}). */
  DNSSL("dnssl");

  private final String ipxeName;

  IpxeSettingType(String ipxeName) {
    this.ipxeName = ipxeName;
  }

  /**
   * Returns the name iPXE knows this type by, as written after the colon of a setting reference.
   *
   * @return the iPXE type name, e.g. {@code "hexhyp"}
   */
  public String ipxeName() {
    return ipxeName;
  }

  /**
   * Looks a type up by its iPXE name; never throws.
   *
   * @param ipxeName the iPXE type name, e.g. {@code "hexhyp"} (case-sensitive, as in iPXE)
   * @return the type, or empty if iPXE has no type of that name
   */
  public static Optional<IpxeSettingType> fromIpxeName(String ipxeName) {
    for (IpxeSettingType type : values()) {
      if (type.ipxeName.equals(ipxeName)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
