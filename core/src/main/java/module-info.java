/**
 * Netboot6 core: the value types every other Netboot6 module speaks (IPv6 addresses and prefixes,
 * MAC addresses, DUIDs, client architectures, boot phases) and the identity resolver.
 */
module io.github.netboot6.core {
  requires transitive org.jspecify;
  requires com.google.common;
  requires static transitive com.google.errorprone.annotations;
  requires static org.immutables.value.annotations;

  exports io.github.netboot6.core;
  exports io.github.netboot6.core.identity;
}
