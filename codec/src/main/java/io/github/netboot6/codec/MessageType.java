package io.github.netboot6.codec;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A DHCPv6 message type: the first byte of every DHCPv6 message (RFC 8415 §7.3, §8, §9).
 *
 * <p>This is an "open enum": there is one constant per type registered by IANA, and {@link
 * #valueOf(int)} returns an instance for every byte value, registered or not, without throwing and
 * without allocating. An unregistered type is kept as its raw code with {@link #isRegistered()}
 * {@code false}, so a decoder never rejects a message only because its type is new.
 *
 * <pre>{@code
 * MessageType type = MessageType.valueOf(buffer[offset] & 0xff);
 * if (type == MessageType.SOLICIT) { ... }           // instances are canonical: == is safe
 * int headerLength = type.headerLength();             // 4, or 34 for RELAY-FORW and RELAY-REPL
 * }</pre>
 *
 * <p>Instances are canonical (one per code), immutable and thread-safe; compare them with {@code
 * ==}.
 *
 * <p>Source: IANA "Dynamic Host Configuration Protocol for IPv6 (DHCPv6)" registry, sub-registry
 * "Message Types", https://www.iana.org/assignments/dhcpv6-parameters/ (values 1 to 37 assigned; 0
 * reserved; 38 to 255 unassigned). Names are the registry's text.
 */
public final class MessageType {

  /** The length of a client/server message header: msg-type and transaction-id (RFC 8415 §8). */
  public static final int CLIENT_SERVER_HEADER_LENGTH = 4;

  /**
   * The length of a relay agent/server message header: msg-type, hop-count, link-address and
   * peer-address (RFC 8415 §9).
   */
  public static final int RELAY_HEADER_LENGTH = 34;

  private static final int DIRECTION_NONE = 0;
  private static final int CLIENT_TO_SERVER = 1;
  private static final int SERVER_TO_CLIENT = 2;

  // Filled by register() as the constants below are initialized (static fields initialize in
  // textual order), then completed with unregistered instances by the static block at the end.
  private static final MessageType[] BY_CODE = new MessageType[256];

  // RFC 8415 §7.3.

  /** SOLICIT (1): a client locates servers (RFC 8415 §7.3, §18.2.1). Client to server. */
  public static final MessageType SOLICIT = register(1, "SOLICIT", "RFC 8415", CLIENT_TO_SERVER);

  /** ADVERTISE (2): a server offers service in answer to a Solicit (RFC 8415 §7.3, §18.3.9). */
  public static final MessageType ADVERTISE =
      register(2, "ADVERTISE", "RFC 8415", SERVER_TO_CLIENT);

  /** REQUEST (3): a client requests leases from one server (RFC 8415 §7.3, §18.2.2). */
  public static final MessageType REQUEST = register(3, "REQUEST", "RFC 8415", CLIENT_TO_SERVER);

  /** CONFIRM (4): a client checks its addresses are still on link (RFC 8415 §7.3, §18.2.3). */
  public static final MessageType CONFIRM = register(4, "CONFIRM", "RFC 8415", CLIENT_TO_SERVER);

  /** RENEW (5): a client extends leases with the server that gave them (RFC 8415 §18.2.4). */
  public static final MessageType RENEW = register(5, "RENEW", "RFC 8415", CLIENT_TO_SERVER);

  /** REBIND (6): a client extends leases with any server (RFC 8415 §7.3, §18.2.5). */
  public static final MessageType REBIND = register(6, "REBIND", "RFC 8415", CLIENT_TO_SERVER);

  /** REPLY (7): a server answers a client message (RFC 8415 §7.3, §18.3). Server to client. */
  public static final MessageType REPLY = register(7, "REPLY", "RFC 8415", SERVER_TO_CLIENT);

  /** RELEASE (8): a client gives leases back (RFC 8415 §7.3, §18.2.7). Client to server. */
  public static final MessageType RELEASE = register(8, "RELEASE", "RFC 8415", CLIENT_TO_SERVER);

  /** DECLINE (9): a client reports addresses already in use (RFC 8415 §7.3, §18.2.8). */
  public static final MessageType DECLINE = register(9, "DECLINE", "RFC 8415", CLIENT_TO_SERVER);

  /** RECONFIGURE (10): a server asks a client to renew or refresh (RFC 8415 §7.3, §18.3.11). */
  public static final MessageType RECONFIGURE =
      register(10, "RECONFIGURE", "RFC 8415", SERVER_TO_CLIENT);

  /** INFORMATION-REQUEST (11): a client asks for configuration only (RFC 8415 §18.2.6). */
  public static final MessageType INFORMATION_REQUEST =
      register(11, "INFORMATION-REQUEST", "RFC 8415", CLIENT_TO_SERVER);

  /** RELAY-FORW (12): a relay agent forwards a message towards servers (RFC 8415 §7.3, §9). */
  public static final MessageType RELAY_FORW =
      register(12, "RELAY-FORW", "RFC 8415", DIRECTION_NONE);

  /** RELAY-REPL (13): a server sends a message back through a relay agent (RFC 8415 §7.3, §9). */
  public static final MessageType RELAY_REPL =
      register(13, "RELAY-REPL", "RFC 8415", DIRECTION_NONE);

  // Leasequery, RFC 5007 §4.2 and RFC 5460 §5.2: exchanged between a requestor and a server.

  /** LEASEQUERY (14): a requestor asks a server about a binding (RFC 5007 §4.2). */
  public static final MessageType LEASEQUERY =
      register(14, "LEASEQUERY", "RFC 5007", DIRECTION_NONE);

  /** LEASEQUERY-REPLY (15): a server answers a Leasequery (RFC 5007 §4.2). */
  public static final MessageType LEASEQUERY_REPLY =
      register(15, "LEASEQUERY-REPLY", "RFC 5007", DIRECTION_NONE);

  /** LEASEQUERY-DONE (16): the end of a bulk leasequery answer (RFC 5460 §5.2). */
  public static final MessageType LEASEQUERY_DONE =
      register(16, "LEASEQUERY-DONE", "RFC 5460", DIRECTION_NONE);

  /** LEASEQUERY-DATA (17): one more binding in a bulk leasequery answer (RFC 5460 §5.2). */
  public static final MessageType LEASEQUERY_DATA =
      register(17, "LEASEQUERY-DATA", "RFC 5460", DIRECTION_NONE);

  // Relay-initiated reconfiguration, RFC 6977: exchanged between a relay agent and a server.

  /** RECONFIGURE-REQUEST (18): a relay agent asks a server to reconfigure (RFC 6977). */
  public static final MessageType RECONFIGURE_REQUEST =
      register(18, "RECONFIGURE-REQUEST", "RFC 6977", DIRECTION_NONE);

  /** RECONFIGURE-REPLY (19): a server answers a Reconfigure-Request (RFC 6977). */
  public static final MessageType RECONFIGURE_REPLY =
      register(19, "RECONFIGURE-REPLY", "RFC 6977", DIRECTION_NONE);

  // DHCPv4 over DHCPv6, RFC 7341 §6.

  /** DHCPV4-QUERY (20): a 4o6 client carries a DHCPv4 message to a server (RFC 7341 §6.1). */
  public static final MessageType DHCPV4_QUERY =
      register(20, "DHCPV4-QUERY", "RFC 7341", CLIENT_TO_SERVER);

  /** DHCPV4-RESPONSE (21): a 4o6 server carries a DHCPv4 answer to a client (RFC 7341 §6.2). */
  public static final MessageType DHCPV4_RESPONSE =
      register(21, "DHCPV4-RESPONSE", "RFC 7341", SERVER_TO_CLIENT);

  // Active leasequery, RFC 7653 §6.2 (over TCP, between a requestor and a server).

  /** ACTIVELEASEQUERY (22): a requestor asks for an active leasequery feed (RFC 7653). */
  public static final MessageType ACTIVELEASEQUERY =
      register(22, "ACTIVELEASEQUERY", "RFC 7653", DIRECTION_NONE);

  /** STARTTLS (23): a requestor or server starts TLS on the connection (RFC 7653). */
  public static final MessageType STARTTLS = register(23, "STARTTLS", "RFC 7653", DIRECTION_NONE);

  // Failover, RFC 8156 §5.3 (over TCP, between two servers).

  /** BNDUPD (24): a failover binding update (RFC 8156). */
  public static final MessageType BNDUPD = register(24, "BNDUPD", "RFC 8156", DIRECTION_NONE);

  /** BNDREPLY (25): a failover binding reply (RFC 8156). */
  public static final MessageType BNDREPLY = register(25, "BNDREPLY", "RFC 8156", DIRECTION_NONE);

  /** POOLREQ (26): a failover pool request (RFC 8156). */
  public static final MessageType POOLREQ = register(26, "POOLREQ", "RFC 8156", DIRECTION_NONE);

  /** POOLRESP (27): a failover pool response (RFC 8156). */
  public static final MessageType POOLRESP = register(27, "POOLRESP", "RFC 8156", DIRECTION_NONE);

  /** UPDREQ (28): a failover update request (RFC 8156). */
  public static final MessageType UPDREQ = register(28, "UPDREQ", "RFC 8156", DIRECTION_NONE);

  /** UPDREQALL (29): a failover request to update all bindings (RFC 8156). */
  public static final MessageType UPDREQALL = register(29, "UPDREQALL", "RFC 8156", DIRECTION_NONE);

  /** UPDDONE (30): a failover update is complete (RFC 8156). */
  public static final MessageType UPDDONE = register(30, "UPDDONE", "RFC 8156", DIRECTION_NONE);

  /** CONNECT (31): a failover connection request (RFC 8156). */
  public static final MessageType CONNECT = register(31, "CONNECT", "RFC 8156", DIRECTION_NONE);

  /** CONNECTREPLY (32): a failover connection reply (RFC 8156). */
  public static final MessageType CONNECTREPLY =
      register(32, "CONNECTREPLY", "RFC 8156", DIRECTION_NONE);

  /** DISCONNECT (33): a failover partner closes the connection (RFC 8156). */
  public static final MessageType DISCONNECT =
      register(33, "DISCONNECT", "RFC 8156", DIRECTION_NONE);

  /** STATE (34): a failover partner reports its state (RFC 8156). */
  public static final MessageType STATE = register(34, "STATE", "RFC 8156", DIRECTION_NONE);

  /** CONTACT (35): a failover keep-alive (RFC 8156). */
  public static final MessageType CONTACT = register(35, "CONTACT", "RFC 8156", DIRECTION_NONE);

  // Address registration, RFC 9686 §4.

  /** ADDR-REG-INFORM (36): a client registers a self-generated address (RFC 9686 §4.2). */
  public static final MessageType ADDR_REG_INFORM =
      register(36, "ADDR-REG-INFORM", "RFC 9686", CLIENT_TO_SERVER);

  /** ADDR-REG-REPLY (37): a server acknowledges an address registration (RFC 9686 §4.3). */
  public static final MessageType ADDR_REG_REPLY =
      register(37, "ADDR-REG-REPLY", "RFC 9686", SERVER_TO_CLIENT);

  private static final List<MessageType> REGISTERED;

  static {
    List<MessageType> registered = new ArrayList<>();
    for (int code = 0; code < BY_CODE.length; code++) {
      if (BY_CODE[code] == null) {
        BY_CODE[code] = new MessageType(code, "unknown(" + code + ")", "", false, DIRECTION_NONE);
      } else {
        registered.add(BY_CODE[code]);
      }
    }
    REGISTERED = Collections.unmodifiableList(registered);
  }

  private final int code;
  private final String name;
  private final String rfc;
  private final boolean registered;
  private final int direction;
  private final String text;

  private MessageType(int code, String name, String rfc, boolean registered, int direction) {
    this.code = code;
    this.name = name;
    this.rfc = rfc;
    this.registered = registered;
    this.direction = direction;
    this.text = registered ? name + "(" + code + ")" : name;
  }

  private static MessageType register(int code, String name, String rfc, int direction) {
    MessageType type = new MessageType(code, name, rfc, true, direction);
    if (BY_CODE[code] != null) {
      throw new AssertionError("message type " + code + " registered twice");
    }
    BY_CODE[code] = type;
    return type;
  }

  /**
   * Returns the message type with this code: a constant of this class when IANA registered it,
   * otherwise a canonical unregistered instance. Never allocates.
   *
   * @param code the msg-type byte, 0 to 255 (read it with {@code b & 0xff})
   * @return the message type, never {@code null}
   * @throws IllegalArgumentException if {@code code} is outside 0..255
   */
  public static MessageType valueOf(int code) {
    checkArgument(code >= 0 && code <= 255, "message type: %s (expected: 0..255)", code);
    return BY_CODE[code];
  }

  /**
   * Returns every registered message type, in increasing code order.
   *
   * @return an unmodifiable list of the constants of this class
   */
  public static List<MessageType> registered() {
    return REGISTERED;
  }

  /**
   * Returns the msg-type value (RFC 8415 §8).
   *
   * @return the code, 0 to 255
   */
  public int code() {
    return code;
  }

  /**
   * Returns the IANA registry name, e.g. {@code "SOLICIT"} or {@code "INFORMATION-REQUEST"}, or
   * {@code "unknown(N)"} for an unregistered code N.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the document that defines this type, e.g. {@code "RFC 8415"}, or the empty string for
   * an unregistered type.
   *
   * @return the reference as IANA lists it
   */
  public String rfc() {
    return rfc;
  }

  /**
   * Returns whether IANA has registered this code.
   *
   * @return {@code false} for reserved 0 and unassigned 38..255
   */
  public boolean isRegistered() {
    return registered;
  }

  /**
   * Returns whether this is RELAY-FORW or RELAY-REPL, whose header is the 34-byte relay header
   * instead of msg-type and transaction-id (RFC 8415 §9).
   *
   * @return {@code true} for codes 12 and 13
   */
  public boolean isRelay() {
    return this == RELAY_FORW || this == RELAY_REPL;
  }

  /**
   * Returns whether the defining RFC says a client sends this type to a server: SOLICIT, REQUEST,
   * CONFIRM, RENEW, REBIND, RELEASE, DECLINE, INFORMATION-REQUEST (RFC 8415 §7.3), DHCPV4-QUERY
   * (RFC 7341 §6.1) and ADDR-REG-INFORM (RFC 9686 §4.2). Relay, leasequery, failover and
   * relay-initiated reconfiguration messages are neither client-to-server nor server-to-client.
   *
   * @return {@code true} for a client message
   */
  public boolean isClientToServer() {
    return direction == CLIENT_TO_SERVER;
  }

  /**
   * Returns whether the defining RFC says a server sends this type to a client: ADVERTISE, REPLY,
   * RECONFIGURE (RFC 8415 §7.3), DHCPV4-RESPONSE (RFC 7341 §6.2) and ADDR-REG-REPLY (RFC 9686
   * §4.3).
   *
   * @return {@code true} for a server message to a client
   */
  public boolean isServerToClient() {
    return direction == SERVER_TO_CLIENT;
  }

  /**
   * Returns the length of the fixed header before the options of a message of this type: {@value
   * #RELAY_HEADER_LENGTH} for relay messages (RFC 8415 §9), otherwise {@value
   * #CLIENT_SERVER_HEADER_LENGTH} (RFC 8415 §8). Unregistered types get the client/server header,
   * as relay agents treat them (RFC 8415 §19.1).
   *
   * @return 4 or 34
   */
  public int headerLength() {
    return isRelay() ? RELAY_HEADER_LENGTH : CLIENT_SERVER_HEADER_LENGTH;
  }

  /**
   * Returns the name and the code, e.g. {@code "SOLICIT(1)"}; for an unregistered code, {@code
   * "unknown(N)"}. Never allocates.
   *
   * @return the text form
   */
  @Override
  public String toString() {
    return text;
  }
}
