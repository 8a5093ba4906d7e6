package io.github.netboot6.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.netboot6.codec.DecodeStatus;
import io.github.netboot6.codec.MessageReader;
import io.github.netboot6.codec.MessageType;
import io.github.netboot6.codec.OptionCode;
import io.github.netboot6.codec.OptionIterator;
import io.github.netboot6.core.ClientArchitecture;
import io.github.netboot6.core.Ipv6Address;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One DHCPv6 message as a JSON object: {@code type} {code, name}, {@code transactionId} (hex text)
 * or {@code hopCount}, {@code linkAddress}, {@code peerAddress}; {@code options}, each with {@code
 * code}, {@code name}, {@code description}, {@code length}, {@code hex}, {@code fields} (typed
 * fields where known), {@code options} (nested) or {@code message} (a relayed message); {@code
 * status} and, when not OK, {@code errorOffset} and {@code error} on the message or option where
 * decoding stopped.
 */
final class JsonMessages {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();

  private JsonMessages() {}

  static ObjectNode message(MessageReader reader) {
    ObjectNode json = NODES.objectNode();
    if (reader.messageTypeCode() >= 0) {
      MessageType type = reader.messageType();
      json.putObject("type").put("code", type.code()).put("name", type.name());
    }
    if (reader.status() != DecodeStatus.OK) {
      problem(json, reader.status(), reader.errorOffset(), reader.toException().getMessage());
      return json;
    }
    if (reader.isRelay()) {
      json.put("hopCount", reader.hopCount());
      json.put("linkAddress", address(reader.linkAddressHigh(), reader.linkAddressLow()));
      json.put("peerAddress", address(reader.peerAddressHigh(), reader.peerAddressLow()));
    } else {
      json.put("transactionId", String.format(Locale.ROOT, "0x%06x", reader.transactionId()));
    }
    json.put("status", DecodeStatus.OK.name());
    options(reader.options(new OptionIterator()), json, -1);
    return json;
  }

  private static void options(OptionIterator options, ObjectNode parent, int containerCode) {
    ArrayNode array = parent.putArray("options");
    int reported = -1;
    while (options.next()) {
      ObjectNode option = array.addObject();
      OptionCode code = options.option();
      option.put("code", options.code());
      option.put("name", OptionCode.nameOf(options.code()));
      option.put("description", code.isRegistered() ? code.description() : "Unknown option");
      option.put("length", options.length());
      byte[] value = options.valueToArray();
      option.put("hex", HEX.formatHex(value));
      if (options.isVendorSpace()) {
        continue;
      }
      if (containerCode == OptionCode.NTP_SERVER.code()) {
        // NTP Server sub-options (RFC 5908 §4) have their own codes, not DHCPv6 option codes.
        option.put("name", "NTP_SUBOPTION").put("description", "NTP Server sub-option");
        continue;
      }
      if (!options.checkFormat()) {
        reported = options.errorOffset();
        problem(option, options.status(), reported, options.toException().getMessage());
        parentStatus(parent, options.status());
        continue;
      }
      if (options.code() == OptionCode.RELAY_MSG.code()) {
        option.set("message", message(new MessageReader().wrapRelayMessage(options)));
        continue;
      }
      fields(options.code(), value, option);
      if (options.hasNestedOptions()) {
        options(options.nested(new OptionIterator()), option, options.code());
      }
    }
    if (options.status() != DecodeStatus.OK && options.errorOffset() != reported) {
      problem(parent, options.status(), options.errorOffset(), options.toException().getMessage());
    }
  }

  private static void parentStatus(ObjectNode parent, DecodeStatus status) {
    if (parent.path("status").asText("OK").equals("OK")) {
      parent.put("status", status.name());
    }
  }

  private static void problem(
      ObjectNode json,
      DecodeStatus status,
      int offset,
      @org.jspecify.annotations.Nullable String detail) {
    json.put("status", status.name());
    json.put("errorOffset", offset);
    json.put("error", String.valueOf(detail));
  }

  private static void fields(int code, byte[] v, ObjectNode option) {
    ObjectNode f = NODES.objectNode();
    switch (code) {
      case 1, 2 -> {
        f.put("duid", HEX.formatHex(v));
        f.put("duidType", u16(v, 0));
      }
      case 3, 25 -> {
        f.put("iaid", HEX.formatHex(v, 0, 4));
        f.put("t1", u32(v, 4));
        f.put("t2", u32(v, 8));
      }
      case 4 -> f.put("iaid", HEX.formatHex(v, 0, 4));
      case 5 -> {
        f.put("address", Ipv6Address.fromBytes(v, 0).toString());
        f.put("preferredLifetime", u32(v, 16));
        f.put("validLifetime", u32(v, 20));
      }
      case 6 -> {
        ArrayNode requested = f.putArray("requested");
        for (int at = 0; at + 1 < v.length; at += 2) {
          requested.addObject().put("code", u16(v, at)).put("name", OptionCode.nameOf(u16(v, at)));
        }
      }
      case 8 -> f.put("elapsedMillis", u16(v, 0) * 10L);
      case 13 -> {
        f.put("statusCode", u16(v, 0));
        f.put("statusMessage", new String(v, 2, v.length - 2, StandardCharsets.UTF_8));
      }
      case 15 -> items(v, 0, f.putArray("items"));
      case 16 -> {
        f.put("enterprise", u32(v, 0));
        items(v, 4, f.putArray("items"));
      }
      case 17 -> f.put("enterprise", u32(v, 0));
      case 18 -> f.put("interfaceId", HEX.formatHex(v));
      case 59 -> f.put("url", new String(v, StandardCharsets.UTF_8));
      case 61 -> {
        ArrayNode architectures = f.putArray("architectures");
        for (int at = 0; at + 1 < v.length; at += 2) {
          ClientArchitecture a = ClientArchitecture.valueOf(u16(v, at));
          architectures.addObject().put("code", a.code()).put("name", a.name());
        }
      }
      case 79 -> {
        f.put("linkLayerType", u16(v, 0));
        StringBuilder mac = new StringBuilder();
        for (int i = 2; i < v.length; i++) {
          mac.append(i > 2 ? ":" : "").append(HEX.toHexDigits(v[i]));
        }
        f.put("linkLayerAddress", mac.toString());
      }
      default -> {}
    }
    if (!f.isEmpty()) {
      option.set("fields", f);
    }
  }

  /** Length-prefixed items as text when printable ASCII, hex otherwise. */
  private static void items(byte[] v, int at, ArrayNode out) {
    while (at + 2 <= v.length && at + 2 + u16(v, at) <= v.length) {
      int length = u16(v, at);
      String text = new String(v, at + 2, length, StandardCharsets.US_ASCII);
      boolean printable = text.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
      out.add(printable ? text : HEX.formatHex(v, at + 2, at + 2 + length));
      at += 2 + length;
    }
  }

  private static String address(long high, long low) {
    return Ipv6Address.of(high, low).toString();
  }

  private static int u16(byte[] v, int at) {
    return at + 2 <= v.length ? ((v[at] & 0xff) << 8) | (v[at + 1] & 0xff) : -1;
  }

  private static long u32(byte[] v, int at) {
    return at + 4 <= v.length ? ((long) u16(v, at) << 16) | u16(v, at + 2) : -1;
  }
}
