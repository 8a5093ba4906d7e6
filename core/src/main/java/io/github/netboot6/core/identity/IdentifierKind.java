package io.github.netboot6.core.identity;

/** The kind of identifier a piece of {@link Evidence} is about. */
public enum IdentifierKind {
  /** A DUID (RFC 8415 §11). */
  DUID,
  /** An EUI-48 MAC address. */
  MAC,
  /** An SMBIOS system UUID. */
  UUID
}
