package io.github.netboot6.core.identity;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MacAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The hosts a provisioning server knows, indexed by every identifier: name, MAC address, SMBIOS
 * UUID, deployed and known DUIDs, and DUIDs the resolver learned.
 *
 * <p>Thread-safety: any number of threads may resolve and look up while others update. Updates are
 * copy-on-write: each {@link #put}, {@link #remove} or {@link #update} call copies the current
 * snapshot (hosts and indexes), applies its changes to the copy and publishes it with one volatile
 * write, so a reader sees either every change of a call or none of it, never a half-updated host.
 * DUIDs the resolver learns are kept beside the snapshots, but consistently with them: a DUID is
 * learned under the update lock and only for the host that is current at that moment, and removing
 * a host forgets its learned DUIDs in the locked step that publishes the removal, so a learned DUID
 * never outlives its host nor passes to a new host that takes the name later. Updates are
 * serialised among themselves. A call costs time proportional to the inventory (about a memory copy
 * of it); group many changes in one {@link #update} call.
 *
 * <p>An identifier claimed by several hosts (a cloned DUID, a reused MAC address) is kept and can
 * be looked up, but the resolver treats it as untrustworthy and never matches on it.
 *
 * <pre>{@code
 * HostInventory inventory = HostInventory.of(List.of(host1, host2));
 * inventory.update(edit -> edit.put(host3).remove("old-node"));
 * inventory.hostsWithMac(MacAddress.parse("52:54:00:12:34:56"));
 * }</pre>
 */
public final class HostInventory {

  /** The changes of one {@link HostInventory#update} call, published together. */
  public interface Editor {
    /**
     * Adds a host, or replaces the host with the same name.
     *
     * @param host the host
     * @return this
     */
    @CanIgnoreReturnValue
    Editor put(Host host);

    /**
     * Removes the host with the given name, if there is one, and forgets the DUIDs learned for it.
     *
     * @param name the host name
     * @return this
     */
    @CanIgnoreReturnValue
    Editor remove(String name);
  }

  private volatile InventorySnapshot snapshot;
  private final Object writeLock = new Object();
  private final ConcurrentHashMap<DuidKey, String> learned = new ConcurrentHashMap<>();

  private HostInventory(InventorySnapshot snapshot) {
    this.snapshot = snapshot;
  }

  /**
   * Returns an empty inventory.
   *
   * @return the inventory
   */
  public static HostInventory create() {
    return new HostInventory(new InventorySnapshot(16));
  }

  /**
   * Returns an inventory holding {@code hosts}, with indexes sized for them.
   *
   * @param hosts the hosts, with distinct names
   * @return the inventory
   * @throws IllegalArgumentException if two hosts have the same name
   */
  public static HostInventory of(Collection<Host> hosts) {
    InventorySnapshot s = new InventorySnapshot(hosts.size());
    Set<String> names = new HashSet<>();
    for (Host host : hosts) {
      checkArgument(names.add(host.name()), "host name: %s appears twice", host.name());
      s.put(host);
    }
    return new HostInventory(s);
  }

  // ---------------------------------------------------------------- updates

  /**
   * Adds a host, or replaces the host with the same name, atomically.
   *
   * @param host the host
   */
  public void put(Host host) {
    update(edit -> edit.put(host));
  }

  /**
   * Removes the host with the given name atomically, and forgets the DUIDs learned for it.
   *
   * @param name the host name
   * @return {@code true} if there was such a host
   */
  @CanIgnoreReturnValue
  public boolean remove(String name) {
    return !apply(edit -> edit.remove(name)).isEmpty();
  }

  /**
   * Applies several changes and publishes them together: resolves see all of them or none.
   *
   * @param changes the changes, made through the editor
   */
  public void update(Consumer<Editor> changes) {
    apply(changes);
  }

  /** Applies changes to a copy, publishes it, and returns the names of the removed hosts. */
  @CanIgnoreReturnValue
  private List<String> apply(Consumer<Editor> changes) {
    synchronized (writeLock) {
      InventorySnapshot copy = new InventorySnapshot(snapshot);
      List<String> removed = new ArrayList<>();
      changes.accept(
          new Editor() {
            @Override
            public Editor put(Host host) {
              copy.put(host);
              return this;
            }

            @Override
            public Editor remove(String name) {
              if (copy.remove(name)) {
                removed.add(name);
              }
              return this;
            }
          });
      snapshot = copy;
      if (!removed.isEmpty()) {
        Set<String> gone = new HashSet<>(removed);
        learned.values().removeIf(name -> gone.contains(name) && copy.byName(name) == null);
      }
      return removed;
    }
  }

  // ---------------------------------------------------------------- lookups

  /**
   * Returns the number of hosts.
   *
   * @return the count
   */
  public int size() {
    return snapshot.count;
  }

  /**
   * Returns the host with the given name.
   *
   * @param name the name
   * @return the host, or empty
   */
  public Optional<Host> host(String name) {
    return Optional.ofNullable(snapshot.byName(name));
  }

  /**
   * Returns every host, sorted by name; this copies.
   *
   * @return a new list
   */
  public List<Host> hosts() {
    InventorySnapshot s = snapshot;
    List<Host> list = new ArrayList<>(s.count);
    for (Host h : s.hosts) {
      if (h != null) {
        list.add(h);
      }
    }
    list.sort(Comparator.comparing(Host::name));
    return list;
  }

  /**
   * Returns the hosts that have the MAC address; more than one means the address is untrustworthy.
   *
   * @param mac the address
   * @return the hosts, sorted by name
   */
  public List<Host> hostsWithMac(MacAddress mac) {
    InventorySnapshot s = snapshot;
    return hosts(s, s.claimants(s.macs.get(mac.toLong()), mac.toLong()));
  }

  /**
   * Returns the hosts whose SMBIOS UUID is {@code smbiosUuid} (as {@code dmidecode} prints it).
   *
   * @param smbiosUuid the UUID
   * @return the hosts, sorted by name
   */
  public List<Host> hostsWithUuid(UUID smbiosUuid) {
    InventorySnapshot s = snapshot;
    long hi = smbiosUuid.getMostSignificantBits();
    long lo = smbiosUuid.getLeastSignificantBits();
    return hosts(s, s.claimants(s.duids.uuidValue(hi, lo), smbiosUuid));
  }

  /**
   * Returns the hosts that have {@code duid} as deployed or known DUID (not learned ones).
   *
   * @param duid the DUID
   * @return the hosts, sorted by name
   */
  public List<Host> hostsWithDuid(Duid duid) {
    InventorySnapshot s = snapshot;
    byte[] bytes = duid.toBytes();
    return hosts(s, s.claimants(s.duidValue(bytes, bytes.length), duid));
  }

  /**
   * Returns the host the resolver learned {@code duid} for.
   *
   * @param duid the DUID
   * @return the host, or empty if the DUID was not learned or its host is gone
   */
  public Optional<Host> learnedHost(Duid duid) {
    byte[] bytes = duid.toBytes();
    String name =
        learned.get(DuidKey.copyOf(bytes, bytes.length, DuidIndex.hash(bytes, bytes.length)));
    return name == null ? Optional.empty() : host(name);
  }

  /**
   * Returns the number of learned DUIDs.
   *
   * @return the count
   */
  public int learnedDuidCount() {
    return learned.size();
  }

  /** Forgets every learned DUID. */
  public void forgetLearnedDuids() {
    learned.clear();
  }

  private static List<Host> hosts(InventorySnapshot s, int[] ids) {
    List<Host> list = new ArrayList<>(ids.length);
    for (int id : ids) {
      list.add(s.host(id));
    }
    list.sort(Comparator.comparing(Host::name));
    return List.copyOf(list);
  }

  // ---------------------------------------------------------------- for the resolver

  InventorySnapshot snapshot() {
    return snapshot;
  }

  @Nullable String learnedName(DuidKey key) {
    return learned.get(key);
  }

  /** What {@link #learn} did. */
  enum Learned {
    /** The DUID now maps to the host. */
    LEARNED,
    /** The capacity is reached; nothing changed. */
    FULL,
    /**
     * The host changed or was removed since the resolve's snapshot; nothing changed (a later
     * request learns it against the current host).
     */
    STALE
  }

  /**
   * Remembers a DUID for {@code host}, as matched in a resolve's snapshot. Done under the update
   * lock and only if {@code host} is still the current host of its name: removing a host forgets
   * its learned DUIDs under the same lock, so a resolve that matched a host just before it was
   * removed (or removed and added again) cannot leave a learned DUID pointing at the name.
   */
  // The check is for the same Host object, i.e. no update replaced or removed it meanwhile.
  @SuppressWarnings("ReferenceEquality")
  Learned learn(byte[] duid, int length, int hash, Host host, int capacity) {
    synchronized (writeLock) {
      if (snapshot.byName(host.name()) != host) {
        return Learned.STALE;
      }
      if (learned.size() >= capacity) {
        return Learned.FULL;
      }
      learned.putIfAbsent(DuidKey.copyOf(duid, length, hash), host.name());
      return Learned.LEARNED;
    }
  }
}
