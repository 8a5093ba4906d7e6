package io.github.netboot6.core.identity;

import io.github.netboot6.core.internal.ByteHash;

/**
 * Host name to host id. Nothing but the id is stored per slot (four bytes); the name and its cached
 * hash code are read from the host. Names are unique, so no slot is ever shared.
 */
final class NameIndex extends OpenTable {

  NameIndex(int expected) {
    super(1, expected);
  }

  NameIndex(NameIndex other) {
    super(other);
  }

  private static int hash(String name) {
    return ByteHash.mix(name.hashCode());
  }

  /** Returns the slot holding {@code name}, or -1. */
  int slotOf(String name, Host[] hosts) {
    int hash = hash(name);
    byte t = tag(hash);
    for (int i = home(hash); ; i = next(i)) {
      byte gi = tags[i];
      if (gi == 0) {
        return -1;
      }
      if (gi == t && hosts[idOf(slots[i])].name().equals(name)) {
        return i;
      }
    }
  }

  void insert(int id, Host[] hosts) {
    // Not slots[freeSlotFor(..)]: that would load the array before a growth replaces it.
    int slot = freeSlotFor(hash(hosts[id].name()), hosts);
    slots[slot] = encode(id, false);
  }

  @Override
  int hashAt(int slot, Host[] hosts) {
    return hash(hosts[idOf(slots[slot])].name());
  }
}
