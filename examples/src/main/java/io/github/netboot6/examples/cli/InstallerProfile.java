package io.github.netboot6.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.netboot6.bootconfig.ipxe.IpxeScript;
import io.github.netboot6.bootconfig.ipxe.IpxeScripts;
import io.github.netboot6.bootconfig.ipxe.IpxeUrl;
import io.github.netboot6.bootconfig.ipxe.IpxeWord;
import io.github.netboot6.bootconfig.ipxe.LinuxInstaller;
import io.github.netboot6.core.Ipv6Address;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An installer profile of an inventory file: which installer a host's per-host iPXE script boots,
 * from which kernel, initrd and configuration file, with which kernel arguments.
 *
 * <pre>
 * "fedora-server": {"kind": "anaconda", "kernel": "fedora/40/vmlinuz",
 *                   "initrd": "fedora/40/initrd.img", "config": "ks/{name}.cfg",
 *                   "args": ["inst.repo=http://[2001:db8:1::1]/fedora/40/os"]}
 * </pre>
 *
 * <p>A location is a path under the provisioning server's HTTP root ({@code fedora/40/vmlinuz},
 * fetched from {@code http://[server]:port/fedora/40/vmlinuz}) or an absolute {@code http}, {@code
 * https} or {@code tftp} URL without query. {@code {name}} in a location's path or in an argument
 * is replaced by the host's name. Every value goes through the iPXE builders of {@code bootconfig},
 * which percent-encode path segments and reject arguments iPXE would read as more than one word.
 */
public final class InstallerProfile {
  /** The placeholder replaced by the host's name: {@value}. */
  public static final String NAME_PLACEHOLDER = "{name}";

  private static final Set<String> FIELDS =
      Set.of("kind", "kernel", "initrd", "config", "rootfs", "args");

  /** The installers a profile may name, by their {@code kind} text. */
  public enum Kind {
    /** {@code anaconda}: Fedora, RHEL and derivatives; {@code config} is the Kickstart file. */
    ANACONDA("anaconda", LinuxInstaller.ANACONDA),
    /** {@code debian-installer}: {@code config} is the preseed file. */
    DEBIAN_INSTALLER("debian-installer", LinuxInstaller.DEBIAN_INSTALLER),
    /**
     * {@code fedora-coreos}: live PXE; {@code config} is the Ignition file, with {@code rootfs}.
     */
    FEDORA_COREOS("fedora-coreos", LinuxInstaller.FEDORA_COREOS),
    /**
     * {@code ubuntu-autoinstall}: the Ubuntu Server live installer; {@code config} is the
     * autoinstall seed folder ({@code user-data}, {@code meta-data}), {@code rootfs} the
     * live-server ISO.
     */
    UBUNTU_AUTOINSTALL("ubuntu-autoinstall", LinuxInstaller.UBUNTU_AUTOINSTALL),
    /** {@code flatcar}: {@code config} is the Ignition file. */
    FLATCAR("flatcar", LinuxInstaller.FLATCAR),
    /** {@code generic}: any kernel and initrd, only the given arguments; no {@code config}. */
    GENERIC("generic", LinuxInstaller.GENERIC);

    private final String text;
    private final LinuxInstaller installer;

    Kind(String text, LinuxInstaller installer) {
      this.text = text;
      this.installer = installer;
    }

    /**
     * Returns the kind as written in an inventory file.
     *
     * @return e.g. {@code debian-installer}
     */
    public String text() {
      return text;
    }

    static Kind of(String text) {
      for (Kind kind : values()) {
        if (kind.text.equals(text)) {
          return kind;
        }
      }
      List<String> known = new ArrayList<>();
      for (Kind kind : values()) {
        known.add(kind.text);
      }
      throw new IllegalArgumentException(
          "kind: \"" + text + "\" (expected: one of " + String.join(", ", known) + ")");
    }
  }

  private final String name;
  private final Kind kind;
  private final String kernel;
  private final String initrd;
  private final @Nullable String config;
  private final @Nullable String rootfs;
  private final List<String> args;

  private InstallerProfile(
      String name,
      Kind kind,
      String kernel,
      String initrd,
      @Nullable String config,
      @Nullable String rootfs,
      List<String> args) {
    this.name = name;
    this.kind = kind;
    this.kernel = kernel;
    this.initrd = initrd;
    this.config = config;
    this.rootfs = rootfs;
    this.args = List.copyOf(args);
  }

