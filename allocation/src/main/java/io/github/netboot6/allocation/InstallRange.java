package io.github.netboot6.allocation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.allocation.internal.BlockRuns;
import io.github.netboot6.allocation.internal.LongObjectMap;
import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Ipv6Address;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A shared, separately sized range of addresses for the netboot phases, handed out per host and
 * phase and released when the host has installed: the phase half of the layout that keeps permanent
 * addresses consecutive (issue 5's second layout), as opposed to {@link BlockLayout}'s slots inside
 * each host's block.
 *
 * <pre>{@code
 * try (InstallRange range =
 *     InstallRange.builder(Ipv6Address.parse("2001:db8:0:1::"), 4096)
 *         .store(JournalStore.open(Path.of("/var/lib/netboot6/install-range")))
 *         .build()) {
 *   Ipv6Address ipxe = range.allocate(host, BootPhase.IPXE); // 2001:db8:0:1::, then ::1 ...
 *   range.allocate(host, BootPhase.IPXE);                    // the same address again
 *   range.release(host);                                     // installed: every phase address back
 * }
 * }</pre>
 *
 * <p>A host holds at most one address per phase. {@link BootPhase#INSTALLED_OS} has none here: it
 * uses the host's permanent address. New addresses are taken next-fit, from just after the last one
 * given (by {@link #allocate} or {@link #allocateAddress}) and wrapping around, so that an address
 * just released (whose DHCPv6 lease may still be live in a client) is the last to be handed out
 * again.
 *
 * <h2>Store</h2>
 *
 * <p>The range keeps its state in an {@link AllocationStore}, as {@link Allocator} does: {@link
 * #of} in memory only, {@link #builder} in the store given, such as a {@link JournalStore}. Each
 * held address is a store entry whose key is {@code offset << 3 | phase code} (the offset from
 * {@link #first()}; codes 0 {@code FIRMWARE_PXE}, 1 {@code FIRMWARE_HTTP}, 2 {@code IPXE}, 3 {@code
 * BOOT_LOADER}, 4 {@code INSTALLER}, 6 {@code UNKNOWN}) and whose host key is the holder; a release
 * appends the same key. One more entry, with key {@link Long#MAX_VALUE} and the host key {@code
 * HostKey.ofName("netboot6 install range <first> next <offset>")}, names the range and saves the
 * next-fit cursor in snapshots; it is written when the store is empty at build and in every
 * snapshot.
 *
 * <p>Building replays the store and gives back the state it holds, next-fit cursor included: every
 * acknowledged change, and at most the changes that were in flight when the process stopped. A
 * store remembers the range's first address, not its size: a range can be built larger over an
 * existing store, or smaller if every address still held fits (next-fit then starts over at the
 * first address if its cursor was past the new end). A store of another range (another first
 * address), an {@link Allocator}'s store, or entries that do not make sense (an unknown phase code,
 * an address held twice, the release of an address not held, an address still held past the end)
 * make {@link Builder#build()} throw {@link AllocationStoreException} naming the entry by its
 * position in the replay; nothing is dropped. An {@code Allocator} refuses an install range's store
 * in turn: the marker's key is no block of any pool.
 *
 * <h2>Concurrency and durability</h2>
 *
 * <p>Instances are thread-safe; each method holds the instance's lock for a few hash and search
 * steps. A change is appended to the store under the lock and waited for outside it, so that
 * concurrent callers share one disk flush; a method returns only once its change (and every earlier
 * one) is durable. Look-ups may see a change whose flush is still in progress. If the store fails
 * to persist a change, the range refuses every further change with {@link
 * AllocationStoreException}: build it again from its store.
 */
public final class InstallRange implements AutoCloseable {

  /**
   * The largest range accepted: 2<sup>60</sup> addresses, so that a store key ({@code offset << 3 |
   * phase code}) fits in a non-negative {@code long}.
   */
  public static final long MAX_SIZE = 1L << 60;

  /**
   * Who holds an address of the range.
   *
   * @param host the host
   * @param phase the boot phase the address is for
   */
  public record Holder(HostKey host, BootPhase phase) {
    /**
     * Creates a holder.
     *
     * @param host the host
     * @param phase the boot phase the address is for
     */
    public Holder {
      requireNonNull(host, "host");
      requireNonNull(phase, "phase");
    }
  }

  private final Ipv6Address first;
  private final Ipv6Address last;
  private final long size;
  private final AllocationStore store;
  private final StoreGate gate;
  private final Object lock = new Object();
  private final BlockRuns used;
  private final LongObjectMap<Holder> byOffset = new LongObjectMap<>();
  private final Map<HostKey, EnumMap<BootPhase, Long>> byHost = new HashMap<>();
  private long cursor;
  private long lastTicket;

  private InstallRange(Builder builder) {
    this.first = builder.first;
    this.last = builder.last;
    this.size = builder.size;
    this.store = builder.store;
    this.gate = new StoreGate(store, "build the install range again from its store");
    this.used = new BlockRuns(size - 1);
    InstallRangeEntries.Replay replay = new InstallRangeEntries.Replay(this);
    store.replay(replay);
    if (replay.isEmpty()) {
      // A new store: name the range in it before any address, so it is never read as another's.
      store.awaitDurable(store.append(InstallRangeEntries.MARKER_KEY, marker(), true));
    } else {
      replay.restore();
    }
  }

  /**
   * Returns an empty range of {@code size} addresses from {@code first}, kept in memory only.
   *
   * @param first the range's first address
   * @param size how many addresses, from 1 to {@value #MAX_SIZE}
   * @return the range
   * @throws IllegalArgumentException if {@code size} is outside 1..{@value #MAX_SIZE} or the range
   *     would pass {@code ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff}
   */
  public static InstallRange of(Ipv6Address first, long size) {
    return builder(first, size).build();
  }

  /**
   * Returns a builder of a range of {@code size} addresses from {@code first}.
   *
   * @param first the range's first address
   * @param size how many addresses, from 1 to {@value #MAX_SIZE}
   * @return a new builder: in-memory store
   * @throws IllegalArgumentException if {@code size} is outside 1..{@value #MAX_SIZE} or the range
   *     would pass {@code ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff}
   */
  public static Builder builder(Ipv6Address first, long size) {
    requireNonNull(first, "first");
    checkArgument(
        size >= 1 && size <= MAX_SIZE, "install range size: %s (expected: 1..2^60)", size);
    Ipv6Address last;
    try {
      last = first.add(size - 1);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "install range: " + size + " addresses from " + first + " pass the last IPv6 address", e);
    }
    return new Builder(first, last, size);
  }

  /**
   * Returns the range's first address.
   *
   * @return the address
   */
  public Ipv6Address first() {
    return first;
  }

  /**
   * Returns the range's last address.
   *
   * @return the address
   */
  public Ipv6Address last() {
    return last;
  }

  /**
   * Returns how many addresses the range holds.
   *
   * @return the size, 1 to {@value #MAX_SIZE}
   */
  public long size() {
    return size;
  }

  /**
   * Returns the address of {@code host} for {@code phase}, allocating one if it has none: calling
   * again with the same host and phase returns the same address.
   *
   * @param host the host
   * @param phase the boot phase, any but {@link BootPhase#INSTALLED_OS}
   * @return the address, durable in the store
   * @throws IllegalArgumentException if {@code phase} is {@link BootPhase#INSTALLED_OS}
   * @throws PoolExhaustedException if the host has no address for the phase and none is free
   * @throws AllocationStoreException if the store failed
   */
  public Ipv6Address allocate(HostKey host, BootPhase phase) {
    checkPhase(phase);
    requireNonNull(host, "host");
    long offset;
    long ticket;
    synchronized (lock) {
      Long held = held(host, phase);
      if (held != null) {
        offset = held;
        ticket = lastTicket;
      } else {
        gate.checkNotFailed();
        offset = used.nextClear(cursor);
        if (offset < 0 && cursor > 0) {
          offset = used.nextClear(0);
        }
        if (offset < 0) {
          throw new PoolExhaustedException(host, phase, this);
        }
        ticket = record(offset, new Holder(host, phase), true);
      }
    }
    durable(ticket);
    return first.add(offset);
  }

  /**
   * Gives a specific address to {@code host} for {@code phase}, e.g. to import phase addresses held
   * elsewhere or to rebuild the range from an embedding tool's own database; idempotent if the host
   * already holds that address for that phase. Next-fit then continues after this address.
   *
   * @param host the host
   * @param phase the boot phase, any but {@link BootPhase#INSTALLED_OS}
   * @param address the address
   * @throws IllegalArgumentException if {@code phase} is {@link BootPhase#INSTALLED_OS}
   * @throws UnavailableAddressException if the address is outside the range
   * @throws AllocationConflictException if another host or phase holds the address, or the host
   *     holds another address for the phase
   * @throws AllocationStoreException if the store failed
   */
  public void allocateAddress(HostKey host, BootPhase phase, Ipv6Address address) {
    checkPhase(phase);
    requireNonNull(host, "host");
    long offset = offsetOf(requireNonNull(address, "address"));
    if (offset < 0) {
      throw new UnavailableAddressException(
          "address: " + address + " (expected: inside install range " + first + "-" + last + ")");
    }
    long ticket;
    synchronized (lock) {
      Holder holder = byOffset.get(offset);
      Holder wanted = new Holder(host, phase);
      if (wanted.equals(holder)) {
        ticket = lastTicket;
      } else {
        gate.checkNotFailed();
        checkFree(address, holder, wanted);
        ticket = record(offset, wanted, true);
      }
    }
    durable(ticket);
  }

  private void checkFree(Ipv6Address address, @Nullable Holder holder, Holder wanted) {
    if (holder != null) {
      throw new AllocationConflictException(
          "address: "
              + address
              + " is held by "
              + holder.host()
              + " for phase "
              + holder.phase()
              + " (expected: a free address, or one "
              + wanted.host()
              + " holds for phase "
              + wanted.phase()
              + ")");
    }
    Long held = held(wanted.host(), wanted.phase());
    if (held != null) {
      throw new AllocationConflictException(
          "host "
              + wanted.host()
              + " holds "
              + first.add(held)
              + " for phase "
              + wanted.phase()
              + " (expected: no address for that phase, or "
              + address
              + ")");
    }
  }

  /**
   * Calls {@code action} with every held address and its holder, in address order, under the lock:
   * {@code action} must not call back into this range.
   *
   * @param action what to do with each address
   */
  public void forEach(BiConsumer<? super Ipv6Address, ? super Holder> action) {
    requireNonNull(action, "action");
    synchronized (lock) {
      for (long offset = used.nextSet(0); offset >= 0; offset = nextSet(offset)) {
        action.accept(first.add(offset), requireNonNull(byOffset.get(offset)));
      }
    }
  }

  /**
   * Returns the address {@code host} holds for {@code phase}.
   *
   * @param host the host
   * @param phase the boot phase
   * @return the address, or empty if the host holds none for that phase
   */
  public Optional<Ipv6Address> lookup(HostKey host, BootPhase phase) {
    requireNonNull(phase, "phase");
    requireNonNull(host, "host");
    synchronized (lock) {
      Long held = held(host, phase);
      return held == null ? Optional.empty() : Optional.of(first.add(held));
    }
  }

  /**
   * Returns every address {@code host} holds, by phase.
   *
   * @param host the host
   * @return the addresses in phase order, an unmodifiable copy; empty if the host holds none
   */
  public Map<BootPhase, Ipv6Address> lookup(HostKey host) {
    requireNonNull(host, "host");
    synchronized (lock) {
      EnumMap<BootPhase, Long> phases = byHost.get(host);
      if (phases == null) {
        return Map.of();
      }
      Map<BootPhase, Ipv6Address> addresses = new EnumMap<>(BootPhase.class);
      phases.forEach((phase, offset) -> addresses.put(phase, first.add(offset)));
      return Collections.unmodifiableMap(addresses);
    }
  }

  /**
   * Returns who holds an address.
   *
   * @param address the address
   * @return the host and phase, or empty if the address is free or outside the range
   */
  public Optional<Holder> lookup(Ipv6Address address) {
    long offset = offsetOf(requireNonNull(address, "address"));
    if (offset < 0) {
      return Optional.empty();
    }
    synchronized (lock) {
      return Optional.ofNullable(byOffset.get(offset));
    }
  }

  /**
   * Releases the address {@code host} holds for {@code phase}, if any.
   *
   * @param host the host
   * @param phase the boot phase
   * @return true if an address was released, durably in the store
   * @throws AllocationStoreException if the store failed
   */
  @CanIgnoreReturnValue
  public boolean release(HostKey host, BootPhase phase) {
    requireNonNull(phase, "phase");
    requireNonNull(host, "host");
    long ticket;
    synchronized (lock) {
      gate.checkNotFailed();
      Long held = held(host, phase);
      if (held == null) {
        return false;
      }
      ticket = record(held, new Holder(host, phase), false);
    }
    durable(ticket);
    return true;
  }

  /**
   * Releases every address {@code host} holds, e.g. once it runs its installed OS.
   *
   * @param host the host
   * @return how many addresses were released, durably in the store
   * @throws AllocationStoreException if the store failed
   */
  @CanIgnoreReturnValue
  public int release(HostKey host) {
    requireNonNull(host, "host");
    long ticket = 0;
    int released = 0;
    synchronized (lock) {
      gate.checkNotFailed();
      EnumMap<BootPhase, Long> phases = byHost.get(host);
      if (phases == null) {
        return 0;
      }
      for (Map.Entry<BootPhase, Long> held : new EnumMap<>(phases).entrySet()) {
        ticket = record(held.getValue(), new Holder(host, held.getKey()), false);
        released++;
      }
    }
    durable(ticket);
    return released;
  }

  /**
   * Returns how many addresses are held.
   *
   * @return the count, 0 to {@link #size()}
   */
  public long allocatedCount() {
    synchronized (lock) {
      return used.cardinality();
    }
  }

  /**
   * Writes a snapshot to the store so that its history can be dropped; the {@link JournalStore}
   * also asks for one by itself as its journal grows. Changes wait while the state is copied, not
   * while the snapshot is written.
   *
   * @throws AllocationStoreException if the snapshot cannot be written
   */
  public void compact() {
    AllocationStore.Compaction compaction;
    long[] keys;
    HostKey[] hosts;
    synchronized (lock) {
      gate.checkNotFailed();
      compaction = store.beginCompaction();
      if (compaction == null) {
        return;
      }
      int n = byOffset.size();
      keys = new long[n + 1];
      hosts = new HostKey[n + 1];
      long offset = n == 0 ? -1 : used.nextSet(0);
      for (int i = 0; i < n; i++) {
        Holder holder = requireNonNull(byOffset.get(offset));
        keys[i] = InstallRangeEntries.key(offset, holder.phase());
        hosts[i] = holder.host();
        offset = nextSet(offset);
      }
      // The marker last: the keys stay ascending, and replay sets the cursor after the entries.
      keys[n] = InstallRangeEntries.MARKER_KEY;
      hosts[n] = marker();
    }
    compaction.complete(keys, hosts);
  }

  /** Closes the store. */
  @Override
  public void close() {
    store.close();
  }

  /**
   * Returns the range for logs, e.g. {@code InstallRange{2001:db8:0:1::, 4096 addresses}}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "InstallRange{" + first + ", " + size + " addresses}";
  }

  // ---- inside the lock, or at build

  private @Nullable Long held(HostKey host, BootPhase phase) {
    EnumMap<BootPhase, Long> phases = byHost.get(host);
    return phases == null ? null : phases.get(phase);
  }

  private long nextSet(long offset) {
    return offset == size - 1 ? -1 : used.nextSet(offset + 1);
  }

  private HostKey marker() {
    return InstallRangeEntries.marker(first, cursor);
  }

  /** Appends the change to the store, then applies it (so a failed append changes nothing). */
  private long record(long offset, Holder holder, boolean allocated) {
    long ticket =
        gate.append(InstallRangeEntries.key(offset, holder.phase()), holder.host(), allocated);
    lastTicket = ticket;
    if (allocated) {
      apply(offset, holder);
    } else {
      unapply(offset, holder);
    }
    return ticket;
  }

  void restoreCursor(long saved) {
    cursor = saved >= 0 && saved < size ? saved : 0; // a range built smaller starts over
  }

  void apply(long offset, Holder holder) {
    used.set(offset);
    byOffset.put(offset, holder);
    byHost
        .computeIfAbsent(holder.host(), h -> new EnumMap<>(BootPhase.class))
        .put(holder.phase(), offset);
    cursor = offset == size - 1 ? 0 : offset + 1;
  }

  private void unapply(long offset, Holder holder) {
    used.clear(offset);
    byOffset.remove(offset);
    EnumMap<BootPhase, Long> phases = requireNonNull(byHost.get(holder.host()));
    phases.remove(holder.phase());
    if (phases.isEmpty()) {
      byHost.remove(holder.host());
    }
  }

  // ---- outside the lock

  private void durable(long ticket) {
    gate.durable(ticket, this::compact);
  }

  /** Returns the offset of {@code address} in the range, or -1 if outside it. */
  private long offsetOf(Ipv6Address address) {
    if (address.compareTo(first) < 0 || address.compareTo(last) > 0) {
      return -1;
    }
    // Inside a range of at most 2^60 addresses: the low 64 bits' difference is exact.
    return address.low() - first.low();
  }

  private static void checkPhase(BootPhase phase) {
    checkArgument(
        requireNonNull(phase, "phase") != BootPhase.INSTALLED_OS,
        "phase: INSTALLED_OS (expected: a netboot phase or UNKNOWN; the installed OS uses the"
            + " host's permanent address, not the install range)");
  }

  /**
   * Builds an {@link InstallRange}.
   *
   * <p>A builder is not thread-safe.
   */
  public static final class Builder {
    private final Ipv6Address first;
    private final Ipv6Address last;
    private final long size;
    private AllocationStore store = AllocationStore.inMemory();

    private Builder(Ipv6Address first, Ipv6Address last, long size) {
      this.first = first;
      this.last = last;
      this.size = size;
    }

    /**
     * Sets the store; the range closes it when it is closed. One store holds one range, and no
     * allocator's blocks.
     *
     * @param store the store (default {@link AllocationStore#inMemory()})
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder store(AllocationStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /**
     * Builds the range, replaying the store's state; if it throws, the store is left open.
     *
     * @return the range
     * @throws AllocationStoreException if the stored state cannot be read or written, belongs to
     *     another range, or does not fit this one
     */
    public InstallRange build() {
      return new InstallRange(this);
    }
  }
}
