package io.github.netboot6.bootconfig.kea;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.bootconfig.internal.Identifiers;
import io.github.netboot6.core.ClientArchitecture;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.MalformedValueException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Kea {@code Dhcp6} configuration for netboot: one subnet with pools and reservations, client
 * classes that pick the boot-file URL, {@code mac-sources} and {@code
 * host-reservation-identifiers}.
 *
 * <pre>{@code
 * String json = KeaConfig.builder(1, Ipv6Prefix.parse("2001:db8::/64"))
 *     .pool(Ipv6Address.parse("2001:db8::1000"), Ipv6Address.parse("2001:db8::1fff"))
 *     .userClass("ipxe", "iPXE", "http://[2001:db8::1]/bootstrap.ipxe", List.of())
 *     .httpBootClass("uefi-http", "http://[2001:db8::1]/ipxe.efi")
 *     .architectureClass("uefi-x64", ClientArchitecture.X64_UEFI, "tftp://[2001:db8::1]/ipxe.efi")
 *     .reservationByDuid(deployedDuid, List.of(Ipv6Address.parse("2001:db8::8")))
 *     .reservationByHwAddress(mac, List.of(Ipv6Address.parse("2001:db8::9")))
 *     .build();
 * }</pre>
 *
 * <p>Untrusted text never reaches Kea's parsers as text: class tests compare against hexadecimal
 * literals ({@code 0x6950...}, so a quote cannot end a string in an expression) and option data is
 * written with {@code "csv-format": false} as hexadecimal (so a comma cannot split a value). Kea
 * gives a client the option data of the first class, in configuration order, that defines it: add
 * the most specific class first (iPXE before architectures). Class names are {@code
 * [A-Za-z0-9_-]+}; other values may not hold control characters or unpaired surrogates; anything
 * else is rejected with a {@link MalformedValueException} naming the field, the character and its
 * index.
 */
public final class KeaConfig {

  /** The DHCPv6 option code of the boot-file URL (RFC 5970 §3.1). */
  public static final int OPTION_BOOTFILE_URL = 59;

  /** The DHCPv6 option code of the boot-file parameters (RFC 5970 §3.2). */
  public static final int OPTION_BOOTFILE_PARAM = 60;

  private KeaConfig() {}

  /**
   * Returns a builder for a configuration with one subnet.
   *
   * @param subnetId the subnet's id, 1 or more
   * @param subnet the subnet, e.g. {@code 2001:db8::/64}
   * @return the builder
   * @throws IllegalArgumentException if {@code subnetId} is below 1
   */
  public static Builder builder(int subnetId, Ipv6Prefix subnet) {
    checkArgument(subnetId >= 1, "subnet id: %s (expected: >= 1)", subnetId);
    return new Builder(subnetId, requireNonNull(subnet, "subnet"));
  }

  /** Collects a Kea configuration; not thread-safe. */
  public static final class Builder {
    private final int subnetId;
    private final Ipv6Prefix subnet;
    private final List<String> pools = new ArrayList<>();
    private final List<String> classes = new ArrayList<>();
    private final List<String> reservations = new ArrayList<>();

    private Builder(int subnetId, Ipv6Prefix subnet) {
      this.subnetId = subnetId;
      this.subnet = subnet;
    }

    /**
     * Adds a pool {@code first-last} of addresses handed out dynamically.
     *
     * @param first the first address
     * @param last the last address
     * @return this builder
     * @throws IllegalArgumentException if the range is empty or not in the subnet
     */
    @CanIgnoreReturnValue
    public Builder pool(Ipv6Address first, Ipv6Address last) {
      checkArgument(first.compareTo(last) <= 0, "pool: %s > %s", first, last);
      checkArgument(
          subnet.contains(first) && subnet.contains(last), "pool: not in subnet %s", subnet);
      pools.add("{\"pool\": " + KeaJson.string(first + "-" + last) + "}");
      return this;
    }

    /**
     * Adds a class for clients whose first user class (option 15) is exactly {@code userClass},
     * e.g. {@code iPXE}, with the boot-file URL and parameters to send them.
     *
     * @param name the class name
     * @param userClass the user class, 1 to 65535 bytes of UTF-8
     * @param bootFileUrl the boot-file URL (option 59)
     * @param bootFileParams the boot-file parameters (option 60), possibly none
     * @return this builder
     * @throws MalformedValueException if a value is not allowed
     */
    @CanIgnoreReturnValue
    public Builder userClass(
        String name, String userClass, String bootFileUrl, List<String> bootFileParams) {
      String hex = KeaJson.utf8Hex("user class", userClass);
      int length = hex.length() / 2;
      checkArgument(length >= 1 && length <= 0xffff, "user class: %s bytes", length);
      String test =
          String.format(
              Locale.ROOT,
              "substring(option[15].hex,0,2) == 0x%04x and substring(option[15].hex,2,%d) == 0x%s",
              length,
              length,
              hex);
      List<String> options = new ArrayList<>();
      options.add(option(OPTION_BOOTFILE_URL, KeaJson.utf8Hex("boot-file URL", bootFileUrl)));
      if (!bootFileParams.isEmpty()) {
        StringBuilder params = new StringBuilder();
        for (String param : bootFileParams) {
          String p = KeaJson.utf8Hex("boot-file parameter", param);
          params.append(String.format(Locale.ROOT, "%04x", p.length() / 2)).append(p);
        }
        options.add(option(OPTION_BOOTFILE_PARAM, params.toString()));
      }
      return clientClass(name, test, options);
    }

