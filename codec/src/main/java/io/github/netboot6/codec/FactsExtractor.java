package io.github.netboot6.codec;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.core.identity.ClientFacts;
import java.nio.ByteBuffer;

/**
 * Fills a caller's {@link ClientFacts} from a DHCPv6 message, relayed or not, without allocating:
 * what the identity resolver needs to tell which host and which boot phase the request comes from.
 *
 * <p>From the client's message (the innermost one): the message type, the client DUID (option 1,
 * RFC 8415 §21.2; the first one if it is repeated), the IAID of every IA_NA, IA_TA and IA_PD
 * (§21.4, §21.5, §21.21), each item of every User Class (option 15, §21.15), each item of every
 * Vendor Class with its enterprise number (option 16, §21.16), and each code of the Client System
 * Architecture Type (option 61, RFC 5970 §3.3). From each Relay-Forw around it: the link-address
 * and peer-address (RFC 8415 §9), the Interface-Id (option 18), Remote-Id (option 37, RFC 4649),
 * Subscriber-ID (option 38, RFC 4580) and the Ethernet address of the Client Link-Layer Address
 * (option 79, RFC 6939), each with its relay level: 0 is the relay closest to the client, whose
 * peer-address is also recorded as the client's {@linkplain ClientFacts#peerAddress(long, long)
 * link-local address}. Relay options in the client's message, and client options in a relay
 * message, are ignored; so is every other option. {@link ClientFacts} has no field for the Client
 * Network Interface Identifier (option 62), the Option Request (option 6) or the hop count: they
 * are not extracted.
 *
 * <pre>{@code
 * FactsExtractor extractor = new FactsExtractor();  // once per thread, then reused
 * ClientFacts facts = new ClientFacts();
 * if (extractor.extract(datagram, 0, received, facts) != DecodeStatus.OK) {
 *   log(extractor.toException());                   // allocates, only on the error path
 *   return;
 * }
 * Resolution resolution = resolver.resolve(facts, reusedResolution);
 * }</pre>
 *
 * <p><b>Malformed input</b> never makes it throw: {@code extract} returns the {@link DecodeStatus}
 * of the first problem, with {@link #errorOffset()}. The facts are then <em>filled up to the
 * error</em>: they hold what the options walked before the problem said, relays first (outermost to
 * innermost), then the client's message. When the relay chain cannot be followed to the client's
 * message (a truncated header, a relay without or before a readable Relay Message option, nesting
 * deeper than {@link MessageReader#MAX_RELAY_DEPTH}), the relay levels cannot be numbered and the
 * facts stay cleared. Besides the framing problems of {@link OptionIterator}, an option this class
 * reads whose length does not fit its format is {@link DecodeStatus#BAD_LENGTH_FOR_FORMAT}: a
 * client DUID outside {@value Duid#MIN_LENGTH}..{@value Duid#MAX_LENGTH} bytes, an IA shorter than
 * its fixed fields, an item of option 15 or 16 that overruns the option, an odd-length option 61,
 * option 79, 37 or 16 shorter than its fixed fields.
 *
 * <p>Not thread-safe; one instance per thread, reused across messages. The internal copy buffer
 * grows (allocates) only when an option is longer than any seen before.
 */
public final class FactsExtractor {
  private static final int CLIENT_ID = 1;
  private static final int IA_NA = 3;
  private static final int IA_TA = 4;
  private static final int RELAY_MSG = 9;
  private static final int USER_CLASS = 15;
  private static final int VENDOR_CLASS = 16;
  private static final int INTERFACE_ID = 18;
  private static final int IA_PD = 25;
  private static final int REMOTE_ID = 37;
  private static final int SUBSCRIBER_ID = 38;
  private static final int CLIENT_ARCH_TYPE = 61;
  private static final int CLIENT_LINKLAYER_ADDR = 79;
  private static final int ETHERNET = 1;
  private static final int ETHERNET_OPTION_LENGTH = 8;

  private final MessageReader wrapper = new MessageReader();
  private final MessageReader reader = new MessageReader();
  private final OptionIterator options = new OptionIterator();
  private final ByteSource source = new ByteSource();
  private final DecodeError error = new DecodeError();
  private byte[] scratch = new byte[256];

