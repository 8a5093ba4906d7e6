package io.github.netboot6.codec;

import static io.github.netboot6.codec.Fixtures.ascii;
import static io.github.netboot6.codec.Fixtures.bytes;
import static io.github.netboot6.codec.Fixtures.concat;

/**
 * An iPXE Solicit and the two relays around it, laid out by hand from RFC 8415 §8, §9, §21, RFC
 * 5970 §3.3-§3.4, RFC 6939, RFC 4649 and RFC 4580, one field per line; offsets from the start of
 * each message.
 */
final class FactsFixtures {
  private FactsFixtures() {}

  /** An iPXE Solicit with the VM's SMBIOS UUID in network order (DESIGN.md §1): 103 bytes. */
  static final byte[] IPXE_SOLICIT =
      bytes(
          "01", // 0: msg-type SOLICIT (1)
          "5a 1b 2c", // 1: transaction-id
          // 4: Client Identifier (RFC 8415 §21.2)
          "00 01", // option-code 1
          "00 12", // option-len 18
          "00 04", // 8: DUID type 4, DUID-UUID (RFC 6355)
          "8c 3d 9a 58 1b 2e 4c 5f 9a 0b 11 22 33 44 55 66", // 10: UUID, network order
          // 26: IA_NA (§21.4)
          "00 03", // option-code 3
          "00 0c", // option-len 12, no IAADDR
          "ff 12 34 56", // 30: IAID 0xff123456
          "00 00 00 00", // 34: T1 0
          "00 00 00 00", // 38: T2 0
          // 42: Option Request (§21.7)
          "00 06", // option-code 6
          "00 04", // option-len 4
          "00 3b", // 46: 59 boot-file URL
          "00 3c", // 48: 60 boot-file parameters
          // 50: Elapsed Time (§21.9)
          "00 08", // option-code 8
          "00 02", // option-len 2
          "00 00", // 54: 0
          // 56: User Class (§21.15), two items
          "00 0f", // option-code 15
          "00 0a", // option-len 10 = 2 + 4 + 2 + 2
          "00 04", // 60: user-class-len 4
          ascii("iPXE"), // 62: user-class-data
          "00 02", // 66: user-class-len 2
          ascii("v1"), // 68: user-class-data
          // 70: Vendor Class (§21.16)
          "00 10", // option-code 16
          "00 0e", // option-len 14 = 4 + 2 + 8
          "00 00 01 57", // 74: enterprise-number 343
          "00 08", // 78: vendor-class-len 8
          ascii("iPXE-1.0"), // 80: vendor-class-data
          // 88: Client System Architecture Type (RFC 5970 §3.3), two codes
          "00 3d", // option-code 61
          "00 04", // option-len 4
          "00 07", // 92: 7, x64 UEFI
          "00 10", // 94: 16, x64 UEFI HTTP
          // 96: Client Network Interface Identifier (RFC 5970 §3.4)
          "00 3e", // option-code 62
          "00 03", // option-len 3
          "01 03 10"); // 100: type 1 (UNDI), revision 3.16

  /** The relay closest to the client around {@link #IPXE_SOLICIT}: 153 bytes, Solicit at 50. */
  static final byte[] IPXE_FIRST_RELAY =
      concat(
          bytes(
              "0c", // 0: msg-type RELAY-FORW (12)
              "00", // 1: hop-count 0
              "20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01", // 2: link 2001:db8:1::1
              "fe 80 00 00 00 00 00 00 50 54 00 ff fe 12 34 56", // 18: fe80::5054:ff:fe12:3456
              // 34: Client Link-Layer Address (RFC 6939)
              "00 4f", // option-code 79
              "00 08", // option-len 8
              "00 01", // 38: link-layer type 1, Ethernet
              "52 54 00 12 34 56", // 40: the client's MAC
              // 46: Relay Message (§21.10)
              "00 09", // option-code 9
              "00 67"), // option-len 103
          IPXE_SOLICIT); // 50: the client's Solicit

  /**
   * {@link #IPXE_FIRST_RELAY} relayed again by a relay that adds Remote-Id, Subscriber-ID,
   * Interface-Id and an option 79 of its own: 233 bytes, the first relay's message at 80.
   */
  static final byte[] IPXE_TWO_RELAYS =
      concat(
          bytes(
              "0c", // 0: msg-type RELAY-FORW
              "01", // 1: hop-count 1
              "20 01 0d b8 00 02 00 00 00 00 00 00 00 00 00 01", // 2: link 2001:db8:2::1
              "20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01", // 18: peer, the first relay
              // 34: Remote-Id (RFC 4649 §3)
              "00 25", // option-code 37
              "00 0a", // option-len 10 = 4 + 6
              "00 00 0d e9", // 38: enterprise-number 3561
              "01 02 03 04 05 06", // 42: remote-id
              // 48: Subscriber-ID (RFC 4580 §2)
              "00 26", // option-code 38
              "00 05", // option-len 5
              ascii("sub-7"), // 52: subscriber-id
              // 57: Interface-Id (§21.18)
              "00 12", // option-code 18
              "00 03", // option-len 3
              ascii("ge1"), // 61: interface-id
              // 64: Client Link-Layer Address, as this relay saw it
              "00 4f", // option-code 79
              "00 08", // option-len 8
              "00 01", // 68: Ethernet
              "02 00 00 aa bb cc", // 70: link-layer address
              // 76: Relay Message
              "00 09", // option-code 9
              "00 99"), // option-len 153
          IPXE_FIRST_RELAY); // 80: the first relay's message
}
