package io.github.netboot6.codec;

import io.github.netboot6.core.ClientArchitecture;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.DuidType;
import io.github.netboot6.core.Ipv6Address;
import java.nio.charset.StandardCharsets;

/**
 * The typed fields of one option for {@link MessageDump}: by option code for the netboot and relay
 * set, by {@linkplain OptionFormat format} for the other registered options, hexadecimal otherwise.
 * Reads a copy of the value, with every length checked against what is left.
 */
final class OptionFields {
  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

  private final MessageDump.Dumper out;
  private final OptionIterator option;
  private final int level;
  private final byte[] v;

  OptionFields(MessageDump.Dumper out, OptionIterator option, int level) {
    this.out = out;
    this.option = option;
    this.level = level;
    this.v = option.valueToArray();
  }

  void fields() {
    int code = option.code();
    switch (code) {
      case 1, 2 -> duid();
      case 3, 25 -> {
        iaid();
        field("T1", Long.toString(u32(4)));
        field("T2", Long.toString(u32(8)));
      }
      case 4 -> iaid();
      case 5 -> {
        field("IPv6 address", address(0));
        field("Preferred lifetime", Long.toString(u32(16)));
        field("Valid lifetime", Long.toString(u32(20)));
      }
      case 26 -> {
        field("Preferred lifetime", Long.toString(u32(0)));
        field("Valid lifetime", Long.toString(u32(4)));
        field("Prefix length", Integer.toString(v[8] & 0xff));
        field("Prefix address", address(9));
      }
      case 6, 43 -> {
        for (int at = 0; at + 1 < v.length; at += 2) {
          int requested = u16(at);
          field("Requested Option code", describe(requested) + " (" + requested + ")");
        }
      }
      case 8 -> field("Elapsed time", u16(0) * 10L + "ms");
      case 13 -> {
        int status = u16(0);
        field("Status Code", statusName(status) + " (" + status + ")");
        field("Status Message", utf8(2, v.length - 2));
      }
      case 15, 60 -> items(0, code == 15 ? "User class data" : "Parameter");
      case 16 -> {
        field("Enterprise ID", Long.toString(u32(0)));
        items(4, "Vendor class data");
      }
      case 17 -> field("Enterprise ID", Long.toString(u32(0)));
      case 18 -> field("Interface-ID", text(0, v.length));
      case 61 -> {
        for (int at = 0; at + 1 < v.length; at += 2) {
          ClientArchitecture architecture = ClientArchitecture.valueOf(u16(at));
          field(
              "Client System Architecture Type",
              architecture.name() + " (" + architecture.code() + ")");
        }
      }
      case 59 -> field("Boot File URL", utf8(0, v.length));
      case 62 -> {
        if (v.length == 3) {
          field("Interface type", (v[0] == 1 ? "UNDI" : "Unknown") + " (" + (v[0] & 0xff) + ")");
          field("Revision", (v[1] & 0xff) + "." + (v[2] & 0xff));
        } else {
          field("Value", hex(v, 0, v.length));
        }
      }
      case 79 -> {
        int type = u16(0);
        field("Link-Layer Type", hardwareName(type) + " (" + type + ")");
        field("Link-Layer Address", linkLayer(2, v.length - 2));
      }
      default -> byFormat(option.option().format());
    }
  }

  private void byFormat(OptionFormat format) {
    switch (format) {
      case EMPTY -> {}
      case UINT8 -> field("Value", Integer.toString(v[0] & 0xff));
      case UINT16 -> field("Value", Integer.toString(u16(0)));
      case UINT32 -> field("Value", Long.toString(u32(0)));
      case UINT16_LIST -> {
        for (int at = 0; at + 1 < v.length; at += 2) {
          field("Value", Integer.toString(u16(at)));
        }
      }
      case IPV6_ADDRESS, IPV6_ADDRESS_LIST -> {
        for (int at = 0; at + 16 <= v.length; at += 16) {
          field("Address", address(at));
        }
      }
      case DUID -> duid();
      case STRING -> field("Value", utf8(0, v.length));
      case DOMAIN_NAME, DOMAIN_NAME_LIST -> domainNames();
      case LENGTH_PREFIXED_LIST -> items(0, "Item");
      case ENTERPRISE_LENGTH_PREFIXED_LIST -> {
        field("Enterprise ID", Long.toString(u32(0)));
        items(4, "Item");
      }
      case ENTERPRISE_BINARY -> {
        field("Enterprise ID", Long.toString(u32(0)));
        field("Value", text(4, v.length - 4));
      }
      case STATUS -> {
        field("Status Code", Integer.toString(u16(0)));
        field("Status Message", utf8(2, v.length - 2));
      }
      case LINK_LAYER_ADDRESS -> {
        field("Link-Layer Type", Integer.toString(u16(0)));
        field("Link-Layer Address", linkLayer(2, v.length - 2));
      }
      case OPTIONS -> {
        int header = option.option().nestedOptionsOffset();
        if (header > 0) {
          field("Header", hex(v, 0, header));
        }
      }
      case DHCP_MESSAGE, BINARY -> field("Value", hex(v, 0, v.length));
    }
  }

