package io.github.netboot6.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class BootPhaseTest {

  @Test
  void isFirmware_onlyForTheFirmwarePhases() {
    assertThat(EnumSet.allOf(BootPhase.class).stream().filter(BootPhase::isFirmware))
        .containsExactlyInAnyOrder(BootPhase.FIRMWARE_PXE, BootPhase.FIRMWARE_HTTP);
  }

  @Test
  void isNetboot_forEveryPhaseThatHoldsAPhaseSlot() {
    assertThat(EnumSet.allOf(BootPhase.class).stream().filter(BootPhase::isNetboot))
        .containsExactlyInAnyOrder(
            BootPhase.FIRMWARE_PXE,
            BootPhase.FIRMWARE_HTTP,
            BootPhase.IPXE,
            BootPhase.BOOT_LOADER,
            BootPhase.INSTALLER);
  }

  @Test
  void installedOsAndUnknown_areNotNetbootPhases() {
    assertThat(BootPhase.INSTALLED_OS.isNetboot()).isFalse();
    assertThat(BootPhase.INSTALLED_OS.isFirmware()).isFalse();
    assertThat(BootPhase.UNKNOWN.isNetboot()).isFalse();
    assertThat(BootPhase.UNKNOWN.isFirmware()).isFalse();
  }

  @Test
  void everyFirmwarePhase_isANetbootPhase() {
    for (BootPhase phase : BootPhase.values()) {
      if (phase.isFirmware()) {
        assertThat(phase.isNetboot()).as("%s", phase).isTrue();
      }
    }
  }
}
