package io.github.netboot6.bootconfig.ipxe;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A model of how iPXE reads a script, written from the behaviour documented at ipxe.org/scripting
 * and ipxe.org/cmd, for tests: it tells what lines, labels, commands, tokens, separators and
 * setting expansions a script holds, without running it.
 *
 * <ul>
 *   <li>The script starts with {@code #!ipxe} followed by white space.
 *   <li>Lines end at {@code \n}; a trailing {@code \r} is dropped; a line ending in {@code \} is
 *       joined with the next one (the backslash dropped).
 *   <li>A line whose first non-blank character is {@code :} starts with a label, up to white space.
 *   <li>The rest is split into tokens at white space (C {@code isspace}: space, {@code \t \n \v \f
 *       \r}). A token starting with {@code #} starts a comment: it and all after it are dropped. A
 *       token that is exactly {@code ||}, {@code &&} or {@code ;} ends a command.
 *   <li>Each token is expanded on its own: repeatedly, the first {@code }} that has a {@code ${}
 *       before it closes the last such {@code ${}, and the text between is a setting name.
 * </ul>
 */
final class IpxeTokenizerModel {

  /** A token: its raw text and the settings iPXE expands in it, innermost first. */
  record Token(String text, List<String> expansions) {}

  /** A command: its tokens and the separator after it ({@code ||}, {@code &&}, {@code ;}) or "". */
  record Command(List<Token> tokens, String separator) {}

  /** A line: its label or null, and its commands (none for an empty or comment line). */
  record Line(@Nullable String label, List<Command> commands) {}

  private IpxeTokenizerModel() {}

  static boolean hasMagic(String script) {
    return (script.startsWith("#!ipxe") || script.startsWith("#!gpxe"))
        && script.length() > 6
        && isSpace(script.charAt(6));
  }

  static List<Line> parse(String script) {
    List<Line> lines = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    int pos = 0;
    while (pos < script.length()) {
      int nl = script.indexOf('\n', pos);
      int end = nl < 0 ? script.length() : nl;
      pending.append(script, pos, end);
      pos = end + 1;
      int len = pending.length();
      if (len > 0 && pending.charAt(len - 1) == '\r') {
        pending.setLength(--len);
      }
      if (len > 0 && pending.charAt(len - 1) == '\\') {
        pending.setLength(len - 1);
        if (pos < script.length()) {
          continue;
        }
      }
      lines.add(parseLine(pending.toString()));
      pending.setLength(0);
    }
    return lines;
  }

  private static Line parseLine(String line) {
    int i = 0;
    while (i < line.length() && isSpace(line.charAt(i))) {
      i++;
    }
    String label = null;
    if (i < line.length() && line.charAt(i) == ':') {
      int start = ++i;
      while (i < line.length() && !isSpace(line.charAt(i))) {
        i++;
      }
      label = line.substring(start, i);
    }
    List<Command> commands = new ArrayList<>();
    List<Token> tokens = new ArrayList<>();
    for (String raw : split(line.substring(i))) {
      if (raw.startsWith("#")) {
        break;
      }
      if (raw.equals("||") || raw.equals("&&") || raw.equals(";")) {
        commands.add(new Command(List.copyOf(tokens), raw));
        tokens.clear();
      } else {
        tokens.add(new Token(raw, expansions(raw)));
      }
    }
    if (!tokens.isEmpty() || !commands.isEmpty()) {
      commands.add(new Command(List.copyOf(tokens), ""));
    }
    return new Line(label, commands);
  }

  static List<String> split(String command) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (true) {
      while (i < command.length() && isSpace(command.charAt(i))) {
        i++;
      }
      if (i >= command.length()) {
        return tokens;
      }
      int start = i;
      while (i < command.length() && !isSpace(command.charAt(i))) {
        i++;
      }
      tokens.add(command.substring(start, i));
    }
  }

  static List<String> expansions(String token) {
    List<String> names = new ArrayList<>();
    String s = token;
    while (true) {
      int start = -1;
      int close = -1;
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
          start = i;
        }
        if (start >= 0 && s.charAt(i) == '}') {
          close = i;
          break;
        }
      }
      if (close < 0) {
        return names;
      }
      names.add(s.substring(start + 2, close));
      // The value is unknown here: stand in text that cannot form or close a reference.
      s = s.substring(0, start) + "\u0001" + s.substring(close + 1);
    }
  }

  /** C isspace in iPXE's ctype: space, tab, newline, vertical tab, form feed, carriage return. */
  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
  }
}
