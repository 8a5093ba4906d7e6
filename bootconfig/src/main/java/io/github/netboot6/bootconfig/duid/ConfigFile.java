package io.github.netboot6.bootconfig.duid;

import static java.util.Objects.requireNonNull;

import io.github.netboot6.core.MalformedValueException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A file to put on the installed system: an absolute path and its text.
 *
 * <p>The path is checked so that it can be written into a shell command unquoted and unescaped: it
 * starts with {@code /}, its segments are {@code A-Z a-z 0-9 . _ - +} and none is empty, {@code .}
 * or {@code ..}. The text is UTF-8 lines, each ending in a newline. Instances are immutable.
 *
 * <pre>{@code
 * ConfigFile f = ConfigFile.of("/etc/dhcp/dhclient.conf", DuidSnippets.dhclient(duid, "eth0"));
 * }</pre>
 */
public final class ConfigFile {
  private final String path;
  private final String content;

  private ConfigFile(String path, String content) {
    this.path = path;
    this.content = content;
  }

  /**
   * Returns a file.
   *
   * @param path the absolute path, e.g. {@code /etc/dhcp/dhclient.conf}
   * @param content the text; empty, or lines each ending in {@code \n}
   * @return the file
   * @throws MalformedValueException if {@code path} is not allowed (see the class notes), or {@code
   *     content} does not end in a newline, holds a NUL or a CR
   */
  public static ConfigFile of(String path, String content) {
    return new ConfigFile(checkPath(path), checkContent(content));
  }

  /**
   * Returns the path.
   *
   * @return the absolute path
   */
  public String path() {
    return path;
  }

  /**
   * Returns the text.
   *
   * @return the text
   */
  public String content() {
    return content;
  }

  /**
   * Returns the directory holding the file.
   *
   * @return e.g. {@code /etc/dhcp} for {@code /etc/dhcp/dhclient.conf}, {@code /} for a file in the
   *     root
   */
  public String directory() {
    int slash = path.lastIndexOf('/');
    return slash == 0 ? "/" : path.substring(0, slash);
  }

  /**
   * Tells whether {@code obj} is a file with the same path and text.
   *
   * @param obj the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof ConfigFile o && path.equals(o.path) && content.equals(o.content);
  }

  /**
   * Returns a hash code of the path and text.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(path, content);
  }

  /**
   * Returns the path and the length of the text, for logs.
   *
   * @return e.g. {@code /etc/dhcp/dhclient.conf (52 characters)}
   */
  @Override
  public String toString() {
    return path + " (" + content.length() + " characters)";
  }

  private static String checkPath(String path) {
    requireNonNull(path, "file path");
    if (path.length() < 2 || path.length() > 4096 || path.charAt(0) != '/') {
      throw MalformedValueException.ofText(
          "file path",
          path,
          MalformedValueException.NO_INDEX,
          "expected: an absolute path of 2..4096 characters starting with '/'");
    }
    int segmentStart = 1;
    for (int i = 1; i <= path.length(); i++) {
      char c = i == path.length() ? '/' : path.charAt(i);
      if (c == '/') {
        String segment = path.substring(segmentStart, i);
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
          throw MalformedValueException.ofText(
              "file path",
              path,
              Math.min(i, path.length() - 1),
              "segment \"" + segment + "\" is not allowed (expected: no empty, \".\" or \"..\")");
        }
        segmentStart = i + 1;
      } else if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '-'
          || c == '+')) {
        throw MalformedValueException.ofText(
            "file path",
            path,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed (expected: A-Z, a-z, 0-9, '.', '_', '-', '+', '/')");
      }
    }
    return path;
  }

  private static String checkContent(String content) {
    requireNonNull(content, "file content");
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c == 0 || c == '\r' || (Character.isSurrogate(c) && !isPaired(content, i))) {
        throw MalformedValueException.ofText(
            "file content",
            content,
            i,
            "character " + MalformedValueException.describe(c) + " is not allowed");
      }
    }
    if (!content.isEmpty() && content.charAt(content.length() - 1) != '\n') {
      throw MalformedValueException.ofText(
          "file content", content, content.length() - 1, "does not end in a newline");
    }
    return content;
  }

  private static boolean isPaired(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
