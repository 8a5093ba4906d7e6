package io.github.netboot6.allocation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableBiMap;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Maps;
import com.google.common.collect.Sets;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.MalformedValueException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The shape of one per-host address block: its size, where the host's permanent address sits in it,
 * and the named slots that hold one address per boot phase (DESIGN.md §2, workflow 3).
 *
 * <p>A block holds 2<sup>k</sup> addresses ({@code k} from {@value #MIN_BLOCK_SIZE_LOG2} to {@value
 * #MAX_BLOCK_SIZE_LOG2}; by default 3, a /125 of 8 addresses) and is aligned on its size, so block
 * {@code i} of a pool covers the address offsets {@code i * 2^k} to {@code (i + 1) * 2^k - 1} from
 * the start of the pool. Offsets inside a block run from 0 to {@code 2^k - 1}.
 *
 * <h2>Where the permanent address sits</h2>
 *
 * <p>Either at a fixed offset in every block, or, by default, at the <em>first usable</em> address
 * of the block: offset 0, except in block 0, whose offset 0 is the first address of the pool's
 * prefix, the subnet-router anycast address (RFC 4291 §2.6.1), which is never handed out; there the
 * permanent address is at offset 1. So with the default layout the first host of {@code
 * 2001:db8::/64} gets {@code 2001:db8::1} (block 0, offset 1) and the next host's block starts at,
 * and its permanent address is, {@code 2001:db8::8} (block 1, offset 0). {@link
 * #permanentOffset(long)} answers this for any block. Because the permanent address may sit at
 * offset 0 or 1 under this policy, no slot may use either.
 *
 * <h2>Phase slots</h2>
 *
 * <p>Every other address of the block may be a named slot, so that each boot phase (firmware, iPXE,
 * installer ...) holds its own lease next to the permanent address. A slot name is 1 to {@value
 * #MAX_SLOT_NAME_LENGTH} characters of {@code a-z}, {@code 0-9} and {@code '-'}, starting with a
 * letter; each slot has its own offset, inside the block and not the permanent address's. The
 * {@link #defaults() default layout} names its slots after the boot phases, lower case and with
 * hyphens ({@code BootPhase.FIRMWARE_PXE} is slot {@code firmware-pxe}), the installed OS using the
 * permanent address.
 *
 * <h2>Boot phases</h2>
 *
 * <p>Each {@link BootPhase} maps to the address it uses in the block: a slot, or the permanent
 * address. Unless {@linkplain Builder#phaseSlot(BootPhase, String) set otherwise}, a phase uses the
 * slot named after it ({@link #slotNameOf(BootPhase)}: {@code IPXE} uses slot {@code ipxe}, {@code
 * UNKNOWN} slot {@code unknown}) if the layout has one, and {@link BootPhase#INSTALLED_OS} uses the
 * permanent address; a phase with neither is not mapped. Several phases may share a slot. With the
 * default layout, the host of block 1 of {@code 2001:db8::/64} holds {@code 2001:db8::8} for the
 * installed OS and {@code 2001:db8::a} to {@code 2001:db8::f} for firmware PXE, firmware HTTP,
 * iPXE, boot loader, installer and unknown phases.
 *
 * <p>Example:
 *
 * <pre>{@code
 * BlockLayout layout = BlockLayout.builder()
 *     .blockSizeLog2(4)                 // a /124 of 16 addresses
 *     .permanentOffset(1)               // ::1, ::11, ::21 ...
 *     .slot("ipxe", 2)
 *     .slot("installer", 3)
 *     .build();
 * long installerOfHost5 = layout.slotAddressOffset(5, "installer");   // 5 * 16 + 3 = 83
 * }</pre>
 *
 * <p>Address offsets are counted from the start of the pool. The {@code long} methods take and
 * return unsigned 64-bit offsets (a /64 holds 2<sup>64</sup> addresses; compare them with {@link
 * Long#compareUnsigned}), so their block indexes run from 0 to 2<sup>64-k</sup> - 1 (2<sup>63</sup>
 * - 1 for blocks of one address). Pools up to a {@code /48} hold more ({@link
 * AddressPool#isWide()}): the {@link BigInteger} overloads ({@link #blockStartOffset(BigInteger)},
 * {@link #permanentAddressOffset(BigInteger)}, {@link #slotAddressOffset(BigInteger, String)},
 * {@link #phaseAddressOffset(BigInteger, BootPhase)}, {@link #blockIndexOf(BigInteger)}) take any
 * block number and offset of an IPv6 address space. The layout knows nothing of the pool itself:
 * which blocks lie inside it, and which are reserved, is the allocator's business.
 *
 * <p>Instances are immutable and thread-safe, and compare by value.
 */
public final class BlockLayout {

  /**
   * The smallest block size exponent: blocks of one address, a /128, which keep permanent addresses
   * consecutive ({@link #consecutive()}).
   */
  public static final int MIN_BLOCK_SIZE_LOG2 = 0;

  /** The largest block size exponent: blocks of 65,536 addresses, a /112. */
  public static final int MAX_BLOCK_SIZE_LOG2 = 16;

  /** The default block size exponent: blocks of 8 addresses, a /125. */
  public static final int DEFAULT_BLOCK_SIZE_LOG2 = 3;

  /**
   * The offset, in block 0, of the subnet-router anycast address (RFC 4291 §2.6.1): the pool
   * prefix's first address, which the {@linkplain Builder#permanentFirstUsable() first usable}
   * policy skips.
   */
  public static final int SUBNET_ROUTER_ANYCAST_OFFSET = 0;

  /** The longest slot name accepted. */
  public static final int MAX_SLOT_NAME_LENGTH = 32;

  private static final BlockLayout DEFAULTS =
      builder()
          .slot("firmware-pxe", 2)
          .slot("firmware-http", 3)
          .slot("ipxe", 4)
          .slot("boot-loader", 5)
          .slot("installer", 6)
          .slot("unknown", 7)
          .build();

  private static final BlockLayout CONSECUTIVE = builder().blockSizeLog2(0).build();

  private final int blockSizeLog2;
  private final boolean permanentFirstUsable;
  private final int fixedPermanentOffset;
  private final ImmutableBiMap<String, Integer> slots;

  /** Phases mapped explicitly by the builder: a slot name, {@link #PERMANENT} or {@link #NONE}. */
  private final ImmutableMap<BootPhase, String> explicitPhases;

  /** Every phase that uses a slot, to that slot's name, in phase order. */
  private final ImmutableMap<BootPhase, String> phaseSlots;

  /** Every phase that uses the permanent address. */
  private final ImmutableSet<BootPhase> permanentPhases;

  /** Marks a phase mapped to the permanent address; not a valid slot name. */
  private static final String PERMANENT = "#permanent";

  /** Marks a phase explicitly left unmapped; not a valid slot name. */
  private static final String NONE = "#none";

  private BlockLayout(Builder builder) {
    int k = builder.blockSizeLog2;
    checkArgument(
        k >= MIN_BLOCK_SIZE_LOG2 && k <= MAX_BLOCK_SIZE_LOG2,
        "block size log2: %s (expected: %s..%s, i.e. blocks of 1 to 65536 addresses)",
        k,
        MIN_BLOCK_SIZE_LOG2,
        MAX_BLOCK_SIZE_LOG2);
    int size = 1 << k;
    if (!builder.permanentFirstUsable) {
      int offset = builder.fixedPermanentOffset;
      checkArgument(
          offset >= 0 && offset < size,
          "permanent offset: %s (expected: 0..%s in a block of %s addresses)",
          offset,
          size - 1,
          size);
    }
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(builder.slots.entrySet());
    sorted.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
    Map.@Nullable Entry<String, Integer> previous = null;
    for (Map.Entry<String, Integer> slot : sorted) {
      String name = slot.getKey();
      int offset = slot.getValue();
      checkArgument(
          offset >= 0 && offset < size,
          "slot \"%s\" offset: %s (expected: 0..%s in a block of %s addresses)",
          name,
          offset,
          size - 1,
          size);
      if (builder.permanentFirstUsable) {
        checkArgument(
            offset > 1,
            "slot \"%s\" offset: %s is where the permanent address sits (first usable address:"
                + " offset 0, or 1 in block 0, whose offset 0 is the subnet-router anycast"
                + " address) (expected: 2..%s)",
            name,
            offset,
            size - 1);
      } else {
        checkArgument(
            offset != builder.fixedPermanentOffset,
            "slot \"%s\" offset: %s is the permanent address's offset (expected: any other offset)",
            name,
            offset);
      }
      if (previous != null) {
        checkArgument(
            previous.getValue() != offset,
            "slots \"%s\" and \"%s\" are both at offset %s (expected: one slot per offset)",
            previous.getKey(),
            name,
            offset);
      }
      previous = slot;
    }
    ImmutableBiMap.Builder<String, Integer> slotsBuilder = ImmutableBiMap.builder();
    sorted.forEach(slotsBuilder::put);
    this.blockSizeLog2 = k;
    this.permanentFirstUsable = builder.permanentFirstUsable;
    this.fixedPermanentOffset = builder.fixedPermanentOffset;
    this.slots = slotsBuilder.buildOrThrow();
    this.explicitPhases = Maps.immutableEnumMap(builder.phases);
    Map<BootPhase, String> phaseSlots = new EnumMap<>(BootPhase.class);
    Set<BootPhase> permanentPhases = EnumSet.noneOf(BootPhase.class);
    for (BootPhase phase : BootPhase.values()) {
      String target = builder.phases.get(phase);
      if (target == null) {
        String sameName = slotNameOf(phase);
        if (slots.containsKey(sameName)) {
          phaseSlots.put(phase, sameName);
        } else if (phase == BootPhase.INSTALLED_OS) {
          permanentPhases.add(phase);
        }
      } else if (target.equals(PERMANENT)) {
        permanentPhases.add(phase);
      } else if (!target.equals(NONE)) {
        checkArgument(
            slots.containsKey(target),
            "phase %s: slot \"%s\" is not in this layout (expected: one of %s)",
            phase,
            target,
            slots.keySet());
        phaseSlots.put(phase, target);
      }
    }
    this.phaseSlots = Maps.immutableEnumMap(phaseSlots);
    this.permanentPhases = Sets.immutableEnumSet(permanentPhases);
  }

  /**
   * Returns the slot name that a boot phase uses unless mapped otherwise: its constant's name in
   * lower case with hyphens, e.g. {@code firmware-pxe} for {@link BootPhase#FIRMWARE_PXE}.
   *
   * @param phase the boot phase
   * @return the slot name
   */
  public static String slotNameOf(BootPhase phase) {
    return requireNonNull(phase, "phase").name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Returns the default layout: blocks of 8 addresses (a /125), the permanent address at the first
   * usable address, and one slot per boot phase but the installed OS: {@code firmware-pxe} at 2,
   * {@code firmware-http} at 3, {@code ipxe} at 4, {@code boot-loader} at 5, {@code installer} at 6
   * and {@code unknown} at 7.
   *
   * @return the default layout
   */
  public static BlockLayout defaults() {
    return DEFAULTS;
  }

  /**
   * Returns the layout that keeps permanent addresses consecutive (issue 5's second layout): blocks
   * of one address (a /128), so the first host of {@code 2001:db8::/65} gets {@code 2001:db8::1}
   * and the next {@code 2001:db8::2} (block 0, the subnet-router anycast address, is reserved by
   * the pool). No boot phase but the installed OS has an address here: the phases take theirs from
   * a shared {@link InstallRange}, sized separately.
   *
   * <pre>{@code
   * AddressPool permanent = AddressPool.builder(Ipv6Prefix.parse("2001:db8::/65"))
   *     .layout(BlockLayout.consecutive())
   *     .build();
   * InstallRange phases = InstallRange.of(Ipv6Address.parse("2001:db8:0:0:8000::"), 65_536);
   * }</pre>
   *
   * <p>A pool of this layout may be as large as any other: on a {@code /64} or a shorter prefix its
   * block numbers pass 2<sup>63</sup>-1, and the pool is {@linkplain AddressPool#isWide() wide}.
   *
   * @return the layout
   */
  public static BlockLayout consecutive() {
    return CONSECUTIVE;
  }

  /**
   * Returns a builder that starts from blocks of 8 addresses, the permanent address at the first
   * usable address, and no slots.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from this layout, to derive another one.
   *
   * @return a new builder holding this layout's values
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.blockSizeLog2 = blockSizeLog2;
    builder.permanentFirstUsable = permanentFirstUsable;
    builder.fixedPermanentOffset = fixedPermanentOffset;
    builder.slots.putAll(slots);
    builder.phases.putAll(explicitPhases);
    return builder;
  }

  /**
   * Returns {@code k}, where a block holds 2<sup>k</sup> addresses.
   *
   * @return the block size exponent, {@value #MIN_BLOCK_SIZE_LOG2} to {@value #MAX_BLOCK_SIZE_LOG2}
   */
  public int blockSizeLog2() {
    return blockSizeLog2;
  }

  /**
   * Returns the number of addresses in a block.
   *
   * @return 2<sup>k</sup>, from 1 to 65,536
   */
  public int blockSize() {
    return 1 << blockSizeLog2;
  }

  /**
   * Returns the prefix length of a block, e.g. 125 for blocks of 8 addresses.
   *
   * @return {@code 128 - k}
   */
  public int blockPrefixLength() {
    return 128 - blockSizeLog2;
  }

  /**
   * Tells whether the permanent address sits at the first usable address of each block: offset 0,
   * or 1 in block 0 (see the class documentation).
   *
   * @return true for the first-usable policy, false for a fixed offset
   */
  public boolean isPermanentFirstUsable() {
    return permanentFirstUsable;
  }

  /**
   * Returns the permanent address's offset when it is the same in every block.
   *
   * @return the fixed offset, or empty under the first-usable policy
   */
  public OptionalInt fixedPermanentOffset() {
    return permanentFirstUsable ? OptionalInt.empty() : OptionalInt.of(fixedPermanentOffset);
  }

  /**
   * Returns where the permanent address sits in block {@code blockIndex}.
   *
   * <p>Under the first-usable policy this is 1 for block 0 (whose offset 0 is the subnet-router
   * anycast address) and 0 for every other block; with a fixed offset it is that offset.
   *
   * @param blockIndex the block's index in the pool, from 0
   * @return the offset inside the block
   * @throws IllegalArgumentException if {@code blockIndex} is negative or 2<sup>64-k</sup> or more
   */
  public int permanentOffset(long blockIndex) {
    checkBlockIndex(blockIndex);
    if (!permanentFirstUsable) {
      return fixedPermanentOffset;
    }
    // A block of one address has no second address: block 0 is then the anycast address itself,
    // which a prefix pool reserves, so no host gets it.
    return blockIndex == 0 && blockSizeLog2 > 0 ? SUBNET_ROUTER_ANYCAST_OFFSET + 1 : 0;
  }

  /**
   * Returns the phase slots, from name to offset inside the block, in offset order.
   *
   * @return the slots, an unmodifiable map; empty if the layout has none
   */
  public Map<String, Integer> slots() {
    return slots;
  }

  /**
   * Returns the offset of a slot inside the block.
   *
   * @param name the slot name, e.g. {@code "ipxe"}
   * @return the offset, or empty if the layout has no slot of that name
   */
  public OptionalInt slotOffset(String name) {
    Integer offset = slots.get(requireNonNull(name, "name"));
    return offset == null ? OptionalInt.empty() : OptionalInt.of(offset);
  }

  /**
   * Returns the slot at an offset inside the block.
   *
   * @param offset the offset inside the block
   * @return the slot name, or empty if no slot is at {@code offset} (including offsets outside the
   *     block)
   */
  public Optional<String> slotAt(int offset) {
    return Optional.ofNullable(slots.inverse().get(offset));
  }

  /**
   * Returns the phases that use a slot, each to its slot's name, in {@link BootPhase} order.
   *
   * @return the mapping, an unmodifiable map
   */
  public Map<BootPhase, String> phaseSlots() {
    return phaseSlots;
  }

  /**
   * Returns the phases that use the permanent address; by default {@link BootPhase#INSTALLED_OS}.
   *
   * @return the phases, an unmodifiable set
   */
  public Set<BootPhase> permanentPhases() {
    return permanentPhases;
  }

  /**
   * Returns the slot a boot phase uses.
   *
   * @param phase the boot phase
   * @return the slot name, or empty if the phase uses the permanent address or is not mapped
   */
  public Optional<String> phaseSlot(BootPhase phase) {
    return Optional.ofNullable(phaseSlots.get(requireNonNull(phase, "phase")));
  }

  /**
   * Tells whether a boot phase has an address in the block: a slot or the permanent address.
   *
   * @param phase the boot phase
   * @return true if {@link #phaseAddressOffset(long, BootPhase)} answers for it
   */
  public boolean isMapped(BootPhase phase) {
    return phaseSlots.containsKey(requireNonNull(phase, "phase"))
        || permanentPhases.contains(phase);
  }

  /**
   * Returns the offset from the start of the pool of the address that a boot phase uses in block
   * {@code blockIndex}; with the default layout, 0xc ({@code 2001:db8::c} in {@code 2001:db8::/64})
   * for {@link BootPhase#IPXE} in block 1 and 0x8 for {@link BootPhase#INSTALLED_OS}.
   *
   * @param blockIndex the block's index in the pool, from 0
   * @param phase the boot phase
   * @return the address offset, an unsigned 64-bit number
   * @throws IllegalArgumentException if {@code blockIndex} is negative or 2<sup>64-k</sup> or more,
   *     or the phase is not mapped in this layout
   */
  public long phaseAddressOffset(long blockIndex, BootPhase phase) {
    String slot = phaseSlots.get(requireNonNull(phase, "phase"));
    if (slot != null) {
      return slotAddressOffset(blockIndex, slot);
    }
    if (permanentPhases.contains(phase)) {
      return permanentAddressOffset(blockIndex);
    }
    throw notMapped(phase);
  }

  /**
   * Returns the offset from the start of the pool of the first address of block {@code blockIndex},
   * e.g. 8 for block 1 of blocks of 8 addresses ({@code 2001:db8::8} in {@code 2001:db8::/64}).
   *
   * @param blockIndex the block's index in the pool, from 0
   * @return the address offset, an unsigned 64-bit number
   * @throws IllegalArgumentException if {@code blockIndex} is negative or 2<sup>64-k</sup> or more
   */
  public long blockStartOffset(long blockIndex) {
    checkBlockIndex(blockIndex);
    return blockIndex << blockSizeLog2;
  }

  /**
   * Returns the offset from the start of the pool of the permanent address of block {@code
   * blockIndex}; with the default layout 1 for block 0 and 8 for block 1 ({@code 2001:db8::1} and
   * {@code 2001:db8::8} in {@code 2001:db8::/64}).
   *
   * @param blockIndex the block's index in the pool, from 0
   * @return the address offset, an unsigned 64-bit number
   * @throws IllegalArgumentException if {@code blockIndex} is negative or 2<sup>64-k</sup> or more
   */
  public long permanentAddressOffset(long blockIndex) {
    return blockStartOffset(blockIndex) + permanentOffset(blockIndex);
  }

  /**
   * Returns the offset from the start of the pool of a slot's address in block {@code blockIndex}.
   *
   * @param blockIndex the block's index in the pool, from 0
   * @param slot the slot name, e.g. {@code "ipxe"}
   * @return the address offset, an unsigned 64-bit number
   * @throws IllegalArgumentException if {@code blockIndex} is negative or 2<sup>64-k</sup> or more
   * @throws MalformedValueException if the layout has no slot named {@code slot}
   */
  public long slotAddressOffset(long blockIndex, String slot) {
    int offset = slotOffsetOrThrow(slot);
    return blockStartOffset(blockIndex) + offset;
  }

  /**
   * Returns the index of the block holding the address at {@code addressOffset} from the start of
   * the pool.
   *
   * @param addressOffset the address offset, an unsigned 64-bit number
   * @return the block index, from 0 to 2<sup>64-k</sup> - 1
   */
  public long blockIndexOf(long addressOffset) {
    return addressOffset >>> blockSizeLog2;
  }

  /**
   * Returns the offset inside its block of the address at {@code addressOffset} from the start of
   * the pool.
   *
   * @param addressOffset the address offset, an unsigned 64-bit number
   * @return the offset inside the block, from 0 to {@code blockSize() - 1}
   */
  public int offsetInBlock(long addressOffset) {
    return (int) (addressOffset & (blockSize() - 1));
  }

  /**
   * Returns the offset from the start of the pool of the first address of block {@code
   * blockNumber}, for any block of a pool up to a {@code /48}.
   *
   * @param blockNumber the block's number in the pool, from 0
   * @return the address offset, {@code blockNumber * 2^k}
   * @throws IllegalArgumentException if {@code blockNumber} is negative or 2<sup>128-k</sup> or
   *     more
   */
  public BigInteger blockStartOffset(BigInteger blockNumber) {
    checkBlockNumber(blockNumber);
    return blockNumber.shiftLeft(blockSizeLog2);
  }

  /**
   * Returns the offset from the start of the pool of the permanent address of block {@code
   * blockNumber}, for any block of a pool up to a {@code /48}.
   *
   * @param blockNumber the block's number in the pool, from 0
   * @return the address offset
   * @throws IllegalArgumentException if {@code blockNumber} is negative or 2<sup>128-k</sup> or
   *     more
   */
  public BigInteger permanentAddressOffset(BigInteger blockNumber) {
    return blockStartOffset(blockNumber)
        .add(BigInteger.valueOf(permanentOffsetInBlock(blockNumber.signum() == 0)));
  }

  /**
   * Returns the offset from the start of the pool of a slot's address in block {@code blockNumber},
   * for any block of a pool up to a {@code /48}.
   *
   * @param blockNumber the block's number in the pool, from 0
   * @param slot the slot name, e.g. {@code "ipxe"}
   * @return the address offset
   * @throws IllegalArgumentException if {@code blockNumber} is negative or 2<sup>128-k</sup> or
   *     more
   * @throws MalformedValueException if the layout has no slot named {@code slot}
   */
  public BigInteger slotAddressOffset(BigInteger blockNumber, String slot) {
    return blockStartOffset(blockNumber).add(BigInteger.valueOf(slotOffsetOrThrow(slot)));
  }

  /**
   * Returns the offset from the start of the pool of the address that a boot phase uses in block
   * {@code blockNumber}, for any block of a pool up to a {@code /48}.
   *
   * @param blockNumber the block's number in the pool, from 0
   * @param phase the boot phase
   * @return the address offset
   * @throws IllegalArgumentException if {@code blockNumber} is negative or 2<sup>128-k</sup> or
   *     more, or the phase is not mapped in this layout
   */
  public BigInteger phaseAddressOffset(BigInteger blockNumber, BootPhase phase) {
    return blockStartOffset(blockNumber)
        .add(BigInteger.valueOf(phaseOffsetInBlock(blockNumber.signum() == 0, phase)));
  }

  /**
   * Returns the number of the block holding the address at {@code addressOffset} from the start of
   * the pool.
   *
   * @param addressOffset the address offset, 0 or more
   * @return the block number, {@code addressOffset / 2^k}
   * @throws IllegalArgumentException if {@code addressOffset} is negative
   */
  public BigInteger blockIndexOf(BigInteger addressOffset) {
    checkArgument(
        addressOffset.signum() >= 0, "address offset: %s (expected: >= 0)", addressOffset);
    return addressOffset.shiftRight(blockSizeLog2);
  }

  /** Tells whether the {@code long} offset methods accept block {@code blockIndex}. */
  boolean hasLongOffsets(long blockIndex) {
    return blockSizeLog2 == 0 ? blockIndex >= 0 : (blockIndex >>> (64 - blockSizeLog2)) == 0;
  }

  /** The permanent address's offset in a block; {@code firstBlock} for block 0. */
  int permanentOffsetInBlock(boolean firstBlock) {
    if (!permanentFirstUsable) {
      return fixedPermanentOffset;
    }
    return firstBlock && blockSizeLog2 > 0 ? SUBNET_ROUTER_ANYCAST_OFFSET + 1 : 0;
  }

  /** The offset in a block of the address of {@code phase}; {@code firstBlock} for block 0. */
  int phaseOffsetInBlock(boolean firstBlock, BootPhase phase) {
    String slot = phaseSlots.get(requireNonNull(phase, "phase"));
    if (slot != null) {
      return slotOffsetOrThrow(slot);
    }
    if (permanentPhases.contains(phase)) {
      return permanentOffsetInBlock(firstBlock);
    }
    throw notMapped(phase);
  }

  private IllegalArgumentException notMapped(BootPhase phase) {
    return new IllegalArgumentException(
        "phase "
            + phase
            + ": not mapped in this layout (expected: one of the mapped phases "
            + phaseSlots.keySet()
            + " or "
            + permanentPhases
            + ")");
  }

  /** The offset in a block of a slot. */
  int slotOffsetOrThrow(String slot) {
    Integer offset = slots.get(requireNonNull(slot, "slot"));
    if (offset == null) {
      // Through MalformedValueException so that the caller's text is quoted escaped in the message.
      throw MalformedValueException.ofText(
          "slot name",
          slot,
          MalformedValueException.NO_INDEX,
          "no such slot in this layout (expected: one of " + slots.keySet() + ")");
    }
    return offset;
  }

  private void checkBlockNumber(BigInteger blockNumber) {
    requireNonNull(blockNumber, "blockNumber");
    if (blockNumber.signum() < 0 || blockNumber.bitLength() > 128 - blockSizeLog2) {
      throw new IllegalArgumentException(
          "block number: "
              + blockNumber
              + " (expected: 0..2^"
              + (128 - blockSizeLog2)
              + "-1 for blocks of "
              + blockSize()
              + (blockSizeLog2 == 0 ? " address)" : " addresses)"));
    }
  }

  private void checkBlockIndex(long blockIndex) {
    // Unsigned shift: also rejects negative indexes, whose top bit is set. Blocks of one address
    // (k = 0) are numbered 0..2^63-1: a shift by 64 would be a shift by 0 in Java.
    if (blockSizeLog2 == 0 ? blockIndex < 0 : (blockIndex >>> (64 - blockSizeLog2)) != 0) {
      throw new IllegalArgumentException(
          "block index: "
              + blockIndex
              + " (expected: 0..2^"
              + (blockSizeLog2 == 0 ? 63 : 64 - blockSizeLog2)
              + "-1 for blocks of "
              + (blockSizeLog2 == 0 ? "1 address)" : blockSize() + " addresses)"));
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof BlockLayout other
        && blockSizeLog2 == other.blockSizeLog2
        && permanentFirstUsable == other.permanentFirstUsable
        && fixedPermanentOffset == other.fixedPermanentOffset
        && slots.equals(other.slots)
        && phaseSlots.equals(other.phaseSlots)
        && permanentPhases.equals(other.permanentPhases);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        blockSizeLog2,
        permanentFirstUsable,
        fixedPermanentOffset,
        slots,
        phaseSlots,
        permanentPhases);
  }

  /**
   * Returns a description for logs, e.g. {@code BlockLayout{/125, permanent: first usable, slots:
   * {ipxe=4}, phases: {IPXE=ipxe}, at permanent: [INSTALLED_OS]}}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "BlockLayout{/"
        + blockPrefixLength()
        + ", permanent: "
        + (permanentFirstUsable ? "first usable" : "offset " + fixedPermanentOffset)
        + ", slots: "
        + slots
        + ", phases: "
        + phaseSlots
        + (permanentPhases.isEmpty() ? "" : ", at permanent: " + permanentPhases)
        + "}";
  }

  /**
   * Checks a slot name: 1 to {@value #MAX_SLOT_NAME_LENGTH} characters of a-z, 0-9 and '-',
   * starting with a letter.
   */
  private static String checkSlotName(String name) {
    requireNonNull(name, "slot name");
    if (name.isEmpty() || name.length() > MAX_SLOT_NAME_LENGTH) {
      throw MalformedValueException.ofText(
          "slot name",
          name,
          MalformedValueException.NO_INDEX,
          "length " + name.length() + " (expected: 1.." + MAX_SLOT_NAME_LENGTH + ")");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letter = c >= 'a' && c <= 'z';
      if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '-'))) {
        throw MalformedValueException.ofText(
            "slot name",
            name,
            i,
            "character "
                + MalformedValueException.describe(c)
                + (i == 0 ? " (expected: a-z first)" : " (expected: a-z, 0-9, '-')"));
      }
    }
    return name;
  }

  /**
   * Builds a {@link BlockLayout}; {@link #build()} checks the values together.
   *
   * <p>A builder is not thread-safe; the layouts it builds are.
   */
  public static final class Builder {
    private int blockSizeLog2 = DEFAULT_BLOCK_SIZE_LOG2;
    private boolean permanentFirstUsable = true;
    private int fixedPermanentOffset;
    private final Map<String, Integer> slots = new LinkedHashMap<>();
    private final Map<BootPhase, String> phases = new EnumMap<>(BootPhase.class);

    private Builder() {}

    /**
     * Makes a boot phase use a slot, instead of the slot named after it.
     *
     * @param phase the boot phase
     * @param slot the slot name; {@link #build()} checks that the layout has it
     * @return this builder
     * @throws MalformedValueException if {@code slot} is not a valid slot name
     */
    @CanIgnoreReturnValue
    public Builder phaseSlot(BootPhase phase, String slot) {
      phases.put(requireNonNull(phase, "phase"), checkSlotName(slot));
      return this;
    }

    /**
     * Makes a boot phase use the host's permanent address, as {@link BootPhase#INSTALLED_OS} does
     * by default.
     *
     * @param phase the boot phase
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder phaseAtPermanent(BootPhase phase) {
      phases.put(requireNonNull(phase, "phase"), PERMANENT);
      return this;
    }

    /**
     * Leaves a boot phase without an address in the block, even if a slot is named after it.
     *
     * @param phase the boot phase
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder unmapPhase(BootPhase phase) {
      phases.put(requireNonNull(phase, "phase"), NONE);
      return this;
    }

    /**
     * Returns a boot phase to its default address: the slot named after it if the layout has one,
     * the permanent address for {@link BootPhase#INSTALLED_OS}, else none.
     *
     * @param phase the boot phase
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder defaultPhase(BootPhase phase) {
      phases.remove(requireNonNull(phase, "phase"));
      return this;
    }

    /**
     * Sets the block size to 2<sup>k</sup> addresses.
     *
     * @param k the exponent, {@value #MIN_BLOCK_SIZE_LOG2} to {@value #MAX_BLOCK_SIZE_LOG2}
     *     (checked by {@link #build()})
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder blockSizeLog2(int k) {
      this.blockSizeLog2 = k;
      return this;
    }

    /**
     * Puts the permanent address at the first usable address of each block: offset 0, or 1 in block
     * 0 (the default).
     *
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder permanentFirstUsable() {
      this.permanentFirstUsable = true;
      this.fixedPermanentOffset = 0;
      return this;
    }

    /**
     * Puts the permanent address at the same offset in every block.
     *
     * <p>With offset 0, block 0's permanent address is the subnet-router anycast address: the
     * allocator must then keep block 0 reserved.
     *
     * @param offset the offset inside the block (checked by {@link #build()})
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder permanentOffset(int offset) {
      this.permanentFirstUsable = false;
      this.fixedPermanentOffset = offset;
      return this;
    }

    /**
     * Adds a phase slot, or moves it if a slot of that name exists.
     *
     * @param name the slot name: 1 to {@value #MAX_SLOT_NAME_LENGTH} characters of a-z, 0-9 and
     *     '-', starting with a letter
     * @param offset the offset inside the block (checked by {@link #build()})
     * @return this builder
     * @throws MalformedValueException if {@code name} is not a valid slot name; the message names
     *     the character and its index
     */
    @CanIgnoreReturnValue
    public Builder slot(String name, int offset) {
      slots.put(checkSlotName(name), offset);
      return this;
    }

    /**
     * Removes a phase slot, if present.
     *
     * @param name the slot name
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder removeSlot(String name) {
      slots.remove(requireNonNull(name, "name"));
      return this;
    }

    /**
     * Removes every phase slot.
     *
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder clearSlots() {
      slots.clear();
      return this;
    }

    /**
     * Builds the layout, checking the values together.
     *
     * @return the layout
     * @throws IllegalArgumentException if the block size exponent is outside {@value
     *     #MIN_BLOCK_SIZE_LOG2}..{@value #MAX_BLOCK_SIZE_LOG2}, the permanent offset or a slot
     *     offset is outside the block, a slot sits where the permanent address does (offsets 0 and
     *     1 under the first-usable policy), two slots share an offset, or a phase is mapped to a
     *     slot the layout does not have; the message names the values
     */
    public BlockLayout build() {
      return new BlockLayout(this);
    }
  }
}
