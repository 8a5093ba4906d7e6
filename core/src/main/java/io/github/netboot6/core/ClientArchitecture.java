package io.github.netboot6.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A client system architecture type: the 16-bit code a network-boot client sends to say which
 * pre-boot environment it runs, in DHCPv4 option 93 (RFC 4578 §2.1) and DHCPv6 option 61
 * (OPTION_CLIENT_ARCH_TYPE, RFC 5970 §3.3). Codes are assigned in the IANA "Processor Architecture
 * Types" registry.
 *
 * <p>This is an open enum: {@link #valueOf(int)} accepts every 16-bit code. Registered codes come
 * back as the constants of this class; any other code comes back as an unregistered value that
 * keeps the code, so a server can log, forward and match it without failing. Example:
 *
 * <pre>{@code
 * ClientArchitecture arch = ClientArchitecture.valueOf(16);
 * arch.name();        // "x64 uefi boot from http"
 * arch.isHttpBoot();  // true: answer with an http:// URL and echo vendor class "HTTPClient"
 * arch.cpu();         // Cpu.X64
 * ClientArchitecture.valueOf(0x42).name();  // "unassigned 0x0042"
 * }</pre>
 *
 * <p>The derived facts ({@link #isUefi()}, {@link #isHttpBoot()}, {@link #isBios()}, {@link
 * #isUboot()}, {@link #isDeprecated()}, {@link #cpu()}) are read from the registry names and, for
 * the first ten codes, the RFC 4578 §2.1 names; they describe the pre-boot environment, not the
 * machine: an x64 machine booting in legacy BIOS mode sends {@link #X86_BIOS}. Unregistered values
 * answer {@code false} and {@link Cpu#UNKNOWN}.
 *
 * <p>Codes 7 and 9 are named as in the IANA registry (7 = x64 UEFI, 9 = EBC). The original text of
 * RFC 4578 §2.1 had them the other way round ("EFI BC" = 7, "EFI x86-64" = 9); RFC errata 4624
 * corrected the RFC to match the registry, and firmware (EDK2) and iPXE send the registry values.
 *
 * <p>Instances are immutable and thread-safe; two instances are equal when their codes are equal.
 */
public final class ClientArchitecture implements Comparable<ClientArchitecture> {

  /** The largest architecture code: the field is 16 bits wide (RFC 5970 §3.3). */
  public static final int MAX_CODE = 0xFFFF;

  private static final int UEFI = 1;
  private static final int HTTP = 1 << 1;
  private static final int BIOS = 1 << 2;
  private static final int UBOOT = 1 << 3;
  private static final int DEPRECATED = 1 << 4;

  /*
   * Registry data, re-typed from the IANA "Processor Architecture Types" registry
   * (https://www.iana.org/assignments/dhcpv6-parameters/dhcpv6-parameters.xhtml
   * #processor-architecture), checked on 2026-11-27. The IANA page itself could not be fetched
   * from this build's environment; the list was cross-checked against several independent copies
   * that quote it: 0x00-0x24 in a verbatim table of the registry names, 0x25-0x28 in Loongson's
   * announcement of their assignment, 0x29 ("arm rpiboot") in Tinkerbell's boot-file map, and the
   * count (42 registered types, 0x00-0x29) in Net::DHCPv6::Constants 0.003 (2026). 0x2a-0xffff
   * are unassigned. Names keep the registry's spelling and case, which is not uniform.
   */
  private static final ClientArchitecture[] REGISTERED = new ClientArchitecture[0x2A];

  /** 0x00 {@code x86 BIOS}: a PC BIOS PXE client (RFC 4578: "Intel x86PC"). */
  public static final ClientArchitecture X86_BIOS = register(0x00, "x86 BIOS", BIOS, Cpu.X86);

  /** 0x01 {@code NEC/PC98 (DEPRECATED)}. */
  public static final ClientArchitecture NEC_PC98 =
      register(0x01, "NEC/PC98 (DEPRECATED)", DEPRECATED, Cpu.UNKNOWN);

  /** 0x02 {@code Itanium}: UEFI on Itanium (RFC 4578: "EFI Itanium"). */
  public static final ClientArchitecture ITANIUM = register(0x02, "Itanium", UEFI, Cpu.ITANIUM);

  /** 0x03 {@code DEC Alpha (DEPRECATED)}. */
  public static final ClientArchitecture DEC_ALPHA =
      register(0x03, "DEC Alpha (DEPRECATED)", DEPRECATED, Cpu.ALPHA);

  /** 0x04 {@code Arc x86 (DEPRECATED)}. */
  public static final ClientArchitecture ARC_X86 =
      register(0x04, "Arc x86 (DEPRECATED)", DEPRECATED, Cpu.X86);

  /** 0x05 {@code Intel Lean Client (DEPRECATED)}. */
  public static final ClientArchitecture INTEL_LEAN_CLIENT =
      register(0x05, "Intel Lean Client (DEPRECATED)", DEPRECATED, Cpu.UNKNOWN);

  /** 0x06 {@code x86 UEFI}: 32-bit x86 UEFI PXE (RFC 4578: "EFI IA32"). */
  public static final ClientArchitecture X86_UEFI = register(0x06, "x86 UEFI", UEFI, Cpu.X86);

  /** 0x07 {@code x64 UEFI}: x86-64 UEFI PXE, the usual PC and VM firmware (see class notes). */
  public static final ClientArchitecture X64_UEFI = register(0x07, "x64 UEFI", UEFI, Cpu.X64);

  /** 0x08 {@code EFI Xscale (DEPRECATED)}. */
  public static final ClientArchitecture EFI_XSCALE =
      register(0x08, "EFI Xscale (DEPRECATED)", UEFI | DEPRECATED, Cpu.ARM32);

  /** 0x09 {@code EBC}: EFI Byte Code, processor-independent (see class notes). */
  public static final ClientArchitecture EBC = register(0x09, "EBC", UEFI, Cpu.EBC);

  /** 0x0a {@code ARM 32-bit UEFI}. */
  public static final ClientArchitecture ARM32_UEFI =
      register(0x0A, "ARM 32-bit UEFI", UEFI, Cpu.ARM32);

  /** 0x0b {@code ARM 64-bit UEFI}. */
  public static final ClientArchitecture ARM64_UEFI =
      register(0x0B, "ARM 64-bit UEFI", UEFI, Cpu.ARM64);

  /** 0x0c {@code PowerPC Open Firmware}. */
  public static final ClientArchitecture POWERPC_OPEN_FIRMWARE =
      register(0x0C, "PowerPC Open Firmware", 0, Cpu.POWERPC);

  /** 0x0d {@code PowerPC ePAPR}. */
  public static final ClientArchitecture POWERPC_EPAPR =
      register(0x0D, "PowerPC ePAPR", 0, Cpu.POWERPC);

  /** 0x0e {@code POWER OPAL v3}. */
  public static final ClientArchitecture POWER_OPAL_V3 =
      register(0x0E, "POWER OPAL v3", 0, Cpu.POWERPC);

  /** 0x0f {@code x86 uefi boot from http}: 32-bit x86 UEFI HTTP boot. */
  public static final ClientArchitecture X86_UEFI_HTTP =
      register(0x0F, "x86 uefi boot from http", UEFI | HTTP, Cpu.X86);

  /** 0x10 {@code x64 uefi boot from http}: x86-64 UEFI HTTP boot. */
  public static final ClientArchitecture X64_UEFI_HTTP =
      register(0x10, "x64 uefi boot from http", UEFI | HTTP, Cpu.X64);

  /** 0x11 {@code ebc boot from http}. */
  public static final ClientArchitecture EBC_HTTP =
      register(0x11, "ebc boot from http", UEFI | HTTP, Cpu.EBC);

  /** 0x12 {@code arm uefi 32 boot from http}. */
  public static final ClientArchitecture ARM32_UEFI_HTTP =
      register(0x12, "arm uefi 32 boot from http", UEFI | HTTP, Cpu.ARM32);

  /** 0x13 {@code arm uefi 64 boot from http}. */
  public static final ClientArchitecture ARM64_UEFI_HTTP =
      register(0x13, "arm uefi 64 boot from http", UEFI | HTTP, Cpu.ARM64);

  /** 0x14 {@code pc/at bios boot from http}. */
  public static final ClientArchitecture X86_BIOS_HTTP =
      register(0x14, "pc/at bios boot from http", BIOS | HTTP, Cpu.X86);

  /** 0x15 {@code arm 32 uboot}: U-Boot on 32-bit ARM. */
  public static final ClientArchitecture ARM32_UBOOT =
      register(0x15, "arm 32 uboot", UBOOT, Cpu.ARM32);

  /** 0x16 {@code arm 64 uboot}: U-Boot on 64-bit ARM. */
  public static final ClientArchitecture ARM64_UBOOT =
      register(0x16, "arm 64 uboot", UBOOT, Cpu.ARM64);

  /** 0x17 {@code arm uboot 32 boot from http}. */
  public static final ClientArchitecture ARM32_UBOOT_HTTP =
      register(0x17, "arm uboot 32 boot from http", UBOOT | HTTP, Cpu.ARM32);

  /** 0x18 {@code arm uboot 64 boot from http}. */
  public static final ClientArchitecture ARM64_UBOOT_HTTP =
      register(0x18, "arm uboot 64 boot from http", UBOOT | HTTP, Cpu.ARM64);

  /** 0x19 {@code RISC-V 32-bit UEFI}. */
  public static final ClientArchitecture RISCV32_UEFI =
      register(0x19, "RISC-V 32-bit UEFI", UEFI, Cpu.RISCV32);

  /** 0x1a {@code RISC-V 32-bit UEFI boot from http}. */
  public static final ClientArchitecture RISCV32_UEFI_HTTP =
      register(0x1A, "RISC-V 32-bit UEFI boot from http", UEFI | HTTP, Cpu.RISCV32);

  /** 0x1b {@code RISC-V 64-bit UEFI}. */
  public static final ClientArchitecture RISCV64_UEFI =
      register(0x1B, "RISC-V 64-bit UEFI", UEFI, Cpu.RISCV64);

  /** 0x1c {@code RISC-V 64-bit UEFI boot from http}. */
  public static final ClientArchitecture RISCV64_UEFI_HTTP =
      register(0x1C, "RISC-V 64-bit UEFI boot from http", UEFI | HTTP, Cpu.RISCV64);

  /** 0x1d {@code RISC-V 128-bit UEFI}. */
  public static final ClientArchitecture RISCV128_UEFI =
      register(0x1D, "RISC-V 128-bit UEFI", UEFI, Cpu.RISCV128);

  /** 0x1e {@code RISC-V 128-bit UEFI boot from http}. */
  public static final ClientArchitecture RISCV128_UEFI_HTTP =
      register(0x1E, "RISC-V 128-bit UEFI boot from http", UEFI | HTTP, Cpu.RISCV128);

  /** 0x1f {@code s390 Basic}. */
  public static final ClientArchitecture S390_BASIC = register(0x1F, "s390 Basic", 0, Cpu.S390);

  /** 0x20 {@code s390 Extended}. */
  public static final ClientArchitecture S390_EXTENDED =
      register(0x20, "s390 Extended", 0, Cpu.S390);

  /** 0x21 {@code MIPS 32-bit UEFI}. */
  public static final ClientArchitecture MIPS32_UEFI =
      register(0x21, "MIPS 32-bit UEFI", UEFI, Cpu.MIPS32);

  /** 0x22 {@code MIPS 64-bit UEFI}. */
  public static final ClientArchitecture MIPS64_UEFI =
      register(0x22, "MIPS 64-bit UEFI", UEFI, Cpu.MIPS64);

  /** 0x23 {@code Sunway 32-bit UEFI}. */
  public static final ClientArchitecture SUNWAY32_UEFI =
      register(0x23, "Sunway 32-bit UEFI", UEFI, Cpu.SUNWAY32);

  /** 0x24 {@code Sunway 64-bit UEFI}. */
  public static final ClientArchitecture SUNWAY64_UEFI =
      register(0x24, "Sunway 64-bit UEFI", UEFI, Cpu.SUNWAY64);

  /** 0x25 {@code LoongArch 32-bit UEFI}. */
  public static final ClientArchitecture LOONGARCH32_UEFI =
      register(0x25, "LoongArch 32-bit UEFI", UEFI, Cpu.LOONGARCH32);

  /** 0x26 {@code LoongArch 32-bit UEFI boot from http}. */
  public static final ClientArchitecture LOONGARCH32_UEFI_HTTP =
      register(0x26, "LoongArch 32-bit UEFI boot from http", UEFI | HTTP, Cpu.LOONGARCH32);

  /** 0x27 {@code LoongArch 64-bit UEFI}. */
  public static final ClientArchitecture LOONGARCH64_UEFI =
      register(0x27, "LoongArch 64-bit UEFI", UEFI, Cpu.LOONGARCH64);

  /** 0x28 {@code LoongArch 64-bit UEFI boot from http}. */
  public static final ClientArchitecture LOONGARCH64_UEFI_HTTP =
      register(0x28, "LoongArch 64-bit UEFI boot from http", UEFI | HTTP, Cpu.LOONGARCH64);

  /**
   * 0x29 {@code arm rpiboot}: the Raspberry Pi network boot loader. The registry name states
   * neither UEFI nor the ARM word size, so {@link #cpu()} is {@link Cpu#ARM}.
   */
  public static final ClientArchitecture ARM_RPIBOOT = register(0x29, "arm rpiboot", 0, Cpu.ARM);

  // List.of rejects null elements: a gap in the table above fails class initialization.
  private static final List<ClientArchitecture> REGISTERED_LIST = List.of(REGISTERED);

  /**
   * The instruction-set family of a pre-boot environment, as far as the registry name states it.
   *
   * <p>Where the name gives a word size, the constant carries it ({@link #ARM32}, {@link #ARM64});
   * where it does not, the family constant says so ({@link #ARM}, {@link #POWERPC}, {@link #S390}).
   */
  public enum Cpu {
    /** 32-bit x86 (IA-32), and 16/32-bit PC BIOS environments. */
    X86,
    /** x86-64 (x64, AMD64, Intel 64). */
    X64,
    /** Intel Itanium (IA-64). */
    ITANIUM,
    /** DEC Alpha. */
    ALPHA,
    /** 32-bit ARM (AArch32), including Intel XScale, a 32-bit ARM implementation. */
    ARM32,
    /** 64-bit ARM (AArch64). */
    ARM64,
    /** ARM with the word size not stated by the registry name ({@code arm rpiboot}). */
    ARM,
    /** PowerPC or IBM POWER; the registry names do not state the word size. */
    POWERPC,
    /** IBM s390 (z/Architecture); the registry names do not state the word size. */
    S390,
    /** 32-bit RISC-V. */
    RISCV32,
    /** 64-bit RISC-V. */
    RISCV64,
    /** 128-bit RISC-V. */
    RISCV128,
    /** 32-bit MIPS. */
    MIPS32,
    /** 64-bit MIPS. */
    MIPS64,
    /** 32-bit Sunway. */
    SUNWAY32,
    /** 64-bit Sunway. */
    SUNWAY64,
    /** 32-bit LoongArch. */
    LOONGARCH32,
    /** 64-bit LoongArch. */
    LOONGARCH64,
    /** EFI Byte Code: a processor-independent virtual machine, not a processor. */
    EBC,
    /** Not stated by the registry name, or the code is not registered. */
    UNKNOWN
  }

  private final int code;
  private final String name;
  private final int flags;
  private final Cpu cpu;
  private final boolean registered;

  private ClientArchitecture(int code, String name, int flags, Cpu cpu, boolean registered) {
    this.code = code;
    this.name = name;
    this.flags = flags;
    this.cpu = cpu;
    this.registered = registered;
  }

  private static ClientArchitecture register(int code, String name, int flags, Cpu cpu) {
    ClientArchitecture value = new ClientArchitecture(code, name, flags, cpu, true);
    REGISTERED[code] = value;
    return value;
  }

  /**
   * Returns the architecture with the given code: the registered constant, or an unregistered value
   * that keeps the code and is named {@code "unassigned 0x"} followed by four lowercase hexadecimal
   * digits, e.g. {@code "unassigned 0x0042"}.
   *
   * @param code the 16-bit code from DHCPv4 option 93 or DHCPv6 option 61, 0 to {@value #MAX_CODE}
   * @return the architecture: the shared constant for a registered code, a new instance otherwise;
   *     never throws for a code in range
   * @throws IllegalArgumentException if {@code code} is negative or above {@value #MAX_CODE}
   */
  public static ClientArchitecture valueOf(int code) {
    checkArgument(
        code >= 0 && code <= MAX_CODE, "architecture code: %s (expected: 0..65535)", code);
    if (code < REGISTERED.length) {
      return REGISTERED[code];
    }
    return new ClientArchitecture(
        code, String.format(Locale.ROOT, "unassigned 0x%04x", code), 0, Cpu.UNKNOWN, false);
  }

  /**
   * Returns every registered architecture, in ascending code order.
   *
   * @return an immutable list of the registered constants
   */
  public static List<ClientArchitecture> registered() {
    return REGISTERED_LIST;
  }

  /**
   * Returns the 16-bit code sent on the wire.
   *
   * @return the code, 0 to {@value #MAX_CODE}
   */
  public int code() {
    return code;
  }

  /**
   * Returns the name: the IANA registry name with its spelling and case (e.g. {@code "x64 UEFI"},
   * {@code "x64 uefi boot from http"}), or {@code "unassigned 0x"} and four lowercase hexadecimal
   * digits for an unregistered code.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns whether the code is assigned in the IANA registry known to this version of Netboot6.
   *
   * @return {@code true} for the constants of this class, {@code false} for other codes
   */
  public boolean isRegistered() {
    return registered;
  }

  /**
   * Returns whether the client runs UEFI (or, for deprecated codes, EFI) firmware: the registry
   * name says UEFI, EFI or EBC, or the RFC 4578 §2.1 name says EFI ({@link #ITANIUM}).
   *
   * @return {@code true} for UEFI environments, including UEFI HTTP boot
   */
  public boolean isUefi() {
    return (flags & UEFI) != 0;
  }

  /**
   * Returns whether the client does HTTP boot: the registry name ends in "boot from http". Such a
   * client (UEFI HTTP boot) expects an {@code http://} boot-file URL and the vendor class {@code
   * HTTPClient} echoed back.
   *
   * @return {@code true} for the "boot from http" codes
   */
  public boolean isHttpBoot() {
    return (flags & HTTP) != 0;
  }

  /**
   * Returns whether the client runs PC BIOS firmware: the registry name says BIOS ({@link
   * #X86_BIOS} and {@link #X86_BIOS_HTTP}).
   *
   * @return {@code true} for the BIOS codes
   */
  public boolean isBios() {
    return (flags & BIOS) != 0;
  }

  /**
   * Returns whether the client is the U-Boot boot loader: the registry name says "uboot".
   *
   * @return {@code true} for the U-Boot codes
   */
  public boolean isUboot() {
    return (flags & UBOOT) != 0;
  }

  /**
   * Returns whether the registry marks the code "(DEPRECATED)".
   *
   * @return {@code true} for the deprecated codes
   */
  public boolean isDeprecated() {
    return (flags & DEPRECATED) != 0;
  }

  /**
   * Returns the instruction-set family of the pre-boot environment, as far as the registry name
   * states it.
   *
   * @return the family; {@link Cpu#UNKNOWN} when the name does not state it or the code is not
   *     registered
   */
  public Cpu cpu() {
    return cpu;
  }

  /**
   * Compares by code.
   *
   * @param other the architecture to compare with
   * @return a negative number, zero or a positive number as this code is below, equal to or above
   *     the other's
   */
  @Override
  public int compareTo(ClientArchitecture other) {
    return Integer.compare(code, other.code);
  }

  /**
   * Returns whether {@code obj} is an architecture with the same code.
   *
   * @param obj the object to compare with
   * @return {@code true} if the codes are equal
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof ClientArchitecture other && other.code == code;
  }

  /**
   * Returns a hash code derived from the code alone.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Integer.hashCode(code);
  }

  /**
   * Returns the decimal code followed by the name in parentheses, e.g. {@code "7 (x64 UEFI)"} or
   * {@code "66 (unassigned 0x0042)"}. The format is locale-independent.
   *
   * @return the text form, for logs and messages
   */
  @Override
  public String toString() {
    return code + " (" + name + ")";
  }
}
