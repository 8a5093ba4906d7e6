package io.github.netboot6.core;

/**
 * The phase of a network boot that a DHCPv6 request comes from.
 *
 * <p>One machine sends requests in several phases, each with its own DUID: firmware, then iPXE,
 * then a boot loader or installer, then the installed operating system. Knowing the phase lets a
 * server answer each one correctly (a {@code tftp://} URL to firmware PXE, an {@code http://} URL
 * and the {@code HTTPClient} echo to UEFI HTTP boot, a script URL to iPXE) and keep each phase in
 * its own address slot of the host's block, apart from the permanent address of the installed OS.
 *
 * <p>The identity resolver decides the phase from the evidence in a request (vendor class with its
 * enterprise number, user class, client architecture, DUID); the constants below say what that
 * evidence usually is in the field. When the evidence does not settle it, the phase is {@link
 * #UNKNOWN}: never a guess.
 */
public enum BootPhase {
  /**
   * UEFI or BIOS firmware doing PXE: vendor class (DHCPv6 option 16) with data beginning {@code
   * PXEClient}, client architecture (option 61) such as 7 (x64 UEFI) or 11 (ARM 64-bit UEFI). EDK2
   * sends enterprise number 343 (Intel) and a DUID-UUID built from the SMBIOS UUID in its stored,
   * partly little-endian byte order. It accepts only {@code tftp://} boot-file URLs.
   */
  FIRMWARE_PXE,

  /**
   * UEFI firmware doing HTTP boot: vendor class data beginning {@code HTTPClient} and a "boot from
   * http" architecture such as 16 (x64 UEFI HTTP). It needs an {@code http://} boot-file URL and
   * the {@code HTTPClient} vendor class echoed back.
   */
  FIRMWARE_HTTP,

  /**
   * The iPXE network boot program: user class (DHCPv6 option 15) {@code iPXE}. It sends a DUID-UUID
   * in network byte order (all zero when the machine has no SMBIOS UUID) and must get a script URL,
   * not a binary, or it would chain-load itself again.
   */
  IPXE,

  /**
   * A boot loader loaded by the firmware or iPXE that asks DHCPv6 itself, typically GRUB 2 on the
   * UEFI HTTP boot path (its own DUID, no PXE or iPXE class).
   */
  BOOT_LOADER,

  /**
   * An operating-system installer's DHCPv6 client: dracut/NetworkManager in Anaconda, the Debian
   * installer (netcfg with dhclient or dhcpcd), and similar. It sends a DUID of its own, often
   * generated when the installer starts, different from both the firmware's and the installed
   * system's.
   */
  INSTALLER,

  /**
   * The installed operating system: recognised by the DUID that Netboot6 generated for the host and
   * deployed with a client snippet (dhclient, systemd-networkd, NetworkManager, dhcpcd). It holds
   * the host's permanent address.
   */
  INSTALLED_OS,

  /** The evidence does not identify a phase, or identifies several that conflict. */
  UNKNOWN;

  /**
   * Returns whether the request comes from firmware: {@link #FIRMWARE_PXE} or {@link
   * #FIRMWARE_HTTP}.
   *
   * @return {@code true} for the firmware phases
   */
  public boolean isFirmware() {
    return this == FIRMWARE_PXE || this == FIRMWARE_HTTP;
  }

  /**
   * Returns whether the phase is a transient netboot phase that holds one of the host's phase slots
   * rather than its permanent address (design notes §2, workflow 3): every phase except {@link
   * #INSTALLED_OS} and {@link #UNKNOWN}. An unknown phase is neither: the caller decides.
   *
   * @return {@code true} for firmware, iPXE, boot loader and installer
   */
  public boolean isNetboot() {
    return this != INSTALLED_OS && this != UNKNOWN;
  }
}
