package io.github.netboot6.bootconfig.ipxe;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.MalformedValueException;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * An iPXE script: the {@code #!ipxe} line, then commands, labels and comments, one per line.
 *
 * <pre>{@code
 * IpxeScript script = IpxeScript.builder()
 *     .command(IpxeCommand.ifconfIpv6("net0").orElse(IpxeCommand.goTo("failed")))
 *     .command(IpxeCommand.chain(url).orElse(IpxeCommand.goTo("failed")))
 *     .label("failed")
 *     .command(IpxeCommand.echo("boot", "failed"))
 *     .build();
 * script.text();
 * }</pre>
 *
 * <p>Lines end in {@code \n}. Every line is built from typed parts (see {@link IpxeCommand} and
 * {@link IpxeWord}), so nothing a caller passes can add a line, a command or an expansion.
 */
public final class IpxeScript {

  private final String text;

  private IpxeScript(String text) {
    this.text = text;
  }

  /**
   * Returns a new, empty builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the script text, starting with {@code #!ipxe} and ending in a newline.
   *
   * @return the text
   */
  public String text() {
    return text;
  }

  /**
   * Returns the same text as {@link #text()}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return text;
  }

  /** Collects the lines of a script; not thread-safe. */
  public static final class Builder {
    private final StringBuilder sb = new StringBuilder(256).append("#!ipxe\n");
    private final Set<String> labels = new HashSet<>();
    private final Set<String> gotos = new TreeSet<>();

    private Builder() {}

    /**
     * Appends a command line.
     *
     * @param command the line
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder command(IpxeCommand command) {
      gotos.addAll(command.gotoLabels());
      sb.append(command.render()).append('\n');
      return this;
    }

    /**
     * Appends a label line, {@code :label}, a target for {@link IpxeCommand#goTo}.
     *
     * @param label the label, {@code [A-Za-z0-9_-]+}
     * @return this builder
     * @throws MalformedValueException if {@code label} is not allowed
     * @throws IllegalStateException if the script already defines {@code label}
     */
    @CanIgnoreReturnValue
    public Builder label(String label) {
      IpxeCommand.checkLabel(label);
      if (!labels.add(label)) {
        throw new IllegalStateException("label " + label + " is already defined");
      }
      sb.append(':').append(label).append('\n');
      return this;
    }

    /**
     * Appends a comment line, {@code # text}.
     *
     * @param text printable ASCII and spaces, not ending in {@code \}
     * @return this builder
     * @throws MalformedValueException if {@code text} holds anything else
     */
    @CanIgnoreReturnValue
    public Builder comment(String text) {
      requireNonNull(text, "comment");
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x20 || c >= 0x7f || c == '\\') {
          throw MalformedValueException.ofText(
              "comment",
              text,
              i,
              "character "
                  + MalformedValueException.describe(c)
                  + " is not allowed (expected: printable ASCII except \\)");
        }
      }
      sb.append("# ").append(text).append('\n');
      return this;
    }

    /**
     * Returns the script.
     *
     * @return the script
     * @throws IllegalStateException if a {@code goto} names a label the script does not define
     */
    public IpxeScript build() {
      for (String target : gotos) {
        if (!labels.contains(target)) {
          throw new IllegalStateException("goto " + target + ": the script defines no such label");
        }
      }
      return new IpxeScript(sb.toString());
    }
  }
}
