package io.github.netboot6.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.examples.RealProgram;
import io.github.netboot6.testkit.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The pcapng reader on files written by Wireshark's editcap, on hand-built files in both byte
 * orders that tshark reads as the oracle, and on truncated and inconsistent files.
 */
class PcapngTest {
  private static final HexFormat HEX = HexFormat.of();

  /** Solicit, transaction-id 0x123456, Elapsed Time 0. */
  private static final String SOLICIT = "01123456" + "00080002" + "0000";

  /** Advertise, transaction-id 0x123456, no options. */
  private static final String ADVERTISE = "02123456";

  /** Information-Request, transaction-id 0xabcdef, Elapsed Time 0. */
  private static final String INFORMATION_REQUEST = "0babcdef" + "00080002" + "0000";

  @TempDir Path dir;

  @Test
  void editcapConversion_sameMessagesAndNumbersAsThePcap() throws IOException {
    Path pcap = dir.resolve("in.pcap");
    Files.write(pcap, pcap(SOLICIT, ADVERTISE, INFORMATION_REQUEST));
    Path pcapng = dir.resolve("out.pcapng");
    RealProgram.EDITCAP.output("-F", "pcapng", pcap.toString(), pcapng.toString());
    assertThat(Captures.be32(Files.readAllBytes(pcapng), 0)).isEqualTo(Pcapng.SECTION_HEADER);

    List<Captures.Message> fromPcapng = Captures.read(pcapng);

    assertThat(hex(fromPcapng)).containsExactly(SOLICIT, ADVERTISE, INFORMATION_REQUEST);
    assertThat(fromPcapng)
        .extracting(Captures.Message::source)
        .containsExactly(pcapng + "#1", pcapng + "#2", pcapng + "#3");
    assertThat(hex(Captures.read(pcap))).isEqualTo(hex(fromPcapng));
  }

  @Test
  void bigEndianSection_everyBlockKind_tsharkReadsTheSameFrames() throws IOException {
    byte[] file =
        new PcapngFile(false)
            .sectionHeader()
            .block(0x0000_0bad, HEX.parseHex("0102030405")) // custom block: skipped
            .interfaceDescription(PcapWriter.LINKTYPE_RAW)
            .block(4, HEX.parseHex("00000000")) // name resolution block, end of records: skipped
            .enhancedPacket(0, ipv6(SOLICIT))
            .simplePacket(ipv6(ADVERTISE))
            .obsoletePacket(0, ipv6(INFORMATION_REQUEST))
            .bytes();

    List<Captures.Message> messages = read(file);

    assertThat(hex(messages)).containsExactly(SOLICIT, ADVERTISE, INFORMATION_REQUEST);
    assertThat(framesAndTypes(messages)).isEqualTo(tsharkFramesAndTypes(file));
  }

  @Test
  void twoSectionsInOppositeByteOrders_interfacesRestartPerSection() throws IOException {
    byte[] little =
        new PcapngFile(true)
            .sectionHeader()
            .interfaceDescription(1) // Ethernet
            .enhancedPacket(0, ethernet(ipv6(SOLICIT)))
            .bytes();
    byte[] big =
        new PcapngFile(false)
            .sectionHeader()
            .interfaceDescription(PcapWriter.LINKTYPE_RAW)
            .enhancedPacket(0, ipv6(ADVERTISE))
            .bytes();
    byte[] file = concat(little, big);

    List<Captures.Message> messages = read(file);

    assertThat(hex(messages)).containsExactly(SOLICIT, ADVERTISE);
    assertThat(framesAndTypes(messages)).isEqualTo(tsharkFramesAndTypes(file));
  }

  @Test
  void twoInterfaces_eachPacketReadWithItsInterfacesLinkType() throws IOException {
    byte[] file =
        new PcapngFile(true)
            .sectionHeader()
            .interfaceDescription(1) // Ethernet
            .interfaceDescription(PcapWriter.LINKTYPE_RAW)
            .enhancedPacket(1, ipv6(SOLICIT))
            .enhancedPacket(0, ethernet(ipv6(ADVERTISE)))
            .enhancedPacket(0, ethernet(HEX.parseHex("4500"))) // IPv4: not DHCPv6, skipped
            .enhancedPacket(1, ipv6(INFORMATION_REQUEST))
            .bytes();

    List<Captures.Message> messages = read(file);

    assertThat(hex(messages)).containsExactly(SOLICIT, ADVERTISE, INFORMATION_REQUEST);
    assertThat(messages).extracting(Captures.Message::source).endsWith("test.pcapng#4");
    assertThat(framesAndTypes(messages)).isEqualTo(tsharkFramesAndTypes(file));
  }

