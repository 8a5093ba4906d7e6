package io.github.netboot6.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The text dump against expectations written by hand from the annotated fixtures, and over every
 * vector the codec's tests use.
 */
class MessageDumpTest {

  @Test
  void dump_uefiSolicit_showsEveryTypedField() {
    String expected =
        """
        DHCPv6
            Message type: SOLICIT (1)
            Transaction ID: 0x123456
            Client Identifier
                Option: Client Identifier (1)
                Length: 14
                DUID: 000100012a2b2c2d525400123456
                DUID Type: LLT (1)
                Hardware type: Ethernet (1)
                DUID Time: 2022-06-02T08:07:09Z
                Link-layer address: 52:54:00:12:34:56
            Identity Association for Non-temporary Addresses
                Option: Identity Association for Non-temporary Addresses (3)
                Length: 40
                IAID: 00000001
                T1: 3600
                T2: 5400
                IA Address
                    Option: IA Address (5)
                    Length: 24
                    IPv6 address: 2001:db8::8
                    Preferred lifetime: 7200
                    Valid lifetime: 10800
            Option Request
                Option: Option Request (6)
                Length: 6
                Requested Option code: DNS Recursive Name Server (23)
                Requested Option code: Boot File URL (59)
                Requested Option code: Boot File Parameters (60)
            Elapsed Time
                Option: Elapsed Time (8)
                Length: 2
                Elapsed time: 0ms
            Vendor Class
                Option: Vendor Class (16)
                Length: 38
                Enterprise ID: 343
                Vendor class data (32 bytes): "PXEClient:Arch:00007:UNDI:003016"
            Client System Architecture Type
                Option: Client System Architecture Type (61)
                Length: 2
                Client System Architecture Type: x64 UEFI (7)
        """;
    assertThat(dump(Fixtures.SOLICIT)).isEqualTo(expected);
  }

  @Test
  void dump_relayedSolicit_indentsTheRelayedMessage() {
    String expected =
        """
        DHCPv6
            Message type: RELAY-FORW (12)
            Hop count: 0
            Link address: 2001:db8:1::1
            Peer address: fe80::5054:ff:fe12:3456
            Interface-Id
                Option: Interface-Id (18)
                Length: 4
                Interface-ID: "eth0"
            Client Link-Layer Address
                Option: Client Link-Layer Address (79)
                Length: 8
                Link-Layer Type: Ethernet (1)
                Link-Layer Address: 52:54:00:12:34:56
            Relay Message
                Option: Relay Message (9)
                Length: 24
                DHCPv6
                    Message type: SOLICIT (1)
                    Transaction ID: 0xabcdef
                    Client Identifier
                        Option: Client Identifier (1)
                        Length: 10
                        DUID: 00030001525400123456
                        DUID Type: LL (3)
                        Hardware type: Ethernet (1)
                        Link-layer address: 52:54:00:12:34:56
                    Elapsed Time
                        Option: Elapsed Time (8)
                        Length: 2
                        Elapsed time: 1000ms
        """;
    assertThat(dump(Fixtures.RELAYED_SOLICIT)).isEqualTo(expected);
  }

  @Test
  void dump_ipxeSolicit_showsUuidUserClassAndArchitectures() {
    String text = dump(FactsFixtures.IPXE_SOLICIT);
    assertThat(text)
        .contains("        DUID Type: UUID (4)\n")
        .contains("        UUID: 8c3d9a58-1b2e-4c5f-9a0b-112233445566\n")
        .contains("        IAID: ff123456\n")
        .contains("        User class data (4 bytes): \"iPXE\"\n")
        .contains("        User class data (2 bytes): \"v1\"\n")
        .contains("        Client System Architecture Type: x64 uefi boot from http (16)\n")
        .contains("    Client Network Interface Identifier\n        Option: ")
        .contains("        Interface type: UNDI (1)\n        Revision: 3.16\n");
  }

  @Test
  void dump_ntpServer_labelsSuboptionsNotAsDhcpOptions() {
    byte[] message =
        Fixtures.bytes(
            "07", // msg-type REPLY
            "00 00 04", // transaction-id
            "00 38", // 4: NTP Server (RFC 5908), option-code 56
            "00 14", // option-len 20
            "00 01", // 8: suboption 1, NTP server address
            "00 10", // length 16
            "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 01 23"); // 12: 2001:db8::123
    assertThat(dump(message))
        .endsWith(
            """
                    NTP server address
                        Suboption: NTP server address (1)
                        Length: 16
                        Address: 2001:db8::123
            """);
  }

  @Test
  void dump_unknownOption_showsHex() {
    byte[] message =
        Fixtures.bytes(
            "01", // msg-type SOLICIT
            "00 00 01", // transaction-id
            "ff 00", // option-code 65280, unregistered
            "00 03", // option-len 3
            "de ad 01"); // value
    assertThat(dump(message))
        .endsWith(
            """
                Unknown option
                    Option: Unknown option (65280)
                    Length: 3
                    Value: dead01
            """);
  }

