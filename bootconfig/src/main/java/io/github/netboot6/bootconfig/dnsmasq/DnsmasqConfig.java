package io.github.netboot6.bootconfig.dnsmasq;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.MalformedValueException;
import java.time.Duration;
import java.util.List;

/**
 * A dnsmasq configuration file for DHCPv6 netboot.
 *
 * <pre>{@code
 * String conf = DnsmasqConfig.builder()
 *     .dhcpRange(Ipv6Address.parse("2001:db8::1000"), Ipv6Address.parse("2001:db8::1fff"), 64,
 *         Duration.ofHours(1))
 *     .userClassTag("ipxe", "iPXE")
 *     .vendorClassTag("http", 343, "HTTPClient")
 *     .hostByDuid(deployedDuid, Ipv6Address.parse("2001:db8::8"), List.of())
 *     .hostByMac(mac, Ipv6Prefix.parse("2001:db8::8/125"), List.of("known"))
 *     .bootFileUrl(List.of(), "tftp://[2001:db8::1]/ipxe.efi")
 *     .bootFileUrl(List.of("ipxe"), "http://[2001:db8::1]/bootstrap.ipxe")
 *     .build();
 * }</pre>
 *
 * <p>The traps of dnsmasq's format (DESIGN.md §1) are handled here, not left to callers:
 *
 * <ul>
 *   <li>Options are always written {@code option6:} (an {@code option:} name is a DHCPv4 option).
 *   <li>String values are always written in double quotes: dnsmasq reads a bare number as an
 *       integer of one, two or four bytes and a bare run of digits and dots as an address.
 *   <li>{@code dhcp-option} lines are written untagged first, then tagged ones in the order given,
 *       so that the more specific line comes later and wins where several match.
 *   <li>A MAC's address block is written as an aligned prefix ({@code [2001:db8::8/125]}), which
 *       dnsmasq accepts from version 2.81: {@link Builder#build()} refuses it for an older {@link
 *       Builder#targetVersion}.
 *   <li>Past {@code dhcp-lease-max} (default 1,000) dnsmasq still hands out addresses but records
 *       no lease: {@link Builder#build()} refuses a file whose reserved addresses exceed it.
 * </ul>
 *
 * <p>Lines are at most {@link #MAX_LINE_LENGTH} characters. Tags are {@code [A-Za-z0-9_-]+}; class
 * names and option strings may hold printable ASCII except {@code "} and {@code \}, and boot-file
 * URLs only the characters RFC 3986 allows (no space, quote, backslash or {@code #}). Anything else
 * is rejected with a {@link MalformedValueException} naming the field, the character and its index.
 */
public final class DnsmasqConfig {

  /**
   * The longest line written: dnsmasq 2.90 fails with "error at line N" on longer lines (measured
   * with {@code dnsmasq --test}).
   */
  public static final int MAX_LINE_LENGTH = 1024;

  /** dnsmasq's default {@code dhcp-lease-max}. */
  public static final int DEFAULT_LEASE_MAX = 1000;

  private DnsmasqConfig() {}

  /**
   * Returns a new, empty builder, targeting dnsmasq 2.90.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the lines of a dnsmasq configuration file; not thread-safe. */
  public static final class Builder {
    private final StringBuilder ranges = new StringBuilder();
    private final StringBuilder classes = new StringBuilder();
    private final StringBuilder hosts = new StringBuilder();
    private final StringBuilder untaggedOptions = new StringBuilder();
    private final StringBuilder taggedOptions = new StringBuilder();
    private int leaseMax = -1;
    private long reservedAddresses;
    private boolean usesAddressBlocks;
    private int targetMajor = 2;
    private int targetMinor = 90;

    private Builder() {}

