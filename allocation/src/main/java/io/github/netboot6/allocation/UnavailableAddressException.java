package io.github.netboot6.allocation;

import io.github.netboot6.core.Ipv6Address;

/**
 * Thrown when a specific block or address is asked for that can never be handed out: outside the
 * pool, reserved, or not the permanent address of its block (misaligned).
 */
public final class UnavailableAddressException extends AllocationException {
  private static final long serialVersionUID = 1L;

  UnavailableAddressException(String message) {
    super(message);
  }

  static UnavailableAddressException outsidePool(Ipv6Address address, AddressPool pool) {
    return new UnavailableAddressException(
        "address: "
            + address
            + " (expected: inside pool "
            + pool.first()
            + "-"
            + pool.last()
            + ")");
  }
}
