package io.github.netboot6.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.HostInventory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An inventory file: the hosts, and the installer profiles their per-host iPXE scripts boot.
 *
 * <pre>
 * {"installers": {"fedora-server": {"kind": "anaconda", "kernel": ..., "initrd": ..., "config": ...}},
 *  "hosts": [{"name", "macs": [...], "uuid", "deployedDuid", "knownDuids": [...], "tags": [...],
 *             "installer": "fedora-server", "attributes": {...}}]}
 * </pre>
 *
 * <p>Only {@code name} is required. See {@code examples/inventory.example.json}, the README's
 * "Inventory file" section and {@link InstallerProfile}. Every error names the file, the host's
 * index (or the profile's name) and the field.
 */
public final class InventoryFile {
  private final Path file;
  private final List<Host> hosts;
  private final HostInventory inventory;
  private final Map<String, InstallerProfile> installers;
  private final Map<String, String> installerOfHost;

  private InventoryFile(
      Path file,
      List<Host> hosts,
      Map<String, InstallerProfile> installers,
      Map<String, String> installerOfHost) {
    this.file = file;
    this.hosts = List.copyOf(hosts);
    this.inventory = HostInventory.of(hosts);
    this.installers = Collections.unmodifiableMap(installers);
    this.installerOfHost = Map.copyOf(installerOfHost);
  }

  /**
   * Reads and checks an inventory file.
   *
   * @param file the file
   * @return the inventory
   * @throws CliException with {@link Netboot6Cli#EXIT_IO} if the file cannot be read or a value is
   *     invalid; the message names the file, the host or profile and the field
   */
  public static InventoryFile load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new CliException(Netboot6Cli.EXIT_IO, "cannot read inventory " + file + ": " + e, e);
    }
    if (root == null || !root.isObject()) {
      throw new CliException(
          Netboot6Cli.EXIT_IO, file + ": not a JSON object (expected: {\"hosts\": [...]})");
    }
    Map<String, InstallerProfile> installers = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.path("installers").properties()) {
      try {
        installers.put(e.getKey(), InstallerProfile.fromJson(e.getKey(), e.getValue()));
      } catch (IllegalArgumentException ex) {
        throw new CliException(
            Netboot6Cli.EXIT_IO,
            file + ": installers." + quote(e.getKey()) + ": " + ex.getMessage(),
            ex);
      }
    }
    List<Host> hosts = new ArrayList<>();
    Map<String, String> installerOfHost = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode node : root.path("hosts")) {
      String where = file + ": hosts[" + index++ + "]";
      try {
        Host host = host(node);
        String installer = installer(node, installers);
        if (installer != null) {
          installerOfHost.put(host.name(), installer);
        }
        hosts.add(host);
      } catch (IllegalArgumentException e) {
        throw new CliException(Netboot6Cli.EXIT_IO, where + ": " + e.getMessage(), e);
      }
    }
    if (hosts.isEmpty()) {
      throw new CliException(
          Netboot6Cli.EXIT_IO, file + ": no hosts (expected: {\"hosts\": [{\"name\": ...}]})");
    }
    try {
      return new InventoryFile(file, hosts, installers, installerOfHost);
    } catch (IllegalArgumentException e) {
      throw new CliException(Netboot6Cli.EXIT_IO, file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads an inventory file's hosts.
   *
   * @param file the file
   * @return the hosts
   * @throws CliException as {@link #load} does
   */
  public static HostInventory read(Path file) {
    return load(file).inventory();
  }

  /**
   * Returns the file this inventory was read from.
   *
   * @return the path
   */
  public Path file() {
    return file;
  }

  /**
   * Returns the hosts in file order.
   *
   * @return an unmodifiable list
   */
  public List<Host> hosts() {
    return hosts;
  }

  /**
   * Returns the hosts, indexed for the identity resolver.
   *
   * @return the inventory
   */
  public HostInventory inventory() {
    return inventory;
  }

  /**
   * Returns the installer profile of a host, if it names one.
   *
   * @param hostName the host's name
   * @return the profile
   */
  public Optional<InstallerProfile> installer(String hostName) {
    String name = installerOfHost.get(hostName);
    return name == null ? Optional.empty() : Optional.ofNullable(installers.get(name));
  }

  private static @Nullable String installer(
      JsonNode node, Map<String, InstallerProfile> installers) {
    JsonNode value = node.get("installer");
    if (value == null || value.isNull()) {
      return null;
    }
    String name = value.asText();
    if (!value.isTextual() || !installers.containsKey(name)) {
      throw new IllegalArgumentException(
          "installer: "
              + value
              + " is not a profile of \"installers\" (expected: one of "
              + installers.keySet()
              + ")");
    }
    return name;
  }

  private static Host host(JsonNode node) {
    String name = node.path("name").asText("");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("\"name\" is missing");
    }
    Host.Builder host = Host.builder(name);
    for (JsonNode mac : node.path("macs")) {
      host.addMacAddress(MacAddress.parse(mac.asText()));
    }
    if (node.hasNonNull("uuid")) {
      host.smbiosUuid(UUID.fromString(node.get("uuid").asText()));
    }
    if (node.hasNonNull("deployedDuid")) {
      host.deployedDuid(Duid.parse(node.get("deployedDuid").asText()));
    }
    for (JsonNode duid : node.path("knownDuids")) {
      host.addKnownDuid(Duid.parse(duid.asText()));
    }
    for (JsonNode tag : node.path("tags")) {
      host.addTag(tag.asText());
    }
    for (Map.Entry<String, JsonNode> attribute : node.path("attributes").properties()) {
      host.attribute(attribute.getKey(), attribute.getValue().asText());
    }
    return host.build();
  }

  /** A name in double quotes, with anything but printable ASCII as {@code ?}. */
  static String quote(String name) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < name.length() && i < 64; i++) {
      char c = name.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
    }
    return sb.append(name.length() > 64 ? "...\"" : "\"").toString();
  }
}
