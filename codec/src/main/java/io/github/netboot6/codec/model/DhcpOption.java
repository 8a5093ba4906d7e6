package io.github.netboot6.codec.model;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.io.BaseEncoding;
import io.github.netboot6.codec.DecodeProfile;
import io.github.netboot6.codec.DecodeStatus;
import io.github.netboot6.codec.OptionCode;
import io.github.netboot6.codec.OptionIterator;
import io.github.netboot6.core.MalformedValueException;
import java.util.ArrayList;
import java.util.List;
import org.immutables.value.Value;

/**
 * One DHCPv6 option (RFC 8415 §21.1): its code and its value as bytes, exactly as on the wire. The
 * value array is copied in and out: an option never changes.
 *
 * <p>Container options (IA_NA, IAADDR, IA_PD, IAPREFIX, Vendor-specific Information, NTP server...)
 * keep their nested options inside the value; {@link #nestedOptions()} decodes them. The Relay
 * Message option keeps its message; {@link RelayMessage#relayedMessage()} decodes it. {@link
 * DhcpOptions} builds options from typed values.
 *
 * <pre>{@code
 * DhcpOption url = DhcpOption.of(59, "http://[2001:db8::1]/boot.ipxe".getBytes(UTF_8));
 * DhcpOption iaNa = DhcpOptions.iaNa(1, 0, 0, DhcpOptions.iaAddress(address, 600, 900));
 * for (DhcpOption inner : iaNa.nestedOptions()) { ... }
 * }</pre>
 */
@Value.Immutable(builder = false)
@Value.Style(
    of = "make",
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true)
public abstract class DhcpOption {
  /** The most bytes an option value can hold: option-len is 16 bits (RFC 8415 §21.1). */
  public static final int MAX_VALUE_LENGTH = 0xffff;

  /** The option-code and option-len fields before the value. */
  static final int HEADER_LENGTH = 4;

  DhcpOption() {}

  /**
   * Returns the option-code, 0 to 65,535.
   *
   * @return the code
   */
  @Value.Parameter
  public abstract int code();

  /**
   * Returns a copy of the option's value (option-data), without the four header bytes.
   *
   * @return the value bytes
   */
  @Value.Parameter
  public abstract byte[] value();

  /**
   * Makes an option.
   *
   * @param code the option-code, 0 to 65,535
   * @param value the option-data, at most {@value #MAX_VALUE_LENGTH} bytes; copied
   * @return the option
   * @throws IllegalArgumentException if the code or the length is out of range
   */
  public static DhcpOption of(int code, byte... value) {
    return ImmutableDhcpOption.make(code, value);
  }

  /**
   * Makes an option from the registry entry and a value.
   *
   * @param option the option code
   * @param value the option-data, at most {@value #MAX_VALUE_LENGTH} bytes; copied
   * @return the option
   * @throws IllegalArgumentException if the value is too long
   */
  public static DhcpOption of(OptionCode option, byte... value) {
    return of(option.code(), value);
  }

  @Value.Check
  final void check() {
    checkArgument(
        code() >= 0 && code() <= 0xffff, "option-code: %s (expected: 0 to 65535)", code());
    int length = valueLength();
    checkArgument(
        length <= MAX_VALUE_LENGTH,
        "option %s value: %s bytes (expected: at most %s)",
        code(),
        length,
        MAX_VALUE_LENGTH);
  }

  /**
   * Returns the option's registry entry, registered or not (never throws).
   *
   * @return the option code
   */
  public final OptionCode option() {
    return OptionCode.valueOf(code());
  }

  /**
   * Returns the length of the value (option-len).
   *
   * @return the length in bytes
   */
  public final int valueLength() {
    return rawValue().length;
  }

  /**
   * Returns the bytes this option takes on the wire: four header bytes and the value.
   *
   * @return the encoded length
   */
  public final int encodedLength() {
    return HEADER_LENGTH + valueLength();
  }

  /**
   * Tells whether the registry describes this option as a fixed header followed by options (see
   * {@link OptionIterator#hasNestedOptions()}).
   *
   * @return {@code true} for a container option
   */
  public final boolean hasNestedOptions() {
    return option().nestedOptionsOffset() != OptionCode.NO_NESTED_OPTIONS;
  }

  /**
   * Decodes the options nested in this container option, after its fixed header (RFC 8415 §21.4 to
   * §21.6, §21.17, §21.21, §21.22), in wire order.
   *
   * @return the nested options
   * @throws IllegalStateException if this option is not a container ({@link #hasNestedOptions()})
   * @throws MalformedValueException if the value is shorter than the header or the nested options
   *     are malformed; it names the problem and its byte offset within this option
   */
  public final List<DhcpOption> nestedOptions() {
    if (!hasNestedOptions()) {
      throw new IllegalStateException(
          "option " + code() + " (" + option().name() + ") has no nested options");
    }
    return nestedOptions(option().nestedOptionsOffset());
  }

  /**
   * Decodes the options nested in this option after a fixed header of {@code headerLength} bytes,
   * whatever its code: for vendor-defined or unregistered containers.
   *
   * @param headerLength the bytes to skip before the first nested option
   * @return the nested options
   * @throws IllegalArgumentException if {@code headerLength} is negative
   * @throws MalformedValueException if the value is shorter than the header or the nested options
   *     are malformed; it names the problem and its byte offset within this option
   */
  public final List<DhcpOption> nestedOptions(int headerLength) {
    checkArgument(headerLength >= 0, "header length: %s (expected: >= 0)", headerLength);
    byte[] encoded = new byte[encodedLength()];
    int unused = writeTo(encoded, 0);
    OptionIterator outer = new OptionIterator().profile(DecodeProfile.STRICT);
    outer.wrap(encoded, 0, encoded.length);
    if (!outer.next()) {
      throw new IllegalStateException("option " + code() + " did not decode: " + outer.status());
    }
    OptionIterator inner = outer.nested(new OptionIterator(), headerLength);
    return collect(inner);
  }

  /**
   * Writes the option (header and value) into {@code destination} at {@code offset}.
   *
   * @return the offset after the option
   */
  final int writeTo(byte[] destination, int offset) {
    byte[] value = rawValue();
    destination[offset] = (byte) (code() >>> 8);
    destination[offset + 1] = (byte) code();
    destination[offset + 2] = (byte) (value.length >>> 8);
    destination[offset + 3] = (byte) value.length;
    System.arraycopy(value, 0, destination, offset + HEADER_LENGTH, value.length);
    return offset + HEADER_LENGTH + value.length;
  }

  /**
   * The value without a copy, for this package's own reads. Immutables copies arrays on access, so
   * {@link #value()} would copy each time.
   */
  @Value.Lazy
  byte[] rawValue() {
    return value();
  }

  /**
   * Returns the option as {@code code (NAME) length: hex}, for logs and test failures; {@link
   * io.github.netboot6.codec.MessageDump} gives the field-by-field text.
   */
  @Override
  public final String toString() {
    return code()
        + " ("
        + option().name()
        + ") "
        + valueLength()
        + " bytes: "
        + BaseEncoding.base16().lowerCase().encode(rawValue());
  }

  /**
   * Reads every option {@code options} walks, in wire order.
   *
   * @throws MalformedValueException if the walk ends on a problem
   */
  static List<DhcpOption> collect(OptionIterator options) {
    List<DhcpOption> out = new ArrayList<>();
    while (options.next()) {
      out.add(of(options.code(), options.valueToArray()));
    }
    if (options.status() != DecodeStatus.OK) {
      throw options.toException();
    }
    return out;
  }
}
