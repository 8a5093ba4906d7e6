package io.github.netboot6.core.identity;

/** Why an identifier is untrustworthy and was not used to match. */
public enum Distrust {
  /** Not distrusted. */
  NONE,
  /** The nil UUID: iPXE sends it for every machine without an SMBIOS UUID. */
  NIL_UUID,
  /** The all-ones UUID, which firmware uses for "not set". */
  MAX_UUID,
  /** The all-zero MAC address. */
  ZERO_MAC,
  /** A group (multicast or broadcast) MAC address, which no interface owns. */
  MULTICAST_MAC,
  /** The inventory has the identifier on more than one host (a cloned DUID, a reused MAC). */
  CLAIMED_BY_SEVERAL_HOSTS
}
