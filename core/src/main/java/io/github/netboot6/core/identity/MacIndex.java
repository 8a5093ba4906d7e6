package io.github.netboot6.core.identity;

/** MAC address (48 bits in a long) to host id, for the inventory. */
final class MacIndex extends OpenTable {
  private long[] keys;

  MacIndex(int expected) {
    super(expected);
    keys = new long[values.length];
  }

  MacIndex(MacIndex other) {
    super(other);
    keys = other.keys.clone();
  }

  /** Returns the slot holding {@code mac}, or -1. */
  int slotOf(long mac) {
    int[] v = values;
    long[] k = keys;
    int m = mask;
    for (int i = Duids.mix(mac) & m; ; i = (i + 1) & m) {
      if (v[i] == 0) {
        return -1;
      }
      if (k[i] == mac) {
        return i;
      }
    }
  }

  /** Returns the value for {@code mac}, or 0. */
  int get(long mac) {
    int slot = slotOf(mac);
    return slot < 0 ? 0 : values[slot];
  }

  void insert(long mac, int value, Host[] hosts) {
    if (needsGrowth()) {
      grow(hosts);
    }
    int i = Duids.mix(mac) & mask;
    while (values[i] != 0) {
      i = (i + 1) & mask;
    }
    keys[i] = mac;
    values[i] = value;
    size++;
  }

  @Override
  int home(int slot, Host[] hosts) {
    return Duids.mix(keys[slot]) & mask;
  }

  @Override
  void moveKey(int from, int to) {
    keys[to] = keys[from];
  }

  @Override
  void grow(Host[] hosts) {
    long[] oldKeys = keys;
    int[] oldValues = values;
    values = new int[oldValues.length * 2];
    keys = new long[values.length];
    mask = values.length - 1;
    size = 0;
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != 0) {
        insert(oldKeys[i], oldValues[i], hosts);
      }
    }
  }
}
