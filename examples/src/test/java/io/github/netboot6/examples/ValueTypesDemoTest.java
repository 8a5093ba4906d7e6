package io.github.netboot6.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's demo and checks what it prints against values worked out by hand from the RFCs
 * and DESIGN.md's measured UUID pair.
 */
class ValueTypesDemoTest {

  private static String runDemo() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      ValueTypesDemo.run(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void demo_printsCanonicalTextOfEveryForm() {
    assertThat(runDemo())
        // RFC 5952 §4.2.2 and §4.3: leading zeros dropped, first longest run compressed, lower
        // case.
        .contains("-> 2001:db8::1:0:0:1")
        .contains("-> 2001:db8::2:1")
        .contains("first 2001:db8:0:1::, last 2001:db8:0:1:ffff:ffff:ffff:ffff, 2^64 addresses");
  }

  @Test
  void demo_convertsMacToEui64LinkLocalAndBack() {
    // 52:54:00:12:34:56: flip the U/L bit (0x52 -> 0x50), insert ff:fe in the middle.
    assertThat(runDemo())
        .contains("MAC 52:54:00:12:34:56 -> link-local fe80::5054:ff:fe12:3456")
        .contains("link-local fe80::5054:ff:fe12:3456 -> MAC 52:54:00:12:34:56")
        .contains("link-local fe80::1c2f:8a3b:9d4e:71f0 -> MAC none (not EUI-64 derived)");
  }

  @Test
  void demo_findsTheSameSmbiosUuidInBothByteOrders() {
    String smbios = "8c3d9a58-1b2e-4c5f-9a0b-112233445566";
    assertThat(runDemo())
        .contains("read in SMBIOS order: " + smbios)
        .contains("read in network order: " + smbios)
        .contains("carries MAC 52:54:00:12:34:56");
  }

  @Test
  void demo_placesHostsInAlignedBlocks() {
    // Issue 5: the first host of 2001:db8::/64 is ::1, the next host starts at ::8.
    assertThat(runDemo())
        .contains("host 0: permanent 2001:db8::1,")
        .contains("host 1: permanent 2001:db8::8,")
        .contains("host 2: permanent 2001:db8::10,");
  }

  @Test
  void demo_showsErrorsThatNameInputAndReason() {
    assertThat(runDemo())
        .contains("invalid IPv6 address \"fe80::1%eth0\"")
        .contains("invalid IPv6 address \"2001:db8::g1\"")
        .contains("invalid IPv6 address \"1::2::3\"");
  }
}
