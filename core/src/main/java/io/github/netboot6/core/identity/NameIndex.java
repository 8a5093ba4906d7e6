package io.github.netboot6.core.identity;

/**
 * Host name to host id. Nothing but the id is stored per slot (four bytes); the name and its cached
 * hash code are read from the host. Names are unique, so no slot is ever shared.
 */
final class NameIndex extends OpenTable {

  NameIndex(int expected) {
    super(expected);
  }

  NameIndex(NameIndex other) {
    super(other);
  }

  private static int hash(String name) {
    return Duids.mix(name.hashCode());
  }

  int slotOf(String name, Host[] hosts) {
    for (int i = hash(name) & mask; ; i = (i + 1) & mask) {
      int value = values[i];
      if (value == 0) {
        return -1;
      }
      if (hosts[idOf(value)].name().equals(name)) {
        return i;
      }
    }
  }

  void insert(int id, Host[] hosts) {
    if (needsGrowth()) {
      grow(hosts);
    }
    int i = hash(hosts[id].name()) & mask;
    while (values[i] != 0) {
      i = (i + 1) & mask;
    }
    values[i] = encode(id, false);
    size++;
  }

  @Override
  int home(int slot, Host[] hosts) {
    return hash(hosts[idOf(values[slot])].name()) & mask;
  }

  @Override
  void moveKey(int from, int to) {}

  @Override
  void grow(Host[] hosts) {
    int[] oldValues = values;
    values = new int[oldValues.length * 2];
    mask = values.length - 1;
    size = 0;
    for (int value : oldValues) {
      if (value != 0) {
        insert(idOf(value), hosts);
      }
    }
  }
}