  private void duid() {
    field("DUID", hex(v, 0, v.length));
    int type = u16(0);
    field("DUID Type", DuidType.valueOf(type).name() + " (" + type + ")");
    switch (type) {
      case 1 -> {
        if (v.length >= 8) {
          int hardware = u16(2);
          field("Hardware type", hardwareName(hardware) + " (" + hardware + ")");
          field("DUID Time", Duid.TIME_EPOCH.plusSeconds(u32(4)).toString());
          field("Link-layer address", linkLayer(8, v.length - 8));
        }
      }
      case 2 -> {
        if (v.length >= 6) {
          field("Enterprise ID", Long.toString(u32(2)));
          field("Identifier", hex(v, 6, v.length - 6));
        }
      }
      case 3 -> {
        if (v.length >= 4) {
          int hardware = u16(2);
          field("Hardware type", hardwareName(hardware) + " (" + hardware + ")");
          field("Link-layer address", linkLayer(4, v.length - 4));
        }
      }
      case 4 -> {
        if (v.length == 18) {
          field("UUID", uuid(2));
        }
      }
      default -> {}
    }
  }

  private void iaid() {
    field("IAID", hex(v, 0, 4));
  }

  private void items(int start, String name) {
    int at = start;
    while (at < v.length) {
      if (at + 2 > v.length || at + 2 + u16(at) > v.length) {
        out.problem(
            level,
            DecodeStatus.BAD_LENGTH_FOR_FORMAT,
            option.valueOffset() + at,
            "item at value offset " + at + " overruns the option");
        return;
      }
      int length = u16(at);
      field(name + " (" + length + " bytes)", text(at + 2, length));
      at += 2 + length;
    }
  }

  private void domainNames() {
    StringBuilder name = new StringBuilder();
    int at = 0;
    while (at < v.length) {
      int label = v[at] & 0xff;
      if (label == 0) {
        field("Domain name", name.length() == 0 ? "." : name.toString());
        name.setLength(0);
        at++;
      } else if (label > 63 || at + 1 + label > v.length) {
        field("Domain name bytes", hex(v, at, v.length - at));
        return;
      } else {
        if (name.length() > 0) {
          name.append('.');
        }
        name.append(new String(v, at + 1, label, StandardCharsets.US_ASCII));
        at += 1 + label;
      }
    }
    if (name.length() > 0) {
      field("Domain name (partial)", name.toString());
    }
  }

  private void field(String name, String value) {
    out.field(level, name, value);
  }

  // Fixed-offset reads: checkFormat() has checked what the format guarantees; anything beyond that
  // is checked here, and a field that is not there reads as -1 rather than throwing.
  private int u16(int at) {
    return at + 2 <= v.length ? (v[at] & 0xff) << 8 | (v[at + 1] & 0xff) : -1;
  }

  private long u32(int at) {
    return at + 4 <= v.length ? (long) u16(at) << 16 | u16(at + 2) : -1;
  }

  private String address(int at) {
    if (at + 16 > v.length) {
      return "(truncated) " + hex(v, at, Math.max(0, v.length - at));
    }
    return Ipv6Address.fromBytes(v, at).toString();
  }

  private String uuid(int at) {
    String h = hex(v, at, 16);
    return h.substring(0, 8)
        + '-'
        + h.substring(8, 12)
        + '-'
        + h.substring(12, 16)
        + '-'
        + h.substring(16, 20)
        + '-'
        + h.substring(20);
  }

  private String linkLayer(int at, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = at; i < at + length && i < v.length; i++) {
      if (i > at) {
        text.append(':');
      }
      text.append(HEX_DIGITS[(v[i] >> 4) & 0xf]).append(HEX_DIGITS[v[i] & 0xf]);
    }
    return text.toString();
  }

  private String utf8(int at, int length) {
    return length <= 0 ? "" : new String(v, at, length, StandardCharsets.UTF_8);
  }

  /** Printable ASCII in double quotes, anything else as hexadecimal. */
  private String text(int at, int length) {
    if (length <= 0) {
      return "(empty)";
    }
    for (int i = at; i < at + length; i++) {
      if (v[i] < 0x20 || v[i] > 0x7e) {
        return hex(v, at, length);
      }
    }
    return '"' + new String(v, at, length, StandardCharsets.US_ASCII) + '"';
  }

  static String hex(OptionIterator option, int at, int length) {
    return hex(option.valueToArray(), at, length);
  }

  static String hex(byte[] bytes, int at, int length) {
    StringBuilder text = new StringBuilder(2 * Math.max(0, length));
    for (int i = at; i < at + length && i < bytes.length; i++) {
      text.append(HEX_DIGITS[(bytes[i] >> 4) & 0xf]).append(HEX_DIGITS[bytes[i] & 0xf]);
    }
    return text.toString();
  }

  private static String describe(int code) {
    OptionCode option = OptionCode.valueOf(code);
    return option.isRegistered() ? option.description() : "Unknown";
  }

  static String statusName(int code) {
    return switch (code) {
      case 0 -> "Success";
      case 1 -> "UnspecFail";
      case 2 -> "NoAddrsAvail";
      case 3 -> "NoBinding";
      case 4 -> "NotOnLink";
      case 5 -> "UseMulticast";
      case 6 -> "NoPrefixAvail";
      default -> "Unknown";
    };
  }

  static String hardwareName(int type) {
    return type == 1 ? "Ethernet" : type == 6 ? "IEEE 802" : type == 32 ? "InfiniBand" : "Unknown";
  }
}