    /**
     * Sets the dnsmasq version the file is for (2.90 by default); address blocks need 2.81.
     *
     * @param major the major version, e.g. 2
     * @param minor the minor version, e.g. 90
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder targetVersion(int major, int minor) {
      this.targetMajor = major;
      this.targetMinor = minor;
      return this;
    }

    /**
     * Adds {@code dhcp-range=start,end,prefixLength,lease}.
     *
     * @param start the first address handed out
     * @param end the last address handed out, not below {@code start}
     * @param prefixLength the prefix length of the link, 64 to 128
     * @param lease the lease time, at least 2 minutes (dnsmasq's minimum), written in seconds
     * @return this builder
     * @throws IllegalArgumentException if the arguments are out of range
     */
    @CanIgnoreReturnValue
    public Builder dhcpRange(Ipv6Address start, Ipv6Address end, int prefixLength, Duration lease) {
      checkArgument(
          start.compareTo(end) <= 0, "range: %s > %s (expected: start <= end)", start, end);
      checkArgument(
          prefixLength >= 64 && prefixLength <= 128,
          "prefix length: %s (expected: 64..128)",
          prefixLength);
      checkArgument(
          Ipv6Prefix.of(start, prefixLength).contains(end),
          "range: %s and %s are not in one /%s",
          start,
          end,
          prefixLength);
      checkArgument(
          lease.compareTo(Duration.ofMinutes(2)) >= 0, "lease: %s (expected: >= 2 minutes)", lease);
      ranges
          .append("dhcp-range=")
          .append(start)
          .append(',')
          .append(end)
          .append(',')
          .append(prefixLength)
          .append(',')
          .append(lease.toSeconds())
          .append('\n');
      return this;
    }

    /**
     * Adds {@code dhcp-range=<link>,static,prefixLength,lease}: DHCPv6 on the link, answering only
     * clients that a {@code dhcp-host} line gives an address (dnsmasq's {@code static} mode); no
     * address is handed out to anyone else. Use it when every machine is in the inventory and its
     * address block must not be taken by an unknown client.
     *
     * @param link the link's prefix, e.g. {@code 2001:db8::/64}, of length 64 to 128
     * @param lease the lease time, at least 2 minutes (dnsmasq's minimum), written in seconds
     * @return this builder
     * @throws IllegalArgumentException if the prefix length or the lease is out of range
     */
    @CanIgnoreReturnValue
    public Builder staticRange(Ipv6Prefix link, Duration lease) {
      checkArgument(
          link.length() >= 64 && link.length() <= 128,
          "prefix length: %s (expected: 64..128)",
          link.length());
      checkArgument(
          lease.compareTo(Duration.ofMinutes(2)) >= 0, "lease: %s (expected: >= 2 minutes)", lease);
      ranges
          .append("dhcp-range=")
          .append(link.address())
          .append(",static,")
          .append(link.length())
          .append(',')
          .append(lease.toSeconds())
          .append('\n');
      return this;
    }

    /**
     * Sets {@code dhcp-lease-max}.
     *
     * @param max the most leases dnsmasq records, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is below 1
     */
    @CanIgnoreReturnValue
    public Builder leaseMax(int max) {
      checkArgument(max >= 1, "lease max: %s (expected: >= 1)", max);
      this.leaseMax = max;
      return this;
    }

    /**
     * Adds {@code dhcp-userclass=set:tag,"userClass"}: tag clients that send the user class, e.g.
     * {@code iPXE}.
     *
     * @param tag the tag to set
     * @param userClass the user class (dnsmasq matches it as a substring)
     * @return this builder
     * @throws MalformedValueException if {@code tag} or {@code userClass} is not allowed
     */
    @CanIgnoreReturnValue
    public Builder userClassTag(String tag, String userClass) {
      String line =
          "dhcp-userclass=set:"
              + DnsmasqText.tag(tag)
              + ','
              + DnsmasqText.quoted("user class", userClass);
      boolean tagLonger = tag.length() > userClass.length();
      classes.append(
          checkLength(line, tagLonger ? "tag" : "user class", tagLonger ? tag : userClass));
      return this;
    }

