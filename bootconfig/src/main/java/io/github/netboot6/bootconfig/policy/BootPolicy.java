package io.github.netboot6.bootconfig.policy;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.bootconfig.ipxe.IpxeUrl;
import io.github.netboot6.core.BootAnswer;
import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.core.identity.ClientFacts;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.Resolution;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decides what a DHCPv6 server answers a network-booting client, from the request's facts, the boot
 * phase and host the identity resolver found, and the site's settings (design notes §2, workflows 1
 * and 2).
 *
 * <table>
 *   <caption>Answers by phase</caption>
 *   <tr><th>phase</th><th>boot-file URL</th><th>vendor class echo</th></tr>
 *   <tr><td>{@link BootPhase#FIRMWARE_PXE}</td><td>{@code tftp://[server]/<boot file>}: UEFI PXE
 *       over IPv6 accepts only TFTP</td><td>none</td></tr>
 *   <tr><td>{@link BootPhase#FIRMWARE_HTTP}</td><td>{@code http://[server]/<boot file>}, or under
 *       the site's {@linkplain Builder#httpBootFiles HTTP boot directory}</td>
 *       <td>{@code HTTPClient}, with the enterprise number the client sent (343 if none)</td></tr>
 *   <tr><td>{@link BootPhase#IPXE}</td><td>the bootstrap script, by default {@code
 *       http://[server]/bootstrap.ipxe}</td><td>none</td></tr>
 *   <tr><td>boot loader, installer, installed OS, unknown</td><td>none</td><td>none</td></tr>
 * </table>
 *
 * <p>The boot file comes from the first architecture in the request (option 61, in the order the
 * client listed them) that has one: first the host's attribute {@value #HOST_BOOT_FILE} followed by
 * {@code .} and the decimal architecture code (e.g. {@code netboot6.boot-file.7}), then the host's
 * attribute {@value #HOST_BOOT_FILE} for every architecture, then the site's {@link BootFileMap}. A
 * firmware request whose architectures have none gets no boot file. Every answer carries the site's
 * DNS servers.
 *
 * <pre>{@code
 * BootPolicy policy = BootPolicy.builder(Ipv6Address.parse("2001:db8::1"))
 *     .bootFiles(BootFileMap.defaults().with(ClientArchitecture.X64_UEFI, BootFileMap.SNPONLY_EFI))
 *     .addDnsServer(Ipv6Address.parse("2001:db8::53"))
 *     .build();
 * resolver.resolve(facts, resolution);
 * BootAnswer answer = policy.decide(facts, resolution);
 * }</pre>
 *
 * <p>A policy is immutable and thread-safe. Deciding allocates the answer.
 */
public final class BootPolicy {

  /** The host attribute that replaces the site's boot file: {@value}. */
  public static final String HOST_BOOT_FILE = "netboot6.boot-file";

  /** The vendor-class data UEFI HTTP boot sends and needs echoed: {@value}. */
  public static final String HTTP_CLIENT = "HTTPClient";

  /** The name of the default bootstrap script: {@value}. */
  public static final String BOOTSTRAP_SCRIPT = "bootstrap.ipxe";

  private final Ipv6Address server;
  private final int httpPort;
  private final IpxeUrl bootstrapScript;
  private final IpxeUrl httpBootFiles;
  private final BootFileMap bootFiles;

  private final ImmutableList<Ipv6Address> dnsServers;

  private BootPolicy(Builder b) {
    this.server = b.server;
    this.httpPort = b.httpPort;
    this.bootFiles = b.bootFiles;
    this.dnsServers = b.dnsServers.build();
    IpxeUrl bootstrap = b.bootstrapScript;
    this.bootstrapScript =
        bootstrap != null
            ? bootstrap
            : IpxeUrl.http(server).withPort(httpPort).withPath(BOOTSTRAP_SCRIPT);
    IpxeUrl files = b.httpBootFiles;
    this.httpBootFiles = files != null ? files : IpxeUrl.http(server).withPort(httpPort);
  }

  /**
   * Returns a builder for a site whose TFTP and HTTP server is {@code server}.
   *
   * @param server the address firmware and iPXE fetch from
   * @return the builder, with the {@linkplain BootFileMap#defaults() default boot files}, HTTP port
   *     80 and no DNS servers
   */
  public static Builder builder(Ipv6Address server) {
    return new Builder(requireNonNull(server, "server"));
  }

  /**
   * Decides the answer for a request, with the phase and host of the resolver's {@link Resolution}.
   *
   * @param facts what the request says
   * @param resolution the identity resolver's answer for the same request
   * @return the answer
   * @throws MalformedValueException if the host's boot-file attribute is not a safe relative path;
   *     the message names the host and the attribute
   */
  public BootAnswer decide(ClientFacts facts, Resolution resolution) {
    return decide(facts, resolution.phase(), resolution.host());
  }

  /**
   * Decides the answer for a request from a given phase and host.
   *
   * @param facts what the request says (its architectures and vendor classes are read)
   * @param phase the boot phase
   * @param host the host, or {@code null} if the request names none
   * @return the answer
   * @throws MalformedValueException if the host's boot-file attribute is not a safe relative path;
   *     the message names the host and the attribute
   */
  public BootAnswer decide(ClientFacts facts, BootPhase phase, @Nullable Host host) {
    BootAnswer.Builder answer = BootAnswer.builder();
    for (Ipv6Address dns : dnsServers) {
      answer.addDnsServer(dns);
    }
    switch (phase) {
      case FIRMWARE_PXE -> {
        String file = bootFile(facts, host);
        if (file != null) {
          answer.bootFileUrl(
              IpxeUrl.of(IpxeUrl.Scheme.TFTP, server).withPath(file.split("/", -1)).render());
        }
      }
      case FIRMWARE_HTTP -> {
        String file = bootFile(facts, host);
        if (file != null) {
          answer.bootFileUrl(httpBootFiles.withPath(file.split("/", -1)).render());
          answer.vendorClassEcho(httpClientEnterprise(facts), HTTP_CLIENT);
        }
      }
      case IPXE -> answer.bootFileUrl(bootstrapScript.render());
      default -> {
        // boot loader, installer, installed OS, unknown: no boot file
      }
    }
    return answer.build();
  }

  /**
   * Returns the server's address.
   *
   * @return the address
   */
  public Ipv6Address server() {
    return server;
  }

  /**
   * Returns the bootstrap script URL iPXE gets.
   *
   * @return the URL
   */
  public IpxeUrl bootstrapScript() {
    return bootstrapScript;
  }

  /**
   * Returns the URL of the directory UEFI HTTP boot fetches boot files from.
   *
   * @return the URL; a boot file's path is appended to it
   */
  public IpxeUrl httpBootFiles() {
    return httpBootFiles;
  }

  /**
   * Returns the site's boot files.
   *
   * @return the map
   */
  public BootFileMap bootFiles() {
    return bootFiles;
  }

  /**
   * Returns the DNS servers every answer carries.
   *
   * @return an unmodifiable list
   */
  public List<Ipv6Address> dnsServers() {
    return dnsServers;
  }

  private @Nullable String bootFile(ClientFacts facts, @Nullable Host host) {
    Map<String, String> attributes = host == null ? Map.of() : host.attributes();
    String general = attributes.get(HOST_BOOT_FILE);
    for (int i = 0; i < facts.architectureCount(); i++) {
      int code = facts.architecture(i);
      String key = HOST_BOOT_FILE + "." + code;
      String specific = attributes.get(key);
      if (specific != null) {
        return hostPath(host, key, specific);
      }
      if (general != null) {
        return hostPath(host, HOST_BOOT_FILE, general);
      }
      String site = bootFiles.bootFile(code);
      if (site != null) {
        return site;
      }
    }
    return null;
  }

  private static String hostPath(@Nullable Host host, String key, String value) {
    String name = host == null ? "" : host.name();
    return BootFileMap.checkPath(
        "attribute " + key + " of host \"" + quoteName(name) + "\"", value);
  }

  /** Keeps a host name printable in a message: anything but printable ASCII as {@code ?}. */
  private static String quoteName(String name) {
    StringBuilder sb = new StringBuilder(Math.min(name.length(), 64));
    for (int i = 0; i < name.length() && i < 64; i++) {
      char c = name.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
    }
    return sb.toString();
  }

  private static long httpClientEnterprise(ClientFacts facts) {
    for (int i = 0; i < facts.vendorClassCount(); i++) {
      if (facts.vendorClass(i).startsWith(HTTP_CLIENT)) {
        return facts.vendorClassEnterpriseNumber(i);
      }
    }
    return BootAnswer.ENTERPRISE_INTEL;
  }

  /** Builds a {@link BootPolicy}: the site's settings. */
  public static final class Builder {
    private final Ipv6Address server;
    private int httpPort = 80;
    private @Nullable IpxeUrl bootstrapScript;
    private @Nullable IpxeUrl httpBootFiles;
    private BootFileMap bootFiles = BootFileMap.defaults();
    private final ImmutableList.Builder<Ipv6Address> dnsServers = ImmutableList.builder();

    private Builder(Ipv6Address server) {
      this.server = server;
    }

    /**
     * Sets the port of the HTTP boot URLs and of the default bootstrap script URL.
     *
     * @param port 1 to 65535
     * @return this
     * @throws IllegalArgumentException if {@code port} is out of range
     */
    @CanIgnoreReturnValue
    public Builder httpPort(int port) {
      checkArgument(port > 0 && port <= 0xffff, "HTTP port: %s (expected: 1..65535)", port);
      httpPort = port;
      return this;
    }

    /**
     * Sets the URL iPXE gets, instead of {@code http://[server]/bootstrap.ipxe}.
     *
     * @param url the bootstrap script's URL
     * @return this
     */
    @CanIgnoreReturnValue
    public Builder bootstrapScript(IpxeUrl url) {
      bootstrapScript = requireNonNull(url, "bootstrap script");
      return this;
    }

    /**
     * Sets the URL of the directory UEFI HTTP boot fetches its boot file from, instead of {@code
     * http://[server]/} (with the {@linkplain #httpPort HTTP port}): for a server that keeps boot
     * files under a path of its own, e.g. {@code http://[server]/files/}. The boot file's path is
     * appended to the URL's path; the URL has no query.
     *
     * @param directory the directory's URL, {@code http} or {@code https}
     * @return this
     * @throws IllegalArgumentException if {@code directory} is a {@code tftp} URL (UEFI HTTP boot
     *     fetches only over HTTP) or has a query
     */
    @CanIgnoreReturnValue
    public Builder httpBootFiles(IpxeUrl directory) {
      requireNonNull(directory, "HTTP boot files");
      checkArgument(
          directory.scheme() != IpxeUrl.Scheme.TFTP,
          "HTTP boot files: %s (expected: an http or https URL)",
          directory);
      checkArgument(
          directory.render().indexOf('?') < 0,
          "HTTP boot files: %s (expected: a URL without a query)",
          directory);
      httpBootFiles = directory;
      return this;
    }

    /**
     * Sets the boot files by architecture, instead of {@link BootFileMap#defaults()}.
     *
     * @param files the map
     * @return this
     */
    @CanIgnoreReturnValue
    public Builder bootFiles(BootFileMap files) {
      bootFiles = requireNonNull(files, "boot files");
      return this;
    }

    /**
     * Adds a DNS server every answer carries.
     *
     * @param dns the server's address
     * @return this
     */
    @CanIgnoreReturnValue
    public Builder addDnsServer(Ipv6Address dns) {
      dnsServers.add(requireNonNull(dns, "DNS server"));
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public BootPolicy build() {
      return new BootPolicy(this);
    }
  }
}
