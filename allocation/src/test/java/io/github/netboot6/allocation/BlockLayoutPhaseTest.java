package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.MalformedValueException;
import org.junit.jupiter.api.Test;

class BlockLayoutPhaseTest {

  @Test
  void defaults_mapEachNetbootPhaseToItsSlot_installedOsToPermanent_unknownToUnknown() {
    BlockLayout layout = BlockLayout.defaults();

    assertThat(layout.phaseSlots())
        .containsExactly(
            entry(BootPhase.FIRMWARE_PXE, "firmware-pxe"),
            entry(BootPhase.FIRMWARE_HTTP, "firmware-http"),
            entry(BootPhase.IPXE, "ipxe"),
            entry(BootPhase.BOOT_LOADER, "boot-loader"),
            entry(BootPhase.INSTALLER, "installer"),
            entry(BootPhase.UNKNOWN, "unknown"));
    assertThat(layout.permanentPhases()).containsExactly(BootPhase.INSTALLED_OS);
    for (BootPhase phase : BootPhase.values()) {
      assertThat(layout.isMapped(phase)).as("%s", phase).isTrue();
    }
  }

  /** Block 1 of the default layout is ::8-::f: permanent at ::8, offset 1 unused, slots ::a-::f. */
  @Test
  void defaults_phaseAddressOffsets_inBlocks0And1() {
    BlockLayout layout = BlockLayout.defaults();

    assertThat(layout.phaseAddressOffset(0, BootPhase.INSTALLED_OS)).isEqualTo(0x1L);
    assertThat(layout.phaseAddressOffset(0, BootPhase.FIRMWARE_PXE)).isEqualTo(0x2L);
    assertThat(layout.phaseAddressOffset(0, BootPhase.UNKNOWN)).isEqualTo(0x7L);
    assertThat(layout.phaseAddressOffset(1, BootPhase.INSTALLED_OS)).isEqualTo(0x8L);
    assertThat(layout.phaseAddressOffset(1, BootPhase.FIRMWARE_PXE)).isEqualTo(0xaL);
    assertThat(layout.phaseAddressOffset(1, BootPhase.FIRMWARE_HTTP)).isEqualTo(0xbL);
    assertThat(layout.phaseAddressOffset(1, BootPhase.IPXE)).isEqualTo(0xcL);
    assertThat(layout.phaseAddressOffset(1, BootPhase.BOOT_LOADER)).isEqualTo(0xdL);
    assertThat(layout.phaseAddressOffset(1, BootPhase.INSTALLER)).isEqualTo(0xeL);
    assertThat(layout.phaseAddressOffset(1, BootPhase.UNKNOWN)).isEqualTo(0xfL);
  }

  @Test
  void slotNameOf_isLowerCaseWithHyphens_evenUnderTurkishLocale() {
    // The build runs tests under -Duser.language=tr, where "I".toLowerCase() is a dotless i.
    assertThat(BlockLayout.slotNameOf(BootPhase.IPXE)).isEqualTo("ipxe");
    assertThat(BlockLayout.slotNameOf(BootPhase.FIRMWARE_HTTP)).isEqualTo("firmware-http");
    assertThat(BlockLayout.slotNameOf(BootPhase.INSTALLED_OS)).isEqualTo("installed-os");
  }

  @Test
  void builder_withoutSlots_mapsOnlyInstalledOs() {
    BlockLayout layout = BlockLayout.builder().build();

    assertThat(layout.phaseSlots()).isEmpty();
    assertThat(layout.permanentPhases()).containsExactly(BootPhase.INSTALLED_OS);
    assertThat(layout.isMapped(BootPhase.IPXE)).isFalse();
    assertThat(layout.phaseSlot(BootPhase.IPXE)).isEmpty();
  }

  @Test
  void builder_explicitMappings_overrideTheDefaults() {
    BlockLayout layout =
        BlockLayout.defaults().toBuilder()
            .phaseSlot(BootPhase.FIRMWARE_HTTP, "firmware-pxe")
            .phaseAtPermanent(BootPhase.UNKNOWN)
            .unmapPhase(BootPhase.BOOT_LOADER)
            .build();

    assertThat(layout.phaseSlot(BootPhase.FIRMWARE_HTTP)).contains("firmware-pxe");
    assertThat(layout.phaseSlot(BootPhase.UNKNOWN)).isEmpty();
    assertThat(layout.permanentPhases())
        .containsExactlyInAnyOrder(BootPhase.INSTALLED_OS, BootPhase.UNKNOWN);
    assertThat(layout.isMapped(BootPhase.BOOT_LOADER)).isFalse();
    assertThat(layout.phaseAddressOffset(1, BootPhase.FIRMWARE_HTTP)).isEqualTo(0xaL);
    assertThat(layout.phaseAddressOffset(1, BootPhase.UNKNOWN)).isEqualTo(0x8L);
    assertThat(layout).isNotEqualTo(BlockLayout.defaults());
    assertThat(layout.toBuilder().build()).isEqualTo(layout).hasSameHashCodeAs(layout);
    assertThat(
            layout.toBuilder()
                .defaultPhase(BootPhase.BOOT_LOADER)
                .build()
                .isMapped(BootPhase.BOOT_LOADER))
        .isTrue();
  }

  @Test
  void build_phaseMappedToMissingSlot_isRejectedWithTheNames() {
    assertThatThrownBy(
            () -> BlockLayout.defaults().toBuilder().phaseSlot(BootPhase.IPXE, "grub").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "phase IPXE: slot \"grub\" is not in this layout (expected: one of [firmware-pxe,"
                + " firmware-http, ipxe, boot-loader, installer, unknown])");
  }

  @Test
  void build_removingASlotAnExplicitMappingUses_isRejected() {
    BlockLayout.Builder builder =
        BlockLayout.defaults().toBuilder().phaseSlot(BootPhase.BOOT_LOADER, "installer");
    builder.removeSlot("installer");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("phase BOOT_LOADER: slot \"installer\" is not in this layout");
  }

  @Test
  void build_removingASlotADefaultMappingUses_unmapsThePhase() {
    BlockLayout layout = BlockLayout.defaults().toBuilder().removeSlot("unknown").build();

    assertThat(layout.isMapped(BootPhase.UNKNOWN)).isFalse();
    assertThatThrownBy(() -> layout.phaseAddressOffset(0, BootPhase.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "phase UNKNOWN: not mapped in this layout (expected: one of the mapped phases"
                + " [FIRMWARE_PXE, FIRMWARE_HTTP, IPXE, BOOT_LOADER, INSTALLER] or [INSTALLED_OS])");
  }

  @Test
  void phaseSlot_invalidSlotName_isRejectedAtOnce() {
    assertThatThrownBy(() -> BlockLayout.builder().phaseSlot(BootPhase.IPXE, "Grub"))
        .isInstanceOf(MalformedValueException.class);
  }
}
