package io.github.netboot6.bootconfig.grub;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.bootconfig.internal.Identifiers;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.MalformedValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A {@code grub.cfg} for UEFI HTTP boot over IPv6.
 *
 * <pre>{@code
 * String cfg = GrubConfig.builder(Ipv6Address.parse("2001:db8::1"))
 *     .netBootp6(true)
 *     .timeout(5)
 *     .menuEntry("Install host-01", "install",
 *         List.of("fedora", "vmlinuz"), List.of("fedora", "initrd.img"),
 *         List.of("ip=dhcp6", "inst.ks=http://[2001:db8::1]/ks/host-01.cfg"))
 *     .build();
 * // net_bootp6
 * // set timeout='5'
 * // menuentry 'Install host-01' --id 'install' {
 * //   linux '(http,[2001:db8::1])/fedora/vmlinuz' 'ip=dhcp6' 'inst.ks=http://[2001:db8::1]/ks/host-01.cfg'
 * //   initrd '(http,[2001:db8::1])/fedora/initrd.img'
 * // }
 * }</pre>
 *
 * <p>Titles and kernel arguments are single-quoted (any printable ASCII is allowed, a quote is
 * written {@code '\''}); path segments may hold only {@code A-Z a-z 0-9 . _ ~ -} (GRUB's HTTP
 * client sends the path as written, so nothing else would reach the server intact). Everything else
 * is rejected with a {@link MalformedValueException} naming the field, the character and its index.
 */
public final class GrubConfig {

  /** How the kernel and initrd are loaded. */
  public enum LoaderCommands {
    /** {@code linux} and {@code initrd}, GRUB's upstream commands. */
    LINUX("linux", "initrd"),
    /** {@code linuxefi} and {@code initrdefi}, of distributions that patch GRUB for Secure Boot. */
    LINUXEFI("linuxefi", "initrdefi");

    private final String linux;
    private final String initrd;

    LoaderCommands(String linux, String initrd) {
      this.linux = linux;
      this.initrd = initrd;
    }
  }

  /**
   * The longest quoted word written, quotes included. GRUB's script lexer aborts on a token of 8190
   * characters or more ({@code token too large, exceeds YYLMAX}, measured with {@code
   * grub-script-check} 2.06); half of that leaves room for the rest of a line.
   */
  public static final int MAX_QUOTED_LENGTH = 4096;

  private GrubConfig() {}

  /**
   * Returns a builder whose menu entries load files over HTTP from {@code server}.
   *
   * @param server the HTTP server's IPv6 address, written {@code (http,[address])}
   * @return the builder
   */
  public static Builder builder(Ipv6Address server) {
    return new Builder(requireNonNull(server, "server"));
  }

  /**
   * Returns the names under which GRUB looks for a per-host configuration file next to its own
   * {@code grub.cfg}, most specific first: {@code grub.cfg-<uuid>} (if {@code uuid} is given) and
   * {@code grub.cfg-01-aa-bb-cc-dd-ee-ff} (hardware type 1, Ethernet, then the MAC).
   *
   * @param mac the host's MAC address
   * @param uuid the host's SMBIOS UUID, or null
   * @return the file names
   */
  public static List<String> perHostFileNames(MacAddress mac, @Nullable UUID uuid) {
    List<String> names = new ArrayList<>(2);
    if (uuid != null) {
      names.add("grub.cfg-" + uuid.toString().toLowerCase(Locale.ROOT));
    }
    names.add("grub.cfg-01-" + mac.toString().replace(':', '-').toLowerCase(Locale.ROOT));
    return names;
  }

