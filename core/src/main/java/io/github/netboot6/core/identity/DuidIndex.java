package io.github.netboot6.core.identity;

import io.github.netboot6.core.internal.ByteHash;

/**
 * DUID to host id, for the inventory: six ints a slot, so that a look-up reads one slot and follows
 * no reference for every DUID of up to {@value #INLINE} bytes (DUID-LLT, DUID-LL, DUID-UUID, and
 * DUID-EN with an identifier of up to 12 bytes):
 *
 * <ol>
 *   <li>the value;
 *   <li>the type code (16 bits), the length (8 bits) and flags ({@link #DEPLOYED}, and one that
 *       marks a DUID longer than {@value #INLINE} bytes);
 *   <li>bytes 2 to 17 of the DUID in four big-endian ints, zero-padded; for a longer DUID bytes 2
 *       to 13 and then the DUID's hash, and a match on these is confirmed against the host's DUIDs.
 * </ol>
 *
 * <p>The hash is {@link Duids#hash} of the whole DUID, the same as the learned DUIDs' keys, so a
 * resolve hashes the client DUID once.
 */
final class DuidIndex extends OpenTable {
  /** Set when the DUID is the deployed DUID of the host, or of any claimant of a shared DUID. */
  static final int DEPLOYED = 1;

  /** The longest DUID held entirely in its slot. */
  static final int INLINE = 18;

  private static final int LONG = 2;
  private static final int STRIDE = 6;

  private final byte[] scratch = new byte[INLINE];

  DuidIndex(int expected) {
    super(STRIDE, expected);
  }

  DuidIndex(DuidIndex other) {
    super(other);
  }

  private static int meta(byte[] duid, int length) {
    int type = ((duid[0] & 0xff) << 8) | (duid[1] & 0xff);
    return (type << 16) | (length << 8) | (length > INLINE ? LONG : 0);
  }

  /** Bytes {@code from..from+3} of the DUID as a big-endian int, zero past its end. */
  private static int word(byte[] duid, int length, int from) {
    if (from + 4 <= length) {
      return Duids.readInt(duid, from);
    }
    int w = 0;
    for (int i = from; i < from + 4; i++) {
      w = (w << 8) | (i < length ? duid[i] & 0xff : 0);
    }
    return w;
  }

  /**
   * Returns the slot holding the DUID, or -1.
   *
   * @param hash {@link Duids#hash} of the DUID
   */
  int slotOf(byte[] duid, int length, int hash, Host[] hosts) {
    int[] s = slots;
    int meta = meta(duid, length);
    int w0 = word(duid, length, 2);
    int w1 = word(duid, length, 6);
    int w2 = word(duid, length, 10);
    int w3 = length > INLINE ? hash : word(duid, length, 14);
    long pattern = pattern(tag(hash));
    for (int i = home(hash); ; i = nextGroup(i)) {
      long group = group(i, pattern);
      for (long c = group & ~END; c != 0; c &= c - 1) {
        int slot = candidate(i, c);
        int at = slot * STRIDE;
        if (s[at + 2] == w0
            && s[at + 3] == w1
            && s[at + 4] == w2
            && s[at + 5] == w3
            && (s[at + 1] & ~DEPLOYED) == meta
            && (length <= INLINE || hosts[idOf(s[at])].hasDuid(duid, length))) {
          return slot;
        }
      }
      if ((group & END) != 0) {
        return -1;
      }
    }
  }

  /** Whether the DUID in the (occupied) slot is deployed; see {@link #DEPLOYED}. */
  boolean isDeployed(int slot) {
    return (slots[slot * STRIDE + 1] & DEPLOYED) != 0;
  }

  void setDeployed(int slot, boolean deployed) {
    int at = slot * STRIDE + 1;
    slots[at] = deployed ? slots[at] | DEPLOYED : slots[at] & ~DEPLOYED;
  }

  void insert(byte[] duid, int length, int hash, int value, boolean deployed, Host[] hosts) {
    int at = freeSlotFor(hash, hosts) * STRIDE;
    slots[at] = value;
    slots[at + 1] = meta(duid, length) | (deployed ? DEPLOYED : 0);
    slots[at + 2] = word(duid, length, 2);
    slots[at + 3] = word(duid, length, 6);
    slots[at + 4] = word(duid, length, 10);
    slots[at + 5] = length > INLINE ? hash : word(duid, length, 14);
  }

  @Override
  int hashAt(int slot, Host[] hosts) {
    int at = slot * STRIDE;
    int meta = slots[at + 1];
    if ((meta & LONG) != 0) {
      return slots[at + 5];
    }
    int length = (meta >>> 8) & 0xff;
    byte[] b = scratch;
    b[0] = (byte) (meta >>> 24);
    b[1] = (byte) (meta >>> 16);
    for (int i = 2; i < length; i++) {
      b[i] = (byte) (slots[at + 2 + (i - 2) / 4] >>> (24 - 8 * ((i - 2) % 4)));
    }
    return ByteHash.hash(b, length);
  }
}
