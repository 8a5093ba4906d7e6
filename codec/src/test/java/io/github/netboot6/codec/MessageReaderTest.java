package io.github.netboot6.codec;

import static io.github.netboot6.codec.Fixtures.RELAYED_SOLICIT;
import static io.github.netboot6.codec.Fixtures.SOLICIT;
import static io.github.netboot6.codec.Fixtures.TWO_RELAYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageReaderTest {
  private final MessageReader reader = new MessageReader();
  private final OptionIterator options = new OptionIterator();

  @Test
  void wrap_solicit_readsClientServerHeader() {
    reader.wrap(SOLICIT, 0, SOLICIT.length);

    assertThat(reader.status()).isEqualTo(DecodeStatus.OK);
    assertThat(reader.errorOffset()).isEqualTo(-1);
    assertThat(reader.messageTypeCode()).isEqualTo(1);
    assertThat(reader.messageType()).isSameAs(MessageType.SOLICIT);
    assertThat(reader.isRelay()).isFalse();
    assertThat(reader.transactionId()).isEqualTo(0x123456);
    assertThat(reader.offset()).isZero();
    assertThat(reader.length()).isEqualTo(130);
    assertThat(reader.optionsOffset()).isEqualTo(4);
    assertThat(reader.relayDepth()).isZero();
  }

  @Test
  void relayAccessors_onClientMessage_returnSentinels() {
    reader.wrap(SOLICIT, 0, SOLICIT.length);
    byte[] dst = new byte[16];

    assertThat(reader.hopCount()).isEqualTo(-1);
    assertThat(reader.linkAddressHigh()).isZero();
    assertThat(reader.linkAddressLow()).isZero();
    assertThat(reader.peerAddressHigh()).isZero();
    assertThat(reader.peerAddressLow()).isZero();
    assertThat(reader.copyLinkAddress(dst, 0)).isZero();
    assertThat(dst).containsOnly(0);
  }

  @Test
  void wrap_relayForw_readsRelayHeader() {
    reader.wrap(RELAYED_SOLICIT, 0, RELAYED_SOLICIT.length);

    assertThat(reader.status()).isEqualTo(DecodeStatus.OK);
    assertThat(reader.messageType()).isSameAs(MessageType.RELAY_FORW);
    assertThat(reader.isRelay()).isTrue();
    assertThat(reader.transactionId()).isEqualTo(-1);
    assertThat(reader.hopCount()).isZero();
    assertThat(reader.linkAddressHigh()).isEqualTo(0x2001_0db8_0001_0000L);
    assertThat(reader.linkAddressLow()).isEqualTo(1L);
    assertThat(reader.peerAddressHigh()).isEqualTo(0xfe80_0000_0000_0000L);
    assertThat(reader.peerAddressLow()).isEqualTo(0x5054_00ff_fe12_3456L);
    assertThat(reader.optionsOffset()).isEqualTo(34);
  }

  @Test
  void copyAddresses_relay_copiesSixteenBytesAndNothingElse() {
    reader.wrap(RELAYED_SOLICIT, 0, RELAYED_SOLICIT.length);
    byte[] dst = new byte[20];

    assertThat(reader.copyLinkAddress(dst, 2)).isEqualTo(16);
    assertThat(dst)
        .isEqualTo(
            Fixtures.bytes("00 00", "20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01", "00 00"));
    assertThat(reader.copyPeerAddress(dst, 4)).isEqualTo(16);
    assertThat(dst)
        .isEqualTo(
            Fixtures.bytes("00 00 20 01", "fe 80 00 00 00 00 00 00 50 54 00 ff fe 12 34 56"));
    assertThatThrownBy(() -> reader.copyLinkAddress(dst, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void options_relay_walksRelayOptionsInOrder() {
    reader.wrap(RELAYED_SOLICIT, 0, RELAYED_SOLICIT.length).options(options);

    assertThat(options.next()).isTrue();
    assertThat(options.code()).isEqualTo(18);
    assertThat(options.optionOffset()).isEqualTo(34);
    assertThat(options.valueOffset()).isEqualTo(38);
    assertThat(options.valueToArray()).isEqualTo(Fixtures.bytes(Fixtures.ascii("eth0")));
    assertThat(options.next()).isTrue();
    assertThat(options.code()).isEqualTo(79);
    assertThat(options.option()).isSameAs(OptionCode.CLIENT_LINKLAYER_ADDR);
    assertThat(options.uint16At(0)).isEqualTo(1);
    assertThat(options.length()).isEqualTo(8);
    assertThat(options.valueOffset()).isEqualTo(46);
    byte[] value = new byte[10];
    assertThat(options.copyValue(value, 2)).isEqualTo(8);
    assertThat(value).isEqualTo(Fixtures.bytes("00 00", "00 01", "52 54 00 12 34 56"));
    assertThat(options.next()).isTrue();
    assertThat(options.code()).isEqualTo(9);
    assertThat(options.optionOffset()).isEqualTo(54);
    assertThat(options.length()).isEqualTo(24);
    assertThat(options.next()).isFalse();
    assertThat(options.status()).isEqualTo(DecodeStatus.OK);
  }

  @Test
  void wrapRelayMessage_anotherReader_readsInnerSolicitAndKeepsOuter() {
    reader.wrap(RELAYED_SOLICIT, 0, RELAYED_SOLICIT.length).options(options);
    while (options.next() && options.code() != 9) {
      // skip to the relay message
    }
    MessageReader inner = new MessageReader().wrapRelayMessage(options);

    assertThat(inner.status()).isEqualTo(DecodeStatus.OK);
    assertThat(inner.messageType()).isSameAs(MessageType.SOLICIT);
    assertThat(inner.transactionId()).isEqualTo(0xabcdef);
    assertThat(inner.offset()).isEqualTo(58);
    assertThat(inner.length()).isEqualTo(24);
    assertThat(inner.relayDepth()).isEqualTo(1);
    assertThat(reader.hopCount()).isZero();

    OptionIterator innerOptions = inner.options(new OptionIterator());
    assertThat(innerOptions.relayDepth()).isEqualTo(1);
    assertThat(innerOptions.next()).isTrue();
    assertThat(innerOptions.code()).isEqualTo(1);
    assertThat(innerOptions.optionOffset()).isEqualTo(62);
    assertThat(innerOptions.next()).isTrue();
    assertThat(innerOptions.code()).isEqualTo(8);
    assertThat(innerOptions.optionOffset()).isEqualTo(76);
    assertThat(innerOptions.uint16()).isEqualTo(100);
    assertThat(innerOptions.next()).isFalse();
    assertThat(innerOptions.status()).isEqualTo(DecodeStatus.OK);
  }

  @Test
  void enterRelayMessage_twoRelays_movesOneLevelAtATime() {
    reader.wrap(TWO_RELAYS, 0, TWO_RELAYS.length);
    assertThat(reader.hopCount()).isEqualTo(1);
    assertThat(reader.linkAddressHigh()).isEqualTo(0x2001_0db8_0002_0000L);

    assertThat(reader.enterRelayMessage(options)).isTrue();
    assertThat(reader.offset()).isEqualTo(38);
    assertThat(reader.hopCount()).isZero();
    assertThat(reader.linkAddressHigh()).isEqualTo(0x2001_0db8_0001_0000L);
    assertThat(reader.relayDepth()).isEqualTo(1);

    assertThat(reader.enterRelayMessage(options)).isTrue();
    assertThat(reader.offset()).isEqualTo(96);
    assertThat(reader.transactionId()).isEqualTo(0xabcdef);
    assertThat(reader.relayDepth()).isEqualTo(2);

    assertThat(reader.enterRelayMessage(options)).isFalse();
    assertThat(reader.status()).isEqualTo(DecodeStatus.OK);
  }

  @Test
  void innermost_twoRelays_reachesClientSolicit() {
    reader.wrap(TWO_RELAYS, 0, TWO_RELAYS.length);

    assertThat(reader.innermost(options)).isTrue();
    assertThat(reader.messageType()).isSameAs(MessageType.SOLICIT);
    assertThat(reader.offset()).isEqualTo(96);
    assertThat(reader.length()).isEqualTo(24);
    assertThat(reader.relayDepth()).isEqualTo(2);
  }

  @Test
  void innermost_clientMessage_staysAndSucceeds() {
    reader.wrap(SOLICIT, 0, SOLICIT.length);

    assertThat(reader.innermost(options)).isTrue();
    assertThat(reader.offset()).isZero();
  }

  @Test
  void wrapRelayMessage_iteratorNotOnOption9_throws() {
    reader.wrap(RELAYED_SOLICIT, 0, RELAYED_SOLICIT.length).options(options);
    MessageReader inner = new MessageReader();

    assertThatThrownBy(() -> inner.wrapRelayMessage(options))
        .isInstanceOf(IllegalStateException.class);
    assertThat(options.next()).isTrue();
    assertThatThrownBy(() -> inner.wrapRelayMessage(options))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("relay message option (9)");
  }

  @Test
  void wrap_outsideBuffer_throwsIndexOutOfBounds() {
    assertThatThrownBy(() -> reader.wrap(SOLICIT, 1, SOLICIT.length))
        .isInstanceOf(IndexOutOfBoundsException.class);
    ByteBuffer buffer = ByteBuffer.wrap(SOLICIT).limit(100);
    assertThatThrownBy(() -> reader.wrap(buffer, 0, SOLICIT.length))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void wrap_reusedReader_forgetsPreviousMessage() {
    reader.wrap(new byte[3], 0, 3);
    assertThat(reader.status()).isEqualTo(DecodeStatus.TRUNCATED_HEADER);

    reader.wrap(SOLICIT, 0, SOLICIT.length);

    assertThat(reader.status()).isEqualTo(DecodeStatus.OK);
    assertThat(reader.errorOffset()).isEqualTo(-1);
    assertThat(reader.transactionId()).isEqualTo(0x123456);
  }

  @ParameterizedTest
  @EnumSource(BufferKind.class)
  void walk_everyBufferKind_sameTraceAndBytesUntouched(BufferKind kind) {
    BufferKind.Placed placed = kind.place(TWO_RELAYS);
    Walker walker = new Walker();

    String trace = walker.trace(placed.wrap(reader));

    assertThat(walker.status).isEqualTo(DecodeStatus.OK);
    assertThat(trace)
        .isEqualTo(
            String.join(
                "\n",
                "msg 12 @0 hop 1",
                "  9@34+82",
                "msg 12 @38 hop 0",
                "  18@72+4",
                "  79@80+8",
                "  9@92+24",
                "msg 1 @96",
                "  1@100+10",
                "  8@114+2",
                ""));
    placed.assertUntouched();
  }

  @ParameterizedTest
  @EnumSource(BufferKind.class)
  void header_everyBufferKind_readsAbsolute(BufferKind kind) {
    BufferKind.Placed placed = kind.place(RELAYED_SOLICIT);

    placed.wrap(reader);

    assertThat(reader.peerAddressLow()).isEqualTo(0x5054_00ff_fe12_3456L);
    assertThat(reader.innermost(options)).isTrue();
    assertThat(reader.transactionId()).isEqualTo(0xabcdef);
    assertThat(reader.offset()).isEqualTo(BufferKind.OFFSET + 58);
    placed.assertUntouched();
  }
}
