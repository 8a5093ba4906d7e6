package io.github.netboot6.core;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * What a DHCPv6 server sends a network-booting client, decided by a boot policy and encoded by a
 * codec: the boot-file URL and its parameters, the vendor class to echo, DNS servers, and the
 * addresses with their lifetimes. It holds values only, no wire format.
 *
 * <pre>{@code
 * BootAnswer answer = BootAnswer.builder()
 *     .bootFileUrl("http://[2001:db8::1]/ipxe.efi")
 *     .vendorClassEcho(343, "HTTPClient")
 *     .addDnsServer(Ipv6Address.parse("2001:db8::53"))
 *     .build();
 * }</pre>
 *
 * <p>Text fields hold printable ASCII only (U+0021 to U+007E, and spaces inside parameters), so
 * that every encoder writes them byte for byte and no log or configuration file that shows them can
 * be misread. Instances are immutable.
 */
public final class BootAnswer {

  /** The enterprise number EDK2 firmware sends and expects in the vendor class: {@value}. */
  public static final long ENTERPRISE_INTEL = 343;

  /** The longest text a DHCPv6 option can carry: {@value} bytes. */
  public static final int MAX_TEXT_LENGTH = 0xffff;

  private static final BootAnswer EMPTY = new Builder().build();

  private final @Nullable String bootFileUrl;

  private final List<String> bootFileParameters;

  private final @Nullable String vendorClass;
  private final long vendorClassEnterpriseNumber;

  private final List<Ipv6Address> dnsServers;

  private final List<Lease> addresses;

  private BootAnswer(Builder b) {
    this.bootFileUrl = b.bootFileUrl;
    this.bootFileParameters = List.copyOf(b.bootFileParameters);
    this.vendorClass = b.vendorClass;
    this.vendorClassEnterpriseNumber = b.vendorClassEnterpriseNumber;
    this.dnsServers = List.copyOf(b.dnsServers);
    this.addresses = List.copyOf(b.addresses);
  }

  /**
   * Returns the answer that sends nothing: no boot file, no echo, no DNS servers, no addresses.
   *
   * @return the empty answer
   */
  public static BootAnswer empty() {
    return EMPTY;
  }

  /**
   * Returns a builder for an answer.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding everything this answer has, to derive a changed answer.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.bootFileUrl = bootFileUrl;
    b.bootFileParameters.addAll(bootFileParameters);
    b.vendorClass = vendorClass;
    b.vendorClassEnterpriseNumber = vendorClassEnterpriseNumber;
    b.dnsServers.addAll(dnsServers);
    b.addresses.addAll(addresses);
    return b;
  }

  /**
   * Returns the boot-file URL (option 59, RFC 5970 §3.1).
   *
   * @return the URL, or empty when the client gets no boot file
   */
  public Optional<String> bootFileUrl() {
    return Optional.ofNullable(bootFileUrl);
  }

  /**
   * Returns the boot-file parameters (option 60, RFC 5970 §3.2), in order.
   *
   * @return an unmodifiable list, empty when none are sent
   */
  public List<String> bootFileParameters() {
    return bootFileParameters;
  }

  /**
   * Returns the vendor-class data to echo in a Vendor Class option (option 16, RFC 8415 §21.16),
   * e.g. {@code HTTPClient}, which UEFI HTTP boot needs in the answer.
   *
   * @return the data, or empty when no vendor class is echoed
   */
  public Optional<String> vendorClass() {
    return Optional.ofNullable(vendorClass);
  }

  /**
   * Returns the enterprise number of the echoed vendor class.
   *
   * @return the number, or empty when no vendor class is echoed
   */
  public OptionalLong vendorClassEnterpriseNumber() {
    return vendorClass == null
        ? OptionalLong.empty()
        : OptionalLong.of(vendorClassEnterpriseNumber);
  }

  /**
   * Returns the DNS recursive name servers (option 23, RFC 3646 §3), in order of preference.
   *
   * @return an unmodifiable list, empty when none are sent
   */
  public List<Ipv6Address> dnsServers() {
    return dnsServers;
  }

  /**
   * Returns the addresses to offer in the client's IA_NA (RFC 8415 §21.6), with their lifetimes.
   *
   * @return an unmodifiable list, empty when the answer offers no address
   */
  public List<Lease> addresses() {
    return addresses;
  }

