package io.github.netboot6.codec;

import io.github.netboot6.core.Duid;

/**
 * Writes the start of a server's reply for {@link MessageWriter#startReply}: one Relay-Repl level
 * per Relay-Forw level of the request (RFC 8415 §9.2, §19.3), then the reply header and the client
 * and server identifiers (§18.3). Walks the request with its own reader and iterator, iteratively,
 * so that the caller's reader is left as it was and nothing is allocated.
 */
final class ReplyStarter {
  private static final int RELAY_FORW = 12;
  private static final int RELAY_REPL = 13;

  private final MessageWriter writer;
  private final MessageReader level = new MessageReader();
  private final OptionIterator options = new OptionIterator();

  ReplyStarter(MessageWriter writer) {
    this.writer = writer;
  }

  /**
   * Writes the skeleton; returns {@code false} if the request cannot be answered (the caller
   * empties the writer).
   */
  boolean start(MessageReader request, int replyType, Duid serverId) {
    level.copyFrom(request);
    if (level.status() != DecodeStatus.OK) {
      return false;
    }
    while (level.isRelay()) {
      if (level.messageTypeCode() != RELAY_FORW) {
        return false;
      }
      writer.relayHeader(
          RELAY_REPL,
          level.hopCount(),
          level.linkAddressHigh(),
          level.linkAddressLow(),
          level.peerAddressHigh(),
          level.peerAddressLow());
      // RFC 8415 §21.18: the server copies the relay's Interface-Id into its Relay-Repl.
      level.options(options);
      while (options.next()) {
        if (options.code() == OptionCode.INTERFACE_ID.code()) {
          writer.copyOption(options);
          break;
        }
      }
      writer.beginRelayMessage();
      if (!level.enterRelayMessage(options)) {
        return false;
      }
    }
    int type = replyType >= 0 ? replyType : MessageWriter.replyType(level.messageTypeCode());
    if (type < 0 || MessageWriter.replyType(level.messageTypeCode()) < 0) {
      return false;
    }
    writer.header(type, level.transactionId());
    level.options(options);
    while (options.next()) {
      if (options.code() == OptionCode.CLIENTID.code()) {
        writer.copyOption(options);
        break;
      }
    }
    if (options.status() != DecodeStatus.OK) {
      return false;
    }
    writer.serverId(serverId);
    return true;
  }
}
