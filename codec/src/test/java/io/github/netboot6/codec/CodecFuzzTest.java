package io.github.netboot6.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.netboot6.codec.model.DhcpMessage;
import io.github.netboot6.codec.model.DhcpOption;
import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.core.identity.ClientFacts;
import java.util.Arrays;

/**
 * Coverage-guided fuzz tests of the codec (Jazzer). The contract under test: on any bytes the
 * flyweights never throw, every problem is a {@link DecodeStatus} whose offset lies inside the
 * input and whose {@code toException()} is a {@link MalformedValueException}; a message that
 * decodes without a problem re-encodes byte for byte, through the flyweights and through the
 * immutable model.
 *
 * <p>In {@code ./mvnw verify} each target replays its inputs in {@code
 * src/test/resources/io/github/netboot6/codec/CodecFuzzTestInputs/<target>/} (the public vectors
 * and the hand-made fixtures) as a regression test. To fuzz one target for its {@code maxDuration}
 * (10 minutes): {@code JAZZER_FUZZ=1 ./mvnw -pl codec test -Dtest=CodecFuzzTest#walk}. The corpus
 * grows in {@code codec/.cifuzz-corpus/} (not committed); a finding is written into the inputs
 * folder above and replayed by every later build. The debug checks are on in tests, so a read
 * outside the wrapped bytes is a finding too.
 */
class CodecFuzzTest {
  private final MessageReader reader = new MessageReader();
  private final MessageReader lenientReader = new MessageReader().profile(DecodeProfile.LENIENT);
  private final OptionIterator iterator = new OptionIterator();
  private final Walker walker = new Walker();
  private final Walker depthFirst = new Walker(true);
  private final FactsExtractor extractor = new FactsExtractor();
  private final FactsExtractor lenientExtractor =
      new FactsExtractor().profile(DecodeProfile.LENIENT);
  private final ClientFacts facts = new ClientFacts();
  private final MessageWriter writer = new MessageWriter();

  /** The reader walks every option, nested option and relay level of any bytes without throwing. */
  @FuzzTest(maxDuration = "10m")
  void walk(FuzzedDataProvider data) {
    byte[] input = data.consumeRemainingAsBytes();
    // At a non-zero offset, so that an offset relative to the wrong base shows.
    byte[] placed = new byte[input.length + 5];
    System.arraycopy(input, 0, placed, 3, input.length);
    DecodeStatus status = walker.walk(reader.wrap(placed, 3, input.length));
    if (status != DecodeStatus.OK) {
      assertInside(walker.errorOffset, 3, input.length);
    }
    String trace = walker.trace(reader.wrap(placed, 3, input.length));
    if (status != DecodeStatus.OK) {
      assertThat(walker.errorMessage).isNotEmpty();
    }
    // One depth-first iterator walks exactly as an iterator per level, in both profiles.
    assertThat(depthFirst.trace(reader.wrap(placed, 3, input.length))).isEqualTo(trace);
    assertThat(depthFirst.status).isEqualTo(status);
    assertThat(depthFirst.errorOffset).isEqualTo(walker.errorOffset);
    String lenientTrace = walker.trace(lenientReader.wrap(placed, 3, input.length));
    assertThat(depthFirst.trace(lenientReader.wrap(placed, 3, input.length)))
        .isEqualTo(lenientTrace);
    assertThat(depthFirst.status).isEqualTo(walker.status);
    // Typed reads and format checks of every top-level option never throw either.
    reader.wrap(placed, 3, input.length);
    reader.options(iterator);
    while (iterator.next()) {
      boolean fits = iterator.checkFormat();
      long sum = iterator.uint8() + iterator.uint16() + iterator.uint32() + iterator.uint32At(4);
      sum += iterator.addressHigh(1) + iterator.addressLow(1) + iterator.uint8At(3);
      assertThat(sum + (fits ? 1 : 0)).isNotNull();
      if (iterator.status() != DecodeStatus.OK) {
        assertInside(iterator.errorOffset(), 3, input.length);
        assertThat(iterator.toException()).isInstanceOf(MalformedValueException.class);
      }
    }
    if (iterator.status() != DecodeStatus.OK) {
      assertInside(iterator.errorOffset(), 3, input.length);
    }
    reader.wrap(placed, 3, input.length);
    if (!reader.innermost(iterator)) {
      assertInside(reader.errorOffset(), 3, input.length);
      assertThat(reader.toException()).isInstanceOf(MalformedValueException.class);
    }
    // Lenient: never a framing problem, and what strict walks without one, lenient walks the same.
    DecodeStatus lenient = walker.walk(lenientReader.wrap(placed, 3, input.length));
    assertThat(lenient)
        .isNotIn(DecodeStatus.TRUNCATED_OPTION_HEADER, DecodeStatus.OPTION_OVERRUNS_CONTAINER);
    if (status == DecodeStatus.OK) {
      assertThat(lenient).isEqualTo(DecodeStatus.OK);
    }
  }

