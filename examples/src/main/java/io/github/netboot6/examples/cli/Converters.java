package io.github.netboot6.examples.cli;

import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MalformedValueException;
import picocli.CommandLine;

/** Command-line values parsed by the library's own parsers, their errors shown as usage errors. */
final class Converters {
  private Converters() {}

  /** An IPv6 prefix, {@code 2001:db8::/64}. */
  static final class Prefix implements CommandLine.ITypeConverter<Ipv6Prefix> {
    @Override
    public Ipv6Prefix convert(String value) {
      try {
        return Ipv6Prefix.parse(value);
      } catch (MalformedValueException e) {
        throw new CommandLine.TypeConversionException(String.valueOf(e.getMessage()));
      }
    }
  }

  /** An IPv6 address, {@code 2001:db8::1}. */
  static final class Address implements CommandLine.ITypeConverter<Ipv6Address> {
    @Override
    public Ipv6Address convert(String value) {
      try {
        return Ipv6Address.parse(value);
      } catch (MalformedValueException e) {
        throw new CommandLine.TypeConversionException(String.valueOf(e.getMessage()));
      }
    }
  }
}
