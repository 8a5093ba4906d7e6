package io.github.netboot6.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small reader of pcapng files (the IETF draft "PCAP Capture File Format", draft-ietf-opsawg-
 * pcapng, as written by Wireshark's dumpcap and editcap) that keeps the UDP payloads of DHCPv6.
 *
 * <p>It reads Section Header blocks in either byte order (each section sets its own, and starts a
 * new list of interfaces), Interface Description blocks (the link type of each interface), and the
 * packets of Enhanced, Simple and obsolete Packet blocks; every other block is skipped by its
 * length. A packet on an interface whose link type {@link Pcap} cannot read is an error, not a
 * silent skip. Packets are numbered from 1 across the file, as Wireshark numbers frames, so {@code
 * file#7} is tshark's {@code frame.number == 7}.
 *
 * <p>Every length is checked against the bytes that remain before it is used; a truncated or
 * inconsistent file fails with one message naming the file, the block and the byte offset.
 */
final class Pcapng {
  /** Block type of a Section Header block; the same in both byte orders. */
  static final int SECTION_HEADER = 0x0a0d0d0a;

  private static final int INTERFACE_DESCRIPTION = 1;
  private static final int OBSOLETE_PACKET = 2;
  private static final int SIMPLE_PACKET = 3;
  private static final int ENHANCED_PACKET = 6;
  private static final int SYSTEMD_JOURNAL_EXPORT = 9;
  private static final int CUSTOM = 0x0000_0bad;
  private static final int CUSTOM_DO_NOT_COPY = 0x4000_0bad;
  private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;

  /** Bytes of a block's type, leading length and trailing length. */
  private static final int BLOCK_OVERHEAD = 12;

  private final String name;
  private final byte[] b;
  private final List<Captures.Message> messages = new ArrayList<>();
  private final List<Integer> linkTypes = new ArrayList<>();
  private final List<Integer> snapLengths = new ArrayList<>();
  private boolean little;
  private int packets;

  private Pcapng(String name, byte[] b) {
    this.name = name;
    this.b = b;
  }

  /**
   * Returns the DHCPv6 messages of a pcapng file.
   *
   * @param name the file's name, for sources and messages
   * @param b the file's bytes, starting with a Section Header block
   * @throws CliException with {@link Netboot6Cli#EXIT_IO} if the file is truncated or inconsistent
   */
  static List<Captures.Message> messages(String name, byte[] b) {
    Pcapng reader = new Pcapng(name, b);
    reader.read();
    return reader.messages;
  }

  private void read() {
    int at = 0;
    while (at < b.length) {
      int left = b.length - at;
      if (left < BLOCK_OVERHEAD) {
        throw error(at, "block header truncated: " + left + " bytes left (expected: >= 12)");
      }
      int type = Captures.be32(b, at);
      if (type == SECTION_HEADER) {
        sectionHeader(at, left);
      } else if (at == 0) {
        throw error(
            at,
            String.format(
                Locale.ROOT,
                "first block type 0x%08x (expected: a section header block, 0x0a0d0d0a)",
                type));
      } else {
        type = Pcap.u32(b, at, little);
      }
      int length = Pcap.u32(b, at + 4, little);
      if (length < BLOCK_OVERHEAD || length % 4 != 0) {
        throw error(
            at + 4,
            "block type "
                + Integer.toUnsignedString(type)
                + ": total length "
                + Integer.toUnsignedString(length)
                + " (expected: a multiple of 4, >= 12)");
      }
      if (length > left) {
        throw error(
            at + 4,
            "block type "
                + Integer.toUnsignedString(type)
                + ": total length "
                + length
                + " overruns the file: "
                + left
                + " bytes left (expected: <= "
                + left
                + ")");
      }
      int trailer = Pcap.u32(b, at + length - 4, little);
      if (trailer != length) {
        throw error(
            at + length - 4,
            "block type "
                + Integer.toUnsignedString(type)
                + ": trailing total length "
                + Integer.toUnsignedString(trailer)
                + " (expected: "
                + length
                + ", the leading one)");
      }
      block(type, at, at + 8, at + length - 4);
      at += length;
    }
  }

  private void sectionHeader(int at, int left) {
    if (left < 28) {
      throw error(at, "section header block truncated: " + left + " bytes left (expected: >= 28)");
    }
    int magic = Captures.be32(b, at + 8);
    if (magic == BYTE_ORDER_MAGIC) {
      little = false;
    } else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
      little = true;
    } else {
      throw error(
          at + 8,
          String.format(
              Locale.ROOT,
              "byte-order magic 0x%08x (expected: 0x1a2b3c4d in either byte order)",
              magic));
    }
    int major = u16(at + 12);
    if (major != 1) {
      throw error(at + 12, "pcapng major version " + major + " (expected: 1)");
    }
    linkTypes.clear();
    snapLengths.clear();
  }

  /** Reads one block whose body runs from {@code body} to {@code end}. */
  private void block(int type, int at, int body, int end) {
    int size = end - body;
    switch (type) {
      case INTERFACE_DESCRIPTION -> {
        requireBody(at, "interface description", size, 8);
        linkTypes.add(u16(body));
        snapLengths.add(Pcap.u32(b, body + 4, little));
      }
      case ENHANCED_PACKET -> {
        requireBody(at, "enhanced packet", size, 20);
        int captured = Pcap.u32(b, body + 12, little);
        packet(at, Pcap.u32(b, body, little), body + 20, captured, end, body + 12);
      }
      case OBSOLETE_PACKET -> {
        requireBody(at, "packet", size, 20);
        int id = u16(body);
        int captured = Pcap.u32(b, body + 12, little);
        packet(at, id, body + 20, captured, end, body + 12);
      }
      case SIMPLE_PACKET -> {
        requireBody(at, "simple packet", size, 4);
        long captured = Integer.toUnsignedLong(Pcap.u32(b, body, little));
        captured = Math.min(captured, size - 4);
        if (!snapLengths.isEmpty() && snapLengths.get(0) != 0) {
          captured = Math.min(captured, Integer.toUnsignedLong(snapLengths.get(0)));
        }
        packet(at, 0, body + 4, (int) captured, end, body);
      }
      case CUSTOM, CUSTOM_DO_NOT_COPY, SYSTEMD_JOURNAL_EXPORT -> packets++; // frames in Wireshark
      default -> {
        // name resolution, statistics, decryption secrets and unknown blocks: nothing to read
      }
    }
  }

  private void packet(int at, int interfaceId, int data, int captured, int end, int lengthAt) {
    packets++;
    if (interfaceId < 0 || interfaceId >= linkTypes.size()) {
      throw error(
          at,
          "packet "
              + packets
              + ": interface "
              + Integer.toUnsignedString(interfaceId)
              + " (expected: < "
              + linkTypes.size()
              + ", the interfaces described so far in this section)");
    }
    if (captured < 0 || captured > end - data) {
      throw error(
          lengthAt,
          "packet "
              + packets
              + ": captured length "
              + Integer.toUnsignedString(captured)
              + " overruns its block: "
              + (end - data)
              + " bytes left (expected: <= "
              + (end - data)
              + ")");
    }
    int linkType = linkTypes.get(interfaceId);
    if (!Pcap.isSupportedLinkType(linkType)) {
      throw error(
          at,
          "packet "
              + packets
              + ": interface "
              + interfaceId
              + " has link type "
              + linkType
              + Pcap.UNSUPPORTED_LINK_TYPE);
    }
    byte[] payload = Pcap.udpPayload(b, data, data + captured, linkType);
    if (payload != null) {
      messages.add(new Captures.Message(name + "#" + packets, payload));
    }
  }

  private void requireBody(int at, String what, int size, int minimum) {
    if (size < minimum) {
      throw error(at, what + " block body of " + size + " bytes (expected: >= " + minimum + ")");
    }
  }

  private int u16(int at) {
    int v = Pcap.u16(b, at);
    return little ? Short.toUnsignedInt(Short.reverseBytes((short) v)) : v;
  }

  private CliException error(int offset, String what) {
    return new CliException(Netboot6Cli.EXIT_IO, name + ": " + what + " at offset " + offset);
  }
}