  @Test
  void everyTruncation_eitherWholeBlocksOrOneErrorWithTheOffset() {
    byte[] file = validFile();
    for (int cut = 0; cut < file.length; cut++) {
      byte[] prefix = Arrays.copyOf(file, cut);
      try {
        read(prefix);
        assertThat(cut).as("a prefix that reads must end at a block").isIn(0, 28, 48);
      } catch (CliException e) {
        assertThat(e.getMessage()).matches("test\\.pcapng: .+ at offset \\d+");
        assertThat(e.exitCode()).isEqualTo(Netboot6Cli.EXIT_IO);
      }
    }
  }

  @Test
  void randomMutations_onlyOneLineErrorsOrMessages() {
    byte[] file = validFile();
    SplittableRandom random = new SplittableRandom(8);
    for (int i = 0; i < 20_000; i++) {
      byte[] mutated = file.clone();
      for (int n = 1 + random.nextInt(4); n > 0; n--) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      try {
        read(mutated);
      } catch (CliException e) {
        assertThat(e.getMessage()).startsWith("test.pcapng: ").doesNotContain("\n");
      }
    }
  }

  @Test
  void hostileLengths_errorsSayWhatAndWhere() {
    byte[] file = validFile(); // SHB at 0 (28 bytes), IDB at 28 (20), EPB at 48
    assertThat(error(with(file, 52, 13)))
        .isEqualTo(
            "test.pcapng: block type 6: total length 13 (expected: a multiple of 4, >= 12) at"
                + " offset 52");
    assertThat(error(with(file, 52, 0x7fff_fff0)))
        .isEqualTo(
            "test.pcapng: block type 6: total length 2147483632 overruns the file: "
                + (file.length - 48)
                + " bytes left (expected: <= "
                + (file.length - 48)
                + ") at offset 52");
    assertThat(error(with(file, file.length - 4, 80)))
        .isEqualTo(
            "test.pcapng: block type 6: trailing total length 80 (expected: 92, the leading one)"
                + " at offset "
                + (file.length - 4));
    assertThat(error(with(file, 56, 1)))
        .isEqualTo(
            "test.pcapng: packet 1: interface 1 (expected: < 1, the interfaces described so far"
                + " in this section) at offset 48");
    assertThat(error(with(file, 56 + 12, 200)))
        .isEqualTo(
            "test.pcapng: packet 1: captured length 200 overruns its block: 60 bytes left"
                + " (expected: <= 60) at offset 68");
    assertThat(error(with(file, 8, 0x01020304)))
        .isEqualTo(
            "test.pcapng: byte-order magic 0x04030201 (expected: 0x1a2b3c4d in either byte order)"
                + " at offset 8");
    byte[] radiotap = file.clone();
    radiotap[36] = 127; // IDB link type, little-endian
    assertThat(error(radiotap))
        .isEqualTo(
            "test.pcapng: packet 1: interface 0 has link type 127 is not supported (expected: 1"
                + " Ethernet, 101/228 raw IPv6, 113/276 Linux cooked) at offset 48");
    byte[] version2 = file.clone();
    version2[12] = 2;
    assertThat(error(version2))
        .isEqualTo("test.pcapng: pcapng major version 2 (expected: 1) at offset 12");
    assertThat(error(Arrays.copyOfRange(file, 28, file.length)))
        .isEqualTo(
            "test.pcapng: first block type 0x01000000 (expected: a section header block,"
                + " 0x0a0d0d0a) at offset 0");
    assertThat(error(Arrays.copyOf(file, 20)))
        .isEqualTo(
            "test.pcapng: section header block truncated: 20 bytes left (expected: >= 28) at"
                + " offset 0");
  }