    /**
     * Adds a class for UEFI HTTP boot clients: vendor class (option 16) with enterprise number 343
     * whose data starts with {@code HTTPClient}; they get the boot-file URL and the vendor class
     * {@code HTTPClient} echoed, which the firmware requires.
     *
     * @param name the class name
     * @param bootFileUrl the boot-file URL, {@code http://} or {@code https://}
     * @return this builder
     * @throws MalformedValueException if a value is not allowed
     */
    @CanIgnoreReturnValue
    public Builder httpBootClass(String name, String bootFileUrl) {
      String httpClient = KeaJson.hex("HTTPClient".getBytes(StandardCharsets.US_ASCII));
      String test =
          "vendor-class[343].exists and substring(vendor-class[343].data,0,10) == 0x" + httpClient;
      String echo = String.format(Locale.ROOT, "%08x%04x%s", 343, 10, httpClient);
      return clientClass(
          name,
          test,
          List.of(
              option(OPTION_BOOTFILE_URL, KeaJson.utf8Hex("boot-file URL", bootFileUrl)),
              option(16, echo)));
    }

    /**
     * Adds a class for clients that name {@code architecture} in option 61 (the first listed).
     *
     * @param name the class name
     * @param architecture the client architecture, e.g. x64 UEFI (7)
     * @param bootFileUrl the boot-file URL; firmware PXE over IPv6 accepts only {@code tftp://}
     * @return this builder
     * @throws MalformedValueException if a value is not allowed
     */
    @CanIgnoreReturnValue
    public Builder architectureClass(
        String name, ClientArchitecture architecture, String bootFileUrl) {
      String test =
          String.format(
              Locale.ROOT, "substring(option[61].hex,0,2) == 0x%04x", architecture.code());
      return clientClass(
          name,
          test,
          List.of(option(OPTION_BOOTFILE_URL, KeaJson.utf8Hex("boot-file URL", bootFileUrl))));
    }

    /**
     * Reserves addresses for the client that sends {@code duid} (the permanent address, for the
     * DUID deployed to the installed OS).
     *
     * @param duid the DUID
     * @param addresses the addresses, at least one, in the subnet
     * @return this builder
     * @throws IllegalArgumentException if {@code addresses} is empty or outside the subnet
     */
    @CanIgnoreReturnValue
    public Builder reservationByDuid(Duid duid, List<Ipv6Address> addresses) {
      return reservation("duid", duid.toString(), addresses);
    }

    /**
     * Reserves addresses for the client with this hardware address (the phase slots), which Kea
     * learns from the {@code mac-sources} written here, among them option 79 added by a relay.
     *
     * @param mac the MAC address
     * @param addresses the addresses, at least one, in the subnet
     * @return this builder
     * @throws IllegalArgumentException if {@code addresses} is empty or outside the subnet
     */
    @CanIgnoreReturnValue
    public Builder reservationByHwAddress(MacAddress mac, List<Ipv6Address> addresses) {
      return reservation("hw-address", mac.toString(), addresses);
    }

    private Builder reservation(String kind, String id, List<Ipv6Address> addresses) {
      checkArgument(!addresses.isEmpty(), "addresses: empty (expected: at least one)");
      StringBuilder list = new StringBuilder();
      for (Ipv6Address a : addresses) {
        checkArgument(subnet.contains(a), "address %s: not in subnet %s", a, subnet);
        list.append(list.length() == 0 ? "" : ", ").append(KeaJson.string(a.toString()));
      }
      reservations.add(
          "{"
              + KeaJson.string(kind)
              + ": "
              + KeaJson.string(id)
              + ", \"ip-addresses\": ["
              + list
              + "]}");
      return this;
    }

    private Builder clientClass(String name, String test, List<String> options) {
      checkName(name);
      classes.add(
          "{\"name\": "
              + KeaJson.string(name)
              + ",\n       \"test\": "
              + KeaJson.string(test)
              + ",\n       \"option-data\": ["
              + String.join(", ", options)
              + "]}");
      return this;
    }

    private static String option(int code, String hex) {
      return "{\"code\": "
          + code
          + ", \"space\": \"dhcp6\", \"csv-format\": false, \"data\": "
          + KeaJson.string(hex)
          + "}";
    }

    private static void checkName(String name) {
      Identifiers.check("client class name", name);
    }

    /**
     * Returns the configuration, a JSON object with one member, {@code Dhcp6}.
     *
     * @return the JSON text
     */
    public String build() {
      return "{\"Dhcp6\": {\n"
          + "  \"interfaces-config\": {\"interfaces\": []},\n"
          + "  \"mac-sources\": [\"client-link-addr-option\", \"duid\", \"ipv6-link-local\"],\n"
          + "  \"host-reservation-identifiers\": [\"duid\", \"hw-address\"],\n"
          + "  \"lease-database\": {\"type\": \"memfile\", \"persist\": false},\n"
          + "  \"client-classes\": [\n    "
          + String.join(",\n    ", classes)
          + "\n  ],\n"
          + "  \"subnet6\": [{\"id\": "
          + subnetId
          + ", \"subnet\": "
          + KeaJson.string(subnet.toString())
          + ",\n    \"pools\": ["
          + String.join(", ", pools)
          + "],\n    \"reservations\": [\n      "
          + String.join(",\n      ", reservations)
          + "\n    ]}]\n"
          + "}}\n";
    }
  }
}