  /** Creates an extractor; reuse it for every message of one thread. */
  public FactsExtractor() {}

  /**
   * Sets the profile for the messages given as bytes to {@link #extract(byte[], int, int,
   * ClientFacts)} and {@link #extract(ByteBuffer, int, int, ClientFacts)}; a message given as a
   * {@link MessageReader} is judged by that reader's profile. {@link DecodeProfile#LENIENT} keeps
   * the facts of every option before a truncation, and accepts an empty remote-id and a vendor
   * class without data.
   *
   * @param profile the profile; {@link DecodeProfile#STRICT} unless set
   * @return this extractor
   */
  @CanIgnoreReturnValue
  public FactsExtractor profile(DecodeProfile profile) {
    wrapper.profile(profile);
    return this;
  }

  /**
   * Clears {@code facts} and fills them from the message of {@code length} bytes at {@code offset}
   * in {@code buffer}.
   *
   * @param buffer the bytes of the message, e.g. a UDP payload; read only
   * @param offset where the message starts
   * @param length the length of the message
   * @param facts the holder to clear and fill
   * @return {@link DecodeStatus#OK}, or the first problem (see the class docs for the facts then)
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} are outside {@code
   *     buffer}
   */
  public DecodeStatus extract(byte[] buffer, int offset, int length, ClientFacts facts) {
    return extract(wrapper.wrap(buffer, offset, length), facts);
  }

  /**
   * Clears {@code facts} and fills them from the message of {@code length} bytes at index {@code
   * offset} of a heap, direct or read-only buffer; the buffer's position and limit are not used.
   *
   * @param buffer the bytes of the message; read only
   * @param offset the buffer index where the message starts
   * @param length the length of the message
   * @param facts the holder to clear and fill
   * @return {@link DecodeStatus#OK}, or the first problem (see the class docs for the facts then)
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} are outside {@code 0 ..
   *     buffer.limit()}
   */
  public DecodeStatus extract(ByteBuffer buffer, int offset, int length, ClientFacts facts) {
    return extract(wrapper.wrap(buffer, offset, length), facts);
  }

  /**
   * Clears {@code facts} and fills them from the message {@code message} wraps, taken as the
   * outermost message: if it is a Relay-Forw, it is the relay farthest from the client. {@code
   * message} itself is not moved.
   *
   * @param message a reader wrapping the message
   * @param facts the holder to clear and fill
   * @return {@link DecodeStatus#OK}, or the first problem (see the class docs for the facts then)
   */
  public DecodeStatus extract(MessageReader message, ClientFacts facts) {
    facts.clear();
    error.clear();
    source.copyFrom(message.source());
    // First pass: count the relay levels, so that each relay's level (0 = closest to the client)
    // is known when its options are read in the second pass, outermost first.
    reader.copyFrom(message);
    if (!reader.innermost(options)) {
      error.copyFrom(reader.error());
      return error.status();
    }
    int startDepth = message.relayDepth();
    int relays = reader.relayDepth() - startDepth;
    reader.copyFrom(message);
    while (reader.isRelay()) {
      int level = relays - 1 - (reader.relayDepth() - startDepth);
      facts.relay(
          level,
          reader.linkAddressHigh(),
          reader.linkAddressLow(),
          reader.peerAddressHigh(),
          reader.peerAddressLow());
      if (level == 0) {
        facts.peerAddress(reader.peerAddressHigh(), reader.peerAddressLow());
      }
      reader.options(options);
      boolean entered = false;
      while (options.next()) {
        if (options.code() == RELAY_MSG) {
          if (!entered) {
            // The iterator keeps walking this relay's options while the reader moves inward.
            reader.wrapRelayMessage(options);
            entered = true;
          }
        } else if (!relayOption(level, facts)) {
          return error.status();
        }
      }
      if (options.status() != DecodeStatus.OK) {
        error.copyFrom(options.error());
        return error.status();
      }
    }
    facts.messageType(reader.messageTypeCode());
    reader.options(options);
    while (options.next()) {
      if (!clientOption(facts)) {
        return error.status();
      }
    }
    error.copyFrom(options.error());
    return error.status();
  }

  /**
   * Returns the status of the last extraction.
   *
   * @return {@link DecodeStatus#OK} or the problem that stopped it
   */
  public DecodeStatus status() {
    return error.status();
  }

