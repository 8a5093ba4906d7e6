/**
 * Netboot6 codec: DHCPv6 message and option codec: zero-allocation flyweight readers and writers,
 * the IANA option registry, relay chains.
 */
module io.github.netboot6.codec {
  requires transitive io.github.netboot6.core;
  requires com.google.common;
  // Transitive: the API carries @CanIgnoreReturnValue; static: an annotation, not needed at run
  // time.
  requires static transitive com.google.errorprone.annotations;
  // Immutables' annotations are read at build time only.
  requires static transitive org.immutables.value.annotations;
  // The generated classes carry javax.annotation.processing.Generated (source retention).
  requires static java.compiler;

  exports io.github.netboot6.codec;
  exports io.github.netboot6.codec.model;
}
