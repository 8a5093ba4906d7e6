package io.github.netboot6.core;

import java.util.UUID;

/**
 * Converts between the network byte order of a UUID (RFC 9562 §4) and the SMBIOS order (SMBIOS 3.x
 * §7.2.1), which stores the first three fields little-endian.
 */
final class UuidOrder {
  private UuidOrder() {}

  /**
   * Reverses the bytes of the first three fields ({@code time_low}, {@code time_mid}, {@code
   * time_hi_and_version}); the conversion is its own inverse.
   */
  static UUID swapSmbios(UUID uuid) {
    long msb = uuid.getMostSignificantBits();
    long timeLow = Integer.reverseBytes((int) (msb >>> 32)) & 0xffff_ffffL;
    long timeMid = Short.reverseBytes((short) (msb >>> 16)) & 0xffffL;
    long timeHi = Short.reverseBytes((short) msb) & 0xffffL;
    return new UUID((timeLow << 32) | (timeMid << 16) | timeHi, uuid.getLeastSignificantBits());
  }
}
