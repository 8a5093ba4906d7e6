package io.github.netboot6.codec;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.MalformedValueException;
import java.nio.ByteBuffer;

/**
 * A reusable, allocation-free cursor over a run of DHCPv6 options (option-code, option-len,
 * option-data; RFC 8415 §21.1): the options of a message, or the nested options of a container
 * option such as IA_NA, IAADDR, IA_PD, IAPREFIX or Vendor-specific Information.
 *
 * <p>Valid call order:
 *
 * <ol>
 *   <li>position it: {@link MessageReader#options(OptionIterator)} for a message's options, {@link
 *       #nested(OptionIterator)} on a parent iterator for a container's options, or {@link
 *       #wrap(byte[], int, int)} for a bare run of options;
 *   <li>call {@link #next()}; while it returns {@code true}, read the current option: {@link
 *       #code()}, {@link #length()}, {@link #valueOffset()}, the typed reads, {@link
 *       #nested(OptionIterator)}, {@link MessageReader#wrapRelayMessage(OptionIterator)};
 *   <li>when {@link #next()} returns {@code false}, check {@link #status()}: {@link
 *       DecodeStatus#OK} at the end of the options, otherwise the problem and its {@link
 *       #errorOffset()}.
 * </ol>
 *
 * <pre>{@code
 * OptionIterator options = new OptionIterator();   // once, then reused
 * OptionIterator inner = new OptionIterator();
 * reader.options(options);
 * while (options.next()) {
 *   if (options.code() == 8) {                      // Elapsed Time, RFC 8415 §21.9
 *     int hundredths = options.uint16();            // -1 and BAD_LENGTH_FOR_FORMAT unless 2 bytes
 *   } else if (options.hasNestedOptions()) {        // IA_NA, IA_PD, VENDOR_OPTS...
 *     options.nested(inner);
 *     while (inner.next()) { ... }
 *     if (inner.status() != DecodeStatus.OK) { ... }
 *   }
 * }
 * if (options.status() != DecodeStatus.OK) { ... }
 * }</pre>
 *
 * <p><b>Wire data never makes it throw.</b> Every option-len is checked against the bytes left in
 * its container before it is used. A framing problem ({@link DecodeStatus#TRUNCATED_OPTION_HEADER},
 * {@link DecodeStatus#OPTION_OVERRUNS_CONTAINER}) ends the walk: {@link #next()} returns {@code
 * false}. A typed read or {@link #checkFormat()} that finds the length wrong for the field records
 * {@link DecodeStatus#BAD_LENGTH_FOR_FORMAT} and returns a documented sentinel, but the walk can go
 * on, since the option's framing is intact: a strict caller stops, a lenient one skips the option.
 * {@link #status()} is the most recent problem; framing problems always come last.
 *
 * <p>Options are reported in wire order, duplicates included; unknown codes are walked like any
 * other, their bytes left untouched. {@link #next()} never descends on its own: nesting is
 * explicit, with a caller-provided child iterator, and bounded by {@link #MAX_OPTION_DEPTH}, so a
 * caller walking nested options needs an iterator per level, never recursion. {@link
 * #nextDepthFirst()} descends itself instead, into every registered container, keeping the outer
 * levels in fixed arrays: one iterator walks the whole tree, with the same bound.
 *
 * <p>Offsets are absolute, in the index space of the wrapped array or buffer. Not thread-safe; one
 * instance per thread, reused across messages.
 */
public final class OptionIterator {

  /**
   * The deepest level of nested options accepted inside one message: the message's own options are
   * level 0, an IA_NA's options level 1, an IAADDR's options inside it level 2. Real messages need
   * 3 (Leasequery: query, IA_NA, IAADDR); deeper nesting is reported as {@link
   * DecodeStatus#OPTION_NESTING_TOO_DEEP}.
   */
  public static final int MAX_OPTION_DEPTH = 8;

  private static final int NO_OPTION = -1;
  private static final int OPTION_HEADER_LENGTH = 4;
  private static final int MAX_DUID_LENGTH = 130;
  // By option code, up to the highest registered container: the nested-options header length of
  // a container option, or -1. A byte table, so that the depth-first walk decides in one load.
  private static final byte[] NESTED_HEADER = nestedHeaders();

