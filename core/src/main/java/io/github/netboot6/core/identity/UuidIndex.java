package io.github.netboot6.core.identity;

/** SMBIOS UUID (two longs, as {@code dmidecode} prints it) to host id, for the inventory. */
final class UuidIndex extends OpenTable {
  private long[] highs;
  private long[] lows;

  UuidIndex(int expected) {
    super(expected);
    highs = new long[values.length];
    lows = new long[values.length];
  }

  UuidIndex(UuidIndex other) {
    super(other);
    highs = other.highs.clone();
    lows = other.lows.clone();
  }

  private static int hash(long high, long low) {
    return Duids.mix(high * 31 + low);
  }

  int slotOf(long high, long low) {
    int[] v = values;
    long[] h = highs;
    long[] l = lows;
    int m = mask;
    for (int i = hash(high, low) & m; ; i = (i + 1) & m) {
      if (v[i] == 0) {
        return -1;
      }
      if (h[i] == high && l[i] == low) {
        return i;
      }
    }
  }

  int get(long high, long low) {
    int slot = slotOf(high, low);
    return slot < 0 ? 0 : values[slot];
  }

  void insert(long high, long low, int value, Host[] hosts) {
    if (needsGrowth()) {
      grow(hosts);
    }
    int i = hash(high, low) & mask;
    while (values[i] != 0) {
      i = (i + 1) & mask;
    }
    highs[i] = high;
    lows[i] = low;
    values[i] = value;
    size++;
  }

  @Override
  int home(int slot, Host[] hosts) {
    return hash(highs[slot], lows[slot]) & mask;
  }

  @Override
  void moveKey(int from, int to) {
    highs[to] = highs[from];
    lows[to] = lows[from];
  }

  @Override
  void grow(Host[] hosts) {
    long[] oldHighs = highs;
    long[] oldLows = lows;
    int[] oldValues = values;
    values = new int[oldValues.length * 2];
    highs = new long[values.length];
    lows = new long[values.length];
    mask = values.length - 1;
    size = 0;
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != 0) {
        insert(oldHighs[i], oldLows[i], oldValues[i], hosts);
      }
    }
  }
}