  /**
   * Quotes {@code value} for GRUB: {@code 'value'}, with each single quote written {@code '\''}.
   *
   * @param field what the value is, for the error message
   * @param value printable ASCII and spaces
   * @return the quoted word
   * @throws MalformedValueException if {@code value} holds a control or non-ASCII character, or is
   *     longer than {@link #MAX_QUOTED_LENGTH} when quoted
   */
  public static String quote(String field, String value) {
    requireNonNull(value, field);
    StringBuilder sb = new StringBuilder(value.length() + 8).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        throw MalformedValueException.ofText(
            field,
            value,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed (expected: printable ASCII or space)");
      }
      if (c == '\'') {
        sb.append("'\\''");
      } else {
        sb.append(c);
      }
    }
    sb.append('\'');
    if (sb.length() > MAX_QUOTED_LENGTH) {
      throw MalformedValueException.ofText(
          field,
          value,
          MalformedValueException.NO_INDEX,
          "length "
              + sb.length()
              + " when quoted (expected: at most "
              + MAX_QUOTED_LENGTH
              + "; GRUB's lexer fails on tokens near 8192)");
    }
    return sb.toString();
  }

  /** Collects the lines of a {@code grub.cfg}; not thread-safe. */
  public static final class Builder {
    private final String device;
    private final StringBuilder head = new StringBuilder();
    private final StringBuilder entries = new StringBuilder();
    private LoaderCommands loader = LoaderCommands.LINUX;

    private Builder(Ipv6Address server) {
      this.device = "(http,[" + server + "])";
    }

    /**
     * Writes {@code net_bootp6} first, so GRUB configures its network by DHCPv6 itself.
     *
     * @param enabled whether to write it
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder netBootp6(boolean enabled) {
      if (enabled) {
        head.append("net_bootp6\n");
      }
      return this;
    }

    /**
     * Writes {@code set timeout='seconds'}.
     *
     * @param seconds 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code seconds} is negative
     */
    @CanIgnoreReturnValue
    public Builder timeout(int seconds) {
      if (seconds < 0) {
        throw new IllegalArgumentException("timeout: " + seconds + " (expected: >= 0)");
      }
      head.append("set timeout='").append(seconds).append("'\n");
      return this;
    }

    /**
     * Chooses {@code linux}/{@code initrd} (the default) or {@code linuxefi}/{@code initrdefi} for
     * the menu entries added after this call.
     *
     * @param commands the loader commands
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder loaderCommands(LoaderCommands commands) {
      this.loader = requireNonNull(commands, "commands");
      return this;
    }

    /**
     * Adds a menu entry that loads a kernel and an initrd from the server and boots them.
     *
     * @param title the title shown in the menu
     * @param id the entry's id, {@code [A-Za-z0-9_-]+}, for {@code set default}
     * @param kernelPath the kernel's path segments on the server
     * @param initrdPath the initrd's path segments on the server
     * @param kernelArgs the kernel arguments, each written as one quoted word
     * @return this builder
     * @throws MalformedValueException if a value is not allowed (see the class documentation)
     */
    @CanIgnoreReturnValue
    public Builder menuEntry(
        String title,
        String id,
        List<String> kernelPath,
        List<String> initrdPath,
        List<String> kernelArgs) {
      StringBuilder sb = new StringBuilder(256);
      sb.append("menuentry ")
          .append(quote("menu entry title", title))
          .append(" --id ")
          .append(quote("menu entry id", checkId(id)))
          .append(" {\n  ")
          .append(loader.linux)
          .append(' ')
          .append(quote("kernel path", path(kernelPath)));
      for (String arg : ImmutableList.copyOf(kernelArgs)) {
        sb.append(' ').append(quote("kernel argument", arg));
      }
      sb.append("\n  ")
          .append(loader.initrd)
          .append(' ')
          .append(quote("initrd path", path(initrdPath)))
          .append("\n}\n");
      entries.append(sb);
      return this;
    }

    /**
     * Writes {@code set default='id'}.
     *
     * @param id the id of a menu entry
     * @return this builder
     * @throws MalformedValueException if {@code id} is not {@code [A-Za-z0-9_-]+}
     */
    @CanIgnoreReturnValue
    public Builder defaultEntry(String id) {
      head.append("set default=").append(quote("menu entry id", checkId(id))).append('\n');
      return this;
    }

    /**
     * Returns the configuration text.
     *
     * @return the text, lines ending in {@code \n}
     */
    public String build() {
      return head.toString() + entries;
    }

    private String path(List<String> segments) {
      if (segments.isEmpty()) {
        throw new IllegalArgumentException("path: no segments (expected: at least one)");
      }
      StringBuilder sb = new StringBuilder(device);
      for (String segment : segments) {
        requireNonNull(segment, "path segment");
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
          throw MalformedValueException.ofText(
              "path segment",
              segment,
              MalformedValueException.NO_INDEX,
              "empty, \".\" and \"..\" are not allowed");
        }
        for (int i = 0; i < segment.length(); i++) {
          char c = segment.charAt(i);
          if (!((c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '~'
              || c == '-')) {
            throw MalformedValueException.ofText(
                "path segment",
                segment,
                i,
                "character "
                    + MalformedValueException.describe(c)
                    + " is not allowed (expected: A-Z, a-z, 0-9, '.', '_', '~', '-')");
          }
        }
        sb.append('/').append(segment);
      }
      return sb.toString();
    }

    private static String checkId(String id) {
      return Identifiers.check("menu entry id", id);
    }
  }
}
