package io.github.netboot6.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the DHCPv6 messages of a file: a classic libpcap capture or a pcapng capture (link types
 * raw IPv6 101/228, Ethernet 1, Linux cooked 113/276; the UDP payloads to or from ports 546 and
 * 547), or text with one message in hexadecimal per line (blank lines and {@code #} comments
 * ignored). The kind is told by the file's first four bytes.
 */
public final class Captures {
  /** One message and where it came from ({@code file#n}, n counting from 1). */
  public static final class Message {
    private final String source;
    private final byte[] bytes;

    Message(String source, byte[] bytes) {
      this.source = source;
      this.bytes = bytes;
    }

    /**
     * Returns where the message came from: {@code file#n} for the n-th packet of a capture
     * (tshark's frame number), {@code file:n} for line n of a hex file.
     *
     * @return the source
     */
    public String source() {
      return source;
    }

    /**
     * Returns the message, the UDP payload.
     *
     * @return the bytes, not copied
     */
    public byte[] bytes() {
      return bytes;
    }
  }

  private Captures() {}

  /**
   * Reads the DHCPv6 messages of a capture or hex file.
   *
   * @param file the file
   * @return the messages, in file order
   * @throws CliException with {@link Netboot6Cli#EXIT_IO} if the file cannot be read, or is a
   *     truncated or inconsistent capture, or text that is not hexadecimal
   */
  public static List<Message> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException(Netboot6Cli.EXIT_IO, "cannot read " + file + ": " + e, e);
    }
    if (bytes.length >= 4) {
      int magic = be32(bytes, 0);
      if (isPcapMagic(magic)) {
        return Pcap.messages(file.toString(), bytes);
      }
      if (magic == Pcapng.SECTION_HEADER) {
        return Pcapng.messages(file.toString(), bytes);
      }
    }
    return hexLines(file, bytes);
  }

  static boolean isPcapMagic(int magic) {
    return magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
  }

  private static List<Message> hexLines(Path file, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<Message> messages = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String hex = line.replaceAll("[\\s:.-]", "").toLowerCase(Locale.ROOT);
      if (hex.length() % 2 != 0 || !hex.matches("[0-9a-f]*")) {
        throw new CliException(
            Netboot6Cli.EXIT_IO,
            file
                + ":"
                + (i + 1)
                + ": not a pcap or pcapng file, and not hexadecimal (expected: one message per line as hex"
                + " digits)");
      }
      byte[] message = new byte[hex.length() / 2];
      for (int j = 0; j < message.length; j++) {
        message[j] = (byte) Integer.parseInt(hex.substring(2 * j, 2 * j + 2), 16);
      }
      messages.add(new Message(file + ":" + (i + 1), message));
    }
    return messages;
  }

  static int be32(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }
}
