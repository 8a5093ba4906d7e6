package io.github.netboot6.codec;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A DHCPv6 option code (RFC 8415 §21.1) with what the IANA registry and the defining RFC say about
 * it: its registry name, a short human name, the RFC and the {@linkplain OptionFormat shape of its
 * payload}.
 *
 * <p>This is an "open enum": one constant per option code registered by IANA, and a lookup that
 * never throws on a 16-bit code and never allocates:
 *
 * <pre>{@code
 * int code = decoder.optionCode();                    // raw code, kept by the decoder
 * OptionCode option = OptionCode.valueOf(code);       // UNREGISTERED for codes IANA has not assigned
 * if (option.isEncapsulating()) { ... }               // IA_NA, IAADDR, IA_PD, VENDOR_OPTS, RELAY_MSG...
 * String label = OptionCode.nameOf(code);             // "OPTION_IA_NA", or "unknown(4242)"
 * }</pre>
 *
 * <p><b>Unregistered codes.</b> {@link #valueOf(int)} returns the one shared {@link #UNREGISTERED}
 * handle for every code without an IANA entry (0, 10, 35, and above {@link #MAX_REGISTERED}),
 * rather than an instance per code: 65,536 instances would cost megabytes, and creating them on
 * demand would allocate on the decoding path. The raw code therefore stays with the caller (the
 * decoder always exposes it); {@link #nameOf(int)} turns any code into a label, allocating only for
 * unregistered codes.
 *
 * <p><b>Human names.</b> {@link #description()} is the title that the defining RFC gives the
 * option, without the word "Option", shortened to a noun phrase where the title is a sentence (e.g.
 * "Client Identifier", "Boot File URL", "Relay Source Port"). It is meant for dumps and logs; it is
 * not checked against tshark's display text and is not a stable identifier: compare codes.
 *
 * <p>Instances are canonical, immutable and thread-safe; compare them with {@code ==}.
 *
 * <p>Source: IANA "Dynamic Host Configuration Protocol for IPv6 (DHCPv6)" registry, sub-registry
 * "Option Codes", https://www.iana.org/assignments/dhcpv6-parameters/ (codes 1 to 148 less the
 * unassigned 10 and 35; code 0 is reserved), re-typed as data; formats and nested-option offsets
 * from each option's defining RFC. Codes 149 and 150, listed by some copies of the registry for an
 * SRv6 locator draft that has no RFC yet, are not included: they read as unregistered.
 */
public final class OptionCode {

  /** The highest option code registered in this version of the table. */
  public static final int MAX_REGISTERED = 148;

  /** Returned by {@link #nestedOptionsOffset()} when the payload is not a header plus options. */
  public static final int NO_NESTED_OPTIONS = -1;

  /**
   * The shared handle that {@link #valueOf(int)} returns for every code that IANA has not
   * registered. Its {@link #code()} is {@code -1}, its {@link #name()} {@code "unknown"} and its
   * {@link #format()} {@link OptionFormat#BINARY}: the payload is kept as raw bytes.
   */
  public static final OptionCode UNREGISTERED =
      new OptionCode(-1, "unknown", "Unknown", "", OptionFormat.BINARY, NO_NESTED_OPTIONS, false);

  // The registry, one constant per row: (code, IANA name, human name, defining RFC, format), or
  // for OPTIONS payloads container(code, IANA name, human name, RFC, nested-options offset).

  // Filled by register() as the constants below are initialized (static fields initialize in
  // textual order), then completed with UNREGISTERED by the static block after the constants.
  private static final OptionCode[] BY_CODE = new OptionCode[MAX_REGISTERED + 1];

  /** {@code OPTION_CLIENTID}, RFC 8415 §21.2. */
  public static final OptionCode CLIENTID =
      register(1, "OPTION_CLIENTID", "Client Identifier", "RFC 8415", OptionFormat.DUID);

  /** {@code OPTION_SERVERID}, RFC 8415 §21.3. */
  public static final OptionCode SERVERID =
      register(2, "OPTION_SERVERID", "Server Identifier", "RFC 8415", OptionFormat.DUID);

  /** {@code OPTION_IA_NA}, RFC 8415 §21.4. */
  public static final OptionCode IA_NA =
      container(
          3, "OPTION_IA_NA", "Identity Association for Non-temporary Addresses", "RFC 8415", 12);

  /** {@code OPTION_IA_TA}, RFC 8415 §21.5. */
  public static final OptionCode IA_TA =
      container(4, "OPTION_IA_TA", "Identity Association for Temporary Addresses", "RFC 8415", 4);

  /** {@code OPTION_IAADDR}, RFC 8415 §21.6. */
  public static final OptionCode IAADDR =
      container(5, "OPTION_IAADDR", "IA Address", "RFC 8415", 24);

  /** {@code OPTION_ORO}, RFC 8415 §21.7. */
  public static final OptionCode ORO =
      register(6, "OPTION_ORO", "Option Request", "RFC 8415", OptionFormat.UINT16_LIST);

  /** {@code OPTION_PREFERENCE}, RFC 8415 §21.8. */
  public static final OptionCode PREFERENCE =
      register(7, "OPTION_PREFERENCE", "Preference", "RFC 8415", OptionFormat.UINT8);

  /** {@code OPTION_ELAPSED_TIME}, RFC 8415 §21.9. */
  public static final OptionCode ELAPSED_TIME =
      register(8, "OPTION_ELAPSED_TIME", "Elapsed Time", "RFC 8415", OptionFormat.UINT16);

  /** {@code OPTION_RELAY_MSG}, RFC 8415 §21.10. */
  public static final OptionCode RELAY_MSG =
      register(9, "OPTION_RELAY_MSG", "Relay Message", "RFC 8415", OptionFormat.DHCP_MESSAGE);

  /** {@code OPTION_AUTH}, RFC 8415 §21.11. */
  public static final OptionCode AUTH =
      register(11, "OPTION_AUTH", "Authentication", "RFC 8415", OptionFormat.BINARY);

  /** {@code OPTION_UNICAST}, RFC 8415 §21.12. */
  public static final OptionCode UNICAST =
      register(12, "OPTION_UNICAST", "Server Unicast", "RFC 8415", OptionFormat.IPV6_ADDRESS);

  /** {@code OPTION_STATUS_CODE}, RFC 8415 §21.13. */
  public static final OptionCode STATUS_CODE =
      register(13, "OPTION_STATUS_CODE", "Status Code", "RFC 8415", OptionFormat.STATUS);

  /** {@code OPTION_RAPID_COMMIT}, RFC 8415 §21.14. */
  public static final OptionCode RAPID_COMMIT =
      register(14, "OPTION_RAPID_COMMIT", "Rapid Commit", "RFC 8415", OptionFormat.EMPTY);

  /** {@code OPTION_USER_CLASS}, RFC 8415 §21.15. */
  public static final OptionCode USER_CLASS =
      register(
          15, "OPTION_USER_CLASS", "User Class", "RFC 8415", OptionFormat.LENGTH_PREFIXED_LIST);

  /** {@code OPTION_VENDOR_CLASS}, RFC 8415 §21.16. */
  public static final OptionCode VENDOR_CLASS =
      register(
          16,
          "OPTION_VENDOR_CLASS",
          "Vendor Class",
          "RFC 8415",
          OptionFormat.ENTERPRISE_LENGTH_PREFIXED_LIST);

  /** {@code OPTION_VENDOR_OPTS}, RFC 8415 §21.17. */
  public static final OptionCode VENDOR_OPTS =
      container(17, "OPTION_VENDOR_OPTS", "Vendor-specific Information", "RFC 8415", 4);

  /** {@code OPTION_INTERFACE_ID}, RFC 8415 §21.18. */
  public static final OptionCode INTERFACE_ID =
      register(18, "OPTION_INTERFACE_ID", "Interface-Id", "RFC 8415", OptionFormat.BINARY);

  /** {@code OPTION_RECONF_MSG}, RFC 8415 §21.19. */
  public static final OptionCode RECONF_MSG =
      register(19, "OPTION_RECONF_MSG", "Reconfigure Message", "RFC 8415", OptionFormat.UINT8);

  /** {@code OPTION_RECONF_ACCEPT}, RFC 8415 §21.20. */
  public static final OptionCode RECONF_ACCEPT =
      register(20, "OPTION_RECONF_ACCEPT", "Reconfigure Accept", "RFC 8415", OptionFormat.EMPTY);

  /** {@code OPTION_SIP_SERVER_D}, RFC 3319. */
  public static final OptionCode SIP_SERVER_D =
      register(
          21,
          "OPTION_SIP_SERVER_D",
          "SIP Servers Domain Name List",
          "RFC 3319",
          OptionFormat.DOMAIN_NAME_LIST);

  /** {@code OPTION_SIP_SERVER_A}, RFC 3319. */
  public static final OptionCode SIP_SERVER_A =
      register(
          22,
          "OPTION_SIP_SERVER_A",
          "SIP Servers IPv6 Address List",
          "RFC 3319",
          OptionFormat.IPV6_ADDRESS_LIST);

  /** {@code OPTION_DNS_SERVERS}, RFC 3646. */
  public static final OptionCode DNS_SERVERS =
      register(
          23,
          "OPTION_DNS_SERVERS",
          "DNS Recursive Name Server",
          "RFC 3646",
          OptionFormat.IPV6_ADDRESS_LIST);

  /** {@code OPTION_DOMAIN_LIST}, RFC 3646. */
  public static final OptionCode DOMAIN_LIST =
      register(
          24,
          "OPTION_DOMAIN_LIST",
          "Domain Search List",
          "RFC 3646",
          OptionFormat.DOMAIN_NAME_LIST);

  /** {@code OPTION_IA_PD}, RFC 8415 §21.21. */
  public static final OptionCode IA_PD =
      container(25, "OPTION_IA_PD", "Identity Association for Prefix Delegation", "RFC 8415", 12);

  /** {@code OPTION_IAPREFIX}, RFC 8415 §21.22. */
  public static final OptionCode IAPREFIX =
      container(26, "OPTION_IAPREFIX", "IA Prefix", "RFC 8415", 25);

  /** {@code OPTION_NIS_SERVERS}, RFC 3898. */
  public static final OptionCode NIS_SERVERS =
      register(27, "OPTION_NIS_SERVERS", "NIS Servers", "RFC 3898", OptionFormat.IPV6_ADDRESS_LIST);

  /** {@code OPTION_NISP_SERVERS}, RFC 3898. */
  public static final OptionCode NISP_SERVERS =
      register(
          28, "OPTION_NISP_SERVERS", "NIS+ Servers", "RFC 3898", OptionFormat.IPV6_ADDRESS_LIST);

  /** {@code OPTION_NIS_DOMAIN_NAME}, RFC 3898. */
  public static final OptionCode NIS_DOMAIN_NAME =
      register(
          29, "OPTION_NIS_DOMAIN_NAME", "NIS Domain Name", "RFC 3898", OptionFormat.DOMAIN_NAME);

  /** {@code OPTION_NISP_DOMAIN_NAME}, RFC 3898. */
  public static final OptionCode NISP_DOMAIN_NAME =
      register(
          30, "OPTION_NISP_DOMAIN_NAME", "NIS+ Domain Name", "RFC 3898", OptionFormat.DOMAIN_NAME);

  /** {@code OPTION_SNTP_SERVERS}, RFC 4075. */
  public static final OptionCode SNTP_SERVERS =
      register(
          31, "OPTION_SNTP_SERVERS", "SNTP Servers", "RFC 4075", OptionFormat.IPV6_ADDRESS_LIST);

  /** {@code OPTION_INFORMATION_REFRESH_TIME}, RFC 8415 §21.23. */
  public static final OptionCode INFORMATION_REFRESH_TIME =
      register(
          32,
          "OPTION_INFORMATION_REFRESH_TIME",
          "Information Refresh Time",
          "RFC 8415",
          OptionFormat.UINT32);

  /** {@code OPTION_BCMCS_SERVER_D}, RFC 4280. */
  public static final OptionCode BCMCS_SERVER_D =
      register(
          33,
          "OPTION_BCMCS_SERVER_D",
          "BCMCS Controller Domain Name List",
          "RFC 4280",
          OptionFormat.DOMAIN_NAME_LIST);

  /** {@code OPTION_BCMCS_SERVER_A}, RFC 4280. */
  public static final OptionCode BCMCS_SERVER_A =
      register(
          34,
          "OPTION_BCMCS_SERVER_A",
          "BCMCS Controller IPv6 Address",
          "RFC 4280",
          OptionFormat.IPV6_ADDRESS_LIST);

  /** {@code OPTION_GEOCONF_CIVIC}, RFC 4776. */
  public static final OptionCode GEOCONF_CIVIC =
      register(36, "OPTION_GEOCONF_CIVIC", "Civic Location", "RFC 4776", OptionFormat.BINARY);

  /** {@code OPTION_REMOTE_ID}, RFC 4649. */
  public static final OptionCode REMOTE_ID =
      register(37, "OPTION_REMOTE_ID", "Remote-ID", "RFC 4649", OptionFormat.ENTERPRISE_BINARY);

  /** {@code OPTION_SUBSCRIBER_ID}, RFC 4580. */
  public static final OptionCode SUBSCRIBER_ID =
      register(38, "OPTION_SUBSCRIBER_ID", "Subscriber-ID", "RFC 4580", OptionFormat.BINARY);

  /** {@code OPTION_CLIENT_FQDN}, RFC 4704. */
  public static final OptionCode CLIENT_FQDN =
      register(39, "OPTION_CLIENT_FQDN", "Client FQDN", "RFC 4704", OptionFormat.BINARY);

  /** {@code OPTION_PANA_AGENT}, RFC 5192. */
  public static final OptionCode PANA_AGENT =
      register(
          40,
          "OPTION_PANA_AGENT",
          "PANA Authentication Agent",
          "RFC 5192",
          OptionFormat.IPV6_ADDRESS_LIST);

  /** {@code OPTION_NEW_POSIX_TIMEZONE}, RFC 4833. */
  public static final OptionCode NEW_POSIX_TIMEZONE =
      register(41, "OPTION_NEW_POSIX_TIMEZONE", "POSIX Timezone", "RFC 4833", OptionFormat.STRING);

  /** {@code OPTION_NEW_TZDB_TIMEZONE}, RFC 4833. */
  public static final OptionCode NEW_TZDB_TIMEZONE =
      register(
          42, "OPTION_NEW_TZDB_TIMEZONE", "TZ Database Timezone", "RFC 4833", OptionFormat.STRING);

  /** {@code OPTION_ERO}, RFC 4994. */
  public static final OptionCode ERO =
      register(43, "OPTION_ERO", "Echo Request", "RFC 4994", OptionFormat.UINT16_LIST);

  /** {@code OPTION_LQ_QUERY}, RFC 5007. */
  public static final OptionCode LQ_QUERY =
      container(44, "OPTION_LQ_QUERY", "Leasequery Query", "RFC 5007", 17);

  /** {@code OPTION_CLIENT_DATA}, RFC 5007. */
  public static final OptionCode CLIENT_DATA =
      container(45, "OPTION_CLIENT_DATA", "Client Data", "RFC 5007", 0);

  /** {@code OPTION_CLT_TIME}, RFC 5007. */
  public static final OptionCode CLT_TIME =
      register(
          46, "OPTION_CLT_TIME", "Client Last Transaction Time", "RFC 5007", OptionFormat.UINT32);

  /** {@code OPTION_LQ_RELAY_DATA}, RFC 5007. */
  public static final OptionCode LQ_RELAY_DATA =
      register(
          47, "OPTION_LQ_RELAY_DATA", "Leasequery Relay Data", "RFC 5007", OptionFormat.BINARY);

  /** {@code OPTION_LQ_CLIENT_LINK}, RFC 5007. */
  public static final OptionCode LQ_CLIENT_LINK =
      register(
          48,
          "OPTION_LQ_CLIENT_LINK",
          "Leasequery Client Link",
          "RFC 5007",
          OptionFormat.IPV6_ADDRESS_LIST);

  /** {@code OPTION_MIP6_HNIDF}, RFC 6610. */
  public static final OptionCode MIP6_HNIDF =
      register(
          49, "OPTION_MIP6_HNIDF", "MIPv6 Home Network ID FQDN", "RFC 6610", OptionFormat.BINARY);

  /** {@code OPTION_MIP6_VDINF}, RFC 6610. */
  public static final OptionCode MIP6_VDINF =
      register(
          50,
          "OPTION_MIP6_VDINF",
          "MIPv6 Visited Home Network Information",
          "RFC 6610",
          OptionFormat.BINARY);

  /** {@code OPTION_V6_LOST}, RFC 5223. */
  public static final OptionCode V6_LOST =
      register(51, "OPTION_V6_LOST", "LoST Server", "RFC 5223", OptionFormat.DOMAIN_NAME);

  /** {@code OPTION_CAPWAP_AC_V6}, RFC 5417. */
  public static final OptionCode CAPWAP_AC_V6 =
      register(
          52,
          "OPTION_CAPWAP_AC_V6",
          "CAPWAP Access Controller Addresses",
          "RFC 5417",
          OptionFormat.IPV6_ADDRESS_LIST);

  /** {@code OPTION_RELAY_ID}, RFC 5460. */
  public static final OptionCode RELAY_ID =
      register(53, "OPTION_RELAY_ID", "Relay-ID", "RFC 5460", OptionFormat.DUID);

  /** {@code OPTION-IPv6_Address-MoS}, RFC 5678. */
  public static final OptionCode IPV6_ADDRESS_MOS =
      register(54, "OPTION-IPv6_Address-MoS", "MoS IPv6 Address", "RFC 5678", OptionFormat.BINARY);

  /** {@code OPTION-IPv6_FQDN-MoS}, RFC 5678. */
  public static final OptionCode IPV6_FQDN_MOS =
      register(55, "OPTION-IPv6_FQDN-MoS", "MoS Domain Name List", "RFC 5678", OptionFormat.BINARY);

  /** {@code OPTION_NTP_SERVER}, RFC 5908. */
  public static final OptionCode NTP_SERVER =
      container(56, "OPTION_NTP_SERVER", "NTP Server", "RFC 5908", 0);

  /** {@code OPTION_V6_ACCESS_DOMAIN}, RFC 5986. */
  public static final OptionCode V6_ACCESS_DOMAIN =
      register(
          57,
          "OPTION_V6_ACCESS_DOMAIN",
          "Access Network Domain Name",
          "RFC 5986",
          OptionFormat.DOMAIN_NAME);

  /** {@code OPTION_SIP_UA_CS_LIST}, RFC 6011. */
  public static final OptionCode SIP_UA_CS_LIST =
      register(
          58,
          "OPTION_SIP_UA_CS_LIST",
          "SIP User Agent Configuration Service Domains",
          "RFC 6011",
          OptionFormat.DOMAIN_NAME_LIST);

  /** {@code OPT_BOOTFILE_URL}, RFC 5970 §3.1. */
  public static final OptionCode BOOTFILE_URL =
      register(59, "OPT_BOOTFILE_URL", "Boot File URL", "RFC 5970", OptionFormat.STRING);

  /** {@code OPT_BOOTFILE_PARAM}, RFC 5970 §3.2. */
  public static final OptionCode BOOTFILE_PARAM =
      register(
          60,
          "OPT_BOOTFILE_PARAM",
          "Boot File Parameters",
          "RFC 5970",
          OptionFormat.LENGTH_PREFIXED_LIST);

  /** {@code OPTION_CLIENT_ARCH_TYPE}, RFC 5970 §3.3. */
  public static final OptionCode CLIENT_ARCH_TYPE =
      register(
          61,
          "OPTION_CLIENT_ARCH_TYPE",
          "Client System Architecture Type",
          "RFC 5970",
          OptionFormat.UINT16_LIST);

  /** {@code OPTION_NII}, RFC 5970 §3.4. */
  public static final OptionCode NII =
      register(
          62, "OPTION_NII", "Client Network Interface Identifier", "RFC 5970", OptionFormat.BINARY);

  /** {@code OPTION_GEOLOCATION}, RFC 6225. */
  public static final OptionCode GEOLOCATION =
      register(63, "OPTION_GEOLOCATION", "Geolocation", "RFC 6225", OptionFormat.BINARY);

  /** {@code OPTION_AFTR_NAME}, RFC 6334. */
  public static final OptionCode AFTR_NAME =
      register(64, "OPTION_AFTR_NAME", "AFTR Name", "RFC 6334", OptionFormat.DOMAIN_NAME);

  /** {@code OPTION_ERP_LOCAL_DOMAIN_NAME}, RFC 6440. */
  public static final OptionCode ERP_LOCAL_DOMAIN_NAME =
      register(
          65,
          "OPTION_ERP_LOCAL_DOMAIN_NAME",
          "ERP Local Domain Name",
          "RFC 6440",
          OptionFormat.DOMAIN_NAME);

  /** {@code OPTION_RSOO}, RFC 6422. */
  public static final OptionCode RSOO =
      container(66, "OPTION_RSOO", "Relay-Supplied Options", "RFC 6422", 0);

  /** {@code OPTION_PD_EXCLUDE}, RFC 6603. */
  public static final OptionCode PD_EXCLUDE =
      register(67, "OPTION_PD_EXCLUDE", "Prefix Exclude", "RFC 6603", OptionFormat.BINARY);

  /** {@code OPTION_VSS}, RFC 6607. */
  public static final OptionCode VSS =
      register(68, "OPTION_VSS", "Virtual Subnet Selection", "RFC 6607", OptionFormat.BINARY);

  /** {@code OPTION_MIP6_IDINF}, RFC 6610. */
  public static final OptionCode MIP6_IDINF =
      register(
          69,
          "OPTION_MIP6_IDINF",
          "MIPv6 Identified Home Network Information",
          "RFC 6610",
          OptionFormat.BINARY);

  /** {@code OPTION_MIP6_UDINF}, RFC 6610. */
  public static final OptionCode MIP6_UDINF =
      register(
          70,
          "OPTION_MIP6_UDINF",
          "MIPv6 Unrestricted Home Network Information",
          "RFC 6610",
          OptionFormat.BINARY);

  /** {@code OPTION_MIP6_HNP}, RFC 6610. */
  public static final OptionCode MIP6_HNP =
      register(71, "OPTION_MIP6_HNP", "MIPv6 Home Network Prefix", "RFC 6610", OptionFormat.BINARY);

  /** {@code OPTION_MIP6_HAA}, RFC 6610. */
  public static final OptionCode MIP6_HAA =
      register(72, "OPTION_MIP6_HAA", "MIPv6 Home Agent Address", "RFC 6610", OptionFormat.BINARY);

  /** {@code OPTION_MIP6_HAF}, RFC 6610. */
  public static final OptionCode MIP6_HAF =
      register(73, "OPTION_MIP6_HAF", "MIPv6 Home Agent FQDN", "RFC 6610", OptionFormat.BINARY);

  /** {@code OPTION_RDNSS_SELECTION}, RFC 6731. */
  public static final OptionCode RDNSS_SELECTION =
      register(74, "OPTION_RDNSS_SELECTION", "RDNSS Selection", "RFC 6731", OptionFormat.BINARY);

  /** {@code OPTION_KRB_PRINCIPAL_NAME}, RFC 6784. */
  public static final OptionCode KRB_PRINCIPAL_NAME =
      register(
          75,
          "OPTION_KRB_PRINCIPAL_NAME",
          "Kerberos Principal Name",
          "RFC 6784",
          OptionFormat.BINARY);

  /** {@code OPTION_KRB_REALM_NAME}, RFC 6784. */
  public static final OptionCode KRB_REALM_NAME =
      register(76, "OPTION_KRB_REALM_NAME", "Kerberos Realm Name", "RFC 6784", OptionFormat.BINARY);

  /** {@code OPTION_KRB_DEFAULT_REALM_NAME}, RFC 6784. */
  public static final OptionCode KRB_DEFAULT_REALM_NAME =
      register(
          77,
          "OPTION_KRB_DEFAULT_REALM_NAME",
          "Kerberos Default Realm Name",
          "RFC 6784",
          OptionFormat.BINARY);

  /** {@code OPTION_KRB_KDC}, RFC 6784. */
  public static final OptionCode KRB_KDC =
      register(78, "OPTION_KRB_KDC", "Kerberos KDC", "RFC 6784", OptionFormat.BINARY);

  /** {@code OPTION_CLIENT_LINKLAYER_ADDR}, RFC 6939. */
  public static final OptionCode CLIENT_LINKLAYER_ADDR =
      register(
          79,
          "OPTION_CLIENT_LINKLAYER_ADDR",
          "Client Link-Layer Address",
          "RFC 6939",
          OptionFormat.LINK_LAYER_ADDRESS);

  /** {@code OPTION_LINK_ADDRESS}, RFC 6977. */
  public static final OptionCode LINK_ADDRESS =
      register(80, "OPTION_LINK_ADDRESS", "Link Address", "RFC 6977", OptionFormat.IPV6_ADDRESS);

  /** {@code OPTION_RADIUS}, RFC 7037. */
  public static final OptionCode RADIUS =
      register(81, "OPTION_RADIUS", "RADIUS", "RFC 7037", OptionFormat.BINARY);

  /** {@code OPTION_SOL_MAX_RT}, RFC 8415 §21.24. */
  public static final OptionCode SOL_MAX_RT =
      register(82, "OPTION_SOL_MAX_RT", "SOL_MAX_RT", "RFC 8415", OptionFormat.UINT32);

  /** {@code OPTION_INF_MAX_RT}, RFC 8415 §21.25. */
  public static final OptionCode INF_MAX_RT =
      register(83, "OPTION_INF_MAX_RT", "INF_MAX_RT", "RFC 8415", OptionFormat.UINT32);

  /** {@code OPTION_ADDRSEL}, RFC 7078. */
  public static final OptionCode ADDRSEL =
      register(84, "OPTION_ADDRSEL", "Address Selection", "RFC 7078", OptionFormat.BINARY);

  /** {@code OPTION_ADDRSEL_TABLE}, RFC 7078. */
  public static final OptionCode ADDRSEL_TABLE =
      register(
          85,
          "OPTION_ADDRSEL_TABLE",
          "Address Selection Policy Table",
          "RFC 7078",
          OptionFormat.BINARY);

  /** {@code OPTION_V6_PCP_SERVER}, RFC 7291. */
  public static final OptionCode V6_PCP_SERVER =
      register(
          86, "OPTION_V6_PCP_SERVER", "PCP Server", "RFC 7291", OptionFormat.IPV6_ADDRESS_LIST);

  /** {@code OPTION_DHCPV4_MSG}, RFC 7341. */
  public static final OptionCode DHCPV4_MSG =
      register(87, "OPTION_DHCPV4_MSG", "DHCPv4 Message", "RFC 7341", OptionFormat.BINARY);

  /** {@code OPTION_DHCP4_O_DHCP6_SERVER}, RFC 7341. */
  public static final OptionCode DHCP4_O_DHCP6_SERVER =
      register(
          88,
          "OPTION_DHCP4_O_DHCP6_SERVER",
          "DHCP 4o6 Server Address",
          "RFC 7341",
          OptionFormat.IPV6_ADDRESS_LIST);

  /** {@code OPTION_S46_RULE}, RFC 7598. */
  public static final OptionCode S46_RULE =
      register(89, "OPTION_S46_RULE", "S46 Rule", "RFC 7598", OptionFormat.BINARY);

  /** {@code OPTION_S46_BR}, RFC 7598. */
  public static final OptionCode S46_BR =
      register(90, "OPTION_S46_BR", "S46 Border Relay", "RFC 7598", OptionFormat.IPV6_ADDRESS);

  /** {@code OPTION_S46_DMR}, RFC 7598. */
  public static final OptionCode S46_DMR =
      register(91, "OPTION_S46_DMR", "S46 Default Mapping Rule", "RFC 7598", OptionFormat.BINARY);

  /** {@code OPTION_S46_V4V6BIND}, RFC 7598. */
  public static final OptionCode S46_V4V6BIND =
      register(
          92,
          "OPTION_S46_V4V6BIND",
          "S46 IPv4/IPv6 Address Binding",
          "RFC 7598",
          OptionFormat.BINARY);

  /** {@code OPTION_S46_PORTPARAMS}, RFC 7598. */
  public static final OptionCode S46_PORTPARAMS =
      register(93, "OPTION_S46_PORTPARAMS", "S46 Port Parameters", "RFC 7598", OptionFormat.BINARY);

  /** {@code OPTION_S46_CONT_MAPE}, RFC 7598. */
  public static final OptionCode S46_CONT_MAPE =
      container(94, "OPTION_S46_CONT_MAPE", "S46 MAP-E Container", "RFC 7598", 0);

  /** {@code OPTION_S46_CONT_MAPT}, RFC 7598. */
  public static final OptionCode S46_CONT_MAPT =
      container(95, "OPTION_S46_CONT_MAPT", "S46 MAP-T Container", "RFC 7598", 0);

  /** {@code OPTION_S46_CONT_LW}, RFC 7598. */
  public static final OptionCode S46_CONT_LW =
      container(96, "OPTION_S46_CONT_LW", "S46 Lightweight 4over6 Container", "RFC 7598", 0);

  /** {@code OPTION_4RD}, RFC 7600. */
  public static final OptionCode FOUR_RD = container(97, "OPTION_4RD", "4rd", "RFC 7600", 0);

  /** {@code OPTION_4RD_MAP_RULE}, RFC 7600. */
  public static final OptionCode FOUR_RD_MAP_RULE =
      register(98, "OPTION_4RD_MAP_RULE", "4rd Map Rule", "RFC 7600", OptionFormat.BINARY);

  /** {@code OPTION_4RD_NON_MAP_RULE}, RFC 7600. */
  public static final OptionCode FOUR_RD_NON_MAP_RULE =
      register(99, "OPTION_4RD_NON_MAP_RULE", "4rd Non-Map Rule", "RFC 7600", OptionFormat.BINARY);

  /** {@code OPTION_LQ_BASE_TIME}, RFC 7653. */
  public static final OptionCode LQ_BASE_TIME =
      register(100, "OPTION_LQ_BASE_TIME", "Leasequery Base Time", "RFC 7653", OptionFormat.UINT32);

  /** {@code OPTION_LQ_START_TIME}, RFC 7653. */
  public static final OptionCode LQ_START_TIME =
      register(
          101, "OPTION_LQ_START_TIME", "Leasequery Start Time", "RFC 7653", OptionFormat.UINT32);

  /** {@code OPTION_LQ_END_TIME}, RFC 7653. */
  public static final OptionCode LQ_END_TIME =
      register(102, "OPTION_LQ_END_TIME", "Leasequery End Time", "RFC 7653", OptionFormat.UINT32);

  /** {@code DHCP Captive-Portal}, RFC 8910. */
  public static final OptionCode CAPTIVE_PORTAL =
      register(103, "DHCP Captive-Portal", "Captive-Portal", "RFC 8910", OptionFormat.STRING);

  /** {@code OPTION_MPL_PARAMETERS}, RFC 7774. */
  public static final OptionCode MPL_PARAMETERS =
      register(104, "OPTION_MPL_PARAMETERS", "MPL Parameters", "RFC 7774", OptionFormat.BINARY);

  /** {@code OPTION_ANI_ATT}, RFC 7839. */
  public static final OptionCode ANI_ATT =
      register(105, "OPTION_ANI_ATT", "Access-Network-Type", "RFC 7839", OptionFormat.BINARY);

  /** {@code OPTION_ANI_NETWORK_NAME}, RFC 7839. */
  public static final OptionCode ANI_NETWORK_NAME =
      register(106, "OPTION_ANI_NETWORK_NAME", "Network Name", "RFC 7839", OptionFormat.STRING);

  /** {@code OPTION_ANI_AP_NAME}, RFC 7839. */
  public static final OptionCode ANI_AP_NAME =
      register(107, "OPTION_ANI_AP_NAME", "Access Point Name", "RFC 7839", OptionFormat.STRING);

  /** {@code OPTION_ANI_AP_BSSID}, RFC 7839. */
  public static final OptionCode ANI_AP_BSSID =
      register(108, "OPTION_ANI_AP_BSSID", "Access Point BSSID", "RFC 7839", OptionFormat.BINARY);

  /** {@code OPTION_ANI_OPERATOR_ID}, RFC 7839. */
  public static final OptionCode ANI_OPERATOR_ID =
      register(
          109, "OPTION_ANI_OPERATOR_ID", "Operator Identifier", "RFC 7839", OptionFormat.BINARY);

  /** {@code OPTION_ANI_OPERATOR_REALM}, RFC 7839. */
  public static final OptionCode ANI_OPERATOR_REALM =
      register(110, "OPTION_ANI_OPERATOR_REALM", "Operator Realm", "RFC 7839", OptionFormat.BINARY);

  /** {@code OPTION_S46_PRIORITY}, RFC 8026. */
  public static final OptionCode S46_PRIORITY =
      register(111, "OPTION_S46_PRIORITY", "S46 Priority", "RFC 8026", OptionFormat.UINT16_LIST);

  /** {@code OPTION_MUD_URL_V6}, RFC 8520. */
  public static final OptionCode MUD_URL_V6 =
      register(112, "OPTION_MUD_URL_V6", "MUD URL", "RFC 8520", OptionFormat.STRING);

  /** {@code OPTION_V6_PREFIX64}, RFC 8115. */
  public static final OptionCode V6_PREFIX64 =
      register(113, "OPTION_V6_PREFIX64", "NAT64 Prefix", "RFC 8115", OptionFormat.BINARY);

  /** {@code OPTION_F_BINDING_STATUS}, RFC 8156. */
  public static final OptionCode F_BINDING_STATUS =
      register(
          114,
          "OPTION_F_BINDING_STATUS",
          "Failover Binding Status",
          "RFC 8156",
          OptionFormat.UINT8);

  /** {@code OPTION_F_CONNECT_FLAGS}, RFC 8156. */
  public static final OptionCode F_CONNECT_FLAGS =
      register(
          115, "OPTION_F_CONNECT_FLAGS", "Failover Connect Flags", "RFC 8156", OptionFormat.UINT16);

  /** {@code OPTION_F_DNS_REMOVAL_INFO}, RFC 8156. */
  public static final OptionCode F_DNS_REMOVAL_INFO =
      container(116, "OPTION_F_DNS_REMOVAL_INFO", "Failover DNS Removal Info", "RFC 8156", 0);

  /** {@code OPTION_F_DNS_HOST_NAME}, RFC 8156. */
  public static final OptionCode F_DNS_HOST_NAME =
      register(
          117,
          "OPTION_F_DNS_HOST_NAME",
          "Failover DNS Host Name",
          "RFC 8156",
          OptionFormat.DOMAIN_NAME);

  /** {@code OPTION_F_DNS_ZONE_NAME}, RFC 8156. */
  public static final OptionCode F_DNS_ZONE_NAME =
      register(
          118,
          "OPTION_F_DNS_ZONE_NAME",
          "Failover DNS Zone Name",
          "RFC 8156",
          OptionFormat.DOMAIN_NAME);

  /** {@code OPTION_F_DNS_FLAGS}, RFC 8156. */
  public static final OptionCode F_DNS_FLAGS =
      register(119, "OPTION_F_DNS_FLAGS", "Failover DNS Flags", "RFC 8156", OptionFormat.UINT16);

  /** {@code OPTION_F_EXPIRATION_TIME}, RFC 8156. */
  public static final OptionCode F_EXPIRATION_TIME =
      register(
          120,
          "OPTION_F_EXPIRATION_TIME",
          "Failover Expiration Time",
          "RFC 8156",
          OptionFormat.UINT32);

  /** {@code OPTION_F_MAX_UNACKED_BNDUPD}, RFC 8156. */
  public static final OptionCode F_MAX_UNACKED_BNDUPD =
      register(
          121,
          "OPTION_F_MAX_UNACKED_BNDUPD",
          "Failover Max Unacked BNDUPD",
          "RFC 8156",
          OptionFormat.UINT32);

  /** {@code OPTION_F_MCLT}, RFC 8156. */
  public static final OptionCode F_MCLT =
      register(122, "OPTION_F_MCLT", "Failover MCLT", "RFC 8156", OptionFormat.UINT32);

  /** {@code OPTION_F_PARTNER_LIFETIME}, RFC 8156. */
  public static final OptionCode F_PARTNER_LIFETIME =
      register(
          123,
          "OPTION_F_PARTNER_LIFETIME",
          "Failover Partner Lifetime",
          "RFC 8156",
          OptionFormat.UINT32);

  /** {@code OPTION_F_PARTNER_LIFETIME_SENT}, RFC 8156. */
  public static final OptionCode F_PARTNER_LIFETIME_SENT =
      register(
          124,
          "OPTION_F_PARTNER_LIFETIME_SENT",
          "Failover Partner Lifetime Sent",
          "RFC 8156",
          OptionFormat.UINT32);

  /** {@code OPTION_F_PARTNER_DOWN_TIME}, RFC 8156. */
  public static final OptionCode F_PARTNER_DOWN_TIME =
      register(
          125,
          "OPTION_F_PARTNER_DOWN_TIME",
          "Failover Partner Down Time",
          "RFC 8156",
          OptionFormat.UINT32);

  /** {@code OPTION_F_PARTNER_RAW_CLT_TIME}, RFC 8156. */
  public static final OptionCode F_PARTNER_RAW_CLT_TIME =
      register(
          126,
          "OPTION_F_PARTNER_RAW_CLT_TIME",
          "Failover Partner Raw CLT Time",
          "RFC 8156",
          OptionFormat.UINT32);

  /** {@code OPTION_F_PROTOCOL_VERSION}, RFC 8156. */
  public static final OptionCode F_PROTOCOL_VERSION =
      register(
          127,
          "OPTION_F_PROTOCOL_VERSION",
          "Failover Protocol Version",
          "RFC 8156",
          OptionFormat.BINARY);

  /** {@code OPTION_F_KEEPALIVE_TIME}, RFC 8156. */
  public static final OptionCode F_KEEPALIVE_TIME =
      register(
          128,
          "OPTION_F_KEEPALIVE_TIME",
          "Failover Keepalive Time",
          "RFC 8156",
          OptionFormat.UINT32);

  /** {@code OPTION_F_RECONFIGURE_DATA}, RFC 8156. */
  public static final OptionCode F_RECONFIGURE_DATA =
      register(
          129,
          "OPTION_F_RECONFIGURE_DATA",
          "Failover Reconfigure Data",
          "RFC 8156",
          OptionFormat.BINARY);

  /** {@code OPTION_F_RELATIONSHIP_NAME}, RFC 8156. */
  public static final OptionCode F_RELATIONSHIP_NAME =
      register(
          130,
          "OPTION_F_RELATIONSHIP_NAME",
          "Failover Relationship Name",
          "RFC 8156",
          OptionFormat.STRING);

  /** {@code OPTION_F_SERVER_FLAGS}, RFC 8156. */
  public static final OptionCode F_SERVER_FLAGS =
      register(
          131, "OPTION_F_SERVER_FLAGS", "Failover Server Flags", "RFC 8156", OptionFormat.UINT8);

  /** {@code OPTION_F_SERVER_STATE}, RFC 8156. */
  public static final OptionCode F_SERVER_STATE =
      register(
          132, "OPTION_F_SERVER_STATE", "Failover Server State", "RFC 8156", OptionFormat.UINT8);

  /** {@code OPTION_F_START_TIME_OF_STATE}, RFC 8156. */
  public static final OptionCode F_START_TIME_OF_STATE =
      register(
          133,
          "OPTION_F_START_TIME_OF_STATE",
          "Failover Start Time of State",
          "RFC 8156",
          OptionFormat.UINT32);

  /** {@code OPTION_F_STATE_EXPIRATION_TIME}, RFC 8156. */
  public static final OptionCode F_STATE_EXPIRATION_TIME =
      register(
          134,
          "OPTION_F_STATE_EXPIRATION_TIME",
          "Failover State Expiration Time",
          "RFC 8156",
          OptionFormat.UINT32);

  /** {@code OPTION_RELAY_PORT}, RFC 8357. */
  public static final OptionCode RELAY_PORT =
      register(135, "OPTION_RELAY_PORT", "Relay Source Port", "RFC 8357", OptionFormat.UINT16);

  /** {@code OPTION_V6_SZTP_REDIRECT}, RFC 8572. */
  public static final OptionCode V6_SZTP_REDIRECT =
      register(
          136,
          "OPTION_V6_SZTP_REDIRECT",
          "SZTP Redirect",
          "RFC 8572",
          OptionFormat.LENGTH_PREFIXED_LIST);

  /** {@code OPTION_S46_BIND_IPV6_PREFIX}, RFC 8539. */
  public static final OptionCode S46_BIND_IPV6_PREFIX =
      register(
          137,
          "OPTION_S46_BIND_IPV6_PREFIX",
          "S46 Bind IPv6 Prefix",
          "RFC 8539",
          OptionFormat.BINARY);

  /** {@code OPTION_IA_LL}, RFC 8947. */
  public static final OptionCode IA_LL =
      container(
          138, "OPTION_IA_LL", "Identity Association for Link-Layer Addresses", "RFC 8947", 12);

  /** {@code OPTION_LLADDR}, RFC 8947. */
  public static final OptionCode LLADDR =
      register(139, "OPTION_LLADDR", "Link-Layer Address", "RFC 8947", OptionFormat.BINARY);

  /** {@code OPTION_SLAP_QUAD}, RFC 8948. */
  public static final OptionCode SLAP_QUAD =
      register(140, "OPTION_SLAP_QUAD", "SLAP Quadrant", "RFC 8948", OptionFormat.BINARY);

  /** {@code OPTION_V6_DOTS_RI}, RFC 8973. */
  public static final OptionCode V6_DOTS_RI =
      register(
          141,
          "OPTION_V6_DOTS_RI",
          "DOTS Reference Identifier",
          "RFC 8973",
          OptionFormat.DOMAIN_NAME);

  /** {@code OPTION_V6_DOTS_ADDRESS}, RFC 8973. */
  public static final OptionCode V6_DOTS_ADDRESS =
      register(
          142,
          "OPTION_V6_DOTS_ADDRESS",
          "DOTS Address",
          "RFC 8973",
          OptionFormat.IPV6_ADDRESS_LIST);

  /** {@code OPTION-IPv6_Address-ANDSF}, RFC 6153. */
  public static final OptionCode IPV6_ADDRESS_ANDSF =
      register(
          143,
          "OPTION-IPv6_Address-ANDSF",
          "ANDSF IPv6 Address",
          "RFC 6153",
          OptionFormat.IPV6_ADDRESS_LIST);

  /** {@code OPTION_V6_DNR}, RFC 9463. */
  public static final OptionCode V6_DNR =
      register(144, "OPTION_V6_DNR", "Encrypted DNS Resolver", "RFC 9463", OptionFormat.BINARY);

  /** {@code OPTION_REGISTERED_DOMAIN}, RFC 9527. */
  public static final OptionCode REGISTERED_DOMAIN =
      register(
          145,
          "OPTION_REGISTERED_DOMAIN",
          "Registered Domain",
          "RFC 9527",
          OptionFormat.DOMAIN_NAME);

  /** {@code OPTION_FORWARD_DIST_MANAGER}, RFC 9527. */
  public static final OptionCode FORWARD_DIST_MANAGER =
      register(
          146,
          "OPTION_FORWARD_DIST_MANAGER",
          "Forward Distribution Manager",
          "RFC 9527",
          OptionFormat.BINARY);

  /** {@code OPTION_REVERSE_DIST_MANAGER}, RFC 9527. */
  public static final OptionCode REVERSE_DIST_MANAGER =
      register(
          147,
          "OPTION_REVERSE_DIST_MANAGER",
          "Reverse Distribution Manager",
          "RFC 9527",
          OptionFormat.BINARY);

  /** {@code OPTION_ADDR_REG_ENABLE}, RFC 9686. */
  public static final OptionCode ADDR_REG_ENABLE =
      register(
          148,
          "OPTION_ADDR_REG_ENABLE",
          "Address Registration Enable",
          "RFC 9686",
          OptionFormat.EMPTY);

  private static final List<OptionCode> REGISTERED;

  static {
    List<OptionCode> registered = new ArrayList<>();
    for (int code = 0; code < BY_CODE.length; code++) {
      if (BY_CODE[code] == null) {
        BY_CODE[code] = UNREGISTERED;
      } else {
        registered.add(BY_CODE[code]);
      }
    }
    REGISTERED = Collections.unmodifiableList(registered);
  }

  private final int code;
  private final String name;
  private final String description;
  private final String rfc;
  private final OptionFormat format;
  private final int nestedOptionsOffset;
  private final boolean registered;
  private final String text;

  private OptionCode(
      int code,
      String name,
      String description,
      String rfc,
      OptionFormat format,
      int nestedOptionsOffset,
      boolean registered) {
    this.code = code;
    this.name = name;
    this.description = description;
    this.rfc = rfc;
    this.format = format;
    this.nestedOptionsOffset = nestedOptionsOffset;
    this.registered = registered;
    this.text = registered ? name + "(" + code + ")" : name;
  }

  private static OptionCode register(
      int code, String name, String description, String rfc, OptionFormat format) {
    if (format == OptionFormat.OPTIONS) {
      throw new AssertionError("option " + code + ": use container() for nested options");
    }
    return add(new OptionCode(code, name, description, rfc, format, NO_NESTED_OPTIONS, true));
  }

  private static OptionCode container(
      int code, String name, String description, String rfc, int headerLength) {
    return add(
        new OptionCode(code, name, description, rfc, OptionFormat.OPTIONS, headerLength, true));
  }

  private static OptionCode add(OptionCode option) {
    if (BY_CODE[option.code] != null) {
      throw new AssertionError("option " + option.code + " registered twice");
    }
    BY_CODE[option.code] = option;
    return option;
  }

  /**
   * Returns the registered option with this code, or {@link #UNREGISTERED} when IANA has not
   * registered it. Never allocates.
   *
   * @param code the option-code field, 0 to 65535 (read it as an unsigned 16-bit value)
   * @return the option, never {@code null}
   * @throws IllegalArgumentException if {@code code} is outside 0..65535
   */
  public static OptionCode valueOf(int code) {
    checkArgument(code >= 0 && code <= 0xffff, "option code: %s (expected: 0..65535)", code);
    return code < BY_CODE.length ? BY_CODE[code] : UNREGISTERED;
  }

  /**
   * Returns a label for any option code: the IANA name of a registered code (e.g. {@code
   * "OPTION_CLIENTID"}, no allocation), otherwise {@code "unknown(N)"} (allocated on each call).
   *
   * @param code the option-code field, 0 to 65535
   * @return the label
   * @throws IllegalArgumentException if {@code code} is outside 0..65535
   */
  public static String nameOf(int code) {
    OptionCode option = valueOf(code);
    return option.registered ? option.name : "unknown(" + code + ")";
  }

  /**
   * Returns every registered option, in increasing code order.
   *
   * @return an unmodifiable list of the constants of this class, {@link #UNREGISTERED} excluded
   */
  public static List<OptionCode> registered() {
    return REGISTERED;
  }

  /**
   * Returns the option-code value (RFC 8415 §21.1).
   *
   * @return the code, 1 to {@link #MAX_REGISTERED}, or {@code -1} for {@link #UNREGISTERED}
   */
  public int code() {
    return code;
  }

  /**
   * Returns the IANA registry name, e.g. {@code "OPTION_CLIENTID"} or {@code "OPT_BOOTFILE_URL"},
   * exactly as the registry spells it; {@code "unknown"} for {@link #UNREGISTERED}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns a short human name taken from the defining RFC's title for the option, e.g. {@code
   * "Client Identifier"} (see the class documentation for how it is derived).
   *
   * @return the human name
   */
  public String description() {
    return description;
  }

  /**
   * Returns the document that defines the option, e.g. {@code "RFC 8415"}; the empty string for
   * {@link #UNREGISTERED}.
   *
   * @return the RFC
   */
  public String rfc() {
    return rfc;
  }

  /**
   * Returns the coarse shape of the option's payload.
   *
   * @return the format; {@link OptionFormat#BINARY} for {@link #UNREGISTERED}
   */
  public OptionFormat format() {
    return format;
  }

  /**
   * Returns whether IANA has registered this option.
   *
   * @return {@code false} only for {@link #UNREGISTERED}
   */
  public boolean isRegistered() {
    return registered;
  }

  /**
   * Returns whether the payload contains further DHCPv6 data to walk: options after a fixed header
   * ({@link OptionFormat#OPTIONS}, e.g. IA_NA, IAADDR, IA_PD, IAPREFIX, VENDOR_OPTS, NTP server) or
   * a whole message ({@link OptionFormat#DHCP_MESSAGE}, the relay message of RFC 8415 §21.10).
   *
   * @return {@code true} when a walker should descend into the payload
   */
  public boolean isEncapsulating() {
    return format == OptionFormat.OPTIONS || format == OptionFormat.DHCP_MESSAGE;
  }

  /**
   * Returns the length of the fixed header before the nested options of an {@link
   * OptionFormat#OPTIONS} payload: 12 for IA_NA, IA_PD and IA_LL (IAID, T1, T2; RFC 8415 §21.4,
   * §21.21), 4 for IA_TA (IAID, §21.5) and VENDOR_OPTS (enterprise number, §21.17), 24 for IAADDR
   * (address and two lifetimes, §21.6), 25 for IAPREFIX (two lifetimes, prefix length and prefix,
   * §21.22), 17 for LQ_QUERY (query type and link address, RFC 5007), 0 for pure containers.
   *
   * <p>For a relay message the offset depends on the inner message's type: see {@link
   * MessageType#headerLength()}.
   *
   * @return the header length in bytes, or {@link #NO_NESTED_OPTIONS} when the format is not {@link
   *     OptionFormat#OPTIONS}
   */
  public int nestedOptionsOffset() {
    return nestedOptionsOffset;
  }

  /**
   * Returns the IANA name and the code, e.g. {@code "OPTION_CLIENTID(1)"}; {@code "unknown"} for
   * {@link #UNREGISTERED}. Never allocates.
   *
   * @return the text form
   */
  @Override
  public String toString() {
    return text;
  }
}
