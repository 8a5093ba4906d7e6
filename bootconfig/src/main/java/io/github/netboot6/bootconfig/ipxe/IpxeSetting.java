package io.github.netboot6.bootconfig.ipxe;

import static java.util.Objects.requireNonNull;

import io.github.netboot6.core.MalformedValueException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A typed reference to an iPXE setting, written into scripts as {@code ${scope/name:type}}.
 *
 * <p>A reference has a name, an optional scope (the settings block, e.g. {@code net0}; without one,
 * iPXE searches every block) and an optional type (without one, iPXE uses the setting's default
 * type). Examples, with the text {@link #render()} gives:
 *
 * <pre>{@code
 * IpxeSetting.NET0_MAC_HEXHYP                                   ${net0/mac:hexhyp}
 * IpxeSetting.UUID                                              ${uuid}
 * IpxeSetting.of("net1", "mac", IpxeSettingType.HEXRAW)         ${net1/mac:hexraw}
 * IpxeSetting.of("hostname").withType(IpxeSettingType.URISTRING) ${hostname:uristring}
 * }</pre>
 *
 * <p>Scope and name are checked so that a reference can never carry anything iPXE would read as
 * more than one setting name: they may hold only lowercase ASCII letters, digits, {@code '-'} and
 * {@code '.'} (iPXE separates the levels of a scope with {@code '.'}, as in {@code net0.dhcp}, and
 * numbered DHCP options with {@code '.'}, as in {@code 175.19}); they may not be empty, start or
 * end with {@code '.'} or hold {@code ".."}. A {@code '/'} is rejected in both: iPXE splits a
 * reference at its first {@code '/'}, so it cannot appear in a scope or a name. Everything that
 * would change the script's meaning ({@code $ { } : | & ; #}, quotes, white space, control and
 * non-ASCII characters) is rejected with a {@link MalformedValueException} that names the field,
 * the character and its index.
 *
 * <p>Instances are immutable and compare by scope, name and type.
 */
public final class IpxeSetting {

  /** The MAC address of the first network device, colon-separated: {@code ${net0/mac}}. */
  public static final IpxeSetting NET0_MAC = of("net0", "mac");

  /**
   * The MAC address of the first network device, hyphen-separated and so safe in a file or URL
   * path: {@code ${net0/mac:hexhyp}}.
   */
  public static final IpxeSetting NET0_MAC_HEXHYP = of("net0", "mac", IpxeSettingType.HEXHYP);

  /** The IPv6 address of the first network device: {@code ${net0/ip6}}. */
  public static final IpxeSetting NET0_IP6 = of("net0", "ip6");

  /** The IPv6 prefix length of the first network device: {@code ${net0/len6}}. */
  public static final IpxeSetting NET0_LEN6 = of("net0", "len6");

  /** The IPv6 default gateway of the first network device: {@code ${net0/gateway6}}. */
  public static final IpxeSetting NET0_GATEWAY6 = of("net0", "gateway6");

  /** The bus type of the first network device, e.g. {@code PCI}: {@code ${net0/bustype}}. */
  public static final IpxeSetting NET0_BUSTYPE = of("net0", "bustype");

  /** The chip type of the first network device: {@code ${net0/chip}}. */
  public static final IpxeSetting NET0_CHIP = of("net0", "chip");

  /** The host name: {@code ${hostname}}. */
  public static final IpxeSetting HOSTNAME = of("hostname");

  /** The system UUID (from SMBIOS), in network byte order: {@code ${uuid}}. */
  public static final IpxeSetting UUID = of("uuid");

  /** The DHCP user class iPXE sends (by default {@code iPXE}): {@code ${user-class}}. */
  public static final IpxeSetting USER_CLASS = of("user-class");

  /** The system manufacturer (from SMBIOS): {@code ${manufacturer}}. */
  public static final IpxeSetting MANUFACTURER = of("manufacturer");

  /** The product name (from SMBIOS): {@code ${product}}. */
  public static final IpxeSetting PRODUCT = of("product");

  /** The serial number (from SMBIOS): {@code ${serial}}. */
  public static final IpxeSetting SERIAL = of("serial");

  /** The asset tag (from SMBIOS): {@code ${asset}}. */
  public static final IpxeSetting ASSET = of("asset");

  /**
   * The CPU architecture iPXE was built for: {@code i386}, {@code x86_64}, {@code arm32} or {@code
   * arm64}: {@code ${buildarch}}.
   */
  public static final IpxeSetting BUILDARCH = of("buildarch");

  /** The firmware platform iPXE runs on: {@code pcbios} or {@code efi}: {@code ${platform}}. */
  public static final IpxeSetting PLATFORM = of("platform");

  /** The iPXE version: {@code ${version}}. */
  public static final IpxeSetting VERSION = of("version");

  /** The boot file name received from DHCP: {@code ${filename}}. */
  public static final IpxeSetting FILENAME = of("filename");

  /** The DNS domain: {@code ${domain}}. */
  public static final IpxeSetting DOMAIN = of("domain");

  private final @Nullable String scope;
  private final String name;
  private final @Nullable IpxeSettingType type;

  private IpxeSetting(@Nullable String scope, String name, @Nullable IpxeSettingType type) {
    this.scope = scope;
    this.name = name;
    this.type = type;
  }

  /**
   * Returns a reference to a setting without scope or type, e.g. {@code ${uuid}}.
   *
   * @param name the setting name, e.g. {@code "uuid"}
   * @return the reference
   * @throws MalformedValueException if {@code name} is not a safe identifier (see the class
   *     documentation); the message names the field, the character and its index
   */
  public static IpxeSetting of(String name) {
    return new IpxeSetting(null, checkIdentifier("iPXE setting name", name), null);
  }

