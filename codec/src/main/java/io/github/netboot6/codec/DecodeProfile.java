package io.github.netboot6.codec;

/**
 * How strictly a flyweight reader ({@link MessageReader}, {@link OptionIterator}) judges wire data
 * that real devices send but the RFCs do not allow. Set it with {@link
 * MessageReader#profile(DecodeProfile)}; the options, nested options and relay messages read
 * through that reader follow it. Choosing a profile allocates nothing.
 *
 * <p>Whatever the profile, an option is never read beyond its container, relay nesting stays
 * bounded by {@link MessageReader#MAX_RELAY_DEPTH}, option nesting by {@link
 * OptionIterator#MAX_OPTION_DEPTH}, and a truncated message header is {@link
 * DecodeStatus#TRUNCATED_HEADER}.
 */
public enum DecodeProfile {
  /**
   * Reports every departure from the wire format: trailing bytes that do not make a whole option
   * ({@link DecodeStatus#TRUNCATED_OPTION_HEADER}), an option that overruns its container ({@link
   * DecodeStatus#OPTION_OVERRUNS_CONTAINER}), and in {@link OptionIterator#checkFormat()} a
   * Remote-Id with an empty remote-id (option 37 of 4 bytes, RFC 4649 §3) and a Vendor Class with
   * an enterprise number but no vendor-class-data (option 16 of 4 bytes, RFC 8415 §21.16) as {@link
   * DecodeStatus#BAD_LENGTH_FOR_FORMAT}. The default.
   */
  STRICT,

  /**
   * Keeps what can be read and accepts what real devices have been seen to send: the walk of a run
   * of options ends, with status {@link DecodeStatus#OK}, before trailing bytes that do not make a
   * whole option or before an option that overruns its container, keeping every option before it
   * ({@link OptionIterator#ignoredOffset()} tells where the ignored bytes start); {@link
   * OptionIterator#checkFormat()} accepts an empty remote-id and a vendor class without data.
   */
  LENIENT
}
