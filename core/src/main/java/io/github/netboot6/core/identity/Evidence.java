package io.github.netboot6.core.identity;

import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MacAddress;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One identifier of a request and what the resolver made of it: its source, its kind and value, the
 * host it names (if any), its role in the {@link Resolution}, and why it was distrusted.
 *
 * <p>An instance belongs to a {@link Resolution} and is reused by the next resolve into that
 * resolution, so read it before then (or keep {@link #toString()}). Reading the primitive accessors
 * allocates nothing; {@link #macAddress()}, {@link #uuid()} and {@link #duid()} allocate.
 */
public final class Evidence {
  private static final EvidenceRole[] ROLES = EvidenceRole.values();
  private static final EvidenceSource[] SOURCES = EvidenceSource.values();
  private static final IdentifierKind[] KINDS = IdentifierKind.values();
  private static final Distrust[] DISTRUSTS = Distrust.values();

  /** No hosts: what the evidence and resolutions point at before their first host. */
  static final Host[] NO_HOSTS = new Host[0];

  // Ordinals and a host id, not references: a resolve fills evidence many times a second, and a
  // reference store into this long-lived object costs a garbage-collector barrier with a fence.
  // The hosts array is the snapshot's, the same from one resolve to the next, and stored only when
  // it changes.
  private byte role;
  private byte source;
  private byte kind;
  private byte distrust;
  private Host[] hosts = NO_HOSTS;
  private int hostId = -1;
  private long mac;
  private long uuidHigh;
  private long uuidLow;
  private boolean smbiosByteOrder;
  private int relayLevel;
  private boolean learned;
  private final byte[] duid = new byte[Duid.MAX_LENGTH];
  private int duidLength;

  Evidence() {}

  /** Sets the evidence; {@code hostId} is an index into {@code hosts}, or -1 for no host. */
  @SuppressWarnings("EnumOrdinal") // kept as ordinals, see the fields
  void set(
      EvidenceRole role,
      EvidenceSource source,
      IdentifierKind kind,
      Host[] hosts,
      int hostId,
      Distrust distrust) {
    this.role = (byte) role.ordinal();
    this.source = (byte) source.ordinal();
    this.kind = (byte) kind.ordinal();
    if (hostId >= 0 && this.hosts != hosts) {
      this.hosts = hosts;
    }
    this.hostId = hostId;
    this.distrust = (byte) distrust.ordinal();
    this.mac = ClientFacts.NO_MAC;
    this.uuidHigh = 0;
    this.uuidLow = 0;
    this.smbiosByteOrder = false;
    this.relayLevel = -1;
    this.learned = false;
    this.duidLength = 0;
  }

  void mac(long value, int level) {
    mac = value;
    relayLevel = level;
  }

  void uuid(long high, long low, boolean smbiosOrder) {
    uuidHigh = high;
    uuidLow = low;
    smbiosByteOrder = smbiosOrder;
  }

  void duid(byte[] bytes, int length, boolean wasLearned) {
    System.arraycopy(bytes, 0, duid, 0, length);
    duidLength = length;
    learned = wasLearned;
  }

  /**
   * Returns what this evidence did in the resolution.
   *
   * @return the role
   */
  public EvidenceRole role() {
    return ROLES[role];
  }

  /**
   * Returns where the identifier came from.
   *
   * @return the source
   */
  public EvidenceSource source() {
    return SOURCES[source];
  }

  /**
   * Returns the kind of identifier.
   *
   * @return the kind
   */
  public IdentifierKind kind() {
    return KINDS[kind];
  }

  /**
   * Returns the host the identifier names; {@code null} for untrustworthy evidence.
   *
   * @return the host, or {@code null}
   */
  public @Nullable Host host() {
    return hostId < 0 ? null : hosts[hostId];
  }

  /** The host's id in the snapshot the resolve read, or -1. */
  int hostId() {
    return hostId;
  }

  /**
   * Returns why the identifier was not used to match.
   *
   * @return the reason, {@link Distrust#NONE} unless {@link #role()} is {@link
   *     EvidenceRole#UNTRUSTWORTHY}
   */
  public Distrust distrust() {
    return DISTRUSTS[distrust];
  }

  /**
   * Returns the MAC address of {@link IdentifierKind#MAC} evidence, without allocating.
   *
   * @return the address as {@link MacAddress#toLong()}, or {@link ClientFacts#NO_MAC}
   */
  public long macValue() {
    return mac;
  }

  /**
   * Returns the MAC address of {@link IdentifierKind#MAC} evidence; this allocates.
   *
   * @return the address, or {@code null} for another kind
   */
  public @Nullable MacAddress macAddress() {
    return kind() == IdentifierKind.MAC ? MacAddress.fromLong(mac) : null;
  }

  /**
   * Returns the relay level of {@link EvidenceSource#RELAY_LINK_LAYER} evidence.
   *
   * @return the level (0 is closest to the client), or -1 for another source
   */
  public int relayLevel() {
    return relayLevel;
  }

  /**
   * Returns the SMBIOS UUID of {@link IdentifierKind#UUID} evidence as {@code dmidecode} prints it
   * (whichever byte order the client used); this allocates.
   *
   * @return the UUID, or {@code null} for another kind
   */
  public @Nullable UUID uuid() {
    return kind() == IdentifierKind.UUID ? new UUID(uuidHigh, uuidLow) : null;
  }

  /**
   * Tells whether a UUID matched in SMBIOS byte order (first three fields little-endian, as UEFI
   * firmware sends it) rather than in network order (as iPXE sends it).
   *
   * @return {@code true} for the SMBIOS order
   */
  public boolean smbiosByteOrder() {
    return smbiosByteOrder;
  }

  /**
   * Returns the client DUID of {@link IdentifierKind#DUID} evidence; this allocates.
   *
   * @return the DUID, or {@code null} for another kind
   */
  public @Nullable Duid duid() {
    return duidLength == 0 ? null : Duid.fromBytes(duid, 0, duidLength);
  }

  /**
   * Tells whether a {@link EvidenceSource#KNOWN_DUID} match is a DUID the resolver learned (rather
   * than one configured on the host).
   *
   * @return {@code true} for a learned DUID
   */
  public boolean learned() {
    return learned;
  }

  /**
   * Returns a one-line description, e.g. {@code "DECIDING RELAY_LINK_LAYER(level 0) MAC
   * 52:54:00:12:34:56 -> node-17"}; this allocates.
   *
   * @return the text
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append(role()).append(' ').append(source());
    if (relayLevel >= 0) {
      sb.append("(level ").append(relayLevel).append(')');
    }
    sb.append(' ').append(kind()).append(' ');
    switch (kind()) {
      case MAC -> sb.append(MacAddress.fromLong(mac));
      case UUID ->
          sb.append(new UUID(uuidHigh, uuidLow)).append(smbiosByteOrder ? " (SMBIOS order)" : "");
      case DUID -> sb.append(duid()).append(learned ? " (learned)" : "");
    }
    Host host = host();
    if (host != null) {
      sb.append(" -> ").append(host.name());
    }
    if (distrust() != Distrust.NONE) {
      sb.append(" untrustworthy: ").append(distrust());
    }
    return sb.toString();
  }
}
