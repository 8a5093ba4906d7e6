package io.github.netboot6.bootconfig.kea;

import io.github.netboot6.core.MalformedValueException;
import java.nio.charset.StandardCharsets;

/** Hexadecimal option data and test literals for Kea. */
final class KeaJson {
  private KeaJson() {}

  /**
   * The UTF-8 bytes of {@code text} in lowercase hexadecimal, no separators. Empty text is
   * rejected: Kea 2.2 refuses an empty string option ("was empty or contained only nuls").
   */
  static String utf8Hex(String field, String text) {
    if (text.isEmpty()) {
      throw MalformedValueException.ofText(
          field,
          text,
          MalformedValueException.NO_INDEX,
          "empty (expected: at least one character)");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (paired) {
        i++;
      } else if (Character.isSurrogate(c) || c < 0x20 || c == 0x7f) {
        throw MalformedValueException.ofText(
            field,
            text,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed (expected: no control characters or unpaired surrogates)");
      }
    }
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }
}
