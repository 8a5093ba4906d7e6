/**
 * Netboot6 allocation: Allocator of aligned per-host IPv6 address blocks with boot-phase slots, and
 * its stores.
 */
module io.github.netboot6.allocation {
  requires transitive io.github.netboot6.core;
  requires com.google.common;
  // The shared store talks to PostgreSQL through JDBC only; the embedding tool supplies the driver.
  requires transitive java.sql;
  // Transitive: the API carries @CanIgnoreReturnValue; static: an annotation, not needed at run
  // time.
  requires static transitive com.google.errorprone.annotations;

  exports io.github.netboot6.allocation;
}