  /**
   * Tells whether the answer sends a boot file.
   *
   * @return {@code true} if {@link #bootFileUrl()} is present
   */
  public boolean hasBootFile() {
    return bootFileUrl != null;
  }

  /**
   * Tells whether {@code obj} is an answer with the same values.
   *
   * @param obj the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof BootAnswer o
        && Objects.equals(bootFileUrl, o.bootFileUrl)
        && bootFileParameters.equals(o.bootFileParameters)
        && Objects.equals(vendorClass, o.vendorClass)
        && vendorClassEnterpriseNumber == o.vendorClassEnterpriseNumber
        && dnsServers.equals(o.dnsServers)
        && addresses.equals(o.addresses);
  }

  /**
   * Returns a hash code of the values.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(
        bootFileUrl,
        bootFileParameters,
        vendorClass,
        vendorClassEnterpriseNumber,
        dnsServers,
        addresses);
  }

  /**
   * Returns the values for logs, e.g. {@code BootAnswer{bootFileUrl=tftp://[2001:db8::1]/ipxe.efi,
   * ...}}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return "BootAnswer{bootFileUrl="
        + bootFileUrl
        + ", bootFileParameters="
        + bootFileParameters
        + ", vendorClass="
        + (vendorClass == null ? "null" : vendorClassEnterpriseNumber + ":" + vendorClass)
        + ", dnsServers="
        + dnsServers
        + ", addresses="
        + addresses
        + "}";
  }

  /**
   * An address offered with its lifetimes, as in an IA Address option (option 5, RFC 8415 §21.6).
   */
  public static final class Lease {
    /** The lifetime that means "forever": {@value} (RFC 8415 §7.7). */
    public static final long INFINITY = 0xffff_ffffL;

    private final Ipv6Address address;
    private final long preferredLifetime;
    private final long validLifetime;

    private Lease(Ipv6Address address, long preferredLifetime, long validLifetime) {
      this.address = address;
      this.preferredLifetime = preferredLifetime;
      this.validLifetime = validLifetime;
    }

    /**
     * Returns an address with its lifetimes.
     *
     * @param address the address
     * @param preferredLifetime seconds, 0 to {@value #INFINITY}
     * @param validLifetime seconds, {@code preferredLifetime} to {@value #INFINITY}
     * @return the lease
     * @throws IllegalArgumentException if a lifetime is out of range or the preferred lifetime
     *     exceeds the valid one (RFC 8415 §21.6)
     */
    public static Lease of(Ipv6Address address, long preferredLifetime, long validLifetime) {
      requireNonNull(address, "address");
      checkArgument(
          preferredLifetime >= 0 && preferredLifetime <= INFINITY,
          "preferred lifetime: %s (expected: 0..4294967295)",
          preferredLifetime);
      checkArgument(
          validLifetime >= preferredLifetime && validLifetime <= INFINITY,
          "valid lifetime: %s (expected: %s..4294967295, not below the preferred lifetime)",
          validLifetime,
          preferredLifetime);
      return new Lease(address, preferredLifetime, validLifetime);
    }

    /**
     * Returns the address.
     *
     * @return the address
     */
    public Ipv6Address address() {
      return address;
    }

    /**
     * Returns the preferred lifetime.
     *
     * @return seconds, {@value #INFINITY} for forever
     */
    public long preferredLifetime() {
      return preferredLifetime;
    }

    /**
     * Returns the valid lifetime.
     *
     * @return seconds, {@value #INFINITY} for forever
     */
    public long validLifetime() {
      return validLifetime;
    }

    /**
     * Tells whether {@code obj} is a lease with the same address and lifetimes.
     *
     * @param obj the object to compare with
     * @return {@code true} if equal
     */
    @Override
    public boolean equals(@Nullable Object obj) {
      return obj instanceof Lease o
          && address.equals(o.address)
          && preferredLifetime == o.preferredLifetime
          && validLifetime == o.validLifetime;
    }

    /**
     * Returns a hash code of the values.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
      return Objects.hash(address, preferredLifetime, validLifetime);
    }

    /**
     * Returns e.g. {@code 2001:db8::8 (preferred 3600 s, valid 7200 s)}.
     *
     * @return the text
     */
    @Override
    public String toString() {
      return address + " (preferred " + preferredLifetime + " s, valid " + validLifetime + " s)";
    }
  }

