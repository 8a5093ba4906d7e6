package io.github.netboot6.allocation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.allocation.internal.LongObjectMap;
import io.github.netboot6.allocation.internal.SparseBitmap;
import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Ipv6Address;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A shared, separately sized range of addresses for the netboot phases, handed out per host and
 * phase and released when the host has installed: the phase half of the layout that keeps permanent
 * addresses consecutive (issue 5's second layout), as opposed to {@link BlockLayout}'s slots inside
 * each host's block.
 *
 * <pre>{@code
 * InstallRange range = InstallRange.of(Ipv6Address.parse("2001:db8:0:1::"), 4096);
 * Ipv6Address ipxe = range.allocate(host, BootPhase.IPXE);   // 2001:db8:0:1::, then ::1 ...
 * range.allocate(host, BootPhase.IPXE);                      // the same address again
 * range.release(host);                                       // installed: every phase address back
 * }</pre>
 *
 * <p>A host holds at most one address per phase. {@link BootPhase#INSTALLED_OS} has none here: it
 * uses the host's permanent address. New addresses are taken next-fit, from just after the last one
 * handed out and wrapping around, so that an address just released (whose DHCPv6 lease may still be
 * live in a client) is the last to be handed out again.
 *
 * <p>Instances are thread-safe; each method holds the instance's lock for a few hash and bitmap
 * steps. The state lives in memory only: this class does not persist to an {@link AllocationStore}.
 */
public final class InstallRange {

  /** The largest range accepted: 2<sup>62</sup> addresses. */
  public static final long MAX_SIZE = 1L << 62;

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
  private final SparseBitmap used;
  private final LongObjectMap<Holder> byOffset = new LongObjectMap<>();
  private final Map<HostKey, EnumMap<BootPhase, Long>> byHost = new HashMap<>();
  private long cursor;

  private InstallRange(Ipv6Address first, Ipv6Address last, long size) {
    this.first = first;
    this.last = last;
    this.size = size;
    this.used = new SparseBitmap(size - 1);
  }

  /**
   * Returns an empty range of {@code size} addresses from {@code first}.
   *
   * @param first the range's first address
   * @param size how many addresses, from 1 to {@value #MAX_SIZE}
   * @return the range
   * @throws IllegalArgumentException if {@code size} is outside 1..{@value #MAX_SIZE} or the range
   *     would pass {@code ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff}
   */
  public static InstallRange of(Ipv6Address first, long size) {
    requireNonNull(first, "first");
    checkArgument(
        size >= 1 && size <= MAX_SIZE, "install range size: %s (expected: 1..2^62)", size);
    Ipv6Address last;
    try {
      last = first.add(size - 1);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "install range: " + size + " addresses from " + first + " pass the last IPv6 address", e);
    }
    return new InstallRange(first, last, size);
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
   * @return the address
   * @throws IllegalArgumentException if {@code phase} is {@link BootPhase#INSTALLED_OS}
   * @throws PoolExhaustedException if the host has no address for the phase and none is free
   */
  public synchronized Ipv6Address allocate(HostKey host, BootPhase phase) {
    checkPhase(phase);
    EnumMap<BootPhase, Long> phases = byHost.get(requireNonNull(host, "host"));
    Long held = phases == null ? null : phases.get(phase);
    if (held != null) {
      return first.add(held);
    }
    long offset = used.nextClear(cursor);
    if (offset < 0 && cursor > 0) {
      offset = used.nextClear(0);
    }
    if (offset < 0) {
      throw new PoolExhaustedException(host, phase, this);
    }
    used.set(offset);
    byOffset.put(offset, new Holder(host, phase));
    byHost.computeIfAbsent(host, h -> new EnumMap<>(BootPhase.class)).put(phase, offset);
    cursor = offset == size - 1 ? 0 : offset + 1;
    return first.add(offset);
  }

  /**
   * Gives a specific address to {@code host} for {@code phase}, e.g. to import phase addresses held
   * elsewhere or to rebuild the range from an embedding tool's own database; idempotent if the host
   * already holds that address for that phase.
   *
   * @param host the host
   * @param phase the boot phase, any but {@link BootPhase#INSTALLED_OS}
   * @param address the address
   * @throws IllegalArgumentException if {@code phase} is {@link BootPhase#INSTALLED_OS}
   * @throws UnavailableAddressException if the address is outside the range
   * @throws AllocationConflictException if another host or phase holds the address, or the host
   *     holds another address for the phase
   */
  public synchronized void allocateAddress(HostKey host, BootPhase phase, Ipv6Address address) {
    checkPhase(phase);
    requireNonNull(host, "host");
    long offset = offsetOf(requireNonNull(address, "address"));
    if (offset < 0) {
      throw new UnavailableAddressException(
          "address: " + address + " (expected: inside install range " + first + "-" + last + ")");
    }
    Holder holder = byOffset.get(offset);
    Holder wanted = new Holder(host, phase);
    if (wanted.equals(holder)) {
      return;
    }
    if (holder != null) {
      throw new AllocationConflictException(
          "address: "
              + address
              + " is held by "
              + holder.host()
              + " for phase "
              + holder.phase()
              + " (expected: a free address, or one "
              + host
              + " holds for phase "
              + phase
              + ")");
    }
    EnumMap<BootPhase, Long> phases =
        byHost.computeIfAbsent(host, h -> new EnumMap<>(BootPhase.class));
    Long held = phases.get(phase);
    if (held != null) {
      throw new AllocationConflictException(
          "host "
              + host
              + " holds "
              + first.add(held)
              + " for phase "
              + phase
              + " (expected: no address for that phase, or "
              + address
              + ")");
    }
    used.set(offset);
    byOffset.put(offset, wanted);
    phases.put(phase, offset);
  }

  /**
   * Calls {@code action} with every held address and its holder, in address order, under the lock:
   * {@code action} must not call back into this range.
   *
   * @param action what to do with each address
   */
  public synchronized void forEach(BiConsumer<? super Ipv6Address, ? super Holder> action) {
    requireNonNull(action, "action");
    for (long offset = used.nextSet(0); offset >= 0; ) {
      Holder holder = requireNonNull(byOffset.get(offset));
      action.accept(first.add(offset), holder);
      offset = offset == size - 1 ? -1 : used.nextSet(offset + 1);
    }
  }

  /**
   * Returns the address {@code host} holds for {@code phase}.
   *
   * @param host the host
   * @param phase the boot phase
   * @return the address, or empty if the host holds none for that phase
   */
  public synchronized Optional<Ipv6Address> lookup(HostKey host, BootPhase phase) {
    requireNonNull(phase, "phase");
    EnumMap<BootPhase, Long> phases = byHost.get(requireNonNull(host, "host"));
    Long held = phases == null ? null : phases.get(phase);
    return held == null ? Optional.empty() : Optional.of(first.add(held));
  }

  /**
   * Returns every address {@code host} holds, by phase.
   *
   * @param host the host
   * @return the addresses in phase order, an unmodifiable copy; empty if the host holds none
   */
  public synchronized Map<BootPhase, Ipv6Address> lookup(HostKey host) {
    EnumMap<BootPhase, Long> phases = byHost.get(requireNonNull(host, "host"));
    if (phases == null) {
      return Map.of();
    }
    Map<BootPhase, Ipv6Address> addresses = new EnumMap<>(BootPhase.class);
    phases.forEach((phase, offset) -> addresses.put(phase, first.add(offset)));
    return Collections.unmodifiableMap(addresses);
  }

  /**
   * Returns who holds an address.
   *
   * @param address the address
   * @return the host and phase, or empty if the address is free or outside the range
   */
  public synchronized Optional<Holder> lookup(Ipv6Address address) {
    long offset = offsetOf(requireNonNull(address, "address"));
    return offset < 0 ? Optional.empty() : Optional.ofNullable(byOffset.get(offset));
  }

  /**
   * Releases the address {@code host} holds for {@code phase}, if any.
   *
   * @param host the host
   * @param phase the boot phase
   * @return true if an address was released
   */
  @CanIgnoreReturnValue
  public synchronized boolean release(HostKey host, BootPhase phase) {
    requireNonNull(phase, "phase");
    EnumMap<BootPhase, Long> phases = byHost.get(requireNonNull(host, "host"));
    if (phases == null) {
      return false;
    }
    Long held = phases.remove(phase);
    if (held == null) {
      return false;
    }
    if (phases.isEmpty()) {
      byHost.remove(host);
    }
    free(held);
    return true;
  }

  /**
   * Releases every address {@code host} holds, e.g. once it runs its installed OS.
   *
   * @param host the host
   * @return how many addresses were released
   */
  @CanIgnoreReturnValue
  public synchronized int release(HostKey host) {
    EnumMap<BootPhase, Long> phases = byHost.remove(requireNonNull(host, "host"));
    if (phases == null) {
      return 0;
    }
    phases.values().forEach(this::free);
    return phases.size();
  }

  /**
   * Returns how many addresses are held.
   *
   * @return the count, 0 to {@link #size()}
   */
  public synchronized long allocatedCount() {
    return used.cardinality();
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

  private void free(long offset) {
    used.clear(offset);
    byOffset.remove(offset);
  }

  /** Returns the offset of {@code address} in the range, or -1 if outside it. */
  private long offsetOf(Ipv6Address address) {
    if (address.compareTo(first) < 0 || address.compareTo(last) > 0) {
      return -1;
    }
    // Inside a range of at most 2^62 addresses: the low 64 bits' difference is exact.
    return address.low() - first.low();
  }

  private static void checkPhase(BootPhase phase) {
    checkArgument(
        requireNonNull(phase, "phase") != BootPhase.INSTALLED_OS,
        "phase: INSTALLED_OS (expected: a netboot phase or UNKNOWN; the installed OS uses the"
            + " host's permanent address, not the install range)");
  }
}
