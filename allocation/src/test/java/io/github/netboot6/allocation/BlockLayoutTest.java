package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.MalformedValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockLayoutTest {

  @Test
  void defaults_areEightAddressBlocksWithFirstUsablePermanentAndPhaseSlots() {
    BlockLayout layout = BlockLayout.defaults();

    assertThat(layout.blockSizeLog2()).isEqualTo(3);
    assertThat(layout.blockSize()).isEqualTo(8);
    assertThat(layout.blockPrefixLength()).isEqualTo(125);
    assertThat(layout.isPermanentFirstUsable()).isTrue();
    assertThat(layout.fixedPermanentOffset()).isEmpty();
    assertThat(layout.slots())
        .containsExactly(
            entry("firmware-pxe", 2),
            entry("firmware-http", 3),
            entry("ipxe", 4),
            entry("boot-loader", 5),
            entry("installer", 6),
            entry("unknown", 7));
  }

  @Test
  void builder_startsFromDefaultSizeAndPolicyWithoutSlots() {
    BlockLayout layout = BlockLayout.builder().build();

    assertThat(layout.blockSize()).isEqualTo(8);
    assertThat(layout.isPermanentFirstUsable()).isTrue();
    assertThat(layout.slots()).isEmpty();
    assertThat(layout.toBuilder().build()).isEqualTo(layout);
    assertThat(BlockLayout.defaults().toBuilder().build()).isEqualTo(BlockLayout.defaults());
  }

  /** Issue 5: the first host of 2001:db8::/64 is 2001:db8::1, the next host starts at ::8. */
  @Test
  void firstUsable_firstHostAtOffset1_nextHostAtOffset8() {
    BlockLayout layout = BlockLayout.defaults();

    assertThat(layout.permanentOffset(0)).isEqualTo(1);
    assertThat(layout.permanentAddressOffset(0)).isEqualTo(0x1L); // 2001:db8::1
    assertThat(layout.blockStartOffset(1)).isEqualTo(0x8L); // 2001:db8::8
    assertThat(layout.permanentOffset(1)).isZero();
    assertThat(layout.permanentAddressOffset(1)).isEqualTo(0x8L); // 2001:db8::8
    assertThat(layout.permanentAddressOffset(2)).isEqualTo(0x10L); // 2001:db8::10
    assertThat(layout.slotAddressOffset(1, "ipxe")).isEqualTo(0xcL); // 2001:db8::c
  }

  @Test
  void firstUsable_neverGivesTheSubnetRouterAnycastAddress() {
    BlockLayout layout = BlockLayout.defaults();
    for (long block = 0; block < 1000; block++) {
      assertThat(layout.permanentAddressOffset(block)).isNotZero();
      for (int slotOffset : layout.slots().values()) {
        assertThat(layout.blockStartOffset(block) + slotOffset)
            .isNotEqualTo(layout.permanentAddressOffset(block));
      }
    }
  }

  @Test
  void fixedOffset_isTheSameInEveryBlock() {
    BlockLayout layout = BlockLayout.builder().blockSizeLog2(4).permanentOffset(1).build();

    assertThat(layout.isPermanentFirstUsable()).isFalse();
    assertThat(layout.fixedPermanentOffset()).hasValue(1);
    assertThat(layout.permanentOffset(0)).isEqualTo(1);
    assertThat(layout.permanentOffset(7)).isEqualTo(1);
    assertThat(layout.permanentAddressOffset(1)).isEqualTo(0x11L);
  }

  @Test
  void classExample_installerOfHost5() {
    BlockLayout layout =
        BlockLayout.builder()
            .blockSizeLog2(4)
            .permanentOffset(1)
            .slot("ipxe", 2)
            .slot("installer", 3)
            .build();

    assertThat(layout.slotAddressOffset(5, "installer")).isEqualTo(83);
  }

  @Test
  void lookups_findSlotsByNameAndOffset() {
    BlockLayout layout = BlockLayout.defaults();

    assertThat(layout.slotOffset("ipxe")).hasValue(4);
    assertThat(layout.slotOffset("nope")).isEmpty();
    assertThat(layout.slotAt(6)).contains("installer");
    assertThat(layout.slotAt(0)).isEmpty();
    assertThat(layout.slotAt(1)).isEmpty();
    assertThat(layout.slotAt(8)).isEmpty();
    assertThat(layout.blockIndexOf(0xcL)).isEqualTo(1);
    assertThat(layout.offsetInBlock(0xcL)).isEqualTo(4);
    assertThat(layout.slotAt(layout.offsetInBlock(0xcL))).contains("ipxe");
  }

  @Test
  void slotsAreListedInOffsetOrder_whateverTheOrderTheyWereAdded() {
    BlockLayout layout = BlockLayout.builder().slot("b", 5).slot("a", 3).slot("c", 4).build();

    assertThat(layout.slots()).containsExactly(entry("a", 3), entry("c", 4), entry("b", 5));
  }

  @Test
  void builder_slotAgain_movesIt_andRemoveSlotAndClearSlotsRemove() {
    BlockLayout moved = BlockLayout.defaults().toBuilder().slot("ipxe", 4).build();
    assertThat(moved).isEqualTo(BlockLayout.defaults());

    BlockLayout removed = BlockLayout.defaults().toBuilder().removeSlot("unknown").build();
    assertThat(removed.slots()).hasSize(5).doesNotContainKey("unknown");
    assertThat(BlockLayout.defaults().toBuilder().clearSlots().build().slots()).isEmpty();
  }

  @Test
  void equalsAndHashCode_compareByValue() {
    BlockLayout a = BlockLayout.builder().permanentOffset(3).slot("ipxe", 4).build();
    BlockLayout b = BlockLayout.builder().slot("ipxe", 4).permanentOffset(3).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(BlockLayout.defaults());
    assertThat(BlockLayout.builder().permanentOffset(0).build())
        .isNotEqualTo(BlockLayout.builder().build());
    assertThat(BlockLayout.builder().permanentOffset(0).permanentFirstUsable().build())
        .isEqualTo(BlockLayout.builder().build());
    assertThat(a.toString())
        .isEqualTo(
            "BlockLayout{/125, permanent: offset 3, slots: {ipxe=4}, phases: {IPXE=ipxe},"
                + " at permanent: [INSTALLED_OS]}");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 8, 15, 16})
  void blockSizeLog2_inRange_isAccepted(int k) {
    BlockLayout layout = BlockLayout.builder().blockSizeLog2(k).build();

    assertThat(layout.blockSize()).isEqualTo(1 << k);
    assertThat(layout.blockPrefixLength()).isEqualTo(128 - k);
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 17, 64, Integer.MAX_VALUE})
  void blockSizeLog2_outOfRange_isRejected(int k) {
    assertThatThrownBy(() -> BlockLayout.builder().blockSizeLog2(k).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "block size log2: " + k + " (expected: 0..16, i.e. blocks of 1 to 65536 addresses)");
  }

  @Test
  void consecutive_blocksOfOneAddress_permanentIsTheBlock_blockIndexesUpToTwoToThe63() {
    BlockLayout layout = BlockLayout.consecutive();

    assertThat(layout.blockSize()).isEqualTo(1);
    assertThat(layout.blockPrefixLength()).isEqualTo(128);
    assertThat(layout.slots()).isEmpty();
    assertThat(layout.permanentPhases()).containsExactly(BootPhase.INSTALLED_OS);
    // block 0 has no second address to skip to: the pool's anycast reservation excludes it
    assertThat(layout.permanentOffset(0)).isZero();
    assertThat(layout.permanentAddressOffset(5)).isEqualTo(5);
    assertThat(layout.permanentAddressOffset(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThat(layout.blockIndexOf(12345)).isEqualTo(12345);
    assertThatThrownBy(() -> layout.permanentAddressOffset(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("block index: -1 (expected: 0..2^63-1 for blocks of 1 address)");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 8, 9, Integer.MAX_VALUE})
  void permanentOffset_outsideBlock_isRejected(int offset) {
    assertThatThrownBy(() -> BlockLayout.builder().permanentOffset(offset).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permanent offset: " + offset + " (expected: 0..7 in a block of 8 addresses)");
  }

  @Test
  void permanentOffset_validAtOneSizeButNotAtSmaller_isRejectedAtBuild() {
    BlockLayout.Builder builder = BlockLayout.builder().blockSizeLog2(4).permanentOffset(12);
    assertThat(builder.build().permanentOffset(0)).isEqualTo(12);

    assertThatThrownBy(() -> builder.blockSizeLog2(2).build())
        .hasMessage("permanent offset: 12 (expected: 0..3 in a block of 4 addresses)");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 8, 1000})
  void slotOffset_outsideBlock_isRejected(int offset) {
    assertThatThrownBy(() -> BlockLayout.builder().slot("ipxe", offset).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "slot \"ipxe\" offset: " + offset + " (expected: 0..7 in a block of 8 addresses)");
  }

  @Test
  void twoSlotsOnOneOffset_isRejectedNamingBoth() {
    assertThatThrownBy(() -> BlockLayout.builder().slot("ipxe", 4).slot("installer", 4).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("slots \"")
        .hasMessageContaining("\"ipxe\"")
        .hasMessageContaining("\"installer\"")
        .hasMessageEndingWith("are both at offset 4 (expected: one slot per offset)");
  }

  @Test
  void slotOnFixedPermanentOffset_isRejected() {
    assertThatThrownBy(() -> BlockLayout.builder().permanentOffset(5).slot("ipxe", 5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "slot \"ipxe\" offset: 5 is the permanent address's offset"
                + " (expected: any other offset)");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void slotOnFirstUsablePermanentOffsets_isRejected(int offset) {
    assertThatThrownBy(() -> BlockLayout.builder().slot("ipxe", offset).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "slot \"ipxe\" offset: "
                + offset
                + " is where the permanent address sits (first usable address: offset 0, or 1 in"
                + " block 0, whose offset 0 is the subnet-router anycast address)"
                + " (expected: 2..7)");
  }

  @Test
  void slotAtOffset1_isAcceptedWithFixedOffset0() {
    BlockLayout layout = BlockLayout.builder().permanentOffset(0).slot("ipxe", 1).build();

    assertThat(layout.slotAddressOffset(0, "ipxe")).isEqualTo(1);
  }

  @Test
  void smallestBlock_hasNoRoomForSlotsUnderFirstUsable() {
    BlockLayout layout = BlockLayout.builder().blockSizeLog2(1).build();
    assertThat(layout.permanentAddressOffset(0)).isEqualTo(1);
    assertThat(layout.permanentAddressOffset(1)).isEqualTo(2);

    assertThatThrownBy(() -> layout.toBuilder().slot("ipxe", 1).build())
        .hasMessageContaining("(expected: 2..1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Ipxe", "1pxe", "-a", "a b", "a_b", "a;b", "a\nb", "a${x}", "ipxé"})
  void slotName_invalid_isRejectedNamingCharacterAndIndex(String name) {
    assertThatThrownBy(() -> BlockLayout.builder().slot(name, 4))
        .isInstanceOfSatisfying(
            MalformedValueException.class,
            e -> {
              assertThat(e.valueKind()).isEqualTo("slot name");
              if (name.isEmpty()) {
                assertThat(e.index()).isEqualTo(MalformedValueException.NO_INDEX);
              } else {
                int index = firstBadSlotNameIndex(name);
                assertThat(e.index()).isEqualTo(index);
                assertThat(e)
                    .hasMessageContaining(MalformedValueException.describe(name.charAt(index)))
                    .hasMessageEndingWith(" at index " + index);
              }
            });
  }

  @Test
  void slotName_tooLong_isRejected() {
    String name = "a".repeat(BlockLayout.MAX_SLOT_NAME_LENGTH + 1);

    assertThatThrownBy(() -> BlockLayout.builder().slot(name, 4))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("length 33 (expected: 1..32)");
    assertThat(
            BlockLayout.builder()
                .slot("a".repeat(BlockLayout.MAX_SLOT_NAME_LENGTH), 4)
                .build()
                .slots())
        .hasSize(1);
  }

  @Test
  void slotAddressOffset_unknownSlot_isRejected() {
    assertThatThrownBy(() -> BlockLayout.defaults().slotAddressOffset(0, "grub"))
        .isInstanceOf(MalformedValueException.class)
        .hasMessage(
            "invalid slot name \"grub\": no such slot in this layout (expected: one of"
                + " [firmware-pxe, firmware-http, ipxe, boot-loader, installer, unknown])");
    assertThatThrownBy(() -> BlockLayout.defaults().slotAddressOffset(0, "a\nb"))
        .hasMessageStartingWith("invalid slot name \"a\\u000ab\": no such slot");
  }

  @Test
  void blockIndex_bounds_coverA64Exactly() {
    BlockLayout layout = BlockLayout.defaults();
    long lastBlock = (1L << 61) - 1; // a /64 holds 2^61 blocks of 8

    assertThat(layout.blockStartOffset(lastBlock)).isEqualTo(0xffff_ffff_ffff_fff8L);
    assertThat(layout.permanentAddressOffset(lastBlock)).isEqualTo(0xffff_ffff_ffff_fff8L);
    assertThat(layout.slotAddressOffset(lastBlock, "unknown")).isEqualTo(-1L); // all ones
    assertThat(layout.blockIndexOf(-1L)).isEqualTo(lastBlock);
    assertThat(layout.offsetInBlock(-1L)).isEqualTo(7);

    assertThatThrownBy(() -> layout.blockStartOffset(lastBlock + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "block index: 2305843009213693952 (expected: 0..2^61-1 for blocks of 8 addresses)");
    assertThatThrownBy(() -> layout.permanentOffset(-1))
        .hasMessage("block index: -1 (expected: 0..2^61-1 for blocks of 8 addresses)");
    assertThatThrownBy(() -> layout.permanentAddressOffset(Long.MIN_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blockIndex_bounds_smallestBlocks() {
    BlockLayout layout = BlockLayout.builder().blockSizeLog2(1).build();

    assertThat(layout.blockStartOffset(Long.MAX_VALUE)).isEqualTo(-2L);
    assertThatThrownBy(() -> layout.blockStartOffset(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blockIndex_bounds_largestBlocks() {
    BlockLayout layout = BlockLayout.builder().blockSizeLog2(16).permanentOffset(65535).build();

    assertThat(layout.permanentAddressOffset((1L << 48) - 1)).isEqualTo(-1L);
    assertThatThrownBy(() -> layout.blockStartOffset(1L << 48))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(layout.blockIndexOf(-1L)).isEqualTo((1L << 48) - 1);
  }

  private static int firstBadSlotNameIndex(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (i > 0 && ((c >= '0' && c <= '9') || c == '-'));
      if (!ok) {
        return i;
      }
    }
    throw new AssertionError("no bad character in " + name);
  }
}
