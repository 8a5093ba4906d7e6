package io.github.netboot6.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.errorprone.annotations.Immutable;
import org.jspecify.annotations.Nullable;

/**
 * The type code of a {@link Duid} (RFC 8415 §11, RFC 6355): an "open enum" that has a constant for
 * every type IANA has assigned and a value for every other 16-bit code, so that a DUID of a type
 * defined after this library was written is kept, not rejected.
 *
 * <pre>{@code
 * DuidType.valueOf(4) == DuidType.UUID   // true: known codes return the constant
 * DuidType.valueOf(9).isKnown()          // false, and toString() is "UNKNOWN(9)"
 * }</pre>
 *
 * <p>Two instances are equal when their codes are equal; the known constants are also the only
 * instances with their codes, so they can be compared with {@code ==}.
 */
@Immutable
public final class DuidType {

  /** DUID-LLT, type 1: link-layer address plus time (RFC 8415 §11.2). */
  public static final DuidType LLT = new DuidType(1, "LLT");

  /** DUID-EN, type 2: assigned by vendor based on enterprise number (RFC 8415 §11.3). */
  public static final DuidType EN = new DuidType(2, "EN");

  /** DUID-LL, type 3: link-layer address (RFC 8415 §11.4). */
  public static final DuidType LL = new DuidType(3, "LL");

  /** DUID-UUID, type 4: a 16-byte UUID (RFC 6355 §4). */
  public static final DuidType UUID = new DuidType(4, "UUID");

  private static final int MAX_CODE = 0xffff;

  private final int code;
  private final String name;

  private DuidType(int code, String name) {
    this.code = code;
    this.name = name;
  }

  /**
   * Returns the type with the given code: one of the constants of this class for codes 1 to 4,
   * otherwise a new instance for which {@link #isKnown()} is false. It never fails for a 16-bit
   * code, so that a DUID of a newer type can still be handled as raw bytes.
   *
   * @param code the type code, {@code 0} to {@code 65535}
   * @return the type
   * @throws IllegalArgumentException if {@code code} does not fit in 16 unsigned bits (no DUID can
   *     hold such a code, so it is a caller error)
   */
  public static DuidType valueOf(int code) {
    checkArgument(code >= 0 && code <= MAX_CODE, "DUID type code: %s (expected: 0..65535)", code);
    return switch (code) {
      case 1 -> LLT;
      case 2 -> EN;
      case 3 -> LL;
      case 4 -> UUID;
      default -> new DuidType(code, "UNKNOWN");
    };
  }

  /**
   * Returns the 16-bit type code as sent on the wire.
   *
   * @return the code, {@code 0} to {@code 65535}
   */
  public int code() {
    return code;
  }

  /**
   * Returns the short name of the type: {@code "LLT"}, {@code "EN"}, {@code "LL"}, {@code "UUID"},
   * or {@code "UNKNOWN"} for any other code.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Tells whether this type is one of the four this library knows the layout of.
   *
   * @return {@code true} for {@link #LLT}, {@link #EN}, {@link #LL} and {@link #UUID}
   */
  public boolean isKnown() {
    return code >= 1 && code <= 4;
  }

  /**
   * Returns the name and the code, e.g. {@code "LLT(1)"} or {@code "UNKNOWN(9)"}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return name + "(" + code + ")";
  }

  /**
   * Tells whether {@code obj} is a DUID type with the same code.
   *
   * @param obj the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof DuidType other && other.code == code;
  }

  /**
   * Returns the code as the hash code.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return code;
  }
}
