package io.github.netboot6.testkit;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes DHCPv6 payloads as a classic pcap capture (libpcap format, link type 101 {@code
 * LINKTYPE_RAW}: each record an IPv6 packet with no link-layer header), so that a reference decoder
 * such as {@code tshark -r file} reads them. Each payload is framed in an IPv6 header (next header
 * UDP, hop limit 64, fe80::1 to ff02::1:2) and a UDP header with a correct checksum (RFC 8200
 * §8.1), from port 546 to 547 for client and relay messages, 547 to 546 otherwise. Example:
 *
 * <pre>{@code
 * try (OutputStream out = Files.newOutputStream(path)) {
 *   PcapWriter pcap = new PcapWriter(out);
 *   pcap.writeDhcpv6(message);
 * }
 * }</pre>
 *
 * <p>Timestamps are the record's index in microseconds, so captures are reproducible. Not
 * thread-safe; the caller owns and closes the stream.
 */
public final class PcapWriter {
  /** The pcap link type of raw IPv6 packets with no link-layer header. */
  public static final int LINKTYPE_RAW = 101;

  private static final int IPV6_HEADER = 40;
  private static final int UDP_HEADER = 8;
  private static final int UDP = 17;
  private static final byte[] SOURCE = {
    (byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
  };
  private static final byte[] DESTINATION = {
    (byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2
  };

  private final OutputStream out;
  private int records;

  /**
   * Writes the pcap global header to {@code out}.
   *
   * @param out the stream to write the capture to
   * @throws IOException if writing fails
   */
  public PcapWriter(OutputStream out) throws IOException {
    this.out = out;
    byte[] header = new byte[24];
    le32(header, 0, 0xa1b2c3d4); // magic: microsecond timestamps, written little-endian
    le16(header, 4, 2); // version 2.4
    le16(header, 6, 4);
    le32(header, 16, 0xffff); // snaplen
    le32(header, 20, LINKTYPE_RAW);
    out.write(header);
  }

  /**
   * Writes one DHCPv6 message as a UDP datagram in an IPv6 packet, the ports chosen by its msg-type
   * (see the class documentation).
   *
   * @param message the DHCPv6 message, the UDP payload
   * @throws IOException if writing fails
   * @throws IllegalArgumentException if the message is longer than 65,527 bytes
   */
  public void writeDhcpv6(byte[] message) throws IOException {
    int type = message.length == 0 ? 0 : message[0] & 0xff;
    boolean toServer =
        type == 12
            || type == 13
            || type == 1
            || type == 3
            || type == 4
            || type == 5
            || type == 6
            || type == 8
            || type == 9
            || type == 11;
    writeUdp(message, toServer ? 546 : 547, toServer ? 547 : 546);
  }

  /**
   * Writes one UDP datagram in an IPv6 packet.
   *
   * @param payload the UDP payload
   * @param sourcePort the UDP source port, 0 to 65535
   * @param destinationPort the UDP destination port, 0 to 65535
   * @throws IOException if writing fails
   * @throws IllegalArgumentException if a port is out of range or the payload is too long
   */
  public void writeUdp(byte[] payload, int sourcePort, int destinationPort) throws IOException {
    checkArgument(payload.length <= 0xffff - UDP_HEADER, "payload of %s bytes", payload.length);
    checkArgument(sourcePort >= 0 && sourcePort <= 0xffff, "source port: %s", sourcePort);
    checkArgument(destinationPort >= 0 && destinationPort <= 0xffff, "port: %s", destinationPort);
    int udpLength = UDP_HEADER + payload.length;
    byte[] packet = new byte[IPV6_HEADER + udpLength];
    be32(packet, 0, 0x6000_0000); // version 6, traffic class 0, flow label 0
    be16(packet, 4, udpLength);
    packet[6] = UDP;
    packet[7] = 64;
    System.arraycopy(SOURCE, 0, packet, 8, 16);
    System.arraycopy(DESTINATION, 0, packet, 24, 16);
    be16(packet, 40, sourcePort);
    be16(packet, 42, destinationPort);
    be16(packet, 44, udpLength);
    System.arraycopy(payload, 0, packet, 48, payload.length);
    be16(packet, 46, udpChecksum(packet, udpLength));

    byte[] record = new byte[16];
    le32(record, 0, records / 1_000_000);
    le32(record, 4, records % 1_000_000);
    le32(record, 8, packet.length);
    le32(record, 12, packet.length);
    out.write(record);
    out.write(packet);
    records++;
  }

  // RFC 8200 §8.1: one's complement sum over the pseudo-header (addresses, UDP length, next
  // header) and the UDP header and payload; a computed 0 is sent as 0xffff.
  private static int udpChecksum(byte[] packet, int udpLength) {
    long sum = 0;
    for (int i = 8; i < 40; i += 2) {
      sum += ((packet[i] & 0xff) << 8) | (packet[i + 1] & 0xff);
    }
    sum += udpLength + UDP;
    for (int i = 0; i < udpLength; i += 2) {
      int high = packet[40 + i] & 0xff;
      int low = i + 1 < udpLength ? packet[41 + i] & 0xff : 0;
      sum += (high << 8) | low;
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    int checksum = (int) ~sum & 0xffff;
    return checksum == 0 ? 0xffff : checksum;
  }

  private static void be16(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }

  private static void be32(byte[] b, int at, int v) {
    be16(b, at, v >>> 16);
    be16(b, at + 2, v);
  }

  private static void le16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  private static void le32(byte[] b, int at, int v) {
    le16(b, at, v);
    le16(b, at + 2, v >>> 16);
  }
}