  /** Facts extraction of any bytes never throws, and reports problems inside the input. */
  @FuzzTest(maxDuration = "10m")
  void facts(FuzzedDataProvider data) {
    byte[] input = data.consumeRemainingAsBytes();
    DecodeStatus lenient = lenientExtractor.extract(input, 0, input.length, facts);
    if (lenient != DecodeStatus.OK) {
      assertInside(lenientExtractor.errorOffset(), 0, input.length);
    }
    DecodeStatus status = extractor.extract(input, 0, input.length, facts);
    assertThat(extractor.status()).isEqualTo(status);
    if (status != DecodeStatus.OK) {
      assertInside(extractor.errorOffset(), 0, input.length);
      assertThat(extractor.toException()).isInstanceOf(MalformedValueException.class);
    } else {
      assertThat(facts.messageType()).isBetween(0, 255);
      assertThat(facts.relayCount()).isBetween(0, MessageReader.MAX_RELAY_DEPTH);
    }
    // The extractor does not descend into IA_NA and the like, so it may accept what a full walk
    // rejects (found by this target); the converse holds: on a message that walks, it only adds
    // format checks.
    if (walker.walk(reader.wrap(input, 0, input.length)) == DecodeStatus.OK) {
      assertThat(status).isIn(DecodeStatus.OK, DecodeStatus.BAD_LENGTH_FOR_FORMAT);
    }
  }

  /**
   * A message that walks without a problem re-encodes byte for byte: headers from the reader's
   * fields, relay messages and container options re-opened with their lengths patched on close,
   * every other option copied.
   */
  @FuzzTest(maxDuration = "10m")
  void roundTrip(FuzzedDataProvider data) {
    byte[] input = data.consumeRemainingAsBytes();
    if (walker.walk(reader.wrap(input, 0, input.length)) != DecodeStatus.OK) {
      return;
    }
    byte[] out = new byte[input.length + 8];
    writer.wrap(out, 0, out.length);
    message(reader.wrap(input, 0, input.length));
    int length = writer.finish();
    assertThat(length).isEqualTo(input.length);
    assertThat(Arrays.copyOf(out, length)).isEqualTo(input);
  }

  /**
   * The immutable model decodes any bytes into a message that re-encodes byte for byte, or throws
   * {@link MalformedValueException}, and nothing else; whatever the flyweights walk whole, it
   * decodes; nested options of its containers decode or throw the same exception.
   */
  @FuzzTest(maxDuration = "10m")
  void model(FuzzedDataProvider data) {
    byte[] input = data.consumeRemainingAsBytes();
    boolean walks = walker.walk(reader.wrap(input, 0, input.length)) == DecodeStatus.OK;
    DhcpMessage message;
    try {
      message = DhcpMessage.decode(input);
    } catch (MalformedValueException e) {
      assertThat(walks).as("the flyweights walk what the model rejects: %s", e).isFalse();
      return;
    }
    assertThat(message.toBytes()).isEqualTo(input);
    for (DhcpOption option : message.options()) {
      if (option.hasNestedOptions()) {
        try {
          assertThat(option.nestedOptions()).isNotNull();
        } catch (MalformedValueException e) {
          assertThat(walks).as("the flyweights walk what the model rejects: %s", e).isFalse();
        }
      }
    }
  }

  // Recursive, bounded by the relay depth (32) and the option depth (8) that the walk checked.
  private void message(MessageReader message) {
    if (message.isRelay()) {
      writer.relayHeader(
          message.messageTypeCode(),
          message.hopCount(),
          message.linkAddressHigh(),
          message.linkAddressLow(),
          message.peerAddressHigh(),
          message.peerAddressLow());
    } else {
      writer.header(message.messageTypeCode(), message.transactionId());
    }
    OptionIterator options = message.options(new OptionIterator());
    boolean entered = false;
    while (options.next()) {
      if (message.isRelay() && !entered && options.code() == 9) {
        entered = true;
        writer.beginRelayMessage();
        message(new MessageReader().wrapRelayMessage(options));
        writer.endOption();
      } else {
        option(options);
      }
    }
    assertThat(options.status()).isEqualTo(DecodeStatus.OK);
  }

  private void option(OptionIterator options) {
    if (!options.hasNestedOptions()) {
      writer.copyOption(options);
      return;
    }
    int header = options.option().nestedOptionsOffset();
    byte[] fixed = new byte[options.length()];
    options.copyValue(fixed, 0);
    writer.beginOption(options.code()).bytes(fixed, 0, header);
    OptionIterator nested = options.nested(new OptionIterator());
    while (nested.next()) {
      option(nested);
    }
    assertThat(nested.status()).isEqualTo(DecodeStatus.OK);
    writer.endOption();
  }

  private static void assertInside(int offset, int start, int length) {
    assertThat(offset).isBetween(start, start + length);
  }
}
