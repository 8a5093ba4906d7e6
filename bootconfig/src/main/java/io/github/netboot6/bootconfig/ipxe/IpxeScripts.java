package io.github.netboot6.bootconfig.ipxe;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.github.netboot6.core.MalformedValueException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Ready-made iPXE scripts for the IPv6 netboot workflows: the bootstrap script every iPXE gets, and
 * per-host scripts that boot an installer.
 *
 * <pre>{@code
 * IpxeUrl server = IpxeUrl.http(Ipv6Address.parse("2001:db8::1"));
 * IpxeScript bootstrap = IpxeScripts.bootstrap(server.withPath("script.ipxe"), token);
 * IpxeScript install = IpxeScripts.anaconda(
 *     server.withPath("fedora", "vmlinuz"), server.withPath("fedora", "initrd.img"),
 *     server.withPath("ks", "host-01.cfg"),
 *     List.of(IpxeWord.keyValue("inst.repo", IpxeWord.url(server.withPath("fedora", "os")))));
 * }</pre>
 *
 * <p>Every script jumps to a {@code failed} label when a command fails, prints what failed and
 * exits with status 1, so iPXE goes on to its next boot device instead of booting half a setup.
 */
public final class IpxeScripts {

  /**
   * The image name the scripts give the initrd, referred to by {@code initrd=} for UEFI kernels.
   */
  public static final String INITRD_NAME = "initrd.img";

  private static final IpxeCommand ON_FAILURE = IpxeCommand.goTo("failed");

  private IpxeScripts() {}

  /**
   * Returns the bootstrap script: it chains to the per-host script, telling the server which
   * machine asks, with the query parameters {@code mac} ({@code ${net0/mac:hexhyp}}), {@code uuid}
   * ({@code ${uuid}}), {@code buildarch} ({@code ${buildarch}}), {@code platform} ({@code
   * ${platform}}) and, if given, {@code token}.
   *
   * @param perHostScript the URL of the per-host script, without those parameters
   * @param token a provisioning token, percent-encoded into the query, or null
   * @return the script
   * @throws MalformedValueException if {@code token} holds an unpaired surrogate
   */
  public static IpxeScript bootstrap(IpxeUrl perHostScript, @Nullable String token) {
    IpxeUrl url =
        perHostScript
            .withQuery("mac", IpxeSetting.NET0_MAC_HEXHYP)
            .withQuery("uuid", IpxeSetting.UUID)
            .withQuery("buildarch", IpxeSetting.BUILDARCH)
            .withQuery("platform", IpxeSetting.PLATFORM);
    if (token != null) {
      url = url.withQuery("token", token);
    }
    return IpxeScript.builder()
        .command(IpxeCommand.chain(url).orElse(ON_FAILURE))
        .command(IpxeCommand.exit(0))
        .label("failed")
        .command(IpxeCommand.echo("Netboot6:", "fetching", "the", "per-host", "script", "failed"))
        .command(IpxeCommand.exit(1))
        .build();
  }

  /**
   * Returns a per-host script that boots a kernel and initrd with arguments: the installer's IPv6
   * network arguments, then {@code args}.
   *
   * @param installer which installer, for its network arguments
   * @param kernel the kernel's URL
   * @param initrd the initrd's URL
   * @param args further kernel arguments
   * @return the script
   */
  public static IpxeScript linux(
      LinuxInstaller installer, IpxeUrl kernel, IpxeUrl initrd, List<IpxeWord> args) {
    ImmutableList<IpxeWord> all =
        ImmutableList.<IpxeWord>builder()
            .add(IpxeWord.keyValue("initrd", INITRD_NAME))
            .addAll(installer.ipv6NetworkArguments())
            .addAll(args)
            .build();
    return IpxeScript.builder()
        .command(IpxeCommand.kernel(kernel, all).orElse(ON_FAILURE))
        .command(IpxeCommand.initrd(initrd, INITRD_NAME).orElse(ON_FAILURE))
        .command(IpxeCommand.boot().orElse(ON_FAILURE))
        .label("failed")
        .command(IpxeCommand.echo("Netboot6:", "booting", "the", "installer", "failed"))
        .command(IpxeCommand.exit(1))
        .build();
  }

  /**
   * Returns a per-host script for Anaconda with a Kickstart file: {@code ip=dhcp6 inst.ks=<url>
   * inst.ks.sendmac} and {@code args}.
   *
   * @param kernel the installer kernel ({@code images/pxeboot/vmlinuz})
   * @param initrd the installer initrd ({@code images/pxeboot/initrd.img})
   * @param kickstart the Kickstart file
   * @param args further arguments, e.g. {@code inst.repo=...}
   * @return the script
   */
  public static IpxeScript anaconda(
      IpxeUrl kernel, IpxeUrl initrd, IpxeUrl kickstart, List<IpxeWord> args) {
    return linux(
        LinuxInstaller.ANACONDA,
        kernel,
        initrd,
        ImmutableList.<IpxeWord>builder()
            .add(IpxeWord.keyValue("inst.ks", IpxeWord.url(kickstart)))
            .add(IpxeWord.literal("kernel argument", "inst.ks.sendmac"))
            .addAll(args)
            .build());
  }

