package io.github.netboot6.bootconfig.internal;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.MalformedValueException;

/**
 * The identifier rule shared by every generator that names things in a configuration file (GRUB
 * menu entry ids, Kea client classes, dnsmasq tags): ASCII letters, digits, {@code '_'} and {@code
 * '-'}, nothing else, so the name never needs quoting in any of those formats.
 */
public final class Identifiers {
  private Identifiers() {}

  /**
   * Checks {@code value} against the identifier rule.
   *
   * @param field the name of the field, for the error message
   * @param value the identifier
   * @return {@code value}
   * @throws MalformedValueException if {@code value} is empty or has any other character; the
   *     message names the field, the character and its index
   */
  @CanIgnoreReturnValue
  public static String check(String field, String value) {
    requireNonNull(value, field);
    if (value.isEmpty()) {
      throw MalformedValueException.ofText(field, value, MalformedValueException.NO_INDEX, "empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-')) {
        throw MalformedValueException.ofText(
            field,
            value,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed (expected: A-Z, a-z, 0-9, '_', '-')");
      }
    }
    return value;
  }
}
