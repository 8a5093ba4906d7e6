package io.github.netboot6.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageTypeTest {

  /**
   * The IANA "Message Types" registry, re-typed by hand from
   * https://www.iana.org/assignments/dhcpv6-parameters/ (checked 2026): value to name.
   */
  private static final Map<Integer, String> IANA = new TreeMap<>();

  static {
    String[] names = {
      "SOLICIT",
      "ADVERTISE",
      "REQUEST",
      "CONFIRM",
      "RENEW",
      "REBIND",
      "REPLY",
      "RELEASE",
      "DECLINE",
      "RECONFIGURE",
      "INFORMATION-REQUEST",
      "RELAY-FORW",
      "RELAY-REPL",
      "LEASEQUERY",
      "LEASEQUERY-REPLY",
      "LEASEQUERY-DONE",
      "LEASEQUERY-DATA",
      "RECONFIGURE-REQUEST",
      "RECONFIGURE-REPLY",
      "DHCPV4-QUERY",
      "DHCPV4-RESPONSE",
      "ACTIVELEASEQUERY",
      "STARTTLS",
      "BNDUPD",
      "BNDREPLY",
      "POOLREQ",
      "POOLRESP",
      "UPDREQ",
      "UPDREQALL",
      "UPDDONE",
      "CONNECT",
      "CONNECTREPLY",
      "DISCONNECT",
      "STATE",
      "CONTACT",
      "ADDR-REG-INFORM",
      "ADDR-REG-REPLY",
    };
    for (int i = 0; i < names.length; i++) {
      IANA.put(i + 1, names[i]);
    }
  }

  @Test
  void valueOf_everyRegisteredCode_hasTheIanaName() {
    assertThat(IANA).hasSize(37);
    IANA.forEach(
        (code, name) -> {
          MessageType type = MessageType.valueOf(code);
          assertThat(type.code()).isEqualTo(code);
          assertThat(type.name()).isEqualTo(name);
          assertThat(type.isRegistered()).isTrue();
          assertThat(type.rfc()).startsWith("RFC ");
          assertThat(type).hasToString(name + "(" + code + ")");
        });
  }

  @Test
  void valueOf_wholeByteRange_neverThrowsAndKeepsTheCode() {
    for (int code = 0; code <= 255; code++) {
      MessageType type = MessageType.valueOf(code);
      assertThat(type.code()).isEqualTo(code);
      assertThat(type.isRegistered()).isEqualTo(IANA.containsKey(code));
      assertThat(MessageType.valueOf(code)).isSameAs(type);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 38, 100, 255})
  void valueOf_unregisteredCode_isRawValueNamedUnknown(int code) {
    MessageType type = MessageType.valueOf(code);
    assertThat(type.isRegistered()).isFalse();
    assertThat(type.name()).isEqualTo("unknown(" + code + ")");
    assertThat(type).hasToString("unknown(" + code + ")");
    assertThat(type.rfc()).isEmpty();
    assertThat(type.isRelay()).isFalse();
    assertThat(type.isClientToServer()).isFalse();
    assertThat(type.isServerToClient()).isFalse();
    assertThat(type.headerLength()).isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 256, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void valueOf_outsideAByte_throwsIllegalArgument(int code) {
    assertThatThrownBy(() -> MessageType.valueOf(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("message type: " + code + " (expected: 0..255)");
  }

  @Test
  void constants_matchTheirCodes() {
    assertThat(MessageType.SOLICIT.code()).isEqualTo(1);
    assertThat(MessageType.INFORMATION_REQUEST.code()).isEqualTo(11);
    assertThat(MessageType.RELAY_FORW.code()).isEqualTo(12);
    assertThat(MessageType.RELAY_REPL.code()).isEqualTo(13);
    assertThat(MessageType.DHCPV4_RESPONSE.code()).isEqualTo(21);
    assertThat(MessageType.CONTACT.code()).isEqualTo(35);
    assertThat(MessageType.ADDR_REG_REPLY.code()).isEqualTo(37);
    assertThat(MessageType.SOLICIT.rfc()).isEqualTo("RFC 8415");
    assertThat(MessageType.ADDR_REG_INFORM.rfc()).isEqualTo("RFC 9686");
  }

  @Test
  void registered_isSortedUniqueAndMatchesTheRegistry() {
    List<MessageType> registered = MessageType.registered();
    assertThat(registered).extracting(MessageType::code).containsExactlyElementsOf(IANA.keySet());
    assertThat(registered).extracting(MessageType::name).containsExactlyElementsOf(IANA.values());
    assertThatThrownBy(() -> registered.add(MessageType.SOLICIT))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void direction_followsRfc8415Section7_3() {
    // RFC 8415 §7.3: sent by a client / sent by a server; RFC 7341 §6 and RFC 9686 §4 likewise.
    List<Integer> clientToServer = List.of(1, 3, 4, 5, 6, 8, 9, 11, 20, 36);
    List<Integer> serverToClient = List.of(2, 7, 10, 21, 37);
    for (int code = 0; code <= 255; code++) {
      MessageType type = MessageType.valueOf(code);
      assertThat(type.isClientToServer()).as("%s", type).isEqualTo(clientToServer.contains(code));
      assertThat(type.isServerToClient()).as("%s", type).isEqualTo(serverToClient.contains(code));
    }
  }

  @Test
  void relayTypes_haveThe34ByteHeader() {
    for (int code = 0; code <= 255; code++) {
      MessageType type = MessageType.valueOf(code);
      boolean relay = code == 12 || code == 13;
      assertThat(type.isRelay()).isEqualTo(relay);
      // RFC 8415 §8: msg-type (1) + transaction-id (3); §9: + hop-count (1) + 2 addresses (32).
      assertThat(type.headerLength()).isEqualTo(relay ? 1 + 1 + 16 + 16 : 1 + 3);
    }
  }
}
