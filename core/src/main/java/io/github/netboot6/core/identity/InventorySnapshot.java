package io.github.netboot6.core.identity;

import io.github.netboot6.core.Duid;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One immutable version of a {@link HostInventory}: the hosts by id and the indexes over their
 * identifiers. An edit copies the current snapshot, changes the copy and publishes it; a published
 * snapshot is never changed again, so resolves read it without locks.
 *
 * <p>Identifiers claimed by several hosts keep one representative in the index, flagged {@link
 * OpenTable#SHARED}, and the sorted list of all claimants in a side map (small: only shared keys).
 */
final class InventorySnapshot {
  private static final int[] NO_IDS = new int[0];

  Host[] hosts;
  int count;
  int[] freeIds;
  int freeCount;
  final MacIndex macs;
  final DuidIndex duids;
  final NameIndex names;
  final Map<Long, int[]> sharedMacs;
  final Map<UUID, int[]> sharedUuids;
  final Map<Duid, int[]> sharedDuids;
  private final byte[] scratch = new byte[Duid.MAX_LENGTH];

  InventorySnapshot(int expected) {
    hosts = new Host[Math.max(16, expected)];
    freeIds = NO_IDS;
    macs = new MacIndex(expected);
    // A host has a deployed DUID and an SMBIOS UUID, both held by the DUID index.
    duids = new DuidIndex((int) Math.min(2L * expected, Integer.MAX_VALUE));
    names = new NameIndex(expected);
    sharedMacs = new HashMap<>();
    sharedUuids = new HashMap<>();
    sharedDuids = new HashMap<>();
  }

  /** A private, editable copy of {@code other}. */
  InventorySnapshot(InventorySnapshot other) {
    hosts = other.hosts.clone();
    count = other.count;
    freeIds = other.freeIds.clone();
    freeCount = other.freeCount;
    macs = new MacIndex(other.macs);
    duids = new DuidIndex(other.duids);
    names = new NameIndex(other.names);
    sharedMacs = new HashMap<>(other.sharedMacs);
    sharedUuids = new HashMap<>(other.sharedUuids);
    sharedDuids = new HashMap<>(other.sharedDuids);
  }

  // ---------------------------------------------------------------- reads

  @Nullable Host byName(String name) {
    int slot = names.slotOf(name, hosts);
    return slot < 0 ? null : hosts[OpenTable.idOf(names.valueAt(slot))];
  }

  /** The id of the host named {@code name}, or -1. */
  int idByName(String name) {
    int slot = names.slotOf(name, hosts);
    return slot < 0 ? -1 : OpenTable.idOf(names.valueAt(slot));
  }

  Host host(int id) {
    Host h = hosts[id];
    if (h == null) {
      throw new IllegalStateException("no host with id " + id);
    }
    return h;
  }

  /** The ids of every host claiming the identifier whose index value is {@code value}. */
  int[] claimants(int value, Object key) {
    if (value == 0) {
      return NO_IDS;
    }
    if (!OpenTable.isShared(value)) {
      return new int[] {OpenTable.idOf(value)};
    }
    Map<?, int[]> side =
        key instanceof Long ? sharedMacs : key instanceof UUID ? sharedUuids : sharedDuids;
    int[] ids = side.get(key);
    return ids == null ? NO_IDS : ids.clone();
  }

  int duidValue(byte[] duid, int length) {
    int slot = duids.slotOf(duid, length, DuidIndex.hash(duid, length), hosts);
    return slot < 0 ? 0 : duids.valueAt(slot);
  }

  // ---------------------------------------------------------------- edits

  /** Adds or replaces the host with {@code host.name()}. */
  void put(Host host) {
    int slot = names.slotOf(host.name(), hosts);
    int id;
    if (slot >= 0) {
      id = OpenTable.idOf(names.valueAt(slot));
      release(id, hosts[id]);
      hosts[id] = host;
    } else {
      id = allocateId();
      hosts[id] = host;
      names.insert(id, hosts);
      count++;
    }
    claim(id, host);
  }

  /** Removes the host named {@code name}; returns whether there was one. */
  // A freed id's slot is null; no index refers to it, and readers check before use.
  @SuppressWarnings("NullAway")
  boolean remove(String name) {
    int slot = names.slotOf(name, hosts);
    if (slot < 0) {
      return false;
    }
    int id = OpenTable.idOf(names.valueAt(slot));
    release(id, hosts[id]);
    names.removeSlot(slot, hosts);
    hosts[id] = null;
    if (freeCount == freeIds.length) {
      freeIds = Arrays.copyOf(freeIds, Math.max(8, freeCount * 2));
    }
    freeIds[freeCount++] = id;
    count--;
    return true;
  }

  private int allocateId() {
    if (freeCount > 0) {
      return freeIds[--freeCount];
    }
    int id = count;
    if (id == hosts.length) {
      hosts = Arrays.copyOf(hosts, hosts.length + (hosts.length >> 1));
    }
    return id;
  }

  private void claim(int id, Host host) {
    for (long mac : host.macs()) {
      int slot = macs.slotOf(mac);
      if (slot < 0) {
        macs.insert(mac, OpenTable.encode(id, false), hosts);
      } else {
        macs.setValue(slot, share(macs.valueAt(slot), id, sharedMacs, mac));
      }
    }
    if (host.hasUuid()) {
      int slot = duids.uuidSlotOf(host.uuidHigh(), host.uuidLow());
      if (slot < 0) {
        duids.insertUuid(host.uuidHigh(), host.uuidLow(), OpenTable.encode(id, false), hosts);
      } else {
        UUID key = new UUID(host.uuidHigh(), host.uuidLow());
        duids.setValue(slot, share(duids.valueAt(slot), id, sharedUuids, key));
      }
    }
    Duid deployed = host.deployedDuidOrNull();
    if (deployed != null) {
      claimDuid(id, deployed, true);
    }
    for (Duid known : host.knownDuidArray()) {
      claimDuid(id, known, false);
    }
  }

  private void claimDuid(int id, Duid duid, boolean deployed) {
    int length = duid.writeTo(scratch, 0);
    int hash = DuidIndex.hash(scratch, length);
    int slot = duids.slotOf(scratch, length, hash, hosts);
    if (slot < 0) {
      duids.insert(scratch, length, hash, OpenTable.encode(id, false), deployed, hosts);
    } else {
      duids.setValue(slot, share(duids.valueAt(slot), id, sharedDuids, duid));
      if (deployed) {
        duids.setDeployed(slot, true);
      }
    }
  }

  private static <K> int share(int value, int id, Map<K, int[]> side, K key) {
    int rep = OpenTable.idOf(value);
    if (!OpenTable.isShared(value)) {
      if (rep == id) {
        return value; // the same host names the identifier twice
      }
      int[] ids = {Math.min(rep, id), Math.max(rep, id)};
      side.put(key, ids);
      return OpenTable.encode(rep, true);
    }
    int[] ids = side.getOrDefault(key, NO_IDS);
    if (Arrays.binarySearch(ids, id) < 0) {
      int[] more = Arrays.copyOf(ids, ids.length + 1);
      more[ids.length] = id;
      Arrays.sort(more);
      side.put(key, more);
    }
    return value;
  }

  private void release(int id, Host host) {
    for (long mac : host.macs()) {
      int slot = macs.slotOf(mac);
      if (slot >= 0) {
        int v = unshare(macs.valueAt(slot), id, sharedMacs, mac);
        if (v == 0) {
          macs.removeSlot(slot, hosts);
        } else {
          macs.setValue(slot, v);
        }
      }
    }
    if (host.hasUuid()) {
      int slot = duids.uuidSlotOf(host.uuidHigh(), host.uuidLow());
      if (slot >= 0) {
        UUID key = new UUID(host.uuidHigh(), host.uuidLow());
        int v = unshare(duids.valueAt(slot), id, sharedUuids, key);
        if (v == 0) {
          duids.removeSlot(slot, hosts);
        } else {
          duids.setValue(slot, v);
        }
      }
    }
    Duid deployed = host.deployedDuidOrNull();
    if (deployed != null) {
      releaseDuid(id, deployed);
    }
    for (Duid known : host.knownDuidArray()) {
      releaseDuid(id, known);
    }
  }

  private void releaseDuid(int id, Duid duid) {
    int length = duid.writeTo(scratch, 0);
    int slot = duids.slotOf(scratch, length, DuidIndex.hash(scratch, length), hosts);
    if (slot >= 0) {
      int v = unshare(duids.valueAt(slot), id, sharedDuids, duid);
      if (v == 0) {
        duids.removeSlot(slot, hosts);
      } else {
        duids.setValue(slot, v);
        duids.setDeployed(slot, deployedByAny(v, duid));
      }
    }
  }

  /** Whether any claimant of the DUID whose index value is {@code value} deployed it. */
  private boolean deployedByAny(int value, Duid duid) {
    for (int claimant : claimants(value, duid)) {
      if (duid.equals(hosts[claimant].deployedDuidOrNull())) {
        return true;
      }
    }
    return false;
  }

  /** Drops {@code id} from the claimants; returns the new slot value, 0 when none is left. */
  private static <K> int unshare(int value, int id, Map<K, int[]> side, K key) {
    if (!OpenTable.isShared(value)) {
      return OpenTable.idOf(value) == id ? 0 : value;
    }
    int[] ids = side.getOrDefault(key, NO_IDS);
    int at = Arrays.binarySearch(ids, id);
    if (at < 0) {
      return value;
    }
    int[] fewer = new int[ids.length - 1];
    System.arraycopy(ids, 0, fewer, 0, at);
    System.arraycopy(ids, at + 1, fewer, at, fewer.length - at);
    if (fewer.length == 1) {
      side.remove(key);
      return OpenTable.encode(fewer[0], false);
    }
    side.put(key, fewer);
    return OpenTable.encode(fewer[0], true);
  }
}
