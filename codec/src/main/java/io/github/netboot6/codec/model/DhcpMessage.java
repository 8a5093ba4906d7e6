package io.github.netboot6.codec.model;

import static java.util.Objects.requireNonNull;

import io.github.netboot6.codec.DecodeProfile;
import io.github.netboot6.codec.DecodeStatus;
import io.github.netboot6.codec.MessageDump;
import io.github.netboot6.codec.MessageReader;
import io.github.netboot6.codec.MessageType;
import io.github.netboot6.codec.OptionCode;
import io.github.netboot6.codec.OptionIterator;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MalformedValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A decoded DHCPv6 message: a {@link ClientServerMessage} (RFC 8415 §8) or a {@link RelayMessage}
 * (§9), with its options in wire order. Immutable, and allocating: for tests, tools and anything
 * off the hot path, where the flyweights of {@link io.github.netboot6.codec} are the better fit.
 *
 * <p>A message decoded with the {@linkplain DecodeProfile#STRICT strict} profile (the default)
 * encodes back to the same bytes: {@code DhcpMessage.decode(bytes).toBytes()} equals {@code bytes}.
 * With the {@linkplain DecodeProfile#LENIENT lenient} profile, what the decoder ignored (trailing
 * bytes, an option that overruns the message) is not part of the model and does not come back.
 */
public abstract sealed class DhcpMessage permits ClientServerMessage, RelayMessage {
  DhcpMessage() {}

  /**
   * Returns the msg-type field, 0 to 255.
   *
   * @return the message type code
   */
  public abstract int typeCode();

  /**
   * Returns the options in wire order, duplicates included.
   *
   * @return the options
   */
  public abstract List<DhcpOption> options();

  /**
   * Returns the length of the message's header: 4 bytes, or 34 for a relay message.
   *
   * @return the header length
   */
  abstract int headerLength();

  /** Writes the header at {@code offset}. */
  abstract void writeHeader(byte[] destination, int offset);

  /**
   * Returns the message type, registered or not (never throws).
   *
   * @return the open-enum message type
   */
  public final MessageType type() {
    return MessageType.valueOf(typeCode());
  }

  /**
   * Tells whether this is a Relay-Forward or Relay-Reply message.
   *
   * @return {@code true} for a {@link RelayMessage}
   */
  public final boolean isRelay() {
    return this instanceof RelayMessage;
  }

  /**
   * Returns the first option with {@code code}, if any.
   *
   * @param code the option code
   * @return the option
   */
  public final Optional<DhcpOption> option(int code) {
    for (DhcpOption option : options()) {
      if (option.code() == code) {
        return Optional.of(option);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the first option with {@code code}, if any.
   *
   * @param code the option code
   * @return the option
   */
  public final Optional<DhcpOption> option(OptionCode code) {
    return option(code.code());
  }

  /**
   * Returns every option with {@code code}, in wire order.
   *
   * @param code the option code
   * @return the options; empty if none
   */
  public final List<DhcpOption> options(int code) {
    List<DhcpOption> found = new ArrayList<>();
    for (DhcpOption option : options()) {
      if (option.code() == code) {
        found.add(option);
      }
    }
    return found;
  }

  /**
   * Returns the number of bytes {@link #toBytes()} produces.
   *
   * @return the encoded length
   */
  public final int encodedLength() {
    int length = headerLength();
    for (DhcpOption option : options()) {
      length += option.encodedLength();
    }
    return length;
  }

  /**
   * Encodes the message: header, then every option in order.
   *
   * @return the wire bytes
   */
  public final byte[] toBytes() {
    byte[] out = new byte[encodedLength()];
    writeHeader(out, 0);
    int at = headerLength();
    for (DhcpOption option : options()) {
      at = option.writeTo(out, at);
    }
    return out;
  }

  /**
   * Returns the text that {@link MessageDump} gives for the encoded message: one line per field,
   * nested options indented, as {@code tshark -V} shows DHCPv6.
   *
   * @return the dump
   */
  public final String dump() {
    byte[] bytes = toBytes();
    return MessageDump.toString(bytes, 0, bytes.length);
  }

  /**
   * Decodes a whole message with the strict profile.
   *
   * @param bytes the message, e.g. a UDP payload; not kept
   * @return the message
   * @throws MalformedValueException if the message is malformed; it names the problem (a {@link
   *     DecodeStatus}) and its byte offset
   */
  public static DhcpMessage decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length, DecodeProfile.STRICT);
  }

  /**
   * Decodes the message of {@code length} bytes at {@code offset}. The header and the framing of
   * the options are checked at every relay level, at most {@link MessageReader#MAX_RELAY_DEPTH}
   * levels; the options nested in container options are decoded when asked for ({@link
   * DhcpOption#nestedOptions()}).
   *
   * @param bytes the buffer; not kept
   * @param offset where the message starts
   * @param length the message length
   * @param profile strict, or lenient as {@link DecodeProfile} describes
   * @return the message
   * @throws MalformedValueException if the message is malformed; it names the problem and its byte
   *     offset from {@code offset}
   * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
   */
  public static DhcpMessage decode(byte[] bytes, int offset, int length, DecodeProfile profile) {
    requireNonNull(profile, "profile");
    Objects.checkFromIndexSize(offset, length, bytes.length);
    MessageReader reader = new MessageReader().profile(profile);
    reader.wrap(bytes, offset, length);
    OptionIterator options = new OptionIterator();
    DhcpMessage message = readLevel(reader, options);
    // The inner levels are kept as bytes in the Relay Message option; check them now, so that a
    // message that decoded is whole.
    MessageReader inner = new MessageReader().profile(profile);
    inner.wrap(bytes, offset, length);
    while (inner.isRelay()) {
      if (!inner.enterRelayMessage(options)) {
        throw inner.toException();
      }
      inner.options(options);
      while (options.next()) {
        // Framing only; the options themselves are read when the level is decoded.
      }
      if (options.status() != DecodeStatus.OK) {
        throw options.toException();
      }
    }
    return message;
  }

  private static DhcpMessage readLevel(MessageReader reader, OptionIterator options) {
    if (reader.status() != DecodeStatus.OK) {
      throw reader.toException();
    }
    List<DhcpOption> list = DhcpOption.collect(reader.options(options));
    if (reader.isRelay()) {
      return RelayMessage.builder()
          .typeCode(reader.messageTypeCode())
          .hopCount(reader.hopCount())
          .linkAddress(Ipv6Address.of(reader.linkAddressHigh(), reader.linkAddressLow()))
          .peerAddress(Ipv6Address.of(reader.peerAddressHigh(), reader.peerAddressLow()))
          .options(list)
          .build();
    }
    return ClientServerMessage.builder()
        .typeCode(reader.messageTypeCode())
        .transactionId(reader.transactionId())
        .options(list)
        .build();
  }

  /**
   * Returns the message a client sent (or a server sends back): this message if it is not a relay
   * message, else the innermost message of its relay chain, each level decoded with the strict
   * profile ({@link RelayMessage#relayedMessage(DecodeProfile)} decodes one level leniently).
   *
   * @return the innermost message
   * @throws IllegalStateException if a relay level has no Relay Message option (a message built
   *     that way; a decoded one always has it)
   * @throws MalformedValueException if a relay level carries a message that the strict profile
   *     rejects (a message built that way, or one decoded leniently)
   */
  public final ClientServerMessage innermost() {
    DhcpMessage message = this;
    for (int level = 0; ; level++) {
      if (message instanceof ClientServerMessage client) {
        return client;
      }
      RelayMessage relay = (RelayMessage) message;
      message = relay.requireRelayedMessage(level);
    }
  }
}
