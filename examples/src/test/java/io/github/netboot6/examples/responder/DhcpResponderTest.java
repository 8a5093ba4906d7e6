package io.github.netboot6.examples.responder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.allocation.JournalStore;
import io.github.netboot6.bootconfig.policy.BootPolicy;
import io.github.netboot6.codec.DecodeStatus;
import io.github.netboot6.codec.MessageReader;
import io.github.netboot6.codec.MessageWriter;
import io.github.netboot6.codec.OptionCode;
import io.github.netboot6.codec.OptionIterator;
import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.HostInventory;
import io.github.netboot6.core.identity.IdentityResolver;
import io.github.netboot6.examples.responder.Counters.Counter;
import io.github.netboot6.testkit.Dhcpv6Generators;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DhcpResponder} on messages built with the codec's writer, its answers read back with the
 * codec's reader; expected addresses come from the allocator's own look-up of the host's block.
 */
class DhcpResponderTest {
  private static final Ipv6Prefix POOL = Ipv6Prefix.parse("2001:db8:1::/64");
  private static final Ipv6Address SERVER = Ipv6Address.parse("2001:db8:1::1");
  private static final Ipv6Address CLIENT_LL = Ipv6Address.parse("fe80::5054:ff:fe12:3456");
  private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");
  private static final Duid DEPLOYED = Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31");
  private static final Duid SERVER_ID =
      Duid.uuid(UUID.fromString("11111111-2222-3333-4444-555555555555"));
  private static final long IAID = 0x0a0b0c0dL;

  @TempDir Path state;

  private Allocator allocator;
  private HostInventory inventory;
  private final List<String> log = new ArrayList<>();
  private long now = 1_000_000_000L;

