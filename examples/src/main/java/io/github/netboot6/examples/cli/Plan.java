package io.github.netboot6.examples.cli;

import io.github.netboot6.allocation.Allocation;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.bootconfig.duid.DeployedDuids;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.core.identity.Host;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@code netboot6 plan} writes for an inventory: a block per host, the dnsmasq and Kea
 * configurations that reserve them, the bootstrap and per-host iPXE scripts, and per-host DUID
 * snippets for the installed OS.
 *
 * <p>Made in two steps so that nothing is allocated for an inventory that cannot be written: {@link
 * #prepare} checks every host and renders every file that needs no address, then {@link
 * Draft#allocate} allocates the blocks (a host keeps its block across runs: the key is its name)
 * and renders the server configurations.
 *
 * <pre>{@code
 * DeployedDuids duids = DeployedDuids.builder(siteKey).enterpriseNumber(32473).build();
 * Plan.Draft draft = Plan.prepare(InventoryFile.load(path), settings, duids);
 * Plan plan = draft.allocate(allocator);
 * plan.files();   // relative path -> content
 * }</pre>
 */
public final class Plan {
  /** The dnsmasq configuration: {@value}. */
  public static final String DNSMASQ_CONF = "dnsmasq.conf";

  /** The Kea DHCPv6 configuration: {@value}. */
  public static final String KEA_CONF = "kea-dhcp6.json";

  /** The script every iPXE gets: {@value}. */
  public static final String BOOTSTRAP = "bootstrap.ipxe";

  /** The summary of every host's block, addresses, DUID and files: {@value}. */
  public static final String MANIFEST = "hosts.json";

  /** The folder of the per-host folders: {@value}. */
  public static final String HOSTS_DIR = "hosts";

  /** The per-host script's name, in the host's folder and in the bootstrap URL: {@value}. */
  public static final String SCRIPT = "script.ipxe";

  /** The host attribute naming the installed OS's interface for dhclient: {@value}. */
  public static final String INTERFACE_ATTRIBUTE = "netboot6.interface";

  /** The longest host name plan accepts, as a file name: {@value}. */
  public static final int MAX_NAME_LENGTH = 63;

  /**
   * One host's part of the plan.
   *
   * @param host the host
   * @param allocation its block
   * @param newBlock whether this run allocated the block (else it was in the journal)
   * @param deployedDuid the DUID for its installed OS
   * @param generatedDuid whether plan generated that DUID from the site key (the inventory has
   *     none)
   * @param installer its installer profile, or null
   */
  public record HostPlan(
      Host host,
      Allocation allocation,
      boolean newBlock,
      Duid deployedDuid,
      boolean generatedDuid,
      @Nullable InstallerProfile installer) {}

  private final PlanSettings settings;
  private final List<HostPlan> hosts;
  private final Map<String, String> files;

  private Plan(PlanSettings settings, List<HostPlan> hosts, Map<String, String> files) {
    this.settings = settings;
    this.hosts = List.copyOf(hosts);
    this.files = files;
  }

  /**
   * Checks every host and renders its files that need no address.
   *
   * @param inventory the inventory
   * @param settings the site settings
   * @param deployedDuids generates the DUID of each host that has none in the inventory (from the
   *     site key: the same on every run with the same key)
   * @return the draft, to allocate
   * @throws CliException with {@link Netboot6Cli#EXIT_IO} naming the host and the field, if a host
   *     name is not a safe file name, two hosts share a MAC or a deployed DUID (given or
   *     generated), or a value cannot be written safely
   */
  public static Draft prepare(
      InventoryFile inventory, PlanSettings settings, DeployedDuids deployedDuids) {
    HostChecks.check(inventory);
    Map<String, String> files = new LinkedHashMap<>();
    List<Prepared> prepared = new ArrayList<>();
    List<Host> all = inventory.hosts();
    Map<String, Duid> assigned;
    try {
      // Also refuses a generated DUID that is another host's deployed or known DUID.
      assigned = deployedDuids.assign(all);
    } catch (IllegalArgumentException e) {
      throw new CliException(Netboot6Cli.EXIT_IO, inventory.file() + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < all.size(); i++) {
      Host host = all.get(i);
      InstallerProfile installer = inventory.installer(host.name()).orElse(null);
      Duid duid = java.util.Objects.requireNonNull(assigned.get(host.name()));
      boolean generated = host.deployedDuid().isEmpty();
      try {
        HostFiles.render(host, duid, installer, settings, files);
      } catch (IllegalArgumentException e) {
        throw new CliException(
            Netboot6Cli.EXIT_IO,
            inventory.file()
                + ": hosts["
                + i
                + "] "
                + InventoryFile.quote(host.name())
                + ": "
                + e.getMessage(),
            e);
      }
      prepared.add(new Prepared(host, duid, generated, installer));
    }
    return new Draft(settings, prepared, files);
  }

  /**
   * Returns the site settings.
   *
   * @return the settings
   */
  public PlanSettings settings() {
    return settings;
  }

  /**
   * Returns every host's part, in inventory order.
   *
   * @return an unmodifiable list
   */
  public List<HostPlan> hosts() {
    return hosts;
  }

  /**
   * Returns the files to write, by path relative to the output folder ({@code /}-separated), in the
   * order to write them: per-host files, the server configurations, then {@value #MANIFEST}.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> files() {
    return files;
  }

  /**
   * Writes the files into a folder, each whole or not at all (see {@code OutputDirectory}).
   *
   * @param dir the output folder, created if absent
   * @throws CliException with {@link Netboot6Cli#EXIT_IO} if a file cannot be written
   */
  public void writeTo(java.nio.file.Path dir) {
    OutputDirectory.replace(dir, files);
  }

  /** A host checked and rendered, waiting for its block. */
  private record Prepared(
      Host host, Duid duid, boolean generated, @Nullable InstallerProfile installer) {}

  /** A plan whose hosts are checked and whose address-free files are rendered. */
  public static final class Draft {
    private final PlanSettings settings;
    private final List<Prepared> prepared;
    private final Map<String, String> files;

    private Draft(PlanSettings settings, List<Prepared> prepared, Map<String, String> files) {
      this.settings = settings;
      this.prepared = prepared;
      this.files = files;
    }

    /**
     * Allocates a block per host (or finds the one it has) and renders the server configurations.
     *
     * @param allocator the allocator over {@link PlanSettings#addressPool()}
     * @return the plan
     * @throws CliException with exit code 4 if the pool has fewer free blocks than hosts without
     *     one; nothing is allocated then
     */
    public Plan allocate(Allocator allocator) {
      long missing = 0;
      for (Prepared p : prepared) {
        missing += allocator.lookup(HostKey.ofName(p.host().name())).isPresent() ? 0 : 1;
      }
      BigInteger free = allocator.statistics().freeBlocks();
      if (free.compareTo(BigInteger.valueOf(missing)) < 0) {
        throw new CliException(
            PlanCommand.EXIT_POOL_FULL,
            String.format(
                Locale.ROOT,
                "pool %s: %s free blocks for %d hosts without one (expected: a larger pool, or"
                    + " fewer hosts)",
                settings.pool(),
                free,
                missing));
      }
      List<HostPlan> hosts = new ArrayList<>();
      for (Prepared p : prepared) {
        HostKey key = HostKey.ofName(p.host().name());
        boolean isNew = allocator.lookup(key).isEmpty();
        Allocation allocation = allocator.allocate(key);
        hosts.add(
            new HostPlan(p.host(), allocation, isNew, p.duid(), p.generated(), p.installer()));
      }
      Map<String, String> all = new LinkedHashMap<>(files);
      ServerFiles.render(settings, allocator.pool(), hosts, all);
      return new Plan(settings, hosts, java.util.Collections.unmodifiableMap(all));
    }
  }

  /** The checks a host must pass before plan writes anything for it. */
  static final class HostChecks {
    private HostChecks() {}

    static void check(InventoryFile inventory) {
      Map<String, String> lowerNames = new HashMap<>();
      Map<Long, String> macs = new HashMap<>();
      Map<Duid, String> duids = new HashMap<>();
      List<Host> all = inventory.hosts();
      for (int i = 0; i < all.size(); i++) {
        Host host = all.get(i);
        String where =
            inventory.file() + ": hosts[" + i + "] " + InventoryFile.quote(host.name()) + ": ";
        try {
          checkName(host.name());
        } catch (MalformedValueException e) {
          throw new CliException(Netboot6Cli.EXIT_IO, where + "name: " + e.getMessage(), e);
        }
        String other = lowerNames.put(host.name().toLowerCase(Locale.ROOT), host.name());
        if (other != null) {
          throw new CliException(
              Netboot6Cli.EXIT_IO,
              where
                  + "name: same as host "
                  + InventoryFile.quote(other)
                  + " but for case (expected: names that stay apart as file names)");
        }
        for (var mac : host.macAddresses()) {
          String owner = macs.put(mac.toLong(), host.name());
          if (owner != null) {
            throw new CliException(
                Netboot6Cli.EXIT_IO,
                where
                    + "macs: "
                    + mac
                    + " is also a MAC of host "
                    + InventoryFile.quote(owner)
                    + " (expected: one host per MAC, or dnsmasq and Kea reservations collide)");
          }
        }
        Duid duid = host.deployedDuid().orElse(null);
        if (duid != null) {
          String owner = duids.put(duid, host.name());
          if (owner != null) {
            throw new CliException(
                Netboot6Cli.EXIT_IO,
                where
                    + "deployedDuid: "
                    + duid
                    + " is also the deployed DUID of host "
                    + InventoryFile.quote(owner)
                    + " (expected: one host per DUID)");
          }
        }
      }
    }

    /**
     * Checks a host name as a file name: 1 to {@value #MAX_NAME_LENGTH} characters of {@code A-Z
     * a-z 0-9 . _ -}, starting with a letter or digit.
     */
    static String checkName(String name) {
      if (name.length() > MAX_NAME_LENGTH) {
        throw MalformedValueException.ofText(
            "host name",
            name,
            MalformedValueException.NO_INDEX,
            "length " + name.length() + " (expected: 1.." + MAX_NAME_LENGTH + ")");
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!(alnum || (i > 0 && (c == '.' || c == '_' || c == '-')))) {
          throw MalformedValueException.ofText(
              "host name",
              name,
              i,
              "character "
                  + MalformedValueException.describe(c)
                  + " is not allowed (expected: A-Z, a-z, 0-9, and after the first character"
                  + " '.', '_', '-'; plan uses the name as a file name)");
        }
      }
      return name;
    }
  }
}
