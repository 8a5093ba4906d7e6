package io.github.netboot6.examples.cli;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.bootconfig.ipxe.IpxeUrl;
import io.github.netboot6.bootconfig.policy.BootPolicy;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import java.time.Duration;
import java.util.List;

/**
 * The site settings a plan is made with.
 *
 * @param pool the prefix host blocks are allocated from
 * @param server the provisioning server's address (TFTP and HTTP)
 * @param httpPort the port of its HTTP server
 * @param dnsServers the DNS servers every answer carries, possibly none
 * @param enterpriseNumber the IANA enterprise number of the DUID-EN generated for hosts without a
 *     {@code deployedDuid}
 * @param lease the lease time written into the server configurations
 */
public record PlanSettings(
    Ipv6Prefix pool,
    Ipv6Address server,
    int httpPort,
    List<Ipv6Address> dnsServers,
    long enterpriseNumber,
    Duration lease) {

  /** IANA's enterprise number for documentation use (RFC 5612): {@value}. */
  public static final long DOCUMENTATION_ENTERPRISE_NUMBER = 32473;

  /** The prefix length of the link, {@value}: the subnet written into dnsmasq and Kea. */
  public static final int LINK_PREFIX_LENGTH = 64;

  /**
   * Checks the settings.
   *
   * @param pool the prefix host blocks are allocated from
   * @param server the provisioning server's address
   * @param httpPort the port of its HTTP server, 1 to 65535
   * @param dnsServers the DNS servers every answer carries
   * @param enterpriseNumber the enterprise number of generated DUIDs, 0 to 2^32-1
   * @param lease the lease time
   * @throws IllegalArgumentException if a value is out of range
   */
  public PlanSettings {
    if (httpPort < 1 || httpPort > 0xffff) {
      throw new IllegalArgumentException("HTTP port: " + httpPort + " (expected: 1..65535)");
    }
    if (enterpriseNumber < 0 || enterpriseNumber > 0xffff_ffffL) {
      throw new IllegalArgumentException(
          "enterprise number: " + enterpriseNumber + " (expected: 0..4294967295)");
    }
    dnsServers = List.copyOf(dnsServers);
  }

  /**
   * Returns the link the pool is on: the /64 that contains it.
   *
   * @return the link's prefix
   */
  public Ipv6Prefix link() {
    return Ipv6Prefix.of(pool.address(), LINK_PREFIX_LENGTH);
  }

  /**
   * Returns the pool with the default block layout; the server's address, if it lies in the pool,
   * is reserved so that no host gets it.
   *
   * @return the pool
   * @throws IllegalArgumentException if the prefix is shorter than the {@value #LINK_PREFIX_LENGTH}
   *     link that the generated dnsmasq and Kea files describe, or not a pool {@link AddressPool}
   *     accepts
   */
  public AddressPool addressPool() {
    if (pool.length() < LINK_PREFIX_LENGTH) {
      // The library takes pools up to a /48, but plan writes one /64 link into dnsmasq and Kea.
      throw new IllegalArgumentException(
          "pool prefix length: "
              + pool.length()
              + " in "
              + pool
              + " (expected: "
              + LINK_PREFIX_LENGTH
              + ".."
              + AddressPool.MAX_PREFIX_LENGTH
              + ", inside the one /"
              + LINK_PREFIX_LENGTH
              + " link that plan configures)");
    }
    AddressPool.Builder b = AddressPool.builder(pool);
    if (pool.contains(server)) {
      b.reserve(server, server);
    }
    return b.build();
  }

  /**
   * Returns the root of the provisioning server's HTTP server: {@code http://[server]:port/}.
   *
   * @return the URL
   */
  public IpxeUrl httpRoot() {
    return IpxeUrl.http(server).withPort(httpPort);
  }

  /**
   * Returns the boot policy of the site: the server, the HTTP port, the DNS servers, the default
   * boot files.
   *
   * @return the policy
   */
  public BootPolicy bootPolicy() {
    BootPolicy.Builder b = BootPolicy.builder(server).httpPort(httpPort);
    for (Ipv6Address dns : dnsServers) {
      b.addDnsServer(dns);
    }
    return b.build();
  }
}
