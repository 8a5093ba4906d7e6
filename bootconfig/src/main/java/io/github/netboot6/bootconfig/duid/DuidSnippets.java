package io.github.netboot6.bootconfig.duid;

import static java.util.Objects.requireNonNull;

import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MalformedValueException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Client configuration that makes a DHCPv6 client send a given DUID (RFC 8415 §11) as its client
 * identifier (option 1), for the clients installed systems use.
 *
 * <pre>{@code
 * Duid duid = Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31:37");
 * DuidSnippets.dhclient(duid, "eth0");
 * // interface "eth0" {
 * //   send dhcp6.client-id 00:02:00:00:ab:11:6e:62:36:2d:31:37;
 * // }
 * DuidSnippets.systemdNetworkd(duid);
 * // [DHCPv6]
 * // DUIDType=vendor
 * // DUIDRawData=00:00:ab:11:6e:62:36:2d:31:37
 * DuidSnippets.dhcpcdDuid(duid);                    // the DUID file
 * // 00:02:00:00:ab:11:6e:62:36:2d:31:37
 * DuidSnippets.dhcpcdConf("eth0", "netboot6-os");   // appended to dhcpcd.conf
 * // interface eth0
 * //   duid
 * //   userclass "netboot6-os"
 * }</pre>
 *
 * <table>
 *   <caption>Where each snippet goes</caption>
 *   <tr><th>client</th><th>method</th><th>file</th></tr>
 *   <tr><td>ISC dhclient</td><td>{@link #dhclient}</td><td>{@value #DHCLIENT_CONF}</td></tr>
 *   <tr><td>ISC dhclient (lease file)</td><td>{@link #dhclientLeaseDuid}</td>
 *       <td>the {@code -lf} lease file, e.g. {@code /var/lib/dhcp/dhclient6.leases}</td></tr>
 *   <tr><td>systemd-networkd</td><td>{@link #systemdNetworkd}</td>
 *       <td>a drop-in of the interface's {@code .network} file, e.g. {@code
 *       /etc/systemd/network/10-eth0.network.d/netboot6-duid.conf}</td></tr>
 *   <tr><td>NetworkManager</td><td>{@link #networkManager}</td>
 *       <td>{@value #NETWORK_MANAGER_CONF}</td></tr>
 *   <tr><td>dhcpcd</td><td>{@link #dhcpcdDuid}</td><td>{@value #DHCPCD_DUID} (Debian; the
 *       BSDs use {@code /var/db/dhcpcd/duid})</td></tr>
 *   <tr><td>dhcpcd (configuration)</td><td>{@link #dhcpcdConf}</td>
 *       <td>the end of {@value #DHCPCD_CONF}</td></tr>
 * </table>
 */
public final class DuidSnippets {

  /** The configuration file of ISC dhclient on Debian and Fedora: {@value}. */
  public static final String DHCLIENT_CONF = "/etc/dhcp/dhclient.conf";

  /** A NetworkManager configuration drop-in for the DUID: {@value}. */
  public static final String NETWORK_MANAGER_CONF =
      "/etc/NetworkManager/conf.d/90-netboot6-duid.conf";

  /** The DUID file of dhcpcd on Debian ({@code dhcpcd-base}): {@value}. */
  public static final String DHCPCD_DUID = "/var/lib/dhcpcd/duid";

  /** The configuration file of dhcpcd: {@value}. */
  public static final String DHCPCD_CONF = "/etc/dhcpcd.conf";

  /** The longest interface name Linux accepts: {@value} characters (IFNAMSIZ - 1). */
  public static final int MAX_INTERFACE_NAME = 15;

  /** The longest user class {@link #dhclient(Duid, String, String)} writes. */
  public static final int MAX_USER_CLASS = 255;

  /**
   * The longest user class {@link #dhcpcdConf} writes: {@value} characters. dhcpcd keeps its user
   * classes as the DHCPv4 User Class option (RFC 3004), at most 255 octets with a length octet
   * before each item; dhcpcd 9.4.1 silently drops a longer one.
   */
  public static final int MAX_DHCPCD_USER_CLASS = 254;

  private DuidSnippets() {}

  /**
   * Returns dhclient configuration that sends {@code duid} (dhclient.conf(5): {@code send
   * dhcp6.client-id} with the DUID as colon-separated hexadecimal octets), inside an {@code
   * interface} block when {@code interfaceName} is given.
   *
   * @param duid the DUID
   * @param interfaceName the interface, or {@code null} for every interface
   * @return the configuration text, ending in a newline
   * @throws MalformedValueException if {@code interfaceName} is not a safe interface name: 1 to
   *     {@value #MAX_INTERFACE_NAME} characters of {@code A-Z a-z 0-9 . _ -}, not {@code .} or
   *     {@code ..}
   */
  public static String dhclient(Duid duid, @Nullable String interfaceName) {
    return dhclient(duid, interfaceName, null);
  }

  /**
   * Returns dhclient configuration that sends {@code duid} and, if given, a User Class option (RFC
   * 8415 §21.15) with one item, {@code userClass}, which a server's phase rule can match to tell
   * the installed OS from the boot phases. dhclient (4.4) has no DHCPv6 user-class option, so the
   * text starts with its declaration, {@code option dhcp6.user-class code 15 = string;}, at the top
   * level; the item is written as colon-separated hexadecimal octets with its 16-bit length first,
   * exactly as it goes on the wire, so no character of it reaches the file as text.
   *
   * @param duid the DUID
   * @param interfaceName the interface, or {@code null} for every interface
   * @param userClass the user class, or {@code null} for none: 1 to {@value #MAX_USER_CLASS}
   *     visible ASCII characters ({@code !} to {@code ~})
   * @return the configuration text, ending in a newline
   * @throws MalformedValueException if {@code interfaceName} is not a safe interface name (see
   *     {@link #dhclient(Duid, String)}) or {@code userClass} is empty, too long or holds another
   *     character; it names the field and the character
   */
  public static String dhclient(
      Duid duid, @Nullable String interfaceName, @Nullable String userClass) {
    String declaration = userClass == null ? "" : "option dhcp6.user-class code 15 = string;\n";
    String send = "send dhcp6.client-id " + duid + ";\n";
    if (userClass != null) {
      send +=
          (interfaceName == null ? "" : "  ")
              + "send dhcp6.user-class "
              + userClassOctets(checkUserClass(userClass))
              + ";\n";
    }
    if (interfaceName == null) {
      return declaration + send;
    }
    return declaration
        + "interface \""
        + checkInterfaceName(interfaceName)
        + "\" {\n  "
        + send
        + "}\n";
  }

  private static String checkUserClass(String userClass) {
    return checkUserClass(userClass, MAX_USER_CLASS, "", "visible ASCII, '!' to '~'");
  }

  /**
   * Checks a user class: 1 to {@code max} characters from {@code !} to {@code ~}, none of {@code
   * forbidden}; {@code expected} says so in the error message.
   */
  private static String checkUserClass(
      String userClass, int max, String forbidden, String expected) {
    if (userClass.isEmpty() || userClass.length() > max) {
      throw MalformedValueException.ofText(
          "user class",
          userClass,
          MalformedValueException.NO_INDEX,
          "length " + userClass.length() + " (expected: 1.." + max + " characters)");
    }
    for (int i = 0; i < userClass.length(); i++) {
      char c = userClass.charAt(i);
      if (c < '!' || c > '~' || forbidden.indexOf(c) >= 0) {
        throw MalformedValueException.ofText(
            "user class",
            userClass,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed (expected: "
                + expected
                + ")");
      }
    }
    return userClass;
  }

  /** The user-class item as dhclient data-string octets: 16-bit length, then the bytes. */
  private static String userClassOctets(String userClass) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT, "%02x:%02x", userClass.length() >> 8, userClass.length() & 0xff));
    for (int i = 0; i < userClass.length(); i++) {
      sb.append(String.format(Locale.ROOT, ":%02x", (int) userClass.charAt(i)));
    }
    return sb.toString();
  }

  /**
   * Returns the {@code default-duid} statement of a dhclient lease file, which dhclient reads at
   * start and uses when its configuration sends no client identifier. Every byte is written as a
   * three-digit octal escape, so the string holds no quote, backslash or control character.
   *
   * @param duid the DUID
   * @return e.g. {@code default-duid "\000\002\000\000\253\021";} and a newline
   */
  public static String dhclientLeaseDuid(Duid duid) {
    byte[] bytes = duid.toBytes();
    StringBuilder sb = new StringBuilder(16 + bytes.length * 4).append("default-duid \"");
    for (byte b : bytes) {
      sb.append('\\').append(String.format(Locale.ROOT, "%03o", b & 0xff));
    }
    return sb.append("\";\n").toString();
  }

  /**
   * Returns a systemd-networkd {@code [DHCPv6]} section that sends {@code duid}
   * (systemd.network(5), networkd.conf(5)): {@code DUIDType=} names the DUID type
   * ("link-layer-time", "vendor", "link-layer" or "uuid") and {@code DUIDRawData=} holds the octets
   * after the two-octet type code, colon-separated.
   *
   * @param duid the DUID, of type 1 to 4 (LLT, EN, LL, UUID)
   * @return the section text, ending in a newline
   * @throws IllegalArgumentException if the DUID type has no networkd name
   */
  public static String systemdNetworkd(Duid duid) {
    String type =
        switch (duid.typeCode()) {
          case 1 -> "link-layer-time";
          case 2 -> "vendor";
          case 3 -> "link-layer";
          case 4 -> "uuid";
          default ->
              throw new IllegalArgumentException(
                  "DUID type: "
                      + duid.typeCode()
                      + " (expected: 1..4, the types systemd-networkd's DUIDType= names)");
        };
    String text = duid.toString();
    String raw = text.length() > 6 ? text.substring(6) : "";
    return "[DHCPv6]\nDUIDType=" + type + "\nDUIDRawData=" + raw + "\n";
  }

  /**
   * Returns a NetworkManager configuration drop-in that makes {@code duid} the default DHCPv6 DUID
   * of every connection (NetworkManager.conf(5) {@code [connection]} defaults; the property {@code
   * ipv6.dhcp-duid} takes the whole DUID, type code included, as colon-separated hexadecimal). A
   * connection that sets its own {@code ipv6.dhcp-duid} keeps it.
   *
   * @param duid the DUID
   * @return the file text, ending in a newline
   */
  public static String networkManager(Duid duid) {
    return "[connection]\nipv6.dhcp-duid=" + duid + "\n";
  }

  /**
   * Returns the command that sets the DUID on one NetworkManager connection: {@code nmcli
   * connection modify '<name>' ipv6.dhcp-duid <duid>}, the name single-quoted for a POSIX shell.
   *
   * @param duid the DUID
   * @param connectionName the connection's name (any text without NUL or line breaks)
   * @return the command line, without a newline
   * @throws MalformedValueException if {@code connectionName} is empty or holds NUL, CR or LF
   */
  public static String nmcli(Duid duid, String connectionName) {
    requireNonNull(connectionName, "connection name");
    if (connectionName.isEmpty()) {
      throw MalformedValueException.ofText(
          "connection name", connectionName, MalformedValueException.NO_INDEX, "empty");
    }
    for (int i = 0; i < connectionName.length(); i++) {
      char c = connectionName.charAt(i);
      if (c == 0 || c == '\n' || c == '\r') {
        throw MalformedValueException.ofText(
            "connection name",
            connectionName,
            i,
            "character " + MalformedValueException.describe(c) + " is not allowed");
      }
    }
    return "nmcli connection modify " + Shell.quote(connectionName) + " ipv6.dhcp-duid " + duid;
  }

  /**
   * Returns the content of dhcpcd's DUID file {@value #DHCPCD_DUID} (dhcpcd.conf(5) {@code duid}):
   * the DUID as colon-separated hexadecimal octets on one line. dhcpcd reads the file at start and
   * sends the DUID as its DHCPv6 client identifier whether or not dhcpcd.conf says {@code duid}
   * (dhcpcd 9.4.1; see {@link #dhcpcdConf} for DHCPv4 and the user class).
   *
   * @param duid the DUID
   * @return the file text, ending in a newline
   */
  public static String dhcpcdDuid(Duid duid) {
    return duid + "\n";
  }

  /**
   * Returns dhcpcd.conf(5) lines that go with the DUID file of {@link #dhcpcdDuid}: {@code duid},
   * so that dhcpcd's DHCPv4 client identifier too is built from that DUID (with the IAID, RFC
   * 4361), and, if {@code userClass} is given, the user class in double quotes after the keyword,
   * which a server's phase rule can match to tell the installed OS from the boot phases.
   *
   * <p>dhcpcd.conf(5) documents {@code userclass "..."} for DHCPv4 (option 77) only, but dhcpcd
   * 9.4.1 also sends each user class as one item of the DHCPv6 User Class option (RFC 8415 §21.15:
   * a 16-bit length, then the octets); {@code DhcpcdDuidTest} checks this on the wire. The value is
   * double-quoted, so dhcpcd takes it as text, never as {@code xx:xx} hexadecimal; {@code "} and
   * {@code \} (dhcpcd's quote and escape characters) and {@code #} (its comment character) are not
   * allowed in it.
   *
   * <p>With {@code interfaceName}, the lines are an {@code interface} block, which in dhcpcd.conf
   * runs to the next {@code interface} (or {@code ssid}) line or the end of the file: append the
   * text at the end. Without it, they are global options: put them before the file's first {@code
   * interface} line (Debian's default {@value #DHCPCD_CONF} has none, so appending works there
   * too).
   *
   * @param interfaceName the interface, or {@code null} for every interface
   * @param userClass the user class, or {@code null} for none: 1 to {@value #MAX_DHCPCD_USER_CLASS}
   *     visible ASCII characters ({@code !} to {@code ~}) other than {@code "}, {@code \} and
   *     {@code #}
   * @return the configuration text, ending in a newline
   * @throws MalformedValueException if {@code interfaceName} is not a safe interface name (see
   *     {@link #dhclient(Duid, String)}) or {@code userClass} is empty, too long or holds another
   *     character; it names the field and the character
   */
  public static String dhcpcdConf(@Nullable String interfaceName, @Nullable String userClass) {
    String indent = interfaceName == null ? "" : "  ";
    StringBuilder sb = new StringBuilder();
    if (interfaceName != null) {
      sb.append("interface ").append(checkInterfaceName(interfaceName)).append('\n');
    }
    sb.append(indent).append("duid\n");
    if (userClass != null) {
      String checked =
          checkUserClass(
              userClass,
              MAX_DHCPCD_USER_CLASS,
              "\"\\#",
              "visible ASCII, '!' to '~', except '\"', '\\' and '#'");
      sb.append(indent).append("userclass \"").append(checked).append("\"\n");
    }
    return sb.toString();
  }

  /**
   * Checks a network interface name.
   *
   * @param name the name
   * @return {@code name}
   * @throws MalformedValueException if it is not 1 to {@value #MAX_INTERFACE_NAME} characters of
   *     {@code A-Z a-z 0-9 . _ -}, or is {@code .} or {@code ..}
   */
  static String checkInterfaceName(String name) {
    requireNonNull(name, "interface name");
    if (name.isEmpty()
        || name.length() > MAX_INTERFACE_NAME
        || name.equals(".")
        || name.equals("..")) {
      throw MalformedValueException.ofText(
          "interface name",
          name,
          MalformedValueException.NO_INDEX,
          "length " + name.length() + " (expected: 1..15 characters, not \".\" or \"..\")");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '-')) {
        throw MalformedValueException.ofText(
            "interface name",
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
