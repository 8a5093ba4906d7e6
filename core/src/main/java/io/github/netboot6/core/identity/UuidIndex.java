package io.github.netboot6.core.identity;

/**
 * SMBIOS UUID (as two longs, in the order {@code dmidecode} prints) to host id, for the inventory:
 * five ints a slot (value, then the UUID's four 32-bit words).
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
    return Duids.mix(high * 31 + low);
  }

  /** Returns the slot holding the UUID, or -1. */
  int slotOf(long high, long low) {
    int[] s = slots;
    int w0 = (int) (high >>> 32);
    int w1 = (int) high;
    int w2 = (int) (low >>> 32);
    int w3 = (int) low;
    byte[] g = tags;
    int hash = hash(high, low);
    byte t = tag(hash);
    for (int i = home(hash); ; i = next(i)) {
      byte gi = g[i];
      if (gi == 0) {
        return -1;
      }
      int at = i * STRIDE;
      if (gi == t && s[at + 4] == w3 && s[at + 3] == w2 && s[at + 2] == w1 && s[at + 1] == w0) {
        return i;
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
