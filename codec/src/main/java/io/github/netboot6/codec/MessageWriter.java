package io.github.netboot6.codec;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A reusable, allocation-free writer of DHCPv6 messages (RFC 8415 §8, §9, §21) into a caller's
 * {@code byte[]} or {@link ByteBuffer}: headers, options, nested options whose lengths are patched
 * when they are closed, relay encapsulation, and typed writers for the options a netboot server
 * sends.
 *
 * <p>Valid call order:
 *
 * <ol>
 *   <li>{@link #wrap(byte[], int, int)} or {@link #wrap(ByteBuffer, int, int)};
 *   <li>a header: {@link #header(int, int)} for a client/server message, or {@link
 *       #relayHeader(int, int, long, long, long, long)} then options and {@link
 *       #beginRelayMessage()} followed by the inner message's header, as many levels as needed; or
 *       {@link #startReply(MessageReader, Duid)}, which writes all of that for a reply;
 *   <li>options: complete ones ({@link #elapsedTime(int)}, {@link #statusCode(int, CharSequence)},
 *       {@link #writeRawOption(int, byte[], int, int)}...), or {@link #beginOption(int)} (or a
 *       typed {@code beginXxx}), its value with {@link #uint8(int)}, {@link #uint16(int)}, {@link
 *       #uint32(long)}, {@link #address(long, long)}, {@link #bytes(byte[], int, int)} and nested
 *       options, then {@link #endOption()}, which writes the option-len;
 *   <li>{@link #finish()}: closes every option still open (the Relay Message options of a relay
 *       chain, for instance) and returns the message length.
 * </ol>
 *
 * <pre>{@code
 * MessageWriter writer = new MessageWriter();       // once per thread, then reused
 * writer.wrap(datagram, 0, datagram.length);
 * writer.startReply(request, serverDuid);           // Relay-Repl chain, Advertise/Reply header, ids
 * writer.beginIaNa(iaid, 3600, 5400)
 *     .iaAddress(address, 7200, 10800)
 *     .endOption();
 * writer.preference(255).bootFileUrl("http://[2001:db8::1]/boot.ipxe");
 * int length = writer.finish();                     // -1 if the datagram was too small
 * }</pre>
 *
 * <p><b>Running out of room.</b> Every write checks the room left before writing any byte. A write
 * that does not fit writes nothing and makes the writer <em>overflowed</em>: {@link #overflowed()}
 * is {@code true}, every later write is ignored (nested options are still counted, so that the call
 * order stays checked), {@link #encodedLength()} stays at the length before the failed write, and
 * {@link #finish()} returns -1. Nothing is written outside {@code [offset, offset + capacity)}.
 * Only {@code wrap} clears the state. Nothing is allocated on that path.
 *
 * <p><b>Caller errors</b> throw: a wrong call order ({@link #endOption()} with no option open,
 * options nested deeper than {@link #MAX_OPEN_OPTIONS}, an option value longer than 65,535 bytes)
 * is an {@link IllegalStateException}; a value out of its field's range is an {@link
 * IllegalArgumentException}.
 *
 * <p>Writes are absolute: a buffer's position, limit and byte order are neither used nor changed,
 * and offsets are in the index space of the wrapped array or buffer. Not thread-safe; one instance
 * per thread, reused across messages.
 */
public final class MessageWriter {

  /**
   * How many options can be open at once: one Relay Message option per relay level ({@link
   * MessageReader#MAX_RELAY_DEPTH}) plus {@link OptionIterator#MAX_OPTION_DEPTH} nested options.
   */
  public static final int MAX_OPEN_OPTIONS =
      MessageReader.MAX_RELAY_DEPTH + OptionIterator.MAX_OPTION_DEPTH;

  private static final int OPTION_HEADER_LENGTH = 4;
  private static final int MAX_OPTION_LENGTH = 0xffff;

  private final ByteSink sink = new ByteSink();
  private final int[] open = new int[MAX_OPEN_OPTIONS];
  private final byte[] duidScratch = new byte[Duid.MAX_LENGTH];
  private final ReplyStarter replies = new ReplyStarter(this);
  private int offset;
  private int end;
  private int limit;
  private int depth;
  private boolean overflowed;

  /** Creates a writer wrapping nothing; wrap a buffer before use. */
  public MessageWriter() {}

  /**
   * Starts a message at {@code offset} in {@code buffer}, with room for {@code capacity} bytes.
   *
   * @param buffer the array to write into; only {@code [offset, offset + capacity)} is written
   * @param offset where the message starts
   * @param capacity the most bytes the message may take
   * @return this writer, empty
   * @throws IndexOutOfBoundsException if {@code offset} and {@code capacity} are outside {@code
   *     buffer}
   */
  @CanIgnoreReturnValue
  public MessageWriter wrap(byte[] buffer, int offset, int capacity) {
    sink.wrap(buffer, offset, capacity);
    return reset(offset, capacity);
  }

  /**
   * Starts a message at index {@code offset} of a heap or direct buffer, with room for {@code
   * capacity} bytes. Writes are absolute: the buffer's position, limit and byte order are neither
   * used nor changed.
   *
   * @param buffer the buffer to write into; only {@code [offset, offset + capacity)} is written
   * @param offset the buffer index where the message starts
   * @param capacity the most bytes the message may take
   * @return this writer, empty
   * @throws IndexOutOfBoundsException if {@code offset} and {@code capacity} are outside {@code 0
   *     .. buffer.limit()}
   * @throws java.nio.ReadOnlyBufferException if {@code buffer} is read-only
   */
  @CanIgnoreReturnValue
  public MessageWriter wrap(ByteBuffer buffer, int offset, int capacity) {
    sink.wrap(buffer, offset, capacity);
    return reset(offset, capacity);
  }

  @CanIgnoreReturnValue
  private MessageWriter reset(int offset, int capacity) {
    this.offset = offset;
    this.end = offset + capacity;
    this.limit = offset;
    this.depth = 0;
    this.overflowed = false;
    return this;
  }

  /**
   * Returns the number of bytes written since {@link #wrap}: the message length once every option
   * is closed. After an overflow, the length before the write that did not fit.
   *
   * @return the length in bytes
   */
  public int encodedLength() {
    return limit - offset;
  }

  /**
   * Returns the absolute offset where the next byte goes.
   *
   * @return the offset, in the index space of the wrapped array or buffer
   */
  public int limit() {
    return limit;
  }

  /**
   * Returns the number of options begun and not yet ended.
   *
   * @return 0 to {@link #MAX_OPEN_OPTIONS}
   */
  public int openOptions() {
    return depth;
  }

  /**
   * Returns whether a write did not fit in the capacity given to {@link #wrap}; see the class
   * documentation for the state it leaves.
   *
   * @return {@code true} after an overflow, until the next {@code wrap}
   */
  public boolean overflowed() {
    return overflowed;
  }

  /**
   * Closes every option still open and returns the length of the message.
   *
   * @return the message length in bytes, or -1 if the writer {@linkplain #overflowed() overflowed}
   * @throws IllegalStateException if an open option's value is longer than 65,535 bytes
   */
  @CanIgnoreReturnValue
  public int finish() {
    while (depth > 0) {
      endOption();
    }
    return overflowed ? -1 : encodedLength();
  }

  // ------------------------------------------------------------------------------------ headers

  /**
   * Writes a client/server message header (RFC 8415 §8): msg-type and a 24-bit transaction-id.
   *
   * @param messageType the msg-type, 0 to 255 (e.g. {@code MessageType.ADVERTISE.code()})
   * @param transactionId the transaction-id, 0 to 0xffffff
   * @return this writer
   * @throws IllegalArgumentException if a value is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter header(int messageType, int transactionId) {
    checkArgument(messageType >= 0 && messageType <= 0xff, "msg-type: %s", messageType);
    checkArgument(
        transactionId >= 0 && transactionId <= 0xffffff,
        "transaction-id: %s (expected: 0 to 0xffffff)",
        transactionId);
    if (room(MessageType.CLIENT_SERVER_HEADER_LENGTH)) {
      sink.s32(limit, (messageType << 24) | transactionId);
      limit += MessageType.CLIENT_SERVER_HEADER_LENGTH;
    }
    return this;
  }

  /**
   * Writes a client/server message header (RFC 8415 §8).
   *
   * @param messageType the message type
   * @param transactionId the transaction-id, 0 to 0xffffff
   * @return this writer
   * @throws IllegalArgumentException if the transaction-id is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter header(MessageType messageType, int transactionId) {
    return header(messageType.code(), transactionId);
  }

  /**
   * Writes a relay message header (RFC 8415 §9): msg-type, hop-count, link-address and
   * peer-address, each address as two 64-bit halves, most significant first.
   *
   * @param messageType the msg-type, normally 12 (Relay-Forw) or 13 (Relay-Repl)
   * @param hopCount the hop-count, 0 to 255
   * @param linkHigh the high half of the link-address
   * @param linkLow the low half of the link-address
   * @param peerHigh the high half of the peer-address
   * @param peerLow the low half of the peer-address
   * @return this writer
   * @throws IllegalArgumentException if the msg-type or hop-count is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter relayHeader(
      int messageType, int hopCount, long linkHigh, long linkLow, long peerHigh, long peerLow) {
    checkArgument(messageType >= 0 && messageType <= 0xff, "msg-type: %s", messageType);
    checkArgument(hopCount >= 0 && hopCount <= 0xff, "hop-count: %s (expected: 0-255)", hopCount);
    if (room(MessageType.RELAY_HEADER_LENGTH)) {
      sink.u16(limit, (messageType << 8) | hopCount);
      sink.s64(limit + 2, linkHigh);
      sink.s64(limit + 10, linkLow);
      sink.s64(limit + 18, peerHigh);
      sink.s64(limit + 26, peerLow);
      limit += MessageType.RELAY_HEADER_LENGTH;
    }
    return this;
  }

  /**
   * Writes a relay message header (RFC 8415 §9).
   *
   * @param messageType the message type, normally Relay-Forw or Relay-Repl
   * @param hopCount the hop-count, 0 to 255
   * @param linkAddress the link-address
   * @param peerAddress the peer-address
   * @return this writer
   * @throws IllegalArgumentException if the hop-count is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter relayHeader(
      MessageType messageType, int hopCount, Ipv6Address linkAddress, Ipv6Address peerAddress) {
    return relayHeader(
        messageType.code(),
        hopCount,
        linkAddress.high(),
        linkAddress.low(),
        peerAddress.high(),
        peerAddress.low());
  }

  /**
   * Starts the reply to a client's request, relayed or not, and leaves it open for the caller's
   * options: for each Relay-Forw level, outermost first, a Relay-Repl with the same hop-count,
   * link-address and peer-address and a copy of its Interface-Id option (RFC 8415 §9.2, §19.3,
   * §21.18), then an open Relay Message option; inside, the reply header with the request's
   * transaction-id, a copy of its Client Identifier option, if any, and a Server Identifier (RFC
   * 8415 §18.3). The reply is an Advertise to a Solicit and a Reply to a Request, Confirm, Renew,
   * Rebind, Release, Decline or Information-Request; see {@link #replyType(int)}. Call {@link
   * #finish()} to close the relay levels.
   *
   * @param request a reader wrapping the request as received, outermost relay level first; it is
   *     not changed
   * @param serverId this server's DUID
   * @return {@code true} if the skeleton is written; {@code false} if the request is malformed (its
   *     relay chain does not decode), contains a relay level that is not a Relay-Forw, or is not a
   *     request that gets an Advertise or Reply (the writer is then empty again), or if the writer
   *     {@linkplain #overflowed() overflowed}
   * @throws IllegalStateException if something was already written since {@link #wrap}
   */
  public boolean startReply(MessageReader request, Duid serverId) {
    return startReply(request, -1, serverId);
  }

  /**
   * Starts a reply as {@link #startReply(MessageReader, Duid)} does, with a chosen msg-type: a
   * Reply to a Solicit with Rapid Commit (RFC 8415 §18.3.1), for instance.
   *
   * @param request a reader wrapping the request as received; it is not changed
   * @param replyType the msg-type of the reply, 0 to 255
   * @param serverId this server's DUID
   * @return as {@link #startReply(MessageReader, Duid)}
   * @throws IllegalStateException if something was already written since {@link #wrap}
   * @throws IllegalArgumentException if {@code replyType} is out of range
   */
  public boolean startReply(MessageReader request, int replyType, Duid serverId) {
    checkArgument(replyType >= -1 && replyType <= 0xff, "reply msg-type: %s", replyType);
    if (limit != offset || depth != 0) {
      throw new IllegalStateException("startReply must be the first write after wrap");
    }
    if (replies.start(request, replyType, serverId)) {
      return !overflowed;
    }
    limit = offset;
    depth = 0;
    return false;
  }

  /**
   * Returns the msg-type of the server's answer to a client message (RFC 8415 §18.3): Advertise (2)
   * to a Solicit (1), Reply (7) to a Request, Confirm, Renew, Rebind, Release, Decline or
   * Information-Request.
   *
   * @param requestType the msg-type of the client's message
   * @return the reply's msg-type, or -1 if the server does not answer that type with either
   */
  public static int replyType(int requestType) {
    return switch (requestType) {
      case 1 -> 2;
      case 3, 4, 5, 6, 8, 9, 11 -> 7;
      default -> -1;
    };
  }

  // ------------------------------------------------------------------------------------ options

  /**
   * Begins an option (RFC 8415 §21.1): writes its option-code and a placeholder option-len that
   * {@link #endOption()} fills in.
   *
   * @param code the option-code, 0 to 65535
   * @return this writer
   * @throws IllegalArgumentException if {@code code} is out of range
   * @throws IllegalStateException if {@link #MAX_OPEN_OPTIONS} options are already open
   */
  @CanIgnoreReturnValue
  public MessageWriter beginOption(int code) {
    checkArgument(code >= 0 && code <= 0xffff, "option-code: %s (expected: 0-65535)", code);
    if (depth == MAX_OPEN_OPTIONS) {
      throw new IllegalStateException("more than " + MAX_OPEN_OPTIONS + " options open at once");
    }
    open[depth++] = limit;
    if (room(OPTION_HEADER_LENGTH)) {
      sink.u16(limit, code);
      sink.u16(limit + 2, 0);
      limit += OPTION_HEADER_LENGTH;
    }
    return this;
  }

  /**
   * Ends the innermost open option: writes its option-len, the bytes written since its {@link
   * #beginOption(int)}.
   *
   * @return this writer
   * @throws IllegalStateException if no option is open, or its value is longer than 65,535 bytes
   */
  @CanIgnoreReturnValue
  public MessageWriter endOption() {
    if (depth == 0) {
      throw new IllegalStateException("endOption() without a matching beginOption()");
    }
    int start = open[--depth];
    if (!overflowed) {
      int length = limit - start - OPTION_HEADER_LENGTH;
      if (length > MAX_OPTION_LENGTH) {
        throw new IllegalStateException(
            "option value of " + length + " bytes (expected: <= 65535) at offset " + start);
      }
      sink.u16(start + 2, length);
    }
    return this;
  }

  /**
   * Writes one unsigned byte into the open option's value.
   *
   * @param value 0 to 255
   * @return this writer
   * @throws IllegalArgumentException if {@code value} is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter uint8(int value) {
    checkArgument(value >= 0 && value <= 0xff, "uint8: %s (expected: 0-255)", value);
    if (room(1)) {
      sink.u8(limit++, value);
    }
    return this;
  }

  /**
   * Writes one unsigned 16-bit integer, big-endian.
   *
   * @param value 0 to 65535
   * @return this writer
   * @throws IllegalArgumentException if {@code value} is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter uint16(int value) {
    checkArgument(value >= 0 && value <= 0xffff, "uint16: %s (expected: 0-65535)", value);
    if (room(2)) {
      sink.u16(limit, value);
      limit += 2;
    }
    return this;
  }

  /**
   * Writes one unsigned 32-bit integer, big-endian.
   *
   * @param value 0 to 0xffffffff
   * @return this writer
   * @throws IllegalArgumentException if {@code value} is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter uint32(long value) {
    checkArgument(
        value >= 0 && value <= 0xffff_ffffL, "uint32: %s (expected: 0-4294967295)", value);
    if (room(4)) {
      sink.s32(limit, (int) value);
      limit += 4;
    }
    return this;
  }

  /**
   * Writes a 16-byte IPv6 address given as two 64-bit halves, most significant first.
   *
   * @param high the high half
   * @param low the low half
   * @return this writer
   */
  @CanIgnoreReturnValue
  public MessageWriter address(long high, long low) {
    if (room(Ipv6Address.BYTES)) {
      sink.s64(limit, high);
      sink.s64(limit + 8, low);
      limit += Ipv6Address.BYTES;
    }
    return this;
  }

  /**
   * Writes a 16-byte IPv6 address.
   *
   * @param address the address
   * @return this writer
   */
  @CanIgnoreReturnValue
  public MessageWriter address(Ipv6Address address) {
    return address(address.high(), address.low());
  }

  /**
   * Writes {@code length} bytes of {@code src} from {@code srcOffset}.
   *
   * @param src the bytes
   * @param srcOffset where they start in {@code src}
   * @param length how many
   * @return this writer
   * @throws IndexOutOfBoundsException if the range is outside {@code src}
   */
  @CanIgnoreReturnValue
  public MessageWriter bytes(byte[] src, int srcOffset, int length) {
    Objects.checkFromIndexSize(srcOffset, length, src.length);
    if (room(length)) {
      sink.bytes(limit, src, srcOffset, length);
      limit += length;
    }
    return this;
  }

  /**
   * Writes {@code text} as UTF-8 with no length prefix and no terminator (RFC 8415 §21.13 status
   * message, RFC 5970 §3.1 boot-file URL).
   *
   * @param text the text
   * @return this writer
   */
  @CanIgnoreReturnValue
  public MessageWriter utf8(CharSequence text) {
    // Boot-file URLs and status messages are ASCII: one pass writes them when there is room.
    int chars = text.length();
    if (!overflowed && chars <= end - limit && sink.ascii(limit, text, chars) == chars) {
      limit += chars;
      return this;
    }
    int length = ByteSink.utf8Length(text);
    if (room(length)) {
      sink.utf8(limit, text);
      limit += length;
    }
    return this;
  }

  /**
   * Writes {@code text} as UTF-8 after a 16-bit length: one item of a user class, vendor class (RFC
   * 8415 §21.15, §21.16) or boot-file parameters list (RFC 5970 §3.2).
   *
   * @param text the text, at most 65,535 bytes in UTF-8
   * @return this writer
   * @throws IllegalArgumentException if the text is too long
   */
  @CanIgnoreReturnValue
  public MessageWriter lengthPrefixedUtf8(CharSequence text) {
    int length = ByteSink.utf8Length(text);
    checkArgument(length <= MAX_OPTION_LENGTH, "item of %s bytes (expected: <= 65535)", length);
    if (room(2 + length)) {
      sink.u16(limit, length);
      sink.utf8(limit + 2, text);
      limit += 2 + length;
    }
    return this;
  }

  /**
   * Writes a whole option from its value bytes, byte-exact: for options without a typed writer.
   *
   * @param code the option-code, 0 to 65535
   * @param value the option's value
   * @param valueOffset where it starts in {@code value}
   * @param length its length, 0 to 65535
   * @return this writer
   * @throws IllegalArgumentException if {@code code} or {@code length} is out of range
   * @throws IndexOutOfBoundsException if the range is outside {@code value}
   */
  @CanIgnoreReturnValue
  public MessageWriter writeRawOption(int code, byte[] value, int valueOffset, int length) {
    checkArgument(code >= 0 && code <= 0xffff, "option-code: %s (expected: 0-65535)", code);
    checkArgument(length <= MAX_OPTION_LENGTH, "option-len: %s (expected: <= 65535)", length);
    Objects.checkFromIndexSize(valueOffset, length, value.length);
    if (room(OPTION_HEADER_LENGTH + length)) {
      sink.u16(limit, code);
      sink.u16(limit + 2, length);
      sink.bytes(limit + OPTION_HEADER_LENGTH, value, valueOffset, length);
      limit += OPTION_HEADER_LENGTH + length;
    }
    return this;
  }

  /**
   * Writes a whole option from its value bytes; see {@link #writeRawOption(int, byte[], int, int)}.
   * Passing an array (not a list of bytes) does not allocate.
   *
   * @param code the option-code, 0 to 65535
   * @param value the option's value, 0 to 65535 bytes
   * @return this writer
   * @throws IllegalArgumentException if {@code code} or the length is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter writeRawOption(int code, byte... value) {
    return writeRawOption(code, value, 0, value.length);
  }

  /**
   * Copies the current option of {@code options}, header and value, byte-exact: echoes a Vendor
   * Class (RFC 8415 §21.16, e.g. {@code HTTPClient} for UEFI HTTP boot) or an Interface-Id
   * (§21.18), or passes through an option this writer has no typed method for.
   *
   * @param options an iterator positioned on an option (after {@link OptionIterator#next()}
   *     returned {@code true})
   * @return this writer
   * @throws IllegalStateException if the iterator has no current option
   */
  @CanIgnoreReturnValue
  public MessageWriter copyOption(OptionIterator options) {
    int from = options.optionOffsetUnchecked();
    if (from < 0) {
      throw new IllegalStateException("no current option: call next() and check it returned true");
    }
    int length = OPTION_HEADER_LENGTH + options.length();
    if (room(length)) {
      sink.copy(limit, options.bytes, from, length);
      limit += length;
    }
    return this;
  }

  // ------------------------------------------------------------------------------ typed options

  /**
   * Writes a Client Identifier option (RFC 8415 §21.2).
   *
   * @param duid the client's DUID
   * @return this writer
   */
  @CanIgnoreReturnValue
  public MessageWriter clientId(Duid duid) {
    return duidOption(OptionCode.CLIENTID.code(), duid);
  }

  /**
   * Writes a Server Identifier option (RFC 8415 §21.3).
   *
   * @param duid the server's DUID
   * @return this writer
   */
  @CanIgnoreReturnValue
  public MessageWriter serverId(Duid duid) {
    return duidOption(OptionCode.SERVERID.code(), duid);
  }

  /**
   * Writes a Client Identifier option (RFC 8415 §21.2) from the DUID's bytes, unchecked.
   *
   * @param duid the DUID bytes, type code first
   * @param duidOffset where they start
   * @param length how many, 0 to 65535
   * @return this writer
   * @throws IndexOutOfBoundsException if the range is outside {@code duid}
   */
  @CanIgnoreReturnValue
  public MessageWriter clientId(byte[] duid, int duidOffset, int length) {
    return writeRawOption(OptionCode.CLIENTID.code(), duid, duidOffset, length);
  }

  private MessageWriter duidOption(int code, Duid duid) {
    int length = duid.writeTo(duidScratch, 0);
    return writeRawOption(code, duidScratch, 0, length);
  }

  /**
   * Begins an IA_NA option (RFC 8415 §21.4) with its fixed fields; write its IAADDR and Status Code
   * options, then {@link #endOption()}.
   *
   * @param iaid the IAID, 0 to 0xffffffff
   * @param t1 T1 in seconds, 0 to 0xffffffff
   * @param t2 T2 in seconds, 0 to 0xffffffff
   * @return this writer
   * @throws IllegalArgumentException if a value is out of range
   * @throws IllegalStateException if too many options are open
   */
  @CanIgnoreReturnValue
  public MessageWriter beginIaNa(long iaid, long t1, long t2) {
    return beginOption(OptionCode.IA_NA.code()).uint32(iaid).uint32(t1).uint32(t2);
  }

  /**
   * Begins an IA_PD option (RFC 8415 §21.21) with its fixed fields; write its IAPREFIX options,
   * then {@link #endOption()}.
   *
   * @param iaid the IAID, 0 to 0xffffffff
   * @param t1 T1 in seconds, 0 to 0xffffffff
   * @param t2 T2 in seconds, 0 to 0xffffffff
   * @return this writer
   * @throws IllegalArgumentException if a value is out of range
   * @throws IllegalStateException if too many options are open
   */
  @CanIgnoreReturnValue
  public MessageWriter beginIaPd(long iaid, long t1, long t2) {
    return beginOption(OptionCode.IA_PD.code()).uint32(iaid).uint32(t1).uint32(t2);
  }

  /**
   * Begins an IA Address option (RFC 8415 §21.6) with its fixed fields, for nested options such as
   * a Status Code; end it with {@link #endOption()}.
   *
   * @param address the address
   * @param preferredLifetime the preferred lifetime in seconds, 0 to 0xffffffff
   * @param validLifetime the valid lifetime in seconds, 0 to 0xffffffff
   * @return this writer
   * @throws IllegalArgumentException if a lifetime is out of range
   * @throws IllegalStateException if too many options are open
   */
  @CanIgnoreReturnValue
  public MessageWriter beginIaAddress(
      Ipv6Address address, long preferredLifetime, long validLifetime) {
    return beginOption(OptionCode.IAADDR.code())
        .address(address)
        .uint32(preferredLifetime)
        .uint32(validLifetime);
  }

  /**
   * Writes a whole IA Address option (RFC 8415 §21.6) with no nested options.
   *
   * @param address the address
   * @param preferredLifetime the preferred lifetime in seconds, 0 to 0xffffffff
   * @param validLifetime the valid lifetime in seconds, 0 to 0xffffffff
   * @return this writer
   * @throws IllegalArgumentException if a lifetime is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter iaAddress(Ipv6Address address, long preferredLifetime, long validLifetime) {
    return beginIaAddress(address, preferredLifetime, validLifetime).endOption();
  }

  /**
   * Begins an IA Prefix option (RFC 8415 §21.22) with its fixed fields; end it with {@link
   * #endOption()}.
   *
   * @param preferredLifetime the preferred lifetime in seconds, 0 to 0xffffffff
   * @param validLifetime the valid lifetime in seconds, 0 to 0xffffffff
   * @param prefixLength the prefix length, 0 to 128
   * @param prefix the prefix address
   * @return this writer
   * @throws IllegalArgumentException if a value is out of range
   * @throws IllegalStateException if too many options are open
   */
  @CanIgnoreReturnValue
  public MessageWriter beginIaPrefix(
      long preferredLifetime, long validLifetime, int prefixLength, Ipv6Address prefix) {
    checkArgument(
        prefixLength >= 0 && prefixLength <= 128,
        "prefix-length: %s (expected: 0-128)",
        prefixLength);
    return beginOption(OptionCode.IAPREFIX.code())
        .uint32(preferredLifetime)
        .uint32(validLifetime)
        .uint8(prefixLength)
        .address(prefix);
  }

  /**
   * Writes a whole IA Prefix option (RFC 8415 §21.22) with no nested options.
   *
   * @param preferredLifetime the preferred lifetime in seconds, 0 to 0xffffffff
   * @param validLifetime the valid lifetime in seconds, 0 to 0xffffffff
   * @param prefixLength the prefix length, 0 to 128
   * @param prefix the prefix address
   * @return this writer
   * @throws IllegalArgumentException if a value is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter iaPrefix(
      long preferredLifetime, long validLifetime, int prefixLength, Ipv6Address prefix) {
    return beginIaPrefix(preferredLifetime, validLifetime, prefixLength, prefix).endOption();
  }

  /**
   * Writes a Status Code option (RFC 8415 §21.13).
   *
   * @param statusCode the status-code, 0 to 65535 (0 Success, 2 NoAddrsAvail...)
   * @param message the status-message, written as UTF-8
   * @return this writer
   * @throws IllegalArgumentException if {@code statusCode} is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter statusCode(int statusCode, CharSequence message) {
    return beginOption(OptionCode.STATUS_CODE.code()).uint16(statusCode).utf8(message).endOption();
  }

  /**
   * Writes a Preference option (RFC 8415 §21.8).
   *
   * @param preference 0 to 255; 255 makes the client choose this server at once
   * @return this writer
   * @throws IllegalArgumentException if {@code preference} is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter preference(int preference) {
    return beginOption(OptionCode.PREFERENCE.code()).uint8(preference).endOption();
  }

  /**
   * Writes an Elapsed Time option (RFC 8415 §21.9).
   *
   * @param hundredths the time since the client began the exchange, in hundredths of a second, 0 to
   *     65535
   * @return this writer
   * @throws IllegalArgumentException if {@code hundredths} is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter elapsedTime(int hundredths) {
    return beginOption(OptionCode.ELAPSED_TIME.code()).uint16(hundredths).endOption();
  }

  /**
   * Writes an Option Request option (RFC 8415 §21.7). Passing an array does not allocate.
   *
   * @param codes the requested option-codes, each 0 to 65535
   * @return this writer
   * @throws IllegalArgumentException if a code is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter optionRequest(int... codes) {
    beginOption(OptionCode.ORO.code());
    for (int code : codes) {
      uint16(code);
    }
    return endOption();
  }

  /**
   * Writes a DNS Recursive Name Server option (RFC 3646 §3). Passing an array does not allocate;
   * for a list kept elsewhere, use {@link #beginOption(int)} with code 23 and {@link #address(long,
   * long)}.
   *
   * @param servers the server addresses
   * @return this writer
   */
  @CanIgnoreReturnValue
  public MessageWriter dnsServers(Ipv6Address... servers) {
    beginOption(OptionCode.DNS_SERVERS.code());
    for (Ipv6Address server : servers) {
      address(server);
    }
    return endOption();
  }

  /**
   * Writes a Boot File URL option (RFC 5970 §3.1).
   *
   * @param url the URL, e.g. {@code tftp://[2001:db8::1]/ipxe.efi} or an {@code http://} URL
   * @return this writer
   */
  @CanIgnoreReturnValue
  public MessageWriter bootFileUrl(CharSequence url) {
    return beginOption(OptionCode.BOOTFILE_URL.code()).utf8(url).endOption();
  }

  /**
   * Writes a Boot File Parameters option (RFC 5970 §3.2): each parameter with a 16-bit length.
   * Passing an array does not allocate.
   *
   * @param parameters the parameters, in order
   * @return this writer
   * @throws IllegalArgumentException if a parameter is longer than 65,535 bytes
   */
  @CanIgnoreReturnValue
  public MessageWriter bootFileParameters(CharSequence... parameters) {
    beginOption(OptionCode.BOOTFILE_PARAM.code());
    for (CharSequence parameter : parameters) {
      lengthPrefixedUtf8(parameter);
    }
    return endOption();
  }

  /**
   * Writes a Vendor Class option (RFC 8415 §21.16): an enterprise number and length-prefixed items,
   * e.g. enterprise 343 and {@code HTTPClient} for UEFI HTTP boot. To echo a client's option
   * byte-exact, use {@link #copyOption(OptionIterator)}. Passing an array does not allocate.
   *
   * @param enterpriseNumber the IANA enterprise number, 0 to 0xffffffff
   * @param items the vendor-class-data items
   * @return this writer
   * @throws IllegalArgumentException if a value is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter vendorClass(long enterpriseNumber, CharSequence... items) {
    beginOption(OptionCode.VENDOR_CLASS.code()).uint32(enterpriseNumber);
    for (CharSequence item : items) {
      lengthPrefixedUtf8(item);
    }
    return endOption();
  }

  /**
   * Writes an Interface-Id option (RFC 8415 §21.18). A server echoes the relay's option instead,
   * with {@link #copyOption(OptionIterator)}.
   *
   * @param interfaceId the relay's opaque interface identifier
   * @param idOffset where it starts
   * @param length how many bytes, 0 to 65535
   * @return this writer
   * @throws IndexOutOfBoundsException if the range is outside {@code interfaceId}
   */
  @CanIgnoreReturnValue
  public MessageWriter interfaceId(byte[] interfaceId, int idOffset, int length) {
    return writeRawOption(OptionCode.INTERFACE_ID.code(), interfaceId, idOffset, length);
  }

  /**
   * Begins a Relay Message option (RFC 8415 §21.10): write the inner message's header and options
   * next, then {@link #endOption()} or {@link #finish()}.
   *
   * @return this writer
   * @throws IllegalStateException if too many options are open
   */
  @CanIgnoreReturnValue
  public MessageWriter beginRelayMessage() {
    return beginOption(OptionCode.RELAY_MSG.code());
  }

  /**
   * Writes a Relay Message option (RFC 8415 §21.10) holding a copy of an encoded message.
   *
   * @param message the bytes of the inner message
   * @param messageOffset where it starts
   * @param length its length, at most 65,535
   * @return this writer
   * @throws IllegalArgumentException if {@code length} is too long
   * @throws IndexOutOfBoundsException if the range is outside {@code message}
   */
  @CanIgnoreReturnValue
  public MessageWriter relayMessage(byte[] message, int messageOffset, int length) {
    return writeRawOption(OptionCode.RELAY_MSG.code(), message, messageOffset, length);
  }

  /**
   * Wraps the whole message written so far in a relay message, in place: moves it forward and
   * writes before it a relay header and a Relay Message option that holds it (RFC 8415 §9, §21.10).
   * The message must be complete (no option open). Call it once per relay level, innermost first.
   * No relay options other than the Relay Message are written; to add an Interface-Id, write the
   * relay level first with {@link #relayHeader}, {@link #interfaceId} and {@link
   * #beginRelayMessage()} instead.
   *
   * @param messageType the relay msg-type, normally 13 (Relay-Repl) or 12 (Relay-Forw)
   * @param hopCount the hop-count, 0 to 255
   * @param linkAddress the link-address
   * @param peerAddress the peer-address
   * @return this writer
   * @throws IllegalStateException if an option is open, or the message is longer than 65,535 bytes
   * @throws IllegalArgumentException if the msg-type or hop-count is out of range
   */
  @CanIgnoreReturnValue
  public MessageWriter encapsulate(
      int messageType, int hopCount, Ipv6Address linkAddress, Ipv6Address peerAddress) {
    checkArgument(messageType >= 0 && messageType <= 0xff, "msg-type: %s", messageType);
    checkArgument(hopCount >= 0 && hopCount <= 0xff, "hop-count: %s (expected: 0-255)", hopCount);
    if (depth != 0) {
      throw new IllegalStateException(depth + " options are still open: end them first");
    }
    int inner = limit - offset;
    if (inner > MAX_OPTION_LENGTH) {
      throw new IllegalStateException("message of " + inner + " bytes (expected: <= 65535)");
    }
    int shift = MessageType.RELAY_HEADER_LENGTH + OPTION_HEADER_LENGTH;
    if (room(shift)) {
      sink.move(offset, offset + shift, inner);
      limit = offset;
      relayHeader(
          messageType,
          hopCount,
          linkAddress.high(),
          linkAddress.low(),
          peerAddress.high(),
          peerAddress.low());
      sink.u16(limit, OptionCode.RELAY_MSG.code());
      sink.u16(limit + 2, inner);
      limit += OPTION_HEADER_LENGTH + inner;
    }
    return this;
  }

  /** Returns whether {@code n} more bytes fit; if not, enters the overflowed state. */
  private boolean room(int n) {
    if (overflowed) {
      return false;
    }
    if (n > end - limit) {
      overflowed = true;
      return false;
    }
    return true;
  }
}
