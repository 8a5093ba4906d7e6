package io.github.netboot6.core.identity;

import io.github.netboot6.core.internal.ByteHash;

/**
 * MAC address (48 bits in a long) to host id, for the inventory: three ints a slot (value, the
 * MAC's high 16 bits, its low 32 bits).
 */
final class MacIndex extends OpenTable {
  private static final int STRIDE = 3;

  MacIndex(int expected) {
    super(STRIDE, expected);
  }

  MacIndex(MacIndex other) {
    super(other);
  }

  /**
   * Returns the slot holding {@code mac}, or -1. It probes the slots directly (see {@link
   * OpenTable}): most MAC look-ups hit, and a hit at the home slot then reads one cache line.
   */
  int slotOf(long mac) {
    int[] s = slots;
    int high = (int) (mac >>> 32);
    int low = (int) mac;
    for (int slot = home(ByteHash.mix(mac)); ; slot = next(slot)) {
      int at = slot * STRIDE;
      if (s[at] == 0) {
        return -1;
      }
      if (s[at + 2] == low && s[at + 1] == high) {
        return slot;
      }
    }
  }

  int get(long mac) {
    int slot = slotOf(mac);
    return slot < 0 ? 0 : valueAt(slot);
  }

  void insert(long mac, int value, Host[] hosts) {
    int at = freeSlotFor(ByteHash.mix(mac), hosts) * STRIDE;
    slots[at] = value;
    slots[at + 1] = (int) (mac >>> 32);
    slots[at + 2] = (int) mac;
  }

  @Override
  int hashAt(int slot, Host[] hosts) {
    int at = slot * STRIDE;
    return ByteHash.mix(((long) slots[at + 1] << 32) | (slots[at + 2] & 0xffff_ffffL));
  }
}