  final ByteSource bytes = new ByteSource();
  private final DecodeError error = new DecodeError();
  private int end;
  private int cursor;
  private boolean done;
  private int depth;
  private int relayDepth;
  // Inside Vendor-specific Information: option codes are the vendor's, not IANA's (RFC 8415
  // §21.17).
  private boolean vendorSpace;
  private DecodeProfile profile = DecodeProfile.STRICT;
  private int ignoredOffset = -1;
  private int optionOffset = NO_OPTION;
  private int code;
  private int length;
  private int valueOffset;
  // The depth-first walk (nextDepthFirst): the levels it has entered below this iterator's own,
  // each with the cursor, end and vendor space of the level it left to enter it.
  private final int[] outerCursor = new int[MAX_OPTION_DEPTH];
  private final int[] outerEnd = new int[MAX_OPTION_DEPTH];
  private int outerVendorSpace;
  private int entered;

  /** Creates an iterator positioned on nothing; position it before use (see the class docs). */
  public OptionIterator() {}

  /**
   * Positions this iterator on a bare run of options, {@code length} bytes from {@code offset}.
   *
   * @param buffer the bytes; not copied, and read only
   * @param offset where the first option starts
   * @param length the length of the run of options
   * @return this iterator, before its first option
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} are outside {@code
   *     buffer}
   */
  @CanIgnoreReturnValue
  public OptionIterator wrap(byte[] buffer, int offset, int length) {
    bytes.wrap(buffer, offset, length, false);
    return reset(offset, offset + length, 0, 0);
  }

  /**
   * Positions this iterator on a bare run of options, {@code length} bytes from index {@code
   * offset} of a heap, direct or read-only buffer. Reads are absolute: the buffer's position, limit
   * and byte order are neither used nor changed.
   *
   * @param buffer the bytes; not copied, and read only
   * @param offset the buffer index where the first option starts
   * @param length the length of the run of options
   * @return this iterator, before its first option
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} are outside {@code 0 ..
   *     buffer.limit()}
   */
  @CanIgnoreReturnValue
  public OptionIterator wrap(ByteBuffer buffer, int offset, int length) {
    bytes.wrap(buffer, offset, length, false);
    return reset(offset, offset + length, 0, 0);
  }

  /** Positions this iterator on {@code [start, end)} of {@code source}; used by the readers. */
  @CanIgnoreReturnValue
  OptionIterator wrap(ByteSource source, int start, int end, int depth, int relayDepth) {
    bytes.copyFrom(source);
    return reset(start, end, depth, relayDepth);
  }

  /** Positions this iterator on no options, with {@code problem} as its status. */
  @CanIgnoreReturnValue
  OptionIterator wrapFailed(ByteSource source, DecodeError problem, int depth, int relayDepth) {
    bytes.copyFrom(source);
    reset(0, 0, depth, relayDepth);
    error.copyFrom(problem);
    done = true;
    return this;
  }

  @CanIgnoreReturnValue
  private OptionIterator reset(int start, int end, int depth, int relayDepth) {
    this.end = end;
    this.cursor = start;
    this.done = false;
    this.depth = depth;
    this.entered = 0;
    this.relayDepth = relayDepth;
    this.vendorSpace = false;
    this.optionOffset = NO_OPTION;
    this.ignoredOffset = -1;
    error.clear();
    return this;
  }

  /**
   * Moves to the next option.
   *
   * @return {@code true} if there is one; {@code false} at the end of the options or on a framing
   *     problem (see {@link #status()})
   */
  public boolean next() {
    optionOffset = NO_OPTION;
    if (done) {
      return false;
    }
    int left = end - cursor;
    if (left == 0) {
      done = true;
      return false;
    }
    if (left < OPTION_HEADER_LENGTH) {
      if (profile == DecodeProfile.LENIENT) {
        return ignoreRest();
      }
      error.set(
          DecodeStatus.TRUNCATED_OPTION_HEADER,
          cursor,
          -1,
          left,
          OPTION_HEADER_LENGTH,
          DecodeError.AT_LEAST);
      done = true;
      return false;
    }
    int optionCode = bytes.u16(cursor);
    int optionLength = bytes.u16(cursor + 2);
    int room = left - OPTION_HEADER_LENGTH;
    if (optionLength > room) {
      if (profile == DecodeProfile.LENIENT) {
        return ignoreRest();
      }
      error.set(
          DecodeStatus.OPTION_OVERRUNS_CONTAINER,
          cursor,
          optionCode,
          optionLength,
          room,
          DecodeError.AT_MOST);
      done = true;
      return false;
    }
    optionOffset = cursor;
    code = optionCode;
    length = optionLength;
    valueOffset = cursor + OPTION_HEADER_LENGTH;
    cursor = valueOffset + optionLength;
    return true;
  }

