package io.github.netboot6.codec.model;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.netboot6.codec.DecodeProfile;
import io.github.netboot6.codec.MessageType;
import io.github.netboot6.codec.OptionCode;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MalformedValueException;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A Relay-Forward or Relay-Reply message (RFC 8415 §9): msg-type, hop-count, link-address,
 * peer-address and options, among them the Relay Message option (§21.10) that carries the next
 * message inward, kept as its wire bytes.
 *
 * <pre>{@code
 * RelayMessage forward =
 *     RelayMessage.forward(0, linkAddress, clientLinkLocal, solicit,
 *         DhcpOptions.interfaceId("eth0".getBytes(US_ASCII)));
 * ClientServerMessage client = forward.innermost();
 * }</pre>
 */
@Value.Immutable
public abstract non-sealed class RelayMessage extends DhcpMessage {
  RelayMessage() {}

  /**
   * Returns the hop-count, 0 to 255.
   *
   * @return the hop count
   */
  public abstract int hopCount();

  /**
   * Returns the link-address field.
   *
   * @return the link address
   */
  public abstract Ipv6Address linkAddress();

  /**
   * Returns the peer-address field: the client's or the next relay's address.
   *
   * @return the peer address
   */
  public abstract Ipv6Address peerAddress();

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link RelayMessage}: set every field, add options in wire order, then {@code
   * build()}, which checks the fields and throws {@link IllegalArgumentException} naming the one
   * out of range, or {@link IllegalStateException} naming one not set.
   */
  public static final class Builder extends ImmutableRelayMessage.Builder {
    Builder() {}
  }

  /**
   * Makes a Relay-Forward message carrying {@code inner}: the options given first, then the Relay
   * Message option.
   *
   * @param hopCount the hop count, 0 to 255
   * @param linkAddress the link-address
   * @param peerAddress the peer-address
   * @param inner the message relayed
   * @param options options before the Relay Message option (Interface-Id, option 79...)
   * @return the message
   * @throws IllegalArgumentException if the hop count is out of range or {@code inner} does not fit
   *     in an option
   */
  public static RelayMessage forward(
      int hopCount,
      Ipv6Address linkAddress,
      Ipv6Address peerAddress,
      DhcpMessage inner,
      DhcpOption... options) {
    return builder()
        .typeCode(MessageType.RELAY_FORW.code())
        .hopCount(hopCount)
        .linkAddress(linkAddress)
        .peerAddress(peerAddress)
        .addOptions(options)
        .addOptions(DhcpOptions.relayMessage(inner))
        .build();
  }

  @Value.Check
  final void check() {
    checkArgument(
        MessageType.valueOf(typeCode()).isRelay(),
        "msg-type: %s (expected: 12 RELAY-FORW or 13 RELAY-REPL)",
        typeCode());
    checkArgument(
        hopCount() >= 0 && hopCount() <= 0xff, "hop-count: %s (expected: 0 to 255)", hopCount());
  }

  /**
   * Decodes the message in the first Relay Message option, with the strict profile.
   *
   * @return the message one level inward; empty if there is no Relay Message option
   * @throws MalformedValueException if the option holds a malformed message
   */
  public final Optional<DhcpMessage> relayedMessage() {
    return relayedMessage(DecodeProfile.STRICT);
  }

  /**
   * Decodes the message in the first Relay Message option.
   *
   * @param profile the decode profile
   * @return the message one level inward; empty if there is no Relay Message option
   * @throws MalformedValueException if the option holds a malformed message
   */
  public final Optional<DhcpMessage> relayedMessage(DecodeProfile profile) {
    Optional<DhcpOption> option = option(OptionCode.RELAY_MSG);
    if (option.isEmpty()) {
      return Optional.empty();
    }
    byte[] inner = option.get().rawValue();
    return Optional.of(DhcpMessage.decode(inner, 0, inner.length, profile));
  }

  DhcpMessage requireRelayedMessage(int level) {
    return relayedMessage()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "relay level " + level + ": no Relay Message option (9) (expected: one)"));
  }

  @Override
  final int headerLength() {
    return 34;
  }

  @Override
  final void writeHeader(byte[] destination, int offset) {
    destination[offset] = (byte) typeCode();
    destination[offset + 1] = (byte) hopCount();
    writeAddress(linkAddress(), destination, offset + 2);
    writeAddress(peerAddress(), destination, offset + 18);
  }

  private static void writeAddress(Ipv6Address address, byte[] destination, int offset) {
    long high = address.high();
    long low = address.low();
    for (int i = 0; i < 8; i++) {
      destination[offset + i] = (byte) (high >>> (56 - 8 * i));
      destination[offset + 8 + i] = (byte) (low >>> (56 - 8 * i));
    }
  }

  /**
   * Returns the type, hop count, addresses and options, e.g. {@code RELAY-FORW hops=0
   * link=2001:db8::1 peer=fe80::1 [...]}; {@link #dump()} gives the field-by-field text.
   */
  @Override
  public final String toString() {
    return type().name()
        + " hops="
        + hopCount()
        + " link="
        + linkAddress()
        + " peer="
        + peerAddress()
        + " "
        + options();
  }
}
