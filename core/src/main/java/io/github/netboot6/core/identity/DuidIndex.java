package io.github.netboot6.core.identity;

import io.github.netboot6.core.internal.ByteHash;

/**
 * DUID and SMBIOS UUID to host id, for the inventory: six ints a slot, so that a look-up reads one
 * slot and follows no reference for every DUID of up to {@value #INLINE} bytes (DUID-LLT, DUID-LL,
 * DUID-UUID, and DUID-EN with an identifier of up to 12 bytes):
 *
 * <ol>
 *   <li>the value;
 *   <li>the type code (16 bits), the length (8 bits) and flags ({@link #DEPLOYED}, one that marks a
 *       DUID longer than {@value #INLINE} bytes, and {@link #UUID} for a host's SMBIOS UUID);
 *   <li>bytes 2 to 17 of the DUID in four big-endian ints, zero-padded; for a longer DUID bytes 2
 *       to 13 and then the DUID's hash, and a match on these is confirmed against the host's DUIDs.
 * </ol>
 *
 * <p>A host's SMBIOS UUID (as {@code dmidecode} prints it) is held here too, as the DUID-UUID that
 * carries it in network byte order with the {@link #UUID} flag, so that it never matches as a DUID.
 * A DUID-UUID hashes by its UUID ({@link #hash}), and a UUID and its SMBIOS byte-order twin ({@link
 * #swapSmbios}) hash alike: the look-ups a DUID-UUID client needs (its DUID, and its UUID in both
 * byte orders, since firmware sends the SMBIOS order and iPXE network order) are one probe of the
 * same tags and slots ({@link #slotOfDuidUuid}).
 *
 * <p>Other DUIDs are looked up by probing the slots directly ({@link #slotOf}; see {@link
 * OpenTable}): most of them are the deployed DUIDs of installed systems, which hit, and a hit at
 * its home slot then reads one cache line. A DUID-UUID probes the tags instead, because it mostly
 * misses (firmware and iPXE are usually known by their UUID or MAC, not by their DUID), and a miss
 * reads one line of tags rather than a cluster of slots.
 *
 * <p>The same {@link #hash} keys the learned DUIDs, so a resolve hashes the client DUID once.
 */
final class DuidIndex extends OpenTable {
  /** Set when the DUID is the deployed DUID of the host, or of any claimant of a shared DUID. */
  static final int DEPLOYED = 1;

  /** Set when the slot holds a host's SMBIOS UUID rather than a DUID. */
  static final int UUID = 4;

  /** The longest DUID held entirely in its slot. */
  static final int INLINE = 18;

  private static final int LONG = 2;
  private static final int STRIDE = 6;
  // The flags of a UUID slot: a DUID-UUID's type and length, and UUID.
  private static final int UUID_META = (4 << 16) | (INLINE << 8) | UUID;
  // The meta of a DUID-UUID, without DEPLOYED.
  private static final int DUID_UUID_META = (4 << 16) | (INLINE << 8);

  private final byte[] scratch = new byte[INLINE];

  DuidIndex(int expected) {
    super(STRIDE, expected);
  }

  DuidIndex(DuidIndex other) {
    super(other);
  }

  /**
   * The hash of a DUID in this index and among the learned DUIDs: {@link ByteHash#hash} of the
   * whole DUID, except for a DUID-UUID, which hashes as its UUID does.
   */
  static int hash(byte[] duid, int length) {
    return isDuidUuid(duid, length)
        ? uuidHash(Duids.readLong(duid, 2), Duids.readLong(duid, 10))
        : ByteHash.hash(duid, length);
  }

  static boolean isDuidUuid(byte[] duid, int length) {
    return length == INLINE && duid[0] == 0 && duid[1] == 4;
  }

  static int uuidHash(long high, long low) {
    return ByteHash.mix(Math.min(high, swapSmbios(high)) * 31 + low);
  }

