package io.github.netboot6.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BootAnswerTest {

  @Test
  void builder_keepsEveryValue() {
    BootAnswer answer =
        BootAnswer.builder()
            .bootFileUrl("http://[2001:db8::1]/ipxe.efi")
            .addBootFileParameter("console=ttyS0 quiet")
            .vendorClassEcho(343, "HTTPClient")
            .addDnsServer(Ipv6Address.parse("2001:db8::53"))
            .addAddress(BootAnswer.Lease.of(Ipv6Address.parse("2001:db8::8"), 3600, 7200))
            .build();

    assertThat(answer.bootFileUrl()).contains("http://[2001:db8::1]/ipxe.efi");
    assertThat(answer.bootFileParameters()).containsExactly("console=ttyS0 quiet");
    assertThat(answer.vendorClass()).contains("HTTPClient");
    assertThat(answer.vendorClassEnterpriseNumber()).hasValue(343);
    assertThat(answer.dnsServers()).containsExactly(Ipv6Address.parse("2001:db8::53"));
    assertThat(answer.addresses().get(0).validLifetime()).isEqualTo(7200);
    assertThat(answer.toBuilder().build()).isEqualTo(answer).hasSameHashCodeAs(answer);
    assertThat(answer.toString())
        .isEqualTo(
            "BootAnswer{bootFileUrl=http://[2001:db8::1]/ipxe.efi, bootFileParameters=[console=ttyS0"
                + " quiet], vendorClass=343:HTTPClient, dnsServers=[2001:db8::53],"
                + " addresses=[2001:db8::8 (preferred 3600 s, valid 7200 s)]}");
  }

  @Test
  void empty_sendsNothing() {
    BootAnswer empty = BootAnswer.empty();

    assertThat(empty.hasBootFile()).isFalse();
    assertThat(empty.vendorClass()).isEmpty();
    assertThat(empty.vendorClassEnterpriseNumber()).isEmpty();
    assertThat(empty.dnsServers()).isEmpty();
    assertThat(empty.addresses()).isEmpty();
  }

  @Test
  void noBootFile_removesUrlAndParameters() {
    BootAnswer answer =
        BootAnswer.builder()
            .bootFileUrl("tftp://[2001:db8::1]/x")
            .addBootFileParameter("a")
            .noBootFile()
            .build();

    assertThat(answer).isEqualTo(BootAnswer.empty());
  }

  @Test
  void bootFileUrl_withControlOrSpaceOrNonAscii_isRejectedNamingTheCharacter() {
    assertThatThrownBy(() -> BootAnswer.builder().bootFileUrl("http://[2001:db8::1]/a b"))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("boot-file URL")
        .hasMessageContaining("U+0020")
        .hasMessageContaining("index 22");
    assertThatThrownBy(() -> BootAnswer.builder().bootFileUrl("http://x/\n"))
        .hasMessageContaining("U+000A");
    assertThatThrownBy(() -> BootAnswer.builder().bootFileUrl("http://x/ı"))
        .hasMessageContaining("U+0131");
    assertThatThrownBy(() -> BootAnswer.builder().bootFileUrl("ipxe.efi"))
        .hasMessageContaining("absolute URL");
    assertThatThrownBy(() -> BootAnswer.builder().bootFileUrl("")).hasMessageContaining("length 0");
  }

  @Test
  void vendorClassEcho_checksEnterpriseNumberAndData() {
    assertThatThrownBy(() -> BootAnswer.builder().vendorClassEcho(-1, "HTTPClient"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("enterprise number: -1");
    assertThatThrownBy(() -> BootAnswer.builder().vendorClassEcho(1L << 32, "HTTPClient"))
        .hasMessageContaining("enterprise number");
    assertThatThrownBy(() -> BootAnswer.builder().vendorClassEcho(343, "HTTP\u0000Client"))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("vendor class");
  }

  @Test
  void lease_checksLifetimes() {
    Ipv6Address a = Ipv6Address.parse("2001:db8::8");

    assertThat(BootAnswer.Lease.of(a, 0, BootAnswer.Lease.INFINITY).validLifetime())
        .isEqualTo(0xffff_ffffL);
    assertThatThrownBy(() -> BootAnswer.Lease.of(a, 7200, 3600))
        .hasMessageContaining("valid lifetime: 3600");
    assertThatThrownBy(() -> BootAnswer.Lease.of(a, -1, 3600))
        .hasMessageContaining("preferred lifetime: -1");
    assertThatThrownBy(() -> BootAnswer.Lease.of(a, 0, 1L << 32))
        .hasMessageContaining("valid lifetime");
  }
}
