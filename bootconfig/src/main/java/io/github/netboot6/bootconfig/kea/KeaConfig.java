package io.github.netboot6.bootconfig.kea;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.bootconfig.internal.Identifiers;
import io.github.netboot6.core.ClientArchitecture;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.MalformedValueException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
 *
 * <p>The JSON is written by Jackson's streaming generator ({@code jackson-core}), which does all
 * the quoting and escaping.
 */
public final class KeaConfig {

  /** The DHCPv6 option code of the boot-file URL (RFC 5970 §3.1). */
  public static final int OPTION_BOOTFILE_URL = 59;

  /** The DHCPv6 option code of the boot-file parameters (RFC 5970 §3.2). */
  public static final int OPTION_BOOTFILE_PARAM = 60;

  private static final JsonFactory JSON = new JsonFactory();

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
    private final List<ClientClass> classes = new ArrayList<>();
    private final List<Reservation> reservations = new ArrayList<>();

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
      pools.add(first + "-" + last);
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
      List<Option> options = new ArrayList<>();
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
      for (Ipv6Address a : addresses) {
        checkArgument(subnet.contains(a), "address %s: not in subnet %s", a, subnet);
      }
      reservations.add(new Reservation(kind, id, List.copyOf(addresses)));
      return this;
    }

    private Builder clientClass(String name, String test, List<Option> options) {
      checkName(name);
      classes.add(new ClientClass(name, test, List.copyOf(options)));
      return this;
    }

    private static Option option(int code, String hex) {
      return new Option(code, hex);
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
      // about 130 characters a reservation with the default pretty printer: sized so it never
      // doubles
      StringWriter out = new StringWriter(4096 + 512 * classes.size() + 160 * reservations.size());
      try (JsonGenerator g = JSON.createGenerator(out)) {
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeObjectFieldStart("Dhcp6");
        g.writeObjectFieldStart("interfaces-config");
        g.writeArrayFieldStart("interfaces");
        g.writeEndArray();
        g.writeEndObject();
        g.writeArrayFieldStart("mac-sources");
        g.writeString("client-link-addr-option");
        g.writeString("duid");
        g.writeString("ipv6-link-local");
        g.writeEndArray();
        g.writeArrayFieldStart("host-reservation-identifiers");
        g.writeString("duid");
        g.writeString("hw-address");
        g.writeEndArray();
        g.writeObjectFieldStart("lease-database");
        g.writeStringField("type", "memfile");
        g.writeBooleanField("persist", false);
        g.writeEndObject();
        g.writeArrayFieldStart("client-classes");
        for (ClientClass c : classes) {
          c.write(g);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("subnet6");
        g.writeStartObject();
        g.writeNumberField("id", subnetId);
        g.writeStringField("subnet", subnet.toString());
        g.writeArrayFieldStart("pools");
        for (String pool : pools) {
          g.writeStartObject();
          g.writeStringField("pool", pool);
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("reservations");
        for (Reservation r : reservations) {
          r.write(g);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot happen: writing to a StringWriter", e);
      }
      return out.append('\n').toString();
    }
  }

  /** A DHCPv6 option in a class, written as hexadecimal with {@code "csv-format": false}. */
  private record Option(int code, String hex) {
    void write(JsonGenerator g) throws IOException {
      g.writeStartObject();
      g.writeNumberField("code", code);
      g.writeStringField("space", "dhcp6");
      g.writeBooleanField("csv-format", false);
      g.writeStringField("data", hex);
      g.writeEndObject();
    }
  }

  private record ClientClass(String name, String test, List<Option> options) {
    void write(JsonGenerator g) throws IOException {
      g.writeStartObject();
      g.writeStringField("name", name);
      g.writeStringField("test", test);
      g.writeArrayFieldStart("option-data");
      for (Option o : options) {
        o.write(g);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /** {@code kind} is {@code duid} or {@code hw-address}. */
  private record Reservation(String kind, String id, List<Ipv6Address> addresses) {
    void write(JsonGenerator g) throws IOException {
      g.writeStartObject();
      g.writeStringField(kind, id);
      g.writeArrayFieldStart("ip-addresses");
      for (Ipv6Address a : addresses) {
        g.writeString(a.toString());
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }
}