  /**
   * Returns a reference to a setting in a scope, without a type, e.g. {@code ${net0/mac}}.
   *
   * @param scope the settings block, e.g. {@code "net0"} or {@code "net0.dhcp"}
   * @param name the setting name, e.g. {@code "mac"}
   * @return the reference
   * @throws MalformedValueException if {@code scope} or {@code name} is not a safe identifier (see
   *     the class documentation); the message names the field, the character and its index
   */
  public static IpxeSetting of(String scope, String name) {
    return new IpxeSetting(
        checkIdentifier("iPXE setting scope", scope),
        checkIdentifier("iPXE setting name", name),
        null);
  }

  /**
   * Returns a reference to a setting in a scope, read as a given type, e.g. {@code
   * ${net0/mac:hexhyp}}.
   *
   * @param scope the settings block, e.g. {@code "net0"} or {@code "net0.dhcp"}
   * @param name the setting name, e.g. {@code "mac"}
   * @param type how iPXE formats the value
   * @return the reference
   * @throws MalformedValueException if {@code scope} or {@code name} is not a safe identifier (see
   *     the class documentation); the message names the field, the character and its index
   */
  public static IpxeSetting of(String scope, String name, IpxeSettingType type) {
    return new IpxeSetting(
        checkIdentifier("iPXE setting scope", scope),
        checkIdentifier("iPXE setting name", name),
        requireNonNull(type, "type"));
  }

  /**
   * Returns a copy of this reference read as {@code type}, e.g. {@code ${hostname:uristring}}.
   *
   * @param type how iPXE formats the value
   * @return the reference with that type
   */
  public IpxeSetting withType(IpxeSettingType type) {
    return new IpxeSetting(scope, name, requireNonNull(type, "type"));
  }

  /**
   * Returns a copy of this reference in another scope, e.g. {@code ${net1/mac}} from {@link
   * #NET0_MAC}.
   *
   * @param scope the settings block, e.g. {@code "net1"}
   * @return the reference in that scope
   * @throws MalformedValueException if {@code scope} is not a safe identifier (see the class
   *     documentation); the message names the field, the character and its index
   */
  public IpxeSetting withScope(String scope) {
    return new IpxeSetting(checkIdentifier("iPXE setting scope", scope), name, type);
  }

  /**
   * Tells whether {@code text} may be used as a scope or a setting name; never throws.
   *
   * @param text the candidate scope or name
   * @return true if {@link #of(String, String)} would accept it as either
   */
  public static boolean isValidIdentifier(String text) {
    return firstBadIndex(text) == VALID;
  }

  /**
   * Returns the settings block this reference names, if any.
   *
   * @return the scope, e.g. {@code "net0"}, or empty if iPXE is to search every block
   */
  public Optional<String> scope() {
    return Optional.ofNullable(scope);
  }

  /**
   * Returns the setting name.
   *
   * @return the name, e.g. {@code "mac"}
   */
  public String name() {
    return name;
  }

  /**
   * Returns the type this reference reads the setting as, if any.
   *
   * @return the type, or empty if iPXE is to use the setting's default type
   */
  public Optional<IpxeSettingType> type() {
    return Optional.ofNullable(type);
  }

  /**
   * Returns the reference as written in an iPXE script, e.g. {@code ${net0/mac:hexhyp}}.
   *
   * <p>The text holds no character that iPXE would read as a word or command separator, so it can
   * be placed inside any word of a script.
   *
   * @return the reference text
   */
  public String render() {
    StringBuilder sb = new StringBuilder(name.length() + 24).append("${");
    if (scope != null) {
      sb.append(scope).append('/');
    }
    sb.append(name);
    if (type != null) {
      sb.append(':').append(type.ipxeName());
    }
    return sb.append('}').toString();
  }

  /**
   * Returns the same text as {@link #render()}.
   *
   * @return the reference text, e.g. {@code ${uuid}}
   */
  @Override
  public String toString() {
    return render();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof IpxeSetting other
        && Objects.equals(scope, other.scope)
        && name.equals(other.name)
        && Objects.equals(type, other.type);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scope, name, type);
  }

  /** Returned by {@link #firstBadIndex} for a valid identifier. */
  private static final int VALID = -2;

  private static String checkIdentifier(String field, String text) {
    requireNonNull(text, field);
    int index = firstBadIndex(text);
    if (index != VALID) {
      throw MalformedValueException.ofText(field, text, index, reason(text, index));
    }
    return text;
  }

  /**
   * Returns {@link #VALID}, {@link MalformedValueException#NO_INDEX} for an empty text, or the
   * index of the first character that may not stand where it is.
   */
  private static int firstBadIndex(String text) {
    if (text.isEmpty()) {
      return MalformedValueException.NO_INDEX;
    }
    int last = text.length() - 1;
    for (int i = 0; i <= last; i++) {
      char c = text.charAt(i);
      if (!isIdentifierChar(c)
          || (c == '.' && (i == 0 || i == last || text.charAt(i - 1) == '.'))) {
        return i;
      }
    }
    return VALID;
  }

  private static String reason(String text, int index) {
    if (index == MalformedValueException.NO_INDEX) {
      return "empty (expected: at least one of a-z, 0-9, '-', '.')";
    }
    char c = text.charAt(index);
    if (c == '.') {
      return "character '.' may not start or end it or follow another '.'";
    }
    return "character "
        + MalformedValueException.describe(c)
        + " is not allowed (expected: a-z, 0-9, '-', '.')";
  }

  private static boolean isIdentifierChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  }
}
