package io.github.netboot6.codec;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.Ipv6Address;
import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A text dump of a DHCPv6 message that reads like the DHCPv6 section of {@code tshark -V}: the
 * message type with its code, the transaction id in hexadecimal or the relay fields, then every
 * option with its description, code, length and typed fields, nested options and relayed messages
 * indented by four spaces. For people and logs; allocates.
 *
 * <pre>{@code
 * MessageReader reader = new MessageReader().wrap(datagram, 0, received);
 * StringBuilder text = new StringBuilder();
 * DecodeStatus status = MessageDump.dump(reader, text);
 * }</pre>
 *
 * prints, for a UEFI PXE Solicit:
 *
 * <pre>
 * DHCPv6
 *     Message type: SOLICIT (1)
 *     Transaction ID: 0x123456
 *     Client Identifier
 *         Option: Client Identifier (1)
 *         Length: 14
 *         DUID: 000100012a2b2c2d525400123456
 *         DUID Type: LLT (1)
 *         ...
 * </pre>
 *
 * <p>Typed fields are shown for DUIDs, IA_NA/IA_TA/IA_PD, IAADDR, IAPREFIX, the Option Request,
 * Elapsed Time, Status Code, User and Vendor Class, Vendor-specific Information, Interface-Id,
 * Client Architecture (with its {@link io.github.netboot6.core.ClientArchitecture} name), Client
 * Link-Layer Address, and for every other registered option by its {@linkplain OptionFormat format}
 * (numbers, addresses, text, domain names); anything else as hexadecimal. <b>Malformed input is
 * shown, not thrown:</b> what decoded is printed, then a line {@code [Malformed: STATUS at offset
 * N: detail]} where decoding stopped or an option did not fit its format. Nesting is bounded by
 * {@link MessageReader#MAX_RELAY_DEPTH} and {@link OptionIterator#MAX_OPTION_DEPTH}.
 */
public final class MessageDump {
  static final String INDENT = "    ";

  private MessageDump() {}

  /**
   * Appends the dump of {@code message} to {@code out}. The reader is not moved: the dump reads a
   * copy of it.
   *
   * @param message a wrapped reader, at any relay level, with any status
   * @param out where the text goes; each line ends with {@code '\n'}
   * @return the first problem found in the message, {@link DecodeStatus#OK} if none
   */
  @CanIgnoreReturnValue
  public static DecodeStatus dump(MessageReader message, StringBuilder out) {
    MessageReader copy = new MessageReader();
    copy.copyFrom(message);
    Dumper dumper = new Dumper(out);
    dumper.message(copy, 0);
    return dumper.firstProblem;
  }

  /**
   * Appends the dump of {@code message} to any {@link Appendable}, as {@link #dump(MessageReader,
   * StringBuilder)} does.
   *
   * @param message a wrapped reader
   * @param out where the text goes
   * @return the first problem found in the message, {@link DecodeStatus#OK} if none
   * @throws IOException if {@code out} throws it
   */
  @CanIgnoreReturnValue
  public static DecodeStatus dump(MessageReader message, Appendable out) throws IOException {
    StringBuilder text = new StringBuilder();
    DecodeStatus status = dump(message, text);
    out.append(text);
    return status;
  }

  /**
   * Returns the dump of the message in {@code buffer[offset, offset + length)}, decoded with the
   * {@linkplain DecodeProfile#STRICT strict} profile.
   *
   * @param buffer the bytes
   * @param offset where the message starts
   * @param length the length of the message
   * @return the text
   * @throws IndexOutOfBoundsException if the range is outside {@code buffer}
   */
  public static String toString(byte[] buffer, int offset, int length) {
    StringBuilder out = new StringBuilder();
    dump(new MessageReader().wrap(buffer, offset, length), out);
    return out.toString();
  }

  /** Walks one message and its options, entering relay messages and nested options. */
  static final class Dumper {
    private final StringBuilder out;
    DecodeStatus firstProblem = DecodeStatus.OK;

    Dumper(StringBuilder out) {
      this.out = out;
    }

    StringBuilder line(int level) {
      for (int i = 0; i < level; i++) {
        out.append(INDENT);
      }
      return out;
    }

    void field(int level, String name, String value) {
      line(level).append(name).append(": ").append(value).append('\n');
    }

    void problem(int level, DecodeStatus status, int offset, @Nullable String detail) {
      if (firstProblem == DecodeStatus.OK) {
        firstProblem = status;
      }
      line(level)
          .append("[Malformed: ")
          .append(status)
          .append(" at offset ")
          .append(offset)
          .append(": ")
          .append(String.valueOf(detail))
          .append("]\n");
    }

    void message(MessageReader reader, int level) {
      line(level).append("DHCPv6\n");
      int inner = level + 1;
      if (reader.messageTypeCode() >= 0) {
        MessageType type = reader.messageType();
        field(inner, "Message type", type.name() + " (" + type.code() + ")");
      }
      if (reader.status() != DecodeStatus.OK) {
        problem(inner, reader.status(), reader.errorOffset(), reader.toException().getMessage());
        return;
      }
      if (reader.isRelay()) {
        field(inner, "Hop count", Integer.toString(reader.hopCount()));
        field(
            inner,
            "Link address",
            Ipv6Address.of(reader.linkAddressHigh(), reader.linkAddressLow()).toString());
        field(
            inner,
            "Peer address",
            Ipv6Address.of(reader.peerAddressHigh(), reader.peerAddressLow()).toString());
      } else {
        field(
            inner, "Transaction ID", String.format(Locale.ROOT, "0x%06x", reader.transactionId()));
      }
      options(reader.options(new OptionIterator()), inner, -1);
    }

    void options(OptionIterator options, int level, int containerCode) {
      int reported = -1;
      while (options.next()) {
        int problem =
            containerCode == OptionCode.NTP_SERVER.code()
                ? ntpSuboption(options, level)
                : option(options, level);
        if (problem >= 0) {
          reported = problem;
        }
      }
      if (options.status() != DecodeStatus.OK && options.errorOffset() != reported) {
        problem(level, options.status(), options.errorOffset(), options.toException().getMessage());
      }
      if (options.ignoredOffset() >= 0) {
        line(level)
            .append("[Ignored (lenient): trailing bytes from offset ")
            .append(options.ignoredOffset())
            .append("]\n");
      }
    }

    /** Dumps the current option; returns the offset of a problem reported here, or -1. */
    private int option(OptionIterator option, int level) {
      String description = description(option);
      line(level).append(description).append('\n');
      int inner = level + 1;
      field(inner, "Option", description + " (" + option.code() + ")");
      field(inner, "Length", Integer.toString(option.length()));
      if (!option.isVendorSpace() && !option.checkFormat()) {
        field(inner, "Value", OptionFields.hex(option, 0, option.length()));
        problem(inner, option.status(), option.errorOffset(), option.toException().getMessage());
        return option.errorOffset();
      }
      if (option.isVendorSpace()) {
        field(inner, "Value", OptionFields.hex(option, 0, option.length()));
        return -1;
      }
      if (option.code() == OptionCode.RELAY_MSG.code()) {
        message(new MessageReader().wrapRelayMessage(option), inner);
        return -1;
      }
      new OptionFields(this, option, inner).fields();
      if (option.hasNestedOptions()) {
        options(option.nested(new OptionIterator()), inner, option.code());
      }
      return -1;
    }

    /** An NTP Server sub-option (RFC 5908 §4): its codes are not DHCPv6 option codes. */
    private int ntpSuboption(OptionIterator option, int level) {
      int code = option.code();
      String description =
          code == 1
              ? "NTP server address"
              : code == 2
                  ? "NTP multicast address"
                  : code == 3 ? "NTP server FQDN" : "NTP suboption";
      line(level).append(description).append('\n');
      field(level + 1, "Suboption", description + " (" + code + ")");
      field(level + 1, "Length", Integer.toString(option.length()));
      if ((code == 1 || code == 2) && option.length() == 16) {
        field(
            level + 1,
            "Address",
            Ipv6Address.of(option.addressHigh(0), option.addressLow(0)).toString());
      } else {
        field(level + 1, "Value", OptionFields.hex(option, 0, option.length()));
      }
      return -1;
    }

    private static String description(OptionIterator option) {
      if (option.isVendorSpace()) {
        return "Vendor option";
      }
      OptionCode code = option.option();
      return code.isRegistered() ? code.description() : "Unknown option";
    }
  }
}
