package io.github.netboot6.codec.model;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.netboot6.codec.MessageType;
import org.immutables.value.Value;

/**
 * A client/server message (RFC 8415 §8): msg-type, a 24-bit transaction-id and options. Every
 * message type except Relay-Forward and Relay-Reply has this header.
 *
 * <pre>{@code
 * ClientServerMessage solicit =
 *     ClientServerMessage.of(MessageType.SOLICIT, 0xabcdef,
 *         DhcpOptions.clientId(duid), DhcpOptions.elapsedTime(0), DhcpOptions.iaNa(1, 0, 0));
 * ClientServerMessage again = solicit.withTransactionId(0x123456);
 * }</pre>
 */
@Value.Immutable
public abstract non-sealed class ClientServerMessage extends DhcpMessage {
  ClientServerMessage() {}

  /**
   * Returns the transaction-id, 0 to 0xffffff.
   *
   * @return the transaction id
   */
  public abstract int transactionId();

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link ClientServerMessage}: set every field, add options in wire order, then {@code
   * build()}, which checks the fields and throws {@link IllegalArgumentException} naming the one
   * out of range, or {@link IllegalStateException} naming one not set.
   */
  public static final class Builder extends ImmutableClientServerMessage.Builder {
    Builder() {}
  }

  /**
   * Makes a message.
   *
   * @param type the message type; not a relay message type
   * @param transactionId the transaction-id, 0 to 0xffffff
   * @param options the options, in wire order
   * @return the message
   * @throws IllegalArgumentException if the type is a relay message type or the transaction id is
   *     out of range
   */
  public static ClientServerMessage of(MessageType type, int transactionId, DhcpOption... options) {
    return builder().typeCode(type.code()).transactionId(transactionId).addOptions(options).build();
  }

  /**
   * Returns a copy with another transaction id.
   *
   * @param transactionId the transaction-id, 0 to 0xffffff
   * @return the copy
   * @throws IllegalArgumentException if the transaction id is out of range
   */
  public ClientServerMessage withTransactionId(int transactionId) {
    // The generated subclass overrides this with its own wither.
    return ImmutableClientServerMessage.copyOf(this).withTransactionId(transactionId);
  }

  /**
   * Returns a copy with other options.
   *
   * @param options the options, in wire order
   * @return the copy
   */
  public ClientServerMessage withOptions(Iterable<? extends DhcpOption> options) {
    return ImmutableClientServerMessage.copyOf(this).withOptions(options);
  }

  @Value.Check
  final void check() {
    checkArgument(
        typeCode() >= 0 && typeCode() <= 0xff && !MessageType.valueOf(typeCode()).isRelay(),
        "msg-type: %s (expected: 0 to 255, not a relay message type; see RelayMessage)",
        typeCode());
    checkArgument(
        transactionId() >= 0 && transactionId() <= 0xff_ffff,
        "transaction-id: 0x%s (expected: 0 to 0xffffff)",
        Integer.toHexString(transactionId()));
  }

  @Override
  final int headerLength() {
    return 4;
  }

  @Override
  final void writeHeader(byte[] destination, int offset) {
    destination[offset] = (byte) typeCode();
    destination[offset + 1] = (byte) (transactionId() >>> 16);
    destination[offset + 2] = (byte) (transactionId() >>> 8);
    destination[offset + 3] = (byte) transactionId();
  }

  /**
   * Returns the message type, transaction id and options, e.g. {@code SOLICIT xid=0xabcdef [1
   * (OPTION_CLIENTID) ...]}; {@link #dump()} gives the field-by-field text.
   */
  @Override
  public final String toString() {
    return type().name() + " xid=0x" + Integer.toHexString(transactionId()) + " " + options();
  }
}
