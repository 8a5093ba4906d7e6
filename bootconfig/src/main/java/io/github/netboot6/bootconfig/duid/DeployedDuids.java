package io.github.netboot6.bootconfig.duid;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.Host;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Generates the DUID a server deploys to a host's installed operating system (design notes §2):
 * deterministic from a secret site key and the host, so that every run of the provisioning tool
 * gives each host the same DUID, another site's key gives other DUIDs, and nobody without the key
 * can predict a host's DUID from its name.
 *
 * <p>Three kinds (RFC 8415 §11, RFC 6355):
 *
 * <ul>
 *   <li>{@link Kind#EN} (the default): DUID-EN with the site's IANA enterprise number and, as
 *       identifier, the first 16 bytes of HMAC-SHA256(site key, host name).
 *   <li>{@link Kind#UUID}: DUID-UUID whose UUID is derived from the host's SMBIOS UUID with the
 *       site key (HMAC-SHA256, marked as an RFC 9562 version 8 UUID). It is deliberately not the
 *       SMBIOS UUID itself: firmware and iPXE already send DUID-UUIDs of that UUID (in its two byte
 *       orders), and a deployed DUID equal to one of them would make the installed OS
 *       indistinguishable from the boot phases.
 *   <li>{@link Kind#LL}: DUID-LL (hardware type 1) of the host's first MAC address. It needs no
 *       key, but an installer whose DHCPv6 client also sends a DUID-LL (some NetworkManager set-ups
 *       do) then looks like the installed OS; prefer {@link Kind#EN} unless a tool downstream needs
 *       the MAC in the DUID.
 * </ul>
 *
 * <pre>{@code
 * DeployedDuids duids = DeployedDuids.builder(siteKey).enterpriseNumber(32473).build();
 * Map<String, Duid> byHost = duids.assign(inventory.hosts());   // keeps DUIDs already deployed
 * String dhclient = DuidSnippets.dhclient(byHost.get("node-17"), "eth0");
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DeployedDuids {
  /** The kind of DUID generated. */
  public enum Kind {
    /** DUID-EN (RFC 8415 §11.3) from the site key and the host name. */
    EN,
    /** DUID-UUID (RFC 6355) from the site key and the host's SMBIOS UUID. */
    UUID,
    /** DUID-LL (RFC 8415 §11.4) of the host's first MAC address. */
    LL
  }

  /** The fewest bytes a site key may have. */
  public static final int MIN_KEY_LENGTH = 16;

  /** The length of a generated DUID-EN identifier. */
  public static final int EN_IDENTIFIER_LENGTH = 16;

  /** The enterprise number RFC 5612 reserves for documentation: the default until set. */
  public static final long DOCUMENTATION_ENTERPRISE_NUMBER = 32473;

  private static final String HMAC = "HmacSHA256";
  private static final byte[] EN_CONTEXT = "netboot6 deployed DUID-EN\0".getBytes(UTF_8);
  private static final byte[] UUID_CONTEXT = "netboot6 deployed DUID-UUID\0".getBytes(UTF_8);

  private final SecretKeySpec key;
  private final Kind kind;
  private final long enterpriseNumber;

  private DeployedDuids(Builder builder) {
    this.key = new SecretKeySpec(builder.siteKey, HMAC);
    this.kind = builder.kind;
    this.enterpriseNumber = builder.enterpriseNumber;
  }

  /**
   * Starts a generator with a site key.
   *
   * @param siteKey the site's secret, at least {@value #MIN_KEY_LENGTH} bytes; copied. Keep it with
   *     the other secrets of the provisioning tool (the token key, for instance): the same key must
   *     be used on every run.
   * @return a builder
   * @throws IllegalArgumentException if the key is shorter than {@value #MIN_KEY_LENGTH} bytes
   */
  public static Builder builder(byte[] siteKey) {
    return new Builder(siteKey);
  }

  /**
   * Returns the kind of DUID generated.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Generates the DUID for {@code host}, whatever DUID the host already has.
   *
   * @param host the host
   * @return the DUID
   * @throws IllegalArgumentException if the kind needs an identifier the host does not have (an
   *     SMBIOS UUID for {@link Kind#UUID}, a MAC address for {@link Kind#LL}), naming the host
   */
  public Duid generate(Host host) {
    return switch (kind) {
      case EN ->
          Duid.en(
              enterpriseNumber,
              Arrays.copyOf(hmac(EN_CONTEXT, host.name().getBytes(UTF_8)), EN_IDENTIFIER_LENGTH));
      case UUID -> {
        UUID smbios =
            host.smbiosUuid()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "host "
                                + host.name()
                                + ": no SMBIOS UUID (expected: one, to derive a DUID-UUID)"));
        byte[] uuid =
            ByteBuffer.allocate(16)
                .putLong(smbios.getMostSignificantBits())
                .putLong(smbios.getLeastSignificantBits())
                .array();
        byte[] derived = Arrays.copyOf(hmac(UUID_CONTEXT, uuid), 16);
        derived[6] = (byte) ((derived[6] & 0x0f) | 0x80); // version 8 (RFC 9562 §5.8)
        derived[8] = (byte) ((derived[8] & 0x3f) | 0x80); // variant 10
        ByteBuffer b = ByteBuffer.wrap(derived);
        yield Duid.uuid(new UUID(b.getLong(), b.getLong()));
      }
      case LL -> {
        List<MacAddress> macs = host.macAddresses();
        checkArgument(
            !macs.isEmpty(), "host %s: no MAC address (expected: one, for a DUID-LL)", host.name());
        yield Duid.ll(1, macs.get(0));
      }
    };
  }

  /**
   * Gives every host its deployed DUID: the one it has ({@link Host#deployedDuid()}), or a
   * generated one, and checks that no two hosts end up with the same DUID and that no host's DUID
   * is another host's known DUID.
   *
   * @param hosts the hosts, with distinct names
   * @return the DUID of each host by name, in the order given
   * @throws IllegalArgumentException if two hosts have the same name, if a host lacks what the kind
   *     needs, or if a DUID would belong to two hosts; the message names both hosts and the DUID
   */
  public Map<String, Duid> assign(Collection<Host> hosts) {
    Map<String, Duid> assigned = new LinkedHashMap<>();
    Map<Duid, String> owners = new HashMap<>();
    for (Host host : hosts) {
      checkArgument(!assigned.containsKey(host.name()), "host name: %s appears twice", host.name());
      Duid duid = host.deployedDuid().orElseGet(() -> generate(host));
      assigned.put(host.name(), duid);
      claim(owners, duid, host.name());
    }
    for (Host host : hosts) {
      for (Duid known : host.knownDuids()) {
        String owner = owners.get(known);
        checkArgument(
            owner == null || owner.equals(host.name()),
            "DUID %s: deployed to host %s and known for host %s (expected: one host each)",
            known,
            owner,
            host.name());
      }
    }
    return assigned;
  }

  private static void claim(Map<Duid, String> owners, Duid duid, String host) {
    String other = owners.putIfAbsent(duid, host);
    checkArgument(
        other == null,
        "DUID %s: deployed to hosts %s and %s (expected: one host each)",
        duid,
        other,
        host);
  }

  private byte[] hmac(byte[] context, byte[] input) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      mac.update(context);
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }

  /** Configures a {@link DeployedDuids}. */
  public static final class Builder {
    private final byte[] siteKey;
    private Kind kind = Kind.EN;
    private long enterpriseNumber = DOCUMENTATION_ENTERPRISE_NUMBER;

    private Builder(byte[] siteKey) {
      requireNonNull(siteKey, "siteKey");
      checkArgument(
          siteKey.length >= MIN_KEY_LENGTH,
          "site key: %s bytes (expected: at least %s)",
          siteKey.length,
          MIN_KEY_LENGTH);
      this.siteKey = siteKey.clone();
    }

    /**
     * Sets the kind of DUID (default {@link Kind#EN}).
     *
     * @param kind the kind
     * @return this
     */
    @CanIgnoreReturnValue
    public Builder kind(Kind kind) {
      this.kind = requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Sets the IANA enterprise number of DUID-ENs (default {@value
     * DeployedDuids#DOCUMENTATION_ENTERPRISE_NUMBER}, reserved for documentation by RFC 5612; use
     * your organisation's own).
     *
     * @param enterpriseNumber 0 to 2^32-1
     * @return this
     * @throws IllegalArgumentException if out of range
     */
    @CanIgnoreReturnValue
    public Builder enterpriseNumber(long enterpriseNumber) {
      checkArgument(
          enterpriseNumber >= 0 && enterpriseNumber <= 0xffff_ffffL,
          "enterprise number: %s (expected: 0 to 4294967295)",
          enterpriseNumber);
      this.enterpriseNumber = enterpriseNumber;
      return this;
    }

    /**
     * Builds the generator.
     *
     * @return the generator
     */
    public DeployedDuids build() {
      return new DeployedDuids(this);
    }
  }
}
