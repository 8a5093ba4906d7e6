package io.github.netboot6.codec;

import static io.github.netboot6.codec.Fixtures.bytes;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.codec.model.ClientServerMessage;
import io.github.netboot6.codec.model.DhcpMessage;
import io.github.netboot6.codec.model.DhcpOption;
import io.github.netboot6.codec.model.DhcpOptions;
import io.github.netboot6.codec.model.RelayMessage;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.testkit.Dhcpv6Generators;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The immutable model ({@code io.github.netboot6.codec.model}) against the flyweights: it decodes
 * what {@link MessageReader} decodes, into the same options at the same offsets (compared with
 * {@link Walker}'s trace, a separate walk), encodes back byte-exact, and builds the same bytes as
 * {@link MessageWriter} from the same typed values.
 */
class MessageModelTest {
  private static final Duid CLIENT = Duid.ll(1, MacAddress.parse("52:54:00:12:34:56"));
  private static final Duid SERVER =
      Duid.llt(1, 0x2d2d2d2dL, MacAddress.parse("02:00:00:00:00:01"));
  private static final Ipv6Address ADDRESS = Ipv6Address.parse("2001:db8:1::1:0:0:5");

  static Stream<Arguments> vectors() {
    return Stream.concat(
        PublicVectorsTest.vectors(),
        Stream.of(
            Arguments.of("fixture solicit", Fixtures.SOLICIT),
            Arguments.of("fixture relayed solicit", Fixtures.RELAYED_SOLICIT),
            Arguments.of("fixture two relays", Fixtures.TWO_RELAYS)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decode_publicVector_reencodesByteExactAndWalksLikeTheFlyweights(String name, byte[] wire) {
    DhcpMessage message = DhcpMessage.decode(wire);

    assertThat(message.toBytes()).isEqualTo(wire);
    assertThat(message.encodedLength()).isEqualTo(wire.length);
    assertThat(modelTrace(message)).isEqualTo(flyweightTrace(wire));
    assertThat(message.dump()).isEqualTo(MessageDump.toString(wire, 0, wire.length));
    assertThat(DhcpMessage.decode(wire)).isEqualTo(message).hasSameHashCodeAs(message);
  }

  @Test
  void decode_randomValidMessages_agreeWithTheFlyweights() {
    SplittableRandom random = new SplittableRandom(Long.getLong("netboot6.seed", 20261127L));
    for (int i = 0; i < 4_000; i++) {
      byte[] wire =
          (i % 2 == 0 ? Dhcpv6Generators.clientMessages() : Dhcpv6Generators.relayedMessages())
              .next(random);
      DhcpMessage message = DhcpMessage.decode(wire);
      assertThat(message.toBytes()).as("message %s", i).isEqualTo(wire);
      assertThat(modelTrace(message)).as("message %s", i).isEqualTo(flyweightTrace(wire));
    }
  }

  @Test
  void decode_relayChain_reachesTheClientMessage() {
    RelayMessage outer = (RelayMessage) DhcpMessage.decode(Fixtures.TWO_RELAYS);

    ClientServerMessage client = outer.innermost();
    DhcpMessage second = outer.relayedMessage().orElseThrow();

    assertThat(second.isRelay()).isTrue();
    assertThat(((RelayMessage) second).relayedMessage()).contains(client);
    MessageReader reader =
        new MessageReader().wrap(Fixtures.TWO_RELAYS, 0, Fixtures.TWO_RELAYS.length);
    assertThat(reader.innermost(new OptionIterator())).isTrue();
    assertThat(client.typeCode()).isEqualTo(reader.messageTypeCode());
    assertThat(client.transactionId()).isEqualTo(reader.transactionId());
    assertThat(outer.hopCount()).isEqualTo(1);
  }

  @Test
  void build_advertise_sameBytesAsMessageWriter() {
    byte[] buffer = new byte[512];
    MessageWriter writer = new MessageWriter().wrap(buffer, 0, buffer.length);
    writer.header(MessageType.ADVERTISE, 0x00abcdef).clientId(CLIENT).serverId(SERVER);
    writer.beginIaNa(7, 300, 480).iaAddress(ADDRESS, 600, 900).endOption();
    writer.statusCode(0, "all is well").preference(255);
    writer.bootFileUrl("http://[2001:db8::1]/boot.ipxe").bootFileParameters("a", "bc");
    writer.vendorClass(343, "HTTPClient").dnsServers(Ipv6Address.parse("2001:db8::53"));
    int length = writer.finish();

    ClientServerMessage model =
        ClientServerMessage.of(
            MessageType.ADVERTISE,
            0xabcdef,
            DhcpOptions.clientId(CLIENT),
            DhcpOptions.serverId(SERVER),
            DhcpOptions.iaNa(7, 300, 480, DhcpOptions.iaAddress(ADDRESS, 600, 900)),
            DhcpOptions.statusCode(0, "all is well"),
            DhcpOptions.preference(255),
            DhcpOptions.bootFileUrl("http://[2001:db8::1]/boot.ipxe"),
            DhcpOptions.bootFileParameters("a", "bc"),
            DhcpOptions.vendorClass(343, "HTTPClient"),
            DhcpOptions.dnsServers(Ipv6Address.parse("2001:db8::53")));

    assertThat(model.toBytes()).isEqualTo(Arrays.copyOf(buffer, length));
  }

  @Test
  void build_relayedSolicit_readByFactsExtractor() {
    ClientServerMessage solicit =
        ClientServerMessage.of(
            MessageType.SOLICIT,
            0x123456,
            DhcpOptions.clientId(CLIENT),
            DhcpOptions.elapsedTime(0),
            DhcpOptions.optionRequest(23, 59),
            DhcpOptions.userClass("iPXE"),
            DhcpOptions.vendorClass(343, "PXEClient:Arch:00007:UNDI:003016"),
            DhcpOptions.clientArchitectures(7),
            DhcpOptions.networkInterfaceId(1, 3, 16),
            DhcpOptions.iaNa(1, 0, 0));
    Ipv6Address peer = Ipv6Address.parse("fe80::5054:ff:fe12:3456");
    RelayMessage relayed =
        RelayMessage.forward(
            0,
            Ipv6Address.parse("2001:db8:1::1"),
            peer,
            solicit,
            DhcpOptions.interfaceId("eth0".getBytes(US_ASCII)),
            DhcpOptions.clientLinkLayerAddress(MacAddress.parse("52:54:00:12:34:56")));
    byte[] wire = relayed.toBytes();

    io.github.netboot6.core.identity.ClientFacts facts =
        new io.github.netboot6.core.identity.ClientFacts();
    FactsExtractor extractor = new FactsExtractor();
    assertThat(extractor.extract(wire, 0, wire.length, facts)).isEqualTo(DecodeStatus.OK);

    assertThat(facts.clientDuid()).isEqualTo(CLIENT);
    assertThat(facts.relayCount()).isEqualTo(1);
    assertThat(facts.architectureCount()).isEqualTo(1);
    assertThat(facts.architecture(0)).isEqualTo(7);
    assertThat(DhcpMessage.decode(wire)).isEqualTo(relayed);
    assertThat(relayed.innermost()).isEqualTo(solicit);
  }

  @Test
  void nestedOptions_iaNa_decodesItsAddresses() {
    DhcpOption iaAddress = DhcpOptions.iaAddress(ADDRESS, 600, 900);
    DhcpOption status = DhcpOptions.statusCode(2, "NoAddrsAvail");
    DhcpOption iaNa = DhcpOptions.iaNa(9, 1, 2, iaAddress, status);

    assertThat(iaNa.nestedOptions()).containsExactly(iaAddress, status);
    assertThat(iaNa.valueLength())
        .isEqualTo(12 + iaAddress.encodedLength() + status.encodedLength());
    assertThat(DhcpOptions.statusCode(0, "x").hasNestedOptions()).isFalse();
    assertThatThrownBy(() -> DhcpOptions.statusCode(0, "x").nestedOptions())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("13");
  }

  @Test
  void nestedOptions_overrunningChild_namesTheProblem() {
    // IA_NA header, then an option header that claims 40 bytes with 2 left.
    DhcpOption bad = DhcpOption.of(3, bytes("00000001 00000000 00000000", "0005 0028 0000"));

    assertThatThrownBy(bad::nestedOptions)
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("overruns");
  }

  @Test
  void decode_truncatedHeader_throwsWithTheStatus() {
    assertThatThrownBy(() -> DhcpMessage.decode(bytes("01 ca fe")))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("header");
  }

  @Test
  void decode_optionOverrun_strictThrowsLenientKeepsTheOptionsBefore() {
    byte[] wire =
        bytes(
            "01 000001", // Solicit
            "0008 0002 0000", // elapsed time
            "0001 0020 0003 0001"); // client-id claiming 32 bytes, 4 there

    assertThatThrownBy(() -> DhcpMessage.decode(wire))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("overruns");
    DhcpMessage lenient = DhcpMessage.decode(wire, 0, wire.length, DecodeProfile.LENIENT);
    assertThat(lenient.options()).extracting(DhcpOption::code).containsExactly(8);
  }

  @Test
  void decode_malformedInnerMessage_throws() {
    byte[] wire =
        bytes(
            "0c 00", // Relay-Forw, hop 0
            "20010db8000000000000000000000001",
            "fe800000000000000000000000000001",
            "0009 0003 01 0000"); // relay message: a 3-byte Solicit header

    assertThatThrownBy(() -> DhcpMessage.decode(wire)).isInstanceOf(MalformedValueException.class);
  }

  @Test
  void decode_relayChainTooDeep_throws() {
    byte[] wire = Dhcpv6Generators.relayChain(Fixtures.SOLICIT, MessageReader.MAX_RELAY_DEPTH + 1);

    assertThatThrownBy(() -> DhcpMessage.decode(wire))
        .isInstanceOf(MalformedValueException.class)
        .hasMessageContaining("relay messages nested too deep: depth 33");
    byte[] deepest = Dhcpv6Generators.relayChain(Fixtures.SOLICIT, MessageReader.MAX_RELAY_DEPTH);
    assertThat(DhcpMessage.decode(deepest).innermost().toBytes()).isEqualTo(Fixtures.SOLICIT);
  }

  @Test
  void build_outOfRangeFields_rejectedWithTheField() {
    assertThatThrownBy(() -> ClientServerMessage.of(MessageType.RELAY_FORW, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("msg-type: 12");
    assertThatThrownBy(() -> ClientServerMessage.of(MessageType.SOLICIT, 0x1000000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transaction-id: 0x1000000");
    assertThatThrownBy(() -> DhcpOption.of(65_536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("option-code: 65536");
    assertThatThrownBy(() -> DhcpOption.of(1, new byte[65_536]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65536 bytes");
    assertThatThrownBy(() -> DhcpOptions.preference(256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256");
    assertThatThrownBy(
            () ->
                RelayMessage.builder()
                    .typeCode(12)
                    .hopCount(256)
                    .linkAddress(ADDRESS)
                    .peerAddress(ADDRESS)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hop-count: 256");
  }

  @Test
  void option_valueIsCopiedInAndOut() {
    byte[] value = "boot".getBytes(UTF_8);
    DhcpOption option = DhcpOption.of(59, value);
    value[0] = 'X';
    option.value()[1] = 'X';

    assertThat(option.value()).isEqualTo("boot".getBytes(UTF_8));
    assertThat(option).isEqualTo(DhcpOption.of(59, "boot".getBytes(UTF_8)));
    assertThat(option.toString()).isEqualTo("59 (OPT_BOOTFILE_URL) 4 bytes: 626f6f74");
  }

  @Test
  void withTransactionId_changesOnlyThatField() {
    ClientServerMessage solicit =
        ClientServerMessage.of(MessageType.SOLICIT, 1, DhcpOptions.clientId(CLIENT));

    ClientServerMessage again = solicit.withTransactionId(2);

    assertThat(again.options()).isEqualTo(solicit.options());
    assertThat(again.toBytes()[3]).isEqualTo((byte) 2);
    assertThat(again).isNotEqualTo(solicit);
  }

  /** The flyweight walk's trace ({@link Walker}). */
  private static String flyweightTrace(byte[] wire) {
    Walker walker = new Walker();
    String trace = walker.trace(new MessageReader().wrap(wire, 0, wire.length));
    assertThat(walker.status).as(walker.errorMessage).isEqualTo(DecodeStatus.OK);
    return trace;
  }

  /** The same trace as {@link Walker#trace}, made from the model's options and their lengths. */
  private static String modelTrace(DhcpMessage message) {
    StringBuilder trace = new StringBuilder();
    DhcpMessage current = message;
    int base = 0;
    while (current != null) {
      trace.append("msg ").append(current.typeCode()).append(" @").append(base);
      if (current instanceof RelayMessage relay) {
        trace.append(" hop ").append(relay.hopCount());
      }
      trace.append('\n');
      int at = base + (current.isRelay() ? 34 : 4);
      DhcpMessage inner = null;
      int innerBase = -1;
      for (DhcpOption option : current.options()) {
        traceOption(option, at, 1, false, trace);
        if (option.code() == 9 && current instanceof RelayMessage relay && inner == null) {
          inner = relay.relayedMessage().orElseThrow();
          innerBase = at + 4;
        }
        at += option.encodedLength();
      }
      current = inner;
      base = innerBase;
    }
    return trace.toString();
  }

  private static void traceOption(
      DhcpOption option, int at, int level, boolean vendorSpace, StringBuilder trace) {
    trace.append("  ".repeat(level)).append(option.code()).append('@').append(at);
    trace.append('+').append(option.valueLength()).append('\n');
    if (vendorSpace || !option.hasNestedOptions()) {
      return;
    }
    int child = at + 4 + option.option().nestedOptionsOffset();
    List<DhcpOption> nested = option.nestedOptions();
    for (DhcpOption n : nested) {
      traceOption(n, child, level + 1, option.code() == 17, trace);
      child += n.encodedLength();
    }
  }
}