  /**
   * Returns the absolute offset of the structure at fault in the last extraction (see {@link
   * DecodeStatus}).
   *
   * @return the offset, or -1 when the status is {@link DecodeStatus#OK}
   */
  public int errorOffset() {
    return error.offset();
  }

  /**
   * Describes the problem of the last extraction as an exception. Allocates: it copies the input to
   * quote it.
   *
   * @return the exception, for the caller to throw
   * @throws IllegalStateException if the status is {@link DecodeStatus#OK}
   */
  public MalformedValueException toException() {
    return error.toException(source);
  }

  private boolean relayOption(int level, ClientFacts facts) {
    switch (options.code()) {
      case INTERFACE_ID ->
          facts.addInterfaceId(level, copy(0, options.length()), 0, options.length());
      case SUBSCRIBER_ID ->
          facts.addSubscriberId(level, copy(0, options.length()), 0, options.length());
      case REMOTE_ID -> {
        if (!options.checkFormat()) {
          return failFromOptions();
        }
        int length = options.length() - 4;
        facts.addRemoteId(level, options.uint32At(0), copy(4, length), 0, length);
      }
      case CLIENT_LINKLAYER_ADDR -> {
        if (!options.checkFormat()) {
          return failFromOptions();
        }
        if (options.length() == ETHERNET_OPTION_LENGTH && options.uint16At(0) == ETHERNET) {
          long mac = ((long) options.uint16At(2) << 32) | options.uint32At(4);
          facts.relayLinkLayerAddress(level, mac);
        }
      }
      default -> {}
    }
    return true;
  }

  private boolean clientOption(ClientFacts facts) {
    switch (options.code()) {
      case CLIENT_ID -> {
        int length = options.length();
        if (length < Duid.MIN_LENGTH) {
          return badLength(Duid.MIN_LENGTH, DecodeError.AT_LEAST);
        }
        if (length > Duid.MAX_LENGTH) {
          return badLength(Duid.MAX_LENGTH, DecodeError.AT_MOST);
        }
        if (!facts.hasClientDuid()) {
          facts.clientDuid(copy(0, length), 0, length);
        }
      }
      case IA_NA, IA_TA, IA_PD -> {
        if (!options.checkFormat()) {
          return failFromOptions();
        }
        facts.addIaid(options.uint32At(0));
      }
      case USER_CLASS -> {
        return items(facts, 0, -1);
      }
      case VENDOR_CLASS -> {
        if (!options.checkFormat()) {
          return failFromOptions();
        }
        return items(facts, 4, options.uint32At(0));
      }
      case CLIENT_ARCH_TYPE -> {
        if (!options.checkFormat()) {
          return failFromOptions();
        }
        for (int at = 0; at < options.length(); at += 2) {
          facts.addArchitecture(options.uint16At(at));
        }
      }
      default -> {}
    }
    return true;
  }

  /** The length-prefixed items of option 15 or 16 from {@code from}; a user class if no number. */
  private boolean items(ClientFacts facts, int from, long enterpriseNumber) {
    int length = options.length();
    int at = from;
    while (at < length) {
      if (length - at < 2) {
        return badLength(at + 2, DecodeError.AT_LEAST);
      }
      int itemLength = options.uint16At(at);
      if (itemLength > length - at - 2) {
        return badLength(at + 2 + itemLength, DecodeError.AT_LEAST);
      }
      byte[] item = copy(at + 2, itemLength);
      if (enterpriseNumber < 0) {
        facts.addUserClass(item, 0, itemLength);
      } else {
        facts.addVendorClass(enterpriseNumber, item, 0, itemLength);
      }
      at += 2 + itemLength;
    }
    return true;
  }

  /** Copies {@code length} bytes of the current value from {@code at} into the scratch buffer. */
  private byte[] copy(int at, int length) {
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    options.copyValueRange(at, scratch, 0, length);
    return scratch;
  }

  private boolean badLength(int bound, int boundKind) {
    error.set(
        DecodeStatus.BAD_LENGTH_FOR_FORMAT,
        options.optionOffset(),
        options.code(),
        options.length(),
        bound,
        boundKind);
    return false;
  }

  private boolean failFromOptions() {
    error.copyFrom(options.error());
    return false;
  }
}