  private boolean ignoreRest() {
    ignoredOffset = cursor;
    done = true;
    return false;
  }

  /**
   * Moves to the next option in depth-first order: after a container option ({@link
   * #hasNestedOptions()}: IA_NA, IAADDR, IA_PD, IAPREFIX, Vendor-specific Information, NTP server
   * and the other registered containers), its nested options come next, at {@link #depth()} one
   * more, then the options after it. One iterator walks the whole tree of a message's options,
   * without a child iterator per level and without recursion; the relay message (option 9) holds a
   * message, not options, and is not entered: wrap it with {@link
   * MessageReader#wrapRelayMessage(OptionIterator)}.
   *
   * <pre>{@code
   * reader.options(options);
   * while (options.nextDepthFirst()) {
   *   int level = options.depth();                  // 0 for the message's own options
   *   int code = options.code();                    // 5 (IAADDR) at level 1 inside an IA_NA
   * }
   * if (options.status() != DecodeStatus.OK) { ... }
   * }</pre>
   *
   * <p>The same checks as {@link #next()} and {@link #nested(OptionIterator)} apply at every level,
   * with the same statuses and offsets: a framing problem at any level, a container shorter than
   * its fixed header ({@link DecodeStatus#BAD_LENGTH_FOR_FORMAT}) or nested deeper than {@link
   * #MAX_OPTION_DEPTH} ({@link DecodeStatus#OPTION_NESTING_TOO_DEEP}) ends the walk. With the
   * {@linkplain DecodeProfile#LENIENT lenient} profile, bytes that end a level without forming an
   * option are skipped as {@link #next()} skips them ({@link #ignoredOffset()} gives the latest)
   * and the walk goes on after that level's container. Mixing calls of {@link #next()} and of this
   * method on one walk is not supported.
   *
   * @return {@code true} if there is one; {@code false} at the end of the options or on a problem
   *     (see {@link #status()})
   */
  public boolean nextDepthFirst() {
    if (optionOffset != NO_OPTION && !done && !vendorSpace && code < NESTED_HEADER.length) {
      int header = NESTED_HEADER[code];
      if (header >= 0 && !enter(header)) {
        optionOffset = NO_OPTION;
        return false;
      }
    }
    while (true) {
      if (next()) {
        return true;
      }
      if (entered == 0 || !error.isOk()) {
        return false;
      }
      // The level ended cleanly (or, lenient, was cut short): go on in the level around it.
      entered--;
      depth--;
      cursor = outerCursor[entered];
      end = outerEnd[entered];
      vendorSpace = (outerVendorSpace & (1 << entered)) != 0;
      done = false;
    }
  }

  // Enters the current container option, whose nested options start after a header of that many
  // bytes; false, with the status set and the walk over, if it cannot be entered.
  private boolean enter(int header) {
    int childDepth = depth + 1;
    if (childDepth > MAX_OPTION_DEPTH) {
      error.set(
          DecodeStatus.OPTION_NESTING_TOO_DEEP,
          optionOffset,
          code,
          childDepth,
          MAX_OPTION_DEPTH,
          DecodeError.AT_MOST);
      done = true;
      return false;
    }
    if (length < header) {
      error.set(
          DecodeStatus.BAD_LENGTH_FOR_FORMAT,
          optionOffset,
          code,
          length,
          header,
          DecodeError.AT_LEAST);
      done = true;
      return false;
    }
    outerCursor[entered] = cursor;
    outerEnd[entered] = end;
    int bit = 1 << entered;
    outerVendorSpace = vendorSpace ? outerVendorSpace | bit : outerVendorSpace & ~bit;
    entered++;
    depth = childDepth;
    vendorSpace = code == OptionCode.VENDOR_OPTS.code();
    cursor = valueOffset + header;
    end = valueOffset + length;
    return true;
  }

