package io.github.netboot6.bootconfig.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.bootconfig.ipxe.IpxeUrl;
import io.github.netboot6.core.BootAnswer;
import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.ClientArchitecture;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.core.identity.ClientFacts;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.HostInventory;
import io.github.netboot6.core.identity.IdentityResolver;
import io.github.netboot6.core.identity.Resolution;
import io.github.netboot6.testkit.HostileStrings;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class BootPolicyTest {

  static final Ipv6Address SERVER = Ipv6Address.parse("2001:db8::1");
  static final Ipv6Address DNS = Ipv6Address.parse("2001:db8::53");
  static final BootPolicy POLICY = BootPolicy.builder(SERVER).addDnsServer(DNS).build();

  static ClientFacts pxe(int arch) {
    return new ClientFacts()
        .addArchitecture(arch)
        .addVendorClass(343, String.format("PXEClient:Arch:%05d:UNDI:003016", arch));
  }

  static ClientFacts http(int arch) {
    return new ClientFacts()
        .addArchitecture(arch)
        .addVendorClass(343, String.format("HTTPClient:Arch:%05d:UNDI:003000", arch));
  }

  static Optional<String> url(BootAnswer answer) {
    return answer.bootFileUrl();
  }

  @ParameterizedTest
  @CsvSource({
    "0, tftp://[2001:db8::1]/undionly.kpxe",
    "7, tftp://[2001:db8::1]/ipxe.efi",
    "9, tftp://[2001:db8::1]/ipxe.efi",
    "11, tftp://[2001:db8::1]/ipxe-arm64.efi",
  })
  void decide_firmwarePxe_getsTftpUrlOfArchitectureBinaryAndNoEcho(int arch, String expected) {
    BootAnswer answer = POLICY.decide(pxe(arch), BootPhase.FIRMWARE_PXE, null);

    assertThat(answer.bootFileUrl()).contains(expected);
    assertThat(answer.vendorClass()).isEmpty();
    assertThat(answer.bootFileParameters()).isEmpty();
    assertThat(answer.dnsServers()).containsExactly(DNS);
  }

  @ParameterizedTest
  @CsvSource({
    "16, http://[2001:db8::1]/ipxe.efi",
    "19, http://[2001:db8::1]/ipxe-arm64.efi",
  })
  void decide_firmwareHttp_getsHttpUrlAndHttpClientEcho(int arch, String expected) {
    BootAnswer answer = POLICY.decide(http(arch), BootPhase.FIRMWARE_HTTP, null);

    assertThat(answer.bootFileUrl()).contains(expected);
    assertThat(answer.vendorClass()).contains("HTTPClient");
    assertThat(answer.vendorClassEnterpriseNumber()).hasValue(343);
  }

  @Test
  void decide_firmwareHttp_echoesTheEnterpriseNumberTheClientSent() {
    ClientFacts facts =
        new ClientFacts().addArchitecture(16).addVendorClass(9999, "HTTPClient:Arch:00016");

    BootAnswer answer = POLICY.decide(facts, BootPhase.FIRMWARE_HTTP, null);

    assertThat(answer.vendorClassEnterpriseNumber()).hasValue(9999);
  }

  @Test
  void decide_ipxe_getsBootstrapScriptUrl() {
    ClientFacts facts = new ClientFacts().addArchitecture(7).addUserClass("iPXE");

    BootAnswer answer = POLICY.decide(facts, BootPhase.IPXE, null);

    assertThat(answer.bootFileUrl()).contains("http://[2001:db8::1]/bootstrap.ipxe");
    assertThat(answer.vendorClass()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = BootPhase.class,
      names = {"BOOT_LOADER", "INSTALLER", "INSTALLED_OS", "UNKNOWN"})
  void decide_laterPhases_getNoBootFileButDnsServers(BootPhase phase) {
    BootAnswer answer = POLICY.decide(pxe(7), phase, null);

    assertThat(answer.hasBootFile()).isFalse();
    assertThat(answer.vendorClass()).isEmpty();
    assertThat(answer.dnsServers()).containsExactly(DNS);
  }

  @Test
  void decide_unmappedArchitecture_getsNoBootFile() {
    assertThat(url(POLICY.decide(pxe(0x0e), BootPhase.FIRMWARE_PXE, null))).isEmpty();
    assertThat(url(POLICY.decide(new ClientFacts(), BootPhase.FIRMWARE_PXE, null))).isEmpty();
    assertThat(POLICY.decide(http(0x0f), BootPhase.FIRMWARE_HTTP, null).vendorClass()).isEmpty();
  }

  @Test
  void decide_severalArchitectures_takesTheFirstWithABootFile() {
    ClientFacts facts =
        new ClientFacts().addArchitecture(0x0e).addArchitecture(11).addArchitecture(7);

    assertThat(url(POLICY.decide(facts, BootPhase.FIRMWARE_PXE, null)))
        .contains("tftp://[2001:db8::1]/ipxe-arm64.efi");
  }

  @Test
  void decide_siteSettings_replaceBinariesPortAndBootstrap() {
    BootPolicy site =
        BootPolicy.builder(Ipv6Address.parse("2001:db8:0:0:1::a"))
            .httpPort(8080)
            .bootFiles(
                BootFileMap.defaults()
                    .with(ClientArchitecture.X64_UEFI, BootFileMap.SNPONLY_EFI)
                    .with(ClientArchitecture.X64_UEFI_HTTP, "ipxe/x86_64/snponly.efi")
                    .without(ClientArchitecture.X86_BIOS))
            .build();

    assertThat(url(site.decide(pxe(7), BootPhase.FIRMWARE_PXE, null)))
        .contains("tftp://[2001:db8::1:0:0:a]/snponly.efi");
    assertThat(url(site.decide(http(16), BootPhase.FIRMWARE_HTTP, null)))
        .contains("http://[2001:db8::1:0:0:a]:8080/ipxe/x86_64/snponly.efi");
    assertThat(url(site.decide(pxe(0), BootPhase.FIRMWARE_PXE, null))).isEmpty();
    assertThat(url(site.decide(pxe(7), BootPhase.IPXE, null)))
        .contains("http://[2001:db8::1:0:0:a]:8080/bootstrap.ipxe");
    assertThat(site.dnsServers()).isEmpty();
  }

  @Test
  void decide_siteHttpBootFiles_prefixTheHttpUrlButNotTheTftpUrl() {
    BootPolicy site =
        BootPolicy.builder(SERVER)
            .httpPort(8080)
            .httpBootFiles(IpxeUrl.http(SERVER).withPort(8080).withPath("files"))
            .bootFiles(
                BootFileMap.defaults()
                    .with(ClientArchitecture.X64_UEFI_HTTP, "ipxe/x86_64/snponly.efi"))
            .build();

    assertThat(url(site.decide(http(16), BootPhase.FIRMWARE_HTTP, null)))
        .contains("http://[2001:db8::1]:8080/files/ipxe/x86_64/snponly.efi");
    assertThat(site.decide(http(16), BootPhase.FIRMWARE_HTTP, null).vendorClass())
        .contains("HTTPClient");
    assertThat(url(site.decide(pxe(7), BootPhase.FIRMWARE_PXE, null)))
        .contains("tftp://[2001:db8::1]/ipxe.efi");
    assertThat(url(site.decide(pxe(7), BootPhase.IPXE, null)))
        .contains("http://[2001:db8::1]:8080/bootstrap.ipxe");
    assertThat(site.httpBootFiles().render()).isEqualTo("http://[2001:db8::1]:8080/files");
    assertThat(POLICY.httpBootFiles().render()).isEqualTo("http://[2001:db8::1]/");
  }

  @Test
  void httpBootFiles_rejectsTftpAndQueries() {
    BootPolicy.Builder builder = BootPolicy.builder(SERVER);

    assertThatThrownBy(
            () -> builder.httpBootFiles(IpxeUrl.of(IpxeUrl.Scheme.TFTP, SERVER).withPath("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tftp://[2001:db8::1]/x");
    assertThatThrownBy(
            () -> builder.httpBootFiles(IpxeUrl.http(SERVER).withPath("x").withQuery("a", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a query");
  }

  @Test
  void decide_siteBootstrapScript_isSentToIpxe() {
    BootPolicy site =
        BootPolicy.builder(SERVER)
            .bootstrapScript(
                IpxeUrl.of(IpxeUrl.Scheme.HTTPS, "boot.example.org").withPath("netboot6", "b.ipxe"))
            .build();

    assertThat(url(site.decide(pxe(7), BootPhase.IPXE, null)))
        .contains("https://boot.example.org/netboot6/b.ipxe");
  }

  @Test
  void decide_hostAttributes_replaceTheSiteBinary_specificArchitectureFirst() {
    Host host =
        Host.builder("node-1")
            .attribute("netboot6.boot-file", "custom/ipxe.efi")
            .attribute("netboot6.boot-file.11", "arm/grubaa64.efi")
            .build();
    Host other = Host.builder("node-2").build();

    assertThat(url(POLICY.decide(pxe(7), BootPhase.FIRMWARE_PXE, host)))
        .contains("tftp://[2001:db8::1]/custom/ipxe.efi");
    assertThat(url(POLICY.decide(pxe(11), BootPhase.FIRMWARE_PXE, host)))
        .contains("tftp://[2001:db8::1]/arm/grubaa64.efi");
    assertThat(url(POLICY.decide(http(16), BootPhase.FIRMWARE_HTTP, host)))
        .contains("http://[2001:db8::1]/custom/ipxe.efi");
    assertThat(url(POLICY.decide(pxe(7), BootPhase.FIRMWARE_PXE, other)))
        .contains("tftp://[2001:db8::1]/ipxe.efi");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../etc/shadow",
        "a/../../b",
        "/abs.efi",
        "a//b",
        "ipxe.efi?x=1",
        "ipxe.efi#frag",
        "a b",
        "${net0/mac}",
        "ipxe.efi\n",
        "ipxe.efi;reboot",
        "ip%2e.efi",
        "",
        "ıpxe.efi"
      })
  void decide_hostileHostAttribute_isRejectedNamingHostAndAttribute(String value) {
    Host host = Host.builder("node-1").attribute("netboot6.boot-file.7", value).build();

    assertThatThrownBy(() -> POLICY.decide(pxe(7), BootPhase.FIRMWARE_PXE, host))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("attribute netboot6.boot-file.7 of host \"node-1\"");
  }

  @Test
  void decide_hostileHostAttribute_messageNamesTheCharacter() {
    Host host = Host.builder("node-1").attribute("netboot6.boot-file", "ipxe efi").build();

    assertThatThrownBy(() -> POLICY.decide(pxe(7), BootPhase.FIRMWARE_PXE, host))
        .hasMessageContaining("U+0020")
        .hasMessageContaining("at index 4");
  }

  @Test
  void decide_hostileValues_areRejectedOrAppearUnchangedInASafeUrl() {
    SplittableRandom random = new SplittableRandom(20261201L);
    for (int i = 0; i < 10_000; i++) {
      String value = HostileStrings.any().next(random);
      Host host = Host.builder("h").attribute("netboot6.boot-file", value).build();
      BootAnswer answer;
      try {
        answer = POLICY.decide(http(16), BootPhase.FIRMWARE_HTTP, host);
      } catch (MalformedValueException e) {
        assertThat(e.getMessage()).contains("attribute netboot6.boot-file of host \"h\"");
        continue;
      }
      assertThat(answer.bootFileUrl()).contains("http://[2001:db8::1]/" + value);
      assertThat(value).matches("[A-Za-z0-9._/-]+");
    }
  }

  @Test
  void decide_withResolution_usesResolvedPhaseAndHost() {
    UUID uuid = UUID.fromString("8c3d9a58-1b2e-4c5f-9a0b-112233445566");
    Host host =
        Host.builder("node-17")
            .addMacAddress(MacAddress.parse("52:54:00:12:34:56"))
            .smbiosUuid(uuid)
            .attribute("netboot6.boot-file.7", "node-17/snponly.efi")
            .build();
    IdentityResolver resolver = IdentityResolver.builder(HostInventory.of(List.of(host))).build();
    ClientFacts facts = pxe(7).clientDuid(Duid.uuidFromSmbios(uuid));

    Resolution resolution = resolver.resolve(facts);
    BootAnswer answer = POLICY.decide(facts, resolution);

    assertThat(resolution.phase()).isEqualTo(BootPhase.FIRMWARE_PXE);
    assertThat(resolution.host()).isEqualTo(host);
    assertThat(answer.bootFileUrl()).contains("tftp://[2001:db8::1]/node-17/snponly.efi");
  }

  @Test
  void bootFileMap_rejectsUnsafePaths() {
    assertThatThrownBy(() -> BootFileMap.empty().with(ClientArchitecture.X64_UEFI, "../x"))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("boot file for architecture 7");
    assertThat(BootFileMap.defaults().asMap())
        .containsExactly(
            java.util.Map.entry(0, "undionly.kpxe"),
            java.util.Map.entry(7, "ipxe.efi"),
            java.util.Map.entry(9, "ipxe.efi"),
            java.util.Map.entry(11, "ipxe-arm64.efi"),
            java.util.Map.entry(16, "ipxe.efi"),
            java.util.Map.entry(19, "ipxe-arm64.efi"));
  }
}
