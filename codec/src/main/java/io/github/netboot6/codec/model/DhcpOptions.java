package io.github.netboot6.codec.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.codec.OptionCode;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import java.io.ByteArrayOutputStream;

/**
 * Builds the options a netboot client, relay or server sends from typed values, for the {@link
 * DhcpMessage} model. Each method names the RFC section whose layout it writes; anything else can
 * be made with {@link DhcpOption#of(int, byte...)}.
 */
public final class DhcpOptions {
  private DhcpOptions() {}

  /**
   * Client Identifier (RFC 8415 §21.2).
   *
   * @param duid the client's DUID
   * @return the option
   */
  public static DhcpOption clientId(Duid duid) {
    return DhcpOption.of(OptionCode.CLIENTID, duid.toBytes());
  }

  /**
   * Server Identifier (RFC 8415 §21.3).
   *
   * @param duid the server's DUID
   * @return the option
   */
  public static DhcpOption serverId(Duid duid) {
    return DhcpOption.of(OptionCode.SERVERID, duid.toBytes());
  }

  /**
   * Identity Association for Non-temporary Addresses (RFC 8415 §21.4).
   *
   * @param iaid the IAID, 0 to 2^32-1
   * @param t1 T1 in seconds, 0 to 2^32-1
   * @param t2 T2 in seconds, 0 to 2^32-1
   * @param options the IA_NA-options: IA Address, Status Code
   * @return the option
   * @throws IllegalArgumentException if a field is out of range or the options do not fit
   */
  public static DhcpOption iaNa(long iaid, long t1, long t2, DhcpOption... options) {
    return DhcpOption.of(
        OptionCode.IA_NA, new Bytes().uint32(iaid).uint32(t1).uint32(t2).options(options).done());
  }

  /**
   * Identity Association for Prefix Delegation (RFC 8415 §21.21).
   *
   * @param iaid the IAID, 0 to 2^32-1
   * @param t1 T1 in seconds, 0 to 2^32-1
   * @param t2 T2 in seconds, 0 to 2^32-1
   * @param options the IA_PD-options: IA Prefix, Status Code
   * @return the option
   * @throws IllegalArgumentException if a field is out of range or the options do not fit
   */
  public static DhcpOption iaPd(long iaid, long t1, long t2, DhcpOption... options) {
    return DhcpOption.of(
        OptionCode.IA_PD, new Bytes().uint32(iaid).uint32(t1).uint32(t2).options(options).done());
  }

  /**
   * IA Address (RFC 8415 §21.6).
   *
   * @param address the address
   * @param preferredLifetime seconds, 0 to 2^32-1
   * @param validLifetime seconds, 0 to 2^32-1
   * @param options the IAaddr-options: Status Code
   * @return the option
   * @throws IllegalArgumentException if a lifetime is out of range
   */
  public static DhcpOption iaAddress(
      Ipv6Address address, long preferredLifetime, long validLifetime, DhcpOption... options) {
    return DhcpOption.of(
        OptionCode.IAADDR,
        new Bytes()
            .address(address)
            .uint32(preferredLifetime)
            .uint32(validLifetime)
            .options(options)
            .done());
  }

  /**
   * Option Request (RFC 8415 §21.7).
   *
   * @param codes the requested option codes, 0 to 65,535 each
   * @return the option
   * @throws IllegalArgumentException if a code is out of range
   */
  public static DhcpOption optionRequest(int... codes) {
    Bytes bytes = new Bytes();
    for (int code : codes) {
      bytes.uint16(code);
    }
    return DhcpOption.of(OptionCode.ORO, bytes.done());
  }

  /**
   * Preference (RFC 8415 §21.8).
   *
   * @param preference 0 to 255
   * @return the option
   * @throws IllegalArgumentException if out of range
   */
  public static DhcpOption preference(int preference) {
    return DhcpOption.of(OptionCode.PREFERENCE, new Bytes().uint8(preference).done());
  }

  /**
   * Elapsed Time (RFC 8415 §21.9).
   *
   * @param hundredths hundredths of a second since the exchange began, 0 to 65,535
   * @return the option
   * @throws IllegalArgumentException if out of range
   */
  public static DhcpOption elapsedTime(int hundredths) {
    return DhcpOption.of(OptionCode.ELAPSED_TIME, new Bytes().uint16(hundredths).done());
  }

  /**
   * Relay Message (RFC 8415 §21.10).
   *
   * @param message the message relayed
   * @return the option
   * @throws IllegalArgumentException if the message is longer than 65,535 bytes
   */
  public static DhcpOption relayMessage(DhcpMessage message) {
    return DhcpOption.of(OptionCode.RELAY_MSG, message.toBytes());
  }

  /**
   * Status Code (RFC 8415 §21.13).
   *
   * @param code the status code, 0 to 65,535
   * @param message the status message, UTF-8
   * @return the option
   * @throws IllegalArgumentException if the code is out of range
   */
  public static DhcpOption statusCode(int code, String message) {
    return DhcpOption.of(
        OptionCode.STATUS_CODE, new Bytes().uint16(code).raw(message.getBytes(UTF_8)).done());
  }

  /**
   * Rapid Commit (RFC 8415 §21.14), which has no value.
   *
   * @return the option
   */
  public static DhcpOption rapidCommit() {
    return DhcpOption.of(OptionCode.RAPID_COMMIT);
  }

  /**
   * User Class (RFC 8415 §21.15): each item with its 16-bit length, e.g. {@code iPXE}.
   *
   * @param items the user-class-data items, UTF-8
   * @return the option
   */
  public static DhcpOption userClass(String... items) {
    Bytes bytes = new Bytes();
    for (String item : items) {
      bytes.lengthPrefixed(item.getBytes(UTF_8));
    }
    return DhcpOption.of(OptionCode.USER_CLASS, bytes.done());
  }