    /**
     * Adds {@code dhcp-vendorclass=set:tag,enterprise:number,"vendorClass"}: tag clients that send
     * the vendor class with that enterprise number (e.g. 343 and {@code HTTPClient}, as UEFI HTTP
     * boot sends them).
     *
     * @param tag the tag to set
     * @param enterpriseNumber the IANA enterprise number, 0 to 2^32-1
     * @param vendorClass the vendor class (dnsmasq matches it as a substring)
     * @return this builder
     * @throws MalformedValueException if {@code tag} or {@code vendorClass} is not allowed
     * @throws IllegalArgumentException if {@code enterpriseNumber} is out of range
     */
    @CanIgnoreReturnValue
    public Builder vendorClassTag(String tag, long enterpriseNumber, String vendorClass) {
      checkArgument(
          enterpriseNumber >= 0 && enterpriseNumber <= 0xffff_ffffL,
          "enterprise number: %s (expected: 0..4294967295)",
          enterpriseNumber);
      String line =
          "dhcp-vendorclass=set:"
              + DnsmasqText.tag(tag)
              + ",enterprise:"
              + enterpriseNumber
              + ','
              + DnsmasqText.quoted("vendor class", vendorClass);
      boolean tagLonger = tag.length() > vendorClass.length();
      classes.append(
          checkLength(line, tagLonger ? "tag" : "vendor class", tagLonger ? tag : vendorClass));
      return this;
    }

    /**
     * Adds {@code dhcp-host=id:<duid>,[set:tag,...][address]}: the address for a client that sends
     * this DUID (the permanent address, for the DUID deployed to the installed OS).
     *
     * @param duid the client's DUID
     * @param address the address
     * @param tags tags to set for the client
     * @return this builder
     * @throws MalformedValueException if a tag is not allowed
     */
    @CanIgnoreReturnValue
    public Builder hostByDuid(Duid duid, Ipv6Address address, List<String> tags) {
      StringBuilder line = new StringBuilder("dhcp-host=id:").append(duid);
      appendSetTags(line, tags);
      line.append(",[").append(address).append(']');
      hosts.append(checkLength(line.toString(), "tag", String.join(",", tags)));
      reservedAddresses++;
      return this;
    }

    /**
     * Adds {@code dhcp-host=<mac>,[set:tag,...][block]}: an aligned block of addresses for a client
     * known by MAC, one per DUID it presents (each netboot phase holds its own lease). dnsmasq
     * knows a DHCPv6 client's MAC only on the client's own link or through a relay that adds option
     * 79.
     *
     * @param mac the client's MAC address
     * @param block the block, e.g. {@code 2001:db8::8/125}; a single address is a {@code /128}
     * @param tags tags to set for the client
     * @return this builder
     * @throws MalformedValueException if a tag is not allowed
     */
    @CanIgnoreReturnValue
    public Builder hostByMac(MacAddress mac, Ipv6Prefix block, List<String> tags) {
      StringBuilder line = new StringBuilder("dhcp-host=").append(mac);
      appendSetTags(line, tags);
      line.append(",[").append(block.address());
      if (block.length() < 128) {
        line.append('/').append(block.length());
        usesAddressBlocks = true;
      }
      line.append(']');
      hosts.append(checkLength(line.toString(), "tag", String.join(",", tags)));
      reservedAddresses += block.length() <= 64 ? Long.MAX_VALUE / 2 : block.sizeAsLong();
      return this;
    }

    /**
     * Adds {@code dhcp-option=[tag:t,...]option6:bootfile-url,"url"} (RFC 5970 option 59).
     *
     * @param tags the tags a client must have for this line to apply; none for every client
     * @param url the boot-file URL; IPv6 literals must be bracketed
     * @return this builder
     * @throws MalformedValueException if a tag or {@code url} is not allowed
     */
    @CanIgnoreReturnValue
    public Builder bootFileUrl(List<String> tags, String url) {
      return option6(tags, "bootfile-url", DnsmasqText.quotedUrl(url), "boot-file URL", url);
    }

