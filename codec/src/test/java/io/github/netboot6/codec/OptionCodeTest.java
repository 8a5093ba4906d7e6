package io.github.netboot6.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OptionCodeTest {

  /**
   * Well-known rows of the IANA "Option Codes" registry, re-typed by hand from
   * https://www.iana.org/assignments/dhcpv6-parameters/ and the RFCs named: code, IANA name, RFC.
   */
  @ParameterizedTest
  @CsvSource({
    "1,   OPTION_CLIENTID,              RFC 8415",
    "2,   OPTION_SERVERID,              RFC 8415",
    "3,   OPTION_IA_NA,                 RFC 8415",
    "5,   OPTION_IAADDR,                RFC 8415",
    "6,   OPTION_ORO,                   RFC 8415",
    "9,   OPTION_RELAY_MSG,             RFC 8415",
    "13,  OPTION_STATUS_CODE,           RFC 8415",
    "16,  OPTION_VENDOR_CLASS,          RFC 8415",
    "17,  OPTION_VENDOR_OPTS,           RFC 8415",
    "23,  OPTION_DNS_SERVERS,           RFC 3646",
    "24,  OPTION_DOMAIN_LIST,           RFC 3646",
    "25,  OPTION_IA_PD,                 RFC 8415",
    "37,  OPTION_REMOTE_ID,             RFC 4649",
    "56,  OPTION_NTP_SERVER,            RFC 5908",
    "59,  OPT_BOOTFILE_URL,             RFC 5970",
    "60,  OPT_BOOTFILE_PARAM,           RFC 5970",
    "61,  OPTION_CLIENT_ARCH_TYPE,      RFC 5970",
    "62,  OPTION_NII,                   RFC 5970",
    "79,  OPTION_CLIENT_LINKLAYER_ADDR, RFC 6939",
    "82,  OPTION_SOL_MAX_RT,            RFC 8415",
    "135, OPTION_RELAY_PORT,            RFC 8357",
    "148, OPTION_ADDR_REG_ENABLE,       RFC 9686",
  })
  void valueOf_wellKnownCode_hasIanaNameAndRfc(int code, String name, String rfc) {
    OptionCode option = OptionCode.valueOf(code);
    assertThat(option.code()).isEqualTo(code);
    assertThat(option.name()).isEqualTo(name);
    assertThat(option.rfc()).isEqualTo(rfc);
    assertThat(option.isRegistered()).isTrue();
    assertThat(option).hasToString(name + "(" + code + ")");
    assertThat(OptionCode.nameOf(code)).isEqualTo(name);
  }

  /** Payload layouts from RFC 8415 §21 and the RFCs named; offsets count the fixed fields. */
  @ParameterizedTest
  @CsvSource({
    "3,   12", // IA_NA: IAID (4), T1 (4), T2 (4), RFC 8415 §21.4
    "4,   4", // IA_TA: IAID (4), §21.5
    "5,   24", // IAADDR: address (16), preferred (4), valid lifetime (4), §21.6
    "17,  4", // VENDOR_OPTS: enterprise-number (4), §21.17
    "25,  12", // IA_PD: IAID, T1, T2, §21.21
    "26,  25", // IAPREFIX: preferred (4), valid (4), prefix-length (1), prefix (16), §21.22
    "44,  17", // LQ_QUERY: query-type (1), link-address (16), RFC 5007
    "56,  0", // NTP_SERVER: sub-options only, RFC 5908
    "66,  0", // RSOO: options only, RFC 6422
  })
  void nestedOptionsOffset_containers_matchTheirFixedHeaders(int code, int offset) {
    OptionCode option = OptionCode.valueOf(code);
    assertThat(option.format()).isEqualTo(OptionFormat.OPTIONS);
    assertThat(option.isEncapsulating()).isTrue();
    assertThat(option.nestedOptionsOffset()).isEqualTo(offset);
  }

  @Test
  void relayMessage_encapsulatesAWholeMessage() {
    assertThat(OptionCode.RELAY_MSG.format()).isEqualTo(OptionFormat.DHCP_MESSAGE);
    assertThat(OptionCode.RELAY_MSG.isEncapsulating()).isTrue();
    assertThat(OptionCode.RELAY_MSG.nestedOptionsOffset()).isEqualTo(OptionCode.NO_NESTED_OPTIONS);
  }

  @ParameterizedTest
  @CsvSource({
    "1,   DUID", // RFC 8415 §21.2
    "6,   UINT16_LIST", // §21.7
    "7,   UINT8", // §21.8
    "8,   UINT16", // §21.9
    "12,  IPV6_ADDRESS", // §21.12
    "13,  STATUS", // §21.13
    "14,  EMPTY", // §21.14
    "15,  LENGTH_PREFIXED_LIST", // §21.15
    "16,  ENTERPRISE_LENGTH_PREFIXED_LIST", // §21.16
    "18,  BINARY", // §21.18
    "23,  IPV6_ADDRESS_LIST", // RFC 3646 §3
    "24,  DOMAIN_NAME_LIST", // RFC 3646 §4
    "32,  UINT32", // RFC 8415 §21.23
    "37,  ENTERPRISE_BINARY", // RFC 4649
    "59,  STRING", // RFC 5970 §3.1
    "60,  LENGTH_PREFIXED_LIST", // RFC 5970 §3.2
    "61,  UINT16_LIST", // RFC 5970 §3.3
    "79,  LINK_LAYER_ADDRESS", // RFC 6939
    "135, UINT16", // RFC 8357
  })
  void format_wellKnownOptions(int code, OptionFormat format) {
    assertThat(OptionCode.valueOf(code).format()).isEqualTo(format);
  }

  @Test
  void nonContainers_reportNoNestedOptions() {
    for (OptionCode option : OptionCode.registered()) {
      if (option.format() == OptionFormat.OPTIONS) {
        assertThat(option.nestedOptionsOffset()).as("%s", option).isNotNegative();
      } else {
        assertThat(option.nestedOptionsOffset())
            .as("%s", option)
            .isEqualTo(OptionCode.NO_NESTED_OPTIONS);
      }
    }
  }

  @Test
  void valueOf_fullRange_neverThrowsAndRegisteredMatchesTheRegistryShape() {
    // IANA: 0 reserved, 10 and 35 unassigned, 1..148 otherwise assigned.
    for (int code = 0; code <= 0xffff; code++) {
      OptionCode option = OptionCode.valueOf(code);
      boolean registered = code >= 1 && code <= 148 && code != 10 && code != 35;
      assertThat(option.isRegistered()).isEqualTo(registered);
      if (registered) {
        assertThat(option.code()).isEqualTo(code);
      } else {
        assertThat(option).isSameAs(OptionCode.UNREGISTERED);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 10, 35, 149, 150, 4242, 0xffff})
  void unregisteredCode_isTheSharedHandleAndNamedUnknown(int code) {
    OptionCode option = OptionCode.valueOf(code);
    assertThat(option).isSameAs(OptionCode.UNREGISTERED);
    assertThat(option.code()).isEqualTo(-1);
    assertThat(option.format()).isEqualTo(OptionFormat.BINARY);
    assertThat(option.isEncapsulating()).isFalse();
    assertThat(option.rfc()).isEmpty();
    assertThat(option).hasToString("unknown");
    assertThat(OptionCode.nameOf(code)).isEqualTo("unknown(" + code + ")");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0x10000, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void valueOf_outside16Bits_throwsIllegalArgument(int code) {
    assertThatThrownBy(() -> OptionCode.valueOf(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option code: " + code + " (expected: 0..65535)");
    assertThatThrownBy(() -> OptionCode.nameOf(code)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void registered_isSortedUniqueAndComplete() {
    List<OptionCode> registered = OptionCode.registered();
    assertThat(registered).hasSize(146);
    assertThat(registered).extracting(OptionCode::code).isSorted().doesNotHaveDuplicates();
    assertThat(registered).extracting(OptionCode::code).doesNotContain(0, 10, 35);
    assertThat(registered.get(0).code()).isEqualTo(1);
    assertThat(registered.get(registered.size() - 1).code()).isEqualTo(OptionCode.MAX_REGISTERED);
    assertThat(registered).doesNotContain(OptionCode.UNREGISTERED);
    assertThatThrownBy(() -> registered.add(OptionCode.CLIENTID))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void registered_namesAreUniqueAndEveryFieldIsFilled() {
    List<OptionCode> registered = OptionCode.registered();
    Set<String> names = registered.stream().map(OptionCode::name).collect(Collectors.toSet());
    assertThat(names).hasSize(registered.size());
    for (OptionCode option : registered) {
      assertThat(option.name()).as("%s", option).isNotBlank();
      assertThat(option.description()).as("%s", option).isNotBlank().doesNotEndWith(" Option");
      assertThat(option.rfc()).as("%s", option).matches("RFC \\d{4}");
      assertThat(OptionCode.valueOf(option.code())).isSameAs(option);
    }
  }

  @Test
  void constants_matchTheirCodes() {
    assertThat(OptionCode.CLIENTID.code()).isEqualTo(1);
    assertThat(OptionCode.IA_NA.code()).isEqualTo(3);
    assertThat(OptionCode.RELAY_MSG.code()).isEqualTo(9);
    assertThat(OptionCode.VENDOR_CLASS.code()).isEqualTo(16);
    assertThat(OptionCode.DNS_SERVERS.code()).isEqualTo(23);
    assertThat(OptionCode.BOOTFILE_URL.code()).isEqualTo(59);
    assertThat(OptionCode.CLIENT_ARCH_TYPE.code()).isEqualTo(61);
    assertThat(OptionCode.CLIENT_LINKLAYER_ADDR.code()).isEqualTo(79);
    assertThat(OptionCode.RELAY_PORT.code()).isEqualTo(135);
    assertThat(OptionCode.CLIENTID.description()).isEqualTo("Client Identifier");
    assertThat(OptionCode.BOOTFILE_URL.description()).isEqualTo("Boot File URL");
  }

  @Test
  void optionFormat_fixedAndItemLengths() {
    assertThat(OptionFormat.EMPTY.fixedLength()).isZero();
    assertThat(OptionFormat.UINT8.fixedLength()).isEqualTo(1);
    assertThat(OptionFormat.UINT16.fixedLength()).isEqualTo(2);
    assertThat(OptionFormat.UINT32.fixedLength()).isEqualTo(4);
    assertThat(OptionFormat.IPV6_ADDRESS.fixedLength()).isEqualTo(16);
    assertThat(OptionFormat.UINT16_LIST.itemLength()).isEqualTo(2);
    assertThat(OptionFormat.IPV6_ADDRESS_LIST.itemLength()).isEqualTo(16);
    assertThat(OptionFormat.DUID.fixedLength()).isEqualTo(OptionFormat.VARIABLE_LENGTH);
    assertThat(OptionFormat.OPTIONS.itemLength()).isZero();
  }
}