  /**
   * Returns where the bytes start that a {@linkplain DecodeProfile#LENIENT lenient} walk ignored at
   * the end of this run of options: trailing bytes too short for an option header, or an option
   * that overruns its container.
   *
   * @return the absolute offset, or -1 if nothing was ignored (always -1 when {@linkplain
   *     DecodeProfile#STRICT strict})
   */
  public int ignoredOffset() {
    return ignoredOffset;
  }

  /**
   * Returns the profile this iterator judges the wire data by.
   *
   * @return the profile; {@link DecodeProfile#STRICT} unless set
   */
  public DecodeProfile profile() {
    return profile;
  }

  /**
   * Sets the profile this iterator judges the wire data by, for a bare run of options; an iterator
   * positioned by a {@link MessageReader} or a parent iterator takes theirs. Takes effect from the
   * next call of {@link #next()} or {@link #checkFormat()}.
   *
   * @param profile the profile
   * @return this iterator
   */
  @CanIgnoreReturnValue
  public OptionIterator profile(DecodeProfile profile) {
    // Called on every wrap: skip the reference store (a GC write barrier) when unchanged.
    if (this.profile != profile) {
      this.profile = profile;
    }
    return this;
  }

  /**
   * Returns the option-code of the current option (RFC 8415 §21.1), registered or not.
   *
   * @return the code, 0 to 65535
   */
  public int code() {
    checkCurrent();
    return code;
  }

  /**
   * Returns the registry entry for the current option's code; never allocates.
   *
   * @return the option; {@link OptionCode#UNREGISTERED} for a code IANA has not assigned, and for
   *     every code {@linkplain #isVendorSpace() in vendor space}
   */
  public OptionCode option() {
    checkCurrent();
    return vendorSpace ? OptionCode.UNREGISTERED : OptionCode.valueOf(code);
  }

  /**
   * Returns whether this iterator walks the sub-options of a Vendor-specific Information option
   * (RFC 8415 §21.17), or options nested in those: their codes are defined by the vendor, not by
   * IANA, so {@link #option()} reports them as unregistered, {@link #hasNestedOptions()} is {@code
   * false} and {@link #checkFormat()} accepts any length. Enter a vendor-defined container with
   * {@link #nested(OptionIterator, int)}.
   *
   * @return {@code true} inside vendor options
   */
  public boolean isVendorSpace() {
    return vendorSpace;
  }

  /**
   * Returns the option-len of the current option: the length of its value, already checked to fit
   * in its container.
   *
   * @return the length, 0 to 65535
   */
  public int length() {
    checkCurrent();
    return length;
  }

  /**
   * Returns the absolute offset of the current option's value (after option-code and option-len):
   * with {@link #length()}, a zero-copy view of the value.
   *
   * @return the offset, in the index space of the wrapped array or buffer
   */
  public int valueOffset() {
    checkCurrent();
    return valueOffset;
  }

  /**
   * Returns the absolute offset of the current option's header (its option-code field).
   *
   * @return the offset, in the index space of the wrapped array or buffer
   */
  public int optionOffset() {
    checkCurrent();
    return optionOffset;
  }

  /**
   * Returns the nesting level of the options this iterator walks: 0 for a message's options (or a
   * bare run), 1 for the options nested in one of those, and so on. During a {@linkplain
   * #nextDepthFirst() depth-first walk}, the level of the current option.
   *
   * @return the depth, 0 to {@link #MAX_OPTION_DEPTH}
   */
  public int depth() {
    return depth;
  }

