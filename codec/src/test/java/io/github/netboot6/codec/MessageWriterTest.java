package io.github.netboot6.codec;

import static io.github.netboot6.codec.Fixtures.ascii;
import static io.github.netboot6.codec.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageWriterTest {
  static final Duid SERVER_DUID = Duid.ll(1, MacAddress.parse("02:00:5e:00:00:01"));
  static final String BOOT_URL = "http://[2001:db8::1]/boot.ipxe";

  /** The Advertise that answers {@link Fixtures#SOLICIT}: 132 bytes. */
  static final byte[] ADVERTISE =
      bytes(
          "02", // 0: msg-type ADVERTISE (2)
          "12 34 56", // 1: transaction-id, the Solicit's
          // 4: Client Identifier, copied from the Solicit
          "00 01", // option-code 1
          "00 0e", // option-len 14
          "00 01 00 01 2a 2b 2c 2d 52 54 00 12 34 56", // 8: the client's DUID-LLT
          // 22: Server Identifier (RFC 8415 §21.3)
          "00 02", // option-code 2
          "00 0a", // option-len 10
          "00 03", // 26: DUID type 3, DUID-LL
          "00 01", // hardware type 1
          "02 00 5e 00 00 01", // 30: link-layer address
          // 36: IA_NA (§21.4)
          "00 03", // option-code 3
          "00 28", // option-len 40 = 12 + IAADDR (4 + 24)
          "00 00 00 01", // 40: IAID 1
          "00 00 0e 10", // T1 3600
          "00 00 15 18", // T2 5400
          // 52: IAADDR (§21.6)
          "00 05", // option-code 5
          "00 18", // option-len 24
          "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 08", // 56: 2001:db8::8
          "00 00 1c 20", // 72: preferred-lifetime 7200
          "00 00 2a 30", // 76: valid-lifetime 10800
          // 80: Status Code (§21.13)
          "00 0d", // option-code 13
          "00 09", // option-len 9
          "00 00", // 84: status-code 0, Success
          ascii("Success"), // 86: status-message
          // 93: Preference (§21.8)
          "00 07", // option-code 7
          "00 01", // option-len 1
          "ff", // 97: 255
          // 98: Boot File URL (RFC 5970 §3.1)
          "00 3b", // option-code 59
          "00 1e", // option-len 30
          ascii(BOOT_URL)); // 102: the URL, to 132

  /** The reply to {@link Fixtures#TWO_RELAYS}, with one Preference option: 121 bytes. */
  static final byte[] RELAYED_ADVERTISE =
      bytes(
          "0d", // 0: msg-type RELAY-REPL (13)
          "01", // 1: hop-count, copied
          "20 01 0d b8 00 02 00 00 00 00 00 00 00 00 00 01", // 2: link-address, copied
          "20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01", // 18: peer-address, copied
          // 34: Relay Message (the outer relay sent no Interface-Id)
          "00 09", // option-code 9
          "00 53", // option-len 83
          "0d", // 38: msg-type RELAY-REPL
          "00", // 39: hop-count 0
          "20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01", // 40: link-address
          "fe 80 00 00 00 00 00 00 50 54 00 ff fe 12 34 56", // 56: peer, the client
          // 72: Interface-Id, echoed (RFC 8415 §21.18); option 79 is not
          "00 12", // option-code 18
          "00 04", // option-len 4
          ascii("eth0"), // 76
          // 80: Relay Message
          "00 09", // option-code 9
          "00 25", // option-len 37
          "02", // 84: msg-type ADVERTISE
          "ab cd ef", // 85: transaction-id
          "00 01 00 0a 00 03 00 01 52 54 00 12 34 56", // 88: Client Identifier, copied
          "00 02 00 0a 00 03 00 01 02 00 5e 00 00 01", // 102: Server Identifier
          "00 07 00 01 00"); // 116: Preference 0, to 121

  private final MessageWriter writer = new MessageWriter();
  private final MessageReader reader = new MessageReader();
  private final OptionIterator options = new OptionIterator();

  /** Writes {@link #ADVERTISE} into whatever the writer wraps. */
  static int writeAdvertise(MessageWriter writer, MessageReader solicit) {
    writer.startReply(solicit, SERVER_DUID);
    writer
        .beginIaNa(1, 3600, 5400)
        .iaAddress(Ipv6Address.parse("2001:db8::8"), 7200, 10800)
        .endOption()
        .statusCode(0, "Success")
        .preference(255)
        .bootFileUrl(BOOT_URL);
    return writer.finish();
  }

  @Test
  void startReply_solicit_writesAdvertiseByteExact() {
    byte[] out = new byte[200];
    reader.wrap(Fixtures.SOLICIT, 0, Fixtures.SOLICIT.length);

    int length = writeAdvertise(writer.wrap(out, 0, out.length), reader);

    assertThat(length).isEqualTo(ADVERTISE.length).isEqualTo(writer.encodedLength());
    assertThat(Arrays.copyOf(out, length)).isEqualTo(ADVERTISE);
    assertThat(reader.offset()).isZero();
    assertThat(reader.messageTypeCode()).isEqualTo(1);
  }

  @Test
  void startReply_twoRelays_writesRelayReplChainEchoingInterfaceId() {
    byte[] out = new byte[200];
    reader.wrap(Fixtures.TWO_RELAYS, 0, Fixtures.TWO_RELAYS.length);

    assertThat(writer.wrap(out, 0, out.length).startReply(reader, SERVER_DUID)).isTrue();
    assertThat(writer.openOptions()).isEqualTo(2);
    int length = writer.preference(0).finish();

    assertThat(Arrays.copyOf(out, length)).isEqualTo(RELAYED_ADVERTISE);
    assertThat(reader.isRelay()).isTrue();
    assertThat(reader.hopCount()).isEqualTo(1);
  }

  @Test
  void startReply_everyRequestType_getsAdvertiseOrReply() {
    int[][] pairs = {{1, 2}, {3, 7}, {4, 7}, {5, 7}, {6, 7}, {8, 7}, {9, 7}, {11, 7}};
    for (int[] pair : pairs) {
      byte[] request = bytes(String.format(java.util.Locale.ROOT, "%02x", pair[0]), "0a 0b 0c");
      byte[] out = new byte[64];
      reader.wrap(request, 0, request.length);
      assertThat(writer.wrap(out, 0, out.length).startReply(reader, SERVER_DUID)).isTrue();
      int length = writer.finish();
      // Information-Request may come without a Client Identifier: nothing to copy.
      assertThat(Arrays.copyOf(out, length))
          .as("reply to %s", pair[0])
          .isEqualTo(
              Fixtures.concat(
                  bytes(String.format(java.util.Locale.ROOT, "%02x", pair[1]), "0a 0b 0c"),
                  bytes("00 02 00 0a 00 03 00 01 02 00 5e 00 00 01")));
    }
    assertThat(MessageWriter.replyType(1)).isEqualTo(2);
    assertThat(MessageWriter.replyType(2)).isEqualTo(-1);
    assertThat(MessageWriter.replyType(12)).isEqualTo(-1);
  }

  @Test
  void startReply_chosenReplyType_rapidCommitSolicitGetsReply() {
    byte[] out = new byte[200];
    reader.wrap(Fixtures.SOLICIT, 0, Fixtures.SOLICIT.length);

    assertThat(writer.wrap(out, 0, out.length).startReply(reader, 7, SERVER_DUID)).isTrue();

    assertThat(out[0]).isEqualTo((byte) 7);
  }

  @Test
  void startReply_notARequestOrMalformed_returnsFalseAndLeavesWriterEmpty() {
    byte[][] unanswerable = {
      bytes("02 00 00 01"), // an Advertise
      bytes("07 00 00 01"), // a Reply
      bytes("0d 00", "00".repeat(32), "00 09 00 04", "01 00 00 01"), // Relay-Repl from a client
      bytes("0c 00", "00".repeat(32)), // Relay-Forw without a Relay Message
      bytes("01 00"), // truncated header
      bytes("01 00 00 01 00 01 00 09 00"), // option overruns the message
      Arrays.copyOf(Fixtures.TWO_RELAYS, 100), // truncated inside the relay chain
    };
    for (byte[] request : unanswerable) {
      byte[] out = new byte[200];
      reader.wrap(request, 0, request.length);
      assertThat(writer.wrap(out, 0, out.length).startReply(reader, SERVER_DUID))
          .as(Arrays.toString(request))
          .isFalse();
      assertThat(writer.encodedLength()).isZero();
      assertThat(writer.openOptions()).isZero();
      assertThat(writer.overflowed()).isFalse();
    }
  }

  @Test
  void startReply_afterAWrite_throws() {
    reader.wrap(Fixtures.SOLICIT, 0, Fixtures.SOLICIT.length);
    writer.wrap(new byte[200], 0, 200).header(2, 1);

    assertThatThrownBy(() -> writer.startReply(reader, SERVER_DUID))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("first write");
  }

  @Test
  void roundTrip_advertise_threeNumbersAgree() {
    byte[] out = new byte[200];
    reader.wrap(Fixtures.SOLICIT, 0, Fixtures.SOLICIT.length);
    int written = writeAdvertise(writer.wrap(out, 0, out.length), reader);

    Walker walker = new Walker();
    assertThat(walker.walk(reader.wrap(out, 0, written))).isEqualTo(DecodeStatus.OK);
    int read = reader.optionsOffset() - reader.offset();
    reader.options(options);
    int last = 0;
    while (options.next()) {
      last = options.valueOffset() + options.length();
    }
    read = last;

    assertThat(written).isEqualTo(ADVERTISE.length).isEqualTo(read);
    assertThat(walker.options).isEqualTo(7);
    reader.wrap(out, 0, written).options(options);
    assertThat(options.next()).isTrue();
    assertThat(options.code()).isEqualTo(1);
  }

  @Test
  void beginOption_nested_backPatchesEveryLength() {
    byte[] out = new byte[100];
    writer.wrap(out, 0, out.length).header(7, 0x010203);
    writer.beginOption(17).uint32(343);
    writer.beginOption(1).beginOption(2).uint8(9).endOption().endOption();
    writer.endOption();

    assertThat(Arrays.copyOf(out, writer.finish()))
        .isEqualTo(
            bytes(
                "07 01 02 03", // Reply, transaction-id
                "00 11 00 0d", // Vendor-specific Information, 13 = 4 + 9
                "00 00 01 57", // enterprise-number 343
                "00 01 00 05", // sub-option 1, 5 bytes
                "00 02 00 01", // sub-option 2 inside it, 1 byte
                "09"));
  }

  @Test
  void typedWriters_matchTheirRfcLayouts() {
    byte[] out = new byte[300];
    writer.wrap(out, 0, out.length).header(MessageType.REPLY, 0xffffff);
    writer
        .clientId(new byte[] {0, 3, 0, 1, 1, 2, 3, 4, 5, 6}, 0, 10)
        .elapsedTime(65535)
        .optionRequest(23, 59, 60)
        .dnsServers(Ipv6Address.parse("2001:db8::53"), Ipv6Address.parse("2001:db8::54"))
        .bootFileParameters("root=/dev/nfs", "ü")
        .vendorClass(343, "HTTPClient")
        .interfaceId(new byte[] {'e', 't', 'h', '1'}, 0, 4)
        .beginIaPd(7, 0, 0)
        .iaPrefix(100, 200, 56, Ipv6Address.parse("2001:db8:0:100::"))
        .endOption()
        .writeRawOption(0xfffe, (byte) 1, (byte) 2)
        .relayMessage(new byte[] {1, 0, 0, 1}, 0, 4);

    assertThat(Arrays.copyOf(out, writer.finish()))
        .isEqualTo(
            bytes(
                "07 ff ff ff", // Reply, transaction-id 0xffffff
                "00 01 00 0a 00 03 00 01 01 02 03 04 05 06", // Client Identifier
                "00 08 00 02 ff ff", // Elapsed Time 65535
                "00 06 00 06 00 17 00 3b 00 3c", // ORO 23, 59, 60
                "00 17 00 20", // DNS servers, 2 addresses
                "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 53",
                "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 54",
                "00 3c 00 13", // Boot File Parameters, 19 = 2 + 13 + 2 + 2
                "00 0d", // length 13
                ascii("root=/dev/nfs"),
                "00 02 c3 bc", // length 2, "ü" in UTF-8
                "00 10 00 10", // Vendor Class, 16 = 4 + 2 + 10
                "00 00 01 57 00 0a", // enterprise 343, item length 10
                ascii("HTTPClient"),
                "00 12 00 04", // Interface-Id
                ascii("eth1"),
                "00 19 00 29", // IA_PD, 41 = 12 + 29
                "00 00 00 07 00 00 00 00 00 00 00 00", // IAID 7, T1 0, T2 0
                "00 1a 00 19", // IAPREFIX, 25
                "00 00 00 64 00 00 00 c8 38", // preferred 100, valid 200, /56
                "20 01 0d b8 00 00 01 00 00 00 00 00 00 00 00 00", // 2001:db8:0:100::
                "ff fe 00 02 01 02", // a raw option
                "00 09 00 04 01 00 00 01")); // Relay Message holding a 4-byte Solicit
  }

  @Test
  void utf8_surrogatePairsAndUnpairedSurrogates_matchTheJdk() {
    String text = "a\u00e9\u20ac\ud83d\ude00\ud800z";
    byte[] out = new byte[40];
    int length = writer.wrap(out, 0, out.length).utf8(text).encodedLength();

    byte[] jdk = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Arrays.copyOf(out, length)).isEqualTo(jdk);
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void utf8_everyCapacity_asciiAndNonAsciiTextsFitOrOverflowCleanly(Target target) {
    // ASCII goes out in one pass; a text with a later non-ASCII char is re-measured and rewritten,
    // even when its chars would fit the room and its UTF-8 bytes do not.
    for (String text : new String[] {"http://[2001:db8::1]/boot.ipxe", "boot-\u00e9t\u00e9.efi"}) {
      byte[] expected = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      for (int capacity = 0; capacity <= expected.length + 1; capacity++) {
        Output output = target.wrap(writer, capacity);

        writer.utf8(text);

        boolean fits = expected.length <= capacity;
        assertThat(writer.overflowed()).as("%s in %s bytes", text, capacity).isEqualTo(!fits);
        assertThat(writer.encodedLength()).isEqualTo(fits ? expected.length : 0);
        if (fits) {
          output.assertHolds(expected);
        } else {
          output.assertHoldsPrefix(expected, 0); // nothing written outside the capacity
        }
      }
    }
  }

  @Test
  void encapsulate_wrapsTheMessageInPlace() {
    byte[] out = new byte[100];
    writer.wrap(out, 3, 90).header(7, 1).preference(1);
    writer.encapsulate(13, 0, Ipv6Address.parse("2001:db8:1::1"), Ipv6Address.parse("fe80::1"));

    assertThat(Arrays.copyOfRange(out, 3, 3 + writer.finish()))
        .isEqualTo(
            bytes(
                "0d 00", // Relay-Repl, hop-count 0
                "20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 01",
                "fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01",
                "00 09 00 09", // Relay Message, 9 bytes
                "07 00 00 01 00 07 00 01 01")); // the Reply
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void everyBufferKind_writesTheSameBytesAndTouchesNothingElse(Target target) {
    reader.wrap(Fixtures.SOLICIT, 0, Fixtures.SOLICIT.length);
    Output output = target.wrap(writer, ADVERTISE.length);

    int length = writeAdvertise(writer, reader);

    assertThat(length).isEqualTo(ADVERTISE.length);
    assertThat(writer.overflowed()).isFalse();
    output.assertHolds(ADVERTISE);
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void tooSmall_everyCapacity_overflowsWithoutWritingOutsideIt(Target target) {
    for (int capacity = 0; capacity < ADVERTISE.length; capacity++) {
      Output output = target.wrap(writer, capacity);
      reader.wrap(Fixtures.SOLICIT, 0, Fixtures.SOLICIT.length);

      int length = writeAdvertise(writer, reader);

      assertThat(length).as("capacity %s", capacity).isEqualTo(-1);
      assertThat(writer.overflowed()).isTrue();
      assertThat(writer.encodedLength()).isLessThanOrEqualTo(capacity);
      assertThat(writer.openOptions()).isZero();
      output.assertHoldsPrefix(ADVERTISE, writer.encodedLength());
    }
  }

  @Test
  void overflow_laterWritesAreIgnoredEvenIfTheyWouldFit() {
    byte[] out = new byte[10];
    writer.wrap(out, 0, 10).header(2, 1).writeRawOption(99, new byte[4]);

    assertThat(writer.overflowed()).isTrue();
    assertThat(writer.encodedLength()).isEqualTo(4);
    writer.preference(1);
    assertThat(writer.encodedLength()).isEqualTo(4);
    assertThat(writer.finish()).isEqualTo(-1);
    assertThat(writer.wrap(out, 0, 10).overflowed()).isFalse();
  }

  @Test
  void callOrderErrors_throw() {
    writer.wrap(new byte[100_000], 0, 100_000);
    assertThatThrownBy(writer::endOption)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without a matching beginOption");
    for (int i = 0; i < MessageWriter.MAX_OPEN_OPTIONS; i++) {
      writer.beginOption(1);
    }
    assertThatThrownBy(() -> writer.beginOption(1)).isInstanceOf(IllegalStateException.class);

    writer.wrap(new byte[100_000], 0, 100_000).beginOption(1).bytes(new byte[65_536], 0, 65_536);
    assertThatThrownBy(writer::endOption)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("option value of 65536 bytes (expected: <= 65535) at offset 0");
    writer.wrap(new byte[10], 0, 10).beginOption(1);
    assertThatThrownBy(() -> writer.encapsulate(13, 0, Ipv6Address.LOOPBACK, Ipv6Address.LOOPBACK))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void badValues_throwIllegalArgument() {
    writer.wrap(new byte[100], 0, 100);
    assertThatThrownBy(() -> writer.header(256, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.header(1, 0x1000000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transaction-id: 16777216 (expected: 0 to 0xffffff)");
    assertThatThrownBy(() -> writer.uint16(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.uint32(1L << 32)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.beginOption(65536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.iaPrefix(0, 0, 129, Ipv6Address.LOOPBACK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.relayHeader(12, 256, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(writer.encodedLength()).isZero();
  }

  @Test
  void wrap_readOnlyBufferOrOutOfBounds_throws() {
    assertThatThrownBy(() -> writer.wrap(ByteBuffer.allocate(10).asReadOnlyBuffer(), 0, 10))
        .isInstanceOf(ReadOnlyBufferException.class);
    assertThatThrownBy(() -> writer.wrap(new byte[10], 5, 6))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> writer.wrap(ByteBuffer.allocate(10).limit(8), 0, 9))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  /** Every kind of output: a message at a non-zero offset between guard bytes. */
  enum Target {
    ARRAY_AT_OFFSET,
    HEAP_BUFFER,
    SLICED_HEAP_BUFFER,
    DIRECT_BUFFER;

    static final int OFFSET = 7;
    private static final int TAIL = 9;
    private static final byte GUARD = (byte) 0xa5;

    Output wrap(MessageWriter writer, int capacity) {
      int size = OFFSET + capacity + TAIL;
      byte[] array = new byte[size];
      Arrays.fill(array, GUARD);
      ByteBuffer buffer;
      switch (this) {
        case ARRAY_AT_OFFSET -> {
          writer.wrap(array, OFFSET, capacity);
          return new Output(array, null, capacity);
        }
        case SLICED_HEAP_BUFFER -> {
          byte[] larger = new byte[size + 3];
          Arrays.fill(larger, GUARD);
          buffer = ByteBuffer.wrap(larger).slice(3, size);
        }
        case DIRECT_BUFFER -> buffer = ByteBuffer.allocateDirect(size).put(array);
        default -> buffer = ByteBuffer.wrap(array);
      }
      buffer.order(ByteOrder.LITTLE_ENDIAN).limit(size - 2).position(OFFSET + 1);
      writer.wrap(buffer, OFFSET, capacity);
      return new Output(array, buffer, capacity);
    }
  }

  /** What a {@link Target} wrapped, to check afterwards. */
  static final class Output {
    private final byte[] array;
    private final @org.jspecify.annotations.Nullable ByteBuffer buffer;
    private final int capacity;

    Output(byte[] array, @org.jspecify.annotations.Nullable ByteBuffer buffer, int capacity) {
      this.array = array;
      this.buffer = buffer;
      this.capacity = capacity;
    }

    /** The whole output, guard bytes included; checks a buffer's position, limit and order. */
    byte[] image() {
      ByteBuffer b = buffer;
      if (b == null) {
        return array.clone();
      }
      int size = array.length;
      assertThat(b.position()).isEqualTo(Target.OFFSET + 1);
      assertThat(b.limit()).isEqualTo(size - 2);
      assertThat(b.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
      byte[] now = new byte[size];
      b.limit(size);
      b.get(0, now, 0, size);
      b.limit(size - 2);
      return now;
    }

    /** The message area holds {@code message}; the guard bytes around it are untouched. */
    void assertHolds(byte[] message) {
      byte[] now = image();
      assertThat(Arrays.copyOfRange(now, Target.OFFSET, Target.OFFSET + message.length))
          .isEqualTo(message);
      assertGuards(now);
    }

    /**
     * The first {@code length} bytes are those of {@code message}, except option-len fields not yet
     * patched (0); the guard bytes around the capacity are untouched.
     */
    void assertHoldsPrefix(byte[] message, int length) {
      byte[] now = image();
      for (int i = 0; i < length; i++) {
        byte b = now[Target.OFFSET + i];
        assertThat(b == message[i] || b == 0).as("byte %s: %s", i, b).isTrue();
      }
      assertGuards(now);
    }

    private void assertGuards(byte[] now) {
      for (int i = 0; i < now.length; i++) {
        if (i < Target.OFFSET || i >= Target.OFFSET + capacity) {
          assertThat(now[i]).as("byte %s outside the capacity", i).isEqualTo((byte) 0xa5);
        }
      }
    }
  }
}
