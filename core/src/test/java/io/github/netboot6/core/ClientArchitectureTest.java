package io.github.netboot6.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientArchitectureTest {

  /*
   * The IANA "Processor Architecture Types" registry, typed in again for the test from the
   * published list (https://www.iana.org/assignments/dhcpv6-parameters, 2026-11-27), index = code.
   * Kept apart from the production table on purpose: a typo in one is caught by the other.
   */
  private static final String[] IANA_NAMES = {
    "x86 BIOS",
    "NEC/PC98 (DEPRECATED)",
    "Itanium",
    "DEC Alpha (DEPRECATED)",
    "Arc x86 (DEPRECATED)",
    "Intel Lean Client (DEPRECATED)",
    "x86 UEFI",
    "x64 UEFI",
    "EFI Xscale (DEPRECATED)",
    "EBC",
    "ARM 32-bit UEFI",
    "ARM 64-bit UEFI",
    "PowerPC Open Firmware",
    "PowerPC ePAPR",
    "POWER OPAL v3",
    "x86 uefi boot from http",
    "x64 uefi boot from http",
    "ebc boot from http",
    "arm uefi 32 boot from http",
    "arm uefi 64 boot from http",
    "pc/at bios boot from http",
    "arm 32 uboot",
    "arm 64 uboot",
    "arm uboot 32 boot from http",
    "arm uboot 64 boot from http",
    "RISC-V 32-bit UEFI",
    "RISC-V 32-bit UEFI boot from http",
    "RISC-V 64-bit UEFI",
    "RISC-V 64-bit UEFI boot from http",
    "RISC-V 128-bit UEFI",
    "RISC-V 128-bit UEFI boot from http",
    "s390 Basic",
    "s390 Extended",
    "MIPS 32-bit UEFI",
    "MIPS 64-bit UEFI",
    "Sunway 32-bit UEFI",
    "Sunway 64-bit UEFI",
    "LoongArch 32-bit UEFI",
    "LoongArch 32-bit UEFI boot from http",
    "LoongArch 64-bit UEFI",
    "LoongArch 64-bit UEFI boot from http",
    "arm rpiboot",
  };

  private static final Set<Integer> HTTP_BOOT =
      Set.of(0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x17, 0x18, 0x1a, 0x1c, 0x1e, 0x26, 0x28);
  private static final Set<Integer> DEPRECATED = Set.of(1, 3, 4, 5, 8);
  private static final Set<Integer> UBOOT = Set.of(0x15, 0x16, 0x17, 0x18);
  private static final Set<Integer> BIOS = Set.of(0x00, 0x14);
  private static final Set<Integer> NOT_UEFI =
      Set.of(0, 1, 3, 4, 5, 0x0c, 0x0d, 0x0e, 0x14, 0x15, 0x16, 0x17, 0x18, 0x1f, 0x20, 0x29);

  @Test
  void registered_matchesTheIanaRegistry_inCodeOrder() {
    List<ClientArchitecture> registered = ClientArchitecture.registered();

    assertThat(registered).hasSize(IANA_NAMES.length).hasSize(42);
    for (int code = 0; code < IANA_NAMES.length; code++) {
      ClientArchitecture arch = registered.get(code);
      assertThat(arch.code()).isEqualTo(code);
      assertThat(arch.name()).as("code %s", code).isEqualTo(IANA_NAMES[code]);
      assertThat(arch.isRegistered()).isTrue();
      assertThat(ClientArchitecture.valueOf(code)).isSameAs(arch);
    }
  }

  @Test
  void registered_isImmutable() {
    assertThatThrownBy(() -> ClientArchitecture.registered().add(ClientArchitecture.EBC))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void constants_haveTheCodesUsedInTheField() {
    assertThat(ClientArchitecture.X86_BIOS.code()).isZero();
    assertThat(ClientArchitecture.X86_UEFI.code()).isEqualTo(6);
    assertThat(ClientArchitecture.X64_UEFI.code()).isEqualTo(7);
    assertThat(ClientArchitecture.EBC.code()).isEqualTo(9);
    assertThat(ClientArchitecture.ARM32_UEFI.code()).isEqualTo(0x0a);
    assertThat(ClientArchitecture.ARM64_UEFI.code()).isEqualTo(0x0b);
    assertThat(ClientArchitecture.X86_UEFI_HTTP.code()).isEqualTo(15);
    assertThat(ClientArchitecture.X64_UEFI_HTTP.code()).isEqualTo(16);
    assertThat(ClientArchitecture.ARM64_UEFI_HTTP.code()).isEqualTo(19);
    assertThat(ClientArchitecture.RISCV64_UEFI.code()).isEqualTo(27);
    assertThat(ClientArchitecture.LOONGARCH64_UEFI.code()).isEqualTo(39);
    assertThat(ClientArchitecture.ARM_RPIBOOT.code()).isEqualTo(41);
  }

  @Test
  void derivedFacts_followTheRegistryNames() {
    for (ClientArchitecture arch : ClientArchitecture.registered()) {
      int code = arch.code();
      String lower = IANA_NAMES[code].toLowerCase(Locale.ROOT);
      assertThat(arch.isHttpBoot()).as("%s http", arch).isEqualTo(HTTP_BOOT.contains(code));
      assertThat(arch.isHttpBoot()).isEqualTo(lower.endsWith("boot from http"));
      assertThat(arch.isDeprecated())
          .as("%s deprecated", arch)
          .isEqualTo(DEPRECATED.contains(code));
      assertThat(arch.isUboot()).as("%s uboot", arch).isEqualTo(UBOOT.contains(code));
      assertThat(arch.isBios()).as("%s bios", arch).isEqualTo(BIOS.contains(code));
      assertThat(arch.isUefi()).as("%s uefi", arch).isEqualTo(!NOT_UEFI.contains(code));
      assertThat(arch.isUefi() && arch.isBios()).isFalse();
      assertThat(arch.isUefi() && arch.isUboot()).isFalse();
    }
  }

  @Test
  void cpu_isTheFamilyNamedByTheRegistry() {
    assertThat(ClientArchitecture.X86_BIOS.cpu()).isEqualTo(ClientArchitecture.Cpu.X86);
    assertThat(ClientArchitecture.X86_UEFI.cpu()).isEqualTo(ClientArchitecture.Cpu.X86);
    assertThat(ClientArchitecture.X64_UEFI.cpu()).isEqualTo(ClientArchitecture.Cpu.X64);
    assertThat(ClientArchitecture.X64_UEFI_HTTP.cpu()).isEqualTo(ClientArchitecture.Cpu.X64);
    assertThat(ClientArchitecture.EBC.cpu()).isEqualTo(ClientArchitecture.Cpu.EBC);
    assertThat(ClientArchitecture.ARM32_UEFI.cpu()).isEqualTo(ClientArchitecture.Cpu.ARM32);
    assertThat(ClientArchitecture.ARM64_UBOOT_HTTP.cpu()).isEqualTo(ClientArchitecture.Cpu.ARM64);
    assertThat(ClientArchitecture.valueOf(0x1d).cpu()).isEqualTo(ClientArchitecture.Cpu.RISCV128);
    assertThat(ClientArchitecture.valueOf(0x28).cpu())
        .isEqualTo(ClientArchitecture.Cpu.LOONGARCH64);
    assertThat(ClientArchitecture.valueOf(0x29).cpu()).isEqualTo(ClientArchitecture.Cpu.ARM);
    assertThat(ClientArchitecture.valueOf(1).cpu()).isEqualTo(ClientArchitecture.Cpu.UNKNOWN);
    assertThat(ClientArchitecture.valueOf(0x2a).cpu()).isEqualTo(ClientArchitecture.Cpu.UNKNOWN);
  }

  @Test
  void cpu_wordSizeInTheNameMatchesTheFamily() {
    for (ClientArchitecture arch : ClientArchitecture.registered()) {
      String name = arch.name();
      String cpu = arch.cpu().name();
      if (name.contains("32") && !name.contains("s390")) {
        assertThat(cpu).as("%s", arch).endsWith("32");
      } else if (name.contains("128")) {
        assertThat(cpu).as("%s", arch).endsWith("128");
      } else if (name.contains("64") && !name.startsWith("x64")) {
        assertThat(cpu).as("%s", arch).endsWith("64");
      }
    }
  }

  @Test
  void valueOf_unregisteredCode_keepsTheCode() {
    ClientArchitecture arch = ClientArchitecture.valueOf(0x42);

    assertThat(arch.code()).isEqualTo(0x42);
    assertThat(arch.isRegistered()).isFalse();
    assertThat(arch.name()).isEqualTo("unassigned 0x0042");
    assertThat(arch.toString()).isEqualTo("66 (unassigned 0x0042)");
    assertThat(arch.isUefi()).isFalse();
    assertThat(arch.isHttpBoot()).isFalse();
    assertThat(arch.isBios()).isFalse();
    assertThat(arch.isUboot()).isFalse();
    assertThat(arch.isDeprecated()).isFalse();
  }

  @Test
  void valueOf_firstUnassignedCode_isUnregistered() {
    assertThat(ClientArchitecture.valueOf(0x29).isRegistered()).isTrue();
    assertThat(ClientArchitecture.valueOf(0x2a).isRegistered()).isFalse();
    assertThat(ClientArchitecture.valueOf(0x2a).name()).isEqualTo("unassigned 0x002a");
  }

  @Test
  void valueOf_boundaries() {
    assertThat(ClientArchitecture.valueOf(0)).isSameAs(ClientArchitecture.X86_BIOS);
    ClientArchitecture max = ClientArchitecture.valueOf(65535);
    assertThat(max.code()).isEqualTo(ClientArchitecture.MAX_CODE).isEqualTo(0xFFFF);
    assertThat(max.name()).isEqualTo("unassigned 0xffff");
    assertThat(max.toString()).isEqualTo("65535 (unassigned 0xffff)");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 65536, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x10000 + 7})
  void valueOf_outside16Bits_throws(int code) {
    assertThatThrownBy(() -> ClientArchitecture.valueOf(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("architecture code: " + code + " (expected: 0..65535)");
  }

  @Test
  void valueOf_never_throwsIn16Bits() {
    Set<Integer> seen = new TreeSet<>();
    for (int code = 0; code <= 0xFFFF; code++) {
      ClientArchitecture arch = ClientArchitecture.valueOf(code);
      assertThat(arch.code()).isEqualTo(code);
      seen.add(arch.code());
    }
    assertThat(seen).hasSize(65536);
  }

  @Test
  void equalsAndHashCode_byCode() {
    ClientArchitecture a = ClientArchitecture.valueOf(1000);
    ClientArchitecture b = ClientArchitecture.valueOf(1000);

    assertThat(a).isNotSameAs(b).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(ClientArchitecture.valueOf(1001));
    assertThat(ClientArchitecture.X64_UEFI).isEqualTo(ClientArchitecture.valueOf(7));
    assertThat(ClientArchitecture.X64_UEFI).isNotEqualTo(ClientArchitecture.EBC);
    assertThat(ClientArchitecture.X64_UEFI).isNotEqualTo((Object) "7 (x64 UEFI)");
  }

  @Test
  void compareTo_ordersByCode() {
    List<ClientArchitecture> list = new ArrayList<>();
    list.add(ClientArchitecture.valueOf(0x100));
    list.add(ClientArchitecture.X64_UEFI_HTTP);
    list.add(ClientArchitecture.X86_BIOS);
    list.sort(null);

    assertThat(list)
        .containsExactly(
            ClientArchitecture.X86_BIOS,
            ClientArchitecture.X64_UEFI_HTTP,
            ClientArchitecture.valueOf(0x100));
  }

  @Test
  void toString_isCodeAndName_inAnyLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertThat(ClientArchitecture.X64_UEFI.toString()).isEqualTo("7 (x64 UEFI)");
      assertThat(ClientArchitecture.X64_UEFI_HTTP.toString())
          .isEqualTo("16 (x64 uefi boot from http)");
      assertThat(ClientArchitecture.valueOf(0xABCD).name()).isEqualTo("unassigned 0xabcd");
      Locale.setDefault(Locale.forLanguageTag("ar-EG-u-nu-arab"));
      assertThat(ClientArchitecture.valueOf(0x1234).toString())
          .isEqualTo("4660 (unassigned 0x1234)");
    } finally {
      Locale.setDefault(saved);
    }
  }
}