  /**
   * Returns how many relay messages enclose the options this iterator walks: 0 for the options of
   * the outermost message.
   *
   * @return the relay depth, 0 to {@link MessageReader#MAX_RELAY_DEPTH}
   */
  public int relayDepth() {
    return relayDepth;
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
   * copies the wrapped input to quote it. The message reads like {@code option 3 (IA_NA) length 40
   * overruns its container: 12 bytes left (expected: <= 12)}, then the position relative to the
   * first wrapped byte.
   *
   * @return the exception, for the caller to throw
   * @throws IllegalStateException if the status is {@link DecodeStatus#OK}
   */
  public MalformedValueException toException() {
    return error.toException(bytes);
  }

  /**
   * Returns whether the current option's registered format is a fixed header followed by nested
   * options ({@link OptionFormat#OPTIONS}: IA_NA, IA_TA, IAADDR, IA_PD, IAPREFIX, VENDOR_OPTS, NTP
   * server...), which {@link #nested(OptionIterator)} can enter. The relay message (option 9) holds
   * a message instead: see {@link MessageReader#wrapRelayMessage(OptionIterator)}.
   *
   * @return {@code true} for a container option
   */
  public boolean hasNestedOptions() {
    return option().format() == OptionFormat.OPTIONS;
  }

  /**
   * Positions {@code child} on the nested options of the current container option, after the fixed
   * header that {@link OptionCode#nestedOptionsOffset()} gives (RFC 8415 §21.4-§21.6, §21.17,
   * §21.21, §21.22). Allocates nothing: {@code child} is reused.
   *
   * <p>If the option is shorter than that header, {@code child} walks no options and reports {@link
   * DecodeStatus#BAD_LENGTH_FOR_FORMAT}; if the child would be deeper than {@link
   * #MAX_OPTION_DEPTH}, {@link DecodeStatus#OPTION_NESTING_TOO_DEEP}. This iterator is unaffected.
   *
   * @param child the iterator to position; not this one
   * @return {@code child}
   * @throws IllegalStateException if there is no current option, or {@link #hasNestedOptions()} is
   *     false (check it first; always false in vendor space)
   * @throws IllegalArgumentException if {@code child} is this iterator
   */
  @CanIgnoreReturnValue
  public OptionIterator nested(OptionIterator child) {
    requireCurrent();
    int header = option().nestedOptionsOffset();
    if (header == OptionCode.NO_NESTED_OPTIONS) {
      throw new IllegalStateException(
          "option " + code + " has no nested options (check hasNestedOptions())");
    }
    return nested(child, header);
  }

  /**
   * Positions {@code child} on the options nested in the current option after a fixed header of
   * {@code headerLength} bytes, whatever its code: for vendor-defined or unregistered containers.
   * Problems are reported on {@code child} as for {@link #nested(OptionIterator)}.
   *
   * @param child the iterator to position; not this one
   * @param headerLength the bytes to skip before the first nested option, 0 or more
   * @return {@code child}
   * @throws IllegalStateException if there is no current option
   * @throws IllegalArgumentException if {@code child} is this iterator or {@code headerLength} is
   *     negative
   */
  @CanIgnoreReturnValue
  public OptionIterator nested(OptionIterator child, int headerLength) {
    requireCurrent();
    checkArgument(child != this, "child must be another iterator than this one");
    checkArgument(headerLength >= 0, "header length: %s (expected: >= 0)", headerLength);
    child.profile(profile);
    int childDepth = depth + 1;
    if (childDepth > MAX_OPTION_DEPTH) {
      failChild(child, DecodeStatus.OPTION_NESTING_TOO_DEEP, childDepth, MAX_OPTION_DEPTH);
      return child;
    }
    if (length < headerLength) {
      failChild(child, DecodeStatus.BAD_LENGTH_FOR_FORMAT, length, headerLength);
      return child;
    }
    child.wrap(bytes, valueOffset + headerLength, valueOffset + length, childDepth, relayDepth);
    child.vendorSpace = vendorSpace || code == OptionCode.VENDOR_OPTS.code();
    return child;
  }

  private void failChild(OptionIterator child, DecodeStatus status, int actual, int bound) {
    child.wrap(bytes, valueOffset, valueOffset, depth + 1, relayDepth);
    int kind =
        status == DecodeStatus.BAD_LENGTH_FOR_FORMAT ? DecodeError.AT_LEAST : DecodeError.AT_MOST;
    child.error.set(status, optionOffset, code, actual, bound, kind);
    child.done = true;
  }

  /**
   * Checks the current option's length against its registered {@linkplain OptionCode#format()
   * format}: the exact size of a fixed-size value, a whole number of items for a list, at least the
   * header of a container, 2 to 130 bytes for a DUID (RFC 8415 §11.1), at least the fixed fields of
   * the other formats (with the {@linkplain DecodeProfile#STRICT strict} profile, a Remote-Id needs
   * a remote-id and a Vendor Class a vendor-class-data item). A mismatch is recorded as {@link
   * DecodeStatus#BAD_LENGTH_FOR_FORMAT}; the walk can go on.
   *
   * @return {@code true} if the length fits (always for unregistered and opaque formats)
   */
  @CanIgnoreReturnValue
  public boolean checkFormat() {
    OptionCode option = option();
    OptionFormat format = option.format();
    if (format.fixedLength() != OptionFormat.VARIABLE_LENGTH) {
      return expect(length == format.fixedLength(), format.fixedLength(), DecodeError.EXACTLY);
    }
    if (format.itemLength() != 0) {
      return expect(
          length % format.itemLength() == 0, format.itemLength(), DecodeError.MULTIPLE_OF);
    }
    return switch (format) {
      case OPTIONS ->
          expect(
              length >= option.nestedOptionsOffset(),
              option.nestedOptionsOffset(),
              DecodeError.AT_LEAST);
      case DUID ->
          expect(length >= 2, 2, DecodeError.AT_LEAST)
              && expect(length <= MAX_DUID_LENGTH, MAX_DUID_LENGTH, DecodeError.AT_MOST);
      case ENTERPRISE_BINARY, ENTERPRISE_LENGTH_PREFIXED_LIST ->
          expect(
              length >= minimumEnterpriseLength(), minimumEnterpriseLength(), DecodeError.AT_LEAST);
      case STATUS, LINK_LAYER_ADDRESS -> expect(length >= 2, 2, DecodeError.AT_LEAST);
      default -> true;
    };
  }

  // Strict: a Remote-Id needs a remote-id (RFC 4649 §3), a Vendor Class one length-prefixed item
  // (RFC 8415 §21.16). Lenient: an enterprise number alone is accepted, as devices send it.
  private int minimumEnterpriseLength() {
    if (profile == DecodeProfile.STRICT && !vendorSpace) {
      if (code == OptionCode.REMOTE_ID.code()) {
        return 5;
      }
      if (code == OptionCode.VENDOR_CLASS.code()) {
        return 6;
      }
    }
    return 4;
  }

  private boolean expect(boolean fits, int bound, int boundKind) {
    if (!fits) {
      error.set(DecodeStatus.BAD_LENGTH_FOR_FORMAT, optionOffset, code, length, bound, boundKind);
    }
    return fits;
  }

  /**
   * Reads the current option's value as one unsigned byte (e.g. Preference, RFC 8415 §21.8).
   *
   * @return the value, or -1 (recording {@link DecodeStatus#BAD_LENGTH_FOR_FORMAT}) unless the
   *     value is exactly 1 byte
   */
  public int uint8() {
    return expect(length() == 1, 1, DecodeError.EXACTLY) ? bytes.u8(valueOffset) : -1;
  }

  /**
   * Reads the current option's value as one unsigned 16-bit integer (e.g. Elapsed Time, RFC 8415
   * §21.9).
   *
   * @return the value, or -1 (recording {@link DecodeStatus#BAD_LENGTH_FOR_FORMAT}) unless the
   *     value is exactly 2 bytes
   */
  public int uint16() {
    return expect(length() == 2, 2, DecodeError.EXACTLY) ? bytes.u16(valueOffset) : -1;
  }

  /**
   * Reads the current option's value as one unsigned 32-bit integer (e.g. SOL_MAX_RT, RFC 8415
   * §21.24).
   *
   * @return the value, or -1 (recording {@link DecodeStatus#BAD_LENGTH_FOR_FORMAT}) unless the
   *     value is exactly 4 bytes
   */
  public long uint32() {
    return expect(length() == 4, 4, DecodeError.EXACTLY)
        ? bytes.s32(valueOffset) & 0xffff_ffffL
        : -1;
  }

  /**
   * Reads the unsigned byte at {@code at} in the current option's value.
   *
   * @param at the offset in the value, 0 or more
   * @return the value, or -1 (recording {@link DecodeStatus#BAD_LENGTH_FOR_FORMAT}) if the value is
   *     too short
   * @throws IllegalArgumentException if {@code at} is negative
   */
  public int uint8At(int at) {
    return fits(at, 1) ? bytes.u8(valueOffset + at) : -1;
  }

  /**
   * Reads the unsigned 16-bit integer at {@code at} in the current option's value, e.g. item {@code
   * i} of an Option Request at {@code 2 * i} (RFC 8415 §21.7).
   *
   * @param at the offset in the value, 0 or more
   * @return the value, or -1 (recording {@link DecodeStatus#BAD_LENGTH_FOR_FORMAT}) if the value is
   *     too short
   * @throws IllegalArgumentException if {@code at} is negative
   */
  public int uint16At(int at) {
    return fits(at, 2) ? bytes.u16(valueOffset + at) : -1;
  }

  /**
   * Reads the unsigned 32-bit integer at {@code at} in the current option's value, e.g. an IA_NA's
   * IAID at 0 and T1 at 4 (RFC 8415 §21.4), or a vendor class's enterprise number at 0 (§21.16).
   *
   * @param at the offset in the value, 0 or more
   * @return the value, or -1 (recording {@link DecodeStatus#BAD_LENGTH_FOR_FORMAT}) if the value is
   *     too short
   * @throws IllegalArgumentException if {@code at} is negative
   */
  public long uint32At(int at) {
    return fits(at, 4) ? bytes.s32(valueOffset + at) & 0xffff_ffffL : -1;
  }

  /**
   * Reads the high 64 bits of the IPv6 address at {@code at} in the current option's value, e.g. an
   * IAADDR's address at 0 (RFC 8415 §21.6); {@link #addressLow(int)} reads the low half.
   *
   * @param at the offset of the 16-byte address in the value, 0 or more
   * @return the high half, most significant byte first; 0 (recording {@link
   *     DecodeStatus#BAD_LENGTH_FOR_FORMAT}) if the value is too short for the whole address
   * @throws IllegalArgumentException if {@code at} is negative
   */
  public long addressHigh(int at) {
    return fits(at, 16) ? bytes.s64(valueOffset + at) : 0;
  }

  /**
   * Reads the low 64 bits of the IPv6 address at {@code at} in the current option's value.
   *
   * @param at the offset of the 16-byte address in the value, 0 or more
   * @return the low half; 0 (recording {@link DecodeStatus#BAD_LENGTH_FOR_FORMAT}) if the value is
   *     too short for the whole address
   * @throws IllegalArgumentException if {@code at} is negative
   */
  public long addressLow(int at) {
    return fits(at, 16) ? bytes.s64(valueOffset + at + 8) : 0;
  }

  private boolean fits(int at, int size) {
    checkArgument(at >= 0, "offset in value: %s (expected: >= 0)", at);
    return expect(at <= length() - size, at + size, DecodeError.AT_LEAST);
  }

  /**
   * Copies the current option's value into {@code dst}.
   *
   * @param dst the array to copy into
   * @param dstOffset where to start in {@code dst}
   * @return the number of bytes copied, {@link #length()}
   * @throws IndexOutOfBoundsException if the value does not fit in {@code dst} from {@code
   *     dstOffset}
   */
  @CanIgnoreReturnValue
  public int copyValue(byte[] dst, int dstOffset) {
    java.util.Objects.checkFromIndexSize(dstOffset, length(), dst.length);
    bytes.copy(valueOffset, dst, dstOffset, length);
    return length;
  }

  /**
   * Returns a copy of the current option's value. Allocates a new array on each call; prefer {@link
   * #copyValue(byte[], int)} or {@link #valueOffset()} on a hot path.
   *
   * @return the value bytes
   */
  public byte[] valueToArray() {
    byte[] value = new byte[length()];
    bytes.copy(valueOffset, value, 0, length);
    return value;
  }

  DecodeError error() {
    return error;
  }

  /** Copies {@code length} bytes from {@code at} in the current value; the caller checked them. */
  void copyValueRange(int at, byte[] dst, int dstOffset, int length) {
    bytes.copy(valueOffset + at, dst, dstOffset, length);
  }

  int optionOffsetUnchecked() {
    return optionOffset;
  }

  private static byte[] nestedHeaders() {
    int highest = 0;
    for (int code = 0; code <= OptionCode.MAX_REGISTERED; code++) {
      if (OptionCode.valueOf(code).format() == OptionFormat.OPTIONS) {
        highest = code;
      }
    }
    byte[] headers = new byte[highest + 1];
    for (int code = 0; code <= highest; code++) {
      int header = OptionCode.valueOf(code).nestedOptionsOffset();
      if (header > Byte.MAX_VALUE) {
        throw new AssertionError("option " + code + ": nested options after " + header + " bytes");
      }
      headers[code] = (byte) header;
    }
    return headers;
  }

  private void checkCurrent() {
    if (DebugChecks.ENABLED && optionOffset == NO_OPTION) {
      throw new IllegalStateException("no current option: call next() and check it returned true");
    }
  }

  private void requireCurrent() {
    if (optionOffset == NO_OPTION) {
      throw new IllegalStateException("no current option: call next() and check it returned true");
    }
  }
}