  /** Builds a {@link BootAnswer}; every setter checks its value. */
  public static final class Builder {
    private @Nullable String bootFileUrl;
    private final List<String> bootFileParameters = new ArrayList<>();
    private @Nullable String vendorClass;
    private long vendorClassEnterpriseNumber;
    private final List<Ipv6Address> dnsServers = new ArrayList<>();
    private final List<Lease> addresses = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the boot-file URL.
     *
     * @param url an absolute URL of printable ASCII, e.g. {@code tftp://[2001:db8::1]/ipxe.efi}
     * @return this
     * @throws MalformedValueException if {@code url} is empty, too long, has no {@code ://}, or
     *     holds a character outside U+0021..U+007E
     */
    @CanIgnoreReturnValue
    public Builder bootFileUrl(String url) {
      var unused = checkText("boot-file URL", url, false);
      if (!url.contains("://")) {
        throw MalformedValueException.ofText(
            "boot-file URL",
            url,
            MalformedValueException.NO_INDEX,
            "no \"://\" (expected: absolute URL)");
      }
      bootFileUrl = url;
      return this;
    }

    /**
     * Removes the boot-file URL and parameters: the client gets no boot file.
     *
     * @return this
     */
    @CanIgnoreReturnValue
    public Builder noBootFile() {
      bootFileUrl = null;
      bootFileParameters.clear();
      return this;
    }

    /**
     * Adds a boot-file parameter.
     *
     * @param parameter printable ASCII and spaces, not empty
     * @return this
     * @throws MalformedValueException if {@code parameter} is empty, too long or holds another
     *     character
     */
    @CanIgnoreReturnValue
    public Builder addBootFileParameter(String parameter) {
      bootFileParameters.add(checkText("boot-file parameter", parameter, true));
      return this;
    }

    /**
     * Sets the vendor class to echo.
     *
     * @param enterpriseNumber the enterprise number, 0..4294967295 ({@link #ENTERPRISE_INTEL} for
     *     EDK2)
     * @param data the vendor-class data, printable ASCII, e.g. {@code HTTPClient}
     * @return this
     * @throws IllegalArgumentException if {@code enterpriseNumber} is out of range
     * @throws MalformedValueException if {@code data} is empty, too long or holds a character
     *     outside U+0021..U+007E
     */
    @CanIgnoreReturnValue
    public Builder vendorClassEcho(long enterpriseNumber, String data) {
      checkArgument(
          enterpriseNumber >= 0 && enterpriseNumber <= 0xffff_ffffL,
          "enterprise number: %s (expected: 0..4294967295)",
          enterpriseNumber);
      vendorClass = checkText("vendor class", data, false);
      vendorClassEnterpriseNumber = enterpriseNumber;
      return this;
    }

    /**
     * Adds a DNS server.
     *
     * @param server the server's address
     * @return this
     */
    @CanIgnoreReturnValue
    public Builder addDnsServer(Ipv6Address server) {
      dnsServers.add(requireNonNull(server, "DNS server"));
      return this;
    }

    /**
     * Adds an address to offer.
     *
     * @param lease the address with its lifetimes
     * @return this
     */
    @CanIgnoreReturnValue
    public Builder addAddress(Lease lease) {
      addresses.add(requireNonNull(lease, "lease"));
      return this;
    }

    /**
     * Builds the answer.
     *
     * @return the answer
     */
    public BootAnswer build() {
      return new BootAnswer(this);
    }

    private static String checkText(String field, String text, boolean spaces) {
      requireNonNull(text, field);
      if (text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
        throw MalformedValueException.ofText(
            field,
            text,
            MalformedValueException.NO_INDEX,
            "length " + text.length() + " (expected: 1.." + MAX_TEXT_LENGTH + ")");
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (!(c > 0x20 && c < 0x7f) && !(spaces && c == ' ')) {
          throw MalformedValueException.ofText(
              field,
              text,
              i,
              "character "
                  + MalformedValueException.describe(c)
                  + " is not allowed (expected: printable ASCII"
                  + (spaces ? " or space)" : ")"));
        }
      }
      return text;
    }
  }
}
