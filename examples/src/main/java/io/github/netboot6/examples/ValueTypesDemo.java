package io.github.netboot6.examples;

import io.github.netboot6.allocation.BlockLayout;
import io.github.netboot6.codec.MessageType;
import io.github.netboot6.codec.OptionCode;
import io.github.netboot6.core.ClientArchitecture;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.MalformedValueException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * A tour of Netboot6's value types: {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.github.netboot6.examples.ValueTypesDemo} (without {@code -Dexec.mainClass},
 * the README's first command runs {@link ProvisioningDemo}).
 *
 * <p>It shows the facts DESIGN.md §1 is about: one address in many text forms, a MAC address turned
 * into its EUI-64 link-local address and back (and a stable-privacy address that yields no MAC),
 * the same SMBIOS UUID in the two byte orders that UEFI firmware and iPXE send, the client
 * architecture registry, the per-host block layout, and the error a malformed value gets.
 */
public final class ValueTypesDemo {
  private static final long LINK_LOCAL_HIGH = 0xfe80_0000_0000_0000L;

  private ValueTypesDemo() {}

  /**
   * Prints the tour to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Prints the tour.
   *
   * @param out where to print
   */
  static void run(PrintStream out) {
    addresses(out);
    macAddresses(out);
    duids(out);
    architectures(out);
    blocks(out);
    errors(out);
  }

  private static void addresses(PrintStream out) {
    out.println("== IPv6 addresses (RFC 4291 text forms, RFC 5952 canonical text)");
    for (String text :
        new String[] {
          "2001:0DB8:0000:0000:0001:0000:0000:0001", "2001:db8:0:0:0:0:2:1", "::ffff:192.0.2.1"
        }) {
      Ipv6Address a = Ipv6Address.parse(text);
      out.printf("%-42s -> %s%n", text, a);
    }
    Ipv6Prefix pool = Ipv6Prefix.parse("2001:db8:0:1::/64");
    out.printf(
        "prefix %s: first %s, last %s, 2^%d addresses%n",
        pool, pool.first(), pool.last(), pool.sizeLog2());
  }

  private static void macAddresses(PrintStream out) {
    out.println("== MAC addresses and EUI-64 link-local addresses (RFC 4291 appendix A)");
    MacAddress mac = MacAddress.parse("52-54-00-12-34-56");
    Ipv6Address linkLocal = Ipv6Address.of(LINK_LOCAL_HIGH, mac.toModifiedEui64());
    out.printf("MAC %s -> link-local %s%n", mac, linkLocal);
    out.printf(
        "link-local %s -> MAC %s%n",
        linkLocal, describe(MacAddress.fromModifiedEui64(linkLocal.interfaceIdentifier())));
    Ipv6Address stablePrivacy = Ipv6Address.parse("fe80::1c2f:8a3b:9d4e:71f0");
    out.printf(
        "link-local %s -> MAC %s%n",
        stablePrivacy, describe(MacAddress.fromModifiedEui64(stablePrivacy.interfaceIdentifier())));
  }

  private static String describe(Optional<MacAddress> mac) {
    return mac.map(MacAddress::toString).orElse("none (not EUI-64 derived)");
  }

  private static void duids(PrintStream out) {
    out.println("== One machine, two DUID-UUIDs (DESIGN.md §1)");
    Duid firmware = Duid.parse("00:04:58:9a:3d:8c:2e:1b:5f:4c:9a:0b:11:22:33:44:55:66");
    Duid ipxe = Duid.parse("00:04:8c:3d:9a:58:1b:2e:4c:5f:9a:0b:11:22:33:44:55:66");
    out.printf(
        "UEFI firmware sends %s%n  read in SMBIOS order: %s%n",
        firmware, firmware.smbiosUuid().orElseThrow());
    out.printf(
        "iPXE sends          %s%n  read in network order: %s%n", ipxe, ipxe.uuid().orElseThrow());
    Duid llt = Duid.llt(1, 0x2b3c4d5eL, MacAddress.parse("52:54:00:12:34:56"));
    out.printf("DUID-LLT %s carries MAC %s%n", llt, llt.macAddress().orElseThrow());
  }

  private static void architectures(PrintStream out) {
    out.println("== Client architectures (IANA registry, DHCPv6 option 61)");
    for (int code : new int[] {0, 7, 16, 11, 0x42}) {
      ClientArchitecture arch = ClientArchitecture.valueOf(code);
      out.printf("%-30s UEFI %-5s HTTP boot %s%n", arch, arch.isUefi(), arch.isHttpBoot());
    }
    out.printf("message type %s, option %s%n", MessageType.valueOf(1), OptionCode.valueOf(59));
  }

  private static void blocks(PrintStream out) {
    out.println("== Per-host address blocks (default layout: 8 addresses, first usable)");
    Ipv6Prefix pool = Ipv6Prefix.parse("2001:db8::/64");
    BlockLayout layout = BlockLayout.defaults();
    for (long block = 0; block < 3; block++) {
      out.printf(
          "host %d: permanent %s, installer slot %s%n",
          block,
          pool.first().add(layout.permanentAddressOffset(block)),
          pool.first().add(layout.slotAddressOffset(block, "installer")));
    }
  }

  private static void errors(PrintStream out) {
    out.println("== Malformed input gets one exception type that says what, where and why");
    for (String bad : new String[] {"fe80::1%eth0", "2001:db8::g1", "1::2::3"}) {
      try {
        out.println(Ipv6Address.parse(bad));
      } catch (MalformedValueException e) {
        out.println(e.getMessage());
      }
    }
  }
}
