package io.github.netboot6.codec;

import io.github.netboot6.core.Ipv6Address;
import java.nio.charset.StandardCharsets;

/**
 * Re-encodes a decoded message with {@link MessageWriter}: each option through its typed writer
 * where the writer has one and the value fits it (ASCII text, whole items), nested options and
 * relay messages level by level, and {@link MessageWriter#copyOption(OptionIterator)} for the rest.
 * Test code: recursive on nesting, which the test inputs bound.
 */
final class Reencoder {
  final MessageWriter writer = new MessageWriter();
  int typed;
  int copied;

  /** Re-encodes the message {@code reader} wraps into {@code out}; returns the length or -1. */
  int reencode(MessageReader reader, byte[] out) {
    writer.wrap(out, 0, out.length);
    message(reader);
    return writer.finish();
  }

  private void message(MessageReader reader) {
    if (reader.isRelay()) {
      writer.relayHeader(
          reader.messageTypeCode(),
          reader.hopCount(),
          reader.linkAddressHigh(),
          reader.linkAddressLow(),
          reader.peerAddressHigh(),
          reader.peerAddressLow());
    } else {
      writer.header(reader.messageTypeCode(), reader.transactionId());
    }
    OptionIterator options = reader.options(new OptionIterator());
    options(options, reader.isRelay());
  }

  private void options(OptionIterator it, boolean relay) {
    while (it.next()) {
      option(it, relay);
    }
    if (it.status() != DecodeStatus.OK) {
      throw it.toException();
    }
  }

  private void option(OptionIterator it, boolean relay) {
    int code = it.code();
    if (it.isVendorSpace()) {
      copy(it);
      return;
    }
    typed++;
    switch (code) {
      case 3 -> container(it, writer.beginIaNa(it.uint32At(0), it.uint32At(4), it.uint32At(8)));
      case 25 -> container(it, writer.beginIaPd(it.uint32At(0), it.uint32At(4), it.uint32At(8)));
      case 5 ->
          container(
              it,
              writer.beginIaAddress(
                  Ipv6Address.of(it.addressHigh(0), it.addressLow(0)),
                  it.uint32At(16),
                  it.uint32At(20)));
      case 26 ->
          container(
              it,
              writer.beginIaPrefix(
                  it.uint32At(0),
                  it.uint32At(4),
                  it.uint8At(8),
                  Ipv6Address.of(it.addressHigh(9), it.addressLow(9))));
      case 17 -> container(it, writer.beginOption(17).uint32(it.uint32At(0)));
      case 9 -> {
        if (relay) {
          writer.beginRelayMessage();
          message(new MessageReader().wrapRelayMessage(it));
          writer.endOption();
        } else {
          copy(it);
        }
      }
      case 7 -> writer.preference(it.uint8());
      case 8 -> writer.elapsedTime(it.uint16());
      case 6 -> {
        int[] codes = new int[it.length() / 2];
        for (int i = 0; i < codes.length; i++) {
          codes[i] = it.uint16At(2 * i);
        }
        writer.optionRequest(codes);
      }
      case 23 -> {
        Ipv6Address[] servers = new Ipv6Address[it.length() / 16];
        for (int i = 0; i < servers.length; i++) {
          servers[i] = Ipv6Address.of(it.addressHigh(16 * i), it.addressLow(16 * i));
        }
        writer.dnsServers(servers);
      }
      case 1 -> writer.clientId(it.valueToArray(), 0, it.length());
      case 18 -> writer.interfaceId(it.valueToArray(), 0, it.length());
      case 13, 59, 16, 60 -> text(it);
      default -> {
        typed--;
        copy(it);
      }
    }
  }

  private void container(OptionIterator it, MessageWriter begun) {
    options(it.nested(new OptionIterator()), false);
    begun.endOption();
  }

  private void copy(OptionIterator it) {
    copied++;
    writer.copyOption(it);
  }

  // Text options through their typed writers when the text is ASCII (the writer encodes UTF-8).
  private void text(OptionIterator it) {
    byte[] value = it.valueToArray();
    for (byte b : value) {
      if (b < 0) {
        typed--;
        copy(it);
        return;
      }
    }
    String all = new String(value, StandardCharsets.US_ASCII);
    switch (it.code()) {
      case 13 -> writer.statusCode(it.uint16At(0), all.substring(2));
      case 59 -> writer.bootFileUrl(all);
      case 16 -> writer.vendorClass(it.uint32At(0), items(all, 4));
      default -> writer.bootFileParameters(items(all, 0));
    }
  }

  private static String[] items(String value, int from) {
    java.util.List<String> items = new java.util.ArrayList<>();
    int at = from;
    while (at < value.length()) {
      int length = (value.charAt(at) << 8) | value.charAt(at + 1);
      items.add(value.substring(at + 2, at + 2 + length));
      at += 2 + length;
    }
    return items.toArray(new String[0]);
  }
}
