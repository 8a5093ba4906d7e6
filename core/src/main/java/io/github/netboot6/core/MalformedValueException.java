package io.github.netboot6.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when text or bytes cannot be parsed as a Netboot6 value.
 *
 * <p>This is the one exception type that every Netboot6 parser throws for bad input. Its message
 * names the kind of value, the offending input, the position and the reason, for example:
 *
 * <pre>{@code
 * invalid IPv6 address "2001:db8::g1": unexpected character 'g' at index 10
 * }</pre>
 *
 * <p>The input is quoted in an escaped and shortened form (control and non-ASCII characters as
 * {@code \}{@code uXXXX}, at most {@value #MAX_QUOTED} characters), so the message is safe to log
 * even when the input is hostile. Byte input is quoted as hexadecimal.
 *
 * <p>It extends {@link IllegalArgumentException}: callers that only want to know "bad argument" can
 * keep catching that.
 */
public final class MalformedValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The number of input characters quoted in a message before it is shortened. */
  public static final int MAX_QUOTED = 80;

  /** Returned by {@link #index()} when the problem is not at one position (e.g. a bad length). */
  public static final int NO_INDEX = -1;

  /** What was being parsed, e.g. {@code "IPv6 address"}. */
  private final String valueKind;

  /** The input, escaped and shortened as quoted in the message. */
  private final String quotedInput;

  /** The position of the problem, or {@link #NO_INDEX}. */
  private final int index;

  /** What is wrong. */
  private final String reason;

  private MalformedValueException(
      String valueKind, String quotedInput, int index, String reason, @Nullable Throwable cause) {
    super(format(valueKind, quotedInput, index, reason), cause);
    this.valueKind = valueKind;
    this.quotedInput = quotedInput;
    this.index = index;
    this.reason = reason;
  }

  /**
   * Creates an exception for bad text input.
   *
   * @param valueKind what was being parsed, e.g. {@code "IPv6 address"}
   * @param input the whole input text
   * @param index the character index of the problem in {@code input}, or {@link #NO_INDEX}
   * @param reason what is wrong, e.g. {@code "unexpected character 'g'"}
   * @return the exception, for the caller to throw
   * @throws IllegalArgumentException if {@code index} is below {@link #NO_INDEX}
   */
  public static MalformedValueException ofText(
      String valueKind, CharSequence input, int index, String reason) {
    checkArgument(index >= NO_INDEX, "index: %s (expected: >= -1)", index);
    return new MalformedValueException(valueKind, quote(input), index, reason, null);
  }

  /**
   * Creates an exception for bad binary input.
   *
   * @param valueKind what was being decoded, e.g. {@code "DUID"}
   * @param input the array holding the input
   * @param offset where the input starts in {@code input}
   * @param length the length of the input
   * @param index the byte offset of the problem, relative to {@code offset}, or {@link #NO_INDEX}
   * @param reason what is wrong, e.g. {@code "length 1 (expected: 2..130)"}
   * @return the exception, for the caller to throw
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} are outside {@code
   *     input}
   */
  public static MalformedValueException ofBytes(
      String valueKind, byte[] input, int offset, int length, int index, String reason) {
    java.util.Objects.checkFromIndexSize(offset, length, input.length);
    checkArgument(index >= NO_INDEX, "index: %s (expected: >= -1)", index);
    return new MalformedValueException(valueKind, hex(input, offset, length), index, reason, null);
  }

  /**
   * Returns what was being parsed, e.g. {@code "IPv6 address"}.
   *
   * @return the value kind
   */
  public String valueKind() {
    return valueKind;
  }

  /**
   * Returns the input as quoted in the message: escaped, and shortened past {@value #MAX_QUOTED}
   * characters (text) or bytes (hexadecimal).
   *
   * @return the quoted input, without the surrounding quotation marks
   */
  public String quotedInput() {
    return quotedInput;
  }

  /**
   * Returns the character index (text) or byte offset (binary) of the problem.
   *
   * @return the index, or {@link #NO_INDEX} if the problem is not at one position
   */
  public int index() {
    return index;
  }

  /**
   * Returns what is wrong, without the value kind, the input or the index.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }

  private static String format(String valueKind, String quoted, int index, String reason) {
    StringBuilder sb =
        new StringBuilder(valueKind.length() + quoted.length() + reason.length() + 40);
    sb.append("invalid ")
        .append(valueKind)
        .append(" \"")
        .append(quoted)
        .append("\": ")
        .append(reason);
    if (index != NO_INDEX) {
      sb.append(" at index ").append(index);
    }
    return sb.toString();
  }

  private static String quote(CharSequence input) {
    int n = Math.min(input.length(), MAX_QUOTED);
    StringBuilder sb = new StringBuilder(n + 8);
    for (int i = 0; i < n; i++) {
      char c = input.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        sb.append(c);
      } else {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    if (input.length() > MAX_QUOTED) {
      sb.append("...(").append(input.length()).append(" chars)");
    }
    return sb.toString();
  }

  private static String hex(byte[] input, int offset, int length) {
    int n = Math.min(length, MAX_QUOTED);
    StringBuilder sb = new StringBuilder(n * 3 + 16);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(':');
      }
      int b = input[offset + i] & 0xff;
      sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    if (length > MAX_QUOTED) {
      sb.append("...(").append(length).append(" bytes)");
    }
    return sb.toString();
  }

  /**
   * Describes a character for an error message: printable ASCII as {@code 'c'}, anything else as
   * {@code U+XXXX}.
   *
   * @param c the character
   * @return the description
   */
  public static String describe(char c) {
    if (c >= 0x21 && c < 0x7f && c != '\'') {
      return "'" + c + "'";
    }
    return String.format(Locale.ROOT, "U+%04X", (int) c);
  }
}
