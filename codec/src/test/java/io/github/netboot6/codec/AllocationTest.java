package io.github.netboot6.codec;

import static io.github.netboot6.codec.Fixtures.SOLICIT;
import static io.github.netboot6.codec.Fixtures.TWO_RELAYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.netboot6.core.Ipv6Address;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * The hot path allocates nothing: after warm-up, walking whole messages (header, every option,
 * nested options, every relay level, typed reads) over an array, a heap buffer and a direct buffer,
 * and encoding Advertise replies (relayed or not) into reused buffers, allocate 0 bytes on the
 * working thread, measured by the JVM's per-thread allocation counter.
 */
class AllocationTest {
  private static final int WARM_UP = 50_000;
  private static final int ITERATIONS = 100_000;
  private static final int ROUNDS = 3;

  private final MessageReader reader = new MessageReader();
  private final OptionIterator scratch = new OptionIterator();
  private final Walker walker = new Walker();
  private final Walker depthFirst = new Walker(true);
  private final ByteBuffer heap = ByteBuffer.wrap(TWO_RELAYS.clone());
  private final ByteBuffer direct = ByteBuffer.allocateDirect(SOLICIT.length).put(SOLICIT).flip();
  private final MessageWriter writer = new MessageWriter();
  private final byte[] out = new byte[300];
  private final ByteBuffer directOut = ByteBuffer.allocateDirect(300);
  private final ByteBuffer heapOut = ByteBuffer.allocate(300);
  private static final Ipv6Address ADDRESS = Ipv6Address.parse("2001:db8::8");
  private final FactsExtractor extractor = new FactsExtractor();
  private final io.github.netboot6.core.identity.ClientFacts facts =
      new io.github.netboot6.core.identity.ClientFacts();
  private final ByteBuffer directIpxe =
      ByteBuffer.allocateDirect(FactsFixtures.IPXE_TWO_RELAYS.length)
          .put(FactsFixtures.IPXE_TWO_RELAYS)
          .flip();
  private int failures;
  private long sink;

  @Test
  void walk_afterWarmUp_allocatesZeroBytes() {
    assertAllocatesNothing(this::walkAll, "walks of 5 messages");
    assertThat(failures).isZero();
    assertThat(walker.options).isPositive();
    assertThat(sink).isNotZero();
  }

  @Test
  void walkDepthFirst_afterWarmUp_allocatesZeroBytes() {
    assertAllocatesNothing(this::walkAllDepthFirst, "depth-first walks of 4 messages");
    assertThat(failures).isZero();
    assertThat(depthFirst.options).isPositive();
    assertThat(sink).isNotZero();
  }

  @Test
  void encodeAdvertise_afterWarmUp_allocatesZeroBytes() {
    assertAllocatesNothing(this::encodeAll, "encodings of 3 Advertise messages");
    assertThat(failures).isZero();
    assertThat(sink).isNotZero();
  }

  @Test
  void extractFacts_afterWarmUp_allocatesZeroBytes() {
    assertAllocatesNothing(this::extractAll, "extractions of 4 messages");
    assertThat(failures).isZero();
    assertThat(sink).isNotZero();
  }

  // Facts of a firmware Solicit, of the two-relay Solicit, and of the relayed iPXE Solicit with
  // every relay option, from an array, a heap buffer and a direct buffer.
  private void extractAll(int iterations) {
    byte[] ipxe = FactsFixtures.IPXE_TWO_RELAYS;
    for (int i = 0; i < iterations; i++) {
      check(extractor.extract(SOLICIT, 0, SOLICIT.length, facts));
      check(extractor.extract(heap, 0, TWO_RELAYS.length, facts));
      sink += facts.relayLinkLayerAddress(0);
      check(extractor.extract(ipxe, 0, ipxe.length, facts));
      check(extractor.extract(directIpxe, 0, ipxe.length, facts));
      sink += facts.relayOptionCount() + facts.userClassCount() + facts.iaid(0);
    }
  }

