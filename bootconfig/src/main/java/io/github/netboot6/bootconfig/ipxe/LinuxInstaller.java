package io.github.netboot6.bootconfig.ipxe;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The Linux installers and live images that {@link IpxeScripts} writes per-host scripts for, with
 * the kernel arguments that bring their network up over DHCPv6.
 */
public enum LinuxInstaller {
  /**
   * Anaconda (Fedora, RHEL and derivatives) with a Kickstart file: dracut's {@code ip=dhcp6}, and
   * {@code inst.ks.sendmac} so the Kickstart request carries the MAC addresses in its headers.
   */
  ANACONDA(List.of("ip=dhcp6")),
  /**
   * The Debian installer with a preseed file: {@code netcfg/use_autoconfig=true} (router
   * advertisements, then DHCPv6 as they direct) and {@code interface=auto}.
   */
  DEBIAN_INSTALLER(List.of("interface=auto", "netcfg/use_autoconfig=true")),
  /**
   * The Ubuntu Server live installer (Subiquity, 20.04 and later) with an autoinstall seed: {@code
   * ip=off ip6=dhcp}, which Ubuntu's initramfs-tools read as DHCPv6 only ({@code ip6=dhcp} alone
   * would bring DHCPv4 up as well).
   */
  UBUNTU_AUTOINSTALL(List.of("ip=off", "ip6=dhcp")),
  /**
   * Fedora CoreOS live PXE with an Ignition config: dracut's {@code ip=dhcp6}, read by
   * NetworkManager in the initramfs.
   */
  FEDORA_COREOS(List.of("ip=dhcp6")),
  /** Flatcar Container Linux PXE with an Ignition config: {@code ip=dhcp6}. */
  FLATCAR(List.of("ip=dhcp6")),
  /** Any kernel and initrd: no network arguments are added. */
  GENERIC(List.of());

  private final ImmutableList<IpxeWord> ipv6NetworkArguments;

  LinuxInstaller(List<String> args) {
    ImmutableList.Builder<IpxeWord> b = ImmutableList.builder();
    for (String arg : args) {
      b.add(IpxeWord.literal("kernel argument", arg));
    }
    this.ipv6NetworkArguments = b.build();
  }

  /**
   * Returns the kernel arguments that make this installer configure its network by DHCPv6.
   *
   * @return the arguments, possibly none
   */
  public List<IpxeWord> ipv6NetworkArguments() {
    return ipv6NetworkArguments;
  }
}
