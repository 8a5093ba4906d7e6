package io.github.netboot6.examples.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A small reader of classic libpcap files that keeps the UDP payloads of DHCPv6 (546/547). */
final class Pcap {
  private static final int ETHERTYPE_IPV6 = 0x86dd;
  private static final int ETHERTYPE_VLAN = 0x8100;

  /** The end of the message for a link type this reader does not know. */
  static final String UNSUPPORTED_LINK_TYPE =
      " is not supported (expected: 1 Ethernet, 101/228 raw IPv6, 113/276 Linux cooked)";

  private Pcap() {}

  static List<Captures.Message> messages(String name, byte[] b) {
    int magic = Captures.be32(b, 0);
    boolean little = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
    if (b.length < 24) {
      throw new CliException(
          Netboot6Cli.EXIT_IO,
          name + ": pcap header truncated: " + b.length + " bytes (expected: >= 24) at offset 0");
    }
    int linkType = u32(b, 20, little) & 0xffff;
    if (!isSupportedLinkType(linkType)) {
      throw new CliException(
          Netboot6Cli.EXIT_IO, name + ": link type " + linkType + UNSUPPORTED_LINK_TYPE);
    }
    List<Captures.Message> messages = new ArrayList<>();
    int at = 24;
    int record = 0;
    while (at < b.length) {
      record++;
      if (b.length - at < 16) {
        throw new CliException(
            Netboot6Cli.EXIT_IO,
            name
                + ": record "
                + record
                + " header truncated: "
                + (b.length - at)
                + " bytes left (expected: >= 16) at offset "
                + at);
      }
      int captured = u32(b, at + 8, little);
      int start = at + 16;
      if (captured < 0 || captured > b.length - start) {
        throw new CliException(
            Netboot6Cli.EXIT_IO,
            name
                + ": record "
                + record
                + " captured length "
                + Integer.toUnsignedString(captured)
                + " overruns the file: "
                + (b.length - start)
                + " bytes left (expected: <= "
                + (b.length - start)
                + ") at offset "
                + (at + 8));
      }
      byte[] payload = udpPayload(b, start, start + captured, linkType);
      if (payload != null) {
        messages.add(new Captures.Message(name + "#" + record, payload));
      }
      at = start + captured;
    }
    return messages;
  }

  /** Whether {@link #udpPayload} knows the link-layer header of {@code linkType}. */
  static boolean isSupportedLinkType(int linkType) {
    return linkType == 1
        || linkType == 101
        || linkType == 228
        || linkType == 113
        || linkType == 276;
  }

  /** The DHCPv6 payload of one frame, or null if it is not UDP 546/547 over IPv6. */
  static byte @org.jspecify.annotations.Nullable [] udpPayload(
      byte[] b, int start, int end, int linkType) {
    int ip;
    switch (linkType) {
      case 1 -> {
        int type = start + 14 <= end ? u16(b, start + 12) : -1;
        ip = start + 14;
        if (type == ETHERTYPE_VLAN && start + 18 <= end) {
          type = u16(b, start + 16);
          ip = start + 18;
        }
        if (type != ETHERTYPE_IPV6) {
          return null;
        }
      }
      case 113 -> {
        if (start + 16 > end || u16(b, start + 14) != ETHERTYPE_IPV6) {
          return null;
        }
        ip = start + 16;
      }
      case 276 -> {
        if (start + 20 > end || u16(b, start) != ETHERTYPE_IPV6) {
          return null;
        }
        ip = start + 20;
      }
      default -> ip = start;
    }
    if (ip + 40 > end || (b[ip] & 0xf0) != 0x60) {
      return null;
    }
    int next = b[ip + 6] & 0xff;
    int at = ip + 40;
    // Hop-by-hop, routing and destination options headers: (length + 1) * 8 bytes each.
    for (int hops = 0; (next == 0 || next == 43 || next == 60) && hops < 8; hops++) {
      if (at + 2 > end) {
        return null;
      }
      next = b[at] & 0xff;
      at += ((b[at + 1] & 0xff) + 1) * 8;
    }
    if (next != 17 || at + 8 > end) {
      return null;
    }
    int source = u16(b, at);
    int destination = u16(b, at + 2);
    if (!isDhcpPort(source) && !isDhcpPort(destination)) {
      return null;
    }
    int payloadEnd = Math.min(end, at + Math.max(8, u16(b, at + 4)));
    return Arrays.copyOfRange(b, at + 8, payloadEnd);
  }

  private static boolean isDhcpPort(int port) {
    return port == 546 || port == 547;
  }

  static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  static int u32(byte[] b, int at, boolean little) {
    int v = Captures.be32(b, at);
    return little ? Integer.reverseBytes(v) : v;
  }
}