  /**
   * Reads a profile and checks every value, with {@code x} for the host name.
   *
   * @param name the profile's name
   * @param node its JSON object
   * @return the profile
   * @throws IllegalArgumentException naming the field, if a member is missing, unknown or invalid
   */
  static InstallerProfile fromJson(String name, JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("not an object (expected: {\"kind\": ..., ...})");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "\"" + field + "\" is not a profile member (expected: one of " + sorted(FIELDS) + ")");
      }
    }
    Kind kind = Kind.of(text(node, "kind"));
    boolean usesConfig = kind != Kind.GENERIC;
    boolean usesRootfs = kind == Kind.FEDORA_COREOS || kind == Kind.UBUNTU_AUTOINSTALL;
    String config = usesConfig ? text(node, "config") : absent(node, "config", kind);
    String rootfs = usesRootfs ? text(node, "rootfs") : absent(node, "rootfs", kind);
    List<String> args = new ArrayList<>();
    JsonNode array = node.path("args");
    if (!array.isMissingNode() && !array.isArray()) {
      throw new IllegalArgumentException("args: not an array (expected: [\"arg\", ...])");
    }
    for (JsonNode arg : array) {
      if (!arg.isTextual()) {
        throw new IllegalArgumentException("args: " + arg + " is not a string");
      }
      args.add(arg.asText());
    }
    InstallerProfile profile =
        new InstallerProfile(
            name, kind, text(node, "kernel"), text(node, "initrd"), config, rootfs, args);
    IpxeScript unused = profile.script("x", IpxeUrl.http(Ipv6Address.parse("2001:db8::1")));
    return profile;
  }

  /**
   * Returns the profile's name in the inventory.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the installer kind.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the per-host iPXE script for a host.
   *
   * @param hostName the host's name, put in place of {@value #NAME_PLACEHOLDER}
   * @param root the provisioning server's HTTP root, for relative locations
   * @return the script
   * @throws IllegalArgumentException naming the field, if a value cannot be written safely
   */
  public IpxeScript script(String hostName, IpxeUrl root) {
    IpxeUrl kernelUrl = location("kernel", kernel, hostName, root);
    IpxeUrl initrdUrl = location("initrd", initrd, hostName, root);
    List<IpxeWord> words = new ArrayList<>();
    for (String arg : args) {
      words.add(field("args", () -> IpxeWord.literal("kernel argument", expand(arg, hostName))));
    }
    String configText = config;
    String rootfsText = rootfs;
    return switch (kind) {
      case ANACONDA ->
          IpxeScripts.anaconda(
              kernelUrl, initrdUrl, location("config", require(configText), hostName, root), words);
      case DEBIAN_INSTALLER ->
          IpxeScripts.debianInstaller(
              kernelUrl, initrdUrl, location("config", require(configText), hostName, root), words);
      case FEDORA_COREOS ->
          IpxeScripts.fedoraCoreOs(
              kernelUrl,
              initrdUrl,
              location("rootfs", require(rootfsText), hostName, root),
              location("config", require(configText), hostName, root),
              words);
      case UBUNTU_AUTOINSTALL ->
          IpxeScripts.ubuntuAutoinstall(
              kernelUrl,
              initrdUrl,
              location("rootfs", require(rootfsText), hostName, root),
              location("config", require(configText), hostName, root),
              words);
      case FLATCAR ->
          IpxeScripts.flatcar(
              kernelUrl, initrdUrl, location("config", require(configText), hostName, root), words);
      case GENERIC -> IpxeScripts.linux(kind.installer, kernelUrl, initrdUrl, words);
    };
  }

  /** Resolves a location: an absolute URL, or a path under {@code root}. */
  static IpxeUrl location(String field, String text, String hostName, IpxeUrl root) {
    return field(
        field, () -> text.contains("://") ? absolute(text, hostName) : under(root, text, hostName));
  }

  private static IpxeUrl under(IpxeUrl root, String path, String hostName) {
    if (path.isEmpty() || path.startsWith("/")) {
      throw new IllegalArgumentException(
          "\"" + path + "\" (expected: a path relative to the server's root, or a URL)");
    }
    return root.withPath(segments(path, hostName));
  }

  /**
   * Parses an absolute URL; {@code {name}} is replaced first, which is safe because plan accepts
   * only host names of {@code A-Z a-z 0-9 . _ -}.
   */
  private static IpxeUrl absolute(String text, String hostName) {
    URI uri;
    try {
      uri = new URI(expand(text, hostName));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + e.getMessage(), e);
    }
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    IpxeUrl.Scheme s =
        switch (scheme) {
          case "http" -> IpxeUrl.Scheme.HTTP;
          case "https" -> IpxeUrl.Scheme.HTTPS;
          case "tftp" -> IpxeUrl.Scheme.TFTP;
          default ->
              throw new IllegalArgumentException(
                  "scheme \"" + scheme + "\" (expected: http, https or tftp)");
        };
    String host = uri.getHost();
    if (host == null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "\"" + text + "\" has no host, or user information (expected: scheme://host/path)");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "\"" + text + "\" has a query or fragment (expected: scheme://host/path)");
    }
    IpxeUrl url =
        host.startsWith("[")
            ? IpxeUrl.of(s, Ipv6Address.parse(host.substring(1, host.length() - 1)))
            : IpxeUrl.of(s, host);
    if (uri.getPort() != -1) {
      url = url.withPort(uri.getPort());
    }
    String path = uri.getPath();
    return path.isEmpty() || path.equals("/")
        ? url
        : url.withPath(path.substring(1).split("/", -1));
  }

  private static String[] segments(String path, String hostName) {
    String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      segments[i] = expand(segments[i], hostName);
    }
    return segments;
  }

  private static String expand(String text, String hostName) {
    return text.replace(NAME_PLACEHOLDER, hostName);
  }

  private static String require(@Nullable String value) {
    if (value == null) {
      throw new IllegalStateException("checked when the profile was read");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(
          field + ": " + (value == null ? "missing" : value + " is not a string"));
    }
    return value.asText();
  }

  private static @Nullable String absent(JsonNode node, String field, Kind kind) {
    if (node.has(field)) {
      throw new IllegalArgumentException(
          field + ": not used by kind " + kind.text + " (expected: no \"" + field + "\")");
    }
    return null;
  }

  private static <T> T field(String field, java.util.function.Supplier<T> value) {
    try {
      return value.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  private static String sorted(Set<String> set) {
    return set.stream().sorted().toList().toString();
  }
}
