package io.github.netboot6.allocation;

import io.github.netboot6.core.Ipv6Address;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an address is to the allocator: outside the pool, reserved, in a free block, or in a host's
 * block (as its permanent address, a phase slot, or an address the layout does not use).
 *
 * @param address the address looked up
 * @param status what the address is
 * @param allocation the block's allocation, present for {@link Status#PERMANENT}, {@link
 *     Status#SLOT} and {@link Status#UNUSED_IN_BLOCK}
 * @param slot the slot name, present for {@link Status#SLOT}
 */
public record AddressLookup(
    Ipv6Address address, Status status, Optional<Allocation> allocation, Optional<String> slot) {

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
    return new AddressLookup(address, status, Optional.empty(), Optional.empty());
  }

  static AddressLookup of(
      Ipv6Address address, Status status, Allocation allocation, @Nullable String slot) {
    return new AddressLookup(address, status, Optional.of(allocation), Optional.ofNullable(slot));
  }
}
