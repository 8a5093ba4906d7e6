package io.github.netboot6.examples.responder;

import static java.util.Objects.requireNonNull;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocation;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.BlockLayout;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.bootconfig.policy.BootPolicy;
import io.github.netboot6.codec.DecodeStatus;
import io.github.netboot6.codec.FactsExtractor;
import io.github.netboot6.codec.MessageReader;
import io.github.netboot6.codec.MessageType;
import io.github.netboot6.codec.MessageWriter;
import io.github.netboot6.codec.OptionCode;
import io.github.netboot6.codec.OptionIterator;
import io.github.netboot6.core.BootAnswer;
import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.core.identity.ClientFacts;
import io.github.netboot6.core.identity.Evidence;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.IdentityResolver;
import io.github.netboot6.core.identity.Resolution;
import io.github.netboot6.examples.responder.Counters.Counter;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Answers DHCPv6 client messages, direct or relayed (RFC 8415 §18.3): Solicit (Advertise, or Reply
 * with Rapid Commit), Request, Renew, Rebind, Confirm, Release, Decline and Information-Request.
 *
 * <p>Each request is decoded into {@link ClientFacts}, its host and boot phase found by the {@link
 * IdentityResolver}, its address taken from the host's block in the {@link Allocator} (the phase's
 * slot for the netboot phases, the permanent address for the installed OS) and its boot file from
 * the {@link BootPolicy}. Clients that match no host are ignored, or get an address from a
 * discovery pool keyed by their DUID, as configured.
 *
 * <p>Bad input never throws: a message that does not decode is counted as {@link Counter#MALFORMED}
 * and dropped, a client that sends more than its share is counted as {@link Counter#RATE_LIMITED}
 * and dropped. Each exchange can be logged as one line of {@code key=value} pairs (see {@link
 * ExchangeLog}), with the client's DUID ({@code duid=}) and architectures ({@code arch=}): each
 * boot phase of one machine sends its own DUID, and the line shows which one a host was found by.
 *
 * <p>Not thread-safe: one thread (a UDP loop) calls {@link #handle}. To answer on several threads,
 * build one responder per thread from the same {@link Builder}: they share the counters and the
 * per-client rate limit, and their allocator calls meet in the journal's group commit. The
 * inventory and the allocator behind them may change from other threads.
 */
public final class DhcpResponder {
  private static final int SOLICIT = 1;
  private static final int REQUEST = 3;
  private static final int CONFIRM = 4;
  private static final int RENEW = 5;
  private static final int REBIND = 6;
  private static final int RELEASE = 8;
  private static final int DECLINE = 9;
  private static final int INFORMATION_REQUEST = 11;

  private static final int STATUS_SUCCESS = 0;
  private static final int STATUS_NO_ADDRS_AVAIL = 2;
  private static final int STATUS_NOT_ON_LINK = 4;
  private static final int STATUS_NO_PREFIX_AVAIL = 6;

  private static final int IA_NA_HEADER = 12;
  private static final int IA_TA_HEADER = 4;
  private static final int IAADDR_HEADER = 24;

  /**
   * Which exchanges get a log line. The line is written only for those: with {@link #NONE}, or with
   * {@link #DROPS} for an exchange that was answered, answering costs no formatting at all.
   */
  public enum ExchangeLog {
    /** Every exchange, answered or not (the default). */
    ALL,
    /**
     * Exchanges that were not answered (malformed, rate-limited, unknown host, not for a server, an
     * error) and answers whose boot file could not be decided.
     */
    DROPS,
    /** None; the {@link Counters} still count every exchange. */
    NONE
  }

  /** What to do with a client that matches no host of the inventory. */
  public enum UnknownHosts {
    /** Do not answer it (counted as {@link Counter#UNKNOWN_HOST}). */
    IGNORE,
    /** Lease it an address from the discovery allocator, keyed by its DUID, with no boot file. */
    DISCOVER
  }

  private final IdentityResolver resolver;
  private final Allocator allocator;
  private final @Nullable Allocator discovery;
  private final BootPolicy policy;
  private final Duid serverId;
  private final UnknownHosts unknownHosts;
  private final boolean rapidCommit;
  private final long netbootPreferred;
  private final long netbootValid;
  private final long installedPreferred;
  private final long installedValid;
  private final RateLimiter rateLimiter;
  private final LongSupplier nanoTime;
  private final Consumer<String> log;
  private final ExchangeLog exchangeLog;
  private final Counters counters;

  private final MessageReader reader = new MessageReader();
  private final MessageReader inner = new MessageReader();
  private final OptionIterator options = new OptionIterator();
  private final OptionIterator nested = new OptionIterator();
  private final FactsExtractor extractor = new FactsExtractor();
  private final ClientFacts facts = new ClientFacts();
  private final Resolution resolution = new Resolution();
  private final MessageWriter writer = new MessageWriter();
  private final byte[] serverIdBytes;
  private final StringBuilder line = new StringBuilder(256);

  // What the current exchange did, as values, so that its log line is formatted only if it is
  // written. How far it got decides which parts the line has; see logLine().
  private static final int NOTHING_DECODED = 0;
  private static final int HEADER_DECODED = 1;
  private static final int RESOLVED = 2;
  private static final int ANSWERING = 3;
  private int stage;
  private @Nullable String drop;
  private @Nullable DecodeStatus malformedStatus;
  private int malformedAt;
  private @Nullable String error;
  private @Nullable String bootError;
  private int answerType;
  private @Nullable Ipv6Address address;
  private boolean declined;
  private @Nullable String bootUrl;
  private @Nullable String status;
  private int bytes;

  private DhcpResponder(Builder b) {
    this.resolver = requireNonNull(b.resolver, "resolver");
    this.allocator = requireNonNull(b.allocator, "allocator");
    this.policy = requireNonNull(b.policy, "policy");
    this.serverId = requireNonNull(b.serverId, "serverId");
    this.discovery = b.discovery;
    this.unknownHosts = b.discovery == null ? UnknownHosts.IGNORE : UnknownHosts.DISCOVER;
    this.rapidCommit = b.rapidCommit;
    this.netbootPreferred = b.netbootPreferred;
    this.netbootValid = b.netbootValid;
    this.installedPreferred = b.installedPreferred;
    this.installedValid = b.installedValid;
    this.rateLimiter = b.sharedRateLimiter();
    this.nanoTime = b.nanoTime;
    this.log = b.log;
    this.exchangeLog = b.exchangeLog;
    this.counters = b.counters;
    this.serverIdBytes = serverId.toBytes();
  }

  /**
   * Returns a builder.
   *
   * @param resolver finds host and boot phase
   * @param allocator the hosts' blocks
   * @param policy decides the boot answer
   * @param serverId this server's DUID
   * @return the builder: unknown hosts ignored, no Rapid Commit, netboot leases of 10/20 minutes,
   *     installed-OS leases of 1/2 days, 20 messages per second per client with bursts of 40
   */
  public static Builder builder(
      IdentityResolver resolver, Allocator allocator, BootPolicy policy, Duid serverId) {
    return new Builder(resolver, allocator, policy, serverId);
  }

  /**
   * Returns the counters.
   *
   * @return the live counters
   */
  public Counters counters() {
    return counters;
  }

  /**
   * Returns what this responder does with clients that match no host.
   *
   * @return the setting
   */
  public UnknownHosts unknownHosts() {
    return unknownHosts;
  }

  /**
   * Answers one datagram received on UDP port 547. The answer goes back to the datagram's source
   * address and port: the client's (port 546), or the relay's (port 547) for a Relay-Forw.
   *
   * @param request the datagram's bytes
   * @param length how many bytes of {@code request} the datagram holds
   * @param source the datagram's source address (for a direct client, its link-local address)
   * @param reply where to write the answer
   * @return the answer's length in {@code reply}, or -1 if there is nothing to send
   */
  public int handle(byte[] request, int length, Ipv6Address source, byte[] reply) {
    counters.increment(Counter.RECEIVED);
    stage = NOTHING_DECODED;
    drop = null;
    malformedStatus = null;
    error = null;
    bootError = null;
    address = null;
    declined = false;
    bootUrl = null;
    status = null;
    bytes = -1;
    int n;
    try {
      n = answer(request, length, source, reply);
    } catch (RuntimeException e) {
      // An exhausted pool, a store that fails, a host name the allocator refuses, or a bug: the
      // message is dropped and counted, the loop goes on.
      counters.increment(Counter.ERRORS);
      error = oneLine(e.getMessage());
      n = -1;
    }
    if (exchangeLog == ExchangeLog.ALL
        || (exchangeLog == ExchangeLog.DROPS && (n < 0 || bootError != null))) {
      log.accept(logLine(source));
    }
    return n;
  }

  /**
   * The exchange's log line, from what {@link #answer} recorded and what the reader, the facts and
   * the resolution still hold: {@code dhcp6 from= relays= type= xid=}, then what it got to.
   */
  private String logLine(Ipv6Address source) {
    line.setLength(0);
    line.append("dhcp6 from=").append(source);
    if (stage >= HEADER_DECODED) {
      line.append(" relays=").append(facts.relayCount());
      line.append(" type=").append(typeName(inner.messageTypeCode()));
      line.append(" xid=0x").append(Integer.toHexString(inner.transactionId()));
    }
    if (stage >= RESOLVED) {
      Duid clientDuid = facts.clientDuid();
      if (clientDuid != null) {
        line.append(" duid=").append(clientDuid);
      }
      for (int i = 0; i < facts.architectureCount(); i++) {
        line.append(i == 0 ? " arch=" : ",").append(facts.architecture(i));
      }
      line.append(" phase=").append(resolution.phase());
      Evidence deciding = resolution.decidingEvidence();
      if (deciding != null) {
        line.append(" by=").append(deciding.source());
      }
      if (!resolution.warnings().isEmpty()) {
        line.append(" warnings=").append(resolution.warnings().toString().replace(" ", ""));
      }
      Host host = resolution.host();
      line.append(" host=").append(host == null ? "-" : host.name());
    }
    if (stage >= ANSWERING) {
      line.append(" answer=").append(typeName(answerType));
      if (address != null) {
        line.append(declined ? " declined=" : " addr=").append(address);
      }
      if (bootError != null) {
        line.append(" boot-error=\"").append(bootError).append('"');
      }
      if (bootUrl != null) {
        line.append(" boot=").append(bootUrl);
      }
      if (status != null) {
        line.append(" status=").append(status);
      }
    }
    if (malformedStatus != null) {
      line.append(" drop=malformed status=")
          .append(malformedStatus)
          .append(" at=")
          .append(malformedAt);
    } else if (drop != null) {
      line.append(" drop=").append(drop);
    }
    if (bytes >= 0) {
      line.append(" bytes=").append(bytes);
    }
    if (error != null) {
      line.append(" drop=error error=\"").append(error).append('"');
    }
    return line.toString();
  }

  private int answer(byte[] request, int length, Ipv6Address source, byte[] reply) {
    reader.wrap(request, 0, length);
    if (reader.status() != DecodeStatus.OK) {
      return malformed(reader.status(), reader.errorOffset());
    }
    facts.clear();
    if (extractor.extract(reader, facts) != DecodeStatus.OK) {
      return malformed(extractor.status(), extractor.errorOffset());
    }
    inner.wrap(request, 0, length);
    if (!inner.innermost(options)) {
      return malformed(inner.status(), inner.errorOffset());
    }
    int type = inner.messageTypeCode();
    stage = HEADER_DECODED;
    if (MessageWriter.replyType(type) < 0) {
      counters.increment(Counter.NOT_FOR_A_SERVER);
      drop = "not-for-a-server";
      return -1;
    }
    if (facts.relayCount() == 0) {
      facts.peerAddress(source);
    }
    Scan scan = scanOptions();
    if (scan.status != DecodeStatus.OK) {
      return malformed(scan.status, options.errorOffset());
    }
    if (!serverIdAcceptable(type, scan)) {
      counters.increment(Counter.WRONG_SERVER_ID);
      drop = "server-id";
      return -1;
    }
    long clientKey = scan.clientIdHash != 0 ? scan.clientIdHash : source.low() ^ source.high();
    if (!rateLimiter.tryAcquire(clientKey, nanoTime.getAsLong())) {
      counters.increment(Counter.RATE_LIMITED);
      drop = "rate-limited";
      return -1;
    }
    resolver.resolve(facts, resolution);
    stage = RESOLVED;
    Host host = resolution.host();
    BootPhase phase = resolution.phase();
    Allocation block;
    if (host != null) {
      block = allocator.allocate(HostKey.ofName(host.name()));
    } else if (discovery != null && facts.hasClientDuid()) {
      Duid duid = requireNonNull(facts.clientDuid());
      block = discovery.allocate(HostKey.ofDuid(duid));
    } else {
      counters.increment(Counter.UNKNOWN_HOST);
      drop = "unknown-host";
      return -1;
    }
    Allocator owner = host != null ? allocator : requireNonNull(discovery);
    Ipv6Address address = addressFor(owner, block, phase);
    boolean permanent = address.equals(block.permanentAddress());
    long preferred = permanent ? installedPreferred : netbootPreferred;
    long valid = permanent ? installedValid : netbootValid;

    int replyType = MessageWriter.replyType(type);
    if (type == SOLICIT && rapidCommit && scan.rapidCommit) {
      replyType = MessageType.REPLY.code();
    }
    writer.wrap(reply, 0, reply.length);
    if (!writer.startReply(reader, replyType, serverId)) {
      counters.increment(Counter.SEND_FAILED);
      drop = "no-reply-skeleton";
      return -1;
    }
    stage = ANSWERING;
    answerType = replyType;
    switch (type) {
      case SOLICIT, REQUEST, RENEW, REBIND -> {
        if (replyType == MessageType.REPLY.code() && type == SOLICIT) {
          writer.beginOption(OptionCode.RAPID_COMMIT.code()).endOption();
        }
        if (type == SOLICIT) {
          writer.preference(255);
        }
        writeIdentityAssociations(address, preferred, valid);
        this.address = address;
        writeBootAnswer(host, phase);
      }
      case CONFIRM -> {
        boolean onLink = confirmOnLink(owner.pool());
        if (!onLink && !scan.anyAddress) {
          // RFC 8415 §18.3.3: no address to judge, no Reply.
          counters.increment(Counter.NOT_FOR_A_SERVER);
          drop = "confirm-without-addresses";
          return -1;
        }
        writer.statusCode(
            onLink ? STATUS_SUCCESS : STATUS_NOT_ON_LINK,
            onLink ? "all addresses on link" : "an address is not on this link");
        status = onLink ? "Success" : "NotOnLink";
      }
      case RELEASE -> {
        // A host's block outlives its leases; a discovered client's block goes back to the pool.
        if (host == null) {
          requireNonNull(discovery).release(block.host());
        }
        writer.statusCode(STATUS_SUCCESS, "released");
        status = "Success";
      }
      case DECLINE -> {
        counters.increment(Counter.DECLINED);
        writer.statusCode(STATUS_SUCCESS, "decline noted");
        this.address = address;
        declined = true;
        status = "Success";
      }
      case INFORMATION_REQUEST -> writeBootAnswer(host, phase);
      default -> throw new IllegalStateException("msg-type " + type);
    }
    int n = writer.finish();
    if (n < 0) {
      counters.increment(Counter.SEND_FAILED);
      drop = "reply-too-long";
      return -1;
    }
    counters.increment(Counter.ANSWERED);
    bytes = n;
    return n;
  }

  private Ipv6Address addressFor(Allocator owner, Allocation block, BootPhase phase) {
    BlockLayout layout = owner.pool().layout();
    return layout.isMapped(phase) ? block.addressFor(phase) : block.permanentAddress();
  }

  /** What a walk over the client message's top-level options found. */
  private static final class Scan {
    DecodeStatus status = DecodeStatus.OK;
    boolean serverId;
    boolean ourServerId;
    boolean rapidCommit;
    boolean anyAddress;
    long clientIdHash;

    void clear() {
      status = DecodeStatus.OK;
      serverId = false;
      ourServerId = false;
      rapidCommit = false;
      anyAddress = false;
      clientIdHash = 0;
    }
  }

  private final Scan scan = new Scan();

  private Scan scanOptions() {
    scan.clear();
    inner.options(options);
    while (options.next()) {
      int code = options.code();
      if (code == OptionCode.SERVERID.code()) {
        scan.serverId = true;
        scan.ourServerId = sameBytes(options);
      } else if (code == OptionCode.CLIENTID.code()) {
        scan.clientIdHash = hash(options) | 1;
      } else if (code == OptionCode.RAPID_COMMIT.code()) {
        scan.rapidCommit = true;
      } else if (code == OptionCode.IA_NA.code() || code == OptionCode.IA_TA.code()) {
        options.nested(nested);
        while (nested.next()) {
          if (nested.code() == OptionCode.IAADDR.code()) {
            scan.anyAddress = true;
          }
        }
      }
    }
    scan.status = options.status();
    return scan;
  }

  /** RFC 8415 §16: which messages must, may or must not carry a Server Identifier. */
  private boolean serverIdAcceptable(int type, Scan s) {
    return switch (type) {
      case SOLICIT, CONFIRM, REBIND -> !s.serverId;
      case REQUEST, RENEW, RELEASE, DECLINE -> s.ourServerId;
      case INFORMATION_REQUEST -> !s.serverId || s.ourServerId;
      default -> false;
    };
  }

  /**
   * Writes one IA_NA per IA_NA of the request, with the host's address; an address the client asked
   * for that is not the host's gets lifetimes of zero (RFC 8415 §18.3.4). IA_TA and IA_PD are
   * answered with NoAddrsAvail and NoPrefixAvail.
   */
  private void writeIdentityAssociations(Ipv6Address address, long preferred, long valid) {
    inner.options(options);
    while (options.next()) {
      int code = options.code();
      if (code == OptionCode.IA_NA.code() && options.length() >= IA_NA_HEADER) {
        long iaid = options.uint32At(0);
        writer.beginIaNa(iaid, preferred / 2, preferred * 4 / 5);
        writer.iaAddress(address, preferred, valid);
        options.nested(nested);
        while (nested.next()) {
          if (nested.code() == OptionCode.IAADDR.code() && nested.length() >= IAADDR_HEADER) {
            long high = nested.addressHigh(0);
            long low = nested.addressLow(0);
            if (high != address.high() || low != address.low()) {
              writer.iaAddress(Ipv6Address.of(high, low), 0, 0);
            }
          }
        }
        writer.endOption();
      } else if (code == OptionCode.IA_TA.code() && options.length() >= IA_TA_HEADER) {
        writer.beginOption(OptionCode.IA_TA.code()).uint32(options.uint32At(0));
        writer.statusCode(STATUS_NO_ADDRS_AVAIL, "no temporary addresses here");
        writer.endOption();
      } else if (code == OptionCode.IA_PD.code() && options.length() >= IA_NA_HEADER) {
        writer.beginIaPd(options.uint32At(0), 0, 0);
        writer.statusCode(STATUS_NO_PREFIX_AVAIL, "no prefixes delegated here");
        writer.endOption();
      }
    }
  }

  private boolean confirmOnLink(AddressPool pool) {
    inner.options(options);
    while (options.next()) {
      if (options.code() == OptionCode.IA_NA.code() || options.code() == OptionCode.IA_TA.code()) {
        options.nested(nested);
        while (nested.next()) {
          if (nested.code() == OptionCode.IAADDR.code() && nested.length() >= IAADDR_HEADER) {
            Ipv6Address a = Ipv6Address.of(nested.addressHigh(0), nested.addressLow(0));
            if (!pool.contains(a)) {
              return false;
            }
          }
        }
      }
    }
    return scan.anyAddress;
  }

  private void writeBootAnswer(@Nullable Host host, BootPhase phase) {
    BootAnswer answer = decide(host, phase);
    answer
        .bootFileUrl()
        .ifPresent(
            url -> {
              writer.bootFileUrl(url);
              bootUrl = url;
            });
    if (!answer.bootFileParameters().isEmpty()) {
      writer.bootFileParameters(answer.bootFileParameters().toArray(new String[0]));
    }
    answer
        .vendorClass()
        .ifPresent(
            vc -> {
              writer.vendorClass(
                  answer.vendorClassEnterpriseNumber().orElse(BootAnswer.ENTERPRISE_INTEL), vc);
            });
    if (!answer.dnsServers().isEmpty()) {
      writer.dnsServers(answer.dnsServers().toArray(new Ipv6Address[0]));
    }
  }

  private BootAnswer decide(@Nullable Host host, BootPhase phase) {
    try {
      return policy.decide(facts, phase, host);
    } catch (MalformedValueException e) {
      // A bad host attribute: answer without a boot file, and say why.
      counters.increment(Counter.ERRORS);
      bootError = oneLine(e.getMessage());
      return BootAnswer.empty();
    }
  }

  private int malformed(DecodeStatus status, int offset) {
    counters.increment(Counter.MALFORMED);
    malformedStatus = status;
    malformedAt = offset;
    return -1;
  }

  private boolean sameBytes(OptionIterator option) {
    if (option.length() != serverIdBytes.length) {
      return false;
    }
    for (int i = 0; i < serverIdBytes.length; i++) {
      if (option.uint8At(i) != (serverIdBytes[i] & 0xff)) {
        return false;
      }
    }
    return true;
  }

  private static long hash(OptionIterator option) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < option.length(); i++) {
      h = (h ^ option.uint8At(i)) * 0x100000001b3L;
    }
    return h;
  }

  private static String typeName(int code) {
    return MessageType.valueOf(code & 0xff).name();
  }

  private static String oneLine(@Nullable String message) {
    return message == null ? "" : message.replace('"', '\'').replace('\n', ' ');
  }

  /** Builds a {@link DhcpResponder}. */
  public static final class Builder {
    private final IdentityResolver resolver;
    private final Allocator allocator;
    private final BootPolicy policy;
    private final Duid serverId;
    private @Nullable Allocator discovery;
    private boolean rapidCommit;
    private long netbootPreferred = 600;
    private long netbootValid = 1200;
    private long installedPreferred = 86_400;
    private long installedValid = 172_800;
    private double ratePerSecond = 20;
    private double rateBurst = 40;
    private LongSupplier nanoTime = System::nanoTime;
    private Consumer<String> log = s -> {};
    private ExchangeLog exchangeLog = ExchangeLog.ALL;
    private Counters counters = new Counters();

    private Builder(
        IdentityResolver resolver, Allocator allocator, BootPolicy policy, Duid serverId) {
      this.resolver = requireNonNull(resolver, "resolver");
      this.allocator = requireNonNull(allocator, "allocator");
      this.policy = requireNonNull(policy, "policy");
      this.serverId = requireNonNull(serverId, "serverId");
    }

    /**
     * Leases addresses to clients that match no host from {@code discovery}, keyed by their DUID,
     * instead of ignoring them.
     *
     * @param discovery the discovery pool's allocator, or {@code null} to ignore unknown hosts
     * @return this builder
     */
    public Builder discovery(@Nullable Allocator discovery) {
      this.discovery = discovery;
      return this;
    }

    /**
     * Answers a Solicit that carries Rapid Commit with a Reply (RFC 8415 §18.3.1).
     *
     * @param enabled whether to
     * @return this builder
     */
    public Builder rapidCommit(boolean enabled) {
      this.rapidCommit = enabled;
      return this;
    }

    /**
     * Sets the lifetimes of leases for the netboot phases (phase slots), in seconds.
     *
     * @param preferred preferred lifetime
     * @param valid valid lifetime, at least {@code preferred}
     * @return this builder
     */
    public Builder netbootLifetimes(long preferred, long valid) {
      checkLifetimes(preferred, valid);
      this.netbootPreferred = preferred;
      this.netbootValid = valid;
      return this;
    }

    /**
     * Sets the lifetimes of leases of permanent addresses (installed OS), in seconds.
     *
     * @param preferred preferred lifetime
     * @param valid valid lifetime, at least {@code preferred}
     * @return this builder
     */
    public Builder installedLifetimes(long preferred, long valid) {
      checkLifetimes(preferred, valid);
      this.installedPreferred = preferred;
      this.installedValid = valid;
      return this;
    }

    /**
     * Sets how many messages one client (by DUID, else source address) may send.
     *
     * @param perSecond messages per second in the long run, positive
     * @param burst messages at once, at least 1
     * @return this builder
     * @throws IllegalStateException if a responder was already built
     */
    public Builder rateLimit(double perSecond, double burst) {
      if (rateLimiter != null) {
        throw new IllegalStateException("the rate limit is set before the first build()");
      }
      if (!(perSecond > 0) || !(burst >= 1)) {
        throw new IllegalArgumentException(
            "rate limit: " + perSecond + "/s, burst " + burst + " (expected: > 0 and >= 1)");
      }
      this.ratePerSecond = perSecond;
      this.rateBurst = burst;
      return this;
    }

    /**
     * Sets the clock the rate limiter reads, for tests.
     *
     * @param nanoTime a monotonic clock in nanoseconds
     * @return this builder
     */
    public Builder clock(LongSupplier nanoTime) {
      this.nanoTime = requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /**
     * Sets where the one-line log of each exchange goes.
     *
     * @param log the sink
     * @return this builder
     */
    public Builder log(Consumer<String> log) {
      this.log = requireNonNull(log, "log");
      return this;
    }

    /**
     * Sets which exchanges get a log line.
     *
     * @param exchangeLog all (the default), only those not answered, or none
     * @return this builder
     */
    public Builder exchangeLog(ExchangeLog exchangeLog) {
      this.exchangeLog = requireNonNull(exchangeLog, "exchangeLog");
      return this;
    }

    /**
     * Sets the counters to count into (to share them with other parts of a server).
     *
     * @param counters the counters
     * @return this builder
     */
    public Builder counters(Counters counters) {
      this.counters = requireNonNull(counters, "counters");
      return this;
    }

    /**
     * Builds a responder. Responders built by one builder share its counters and its rate limiter,
     * so that several threads can each answer with their own.
     *
     * @return the responder
     */
    public DhcpResponder build() {
      return new DhcpResponder(this);
    }

    private @Nullable RateLimiter rateLimiter;

    private synchronized RateLimiter sharedRateLimiter() {
      RateLimiter limiter = rateLimiter;
      if (limiter == null) {
        limiter = new RateLimiter(ratePerSecond, rateBurst, 1 << 14);
        rateLimiter = limiter;
      }
      return limiter;
    }

    private static void checkLifetimes(long preferred, long valid) {
      if (preferred < 0 || valid < preferred || valid > BootAnswer.Lease.INFINITY) {
        throw new IllegalArgumentException(
            "lifetimes: preferred "
                + preferred
                + ", valid "
                + valid
                + " (expected: 0 <= preferred <= valid <= 4294967295)");
      }
    }
  }
}
