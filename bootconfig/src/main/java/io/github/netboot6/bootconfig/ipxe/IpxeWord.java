package io.github.netboot6.bootconfig.ipxe;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import com.google.errorprone.annotations.Immutable;
import io.github.netboot6.core.MalformedValueException;

/**
 * One word of an iPXE command line: text that iPXE reads as exactly one token, built from checked
 * literal text, {@linkplain IpxeSetting setting references} and {@linkplain IpxeUrl URLs}.
 *
 * <p>iPXE splits a command line at white space, ends a command at a token that is exactly {@code
 * ||}, {@code &&} or {@code ;}, starts a comment at a token that begins with {@code #}, expands
 * {@code ${...}} inside any token and joins a line ending in {@code \} with the next one. It has no
 * quoting. So literal text in a word may hold only printable ASCII other than {@code $}, {@code \},
 * {@code #}, {@code "}, {@code '} and {@code `} (the quotes are rejected because the Linux kernel
 * command line, which iPXE passes kernel arguments on to, does read double quotes), and a whole
 * word may not be {@code ||}, {@code &&} or {@code ;}. Anything else is rejected with a {@link
 * MalformedValueException} that names the field, the character and its index:
 *
 * <pre>{@code
 * IpxeWord.literal("kernel argument", "console=ttyS0,115200n8")     console=ttyS0,115200n8
 * IpxeWord.keyValue("inst.ks", IpxeWord.url(kickstart))             inst.ks=http://[2001:db8::1]/ks
 * IpxeWord.setting(IpxeSetting.NET0_MAC_HEXHYP)                     ${net0/mac:hexhyp}
 * IpxeWord.literal("kernel argument", "a b")   // throws: character U+0020 ... at index 1
 * }</pre>
 *
 * <p>Instances are immutable and compare by their text.
 */
@Immutable
public final class IpxeWord {

  private final String text;

  private IpxeWord(String text) {
    this.text = text;
  }

  /**
   * Returns a word of literal text.
   *
   * @param field what the text is, for the error message, e.g. {@code "kernel argument"}
   * @param text the text
   * @return the word
   * @throws MalformedValueException if {@code text} is empty, is {@code ||}, {@code &&} or {@code
   *     ;}, or holds a character that is not allowed (see the class documentation)
   */
  public static IpxeWord literal(String field, String text) {
    return new IpxeWord(checkWord(field, checkLiteral(field, text)));
  }

  /**
   * Tells whether {@code text} may be a literal word; never throws.
   *
   * @param text the candidate
   * @return true if {@link #literal} accepts it
   */
  public static boolean isValidLiteral(String text) {
    if (text.isEmpty() || isTerminator(text)) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!isLiteralChar(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns a word that iPXE expands to the value of a setting, e.g. {@code ${uuid}}.
   *
   * @param setting the setting reference
   * @return the word
   */
  public static IpxeWord setting(IpxeSetting setting) {
    return new IpxeWord(setting.render());
  }

  /**
   * Returns a word holding a URL.
   *
   * @param url the URL, whose parts are already percent-encoded or typed
   * @return the word
   */
  public static IpxeWord url(IpxeUrl url) {
    return new IpxeWord(url.render());
  }

  /**
   * Returns the word {@code key=value}, the form of most kernel arguments.
   *
   * @param key the key, e.g. {@code "inst.ks"}; checked as a literal
   * @param value the value
   * @return the word
   * @throws MalformedValueException if {@code key} is not a valid literal or holds {@code '='}
   */
  public static IpxeWord keyValue(String key, IpxeWord value) {
    checkLiteral("kernel argument key", key);
    int eq = key.indexOf('=');
    if (eq >= 0) {
      throw MalformedValueException.ofText(
          "kernel argument key", key, eq, "character '=' is not allowed in a key");
    }
    return new IpxeWord(key + "=" + value.text);
  }

  /**
   * Returns the word {@code key=value} with a literal value.
   *
   * @param key the key, e.g. {@code "console"}
   * @param value the value, e.g. {@code "ttyS0"}; checked as a literal, {@code key} naming the
   *     field
   * @return the word
   * @throws MalformedValueException if {@code key} or {@code value} is not a valid literal
   */
  public static IpxeWord keyValue(String key, String value) {
    return keyValue(key, literal(key, value));
  }

  /**
   * Returns the concatenation of words, read by iPXE as one word, e.g. a literal prefix and a
   * setting: {@code host-${net0/mac:hexraw}}.
   *
   * @param parts the words to join, at least one
   * @return the word
   * @throws IllegalArgumentException if {@code parts} is empty
   */
  public static IpxeWord concat(IpxeWord... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("parts: empty (expected: at least one word)");
    }
    StringBuilder sb = new StringBuilder();
    for (IpxeWord part : parts) {
      sb.append(requireNonNull(part, "part").text);
    }
    return new IpxeWord(sb.toString());
  }

  /**
   * Returns the word as written in the script.
   *
   * @return the text
   */
  public String render() {
    return text;
  }

  /**
   * Returns the same text as {@link #render()}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(@org.jspecify.annotations.Nullable Object o) {
    return o instanceof IpxeWord other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @CanIgnoreReturnValue
  static String checkLiteral(String field, String text) {
    requireNonNull(field, "field");
    requireNonNull(text, field);
    if (text.isEmpty()) {
      throw MalformedValueException.ofText(
          field,
          text,
          MalformedValueException.NO_INDEX,
          "empty (expected: at least one character)");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isLiteralChar(c)) {
        throw MalformedValueException.ofText(
            field,
            text,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed in an iPXE word (expected: printable ASCII except"
                + " $ \\ # \" ' `)");
      }
    }
    return text;
  }

  private static String checkWord(String field, String text) {
    if (isTerminator(text)) {
      throw MalformedValueException.ofText(
          field, text, 0, "iPXE reads the word \"" + text + "\" as a command separator");
    }
    return text;
  }

  private static boolean isTerminator(String text) {
    return text.equals("||") || text.equals("&&") || text.equals(";");
  }

  static boolean isLiteralChar(char c) {
    return c > 0x20 && c < 0x7f && c != '$' && c != '\\' && c != '#' && c != '"' && c != '\''
        && c != '`';
  }
}