  /**
   * Returns a per-host script for the Debian installer with a preseed file: {@code auto=true
   * priority=critical url=<preseed>}, the IPv6 network arguments and {@code args}.
   *
   * @param kernel the installer kernel ({@code linux} of the netboot tree)
   * @param initrd the installer initrd ({@code initrd.gz})
   * @param preseed the preseed file
   * @param args further arguments, e.g. {@code hostname=...}
   * @return the script
   */
  public static IpxeScript debianInstaller(
      IpxeUrl kernel, IpxeUrl initrd, IpxeUrl preseed, List<IpxeWord> args) {
    return linux(
        LinuxInstaller.DEBIAN_INSTALLER,
        kernel,
        initrd,
        ImmutableList.<IpxeWord>builder()
            .add(IpxeWord.keyValue("auto", "true"))
            .add(IpxeWord.keyValue("priority", "critical"))
            .add(IpxeWord.keyValue("url", IpxeWord.url(preseed)))
            .addAll(args)
            .build());
  }

  /**
   * Returns a per-host script for the Ubuntu Server live installer (Subiquity, 20.04 and later)
   * with an autoinstall seed: {@code ip=off ip6=dhcp url=<iso> autoinstall ds=nocloud-net;s=<seed>/
   * cloud-config-url=/dev/null} and {@code args}. cloud-init reads {@code user-data} (holding
   * {@code autoinstall:}) and {@code meta-data} from the seed folder; {@code
   * cloud-config-url=/dev/null} stops it from fetching the ISO named by {@code url=} a second time.
   *
   * @param kernel the live kernel ({@code casper/vmlinuz} of the live-server ISO)
   * @param initrd the live initrd ({@code casper/initrd})
   * @param iso the live-server ISO, which casper downloads into memory
   * @param seed the folder holding {@code user-data} and {@code meta-data}, without a query; a
   *     {@code /} is added after it
   * @param args further arguments, e.g. {@code console=ttyS0}
   * @return the script
   * @throws IllegalArgumentException if {@code seed} has a query
   */
  public static IpxeScript ubuntuAutoinstall(
      IpxeUrl kernel, IpxeUrl initrd, IpxeUrl iso, IpxeUrl seed, List<IpxeWord> args) {
    String seedText = seed.render();
    if (seedText.indexOf('?') >= 0) {
      throw new IllegalArgumentException(
          "autoinstall seed " + seedText + ": has a query (expected: a folder URL)");
    }
    return linux(
        LinuxInstaller.UBUNTU_AUTOINSTALL,
        kernel,
        initrd,
        ImmutableList.<IpxeWord>builder()
            .add(IpxeWord.keyValue("url", IpxeWord.url(requireNonNull(iso))))
            .add(IpxeWord.literal("kernel argument", "autoinstall"))
            .add(
                IpxeWord.keyValue(
                    "ds",
                    IpxeWord.concat(
                        IpxeWord.literal("kernel argument", "nocloud-net;s="),
                        IpxeWord.url(seed),
                        IpxeWord.literal("kernel argument", "/"))))
            .add(IpxeWord.keyValue("cloud-config-url", "/dev/null"))
            .addAll(args)
            .build());
  }

  /**
   * Returns a per-host script for Fedora CoreOS live PXE with an Ignition config: {@code ip=dhcp6
   * coreos.live.rootfs_url=<rootfs> ignition.firstboot ignition.platform.id=metal
   * ignition.config.url=<ignition>} and {@code args}.
   *
   * @param kernel the live kernel
   * @param initrd the live initramfs
   * @param rootfs the live root file system image
   * @param ignition the Ignition config
   * @param args further arguments, e.g. {@code coreos.inst.install_dev=/dev/sda}
   * @return the script
   */
  public static IpxeScript fedoraCoreOs(
      IpxeUrl kernel, IpxeUrl initrd, IpxeUrl rootfs, IpxeUrl ignition, List<IpxeWord> args) {
    return linux(
        LinuxInstaller.FEDORA_COREOS,
        kernel,
        initrd,
        ImmutableList.<IpxeWord>builder()
            .add(IpxeWord.keyValue("coreos.live.rootfs_url", IpxeWord.url(requireNonNull(rootfs))))
            .add(IpxeWord.literal("kernel argument", "ignition.firstboot"))
            .add(IpxeWord.keyValue("ignition.platform.id", "metal"))
            .add(IpxeWord.keyValue("ignition.config.url", IpxeWord.url(ignition)))
            .addAll(args)
            .build());
  }

  /**
   * Returns a per-host script for Flatcar Container Linux PXE with an Ignition config: {@code
   * ip=dhcp6 flatcar.first_boot=1 ignition.config.url=<ignition>} and {@code args}.
   *
   * @param kernel the PXE kernel ({@code flatcar_production_pxe.vmlinuz})
   * @param initrd the PXE image ({@code flatcar_production_pxe_image.cpio.gz})
   * @param ignition the Ignition config
   * @param args further arguments
   * @return the script
   */
  public static IpxeScript flatcar(
      IpxeUrl kernel, IpxeUrl initrd, IpxeUrl ignition, List<IpxeWord> args) {
    return linux(
        LinuxInstaller.FLATCAR,
        kernel,
        initrd,
        ImmutableList.<IpxeWord>builder()
            .add(IpxeWord.keyValue("flatcar.first_boot", "1"))
            .add(IpxeWord.keyValue("ignition.config.url", IpxeWord.url(ignition)))
            .addAll(args)
            .build());
  }
}
