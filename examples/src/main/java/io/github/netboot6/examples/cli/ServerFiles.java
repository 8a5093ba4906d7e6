package io.github.netboot6.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocation;
import io.github.netboot6.bootconfig.dnsmasq.DnsmasqConfig;
import io.github.netboot6.bootconfig.ipxe.IpxeScripts;
import io.github.netboot6.bootconfig.ipxe.IpxeUrl;
import io.github.netboot6.bootconfig.kea.KeaConfig;
import io.github.netboot6.bootconfig.policy.BootPolicy;
import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.ClientArchitecture;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files of a plan that know every host's block: {@value Plan#DNSMASQ_CONF}, {@value
 * Plan#KEA_CONF}, {@value Plan#BOOTSTRAP} and {@value Plan#MANIFEST}.
 *
 * <p>Both server configurations answer only the hosts of the inventory: dnsmasq in its {@code
 * static} mode, Kea with reservations and no pool. Each MAC of a host gets the host's block in
 * dnsmasq; in Kea, the first MAC gets the block's phase slots (Kea refuses one address in two
 * reservations). The deployed DUID gets the permanent address in both. Firmware gets {@code
 * tftp://[server]/<boot file>} by architecture (Kea; dnsmasq sends the x64 UEFI file to all), iPXE
 * the bootstrap script, UEFI HTTP boot (Kea only) an {@code http://} URL with {@code HTTPClient}
 * echoed.
 */
final class ServerFiles {
  private ServerFiles() {}

  static void render(
      PlanSettings settings, AddressPool pool, List<Plan.HostPlan> hosts, Map<String, String> out) {
    BootPolicy policy = settings.bootPolicy();
    out.put(
        Plan.BOOTSTRAP,
        IpxeScripts.bootstrap(settings.httpRoot().withPath(Plan.SCRIPT), null).text());
    out.put(Plan.DNSMASQ_CONF, dnsmasq(settings, policy, pool, hosts));
    out.put(Plan.KEA_CONF, kea(settings, policy, pool, hosts));
    out.put(Plan.MANIFEST, manifest(settings, policy, pool, hosts, out));
  }

  private static String dnsmasq(
      PlanSettings settings, BootPolicy policy, AddressPool pool, List<Plan.HostPlan> hosts) {
    DnsmasqConfig.Builder d =
        DnsmasqConfig.builder().staticRange(settings.link(), settings.lease());
    d.userClassTag("ipxe", "iPXE");
    long reserved = 0;
    for (Plan.HostPlan h : hosts) {
      for (MacAddress mac : h.host().macAddresses()) {
        d.hostByMac(mac, h.allocation().block(), List.of());
        reserved += pool.layout().blockSize();
      }
      d.hostByDuid(h.deployedDuid(), h.allocation().permanentAddress(), List.of());
      reserved++;
    }
    if (reserved > DnsmasqConfig.DEFAULT_LEASE_MAX) {
      d.leaseMax((int) Math.min(Integer.MAX_VALUE, reserved));
    }
    policy
        .bootFiles()
        .bootFile(ClientArchitecture.X64_UEFI)
        .ifPresent(file -> d.bootFileUrl(List.of(), tftp(settings, file)));
    if (!settings.dnsServers().isEmpty()) {
      d.dnsServers(List.of(), settings.dnsServers());
    }
    d.bootFileUrl(List.of("ipxe"), policy.bootstrapScript().render());
    return d.build();
  }

  private static String kea(
      PlanSettings settings, BootPolicy policy, AddressPool pool, List<Plan.HostPlan> hosts) {
    KeaConfig.Builder k = KeaConfig.builder(1, settings.link());
    k.userClass("ipxe", "iPXE", policy.bootstrapScript().render(), List.of());
    policy
        .bootFiles()
        .bootFile(ClientArchitecture.X64_UEFI_HTTP)
        .ifPresent(
            file ->
                k.httpBootClass(
                    "uefi-http", settings.httpRoot().withPath(file.split("/")).render()));
    for (Map.Entry<Integer, String> e : policy.bootFiles().asMap().entrySet()) {
      ClientArchitecture arch = ClientArchitecture.valueOf(e.getKey());
      if (!arch.isHttpBoot()) {
        k.architectureClass("arch-" + arch.code(), arch, tftp(settings, e.getValue()));
      }
    }
    for (Plan.HostPlan h : hosts) {
      List<MacAddress> macs = h.host().macAddresses();
      if (!macs.isEmpty()) {
        List<Ipv6Address> slots = new ArrayList<>();
        for (String slot : pool.layout().slots().keySet()) {
          slots.add(h.allocation().slotAddress(slot));
        }
        k.reservationByHwAddress(macs.get(0), slots);
      }
      k.reservationByDuid(h.deployedDuid(), List.of(h.allocation().permanentAddress()));
    }
    return k.build();
  }

  private static String tftp(PlanSettings settings, String file) {
    return IpxeUrl.of(IpxeUrl.Scheme.TFTP, settings.server()).withPath(file.split("/")).render();
  }

  private static String manifest(
      PlanSettings settings,
      BootPolicy policy,
      AddressPool pool,
      List<Plan.HostPlan> hosts,
      Map<String, String> files) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("pool", settings.pool().toString());
    root.put("link", settings.link().toString());
    root.put("server", settings.server().toString());
    root.put("httpPort", settings.httpPort());
    root.put("bootstrapScript", policy.bootstrapScript().render());
    ArrayNode array = root.putArray("hosts");
    for (Plan.HostPlan h : hosts) {
      Allocation a = h.allocation();
      ObjectNode host = array.addObject();
      host.put("name", h.host().name());
      host.put("block", a.block().toString());
      host.put("permanentAddress", a.permanentAddress().toString());
      ObjectNode phases = host.putObject("phaseAddresses");
      for (BootPhase phase : BootPhase.values()) {
        if (pool.layout().isMapped(phase)) {
          phases.put(phase.name(), a.addressFor(phase).toString());
        }
      }
      ArrayNode macs = host.putArray("macs");
      h.host().macAddresses().forEach(mac -> macs.add(mac.toString()));
      host.put("deployedDuid", h.deployedDuid().toString());
      host.put("deployedDuidGenerated", h.generatedDuid());
      InstallerProfile installer = h.installer();
      if (installer == null) {
        host.putNull("installer");
      } else {
        host.put("installer", installer.name());
      }
      ArrayNode written = host.putArray("files");
      String prefix = Plan.HOSTS_DIR + "/" + h.host().name() + "/";
      files.keySet().stream().filter(f -> f.startsWith(prefix)).forEach(written::add);
    }
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
