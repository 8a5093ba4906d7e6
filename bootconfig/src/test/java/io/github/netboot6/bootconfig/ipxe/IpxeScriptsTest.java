package io.github.netboot6.bootconfig.ipxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MalformedValueException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpxeScriptsTest {

  private static final IpxeUrl SERVER = IpxeUrl.http(Ipv6Address.parse("2001:db8::1"));

  @Test
  void bootstrap_withToken_chainsWithIdentityAndEncodedToken() {
    String text = IpxeScripts.bootstrap(SERVER.withPath("script.ipxe"), "a/b+c=").text();
    assertThat(text)
        .isEqualTo(
            "#!ipxe\n"
                + "chain --autofree http://[2001:db8::1]/script.ipxe?mac=${net0/mac:hexhyp}"
                + "&uuid=${uuid}&buildarch=${buildarch}&platform=${platform}&token=a%2Fb%2Bc%3D"
                + " || goto failed\n"
                + "exit 0\n"
                + ":failed\n"
                + "echo Netboot6: fetching the per-host script failed\n"
                + "exit 1\n");
    assertThat(IpxeTokenizerModel.hasMagic(text)).isTrue();
  }

  @Test
  void bootstrap_withoutToken_hasNoTokenParameter() {
    assertThat(IpxeScripts.bootstrap(SERVER.withPath("s"), null).text()).doesNotContain("token");
  }

  @Test
  void anaconda_sendsMacAndUsesDhcp6() {
    String text =
        IpxeScripts.anaconda(
                SERVER.withPath("f", "vmlinuz"),
                SERVER.withPath("f", "initrd.img"),
                SERVER.withPath("ks", "web 01.cfg"),
                List.of(IpxeWord.keyValue("inst.repo", IpxeWord.url(SERVER.withPath("f", "os")))))
            .text();
    assertThat(text)
        .isEqualTo(
            "#!ipxe\n"
                + "kernel http://[2001:db8::1]/f/vmlinuz initrd=initrd.img ip=dhcp6"
                + " inst.ks=http://[2001:db8::1]/ks/web%2001.cfg inst.ks.sendmac"
                + " inst.repo=http://[2001:db8::1]/f/os || goto failed\n"
                + "initrd --name initrd.img http://[2001:db8::1]/f/initrd.img || goto failed\n"
                + "boot || goto failed\n"
                + ":failed\n"
                + "echo Netboot6: booting the installer failed\n"
                + "exit 1\n");
  }

  @Test
  void debianInstaller_preseedAndAutoconfig() {
    String text =
        IpxeScripts.debianInstaller(
                SERVER.withPath("linux"),
                SERVER.withPath("initrd.gz"),
                SERVER.withPath("p.cfg"),
                List.of())
            .text();
    assertThat(text)
        .contains(
            "kernel http://[2001:db8::1]/linux initrd=initrd.img interface=auto"
                + " netcfg/use_autoconfig=true auto=true priority=critical"
                + " url=http://[2001:db8::1]/p.cfg || goto failed\n");
  }

  @Test
  void ubuntuAutoinstall_dhcp6OnlyAndNoCloudSeed() {
    String text =
        IpxeScripts.ubuntuAutoinstall(
                SERVER.withPath("casper", "vmlinuz"),
                SERVER.withPath("casper", "initrd"),
                SERVER.withPath("ubuntu-24.04-live-server-amd64.iso"),
                SERVER.withPath("seed", "h1"),
                List.of(IpxeWord.keyValue("console", "ttyS0")))
            .text();
    assertThat(text)
        .contains(
            "kernel http://[2001:db8::1]/casper/vmlinuz initrd=initrd.img ip=off ip6=dhcp"
                + " url=http://[2001:db8::1]/ubuntu-24.04-live-server-amd64.iso autoinstall"
                + " ds=nocloud-net;s=http://[2001:db8::1]/seed/h1/ cloud-config-url=/dev/null"
                + " console=ttyS0 || goto failed\n");
    // the seed URL is one token for iPXE: nothing in it splits the command or expands
    List<String> tokens = new ArrayList<>();
    for (IpxeTokenizerModel.Line line : IpxeTokenizerModel.parse(text)) {
      for (IpxeTokenizerModel.Command command : line.commands()) {
        command.tokens().forEach(t -> tokens.add(t.text()));
      }
    }
    assertThat(tokens.stream().filter(t -> t.startsWith("ds=")))
        .containsExactly("ds=nocloud-net;s=http://[2001:db8::1]/seed/h1/");
    assertThatThrownBy(
            () ->
                IpxeScripts.ubuntuAutoinstall(
                    SERVER, SERVER, SERVER, SERVER.withQuery("a", "b"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has a query");
  }

  @Test
  void fedoraCoreOsAndFlatcar_passIgnitionUrl() {
    IpxeUrl ign = SERVER.withPath("ign", "h1.ign");
    assertThat(
            IpxeScripts.fedoraCoreOs(
                    SERVER.withPath("k"),
                    SERVER.withPath("i"),
                    SERVER.withPath("r"),
                    ign,
                    List.of())
                .text())
        .contains(
            " ip=dhcp6 coreos.live.rootfs_url=http://[2001:db8::1]/r ignition.firstboot"
                + " ignition.platform.id=metal ignition.config.url=http://[2001:db8::1]/ign/h1.ign");
    assertThat(
            IpxeScripts.flatcar(SERVER.withPath("k"), SERVER.withPath("i"), ign, List.of()).text())
        .contains(
            " ip=dhcp6 flatcar.first_boot=1 ignition.config.url=http://[2001:db8::1]/ign/h1.ign");
  }

  @Test
  void builder_gotoWithoutLabel_isRejected() {
    IpxeScript.Builder b = IpxeScript.builder().command(IpxeCommand.goTo("nowhere"));
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nowhere");
  }

  @Test
  void builder_everyCommand_rendersAsDocumented() {
    String text =
        IpxeScript.builder()
            .comment("generated")
            .command(IpxeCommand.ifconfIpv6("net0").orElse(IpxeCommand.goTo("x")))
            .command(IpxeCommand.ifconfIpv6(null))
            .label("x")
            .command(
                IpxeCommand.set(IpxeSetting.of("user-class"), IpxeWord.literal("v", "netboot6")))
            .command(IpxeCommand.isset(IpxeSetting.of("filename")).andThen(IpxeCommand.boot()))
            .command(IpxeCommand.imgargs("vmlinuz", List.of(IpxeWord.literal("arg", "quiet"))))
            .command(IpxeCommand.of("sleep", IpxeWord.literal("seconds", "3")))
            .build()
            .text();
    assertThat(text)
        .isEqualTo(
            "#!ipxe\n# generated\n"
                + "ifconf --configurator ipv6 net0 || goto x\n"
                + "ifconf --configurator ipv6\n"
                + ":x\n"
                + "set user-class netboot6\n"
                + "isset ${filename} && boot\n"
                + "imgargs vmlinuz quiet\n"
                + "sleep 3\n");
  }

  @Test
  void literal_space_isRejectedNamingFieldCharacterAndIndex() {
    assertThatThrownBy(() -> IpxeWord.literal("kernel argument", "a b"))
        .isInstanceOf(MalformedValueException.class)
        .hasMessage(
            "invalid kernel argument \"a b\": character U+0020 is not allowed in an iPXE word"
                + " (expected: printable ASCII except $ \\ # \" ' `) at index 1");
  }

  @Test
  void literal_wholeWordOperator_isRejected() {
    for (String op : List.of("||", "&&", ";")) {
      assertThatThrownBy(() -> IpxeWord.literal("kernel argument", op))
          .isInstanceOf(MalformedValueException.class)
          .hasMessageContaining("command separator");
      assertThat(IpxeWord.isValidLiteral(op)).isFalse();
    }
    assertThat(IpxeWord.literal("kernel argument", "a||b").render()).isEqualTo("a||b");
  }

  @Test
  void url_hostNameAndPort() {
    assertThat(IpxeUrl.of(IpxeUrl.Scheme.HTTPS, "Boot.Example").withPort(8443).render())
        .isEqualTo("https://boot.example:8443/");
    assertThat(SERVER.withPort(80).render()).isEqualTo("http://[2001:db8::1]/");
    assertThatThrownBy(() -> IpxeUrl.of(IpxeUrl.Scheme.HTTP, "a_b"))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("'_'")
        .hasMessageContaining("at index 1");
  }

  @Test
  void url_dotSegments_areRejected() {
    assertThatThrownBy(() -> SERVER.withPath(".."))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("URL path segment");
  }

  @Test
  void url_nonAscii_isUtf8PercentEncoded() {
    assertThat(SERVER.withQuery("n", "ı\uD83D\uDE00").render())
        .isEqualTo("http://[2001:db8::1]/?n=%C4%B1%F0%9F%98%80");
  }
}
