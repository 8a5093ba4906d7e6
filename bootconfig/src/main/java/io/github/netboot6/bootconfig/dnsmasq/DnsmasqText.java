package io.github.netboot6.bootconfig.dnsmasq;

import static java.util.Objects.requireNonNull;

import io.github.netboot6.bootconfig.internal.Identifiers;
import io.github.netboot6.core.MalformedValueException;

/** Checks and quotes values for a dnsmasq configuration file. */
final class DnsmasqText {
  private DnsmasqText() {}

  static String tag(String tag) {
    return Identifiers.check("tag", tag);
  }

  /** {@code "value"}: inside double quotes dnsmasq gives {@code , : . #} no special meaning. */
  static String quoted(String field, String value) {
    requireNonNull(value, field);
    if (value.isEmpty()) {
      throw MalformedValueException.ofText(field, value, MalformedValueException.NO_INDEX, "empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        throw MalformedValueException.ofText(
            field,
            value,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed (expected: printable ASCII or space except '\"' and '\\')");
      }
    }
    return '"' + value + '"';
  }

  static String quotedUrl(String url) {
    requireNonNull(url, "boot-file URL");
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (!((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || "-._~:/?[]@!$&'()*+,;=%".indexOf(c) >= 0)) {
        throw MalformedValueException.ofText(
            "boot-file URL",
            url,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed (expected: the characters RFC 3986 allows, without '#')");
      }
    }
    return quoted("boot-file URL", url);
  }
}
