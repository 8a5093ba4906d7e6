package io.github.netboot6.codec;

/**
 * The outcome of decoding with a flyweight ({@link MessageReader}, {@link OptionIterator}): {@link
 * #OK} or what was wrong with the wire data, reported without allocating.
 *
 * <p>A flyweight that finds a problem keeps the status with the byte offset of the structure at
 * fault ({@code errorOffset()}, in the caller's index space: the header or option that starts
 * there) and the numbers that describe it; its {@code toException()} turns them into a {@link
 * io.github.netboot6.core.MalformedValueException} when the caller wants a message (that
 * allocates).
 *
 * <p>Statuses about framing ({@link #TRUNCATED_HEADER}, {@link #TRUNCATED_OPTION_HEADER}, {@link
 * #OPTION_OVERRUNS_CONTAINER}) end the walk of the region they occur in: nothing after them can be
 * located. The others concern one option or one level of nesting and leave the rest readable.
 */
public enum DecodeStatus {
  /** No problem found. */
  OK,

  /**
   * The message is shorter than its fixed header: 1 byte of msg-type plus 3 of transaction-id for
   * client/server messages (RFC 8415 §8), 34 bytes for relay messages (RFC 8415 §9). The offset is
   * the start of the message.
   */
  TRUNCATED_HEADER,

  /**
   * One to three bytes are left where an option header (4 bytes: option-code, option-len, RFC 8415
   * §21.1) begins. The offset is where that partial header starts.
   */
  TRUNCATED_OPTION_HEADER,

  /**
   * An option's option-len is larger than the bytes left in its container (the message, or the
   * option that encloses it). The offset is the start of the option.
   */
  OPTION_OVERRUNS_CONTAINER,

  /**
   * An option's length does not fit the layout that its code requires: shorter than the fixed
   * header before a container's nested options (e.g. IA_NA shorter than 12 bytes, RFC 8415 §21.4),
   * or not the fixed size of a typed field. The offset is the start of the option.
   */
  BAD_LENGTH_FOR_FORMAT,

  /**
   * Options nested deeper than {@link OptionIterator#MAX_OPTION_DEPTH} levels inside one message.
   * The offset is the start of the option whose nested options would be too deep.
   */
  OPTION_NESTING_TOO_DEEP,

  /**
   * Relay messages nested deeper than {@link MessageReader#MAX_RELAY_DEPTH} levels (DESIGN.md §4;
   * RFC 8415 §7.6 lowers a relay's HOP_COUNT_LIMIT to 8, RFC 3315 had 32). The offset is the start
   * of the relay message option that holds the message that would be too deep.
   */
  RELAY_NESTING_TOO_DEEP,

  /**
   * A Relay-Forw or Relay-Repl message has no Relay Message option, which RFC 8415 §9 requires. The
   * offset is the start of the relay message.
   */
  MISSING_RELAY_MESSAGE
}
