package io.github.netboot6.core.identity;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MacAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A machine in the {@link HostInventory}: its name, MAC addresses, SMBIOS UUID, known DUIDs, the
 * DUID the server deployed to its installed OS, tags, and free-form attributes for the embedding
 * tool.
 *
 * <p>Instances are immutable; change a host by building a new one ({@link #toBuilder()}) and
 * putting it into the inventory. Identifiers that cannot identify a machine are rejected when the
 * host is built: all-zero or group MAC addresses, the nil and the all-ones UUID, and a DUID-UUID
 * with either of them.
 *
 * <pre>{@code
 * Host host = Host.builder("node-17")
 *     .addMacAddress(MacAddress.parse("52:54:00:12:34:56"))
 *     .smbiosUuid(UUID.fromString("8c3d9a58-1b2e-4c5f-9a0b-112233445566"))
 *     .deployedDuid(Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31:37"))
 *     .addTag("rack-4")
 *     .build();
 * }</pre>
 */
public final class Host {
  private static final long[] NO_MACS = new long[0];
  private static final Duid[] NO_DUIDS = new Duid[0];

  private final String name;
  private final long[] macs;
  private final long uuidHigh;
  private final long uuidLow;
  private final boolean hasUuid;
  private final @Nullable Duid deployedDuid;
  private final Duid[] knownDuids;
  private final Set<String> tags;
  private final Map<String, String> attributes;

  private Host(Builder b) {
    this.name = b.name;
    this.macs = b.macs.isEmpty() ? NO_MACS : b.macs.stream().mapToLong(Long::longValue).toArray();
    this.hasUuid = b.uuid != null;
    this.uuidHigh = b.uuid == null ? 0 : b.uuid.getMostSignificantBits();
    this.uuidLow = b.uuid == null ? 0 : b.uuid.getLeastSignificantBits();
    this.deployedDuid = b.deployedDuid;
    this.knownDuids = b.knownDuids.isEmpty() ? NO_DUIDS : b.knownDuids.toArray(NO_DUIDS);
    this.tags = Set.copyOf(b.tags);
    this.attributes = Map.copyOf(b.attributes);
  }

  /**
   * Returns a builder for a host with the given name.
   *
   * @param name the host's name, unique in an inventory; not empty
   * @return the builder
   * @throws IllegalArgumentException if {@code name} is empty
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns a builder holding everything this host has, to derive a changed host.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    for (long mac : macs) {
      b.macs.add(mac);
    }
    b.uuid = smbiosUuid().orElse(null);
    b.deployedDuid = deployedDuid;
    b.knownDuids.addAll(Arrays.asList(knownDuids));
    b.tags.addAll(tags);
    b.attributes.putAll(attributes);
    return b;
  }

  /**
   * Returns the name.
   *
   * @return the name, unique in an inventory
   */
  public String name() {
    return name;
  }

  /**
   * Returns the MAC addresses, in the order they were added; this allocates.
   *
   * @return an immutable list
   */
  public List<MacAddress> macAddresses() {
    List<MacAddress> list = new ArrayList<>(macs.length);
    for (long mac : macs) {
      list.add(MacAddress.fromLong(mac));
    }
    return List.copyOf(list);
  }

  /**
   * Tells whether the host has the MAC address, without allocating.
   *
   * @param mac the address as {@link MacAddress#toLong()}
   * @return {@code true} if it is one of the host's
   */
  public boolean hasMacAddress(long mac) {
    for (long m : macs) {
      if (m == mac) {
        return true;
      }
    }
    return false;
  }

  long[] macs() {
    return macs;
  }

  /**
   * Returns the SMBIOS system UUID as {@code dmidecode} prints it.
   *
   * @return the UUID, or empty if not known
   */
  public Optional<UUID> smbiosUuid() {
    return hasUuid ? Optional.of(new UUID(uuidHigh, uuidLow)) : Optional.empty();
  }

  boolean hasUuid() {
    return hasUuid;
  }

  long uuidHigh() {
    return uuidHigh;
  }

  long uuidLow() {
    return uuidLow;
  }

  /**
   * Returns the DUID the server generated and deployed to the host's installed OS.
   *
   * @return the DUID, or empty if none was deployed
   */
  public Optional<Duid> deployedDuid() {
    return Optional.ofNullable(deployedDuid);
  }

  @Nullable Duid deployedDuidOrNull() {
    return deployedDuid;
  }

  /**
   * Returns the DUIDs known for the host besides the deployed one (seen in earlier boots).
   *
   * @return an immutable list, in the order they were added
   */
  public List<Duid> knownDuids() {
    return List.of(knownDuids);
  }

  Duid[] knownDuidArray() {
    return knownDuids;
  }

  /**
   * Returns the tags.
   *
   * @return an immutable set
   */
  public Set<String> tags() {
    return tags;
  }

  /**
   * Returns the free-form attributes of the embedding tool.
   *
   * @return an immutable map
   */
  public Map<String, String> attributes() {
    return attributes;
  }

  /** Tells whether {@code duid[0, length)} is the deployed DUID or a known DUID of this host. */
  boolean hasDuid(byte[] duid, int length) {
    if (deployedDuid != null && Duids.equals(deployedDuid, duid, length)) {
      return true;
    }
    for (Duid known : knownDuids) {
      if (Duids.equals(known, duid, length)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tells whether {@code obj} is a host with the same name and the same everything else.
   *
   * @param obj the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof Host h
        && h.name.equals(name)
        && Arrays.equals(h.macs, macs)
        && h.hasUuid == hasUuid
        && h.uuidHigh == uuidHigh
        && h.uuidLow == uuidLow
        && Objects.equals(h.deployedDuid, deployedDuid)
        && Arrays.equals(h.knownDuids, knownDuids)
        && h.tags.equals(tags)
        && h.attributes.equals(attributes);
  }

  /**
   * Returns a hash code of the name and the identifiers.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(macs), uuidHigh, uuidLow, deployedDuid);
  }

  /**
   * Returns the name and the identifiers, for logs.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return "Host{"
        + name
        + ", macs="
        + macAddresses()
        + (hasUuid ? ", uuid=" + new UUID(uuidHigh, uuidLow) : "")
        + (deployedDuid != null ? ", deployedDuid=" + deployedDuid : "")
        + (knownDuids.length > 0 ? ", knownDuids=" + knownDuids() : "")
        + (tags.isEmpty() ? "" : ", tags=" + tags)
        + "}";
  }

  /** Builds a {@link Host}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final List<Long> macs = new ArrayList<>();
    private @Nullable UUID uuid;
    private @Nullable Duid deployedDuid;
    private final List<Duid> knownDuids = new ArrayList<>();
    private final Set<String> tags = new LinkedHashSet<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private Builder(String name) {
      checkArgument(!name.isEmpty(), "host name: empty (expected: at least one character)");
      this.name = name;
    }

    /**
     * Adds a MAC address; adding one the host already has changes nothing.
     *
     * @param mac the address
     * @return this
     * @throws IllegalArgumentException if {@code mac} is all-zero or a group address
     */
    @CanIgnoreReturnValue
    public Builder addMacAddress(MacAddress mac) {
      checkArgument(
          !mac.isZero() && !mac.isMulticast(),
          "MAC address of host %s: %s (expected: a unicast address, not all-zero)",
          name,
          mac);
      if (!macs.contains(mac.toLong())) {
        macs.add(mac.toLong());
      }
      return this;
    }

    /**
     * Sets the SMBIOS system UUID, as {@code dmidecode} prints it.
     *
     * @param smbiosUuid the UUID, or {@code null} for none
     * @return this
     * @throws IllegalArgumentException if it is the nil or the all-ones UUID
     */
    @CanIgnoreReturnValue
    public Builder smbiosUuid(@Nullable UUID smbiosUuid) {
      if (smbiosUuid != null) {
        long hi = smbiosUuid.getMostSignificantBits();
        long lo = smbiosUuid.getLeastSignificantBits();
        checkArgument(
            !(hi == 0 && lo == 0) && !(hi == -1 && lo == -1),
            "SMBIOS UUID of host %s: %s (expected: neither nil nor all ones)",
            name,
            smbiosUuid);
      }
      this.uuid = smbiosUuid;
      return this;
    }

    /**
     * Sets the DUID deployed to the installed OS.
     *
     * @param duid the DUID, or {@code null} for none
     * @return this
     * @throws IllegalArgumentException if it is a DUID-UUID with the nil or all-ones UUID
     */
    @CanIgnoreReturnValue
    public Builder deployedDuid(@Nullable Duid duid) {
      if (duid != null) {
        checkDuid(duid);
      }
      this.deployedDuid = duid;
      return this;
    }

    /**
     * Adds a known DUID; adding one the host already has changes nothing.
     *
     * @param duid the DUID
     * @return this
     * @throws IllegalArgumentException if it is a DUID-UUID with the nil or all-ones UUID
     */
    @CanIgnoreReturnValue
    public Builder addKnownDuid(Duid duid) {
      checkDuid(duid);
      if (!knownDuids.contains(duid)) {
        knownDuids.add(duid);
      }
      return this;
    }

    /**
     * Adds a tag.
     *
     * @param tag the tag
     * @return this
     */
    @CanIgnoreReturnValue
    public Builder addTag(String tag) {
      tags.add(tag);
      return this;
    }

    /**
     * Sets a free-form attribute.
     *
     * @param key the key
     * @param value the value
     * @return this
     */
    @CanIgnoreReturnValue
    public Builder attribute(String key, String value) {
      attributes.put(key, value);
      return this;
    }

    /**
     * Builds the host.
     *
     * @return the host
     */
    public Host build() {
      return new Host(this);
    }

    private void checkDuid(Duid duid) {
      checkArgument(
          !duid.isNilUuid() && !duid.isMaxUuid(),
          "DUID of host %s: %s (expected: not a nil or all-ones DUID-UUID)",
          name,
          duid);
    }
  }
}
