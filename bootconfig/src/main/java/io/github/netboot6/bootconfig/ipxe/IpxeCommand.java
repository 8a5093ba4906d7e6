package io.github.netboot6.bootconfig.ipxe;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import com.google.errorprone.annotations.Immutable;
import io.github.netboot6.core.MalformedValueException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One line of iPXE commands: a command with typed arguments, optionally followed by others joined
 * with the whole-token operators {@code ||} (run the next if the previous failed) and {@code &&}
 * (run the next if the previous succeeded), as documented at {@code https://ipxe.org/scripting}.
 *
 * <pre>{@code
 * IpxeCommand.chain(url).orElse(IpxeCommand.goTo("failed"))
 * // chain --autofree http://[2001:db8::1]/script.ipxe || goto failed
 * IpxeCommand.isset(IpxeSetting.of("filename")).andThen(IpxeCommand.echo("have", "a", "file"))
 * // isset ${filename} && echo have a file
 * }</pre>
 *
 * <p>Every argument is an {@link IpxeWord}, so no argument can add a token, a separator or an
 * expansion. Instances are immutable.
 */
@Immutable
public final class IpxeCommand {

  private final ImmutableList<String> tokens;
  private final ImmutableSet<String> gotoLabels;

  private IpxeCommand(ImmutableList<String> tokens, ImmutableSet<String> gotoLabels) {
    this.tokens = tokens;
    this.gotoLabels = gotoLabels;
  }

  private static IpxeCommand simple(String name, List<IpxeWord> args) {
    ImmutableList.Builder<String> b = ImmutableList.<String>builder().add(name);
    for (IpxeWord arg : args) {
      b.add(requireNonNull(arg, "argument").render());
    }
    return new IpxeCommand(b.build(), ImmutableSet.of());
  }

  private static IpxeCommand simple(String name, String... fixedArgs) {
    return new IpxeCommand(
        ImmutableList.<String>builder().add(name).add(fixedArgs).build(), ImmutableSet.of());
  }

  /**
   * Returns {@code ifconf --configurator ipv6 [interface]}: configure a network interface by IPv6
   * router advertisements and, as they direct, DHCPv6.
   *
   * @param networkInterface the interface, e.g. {@code "net0"}, or null for the first that works
   * @return the command
   * @throws MalformedValueException if {@code networkInterface} is not {@code [A-Za-z0-9._-]+}
   */
  public static IpxeCommand ifconfIpv6(@Nullable String networkInterface) {
    if (networkInterface == null) {
      return simple("ifconf", "--configurator", "ipv6");
    }
    checkName("network interface", networkInterface);
    return simple("ifconf", "--configurator", "ipv6", networkInterface);
  }

  /**
   * Returns {@code chain --autofree url [args...]}: fetch an image or script and run it, freeing it
   * if it returns.
   *
   * @param url what to fetch
   * @param args arguments for the image
   * @return the command
   */
  public static IpxeCommand chain(IpxeUrl url, IpxeWord... args) {
    return simple(
        "chain",
        ImmutableList.<IpxeWord>builder()
            .add(IpxeWord.literal("option", "--autofree"))
            .add(IpxeWord.url(url))
            .add(args)
            .build());
  }

  /**
   * Returns {@code kernel url [args...]}: fetch a kernel and select it for {@code boot}.
   *
   * @param url the kernel's URL
   * @param args the kernel command line, one word per argument
   * @return the command
   */
  public static IpxeCommand kernel(IpxeUrl url, List<IpxeWord> args) {
    return simple(
        "kernel", ImmutableList.<IpxeWord>builder().add(IpxeWord.url(url)).addAll(args).build());
  }

  /**
   * Returns {@code initrd [--name name] url}: fetch an initial ramdisk.
   *
   * @param url the ramdisk's URL
   * @param name the image name to refer to it by (e.g. in {@code initrd=name} on a UEFI kernel's
   *     command line), {@code [A-Za-z0-9._-]+}, or null
   * @return the command
   * @throws MalformedValueException if {@code name} is not allowed
   */
  public static IpxeCommand initrd(IpxeUrl url, @Nullable String name) {
    if (name == null) {
      return simple("initrd", List.of(IpxeWord.url(url)));
    }
    return simple(
        "initrd",
        List.of(
            IpxeWord.literal("option", "--name"),
            IpxeWord.literal("image name", checkName("image name", name)),
            IpxeWord.url(url)));
  }

  /**
   * Returns {@code imgargs image [args...]}: replace an image's command line.
   *
   * @param image the image name, {@code [A-Za-z0-9._-]+}
   * @param args the new command line
   * @return the command
   * @throws MalformedValueException if {@code image} is not allowed
   */
  public static IpxeCommand imgargs(String image, List<IpxeWord> args) {
    return simple(
        "imgargs",
        ImmutableList.<IpxeWord>builder()
            .add(IpxeWord.literal("image name", checkName("image name", image)))
            .addAll(args)
            .build());
  }

  /**
   * Returns {@code boot}: boot the selected image.
   *
   * @return the command
   */
  public static IpxeCommand boot() {
    return simple("boot");
  }

  /**
   * Returns {@code set setting value...}: store a setting; iPXE joins the words with single spaces.
   *
   * @param setting the setting to store (its type, if any, is written as {@code name:type})
   * @param value the value, at least one word
   * @return the command
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public static IpxeCommand set(IpxeSetting setting, IpxeWord... value) {
    if (value.length == 0) {
      throw new IllegalArgumentException("value: no words (expected: at least one)");
    }
    String ref = setting.render();
    return simple(
        "set",
        ImmutableList.<IpxeWord>builder()
            .add(IpxeWord.literal("setting", ref.substring(2, ref.length() - 1)))
            .add(value)
            .build());
  }

  /**
   * Returns {@code isset ${setting}}: succeed if the setting has a value.
   *
   * @param setting the setting
   * @return the command
   */
  public static IpxeCommand isset(IpxeSetting setting) {
    return simple("isset", List.of(IpxeWord.setting(setting)));
  }

  /**
   * Returns {@code goto label}.
   *
   * @param label the label, {@code [A-Za-z0-9_-]+}; {@link IpxeScript.Builder#build()} checks that
   *     the script defines it
   * @return the command
   * @throws MalformedValueException if {@code label} is not allowed
   */
  public static IpxeCommand goTo(String label) {
    return new IpxeCommand(ImmutableList.of("goto", checkLabel(label)), ImmutableSet.of(label));
  }

  /**
   * Returns {@code echo words...}: print the words joined by single spaces.
   *
   * @param words the words, each a literal (see {@link IpxeWord}); the first may not start with
   *     {@code '-'}, which iPXE would read as an option
   * @return the command
   * @throws MalformedValueException if a word is not a valid literal
   */
  public static IpxeCommand echo(String... words) {
    ImmutableList.Builder<IpxeWord> b = ImmutableList.builder();
    for (int i = 0; i < words.length; i++) {
      IpxeWord word = IpxeWord.literal("echo text", words[i]);
      if (i == 0 && words[i].startsWith("-")) {
        throw MalformedValueException.ofText(
            "echo text", words[i], 0, "character '-' may not start the first word (an option)");
      }
      b.add(word);
    }
    return simple("echo", b.build());
  }

  /**
   * Returns {@code exit status}: leave the script with a status (0 is success).
   *
   * @param status the status, at least 0
   * @return the command
   * @throws IllegalArgumentException if {@code status} is negative
   */
  public static IpxeCommand exit(int status) {
    if (status < 0) {
      throw new IllegalArgumentException("status: " + status + " (expected: >= 0)");
    }
    return simple("exit", Integer.toString(status));
  }

  /**
   * Returns a command of any name with typed arguments, for iPXE commands without a factory here.
   *
   * @param name the command name, {@code [a-z0-9_-]+}
   * @param args the arguments
   * @return the command
   * @throws MalformedValueException if {@code name} is not allowed
   */
  public static IpxeCommand of(String name, IpxeWord... args) {
    requireNonNull(name, "command name");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        throw MalformedValueException.ofText(
            "command name",
            name,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed (expected: a-z, 0-9, '_', '-')");
      }
    }
    if (name.isEmpty()) {
      throw MalformedValueException.ofText(
          "command name", name, MalformedValueException.NO_INDEX, "empty");
    }
    return simple(name, List.of(args));
  }

  /**
   * Returns {@code this || other}: {@code other} runs only if this line's last command failed.
   *
   * @param other the fallback
   * @return the joined line
   */
  public IpxeCommand orElse(IpxeCommand other) {
    return join("||", other);
  }

  /**
   * Returns {@code this && other}: {@code other} runs only if this line's last command succeeded.
   *
   * @param other the follow-up
   * @return the joined line
   */
  public IpxeCommand andThen(IpxeCommand other) {
    return join("&&", other);
  }

  private IpxeCommand join(String operator, IpxeCommand other) {
    return new IpxeCommand(
        ImmutableList.<String>builder().addAll(tokens).add(operator).addAll(other.tokens).build(),
        ImmutableSet.<String>builder().addAll(gotoLabels).addAll(other.gotoLabels).build());
  }

  /**
   * Returns the line as written in a script.
   *
   * @return the tokens joined by single spaces
   */
  public String render() {
    return String.join(" ", tokens);
  }

  /**
   * Returns the same text as {@link #render()}.
   *
   * @return the line
   */
  @Override
  public String toString() {
    return render();
  }

  ImmutableSet<String> gotoLabels() {
    return gotoLabels;
  }

  @CanIgnoreReturnValue
  static String checkLabel(String label) {
    requireNonNull(label, "iPXE label");
    if (label.isEmpty()) {
      throw MalformedValueException.ofText(
          "iPXE label", label, MalformedValueException.NO_INDEX, "empty");
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-')) {
        throw MalformedValueException.ofText(
            "iPXE label",
            label,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed (expected: A-Z, a-z, 0-9, '_', '-')");
      }
    }
    return label;
  }

  @CanIgnoreReturnValue
  static String checkName(String field, String name) {
    IpxeWord.checkLiteral(field, name);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-'
          || c == '.')) {
        throw MalformedValueException.ofText(
            field,
            name,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed (expected: A-Z, a-z, 0-9, '.', '_', '-')");
      }
    }
    return name;
  }
}
