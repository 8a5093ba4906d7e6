package io.github.netboot6.codec;

/**
 * The one switch for the codec's debug-only checks, read once from the system property {@code
 * netboot6.debugChecks} (off unless set to {@code true}; the project's test JVMs set it).
 *
 * <p>Debug checks catch bugs in the codec and wrong call orders in the caller (reading an option
 * before {@link OptionIterator#next()}, a read outside the wrapped bytes). Wire data never needs
 * them: every length read from the wire is checked against the bytes left whether they are on or
 * off. Because the flag is a {@code static final} constant, the JIT removes the disabled checks.
 */
final class DebugChecks {
  static final boolean ENABLED = Boolean.getBoolean("netboot6.debugChecks");

  private DebugChecks() {}
}
