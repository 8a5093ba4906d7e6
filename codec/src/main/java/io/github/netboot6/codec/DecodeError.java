package io.github.netboot6.codec;

import io.github.netboot6.core.MalformedValueException;

/**
 * The details of the last problem a flyweight found, kept in primitive fields so that recording it
 * allocates nothing; {@link #toException} builds the message only when asked.
 */
final class DecodeError {
  static final int EXACTLY = 0;
  static final int AT_LEAST = 1;
  static final int AT_MOST = 2;
  static final int MULTIPLE_OF = 3;

  private DecodeStatus status = DecodeStatus.OK;
  private int offset = -1;
  // The option code or msg-type concerned, or -1; the offending number; the bound it broke.
  private int code = -1;
  private int actual;
  private int bound;
  private int boundKind;

  DecodeStatus status() {
    return status;
  }

  int offset() {
    return offset;
  }

  boolean isOk() {
    return status == DecodeStatus.OK;
  }

  void clear() {
    // Every wrap clears; when already clear, skip the stores (status is a reference: its store
    // costs a GC write barrier on every wrap). With OK, the other fields are always the defaults.
    if (status != DecodeStatus.OK) {
      status = DecodeStatus.OK;
      offset = -1;
      code = -1;
      actual = 0;
      bound = 0;
      boundKind = EXACTLY;
    }
  }

  void set(DecodeStatus status, int offset, int code, int actual, int bound, int boundKind) {
    if (status == DecodeStatus.OK) {
      clear();
      return;
    }
    this.status = status;
    this.offset = offset;
    this.code = code;
    this.actual = actual;
    this.bound = bound;
    this.boundKind = boundKind;
  }

  void copyFrom(DecodeError other) {
    set(other.status, other.offset, other.code, other.actual, other.bound, other.boundKind);
  }

  /**
   * Allocates: the exception for the recorded problem, quoting the root bytes of {@code source}.
   */
  MalformedValueException toException(ByteSource source) {
    if (status == DecodeStatus.OK) {
      throw new IllegalStateException("no decoding problem to report: status is OK");
    }
    byte[] input = new byte[source.rootLength()];
    source.copy(source.rootOffset(), input, 0, input.length);
    String kind = source.rootIsMessage() ? "DHCPv6 message" : "DHCPv6 options";
    int index = offset - source.rootOffset();
    return MalformedValueException.ofBytes(kind, input, 0, input.length, index, reason());
  }

  /** The problem in the "what: actual (expected: constraint)" form, without its position. */
  String reason() {
    return switch (status) {
      case OK -> throw new IllegalStateException("no decoding problem to report: status is OK");
      case TRUNCATED_HEADER ->
          (code < 0 ? "message" : MessageType.valueOf(code).toString())
              + " header truncated: "
              + actual
              + " bytes (expected: "
              + expectation()
              + ")";
      case TRUNCATED_OPTION_HEADER ->
          "option header truncated: " + actual + " bytes left (expected: " + expectation() + ")";
      case OPTION_OVERRUNS_CONTAINER ->
          optionLabel(code)
              + " length "
              + actual
              + " overruns its container: "
              + bound
              + " bytes left (expected: "
              + expectation()
              + ")";
      case BAD_LENGTH_FOR_FORMAT ->
          optionLabel(code)
              + " length "
              + actual
              + " does not fit its format (expected: "
              + expectation()
              + ")";
      case OPTION_NESTING_TOO_DEEP ->
          optionLabel(code)
              + " nests options too deep: depth "
              + actual
              + " (expected: "
              + expectation()
              + ")";
      case RELAY_NESTING_TOO_DEEP ->
          "relay messages nested too deep: depth " + actual + " (expected: " + expectation() + ")";
      case MISSING_RELAY_MESSAGE ->
          MessageType.valueOf(code) + " has no relay message (expected: an option 9)";
    };
  }

  private String expectation() {
    return switch (boundKind) {
      case AT_LEAST -> ">= " + bound;
      case AT_MOST -> "<= " + bound;
      case MULTIPLE_OF -> "a multiple of " + bound;
      default -> Integer.toString(bound);
    };
  }

  /** {@code "option 3 (IA_NA)"}: the code and the IANA name without its OPTION_ or OPT_ prefix. */
  static String optionLabel(int code) {
    OptionCode option = OptionCode.valueOf(code);
    String name = option.name();
    if (name.startsWith("OPTION_")) {
      name = name.substring("OPTION_".length());
    } else if (name.startsWith("OPT_")) {
      name = name.substring("OPT_".length());
    }
    return "option " + code + " (" + name + ")";
  }
}
