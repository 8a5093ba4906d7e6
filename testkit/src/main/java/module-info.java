/**
 * Netboot6 testkit: framework-neutral generators of valid and hostile Netboot6 values, for property
 * tests of Netboot6 itself and of code that embeds it.
 */
module io.github.netboot6.testkit {
  requires transitive io.github.netboot6.core;
  requires com.google.common;
  requires static transitive com.google.errorprone.annotations;

  exports io.github.netboot6.testkit;
}
