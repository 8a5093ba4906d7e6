package io.github.netboot6.codec;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.MalformedValueException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A reusable, allocation-free reader of one DHCPv6 message (RFC 8415 §8, §9) over a {@code byte[]}
 * or a {@link ByteBuffer}: its header, its options through an {@link OptionIterator}, and the
 * messages that relays wrap around it.
 *
 * <p>Valid call order:
 *
 * <ol>
 *   <li>{@link #wrap(byte[], int, int)} or {@link #wrap(ByteBuffer, int, int)} (or {@link
 *       #wrapRelayMessage(OptionIterator)} for a relayed message), then check {@link #status()};
 *   <li>read the header: {@link #messageTypeCode()}, then {@link #transactionId()} for a
 *       client/server message, or, when {@link #isRelay()}, {@link #hopCount()} and the link and
 *       peer addresses;
 *   <li>walk the options with {@link #options(OptionIterator)}, and the relay chain with {@link
 *       #enterRelayMessage(OptionIterator)} or {@link #innermost(OptionIterator)}.
 * </ol>
 *
 * <pre>{@code
 * MessageReader reader = new MessageReader();      // once per thread, then reused
 * OptionIterator options = new OptionIterator();
 * reader.wrap(datagram, 0, received);
 * long link = reader.isRelay() ? reader.linkAddressLow() : 0;
 * if (!reader.innermost(options)) {                 // through every Relay-Forw to the client's message
 *   log(reader.toException());                      // allocates, only on the error path
 *   return;
 * }
 * int transactionId = reader.transactionId();
 * reader.options(options);
 * while (options.next()) { ... }
 * }</pre>
 *
 * <p><b>Wire data never makes it throw.</b> A header shorter than its type requires is reported as
 * {@link DecodeStatus#TRUNCATED_HEADER}; the header accessors then return the documented sentinel
 * values, and {@link #options(OptionIterator)} gives an iterator with the same status and no
 * options. Options are checked lazily, as they are walked.
 *
 * <p><b>Relay chains.</b> A Relay-Forw or Relay-Repl carries the next message inward in its Relay
 * Message option (option 9, RFC 8415 §21.10). This reader moves inward one level at a time, reusing
 * itself or another reader and a caller-provided iterator, never recursing; it counts the levels
 * and stops at {@link #MAX_RELAY_DEPTH} with {@link DecodeStatus#RELAY_NESTING_TOO_DEEP}.
 *
 * <p>Reads are absolute: a buffer's position, limit and byte order are neither used nor changed,
 * and offsets are in the index space of the wrapped array or buffer. Not thread-safe; one instance
 * per thread, reused across messages.
 */
public final class MessageReader {

  /**
   * The most relay messages accepted around the innermost message (DESIGN.md §4). RFC 8415 §7.6
   * sets a relay agent's HOP_COUNT_LIMIT to 8 (RFC 3315 had 32); a server accepts what relays with
   * a raised limit may send, up to this bound.
   */
  public static final int MAX_RELAY_DEPTH = 32;

  private static final int RELAY_MSG = 9;

  private final ByteSource bytes = new ByteSource();
  private final DecodeError error = new DecodeError();
  private int offset;
  private int length;
  private int typeCode = -1;
  private boolean headerComplete;
  private int relayDepth;
  private DecodeProfile profile = DecodeProfile.STRICT;

  /** Creates a reader wrapping nothing; wrap a message before use. */
  public MessageReader() {}

  /**
   * Wraps the message of {@code length} bytes at {@code offset} in {@code buffer} and checks its
   * header.
   *
   * @param buffer the bytes; not copied, and read only
   * @param offset where the message starts (its msg-type byte)
   * @param length the length of the message, e.g. the UDP payload length
   * @return this reader
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} are outside {@code
   *     buffer}
   */
  @CanIgnoreReturnValue
  public MessageReader wrap(byte[] buffer, int offset, int length) {
    bytes.wrap(buffer, offset, length, true);
    relayDepth = 0;
    readHeader(offset, length);
    return this;
  }

  /**
   * Wraps the message of {@code length} bytes at index {@code offset} of a heap, direct or
   * read-only buffer, and checks its header. Reads are absolute: the buffer's position, limit and
   * byte order are neither used nor changed.
   *
   * @param buffer the bytes; not copied, and read only
   * @param offset the buffer index where the message starts
   * @param length the length of the message
   * @return this reader
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} are outside {@code 0 ..
   *     buffer.limit()}
   */
  @CanIgnoreReturnValue
  public MessageReader wrap(ByteBuffer buffer, int offset, int length) {
    bytes.wrap(buffer, offset, length, true);
    relayDepth = 0;
    readHeader(offset, length);
    return this;
  }

  /**
   * Wraps the message carried by the Relay Message option (RFC 8415 §21.10) on which {@code
   * relayMessage} is positioned: the next message inward, one relay level deeper than the message
   * that the iterator walks. This reader may be the one that walks the outer message (it then moves
   * inward) or another.
   *
   * @param relayMessage an iterator whose current option is option 9
   * @return this reader; its status is {@link DecodeStatus#RELAY_NESTING_TOO_DEEP} past {@link
   *     #MAX_RELAY_DEPTH} levels, {@link DecodeStatus#TRUNCATED_HEADER} if the inner message is
   *     shorter than its header
   * @throws IllegalStateException if the iterator has no current option, or it is not option 9
   */
  @CanIgnoreReturnValue
  public MessageReader wrapRelayMessage(OptionIterator relayMessage) {
    int optionOffset = relayMessage.optionOffsetUnchecked();
    if (optionOffset < 0 || relayMessage.code() != RELAY_MSG) {
      throw new IllegalStateException("the iterator is not on a relay message option (9)");
    }
    int valueOffset = relayMessage.valueOffset();
    int valueLength = relayMessage.length();
    int depth = relayMessage.relayDepth() + 1;
    profile(relayMessage.profile());
    bytes.copyFrom(relayMessage.bytes);
    relayDepth = depth;
    if (depth > MAX_RELAY_DEPTH) {
      offset = valueOffset;
      length = 0;
      typeCode = -1;
      headerComplete = false;
      error.set(
          DecodeStatus.RELAY_NESTING_TOO_DEEP,
          optionOffset,
          RELAY_MSG,
          depth,
          MAX_RELAY_DEPTH,
          DecodeError.AT_MOST);
    } else {
      readHeader(valueOffset, valueLength);
    }
    return this;
  }

  /** The details of the current problem, for helpers in this package. */
  DecodeError error() {
    return error;
  }

  /** The bytes this reader reads, for helpers in this package that quote them in an error. */
  ByteSource source() {
    return bytes;
  }

  /** Makes this reader read the same message, at the same relay depth, as {@code other}. */
  void copyFrom(MessageReader other) {
    bytes.copyFrom(other.bytes);
    error.copyFrom(other.error);
    offset = other.offset;
    length = other.length;
    typeCode = other.typeCode;
    headerComplete = other.headerComplete;
    relayDepth = other.relayDepth;
    profile(other.profile);
  }

  private void readHeader(int offset, int length) {
    error.clear();
    this.offset = offset;
    this.length = length;
    if (length == 0) {
      typeCode = -1;
      headerComplete = false;
      error.set(
          DecodeStatus.TRUNCATED_HEADER,
          offset,
          -1,
          0,
          MessageType.CLIENT_SERVER_HEADER_LENGTH,
          DecodeError.AT_LEAST);
      return;
    }
    typeCode = bytes.u8(offset);
    int header = MessageType.valueOf(typeCode).headerLength();
    headerComplete = length >= header;
    if (!headerComplete) {
      error.set(
          DecodeStatus.TRUNCATED_HEADER, offset, typeCode, length, header, DecodeError.AT_LEAST);
    }
  }

  /**
   * Sets the profile by which this reader, the iterators it positions and the relay messages read
   * from them judge wire data; it stays set across {@link #wrap(byte[], int, int)} calls. A reader
   * positioned by {@link #wrapRelayMessage(OptionIterator)} takes the iterator's profile.
   *
   * @param profile {@link DecodeProfile#STRICT} (the default) or {@link DecodeProfile#LENIENT}
   * @return this reader
   */
  @CanIgnoreReturnValue
  public MessageReader profile(DecodeProfile profile) {
    // Called on every relay level: skip the reference store (a GC write barrier) when unchanged.
    if (this.profile != profile) {
      this.profile = profile;
    }
    return this;
  }

  /**
   * Returns the profile this reader judges wire data by.
   *
   * @return the profile
   */
  public DecodeProfile profile() {
    return profile;
  }

  /**
   * Returns the most recent problem found, or {@link DecodeStatus#OK}.
   *
   * @return the status
   */
  public DecodeStatus status() {
    return error.status();
  }

  /**
   * Returns the absolute offset of the structure at fault (see {@link DecodeStatus}).
   *
   * @return the offset, or -1 when the status is {@link DecodeStatus#OK}
   */
  public int errorOffset() {
    return error.offset();
  }

  /**
   * Describes the current problem as an exception, for callers that want a message. Allocates: it
   * copies the wrapped input to quote it; the position in the message is relative to the first
   * wrapped byte.
   *
   * @return the exception, for the caller to throw
   * @throws IllegalStateException if the status is {@link DecodeStatus#OK}
   */
  public MalformedValueException toException() {
    return error.toException(bytes);
  }

  /**
   * Returns the absolute offset of the message (its msg-type byte).
   *
   * @return the offset
   */
  public int offset() {
    return offset;
  }

  /**
   * Returns the length of the message, header included.
   *
   * @return the length in bytes
   */
  public int length() {
    return length;
  }

  /**
   * Returns how many relay messages enclose this message: 0 for the message first wrapped.
   *
   * @return the relay depth, 0 to {@link #MAX_RELAY_DEPTH}
   */
  public int relayDepth() {
    return relayDepth;
  }

  /**
   * Returns the msg-type field (RFC 8415 §8), registered or not.
   *
   * @return the code, 0 to 255, or -1 if the message is empty
   */
  public int messageTypeCode() {
    return typeCode;
  }

  /**
   * Returns the message type; never allocates.
   *
   * @return the open-enum message type, registered or not
   * @throws IllegalStateException if the message is empty (check {@link #status()})
   */
  public MessageType messageType() {
    if (typeCode < 0) {
      throw new IllegalStateException("empty message has no type: check status() after wrap");
    }
    return MessageType.valueOf(typeCode);
  }

  /**
   * Returns whether this is a Relay-Forw or Relay-Repl message (RFC 8415 §9).
   *
   * @return {@code true} for msg-type 12 or 13
   */
  public boolean isRelay() {
    return typeCode == 12 || typeCode == 13;
  }

  /**
   * Returns the transaction-id of a client/server message (RFC 8415 §8).
   *
   * @return the 24-bit value, or -1 for a relay message or a truncated header
   */
  public int transactionId() {
    if (!headerComplete || isRelay()) {
      return -1;
    }
    return (bytes.u8(offset + 1) << 16) | bytes.u16(offset + 2);
  }

  /**
   * Returns the hop-count of a relay message (RFC 8415 §9): the number of relays the message has
   * been through before the one that built this level.
   *
   * @return the value, 0 to 255, or -1 for a client/server message or a truncated header
   */
  public int hopCount() {
    return relayHeader() ? bytes.u8(offset + 1) : -1;
  }

  /**
   * Returns the high 64 bits of a relay message's link-address (RFC 8415 §9).
   *
   * @return the most significant half, first byte highest; 0 unless {@link #isRelay()} with a whole
   *     header
   */
  public long linkAddressHigh() {
    return relayHeader() ? bytes.s64(offset + 2) : 0;
  }

  /**
   * Returns the low 64 bits of a relay message's link-address (RFC 8415 §9).
   *
   * @return the least significant half; 0 unless {@link #isRelay()} with a whole header
   */
  public long linkAddressLow() {
    return relayHeader() ? bytes.s64(offset + 10) : 0;
  }

  /**
   * Returns the high 64 bits of a relay message's peer-address (RFC 8415 §9): the address of the
   * client or relay the message came from, often the client's link-local address.
   *
   * @return the most significant half; 0 unless {@link #isRelay()} with a whole header
   */
  public long peerAddressHigh() {
    return relayHeader() ? bytes.s64(offset + 18) : 0;
  }

  /**
   * Returns the low 64 bits of a relay message's peer-address (RFC 8415 §9).
   *
   * @return the least significant half; 0 unless {@link #isRelay()} with a whole header
   */
  public long peerAddressLow() {
    return relayHeader() ? bytes.s64(offset + 26) : 0;
  }

  /**
   * Copies a relay message's 16-byte link-address into {@code dst}.
   *
   * @param dst the array to copy into
   * @param dstOffset where to start in {@code dst}
   * @return 16, or 0 (nothing copied) unless {@link #isRelay()} with a whole header
   * @throws IndexOutOfBoundsException if 16 bytes from {@code dstOffset} are outside {@code dst}
   */
  @CanIgnoreReturnValue
  public int copyLinkAddress(byte[] dst, int dstOffset) {
    return copyAddress(offset + 2, dst, dstOffset);
  }

  /**
   * Copies a relay message's 16-byte peer-address into {@code dst}.
   *
   * @param dst the array to copy into
   * @param dstOffset where to start in {@code dst}
   * @return 16, or 0 (nothing copied) unless {@link #isRelay()} with a whole header
   * @throws IndexOutOfBoundsException if 16 bytes from {@code dstOffset} are outside {@code dst}
   */
  @CanIgnoreReturnValue
  public int copyPeerAddress(byte[] dst, int dstOffset) {
    return copyAddress(offset + 18, dst, dstOffset);
  }

  private int copyAddress(int at, byte[] dst, int dstOffset) {
    Objects.checkFromIndexSize(dstOffset, 16, dst.length);
    if (!relayHeader()) {
      return 0;
    }
    bytes.copy(at, dst, dstOffset, 16);
    return 16;
  }

  private boolean relayHeader() {
    return headerComplete && isRelay();
  }

  /**
   * Returns the absolute offset of the first option: after the 4-byte client/server header or the
   * 34-byte relay header.
   *
   * @return the offset; the end of the message if its header is truncated
   */
  public int optionsOffset() {
    return headerComplete ? offset + MessageType.valueOf(typeCode).headerLength() : offset + length;
  }

  /**
   * Positions {@code options} before the first option of this message. If the header is truncated,
   * the iterator walks no options and carries this reader's status.
   *
   * @param options the iterator to reuse
   * @return {@code options}
   */
  @CanIgnoreReturnValue
  public OptionIterator options(OptionIterator options) {
    options.profile(profile);
    if (!headerComplete) {
      return options.wrapFailed(bytes, error, 0, relayDepth);
    }
    return options.wrap(bytes, optionsOffset(), offset + length, 0, relayDepth);
  }

  /**
   * Moves this reader one level inward: from a relay message to the message in its first Relay
   * Message option (RFC 8415 §21.10). The relay's header and options are no longer readable from
   * this reader afterwards; read them first, or use {@link #wrapRelayMessage(OptionIterator)} on
   * another reader to keep both.
   *
   * @param scratch an iterator to reuse for finding the option; positioned anywhere afterwards
   * @return {@code true} if this reader now reads the inner message with status {@link
   *     DecodeStatus#OK}; {@code false} if this is not a relay message with a whole header (nothing
   *     changes), or on a problem: {@link DecodeStatus#MISSING_RELAY_MESSAGE} or a framing problem
   *     of the relay's options (this reader stays on the relay), or a problem of the inner message
   */
  public boolean enterRelayMessage(OptionIterator scratch) {
    if (!relayHeader()) {
      return false;
    }
    options(scratch);
    while (scratch.next()) {
      if (scratch.code() == RELAY_MSG) {
        wrapRelayMessage(scratch);
        return error.isOk();
      }
    }
    if (scratch.status() != DecodeStatus.OK) {
      error.copyFrom(scratch.error());
    } else {
      error.set(DecodeStatus.MISSING_RELAY_MESSAGE, offset, typeCode, 0, 1, DecodeError.EXACTLY);
    }
    return false;
  }

  /**
   * Moves this reader through every relay level to the innermost message, the one a client sent (or
   * that a server sends back through Relay-Repl). Iterative, at most {@link #MAX_RELAY_DEPTH}
   * levels.
   *
   * @param scratch an iterator to reuse for finding each Relay Message option
   * @return {@code true} if this reader now reads a message that is not a relay message, with
   *     status {@link DecodeStatus#OK}; otherwise see {@link #status()}
   */
  public boolean innermost(OptionIterator scratch) {
    while (isRelay()) {
      if (!enterRelayMessage(scratch)) {
        return false;
      }
    }
    return error.isOk();
  }
}
