package io.github.netboot6.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pcap reader on the link types the testkit's writer does not produce, in big-endian files. */
class PcapTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String DHCP = "01123456"; // a Solicit with no options

  /** IPv6 (next header 0, hop-by-hop) with UDP 546 -> 547 carrying {@link #DHCP}. */
  private static final String IPV6_HOP_BY_HOP_UDP =
      String.join(
          "",
          "60000000", // version 6
          "0014", // payload length 20 = 8 hop-by-hop + 8 UDP + 4
          "00", // next header 0, hop-by-hop options
          "40", // hop limit
          "fe800000000000000000000000000001", // source
          "ff020000000000000000000000010002", // destination
          "11 00 0000 00000000".replace(" ", ""), // hop-by-hop: next 17 (UDP), length 0 (8 bytes)
          "0222", // UDP source port 546
          "0223", // destination port 547
          "000c", // UDP length 12
          "0000", // checksum
          DHCP);

  @Test
  void ethernetWithVlanTag_findsTheDhcpPayload() {
    String frame = "ffffffffffff" + "525400123456" + "8100" + "0064" + "86dd" + IPV6_HOP_BY_HOP_UDP;
    assertThat(payloads(1, frame)).containsExactly(DHCP);
  }

  @Test
  void linuxCooked_findsTheDhcpPayload() {
    String frame =
        "0000" + "0001" + "0006" + "525400123456" + "0000" + "86dd" + IPV6_HOP_BY_HOP_UDP;
    assertThat(payloads(113, frame)).containsExactly(DHCP);
  }

  @Test
  void linuxCookedV2_findsTheDhcpPayload() {
    String frame =
        "86dd"
            + "0000"
            + "00000002"
            + "0001"
            + "00"
            + "06"
            + "5254001234560000"
            + IPV6_HOP_BY_HOP_UDP;
    assertThat(payloads(276, frame)).containsExactly(DHCP);
  }

  @Test
  void ipv4Frame_isSkipped() {
    String frame = "ffffffffffff" + "525400123456" + "0800" + "4500";
    assertThat(payloads(1, frame)).isEmpty();
  }

  /** A big-endian pcap with one record of {@code frame}; returns the payloads found, as hex. */
  private static List<String> payloads(int linkType, String frame) {
    byte[] record = HEX.parseHex(frame);
    ByteArrayOutputStream pcap = new ByteArrayOutputStream();
    pcap.writeBytes(HEX.parseHex("a1b2c3d4" + "0002" + "0004" + "00000000" + "00000000"));
    pcap.writeBytes(
        HEX.parseHex("0000ffff" + String.format(java.util.Locale.ROOT, "%08x", linkType)));
    pcap.writeBytes(HEX.parseHex("00000000" + "00000000"));
    pcap.writeBytes(
        HEX.parseHex(
            String.format(java.util.Locale.ROOT, "%08x%08x", record.length, record.length)));
    pcap.writeBytes(record);
    return Pcap.messages("test.pcap", pcap.toByteArray()).stream()
        .map(m -> HEX.formatHex(m.bytes()))
        .toList();
  }
}
