package io.github.netboot6.examples.cli;

import io.github.netboot6.bootconfig.duid.ConfigFile;
import io.github.netboot6.bootconfig.duid.DuidSnippets;
import io.github.netboot6.bootconfig.duid.InstallerWrappers;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.identity.Host;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The files of one host's folder, {@code hosts/<name>/}: its iPXE script and the DUID snippets that
 * make its installed OS send its deployed DUID.
 *
 * <table>
 *   <caption>Per-host files</caption>
 *   <tr><th>file</th><th>what</th><th>goes to</th></tr>
 *   <tr><td>{@code script.ipxe}</td><td>boots the host's installer profile (only with one)</td>
 *       <td>served for the bootstrap script's {@code script.ipxe?mac=...} of this host</td></tr>
 *   <tr><td>{@code dhclient.conf}</td><td>{@code send dhcp6.client-id}, in an {@code interface}
 *       block if the host has the attribute {@value Plan#INTERFACE_ATTRIBUTE}</td>
 *       <td>{@value DuidSnippets#DHCLIENT_CONF}</td></tr>
 *   <tr><td>{@code dhclient6.leases}</td><td>{@code default-duid}</td><td>dhclient's lease file</td></tr>
 *   <tr><td>{@code systemd-networkd.conf}</td><td>{@code [DHCPv6] DUIDType= DUIDRawData=}</td>
 *       <td>a drop-in of the interface's {@code .network} file</td></tr>
 *   <tr><td>{@code NetworkManager.conf}</td><td>{@code ipv6.dhcp-duid}</td>
 *       <td>{@value DuidSnippets#NETWORK_MANAGER_CONF}</td></tr>
 *   <tr><td>{@code dhcpcd.duid}</td><td>the DUID</td><td>{@value DuidSnippets#DHCPCD_DUID}</td></tr>
 *   <tr><td>{@code dhcpcd.conf}</td><td>{@code duid} (in an {@code interface} block when the
 *       host names its interface)</td><td>the end of {@value DuidSnippets#DHCPCD_CONF}</td></tr>
 *   <tr><td>{@code kickstart-post.ks}</td><td>a {@code %post} writing the NetworkManager file
 *       (installer kind {@code anaconda})</td><td>the host's Kickstart file</td></tr>
 *   <tr><td>{@code preseed-late-command.cfg}</td><td>a {@code late_command} writing
 *       {@code dhclient.conf} (installer kind {@code debian-installer})</td>
 *       <td>the host's preseed file</td></tr>
 * </table>
 */
final class HostFiles {
  private HostFiles() {}

  /** Adds the host's files to {@code files}; an error message starts with the field at fault. */
  static void render(
      Host host,
      Duid duid,
      @Nullable InstallerProfile installer,
      PlanSettings settings,
      Map<String, String> files) {
    String dir = Plan.HOSTS_DIR + "/" + host.name() + "/";
    if (installer != null) {
      String script =
          field(
              "installer " + InventoryFile.quote(installer.name()),
              () -> installer.script(host.name(), settings.httpRoot()).text());
      files.put(dir + Plan.SCRIPT, script);
    }
    String iface = host.attributes().get(Plan.INTERFACE_ATTRIBUTE);
    String dhclient =
        field("attributes." + Plan.INTERFACE_ATTRIBUTE, () -> DuidSnippets.dhclient(duid, iface));
    String networkManager = DuidSnippets.networkManager(duid);
    files.put(dir + "dhclient.conf", dhclient);
    files.put(dir + "dhclient6.leases", DuidSnippets.dhclientLeaseDuid(duid));
    files.put(
        dir + "systemd-networkd.conf",
        field("deployedDuid", () -> DuidSnippets.systemdNetworkd(duid)));
    files.put(dir + "NetworkManager.conf", networkManager);
    files.put(dir + "dhcpcd.duid", DuidSnippets.dhcpcdDuid(duid));
    files.put(
        dir + "dhcpcd.conf",
        field(
            "attributes." + Plan.INTERFACE_ATTRIBUTE, () -> DuidSnippets.dhcpcdConf(iface, null)));
    if (installer != null && installer.kind() == InstallerProfile.Kind.ANACONDA) {
      files.put(
          dir + "kickstart-post.ks",
          InstallerWrappers.kickstartPost(
              List.of(ConfigFile.of(DuidSnippets.NETWORK_MANAGER_CONF, networkManager))));
    }
    if (installer != null && installer.kind() == InstallerProfile.Kind.DEBIAN_INSTALLER) {
      files.put(
          dir + "preseed-late-command.cfg",
          InstallerWrappers.preseedLateCommand(
              List.of(ConfigFile.of(DuidSnippets.DHCLIENT_CONF, dhclient))));
    }
  }

  private static <T> T field(String field, Supplier<T> value) {
    try {
      return value.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }
}
