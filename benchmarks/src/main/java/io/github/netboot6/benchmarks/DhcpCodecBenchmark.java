package io.github.netboot6.benchmarks;

import io.github.netboot6.codec.FactsExtractor;
import io.github.netboot6.codec.MessageReader;
import io.github.netboot6.codec.MessageWriter;
import io.github.netboot6.codec.OptionIterator;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.ClientFacts;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.onlab.packet.DHCP6;
import org.onlab.packet.DeserializationException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The DHCPv6 codec (issue 3): decode and walk every option, nested ones and relay levels included,
 * of a relayed Solicit and of an iPXE Solicit, and encode an Advertise into a reused buffer; and
 * the same decodes with ONOS's {@code org.onlab.packet.DHCP6} (onlab-misc 2.7.0) on the same bytes.
 * Run with {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DhcpCodecBenchmark {

  /**
   * Relay-Forw with option 79 around a Solicit (client id, ORO, elapsed time, IA_NA): 102 bytes.
   */
  static final byte[] RELAYED_SOLICIT =
      HexFormat.of()
          .parseHex(
              "0c00" // Relay-Forw, hop-count 0
                  + "20010db8000100000000000000000001" // link-address 2001:db8:1::1
                  + "fe80000000000000505400fffe123456" // peer-address fe80::5054:ff:fe12:3456
                  + "004f0008"
                  + "0001525400123456" // client link-layer address (79)
                  + "00090034" // relay message, 52 bytes
                  + "01abcdef" // Solicit
                  + "0001000e"
                  + "000100012a2b2c2d525400123456" // client id, DUID-LLT
                  + "00060004"
                  + "0017003b" // ORO 23, 59
                  + "00080002"
                  + "0000" // elapsed time
                  + "0003000c"
                  + "000000010000000000000000"); // IA_NA

  /** An iPXE Solicit: vendor class, user class, architecture, NII, DUID-UUID: 123 bytes. */
  static final byte[] IPXE_SOLICIT =
      HexFormat.of()
          .parseHex(
              "01123456" // Solicit
                  + "00010012"
                  + "00048c3d9a581b2e4c5f9a0b112233445566" // client id, DUID-UUID
                  + "0003000c"
                  + "000000010000000000000000" // IA_NA
                  + "00060006"
                  + "0017003b003c" // ORO 23, 59, 60
                  + "00080002"
                  + "0000" // elapsed time
                  + "00100026"
                  + "00000157"
                  + "0020" // vendor class, enterprise 343
                  + "505845436c69656e743a417263683a30303030373a554e44493a303033303136"
                  + "000f0006"
                  + "000469505845" // user class "iPXE"
                  + "003d0002"
                  + "0007" // client architecture 7
                  + "003e0003"
                  + "010310"); // NII: UNDI 3.16

  private static final Duid SERVER_DUID = Duid.ll(1, MacAddress.parse("02:00:5e:00:00:01"));
  static final Ipv6Address ADDRESS = Ipv6Address.parse("2001:db8::8");
  static final String STATUS_MESSAGE = "Success";
  static final String BOOT_FILE_URL = "http://[2001:db8::1]/boot.ipxe";

  private final MessageReader reader = new MessageReader();
  private final MessageReader inner = new MessageReader();
  private final OptionIterator[] stack = new OptionIterator[OptionIterator.MAX_OPTION_DEPTH + 1];
  private final MessageWriter writer = new MessageWriter();
  private final byte[] out = new byte[1500];
  private final FactsExtractor extractor = new FactsExtractor();
  private final ClientFacts facts = new ClientFacts();

  /** Creates the reusable flyweights. */
  public DhcpCodecBenchmark() {
    for (int i = 0; i < stack.length; i++) {
      stack[i] = new OptionIterator();
    }
  }

  /**
   * Netboot6: walks the relayed Solicit completely.
   *
   * @return a checksum of what was read
   */
  @Benchmark
  public long netboot6DecodeRelayedSolicit() {
    return walkDepthFirst(reader.wrap(RELAYED_SOLICIT, 0, RELAYED_SOLICIT.length));
  }

  /**
   * Netboot6: walks the relayed Solicit completely with an iterator per nesting level ({@code
   * OptionIterator.nested}) instead of one depth-first iterator.
   *
   * @return a checksum of what was read
   */
  @Benchmark
  public long netboot6DecodeRelayedSolicitPerLevel() {
    return walkPerLevel(reader.wrap(RELAYED_SOLICIT, 0, RELAYED_SOLICIT.length));
  }

  /**
   * Netboot6: walks the iPXE Solicit completely.
   *
   * @return a checksum of what was read
   */
  @Benchmark
  public long netboot6DecodeIpxeSolicit() {
    return walkDepthFirst(reader.wrap(IPXE_SOLICIT, 0, IPXE_SOLICIT.length));
  }

  /**
   * Netboot6: walks the iPXE Solicit completely with an iterator per nesting level.
   *
   * @return a checksum of what was read
   */
  @Benchmark
  public long netboot6DecodeIpxeSolicitPerLevel() {
    return walkPerLevel(reader.wrap(IPXE_SOLICIT, 0, IPXE_SOLICIT.length));
  }

  /**
   * Netboot6: encodes an Advertise (IA_NA/IAADDR, status, preference, boot-file URL) answering the
   * iPXE Solicit into a reused buffer.
   *
   * @return the encoded length
   */
  @Benchmark
  public int netboot6EncodeAdvertise() {
    reader.wrap(IPXE_SOLICIT, 0, IPXE_SOLICIT.length);
    writer.wrap(out, 0, out.length);
    writer.startReply(reader, SERVER_DUID);
    writer.beginIaNa(1, 3600, 5400).iaAddress(ADDRESS, 7200, 10800).endOption();
    writer.statusCode(0, STATUS_MESSAGE).preference(255).bootFileUrl(BOOT_FILE_URL);
    return writer.finish();
  }

  /**
   * Netboot6: extracts the client facts (DUID, IAID, option 79, relay addresses) of the relayed
   * Solicit into a reused holder.
   *
   * @return a checksum of the facts
   */
  @Benchmark
  public long netboot6ExtractFactsRelayedSolicit() {
    extractor.extract(RELAYED_SOLICIT, 0, RELAYED_SOLICIT.length, facts);
    return facts.relayLinkLayerAddress(0) + facts.iaidCount();
  }

  /**
   * Netboot6: extracts the client facts (DUID, IAID, vendor and user classes, architectures) of the
   * iPXE Solicit into a reused holder.
   *
   * @return a checksum of the facts
   */
  @Benchmark
  public long netboot6ExtractFactsIpxeSolicit() {
    extractor.extract(IPXE_SOLICIT, 0, IPXE_SOLICIT.length, facts);
    return facts.userClassCount() + facts.vendorClassCount() + facts.architecture(0);
  }

  /**
   * ONOS: deserialises the relayed Solicit (the whole tree, inner message included).
   *
   * @return the decoded message
   * @throws DeserializationException never on these bytes
   */
  @Benchmark
  public DHCP6 onosDecodeRelayedSolicit() throws DeserializationException {
    return DHCP6.deserializer().deserialize(RELAYED_SOLICIT, 0, RELAYED_SOLICIT.length);
  }

  /**
   * ONOS: deserialises the iPXE Solicit.
   *
   * @return the decoded message
   * @throws DeserializationException never on these bytes
   */
  @Benchmark
  public DHCP6 onosDecodeIpxeSolicit() throws DeserializationException {
    return DHCP6.deserializer().deserialize(IPXE_SOLICIT, 0, IPXE_SOLICIT.length);
  }

  /** The buffer {@link #netboot6EncodeAdvertise()} writes into. */
  byte[] encoded() {
    return out;
  }

  // Every option at every nesting level and relay level, with one depth-first iterator per relay
  // level; folds what it reads.
  private long walkDepthFirst(MessageReader message) {
    long sum = 0;
    MessageReader current = message;
    OptionIterator it = stack[0];
    while (true) {
      sum += current.messageTypeCode() + current.transactionId() + current.hopCount();
      boolean relay = current.isRelay();
      boolean entered = false;
      current.options(it);
      while (it.nextDepthFirst()) {
        sum += 31L * it.code() + it.length();
        if (it.length() >= 2) {
          sum += it.uint16At(0);
        }
        if (relay && !entered && it.depth() == 0 && it.code() == 9) {
          inner.wrapRelayMessage(it);
          entered = true;
        }
      }
      if (!entered) {
        return sum;
      }
      current = inner;
    }
  }

  // The same, with an iterator per nesting level.
  private long walkPerLevel(MessageReader message) {
    long sum = 0;
    MessageReader current = message;
    while (true) {
      sum += current.messageTypeCode() + current.transactionId() + current.hopCount();
      boolean relay = current.isRelay();
      boolean entered = false;
      current.options(stack[0]);
      int top = 0;
      while (top >= 0) {
        OptionIterator it = stack[top];
        if (!it.next()) {
          top--;
          continue;
        }
        sum += 31L * it.code() + it.length();
        if (it.length() >= 2) {
          sum += it.uint16At(0);
        }
        if (top == 0 && relay && !entered && it.code() == 9) {
          inner.wrapRelayMessage(it);
          entered = true;
        } else if (it.hasNestedOptions()) {
          it.nested(stack[++top]);
        }
      }
      if (!entered) {
        return sum;
      }
      // The iterators keep their own view of the bytes, so inner can be rewrapped while walking.
      current = inner;
    }
  }
}