  /**
   * Vendor Class (RFC 8415 §21.16), e.g. enterprise 343 with {@code
   * PXEClient:Arch:00007:UNDI:003016}.
   *
   * @param enterpriseNumber the IANA enterprise number, 0 to 2^32-1
   * @param items the vendor-class-data items, UTF-8
   * @return the option
   * @throws IllegalArgumentException if the enterprise number is out of range
   */
  public static DhcpOption vendorClass(long enterpriseNumber, String... items) {
    Bytes bytes = new Bytes().uint32(enterpriseNumber);
    for (String item : items) {
      bytes.lengthPrefixed(item.getBytes(UTF_8));
    }
    return DhcpOption.of(OptionCode.VENDOR_CLASS, bytes.done());
  }

  /**
   * Interface-Id (RFC 8415 §21.18).
   *
   * @param interfaceId the opaque identifier a relay chose
   * @return the option
   */
  public static DhcpOption interfaceId(byte[] interfaceId) {
    return DhcpOption.of(OptionCode.INTERFACE_ID, interfaceId);
  }

  /**
   * DNS Recursive Name Server (RFC 3646 §3).
   *
   * @param servers the servers' addresses
   * @return the option
   */
  public static DhcpOption dnsServers(Ipv6Address... servers) {
    Bytes bytes = new Bytes();
    for (Ipv6Address server : servers) {
      bytes.address(server);
    }
    return DhcpOption.of(OptionCode.DNS_SERVERS, bytes.done());
  }

  /**
   * Boot File URL (RFC 5970 §3.1).
   *
   * @param url the URL, e.g. {@code http://[2001:db8::1]/boot.ipxe}
   * @return the option
   */
  public static DhcpOption bootFileUrl(String url) {
    return DhcpOption.of(OptionCode.BOOTFILE_URL, url.getBytes(UTF_8));
  }

  /**
   * Boot File Parameters (RFC 5970 §3.2): each parameter with its 16-bit length.
   *
   * @param parameters the parameters, UTF-8
   * @return the option
   */
  public static DhcpOption bootFileParameters(String... parameters) {
    Bytes bytes = new Bytes();
    for (String parameter : parameters) {
      bytes.lengthPrefixed(parameter.getBytes(UTF_8));
    }
    return DhcpOption.of(OptionCode.BOOTFILE_PARAM, bytes.done());
  }

  /**
   * Client System Architecture Type (RFC 5970 §3.3), e.g. 7 (EFI x86-64) or 16 (EFI x86-64 HTTP).
   *
   * @param types the architecture types, 0 to 65,535 each
   * @return the option
   * @throws IllegalArgumentException if a type is out of range
   */
  public static DhcpOption clientArchitectures(int... types) {
    Bytes bytes = new Bytes();
    for (int type : types) {
      bytes.uint16(type);
    }
    return DhcpOption.of(OptionCode.CLIENT_ARCH_TYPE, bytes.done());
  }

  /**
   * Client Network Interface Identifier (RFC 5970 §3.4): type 1 (UNDI), major and minor revision.
   *
   * @param type the interface type, 0 to 255
   * @param major the major revision, 0 to 255
   * @param minor the minor revision, 0 to 255
   * @return the option
   * @throws IllegalArgumentException if a field is out of range
   */
  public static DhcpOption networkInterfaceId(int type, int major, int minor) {
    return DhcpOption.of(OptionCode.NII, new Bytes().uint8(type).uint8(major).uint8(minor).done());
  }

  /**
   * Client Link-Layer Address (RFC 6939 §4), as a relay adds it: hardware type 1 (Ethernet) and the
   * MAC address.
   *
   * @param mac the client's MAC address
   * @return the option
   */
  public static DhcpOption clientLinkLayerAddress(MacAddress mac) {
    return DhcpOption.of(
        OptionCode.CLIENT_LINKLAYER_ADDR, new Bytes().uint16(1).raw(mac.toBytes()).done());
  }

  /** Big-endian fields into a growing array, with their ranges checked. */
  private static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @CanIgnoreReturnValue
    Bytes uint8(int value) {
      checkArgument(value >= 0 && value <= 0xff, "value: %s (expected: 0 to 255)", value);
      out.write(value);
      return this;
    }

    @CanIgnoreReturnValue
    Bytes uint16(int value) {
      checkArgument(value >= 0 && value <= 0xffff, "value: %s (expected: 0 to 65535)", value);
      out.write(value >>> 8);
      out.write(value);
      return this;
    }

    @CanIgnoreReturnValue
    Bytes uint32(long value) {
      checkArgument(
          value >= 0 && value <= 0xffff_ffffL, "value: %s (expected: 0 to 4294967295)", value);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (value >>> shift));
      }
      return this;
    }

    @CanIgnoreReturnValue
    Bytes address(Ipv6Address address) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (address.high() >>> shift));
      }
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (address.low() >>> shift));
      }
      return this;
    }

    @CanIgnoreReturnValue
    Bytes raw(byte[] bytes) {
      out.write(bytes, 0, bytes.length);
      return this;
    }

    @CanIgnoreReturnValue
    Bytes lengthPrefixed(byte[] bytes) {
      return uint16(bytes.length).raw(bytes);
    }

    @CanIgnoreReturnValue
    Bytes options(DhcpOption... options) {
      for (DhcpOption option : options) {
        byte[] encoded = new byte[option.encodedLength()];
        int unused = option.writeTo(encoded, 0);
        raw(encoded);
      }
      return this;
    }

    byte[] done() {
      return out.toByteArray();
    }
  }
}