  @Test
  void cli_truncatedPcapng_oneLineErrorAndExitCode3() throws IOException {
    Path file = dir.resolve("cut.pcapng");
    byte[] valid = validFile();
    Files.write(file, Arrays.copyOf(valid, valid.length - 6));
    StringWriter err = new StringWriter();
    CommandLine cli = Netboot6Cli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));

    assertThat(cli.execute("decode", file.toString())).isEqualTo(Netboot6Cli.EXIT_IO);
    assertThat(err.toString())
        .isEqualTo(
            "netboot6: "
                + file
                + ": block type 6: total length 92 overruns the file: 86 bytes left (expected: <="
                + " 86) at offset 52\n");
  }

  /**
   * SHB (28 bytes), IDB raw IPv6 (20), EPB (92: 20 bytes of fields, the 58-byte packet padded to
   * 60), little-endian.
   */
  private static byte[] validFile() {
    byte[] file =
        new PcapngFile(true)
            .sectionHeader()
            .interfaceDescription(PcapWriter.LINKTYPE_RAW)
            .enhancedPacket(0, ipv6(SOLICIT))
            .bytes();
    assertThat(file.length).isEqualTo(28 + 20 + 92);
    assertThat(hex(read(file))).containsExactly(SOLICIT);
    return file;
  }

  private static byte[] with(byte[] file, int at, int littleEndianValue) {
    byte[] copy = file.clone();
    for (int i = 0; i < 4; i++) {
      copy[at + i] = (byte) (littleEndianValue >>> (8 * i));
    }
    return copy;
  }

  private static String error(byte[] file) {
    assertThatThrownBy(() -> read(file)).isInstanceOf(CliException.class);
    try {
      read(file);
      throw new AssertionError("unreachable");
    } catch (CliException e) {
      return String.valueOf(e.getMessage());
    }
  }

  private static List<Captures.Message> read(byte[] file) {
    return Pcapng.messages("test.pcapng", file);
  }

  private static List<String> hex(List<Captures.Message> messages) {
    return messages.stream().map(m -> HEX.formatHex(m.bytes())).toList();
  }

  /** "frame type" per message: the number after '#' and the msg-type in decimal. */
  private static List<String> framesAndTypes(List<Captures.Message> messages) {
    List<String> lines = new ArrayList<>();
    for (Captures.Message m : messages) {
      String source = m.source();
      lines.add(source.substring(source.lastIndexOf('#') + 1) + " " + (m.bytes()[0] & 0xff));
    }
    return lines;
  }

  private List<String> tsharkFramesAndTypes(byte[] file) throws IOException {
    Path path = dir.resolve("oracle.pcapng");
    Files.write(path, file);
    String out =
        RealProgram.TSHARK.output(
            "-r",
            path.toString(),
            "-Y",
            "dhcpv6",
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "dhcpv6.msgtype");
    return out.lines().map(l -> l.replace('\t', ' ')).toList();
  }

  /** A raw IPv6 packet carrying a DHCPv6 message, as the testkit's pcap writer frames it. */
  static byte[] ipv6(String dhcpHex) {
    byte[] pcap = pcap(dhcpHex);
    return Arrays.copyOfRange(pcap, 24 + 16, pcap.length);
  }

  static byte[] pcap(String... dhcpHex) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PcapWriter writer = new PcapWriter(out);
      for (String hex : dhcpHex) {
        writer.writeDhcpv6(HEX.parseHex(hex));
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static byte[] ethernet(byte[] ipv6) {
    return concat(HEX.parseHex("333300010002" + "525400123456" + "86dd"), ipv6);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** Writes pcapng blocks in one byte order (draft-ietf-opsawg-pcapng §4). */
  static final class PcapngFile {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean little;

    PcapngFile(boolean little) {
      this.little = little;
    }

    PcapngFile sectionHeader() {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      u32(body, 0x1a2b3c4d); // byte-order magic
      u16(body, 1); // major version
      u16(body, 0); // minor version
      u32(body, -1); // section length: unknown (-1, 64 bits)
      u32(body, -1);
      return block(0x0a0d0d0a, body.toByteArray());
    }

    PcapngFile interfaceDescription(int linkType) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      u16(body, linkType);
      u16(body, 0); // reserved
      u32(body, 0); // snap length: none
      return block(1, body.toByteArray());
    }

    PcapngFile enhancedPacket(int interfaceId, byte[] packet) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      u32(body, interfaceId);
      u32(body, 0); // timestamp, high 32 bits
      u32(body, 1); // timestamp, low 32 bits
      u32(body, packet.length); // captured length
      u32(body, packet.length); // original length
      body.writeBytes(packet);
      return block(6, body.toByteArray());
    }

    PcapngFile simplePacket(byte[] packet) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      u32(body, packet.length); // original length
      body.writeBytes(packet);
      return block(3, body.toByteArray());
    }

    PcapngFile obsoletePacket(int interfaceId, byte[] packet) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      u16(body, interfaceId);
      u16(body, 0); // drops count
      u32(body, 0); // timestamp, high
      u32(body, 2); // timestamp, low
      u32(body, packet.length); // captured length
      u32(body, packet.length); // original length
      body.writeBytes(packet);
      return block(2, body.toByteArray());
    }

    /** A block: type, total length, body padded to 4 bytes, total length. */
    PcapngFile block(int type, byte[] body) {
      int padded = (body.length + 3) & ~3;
      u32(out, type);
      u32(out, 12 + padded);
      out.writeBytes(body);
      out.writeBytes(new byte[padded - body.length]);
      u32(out, 12 + padded);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void u16(ByteArrayOutputStream s, int v) {
      if (little) {
        s.write(v);
        s.write(v >>> 8);
      } else {
        s.write(v >>> 8);
        s.write(v);
      }
    }

    private void u32(ByteArrayOutputStream s, int v) {
      if (little) {
        u16(s, v & 0xffff);
        u16(s, v >>> 16);
      } else {
        u16(s, v >>> 16);
        u16(s, v & 0xffff);
      }
    }
  }
}
