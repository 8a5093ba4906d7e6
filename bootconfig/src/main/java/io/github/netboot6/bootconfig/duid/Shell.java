package io.github.netboot6.bootconfig.duid;

/** POSIX shell quoting for the installer wrappers. */
final class Shell {
  private Shell() {}

  /**
   * Returns {@code text} as one single-quoted shell word: every {@code '} becomes {@code '\''}.
   * Inside single quotes a POSIX shell reads every other character literally, {@code $}, {@code `}
   * and {@code \} included.
   */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
