package io.github.netboot6.allocation;

import static java.util.Objects.requireNonNull;

import io.github.netboot6.core.Ipv6Address;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an address is to the allocator: outside the pool, reserved, in a free block, or in a host's
 * block (as its permanent address, a phase slot, or an address the layout does not use).
 *
 * <p>Instances are immutable and compare by address, status, allocation and slot. A look-up keeps
 * the block's host and number, not an {@link Allocation}: {@link #allocation()} makes one when
 * asked, so that a look-up whose caller needs only the status or the host allocates one object.
 */
public final class AddressLookup {
  private final Ipv6Address address;
  private final Status status;
  // The block's host, or null if the address is in no host's block; then the fields below are
  // unused.
  private final @Nullable HostKey host;
  // The block index if below 2^63, else -1 and the number in wideBlock.
  private final long blockIndex;
  private final @Nullable BigInteger wideBlock;
  private final @Nullable AddressPool pool;
  private final @Nullable String slot;

  private AddressLookup(
      Ipv6Address address,
      Status status,
      @Nullable HostKey host,
      long blockIndex,
      @Nullable BigInteger wideBlock,
      @Nullable AddressPool pool,
      @Nullable String slot) {
    this.address = address;
    this.status = status;
    this.host = host;
    this.blockIndex = blockIndex;
    this.wideBlock = wideBlock;
    this.pool = pool;
    this.slot = slot;
  }

  /** What an address is. */
  public enum Status {
    /** Outside the pool. */
    OUTSIDE_POOL,
    /** In a block that is never handed out (reserved, or not wholly in the pool). */
    RESERVED,
    /** In a block that is free. */
    FREE,
    /** A host's permanent address. */
    PERMANENT,
    /** A host's phase slot. */
    SLOT,
    /** In a host's block, at an offset that is neither the permanent address nor a slot. */
    UNUSED_IN_BLOCK
  }

  static AddressLookup of(Ipv6Address address, Status status) {
    return new AddressLookup(address, status, null, -1, null, null, null);
  }

  /** An address in block {@code blockIndex} (below 2^63), which {@code host} holds. */
  static AddressLookup of(
      Ipv6Address address,
      Status status,
      HostKey host,
      long blockIndex,
      AddressPool pool,
      @Nullable String slot) {
    return new AddressLookup(address, status, requireNonNull(host), blockIndex, null, pool, slot);
  }

  /** An address in the block of {@code allocation}, narrow or wide. */
  static AddressLookup of(
      Ipv6Address address, Status status, Allocation allocation, @Nullable String slot) {
    return allocation.isWide()
        ? new AddressLookup(
            address,
            status,
            allocation.host(),
            -1,
            allocation.blockNumber(),
            allocation.pool(),
            slot)
        : of(
            address,
            status,
            allocation.host(),
            allocation.longBlockIndex(),
            allocation.pool(),
            slot);
  }

  /**
   * Returns the address looked up.
   *
   * @return the address
   */
  public Ipv6Address address() {
    return address;
  }

  /**
   * Returns what the address is.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * Returns the block's allocation, present for {@link Status#PERMANENT}, {@link Status#SLOT} and
   * {@link Status#UNUSED_IN_BLOCK}. Each call makes a new {@link Allocation} (equal to the others).
   *
   * @return the allocation, or empty
   */
  public Optional<Allocation> allocation() {
    HostKey h = host;
    AddressPool p = pool;
    if (h == null || p == null) {
      return Optional.empty();
    }
    BigInteger wide = wideBlock;
    return Optional.of(
        wide != null ? new Allocation(h, wide, p) : new Allocation(h, blockIndex, p));
  }

  /**
   * Returns the host whose block holds the address: {@code allocation().map(Allocation::host)},
   * without making the allocation.
   *
   * @return the host, or empty
   */
  public Optional<HostKey> host() {
    return Optional.ofNullable(host);
  }

  /**
   * Returns the slot name, present for {@link Status#SLOT}.
   *
   * @return the slot name, or empty
   */
  public Optional<String> slot() {
    return Optional.ofNullable(slot);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof AddressLookup other
        && address.equals(other.address)
        && status == other.status
        && Objects.equals(host, other.host)
        && blockIndex == other.blockIndex
        && Objects.equals(wideBlock, other.wideBlock)
        && pool == other.pool
        && Objects.equals(slot, other.slot);
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, status, host, blockIndex, wideBlock, slot);
  }

  /**
   * Returns the look-up for logs, e.g. {@code 2001:db8::c SLOT ipxe of mac:52:54:00:12:34:56 ->
   * 2001:db8::8/125}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder().append(address).append(' ').append(status);
    if (slot != null) {
      text.append(' ').append(slot);
    }
    allocation().ifPresent(a -> text.append(" of ").append(a));
    return text.toString();
  }
}
