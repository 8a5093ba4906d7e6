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
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads an inventory file: {@code {"hosts": [{"name", "macs": [...], "uuid", "deployedDuid",
 * "knownDuids": [...], "tags": [...], "attributes": {...}}]}}; only {@code name} is required. See
 * {@code examples/inventory.example.json}.
 */
final class InventoryFile {
  private InventoryFile() {}

  static HostInventory read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new CliException(Netboot6Cli.EXIT_IO, "cannot read inventory " + file + ": " + e, e);
    }
    List<Host> hosts = new ArrayList<>();
    int index = 0;
    for (JsonNode node : root.path("hosts")) {
      String where = file + ": hosts[" + index++ + "]";
      try {
        hosts.add(host(node));
      } catch (IllegalArgumentException e) {
        throw new CliException(Netboot6Cli.EXIT_IO, where + ": " + e.getMessage(), e);
      }
    }
    if (hosts.isEmpty()) {
      throw new CliException(
          Netboot6Cli.EXIT_IO, file + ": no hosts (expected: {\"hosts\": [{\"name\": ...}]})");
    }
    return HostInventory.of(hosts);
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
}