  @BeforeEach
  void setUp() {
    allocator = openAllocator();
    inventory =
        HostInventory.of(
            List.of(
                Host.builder("node-1").addMacAddress(MAC).deployedDuid(DEPLOYED).build(),
                Host.builder("node-2")
                    .addMacAddress(MacAddress.parse("52:54:00:00:00:02"))
                    .build()));
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  private Allocator openAllocator() {
    return Allocator.builder(AddressPool.builder(POOL).reserveLow(16).build())
        .store(JournalStore.open(state.resolve("journal")))
        .build();
  }

  private DhcpResponder.Builder responder() {
    return DhcpResponder.builder(
            IdentityResolver.builder(inventory).build(),
            allocator,
            BootPolicy.builder(SERVER).httpPort(8080).build(),
            SERVER_ID)
        .clock(() -> now)
        .log(log::add);
  }

  // ------------------------------------------------------------------ requests

  private static byte[] message(int type, Consumer<MessageWriter> options) {
    byte[] buf = new byte[1500];
    MessageWriter w = new MessageWriter().wrap(buf, 0, buf.length);
    w.header(type, 0x123456);
    options.accept(w);
    return Arrays.copyOf(buf, w.finish());
  }

  /** iPXE's Solicit: DUID-LL of its MAC, IA_NA, ORO with 59, user class "iPXE", arch 7. */
  private static byte[] ipxe(int type, @Nullable Duid serverId, Consumer<MessageWriter> more) {
    return message(
        type,
        w -> {
          w.clientId(Duid.ll(Duid.HARDWARE_TYPE_ETHERNET, MAC));
          if (serverId != null) {
            w.serverId(serverId);
          }
          w.elapsedTime(0);
          w.optionRequest(23, 59);
          w.beginOption(OptionCode.USER_CLASS.code()).lengthPrefixedUtf8("iPXE").endOption();
          w.beginOption(61).uint16(7).endOption();
          w.beginIaNa(IAID, 0, 0).endOption();
          more.accept(w);
        });
  }

  private static byte[] relayed(byte[] inner, MacAddress linkLayer, byte[] interfaceId) {
    byte[] buf = new byte[1500];
    MessageWriter w = new MessageWriter().wrap(buf, 0, buf.length);
    w.relayHeader(
        12,
        0,
        Ipv6Address.parse("2001:db8:1::fe").high(),
        Ipv6Address.parse("2001:db8:1::fe").low(),
        CLIENT_LL.high(),
        CLIENT_LL.low());
    w.interfaceId(interfaceId, 0, interfaceId.length);
    w.beginOption(OptionCode.CLIENT_LINKLAYER_ADDR.code())
        .uint16(1)
        .bytes(linkLayer.toBytes(), 0, 6)
        .endOption();
    w.relayMessage(inner, 0, inner.length);
    return Arrays.copyOf(buf, w.finish());
  }

  // ------------------------------------------------------------------ answers

  /** An answer read back: its levels' msg-types and every option, nested ones included. */
  private record Answer(List<Integer> types, int transactionId, List<Opt> options) {
    List<Opt> all(int code) {
      return options.stream().filter(o -> o.code == code).toList();
    }

    Opt one(int code) {
      List<Opt> found = all(code);
      assertThat(found).as("option %s in %s", code, this).hasSize(1);
      return found.get(0);
    }
  }

  private record Opt(int code, int depth, byte[] value) {
    String text() {
      return new String(value, UTF_8);
    }

    long u32(int at) {
      return ((value[at] & 0xffL) << 24)
          | ((value[at + 1] & 0xff) << 16)
          | ((value[at + 2] & 0xff) << 8)
          | (value[at + 3] & 0xff);
    }

    int u16(int at) {
      return ((value[at] & 0xff) << 8) | (value[at + 1] & 0xff);
    }

    Ipv6Address address() {
      return Ipv6Address.fromBytes(Arrays.copyOf(value, 16));
    }

    @Override
    public String toString() {
      return code + "@" + depth;
    }
  }

  private static Answer read(byte[] reply, int length) {
    assertThat(length).as("answer length").isPositive();
    MessageReader r = new MessageReader().wrap(reply, 0, length);
    assertThat(r.status()).isEqualTo(DecodeStatus.OK);
    List<Integer> types = new ArrayList<>();
    List<Opt> options = new ArrayList<>();
    OptionIterator it = new OptionIterator();
    while (true) {
      types.add(r.messageTypeCode());
      r.options(it);
      collect(it, 0, options);
      if (!r.isRelay()) {
        break;
      }
      assertThat(r.enterRelayMessage(it)).isTrue();
    }
    return new Answer(types, r.transactionId(), options);
  }

  private static void collect(OptionIterator it, int depth, List<Opt> into) {
    while (it.next()) {
      into.add(new Opt(it.code(), depth, it.valueToArray()));
      if (it.code() == OptionCode.IA_NA.code()
          || it.code() == OptionCode.IA_PD.code()
          || it.code() == OptionCode.IA_TA.code()) {
        collect(it.nested(new OptionIterator()), depth + 1, into);
      }
    }
    assertThat(it.status()).isEqualTo(DecodeStatus.OK);
  }

  private Answer answer(DhcpResponder r, byte[] request) {
    byte[] reply = new byte[1500];
    return read(reply, r.handle(request, request.length, CLIENT_LL, reply));
  }

  private static int drop(DhcpResponder r, byte[] request) {
    byte[] reply = new byte[1500];
    return r.handle(request, request.length, CLIENT_LL, reply);
  }

  private Ipv6Address slot(String host, BootPhase phase) {
    return allocator.lookup(HostKey.ofName(host)).orElseThrow().addressFor(phase);
  }

  // ------------------------------------------------------------------ tests

  @Test
  void ipxeSolicitGetsAnAdvertiseWithItsSlotAndTheBootstrapScript() {
    DhcpResponder r = responder().build();
    Answer a = answer(r, ipxe(1, null, w -> {}));

    assertThat(a.types()).containsExactly(2);
    assertThat(a.transactionId()).isEqualTo(0x123456);
    assertThat(Duid.fromBytes(a.one(1).value())).isEqualTo(Duid.ll(1, MAC));
    assertThat(Duid.fromBytes(a.one(2).value())).isEqualTo(SERVER_ID);
    assertThat(a.one(3).u32(0)).isEqualTo(IAID);
    assertThat(a.one(5).address()).isEqualTo(slot("node-1", BootPhase.IPXE));
    assertThat(a.one(5).u32(16)).isEqualTo(600);
    assertThat(a.one(59).text()).isEqualTo("http://[2001:db8:1::1]:8080/bootstrap.ipxe");
    assertThat(a.one(7).value()).containsExactly(255);
    assertThat(r.counters().get(Counter.ANSWERED)).isEqualTo(1);
    assertThat(log).singleElement().asString().contains("host=node-1", "phase=IPXE");
  }

  @Test
  void requestWithThisServersIdGetsAReplyAndAnyOtherServerIdIsDropped() {
    DhcpResponder r = responder().build();
    Answer reply = answer(r, ipxe(3, SERVER_ID, w -> {}));
    assertThat(reply.types()).containsExactly(7);
    assertThat(reply.one(5).address()).isEqualTo(slot("node-1", BootPhase.IPXE));

    Duid other = Duid.uuid(UUID.fromString("99999999-2222-3333-4444-555555555555"));
    assertThat(drop(r, ipxe(3, other, w -> {}))).isEqualTo(-1);
    assertThat(drop(r, ipxe(3, null, w -> {}))).isEqualTo(-1);
    assertThat(drop(r, ipxe(1, SERVER_ID, w -> {}))).as("Solicit with a server id").isEqualTo(-1);
    assertThat(r.counters().get(Counter.WRONG_SERVER_ID)).isEqualTo(3);
  }

  @Test
  void rapidCommitSolicitGetsAReplyOnlyWhenEnabled() {
    byte[] solicit = ipxe(1, null, w -> w.beginOption(OptionCode.RAPID_COMMIT.code()).endOption());
    assertThat(answer(responder().build(), solicit).types()).containsExactly(2);
    Answer a = answer(responder().rapidCommit(true).build(), solicit);
    assertThat(a.types()).containsExactly(7);
    assertThat(a.all(OptionCode.RAPID_COMMIT.code())).hasSize(1);
  }

  @Test
  void relayedSolicitIsRecognisedByOption79AndAnsweredThroughRelayReplEchoingInterfaceId() {
    DhcpResponder r = responder().build();
    // The client's DUID names no host; the relay's option 79 does.
    byte[] inner =
        message(
            1,
            w -> {
              w.clientId(Duid.uuid(UUID.fromString("abcdefab-0000-1111-2222-333344445555")));
              w.beginIaNa(IAID, 0, 0).endOption();
            });
    byte[] interfaceId = "eth7/port 3".getBytes(UTF_8);
    Answer a = answer(r, relayed(inner, MacAddress.parse("52:54:00:00:00:02"), interfaceId));

    assertThat(a.types()).containsExactly(13, 2);
    assertThat(a.one(OptionCode.INTERFACE_ID.code()).value()).isEqualTo(interfaceId);
    assertThat(allocator.lookup(a.one(5).address()).allocation().orElseThrow().host())
        .isEqualTo(HostKey.ofName("node-2"));
    assertThat(log).singleElement().asString().contains("host=node-2", "relays=1");
  }

  @Test
  void deployedDuidIsTheInstalledOsAndGetsThePermanentAddressWithLongLifetimes() {
    DhcpResponder r = responder().build();
    byte[] solicit =
        message(
            1,
            w -> {
              w.clientId(DEPLOYED);
              w.beginIaNa(7, 0, 0).endOption();
            });
    Answer a = answer(r, solicit);
    Ipv6Address permanent =
        allocator.lookup(HostKey.ofName("node-1")).orElseThrow().permanentAddress();
    assertThat(a.one(5).address()).isEqualTo(permanent);
    assertThat(a.one(5).u32(16)).isEqualTo(86_400);
    assertThat(a.one(5).u32(20)).isEqualTo(172_800);
    assertThat(a.all(59)).isEmpty();
  }

  @Test
  void renewNamingAnotherAddressGetsItWithZeroLifetimesBesideTheHostsAddress() {
    DhcpResponder r = responder().build();
    Ipv6Address stale = Ipv6Address.parse("2001:db8:1::abcd");
    byte[] renew = ipxe(5, SERVER_ID, w -> {});
    // Replace the empty IA_NA by one that holds the stale address.
    byte[] withAddress =
        message(
            5,
            w -> {
              w.clientId(Duid.ll(1, MAC));
              w.serverId(SERVER_ID);
              w.beginOption(OptionCode.USER_CLASS.code()).lengthPrefixedUtf8("iPXE").endOption();
              w.beginIaNa(IAID, 0, 0).iaAddress(stale, 100, 200).endOption();
            });
    assertThat(answer(r, renew).all(5)).hasSize(1);
    Answer a = answer(r, withAddress);
    List<Opt> addresses = a.all(5);
    assertThat(addresses).hasSize(2);
    assertThat(addresses.get(0).address()).isEqualTo(slot("node-1", BootPhase.IPXE));
    assertThat(addresses.get(1).address()).isEqualTo(stale);
    assertThat(addresses.get(1).u32(16)).isZero();
    assertThat(addresses.get(1).u32(20)).isZero();
  }

  @Test
  void confirmSaysWhetherTheAddressesAreOnThisLink() {
    DhcpResponder r = responder().build();
    byte[] onLink =
        message(
            4,
            w ->
                w.clientId(Duid.ll(1, MAC))
                    .beginIaNa(1, 0, 0)
                    .iaAddress(Ipv6Address.parse("2001:db8:1::99"), 0, 0)
                    .endOption());
    byte[] offLink =
        message(
            4,
            w ->
                w.clientId(Duid.ll(1, MAC))
                    .beginIaNa(1, 0, 0)
                    .iaAddress(Ipv6Address.parse("2001:db8:2::99"), 0, 0)
                    .endOption());
    byte[] none = message(4, w -> w.clientId(Duid.ll(1, MAC)).beginIaNa(1, 0, 0).endOption());
    assertThat(answer(r, onLink).one(13).u16(0)).isZero();
    assertThat(answer(r, offLink).one(13).u16(0)).isEqualTo(4);
    assertThat(drop(r, none)).isEqualTo(-1);
  }

  @Test
  void releaseAndDeclineAreAnsweredAndTheHostKeepsItsBlock() {
    DhcpResponder r = responder().build();
    assertThat(answer(r, ipxe(1, null, w -> {})).types()).containsExactly(2);
    Ipv6Address before = slot("node-1", BootPhase.IPXE);
    assertThat(answer(r, ipxe(8, SERVER_ID, w -> {})).one(13).u16(0)).isZero();
    assertThat(answer(r, ipxe(9, SERVER_ID, w -> {})).one(13).u16(0)).isZero();
    assertThat(slot("node-1", BootPhase.IPXE)).isEqualTo(before);
    assertThat(r.counters().get(Counter.DECLINED)).isEqualTo(1);
  }

  @Test
  void prefixDelegationIsRefusedWithNoPrefixAvail() {
    DhcpResponder r = responder().build();
    Answer a = answer(r, ipxe(1, null, w -> w.beginIaPd(5, 0, 0).endOption()));
    assertThat(a.one(OptionCode.IA_PD.code()).u32(0)).isEqualTo(5);
    Opt status =
        a.options().stream()
            .filter(o -> o.code() == 13 && o.depth() == 1)
            .filter(o -> o.u16(0) == 6)
            .findFirst()
            .orElseThrow();
    assertThat(status.text()).contains("prefix");
  }

  @Test
  void unknownClientsAreIgnoredOrLeasedFromTheDiscoveryPool() {
    byte[] stranger =
        message(
            1,
            w -> {
              w.clientId(Duid.ll(1, MacAddress.parse("02:00:00:00:00:99")));
              w.beginIaNa(1, 0, 0).endOption();
            });
    byte[] reply = new byte[1500];
    Ipv6Address strangerLl = Ipv6Address.parse("fe80::1234");
    DhcpResponder ignoring = responder().build();
    assertThat(ignoring.handle(stranger, stranger.length, strangerLl, reply)).isEqualTo(-1);
    assertThat(ignoring.counters().get(Counter.UNKNOWN_HOST)).isEqualTo(1);

    Ipv6Prefix discoveryPrefix = Ipv6Prefix.parse("2001:db8:1:0:ffff::/80");
    try (Allocator discovery = Allocator.builder(AddressPool.of(discoveryPrefix)).build()) {
      DhcpResponder discovering = responder().discovery(discovery).build();
      int n = discovering.handle(stranger, stranger.length, strangerLl, reply);
      Answer a = read(reply, n);
      assertThat(discoveryPrefix.contains(a.one(5).address())).isTrue();
      assertThat(a.all(59)).isEmpty();
    }
  }

  @Test
  void anExhaustedDiscoveryPoolDropsTheMessageAndCountsAnError() {
    try (Allocator tiny =
        Allocator.builder(AddressPool.of(Ipv6Prefix.parse("2001:db8:1:0:ffff::/124"))).build()) {
      DhcpResponder r = responder().discovery(tiny).build();
      int answered = 0;
      for (int i = 1; i <= 4; i++) {
        MacAddress mac = MacAddress.fromLong(0x0200_0000_0000L + i);
        byte[] solicit =
            message(1, w -> w.clientId(Duid.ll(1, mac)).beginIaNa(1, 0, 0).endOption());
        // A source address that is not EUI-64 derived, so that no evidence names a host.
        byte[] reply = new byte[1500];
        if (r.handle(solicit, solicit.length, Ipv6Address.parse("fe80::1234"), reply) > 0) {
          answered++;
        }
      }
      assertThat(answered).as("%s", log).isEqualTo((int) tiny.statistics().allocatedBlocks());
      assertThat(answered).isLessThan(4);
      assertThat(r.counters().get(Counter.ERRORS)).isEqualTo(4 - answered);
      assertThat(log.get(log.size() - 1)).contains("drop=error");
    }
  }

  @Test
  void aFloodFromOneClientIsRateLimitedWhileOthersAreAnswered() {
    DhcpResponder r = responder().rateLimit(10, 20).build();
    byte[] solicit = ipxe(1, null, w -> {});
    int answered = 0;
    for (int i = 0; i < 1000; i++) {
      if (drop(r, solicit) > 0) {
        answered++;
      }
    }
    assertThat(answered).isEqualTo(20);
    assertThat(r.counters().get(Counter.RATE_LIMITED)).isEqualTo(980);
    byte[] other = message(1, w -> w.clientId(DEPLOYED).beginIaNa(1, 0, 0).endOption());
    assertThat(drop(r, other)).isPositive();
    now += 1_000_000_000L; // one second later: 10 more
    answered = 0;
    for (int i = 0; i < 100; i++) {
      if (drop(r, solicit) > 0) {
        answered++;
      }
    }
    assertThat(answered).isEqualTo(10);
  }

  @Test
  void respondersOfOneBuilderShareTheRateLimitAndTheCounters() {
    DhcpResponder.Builder builder = responder().rateLimit(10, 20);
    DhcpResponder first = builder.build();
    DhcpResponder second = builder.build();
    byte[] solicit = ipxe(1, null, w -> {});
    int answered = 0;
    for (int i = 0; i < 100; i++) {
      if (drop(i % 2 == 0 ? first : second, solicit) > 0) {
        answered++;
      }
    }
    assertThat(answered).isEqualTo(20);
    assertThat(first.counters()).isSameAs(second.counters());
    assertThat(first.counters().get(Counter.RATE_LIMITED)).isEqualTo(80);
  }

  @Test
  void malformedAndHostileDatagramsAreCountedAndDroppedNeverThrown() {
    DhcpResponder r = responder().rateLimit(1e9, 1e9).build();
    byte[] good = ipxe(1, null, w -> {});
    for (int cut = 0; cut < good.length; cut++) {
      drop(r, Arrays.copyOf(good, cut));
    }
    SplittableRandom random = new SplittableRandom(20261127);
    var generator = Dhcpv6Generators.hostileMessages();
    for (int i = 0; i < 5_000; i++) {
      byte[] m = generator.next(random);
      drop(r, m);
    }
    for (int i = 0; i < 5_000; i++) {
      byte[] m = good.clone();
      m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
      drop(r, m);
    }
    assertThat(r.counters().get(Counter.MALFORMED)).isGreaterThan(good.length / 2);
    assertThat(r.counters().get(Counter.ERRORS)).isZero();
    assertThat(r.counters().get(Counter.RECEIVED)).isEqualTo(good.length + 10_000L);
  }

  @Test
  void anAnsweredExchangeIsLoggedAsOneLineFromSourceToLength() {
    DhcpResponder r = responder().build();
    byte[] solicit = ipxe(1, null, w -> {});
    byte[] reply = new byte[1500];
    int n = r.handle(solicit, solicit.length, CLIENT_LL, reply);

    assertThat(n).isPositive();
    assertThat(log)
        .containsExactly(
            "dhcp6 from=fe80::5054:ff:fe12:3456 relays=0 type=SOLICIT xid=0x123456 duid="
                + Duid.ll(1, MAC)
                + " arch=7 phase=IPXE by=DUID_LINK_LAYER host=node-1 answer=ADVERTISE addr="
                + slot("node-1", BootPhase.IPXE)
                + " boot=http://[2001:db8:1::1]:8080/bootstrap.ipxe bytes="
                + n);
  }

  /** Four exchanges that are not answered, one of each kind, and one that is. */
  private List<String> dropsAndOneAnswer(DhcpResponder.ExchangeLog mode) {
    log.clear();
    DhcpResponder r = responder().rateLimit(1, 1).exchangeLog(mode).build();
    byte[] solicit = ipxe(1, null, w -> {});
    assertThat(drop(r, solicit)).as("answered").isPositive();
    assertThat(drop(r, solicit)).as("rate-limited").isEqualTo(-1);
    assertThat(drop(r, Arrays.copyOf(solicit, 10))).as("truncated").isEqualTo(-1);
    byte[] stranger =
        message(1, w -> w.clientId(Duid.ll(1, MacAddress.parse("02:00:00:00:00:09"))));
    byte[] reply = new byte[1500];
    assertThat(r.handle(stranger, stranger.length, Ipv6Address.parse("fe80::1234"), reply))
        .as("unknown host")
        .isEqualTo(-1);
    byte[] advertise = message(2, w -> w.clientId(DEPLOYED));
    assertThat(drop(r, advertise)).as("not for a server").isEqualTo(-1);
    assertThat(r.counters().get(Counter.RECEIVED)).isEqualTo(5);
    return List.copyOf(log);
  }

  @Test
  void dropsAreLoggedWithTheirReasonInEveryModeButNone() {
    List<String> all = dropsAndOneAnswer(DhcpResponder.ExchangeLog.ALL);
    List<String> drops = dropsAndOneAnswer(DhcpResponder.ExchangeLog.DROPS);
    List<String> none = dropsAndOneAnswer(DhcpResponder.ExchangeLog.NONE);

    assertThat(all).hasSize(5);
    assertThat(all.get(0)).contains(" answer=ADVERTISE ");
    assertThat(drops).as("the same lines, less the answered one").isEqualTo(all.subList(1, 5));
    assertThat(none).isEmpty();
    String from = "dhcp6 from=fe80::5054:ff:fe12:3456";
    String header = from + " relays=0 type=SOLICIT xid=0x123456";
    assertThat(drops.get(0)).isEqualTo(header + " drop=rate-limited");
    assertThat(drops.get(1))
        .isEqualTo(
            from + " drop=malformed status=" + DecodeStatus.OPTION_OVERRUNS_CONTAINER + " at=4");
    assertThat(drops.get(2))
        .startsWith("dhcp6 from=fe80::1234 relays=0 type=SOLICIT xid=0x123456 duid=00:03:00:01:")
        .endsWith(" phase=UNKNOWN host=- drop=unknown-host");
    assertThat(drops.get(3))
        .isEqualTo(from + " relays=0 type=ADVERTISE xid=0x123456 drop=not-for-a-server");
  }

  @Test
  void aRestartedResponderLeasesTheSameAddressFromTheJournal() {
    Ipv6Address first = answer(responder().build(), ipxe(1, null, w -> {})).one(5).address();
    allocator.close();
    allocator = openAllocator();
    Ipv6Address second = answer(responder().build(), ipxe(1, null, w -> {})).one(5).address();
    assertThat(second).isEqualTo(first);
  }
}
