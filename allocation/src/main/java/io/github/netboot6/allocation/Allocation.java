package io.github.netboot6.allocation;

import static java.util.Objects.requireNonNull;

import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MalformedValueException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One host's block: which host holds it, its index in the pool, and its addresses.
 *
 * <pre>{@code
 * Allocation a = allocator.allocate(HostKey.ofMac(mac));
 * a.permanentAddress();        // 2001:db8::8
 * a.slotAddress("ipxe");       // 2001:db8::c
 * a.addressFor(BootPhase.IPXE); // 2001:db8::c, through the layout's phase mapping
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe, and compare by host, block and pool.
 */
public final class Allocation {
  private final HostKey host;
  private final long blockIndex;
  private final AddressPool pool;

  Allocation(HostKey host, long blockIndex, AddressPool pool) {
    this.host = requireNonNull(host, "host");
    this.blockIndex = blockIndex;
    this.pool = pool;
  }

  /**
   * Returns the host that holds the block.
   *
   * @return the host key
   */
  public HostKey host() {
    return host;
  }

  /**
   * Returns the block's index in the pool.
   *
   * @return the index, {@code 0..pool.lastBlockIndex()}
   */
  public long blockIndex() {
    return blockIndex;
  }

  /**
   * Returns the block as a prefix, e.g. {@code 2001:db8::8/125}.
   *
   * @return the prefix block
   */
  public Ipv6Prefix block() {
    return pool.blockPrefix(blockIndex);
  }

  /**
   * Returns the host's permanent address (the installed OS's address).
   *
   * @return the address
   */
  public Ipv6Address permanentAddress() {
    return pool.addressAt(pool.layout().permanentAddressOffset(blockIndex));
  }

  /**
   * Returns the address of a phase slot.
   *
   * @param slot the slot name, e.g. {@code "ipxe"}
   * @return the address
   * @throws MalformedValueException if the layout has no slot named {@code slot}
   */
  public Ipv6Address slotAddress(String slot) {
    return pool.addressAt(pool.layout().slotAddressOffset(blockIndex, slot));
  }

  /**
   * Returns the address that a boot phase uses, through the layout's {@linkplain
   * BlockLayout#phaseSlots() phase mapping}: a slot, or the permanent address.
   *
   * @param phase the boot phase
   * @return the address
   * @throws IllegalArgumentException if the layout does not map {@code phase}
   */
  public Ipv6Address addressFor(BootPhase phase) {
    return pool.addressAt(pool.layout().phaseAddressOffset(blockIndex, phase));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Allocation other
        && blockIndex == other.blockIndex
        && host.equals(other.host)
        && pool == other.pool;
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, blockIndex);
  }

  /**
   * Returns the allocation for logs, e.g. {@code mac:52:54:00:12:34:56 -> 2001:db8::8/125}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return host + " -> " + block();
  }
}
