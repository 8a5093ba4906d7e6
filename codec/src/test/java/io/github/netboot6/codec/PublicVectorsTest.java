package io.github.netboot6.codec;

import static io.github.netboot6.codec.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages published by other DHCPv6 implementations as test data, re-typed here as hex: each
 * decodes with {@link MessageReader} (every option, nested ones and every relay level walked) and
 * re-encodes byte-exact with {@link MessageWriter}, through the typed writers where they apply.
 *
 * <p>Sources: ISC Kea, {@code src/lib/dhcp/testutils/pkt_captures6.cc} (Wireshark captures; MPL
 * 2.0, data only); insomniacslk/dhcp, {@code dhcpv6/dhcpv6relay_test.go} (BSD-3-Clause, data only);
 * ONOS, {@code utils/misc/src/test/resources/org/onlab/packet/dhcp/dhcp6_*.bin} as published in the
 * {@code org.onosproject:onlab-misc:2.7.0:tests} jar (Apache-2.0, data only): Ethernet frames of
 * which only the DHCPv6 message after the UDP header is kept.
 */
class PublicVectorsTest {

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(
            "Kea captureSimpleSolicit",
            bytes(
                "01 ca fe 01", // Solicit, transaction-id 0xcafe01
                "00 01 00 0a 01 02 03 04 05 06 07 08 09 0a", // client-id, 10-byte DUID
                "00 03 00 0c 00 00 00 01 00 00 00 00 00 00 00 00")), // IA_NA iaid 1
        Arguments.of(
            "Kea captureRelayedSolicit",
            bytes(
                "0c0500000000000000000000000000000000fc00000000000000000000000000000900",
                "12000231350009002c010517100001000e0001000151b5e46208002758f1e80003000c",
                "000000010000000000000000000600020007")),
        Arguments.of(
            "Kea captureDocsisRelayedSolicit",
            bytes(
                "0c002a0288fe00fe00015a8d09fffe7af955fe80000000000000120d7ffffe00078800",
                "090189010d397f0001000a00030001100d7f000788000300287f000788000000000000",
                "000000050018000000000000000000000000000000000000000000000000000e000000",
                "0800020000000600020011001400000010000f0000118b0009646f63736973332e3000",
                "1101200000118b0001000a0020002100220025002600240006100d7f00078800230081",
                "0101010201030301010401010501010601010701180801080901000a01010b01180c01",
                "010d0200400e0200100f01011004000000021101011301011401001501381601011701",
                "011801041901041a01041b01281c01021d01081e01201f011020011821010222010123",
                "010124011825010126020040270101120701100d7f00078a0002000345434d0003000b",
                "45434d3a45524f555445520004000d3335463132395550303030353200050004332e31",
                "310006000956312e30312e31315400070013505350552d426f6f7420312e302e31362e",
                "323200080006303030393542000900084347343030305444000a00074e657467656172",
                "000f000745524f5554455200120012427531264361312f3000100d7f00078800000011",
                "00160000118b040100040102030004020006100d7f000788")),
        Arguments.of(
            "Kea captureeRouterRelayedSolicit",
            bytes(
                "0c0020010558ffa800000000000000000001fe8000000000000022e52afffeb8151500",
                "0900f101a90044000e000000140000000600080011001700180019001000100000118b",
                "000a65526f75746572312e30001100700000118b0002000745524f555445520003000b",
                "45434d3a45524f555445520004000d3242523232395534303034344300050004312e30",
                "340006000856312e33332e303300070007322e332e3052320008000630303039354200",
                "090009434733303030444352000a00074e6574676561720001000a0003000120e52ab8",
                "1515001900292ab815150000000000000000001a001900000000000000003800000000",
                "0000000000000000000000000003000c2ab81515000000000000000000080002000000",
                "1100160000118b0402000620e52ab81514040100040102030000120004000000220025",
                "000e0000101300015c228d41100001220035000a0003000100015c228d3d")),
        Arguments.of(
            "Kea captureCableLabsShortVendorClass",
            bytes(
                "01671cb90001000e0001000152ea903a08002758f1e80003000c00004bd10000000000",
                "000000001000040000118b0011000a0000118b000100020020")),
        Arguments.of(
            "Kea captureRelayed2xRSOO",
            bytes(
                "0c01200108880db800010000000000000000fe80000000000000020021fffe5c18a9",
                "0009007d0c0000000000000000000000000000000000fe80000000000000020021fffe5c18a9",
                "00420015", // RSOO
                "00ff000401020304", // option 255, len 4
                "01000009010203040506070809", // option 256, len 9
                "0025000400000de9", // remote-id
                "00090036", // relay-msg, len 54
                "016b4fe2", // solicit
                "0001000e0001000118b033410000215c18a9", // client-id
                "0003000c00000001ffffffffffffffff", // ia-na
                "000800020000", // elapsed time
                "00060006001700f200f3", // ORO
                "0012001c4953414d3134347c3239397c697076367c6e743a76703a313a", // interface-id
                "313130002500120000197f0001000118b033410000215c18a9")), // remote-id
        Arguments.of(
            "Kea captureSolicitWithVIVSO",
            // Kea's lines have odd lengths: joined before parsing, as Kea does.
            bytes(
                "01ba048e0001000a0003000108002725d3f40003002800aabbcc"
                    + "00000000000000000005001800000000000000000000000000000"
                    + "00000000000000000000006000600d100d2000c0011000400001e61")),
        Arguments.of(
            "insomniacslk TestRelayMessageToBytes",
            bytes(
                "0c 01", // Relay-Forw, hop-count 1
                "ff 01 00 00 00 00 00 00 00 00 00 00 00 00 00 01", // link ff01::1
                "ff 02 00 00 00 00 00 00 00 00 00 00 00 00 00 02", // peer ff02::2
                "00 09 00 0a", // relay message, 10 bytes
                "01 aa bb cc", // Solicit, transaction-id 0xaabbcc
                "00 08 00 02 00 00")), // elapsed time 0
        // ONOS: the DHCPv6 payloads (by the UDP length) of its Ethernet frames dhcp6_*.bin. No two
        // files carry the same DHCPv6 bytes: the relayed ones wrap the same client messages as the
        // direct ones, with other transaction-ids.
        Arguments.of(
            "ONOS dhcp6_solicit",
            bytes(
                "01 d4af6d", // Solicit, transaction-id 0xd4af6d
                "0001 000e 0001 0001 211e55af 00bb00000001", // client-id, DUID-LLT
                "0006 0008 0017 0018 0027 001f", // ORO: DNS servers, domain list, client FQDN, SNTP
                "0008 0002 0000", // elapsed time 0
                "0003 0028 00000001 00000e10 00001518", // IA_NA, 40 bytes: iaid 1, T1 3600, T2 5400
                "0005 0018 20000000000000000000000000000201", // IAADDR, 24 bytes: 2000::201
                "00001c20 00002a30")), // preferred 7200 s, valid 10800 s
        Arguments.of(
            "ONOS dhcp6_advertise",
            bytes(
                "02 d4af6d", // Advertise, transaction-id 0xd4af6d
                "0003 0028 00000001 00000000 00000000", // IA_NA, 40 bytes: iaid 1, T1 0, T2 0
                "0005 0018 20000000000000000000000000000201", // IAADDR, 24 bytes: 2000::201
                "00000177 00000258", // preferred 375 s, valid 600 s
                "0001 000e 0001 0001 211e55af 00bb00000001", // client-id, DUID-LLT
                "0002 000e 0001 0001 211e5340 009966000001")), // server-id, DUID-LLT
        Arguments.of(
            "ONOS dhcp6_request",
            bytes(
                "03 ad5563", // Request, transaction-id 0xad5563
                "0001 000e 0001 0001 211e55af 00bb00000001", // client-id, DUID-LLT
                "0002 000e 0001 0001 211e5340 009966000001", // server-id, DUID-LLT
                "0006 0008 0017 0018 0027 001f", // ORO: DNS servers, domain list, client FQDN, SNTP
                "0008 0002 0000", // elapsed time 0
                "0003 0028 00000001 00000e10 00001518", // IA_NA, 40 bytes: iaid 1, T1 3600, T2 5400
                "0005 0018 20000000000000000000000000000201", // IAADDR, 24 bytes: 2000::201
                "00001c20 00001d4c")), // preferred 7200 s, valid 7500 s
        Arguments.of(
            "ONOS dhcp6_reply",
            bytes(
                "07 ad5563", // Reply, transaction-id 0xad5563
                "0003 0028 00000001 00000000 00000000", // IA_NA, 40 bytes: iaid 1, T1 0, T2 0
                "0005 0018 20000000000000000000000000000201", // IAADDR, 24 bytes: 2000::201
                "00000177 00000258", // preferred 375 s, valid 600 s
                "0001 000e 0001 0001 211e55af 00bb00000001", // client-id, DUID-LLT
                "0002 000e 0001 0001 211e5340 009966000001")), // server-id, DUID-LLT
        Arguments.of(
            "ONOS dhcp6_relay_solicit",
            bytes(
                "0c 00", // Relay-Forw, hop-count 0
                "200000000000000000000000000002ff", // link-address 2000::2ff
                "fe8000000000000002bb00fffe000001", // peer-address fe80::2bb:ff:fe00:1
                "0026 000a 323030303a3a39393033", // subscriber-id, 10 bytes: "2000::9903"
                "0009 0054", // relay message, 84 bytes
                "01 7c219b", // Solicit, transaction-id 0x7c219b
                "0001 000e 0001 0001 211e55af 00bb00000001", // client-id, DUID-LLT
                "0006 0008 0017 0018 0027 001f", // ORO: DNS servers, domain list, client FQDN, SNTP
                "0008 0002 0000", // elapsed time 0
                "0003 0028 00000001 00000e10 00001518", // IA_NA, 40 bytes: iaid 1, T1 3600, T2 5400
                "0005 0018 20000000000000000000000000000201", // IAADDR, 24 bytes: 2000::201
                "00001c20 00002a30")), // preferred 7200 s, valid 10800 s
        Arguments.of(
            "ONOS dhcp6_relay_advertise",
            bytes(
                "0d 00", // Relay-Repl, hop-count 0
                "200000000000000000000000000002ff", // link-address 2000::2ff
                "fe8000000000000002bb00fffe000001", // peer-address fe80::2bb:ff:fe00:1
                "0009 0054", // relay message, 84 bytes
                "02 7c219b", // Advertise, transaction-id 0x7c219b
                "0003 0028 00000001 00000000 00000000", // IA_NA, 40 bytes: iaid 1, T1 0, T2 0
                "0005 0018 20000000000000000000000000000201", // IAADDR, 24 bytes: 2000::201
                "00000177 00000258", // preferred 375 s, valid 600 s
                "0001 000e 0001 0001 211e55af 00bb00000001", // client-id, DUID-LLT
                "0002 000e 0001 0001 211e5340 009966000001")), // server-id, DUID-LLT
        Arguments.of(
            "ONOS dhcp6_relay_request",
            bytes(
                "0c 00", // Relay-Forw, hop-count 0
                "200000000000000000000000000002ff", // link-address 2000::2ff
                "fe8000000000000002bb00fffe000001", // peer-address fe80::2bb:ff:fe00:1
                "0026 000a 323030303a3a39393033", // subscriber-id, 10 bytes: "2000::9903"
                "0009 0066", // relay message, 102 bytes
                "03 e0f242", // Request, transaction-id 0xe0f242
                "0001 000e 0001 0001 211e55af 00bb00000001", // client-id, DUID-LLT
                "0002 000e 0001 0001 211e5340 009966000001", // server-id, DUID-LLT
                "0006 0008 0017 0018 0027 001f", // ORO: DNS servers, domain list, client FQDN, SNTP
                "0008 0002 0000", // elapsed time 0
                "0003 0028 00000001 00000e10 00001518", // IA_NA, 40 bytes: iaid 1, T1 3600, T2 5400
                "0005 0018 20000000000000000000000000000201", // IAADDR, 24 bytes: 2000::201
                "00001c20 00001d4c")), // preferred 7200 s, valid 7500 s
        Arguments.of(
            "ONOS dhcp6_relay_reply",
            bytes(
                "0d 00", // Relay-Repl, hop-count 0
                "200000000000000000000000000002ff", // link-address 2000::2ff
                "fe8000000000000002bb00fffe000001", // peer-address fe80::2bb:ff:fe00:1
                "0009 0054", // relay message, 84 bytes
                "07 e0f242", // Reply, transaction-id 0xe0f242
                "0003 0028 00000001 00000000 00000000", // IA_NA, 40 bytes: iaid 1, T1 0, T2 0
                "0005 0018 20000000000000000000000000000201", // IAADDR, 24 bytes: 2000::201
                "00000177 00000258", // preferred 375 s, valid 600 s
                "0001 000e 0001 0001 211e55af 00bb00000001", // client-id, DUID-LLT
                "0002 000e 0001 0001 211e5340 009966000001"))); // server-id, DUID-LLT
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void vector_decodesAndReencodesByteExact(String source, byte[] message) {
    MessageReader reader = new MessageReader().wrap(message, 0, message.length);
    Walker walker = new Walker();
    assertThat(walker.walk(reader)).as(walker.errorMessage).isEqualTo(DecodeStatus.OK);
    assertThat(walker.options).isPositive();

    Reencoder reencoder = new Reencoder();
    byte[] out = new byte[message.length + 16];
    int length = reencoder.reencode(reader.wrap(message, 0, message.length), out);

    assertThat(length).isEqualTo(message.length);
    assertThat(Arrays.copyOf(out, length)).isEqualTo(message);
    assertThat(reencoder.typed).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void vector_everyTooSmallCapacity_overflows(String source, byte[] message) {
    MessageReader reader = new MessageReader();
    Reencoder reencoder = new Reencoder();
    for (int capacity = 0; capacity < message.length; capacity += 7) {
      byte[] out = new byte[capacity];
      assertThat(reencoder.reencode(reader.wrap(message, 0, message.length), out)).isEqualTo(-1);
      assertThat(reencoder.writer.overflowed()).isTrue();
    }
  }

  @org.junit.jupiter.api.Test
  void keaTruncatedVivso_reportsBadLengthThenTruncatedOptionHeader() {
    // Kea captureSolicitWithTruncatedVIVSO: option 17 says 1 byte, 3 bytes follow it.
    byte[] message =
        bytes(
            "01ba048e0001000a0003000108002725d3f40003002800aabbcc"
                + "00000000000000000005001800000000000000000000000000000"
                + "00000000000000000000006000600d100d2000c0011000100001e61");
    Walker walker = new Walker();

    MessageReader reader = new MessageReader().wrap(message, 0, message.length);

    // Entering option 17 finds it shorter than its enterprise-number...
    assertThat(walker.walk(reader)).isEqualTo(DecodeStatus.BAD_LENGTH_FOR_FORMAT);
    assertThat(walker.errorOffset).isEqualTo(message.length - 8);
    // ...and the top-level walk ends on the 3 bytes after it.
    OptionIterator options = reader.options(new OptionIterator());
    int count = 0;
    while (options.next()) {
      count++;
    }
    assertThat(count).isEqualTo(4);
    assertThat(options.status()).isEqualTo(DecodeStatus.TRUNCATED_OPTION_HEADER);
    assertThat(options.errorOffset()).isEqualTo(message.length - 3);
  }
}
