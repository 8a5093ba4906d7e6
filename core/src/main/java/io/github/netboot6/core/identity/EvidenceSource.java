package io.github.netboot6.core.identity;

import java.util.List;

/**
 * Where an identifier in a request comes from. The resolver weighs sources in an order that the
 * embedding tool can change; {@link #DEFAULT_ORDER} lists them from the strongest.
 */
public enum EvidenceSource {
  /** The client DUID equals the DUID the server generated and deployed to the installed OS. */
  DEPLOYED_DUID,
  /** The MAC address in option 79 (RFC 6939) of the relay closest to the client. */
  RELAY_LINK_LAYER,
  /** The MAC address inside a DUID-LL or DUID-LLT client DUID (RFC 8415 §11.2, §11.4). */
  DUID_LINK_LAYER,
  /** The SMBIOS UUID of a DUID-UUID (RFC 6355), matched in network and in SMBIOS byte order. */
  SMBIOS_UUID,
  /** The MAC address behind an EUI-64 link-local peer address (RFC 4291 Appendix A). */
  EUI64_LINK_LOCAL,
  /** A MAC address that the embedding server supplied from its neighbour cache. */
  NEIGHBOUR_CACHE,
  /** A DUID seen before for the host: configured as known, or learned by the resolver. */
  KNOWN_DUID;

  /**
   * The default order, strongest first: deployed DUID, option 79, DUID link-layer address, SMBIOS
   * UUID, EUI-64 link-local address, neighbour cache, known DUID.
   */
  public static final List<EvidenceSource> DEFAULT_ORDER = List.of(values());
}