    /**
     * Adds {@code dhcp-option=[tag:t,...]option6:code,"value"}: any DHCPv6 option whose value is
     * one plain string (the quotes keep dnsmasq from reading digits as a number or an address).
     *
     * @param tags the tags a client must have; none for every client
     * @param code the option code, 1 to 65535
     * @param value the string
     * @return this builder
     * @throws MalformedValueException if a tag or {@code value} is not allowed
     * @throws IllegalArgumentException if {@code code} is out of range
     */
    @CanIgnoreReturnValue
    public Builder stringOption6(List<String> tags, int code, String value) {
      checkArgument(code >= 1 && code <= 0xffff, "option code: %s (expected: 1..65535)", code);
      return option6(
          tags,
          Integer.toString(code),
          DnsmasqText.quoted("option value", value),
          "option value",
          value);
    }

    /**
     * Adds {@code dhcp-option=[tag:t,...]option6:dns-server,[a],[b]...}.
     *
     * @param tags the tags a client must have; none for every client
     * @param servers the DNS servers, at least one
     * @return this builder
     * @throws MalformedValueException if a tag is not allowed
     */
    @CanIgnoreReturnValue
    public Builder dnsServers(List<String> tags, List<Ipv6Address> servers) {
      checkArgument(!servers.isEmpty(), "servers: empty (expected: at least one)");
      StringBuilder value = new StringBuilder();
      for (Ipv6Address server : servers) {
        value.append(value.length() == 0 ? "" : ",").append('[').append(server).append(']');
      }
      return option6(tags, "dns-server", value.toString(), "tag", String.join(",", tags));
    }

    private Builder option6(
        List<String> tags, String option, String value, String field, String fieldValue) {
      StringBuilder line = new StringBuilder("dhcp-option=");
      for (String tag : tags) {
        line.append("tag:").append(DnsmasqText.tag(tag)).append(',');
      }
      line.append("option6:").append(option).append(',').append(value);
      (tags.isEmpty() ? untaggedOptions : taggedOptions)
          .append(checkLength(line.toString(), field, fieldValue));
      return this;
    }

    private static void appendSetTags(StringBuilder line, List<String> tags) {
      for (String tag : tags) {
        line.append(",set:").append(DnsmasqText.tag(tag));
      }
    }

    /** Returns {@code line} and a newline, if dnsmasq can read a line that long. */
    private static String checkLength(String line, String field, String value) {
      if (line.length() > MAX_LINE_LENGTH) {
        throw MalformedValueException.ofText(
            field,
            value,
            MalformedValueException.NO_INDEX,
            "makes a line of "
                + line.length()
                + " characters (expected: at most "
                + MAX_LINE_LENGTH
                + ", dnsmasq's line buffer)");
      }
      return line + "\n";
    }

    /**
     * Returns the configuration: ranges, {@code dhcp-lease-max}, classes, hosts, untagged options,
     * tagged options.
     *
     * @return the text, lines ending in {@code \n}
     * @throws IllegalStateException if address blocks are used for a dnsmasq before 2.81, or the
     *     reserved addresses exceed {@code dhcp-lease-max}
     */
    public String build() {
      if (usesAddressBlocks && (targetMajor < 2 || (targetMajor == 2 && targetMinor < 81))) {
        throw new IllegalStateException(
            "dhcp-host address blocks need dnsmasq 2.81 or later (target: "
                + targetMajor
                + "."
                + targetMinor
                + ")");
      }
      int max = leaseMax == -1 ? DEFAULT_LEASE_MAX : leaseMax;
      if (reservedAddresses > max) {
        throw new IllegalStateException(
            "reserved addresses: "
                + reservedAddresses
                + " (expected: <= dhcp-lease-max "
                + max
                + "; past it dnsmasq hands out addresses without recording leases)");
      }
      StringBuilder sb = new StringBuilder(ranges);
      if (leaseMax != -1) {
        sb.append("dhcp-lease-max=").append(leaseMax).append('\n');
      }
      return sb.append(classes)
          .append(hosts)
          .append(untaggedOptions)
          .append(taggedOptions)
          .toString();
    }
  }
}
