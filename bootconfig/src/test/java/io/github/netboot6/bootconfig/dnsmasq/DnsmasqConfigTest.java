package io.github.netboot6.bootconfig.dnsmasq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.bootconfig.RealProgram;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.testkit.Generator;
import io.github.netboot6.testkit.HostileStrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsmasqConfigTest {

  private static final long SEED = Long.getLong("netboot6.seed", 20261127L);
  private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");
  private static final Duid DUID = Duid.parse("00:02:00:00:ab:11:01:02");

  @TempDir Path dir;

  private RealProgram.Result dnsmasqTest(String text) throws IOException {
    Path file = Files.createTempFile(dir, "dnsmasq", ".conf");
    Files.writeString(file, text, StandardCharsets.US_ASCII);
    return RealProgram.DNSMASQ.run("--test", "--conf-file=" + file);
  }

  private static DnsmasqConfig.Builder netboot() {
    return DnsmasqConfig.builder()
        .dhcpRange(
            Ipv6Address.parse("2001:db8::1000"),
            Ipv6Address.parse("2001:db8::1fff"),
            64,
            Duration.ofHours(1))
        .userClassTag("ipxe", "iPXE")
        .vendorClassTag("http", 343, "HTTPClient")
        .hostByDuid(DUID, Ipv6Address.parse("2001:db8::8"), List.of())
        .hostByMac(MAC, Ipv6Prefix.parse("2001:db8::8/125"), List.of("known"));
  }

  @Test
  void build_netbootConfig_rendersAndPassesDnsmasqTest() throws IOException {
    String text =
        netboot()
            .bootFileUrl(List.of("ipxe"), "http://[2001:db8::1]/bootstrap.ipxe?a=1&b=2")
            .bootFileUrl(List.of(), "tftp://[2001:db8::1]/ipxe.efi")
            .dnsServers(List.of(), List.of(Ipv6Address.parse("2001:db8::53")))
            .stringOption6(List.of("http"), 60, "1234")
            .build();
    assertThat(text)
        .isEqualTo(
            "dhcp-range=2001:db8::1000,2001:db8::1fff,64,3600\n"
                + "dhcp-userclass=set:ipxe,\"iPXE\"\n"
                + "dhcp-vendorclass=set:http,enterprise:343,\"HTTPClient\"\n"
                + "dhcp-host=id:00:02:00:00:ab:11:01:02,[2001:db8::8]\n"
                + "dhcp-host=52:54:00:12:34:56,set:known,[2001:db8::8/125]\n"
                // untagged first: the tagged line after it is the one that wins for iPXE
                + "dhcp-option=option6:bootfile-url,\"tftp://[2001:db8::1]/ipxe.efi\"\n"
                + "dhcp-option=option6:dns-server,[2001:db8::53]\n"
                + "dhcp-option=tag:ipxe,option6:bootfile-url,"
                + "\"http://[2001:db8::1]/bootstrap.ipxe?a=1&b=2\"\n"
                // quoted, or dnsmasq would send the number 1234 as two bytes
                + "dhcp-option=tag:http,option6:60,\"1234\"\n");
    RealProgram.Result result = dnsmasqTest(text);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("syntax check OK");
  }

  @Test
  void staticRange_onlyReservedClients_rendersAndPassesDnsmasqTest() throws IOException {
    String text =
        DnsmasqConfig.builder()
            .staticRange(Ipv6Prefix.parse("2001:db8:1::/64"), Duration.ofHours(2))
            .hostByMac(MAC, Ipv6Prefix.parse("2001:db8:1::8/125"), List.of())
            .build();

    assertThat(text)
        .isEqualTo(
            "dhcp-range=2001:db8:1::,static,64,7200\n"
                + "dhcp-host=52:54:00:12:34:56,[2001:db8:1::8/125]\n");
    RealProgram.Result result = dnsmasqTest(text);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThatThrownBy(
            () ->
                DnsmasqConfig.builder()
                    .staticRange(Ipv6Prefix.parse("2001:db8::/48"), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefix length: 48 (expected: 64..128)");
  }

  @Test
  void dnsmasqTest_rejectsABrokenFile_soTheCheckMeansSomething() throws IOException {
    assertThat(dnsmasqTest("dhcp-option=option6:bootfile-url,\"a\n").exitCode()).isNotZero();
  }

  @Test
  void build_addressBlocksForDnsmasqBefore281_isRefused() {
    assertThatThrownBy(() -> netboot().targetVersion(2, 80).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2.81");
    assertThat(
            DnsmasqConfig.builder()
                .targetVersion(2, 80)
                .hostByMac(MAC, Ipv6Prefix.parse("2001:db8::9/128"), List.of())
                .build())
        .isEqualTo("dhcp-host=52:54:00:12:34:56,[2001:db8::9]\n");
  }

  @Test
  void build_pastDefaultLeaseMax_isRefusedUntilRaised() throws IOException {
    DnsmasqConfig.Builder b = DnsmasqConfig.builder();
    for (int i = 0; i < 126; i++) {
      b.hostByMac(
          MacAddress.fromLong(0x525400000000L + i),
          Ipv6Prefix.of(Ipv6Address.parse("2001:db8::").add(8L * i), 125),
          List.of());
    }
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("reserved addresses: 1008 (expected: <= dhcp-lease-max 1000");
    String text = b.leaseMax(2000).build();
    assertThat(text).contains("dhcp-lease-max=2000\n");
    assertThat(dnsmasqTest(text).exitCode()).isZero();
  }

  @Test
  void tag_comma_isRejectedNamingFieldCharacterAndIndex() {
    assertThatThrownBy(() -> DnsmasqConfig.builder().userClassTag("a,set:evil", "iPXE"))
        .isInstanceOf(MalformedValueException.class)
        .hasMessage(
            "invalid tag \"a,set:evil\": character ',' is not allowed"
                + " (expected: A-Z, a-z, 0-9, '_', '-') at index 1");
  }

  /**
   * Hostile values in every field: rejected naming the field, or written inside quotes exactly as
   * given and accepted by the real dnsmasq --test; 1,000 files in all go through dnsmasq.
   */
  @Test
  void hostileValues_rejectedOrQuotedExactly_andDnsmasqAcceptsTheFile() throws IOException {
    record Field(String name, Function<String, String> build, String quotedForm) {}
    Function<String, String> q = v -> "\"" + v + "\"";
    List<Field> fields =
        List.of(
            new Field("tag", v -> netboot().userClassTag(v, "iPXE").build(), "set:%s,"),
            new Field("user class", v -> netboot().userClassTag("t", v).build(), "\"%s\""),
            new Field("vendor class", v -> netboot().vendorClassTag("t", 343, v).build(), "\"%s\""),
            new Field(
                "boot-file URL", v -> netboot().bootFileUrl(List.of("ipxe"), v).build(), "\"%s\""),
            new Field(
                "option value", v -> netboot().stringOption6(List.of(), 60, v).build(), "\"%s\""));
    Generator<String> values =
        Generator.mix(List.of(HostileStrings.injections(), HostileStrings.any()));
    SplittableRandom random = new SplittableRandom(SEED);
    int filesChecked = 0;
    int n = 0;
    while (filesChecked < 1000) {
      Field field = fields.get(n++ % fields.size());
      String value = values.next(random);
      String text;
      try {
        text = field.build().apply(value);
      } catch (MalformedValueException e) {
        assertThat(e.valueKind()).isEqualTo(field.name());
        // a file that only differs by a value that is valid is still worth checking: use a benign
        // one
        text = field.build().apply("v" + (n % 10));
        value = "v" + (n % 10);
      }
      assertThat(text).contains(String.format(field.quotedForm(), value));
      assertThat(text.lines().count()).isEqualTo(field.build().apply("v").lines().count());
      RealProgram.Result result = dnsmasqTest(text);
      assertThat(result.exitCode()).as("dnsmasq --test on %s: %s", text, result.output()).isZero();
      filesChecked++;
    }
    assertThat(q.apply("x")).isEqualTo("\"x\"");
  }
}