  private void assertAllocatesNothing(IntConsumer work, String what) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "no per-thread allocation counter");
    threads.setThreadAllocatedMemoryEnabled(true);
    long thread = Thread.currentThread().getId();
    work.accept(WARM_UP);

    // A steady state that allocates per iteration would allocate in every round of 100,000; a
    // round of exactly 0 bytes proves there is none. Up to ROUNDS rounds are measured because a
    // one-off allocation can land in a round while the JIT is still settling (once, 128 bytes were
    // seen right after a 20,000-iteration warm-up, never again in later rounds).
    long[] allocated = new long[ROUNDS];
    boolean zeroRound = false;
    for (int round = 0; round < ROUNDS && !zeroRound; round++) {
      // Reading the counter twice in a row costs nothing on HotSpot 17; subtracted regardless.
      long calibrationStart = threads.getThreadAllocatedBytes(thread);
      long calibrationEnd = threads.getThreadAllocatedBytes(thread);
      long before = threads.getThreadAllocatedBytes(thread);
      work.accept(ITERATIONS);
      long after = threads.getThreadAllocatedBytes(thread);
      allocated[round] = after - before - (calibrationEnd - calibrationStart);
      zeroRound = allocated[round] == 0;
    }
    assertThat(zeroRound)
        .as(
            "bytes allocated by each round of %s %s: %s",
            ITERATIONS, what, java.util.Arrays.toString(allocated))
        .isTrue();
  }

  // An Advertise (IA_NA/IAADDR, status, preference, boot-file URL) answering a Solicit, into a
  // reused array; then a relayed reply into a direct buffer and a heap buffer.
  private void encodeAll(int iterations) {
    for (int i = 0; i < iterations; i++) {
      reader.wrap(SOLICIT, 0, SOLICIT.length);
      encode(writer.wrap(out, 0, out.length));
      reader.wrap(TWO_RELAYS, 0, TWO_RELAYS.length);
      encode(writer.wrap(directOut, 0, directOut.capacity()));
      encode(writer.wrap(heapOut, 3, 290));
    }
  }

  private void encode(MessageWriter writer) {
    if (!writer.startReply(reader, MessageWriterTest.SERVER_DUID)) {
      failures++;
    }
    writer.beginIaNa(1, 3600, 5400).iaAddress(ADDRESS, 7200, 10800).endOption();
    writer.statusCode(0, "Success").preference(255).bootFileUrl(MessageWriterTest.BOOT_URL);
    int length = writer.finish();
    if (length <= 0) {
      failures++;
    }
    sink += length;
  }

  private void walkAllDepthFirst(int iterations) {
    for (int i = 0; i < iterations; i++) {
      check(depthFirst.walk(reader.wrap(TWO_RELAYS, 0, TWO_RELAYS.length)));
      check(depthFirst.walk(reader.wrap(SOLICIT, 0, SOLICIT.length)));
      check(depthFirst.walk(reader.wrap(heap, 0, TWO_RELAYS.length)));
      check(depthFirst.walk(reader.wrap(direct, 0, SOLICIT.length)));
    }
    sink += depthFirst.checksum;
  }

  private void walkAll(int iterations) {
    for (int i = 0; i < iterations; i++) {
      check(walker.walk(reader.wrap(TWO_RELAYS, 0, TWO_RELAYS.length)));
      check(walker.walk(reader.wrap(SOLICIT, 0, SOLICIT.length)));
      check(walker.walk(reader.wrap(heap, 0, TWO_RELAYS.length)));
      check(walker.walk(reader.wrap(direct, 0, SOLICIT.length)));
      reader.wrap(heap, 0, TWO_RELAYS.length);
      if (!reader.innermost(scratch)) {
        failures++;
      }
      sink += reader.transactionId();
    }
    sink += walker.checksum;
  }

  private void check(DecodeStatus status) {
    if (status != DecodeStatus.OK) {
      failures++;
    }
  }
}
