package io.github.netboot6.allocation;

import static java.util.Objects.requireNonNull;

import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MalformedValueException;
import java.math.BigInteger;
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
 * <p>In a {@linkplain AddressPool#isWide() wide} pool a block's number may pass 2<sup>63</sup>-1:
 * {@link #blockNumber()} answers for every block, {@link #blockIndex()} for those below
 * 2<sup>63</sup>.
 *
 * <p>Instances are immutable and thread-safe, and compare by host, block and pool.
 */
public final class Allocation {
  private final HostKey host;
  // The block index if below 2^63, else -1 and the number in wideBlock.
  private final long blockIndex;
  private final @Nullable BigInteger wideBlock;
  private final AddressPool pool;

  Allocation(HostKey host, long blockIndex, AddressPool pool) {
    this.host = requireNonNull(host, "host");
    this.blockIndex = blockIndex;
    this.wideBlock = null;
    this.pool = pool;
  }

  /** An allocation of a block numbered 2^63 or more. */
  Allocation(HostKey host, BigInteger wideBlock, AddressPool pool) {
    this.host = requireNonNull(host, "host");
    this.blockIndex = -1;
    this.wideBlock = wideBlock;
    this.pool = pool;
  }

  /** Makes the allocation of any block number, narrow or wide. */
  static Allocation of(HostKey host, BigInteger block, AddressPool pool) {
    return BlockNumbers.fitsLong(block)
        ? new Allocation(host, block.longValueExact(), pool)
        : new Allocation(host, block, pool);
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
   * Returns the block's index in the pool, for a block below 2<sup>63</sup>.
   *
   * @return the index, {@code 0..2^63-1}
   * @throws ArithmeticException if the block's number is 2<sup>63</sup> or more (only in a
   *     {@linkplain AddressPool#isWide() wide} pool); the message names it ({@link #blockNumber()}
   *     answers for every block)
   */
  public long blockIndex() {
    BigInteger wide = wideBlock;
    if (wide != null) {
      throw BlockNumbers.tooLarge(
          "block index of " + host + " in pool " + pool, wide, "2^63-1", "blockNumber()");
    }
    return blockIndex;
  }

  /**
   * Returns the block's number in the pool, for any block.
   *
   * @return the number, {@code 0..pool.lastBlockNumber()}
   */
  public BigInteger blockNumber() {
    BigInteger wide = wideBlock;
    return wide != null ? wide : BigInteger.valueOf(blockIndex);
  }

  /** The pool the block belongs to. */
  AddressPool pool() {
    return pool;
  }

  /** Tells whether the block's number is 2^63 or more. */
  boolean isWide() {
    return wideBlock != null;
  }

  /** The block index of a block that is not wide. */
  long longBlockIndex() {
    return blockIndex;
  }

  /** Tells whether the two allocations are of the same block. */
  boolean sameBlock(Allocation other) {
    return blockIndex == other.blockIndex && Objects.equals(wideBlock, other.wideBlock);
  }

  /** Tells whether the layout's {@code long} offset methods can place this block. */
  private boolean longOffsets() {
    return wideBlock == null && pool.layout().hasLongOffsets(blockIndex);
  }

  /**
   * Returns the block as a prefix, e.g. {@code 2001:db8::8/125}.
   *
   * @return the prefix block
   */
  public Ipv6Prefix block() {
    return longOffsets() ? pool.blockPrefix(blockIndex) : pool.blockPrefix(blockNumber());
  }

  /**
   * Returns the host's permanent address (the installed OS's address).
   *
   * @return the address
   */
  public Ipv6Address permanentAddress() {
    BlockLayout layout = pool.layout();
    return longOffsets()
        ? pool.addressAt(layout.permanentAddressOffset(blockIndex))
        : pool.addressAt(layout.permanentAddressOffset(blockNumber()));
  }

  /**
   * Returns the address of a phase slot.
   *
   * @param slot the slot name, e.g. {@code "ipxe"}
   * @return the address
   * @throws MalformedValueException if the layout has no slot named {@code slot}
   */
  public Ipv6Address slotAddress(String slot) {
    BlockLayout layout = pool.layout();
    return longOffsets()
        ? pool.addressAt(layout.slotAddressOffset(blockIndex, slot))
        : pool.addressAt(layout.slotAddressOffset(blockNumber(), slot));
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
    BlockLayout layout = pool.layout();
    return longOffsets()
        ? pool.addressAt(layout.phaseAddressOffset(blockIndex, phase))
        : pool.addressAt(layout.phaseAddressOffset(blockNumber(), phase));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Allocation other
        && blockIndex == other.blockIndex
        && Objects.equals(wideBlock, other.wideBlock)
        && host.equals(other.host)
        && pool == other.pool;
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, blockIndex, wideBlock);
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