  /**
   * Reverses the bytes of time_low, time_mid and time_hi (the first eight bytes of a UUID): the
   * SMBIOS byte order to network order and back.
   */
  static long swapSmbios(long high) {
    long timeLow = Integer.reverseBytes((int) (high >>> 32)) & 0xffff_ffffL;
    long timeMid = Short.reverseBytes((short) (high >>> 16)) & 0xffffL;
    long timeHi = Short.reverseBytes((short) high) & 0xffffL;
    return (timeLow << 32) | (timeMid << 16) | timeHi;
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
   * Returns the slot holding the DUID, or -1, probing the slots directly.
   *
   * @param hash {@link #hash} of the DUID
   */
  int slotOf(byte[] duid, int length, int hash, Host[] hosts) {
    int[] s = slots;
    int meta = meta(duid, length);
    int w0 = word(duid, length, 2);
    int w1 = word(duid, length, 6);
    int w2 = word(duid, length, 10);
    int w3 = length > INLINE ? hash : word(duid, length, 14);
    for (int slot = home(hash); ; slot = next(slot)) {
      int at = slot * STRIDE;
      int value = s[at];
      if (value == 0) {
        return -1;
      }
      if (s[at + 2] == w0
          && s[at + 3] == w1
          && s[at + 4] == w2
          && s[at + 5] == w3
          && (s[at + 1] & ~DEPLOYED) == meta
          && (length <= INLINE || hosts[idOf(value)].hasDuid(duid, length))) {
        return slot;
      }
    }
  }

  /**
   * Looks a DUID-UUID up, and its UUID in both byte orders as a host's SMBIOS UUID, in one probe:
   * all three hash alike ({@link #hash}), so they share their tags and their cluster. Returns the
   * DUID's slot, or -1; stores the value of the SMBIOS UUID {@code (high, low)} in {@code found[0]}
   * and that of {@code (swapSmbios(high), low)} in {@code found[1]}, each 0 when absent.
   *
   * @param high the UUID's first eight bytes, as the DUID carries them
   * @param low its last eight bytes
   * @param hash {@link #hash} of the DUID
   * @param found receives the two UUID values
   */
  int slotOfDuidUuid(long high, long low, int hash, int[] found) {
    int[] s = slots;
    long swapped = swapSmbios(high);
    int w0 = (int) (high >>> 32);
    int w1 = (int) high;
    int s0 = (int) (swapped >>> 32);
    int s1 = (int) swapped;
    int w2 = (int) (low >>> 32);
    int w3 = (int) low;
    long pattern = pattern(tag(hash));
    int duidSlot = -1;
    int network = 0;
    int smbios = 0;
    for (int i = home(hash); ; i = nextGroup(i)) {
      long group = group(i, pattern);
      for (long c = group & ~END; c != 0; c &= c - 1) {
        int slot = candidate(i, c);
        int at = slot * STRIDE;
        if (s[at + 5] == w3 && s[at + 4] == w2) {
          int meta = s[at + 1];
          if (s[at + 3] == w1 && s[at + 2] == w0) {
            if (meta == UUID_META) {
              network = s[at];
            } else if ((meta & ~DEPLOYED) == DUID_UUID_META) {
              duidSlot = slot;
            }
          } else if (meta == UUID_META && s[at + 3] == s1 && s[at + 2] == s0) {
            smbios = s[at];
          }
        }
      }
      if ((group & END) != 0) {
        break;
      }
    }
    found[0] = network;
    found[1] = smbios;
    return duidSlot;
  }

  /** Returns the slot holding the SMBIOS UUID {@code (high, low)}, in this byte order, or -1. */
  int uuidSlotOf(long high, long low) {
    int[] s = slots;
    int w0 = (int) (high >>> 32);
    int w1 = (int) high;
    int w2 = (int) (low >>> 32);
    int w3 = (int) low;
    int hash = uuidHash(high, low);
    long pattern = pattern(tag(hash));
    for (int i = home(hash); ; i = nextGroup(i)) {
      long group = group(i, pattern);
      for (long c = group & ~END; c != 0; c &= c - 1) {
        int slot = candidate(i, c);
        int at = slot * STRIDE;
        if (s[at + 5] == w3
            && s[at + 4] == w2
            && s[at + 3] == w1
            && s[at + 2] == w0
            && s[at + 1] == UUID_META) {
          return slot;
        }
      }
      if ((group & END) != 0) {
        return -1;
      }
    }
  }

  /** Returns the value of the SMBIOS UUID {@code (high, low)}, in this byte order, or 0. */
  int uuidValue(long high, long low) {
    int slot = uuidSlotOf(high, low);
    return slot < 0 ? 0 : valueAt(slot);
  }

  /** Inserts a host's SMBIOS UUID, which {@link #uuidSlotOf} must not find yet. */
  void insertUuid(long high, long low, int value, Host[] hosts) {
    int at = freeSlotFor(uuidHash(high, low), hosts) * STRIDE;
    slots[at] = value;
    slots[at + 1] = UUID_META;
    slots[at + 2] = (int) (high >>> 32);
    slots[at + 3] = (int) high;
    slots[at + 4] = (int) (low >>> 32);
    slots[at + 5] = (int) low;
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
    if ((meta & UUID) != 0) {
      return uuidHash(
          ((long) slots[at + 2] << 32) | (slots[at + 3] & 0xffff_ffffL),
          ((long) slots[at + 4] << 32) | (slots[at + 5] & 0xffff_ffffL));
    }
    int length = (meta >>> 8) & 0xff;
    byte[] b = scratch;
    b[0] = (byte) (meta >>> 24);
    b[1] = (byte) (meta >>> 16);
    for (int i = 2; i < length; i++) {
      b[i] = (byte) (slots[at + 2 + (i - 2) / 4] >>> (24 - 8 * ((i - 2) % 4)));
    }
    return hash(b, length);
  }
}
