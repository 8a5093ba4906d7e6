package io.github.netboot6.core.identity;

/**
 * DUID (deployed or known) to host id, for the inventory. Only a hash is stored per slot; the DUID
 * itself is compared against the host's, so the index costs eight bytes a slot.
 */
final class DuidIndex extends OpenTable {
  private int[] hashes;

  DuidIndex(int expected) {
    super(expected);
    hashes = new int[values.length];
  }

  DuidIndex(DuidIndex other) {
    super(other);
    hashes = other.hashes.clone();
  }

  int slotOf(byte[] duid, int length, int hash, Host[] hosts) {
    int[] v = values;
    int[] h = hashes;
    int m = mask;
    for (int i = hash & m; ; i = (i + 1) & m) {
      int value = v[i];
      if (value == 0) {
        return -1;
      }
      if (h[i] == hash && hosts[idOf(value)].hasDuid(duid, length)) {
        return i;
      }
    }
  }

  void insert(int hash, int value, Host[] hosts) {
    if (needsGrowth()) {
      grow(hosts);
    }
    int i = hash & mask;
    while (values[i] != 0) {
      i = (i + 1) & mask;
    }
    hashes[i] = hash;
    values[i] = value;
    size++;
  }

  @Override
  int home(int slot, Host[] hosts) {
    return hashes[slot] & mask;
  }

  @Override
  void moveKey(int from, int to) {
    hashes[to] = hashes[from];
  }

  @Override
  void grow(Host[] hosts) {
    int[] oldHashes = hashes;
    int[] oldValues = values;
    values = new int[oldValues.length * 2];
    hashes = new int[values.length];
    mask = values.length - 1;
    size = 0;
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != 0) {
        insert(oldHashes[i], oldValues[i], hosts);
      }
    }
  }
}
