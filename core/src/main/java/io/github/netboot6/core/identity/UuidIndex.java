package io.github.netboot6.core.identity;

import io.github.netboot6.core.internal.ByteHash;

/**
 * SMBIOS UUID (as two longs, in the order {@code dmidecode} prints) to host id, for the inventory:
 * five ints a slot (value, then the UUID's four 32-bit words).
 *
 * <p>A UUID and its SMBIOS byte-order twin ({@link #swapSmbios}) hash alike, so one probe finds a
 * client UUID in both byte orders (firmware sends the SMBIOS order, iPXE network order).
 */
final class UuidIndex extends OpenTable {
  private static final int STRIDE = 5;

  UuidIndex(int expected) {
    super(STRIDE, expected);
  }

  UuidIndex(UuidIndex other) {
    super(other);
  }

  private static int hash(long high, long low) {
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

  /**
   * Looks the UUID up in both byte orders with one probe. Returns the value for {@code (high, low)}
   * in the high 32 bits and the value for {@code (swapSmbios(high), low)} in the low 32 bits, each
   * 0 if absent; the second is 0 when the two orders are the same UUID.
   */
  long getBothOrders(long high, long low) {
    int[] s = slots;
    long swapped = swapSmbios(high);
    int w0 = (int) (high >>> 32);
    int w1 = (int) high;
    int s0 = (int) (swapped >>> 32);
    int s1 = (int) swapped;
    int w2 = (int) (low >>> 32);
    int w3 = (int) low;
    int hash = hash(high, low);
    long pattern = pattern(tag(hash));
    int network = 0;
    int smbios = 0;
    for (int i = home(hash); ; i = nextGroup(i)) {
      long group = group(i, pattern);
      for (long c = group & ~END; c != 0; c &= c - 1) {
        int at = candidate(i, c) * STRIDE;
        if (s[at + 4] == w3 && s[at + 3] == w2) {
          if (s[at + 2] == w1 && s[at + 1] == w0) {
            network = s[at];
          } else if (s[at + 2] == s1 && s[at + 1] == s0) {
            smbios = s[at];
          }
        }
      }
      if ((group & END) != 0) {
        break;
      }
    }
    return ((long) network << 32) | (smbios & 0xffff_ffffL);
  }

  /** Returns the slot holding the UUID, or -1. */
  int slotOf(long high, long low) {
    int[] s = slots;
    int w0 = (int) (high >>> 32);
    int w1 = (int) high;
    int w2 = (int) (low >>> 32);
    int w3 = (int) low;
    int hash = hash(high, low);
    long pattern = pattern(tag(hash));
    for (int i = home(hash); ; i = nextGroup(i)) {
      long group = group(i, pattern);
      for (long c = group & ~END; c != 0; c &= c - 1) {
        int slot = candidate(i, c);
        int at = slot * STRIDE;
        if (s[at + 4] == w3 && s[at + 3] == w2 && s[at + 2] == w1 && s[at + 1] == w0) {
          return slot;
        }
      }
      if ((group & END) != 0) {
        return -1;
      }
    }
  }

  /** Returns the value of the UUID's slot, or 0. */
  int get(long high, long low) {
    int slot = slotOf(high, low);
    return slot < 0 ? 0 : valueAt(slot);
  }

  void insert(long high, long low, int value, Host[] hosts) {
    int at = freeSlotFor(hash(high, low), hosts) * STRIDE;
    slots[at] = value;
    slots[at + 1] = (int) (high >>> 32);
    slots[at + 2] = (int) high;
    slots[at + 3] = (int) (low >>> 32);
    slots[at + 4] = (int) low;
  }

  @Override
  int hashAt(int slot, Host[] hosts) {
    int at = slot * STRIDE;
    long high = ((long) slots[at + 1] << 32) | (slots[at + 2] & 0xffff_ffffL);
    long low = ((long) slots[at + 3] << 32) | (slots[at + 4] & 0xffff_ffffL);
    return hash(high, low);
  }
}
