package io.github.netboot6.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * DHCPv6 messages laid out by hand from RFC 8415 §8 (client/server header), §9 (relay header) and
 * §21 (options), RFC 5970 §3.3 and RFC 6939, one field per line. The offsets in the comments are
 * from the start of the message; the tests assert them, so they are computed here by hand, not by
 * the code under test.
 */
final class Fixtures {
  private Fixtures() {}

  static final String PXE_VENDOR_CLASS = "PXEClient:Arch:00007:UNDI:003016";

  /** A UEFI PXE Solicit: 130 bytes. */
  static final byte[] SOLICIT =
      bytes(
          "01", // 0: msg-type SOLICIT (1)
          "12 34 56", // 1: transaction-id 0x123456
          // 4: Client Identifier (RFC 8415 §21.2)
          "00 01", // option-code 1
          "00 0e", // option-len 14
          "00 01", // 8: DUID type 1, DUID-LLT (§11.2)
          "00 01", // hardware type 1, Ethernet
          "2a 2b 2c 2d", // time
          "52 54 00 12 34 56", // link-layer address 52:54:00:12:34:56
          // 22: IA_NA (§21.4)
          "00 03", // option-code 3
          "00 28", // option-len 40 = 12 + IAADDR (4 + 24)
          "00 00 00 01", // 26: IAID 1
          "00 00 0e 10", // 30: T1 3600
          "00 00 15 18", // 34: T2 5400
          // 38: IAADDR (§21.6), nested in the IA_NA
          "00 05", // option-code 5
          "00 18", // option-len 24
          "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 08", // 42: 2001:db8::8
          "00 00 1c 20", // 58: preferred-lifetime 7200
          "00 00 2a 30", // 62: valid-lifetime 10800
          // 66: Option Request (§21.7)
          "00 06", // option-code 6
          "00 06", // option-len 6
          "00 17", // 70: 23 DNS servers
          "00 3b", // 72: 59 boot-file URL
          "00 3c", // 74: 60 boot-file parameters
          // 76: Elapsed Time (§21.9)
          "00 08", // option-code 8
          "00 02", // option-len 2
          "00 00", // 80: 0 hundredths of a second
          // 82: Vendor Class (§21.16)
          "00 10", // option-code 16
          "00 26", // option-len 38 = 4 + 2 + 32
          "00 00 01 57", // 86: enterprise-number 343 (Intel)
          "00 20", // 90: vendor-class-len 32
          ascii(PXE_VENDOR_CLASS), // 92: vendor-class-data
          // 124: Client System Architecture Type (RFC 5970 §3.3)
          "00 3d", // option-code 61
          "00 02", // option-len 2
          "00 07"); // 128: 7, x64 UEFI

  /** The Solicit inside {@link #RELAYED_SOLICIT}: 24 bytes. */
  static final byte[] INNER_SOLICIT =
      bytes(
          "01", // 0: msg-type SOLICIT
          "ab cd ef", // 1: transaction-id 0xabcdef
          // 4: Client Identifier
          "00 01", // option-code 1
          "00 0a", // option-len 10
          "00 03", // 8: DUID type 3, DUID-LL (§11.4)
          "00 01", // hardware type 1
          "52 54 00 12 34 56", // link-layer address
          // 18: Elapsed Time
          "00 08", // option-code 8
          "00 02", // option-len 2
          "00 64"); // 22: 100 hundredths

  /** A Relay-Forw from the first relay, with Interface-Id and option 79: 82 bytes. */
  static final byte[] RELAYED_SOLICIT =
      concat(
          bytes(
              "0c", // 0: msg-type RELAY-FORW (12)
              "00", // 1: hop-count 0
              "20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01", // 2: link 2001:db8:1::1
              "fe 80 00 00 00 00 00 00 50 54 00 ff fe 12 34 56", // 18: fe80::5054:ff:fe12:3456
              // 34: Interface-Id (§21.18)
              "00 12", // option-code 18
              "00 04", // option-len 4
              ascii("eth0"), // 38: interface-id
              // 42: Client Link-Layer Address (RFC 6939)
              "00 4f", // option-code 79
              "00 08", // option-len 8
              "00 01", // 46: link-layer type 1, Ethernet
              "52 54 00 12 34 56", // 48: link-layer address
              // 54: Relay Message (§21.10)
              "00 09", // option-code 9
              "00 18"), // option-len 24
          INNER_SOLICIT); // 58: the client's Solicit

  /** {@link #RELAYED_SOLICIT} relayed once more: 120 bytes, the Solicit at 96. */
  static final byte[] TWO_RELAYS =
      concat(
          bytes(
              "0c", // 0: msg-type RELAY-FORW
              "01", // 1: hop-count 1
              "20 01 0d b8 00 02 00 00 00 00 00 00 00 00 00 01", // 2: link 2001:db8:2::1
              "20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01", // 18: peer, the first relay
              // 34: Relay Message
              "00 09", // option-code 9
              "00 52"), // option-len 82
          RELAYED_SOLICIT); // 38: the first relay's message

  /**
   * Parses hexadecimal fields: bytes as pairs of hex digits, spaces ignored.
   *
   * @param fields the fields, in order
   * @return the bytes
   */
  static byte[] bytes(String... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String field : fields) {
      String hex = field.replace(" ", "");
      if (hex.length() % 2 != 0) {
        throw new IllegalArgumentException("odd number of hex digits: " + field);
      }
      for (int i = 0; i < hex.length(); i += 2) {
        out.write(Integer.parseInt(hex.substring(i, i + 2), 16));
      }
    }
    return out.toByteArray();
  }

  /** The ASCII bytes of {@code text} as hexadecimal, for {@link #bytes}. */
  static String ascii(String text) {
    StringBuilder hex = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
      hex.append(String.format(java.util.Locale.ROOT, "%02x", b & 0xff));
    }
    return hex.toString();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part, 0, part.length);
    }
    return out.toByteArray();
  }
}
