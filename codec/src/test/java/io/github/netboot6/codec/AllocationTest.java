package io.github.netboot6.codec;

import static io.github.netboot6.codec.Fixtures.SOLICIT;
import static io.github.netboot6.codec.Fixtures.TWO_RELAYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The hot path allocates nothing: after warm-up, walking whole messages (header, every option,
 * nested options, every relay level, typed reads) over an array, a heap buffer and a direct buffer
 * allocates 0 bytes on the walking thread, measured by the JVM's per-thread allocation counter.
 */
class AllocationTest {
  private static final int WARM_UP = 50_000;
  private static final int ITERATIONS = 100_000;
  private static final int ROUNDS = 3;

  private final MessageReader reader = new MessageReader();
  private final OptionIterator scratch = new OptionIterator();
  private final Walker walker = new Walker();
  private final ByteBuffer heap = ByteBuffer.wrap(TWO_RELAYS.clone());
  private final ByteBuffer direct = ByteBuffer.allocateDirect(SOLICIT.length).put(SOLICIT).flip();
  private int failures;
  private long sink;

  @Test
  void walk_afterWarmUp_allocatesZeroBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "no per-thread allocation counter");
    threads.setThreadAllocatedMemoryEnabled(true);
    long thread = Thread.currentThread().getId();
    walkAll(WARM_UP);

    // A steady state that allocates per walk would allocate in every round of 100,000 walks; a
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
      walkAll(ITERATIONS);
      long after = threads.getThreadAllocatedBytes(thread);
      allocated[round] = after - before - (calibrationEnd - calibrationStart);
      zeroRound = allocated[round] == 0;
    }

    assertThat(failures).isZero();
    assertThat(walker.options).isPositive();
    assertThat(sink).isNotZero();
    assertThat(zeroRound)
        .as(
            "bytes allocated by each round of %s walks of 5 messages: %s",
            ITERATIONS, java.util.Arrays.toString(allocated))
        .isTrue();
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
