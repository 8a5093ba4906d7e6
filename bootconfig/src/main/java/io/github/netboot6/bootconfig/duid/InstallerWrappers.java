package io.github.netboot6.bootconfig.duid;

import io.github.netboot6.core.MalformedValueException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Installer snippets that write {@link ConfigFile}s onto the installed system: a Kickstart {@code
 * %post} section (Anaconda), a Debian preseed {@code late_command} and a cloud-init {@code
 * write_files} document (cloud images, Ubuntu autoinstall, Fedora CoreOS via cloud-init).
 *
 * <pre>{@code
 * List<ConfigFile> files = List.of(
 *     ConfigFile.of(DuidSnippets.DHCLIENT_CONF, DuidSnippets.dhclient(duid, null)),
 *     ConfigFile.of(DuidSnippets.NETWORK_MANAGER_CONF, DuidSnippets.networkManager(duid)));
 * String post = InstallerWrappers.kickstartPost(files);
 * }</pre>
 *
 * <p>Paths are safe shell words by construction ({@link ConfigFile}); contents are quoted so that
 * the shell writes them byte for byte: in a quoted here-document (no expansion) for Kickstart, in
 * single-quoted {@code printf} arguments for preseed; cloud-init gets them in base64, so no YAML
 * quoting rule applies to them.
 */
public final class InstallerWrappers {

  /** The here-document delimiter of {@link #kickstartPost}: {@value}. */
  public static final String HEREDOC_DELIMITER = "NETBOOT6_EOF";

  private InstallerWrappers() {}

  /**
   * Returns a Kickstart {@code %post} section (it runs in the installed system's root) that writes
   * each file: {@code mkdir -p} its directory, then {@code cat > path <<'NETBOOT6_EOF'}.
   *
   * @param files the files, written in order
   * @return the section, from {@code %post} to {@code %end} and a newline
   * @throws MalformedValueException if a file's content has a line equal to {@value
   *     #HEREDOC_DELIMITER}
   */
  public static String kickstartPost(List<ConfigFile> files) {
    StringBuilder sb = new StringBuilder("%post\nset -e\n");
    for (ConfigFile f : files) {
      for (String line : f.content().split("\n", -1)) {
        if (line.equals(HEREDOC_DELIMITER)) {
          throw MalformedValueException.ofText(
              "file content of " + f.path(),
              f.content(),
              f.content().indexOf(HEREDOC_DELIMITER),
              "a line equal to the here-document delimiter " + HEREDOC_DELIMITER);
        }
      }
      sb.append("mkdir -p ").append(f.directory()).append('\n');
      sb.append("cat > ").append(f.path()).append(" <<'").append(HEREDOC_DELIMITER).append("'\n");
      sb.append(f.content()).append(HEREDOC_DELIMITER).append('\n');
    }
    return sb.append("%end\n").toString();
  }

  /**
   * Returns a Debian installer preseed line that writes each file under {@code /target}, the
   * installed system's root: {@code d-i preseed/late_command string mkdir -p /target/dir && printf
   * '%s\n' 'line' ... > /target/path && ...}. A preseed value is one line; each content line is one
   * single-quoted {@code printf} argument.
   *
   * @param files the files, written in order
   * @return the preseed line, ending in a newline
   * @throws IllegalArgumentException if {@code files} is empty
   */
  public static String preseedLateCommand(List<ConfigFile> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("files: empty (expected: at least one)");
    }
    StringBuilder sb = new StringBuilder("d-i preseed/late_command string ");
    for (int i = 0; i < files.size(); i++) {
      ConfigFile f = files.get(i);
      if (i > 0) {
        sb.append(" && ");
      }
      sb.append("mkdir -p /target").append(f.directory().equals("/") ? "" : f.directory());
      String content = f.content();
      if (content.isEmpty()) {
        sb.append(" && : > /target").append(f.path());
        continue;
      }
      sb.append(" && printf '%s\\n'");
      for (String line : content.substring(0, content.length() - 1).split("\n", -1)) {
        sb.append(' ').append(Shell.quote(line));
      }
      sb.append(" > /target").append(f.path());
    }
    return sb.append('\n').toString();
  }

  /**
   * Returns a cloud-init user-data document ({@code #cloud-config}) whose {@code write_files}
   * writes each file, mode {@code 0644}, its content in base64 ({@code encoding: b64}) so that
   * cloud-init writes it byte for byte. Send it as the user-data (or as one part of a multipart
   * user-data), or copy its {@code write_files} list into your own; for an Ubuntu autoinstall, the
   * list goes under {@code autoinstall: user-data:}, which the installed system's cloud-init runs
   * at first boot.
   *
   * @param files the files, written in order
   * @return the document, ending in a newline
   * @throws IllegalArgumentException if {@code files} is empty
   */
  public static String cloudInitWriteFiles(List<ConfigFile> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("files: empty (expected: at least one)");
    }
    StringBuilder sb = new StringBuilder("#cloud-config\nwrite_files:\n");
    for (ConfigFile f : files) {
      String base64 =
          Base64.getEncoder().encodeToString(f.content().getBytes(StandardCharsets.UTF_8));
      // The path holds only A-Z a-z 0-9 . _ - + / (ConfigFile): single quotes need no escape.
      sb.append("  - path: '").append(f.path()).append("'\n");
      sb.append("    permissions: '0644'\n");
      sb.append("    encoding: b64\n");
      sb.append("    content: ").append(base64.isEmpty() ? "''" : base64).append('\n');
    }
    return sb.toString();
  }
}