  @Test
  void dump_optionOverrunningTheMessage_showsWhatDecodedAndTheStatus() {
    byte[] message =
        Fixtures.bytes(
            "01", // msg-type SOLICIT
            "00 00 02", // transaction-id
            "00 08", // 4: Elapsed Time
            "00 02", // option-len 2
            "00 01", // 8: 1 hundredth
            "00 01", // 10: Client Identifier
            "00 20", // option-len 32, only 2 bytes follow
            "00 03"); // 14
    MessageReader reader = new MessageReader().wrap(message, 0, message.length);
    StringBuilder out = new StringBuilder();

    DecodeStatus status = MessageDump.dump(reader, out);

    assertThat(status).isEqualTo(DecodeStatus.OPTION_OVERRUNS_CONTAINER);
    assertThat(out.toString())
        .contains("        Elapsed time: 10ms\n")
        .contains("    [Malformed: OPTION_OVERRUNS_CONTAINER at offset 10: ");
  }

  @Test
  void dump_optionTooShortForItsFormat_reportsItAndGoesOn() {
    byte[] message =
        Fixtures.bytes(
            "01", // msg-type SOLICIT
            "00 00 03", // transaction-id
            "00 08", // 4: Elapsed Time
            "00 01", // option-len 1 (expected: 2)
            "07", // 8
            "00 0e", // 9: Rapid Commit
            "00 00"); // option-len 0
    StringBuilder out = new StringBuilder();

    DecodeStatus status = MessageDump.dump(new MessageReader().wrap(message, 0, 13), out);

    assertThat(status).isEqualTo(DecodeStatus.BAD_LENGTH_FOR_FORMAT);
    assertThat(out.toString())
        .contains("        Value: 07\n        [Malformed: BAD_LENGTH_FOR_FORMAT at offset 4: ")
        .contains("    Rapid Commit\n");
    assertThat(out.toString().split("Malformed", -1)).hasSize(2);
  }

  @Test
  void dump_truncatedHeader_showsTheType() {
    byte[] message = Fixtures.bytes("0c 00 20 01"); // RELAY-FORW cut after 4 of 34 header bytes
    assertThat(dump(message))
        .startsWith("DHCPv6\n    Message type: RELAY-FORW (12)\n    [Malformed: TRUNCATED_HEADER");
  }

  @Test
  void dump_doesNotMoveTheCallersReader() {
    MessageReader reader =
        new MessageReader().wrap(Fixtures.TWO_RELAYS, 0, Fixtures.TWO_RELAYS.length);
    MessageDump.dump(reader, new StringBuilder());
    assertThat(reader.relayDepth()).isZero();
    assertThat(reader.hopCount()).isEqualTo(1);
  }

  @Test
  void dump_toAppendable_matchesStringBuilder() throws IOException {
    MessageReader reader =
        new MessageReader().wrap(Fixtures.TWO_RELAYS, 0, Fixtures.TWO_RELAYS.length);
    StringBuilder viaAppendable = new StringBuilder();
    MessageDump.dump(reader, (Appendable) viaAppendable);
    assertThat(viaAppendable.toString()).isEqualTo(dump(Fixtures.TWO_RELAYS));
  }

  @Test
  void dump_everyVectorAndFixture_neverThrows() throws IOException {
    List<byte[]> vectors = vectors();
    assertThat(vectors).hasSizeGreaterThan(10);
    Random random = new Random(8415);
    for (byte[] vector : vectors) {
      assertThatCode(() -> dump(vector)).doesNotThrowAnyException();
      for (int cut = 0; cut < vector.length; cut++) {
        byte[] truncated = Arrays.copyOf(vector, cut);
        assertThatCode(() -> dump(truncated)).doesNotThrowAnyException();
      }
      for (int flip = 0; flip < 200 && vector.length > 0; flip++) {
        byte[] flipped = vector.clone();
        flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        assertThatCode(() -> dump(flipped)).doesNotThrowAnyException();
        MessageReader lenient =
            new MessageReader().profile(DecodeProfile.LENIENT).wrap(flipped, 0, flipped.length);
        assertThatCode(() -> MessageDump.dump(lenient, new StringBuilder()))
            .doesNotThrowAnyException();
      }
    }
  }

  private static List<byte[]> vectors() throws IOException {
    List<byte[]> vectors = new ArrayList<>();
    vectors.add(Fixtures.SOLICIT);
    vectors.add(Fixtures.RELAYED_SOLICIT);
    vectors.add(Fixtures.TWO_RELAYS);
    vectors.add(FactsFixtures.IPXE_SOLICIT);
    vectors.add(FactsFixtures.IPXE_TWO_RELAYS);
    // The fuzz seeds hold every fixture and public vector (Kea, ONOS, insomniacslk/dhcp) of the
    // tests.
    Path seeds = Paths.get("src/test/resources/io/github/netboot6/codec/CodecFuzzTestInputs");
    for (String target : List.of("walk", "facts", "roundTrip")) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(seeds.resolve(target))) {
        for (Path file : files) {
          try (InputStream in = Files.newInputStream(file)) {
            vectors.add(in.readAllBytes());
          }
        }
      }
    }
    return vectors;
  }

  private static String dump(byte[] message) {
    return MessageDump.toString(message, 0, message.length);
  }
}
