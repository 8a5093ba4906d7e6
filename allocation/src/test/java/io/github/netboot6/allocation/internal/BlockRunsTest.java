package io.github.netboot6.allocation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockRunsTest {

  /** Random sets and clears, clustered so that runs grow, join and split, against a TreeSet. */
  @ParameterizedTest
  @ValueSource(longs = {0, 63, 64, 4095, 5000, 1L << 20, (1L << 61) - 1, Long.MAX_VALUE})
  void randomOperations_agreeWithTreeSet(long limit) {
    SplittableRandom random = new SplittableRandom(limit);
    BlockRuns runs = new BlockRuns(limit);
    TreeSet<Long> model = new TreeSet<>();
    long span = Math.min(limit, 9000);
    long base = limit - span;
    for (int i = 0; i < 60_000; i++) {
      long index = base + random.nextLong(span + 1);
      if (random.nextInt(3) > 0) {
        assertThat(runs.set(index)).isEqualTo(model.add(index));
      } else {
        assertThat(runs.clear(index)).isEqualTo(model.remove(index));
      }
      assertSearchesAgree(runs, model, base + random.nextLong(span + 1), limit);
      if (i % 97 == 0) {
        runs.checkInvariants();
      }
    }
    runs.checkInvariants();
    for (long index = base; index <= limit && index >= base; index++) {
      assertThat(runs.get(index)).as("get(%s)", index).isEqualTo(model.contains(index));
    }
  }

  /**
   * Isolated indexes (one run each) far apart, so that chunks split; then most of them cleared, so
   * that chunks merge and take runs from their neighbours.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void scatteredIndexes_splitThenMergeChunks(int seed) {
    long limit = (1L << 61) - 1;
    SplittableRandom random = new SplittableRandom(seed);
    BlockRuns runs = new BlockRuns(limit);
    TreeSet<Long> model = new TreeSet<>();
    List<Long> added = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      long index = random.nextLong(limit) & ~1L; // even: never adjacent, so one run each
      if (runs.set(index)) {
        added.add(index);
      }
      model.add(index);
    }
    runs.checkInvariants();
    assertThat(runs.runCount()).isEqualTo(model.size());
    assertThat(runs.chunkCount()).isGreaterThan(50_000 / BlockRuns.CHUNK);
    // Runs made in random order: chunks 69 % full on average, 16 bytes a run in them.
    assertThat(runs.retainedBytesEstimate() / (double) model.size()).isBetween(16.0, 32.0);

    Collections.shuffle(added, new java.util.Random(seed));
    for (int i = 0; i < added.size() - 100; i++) {
      long index = added.get(i);
      assertThat(runs.clear(index)).isTrue();
      model.remove(index);
      if (i % 101 == 0) {
        runs.checkInvariants();
        assertSearchesAgree(runs, model, random.nextLong(limit), limit);
        assertSearchesAgree(runs, model, index, limit);
      }
    }
    runs.checkInvariants();
    assertThat(runs.cardinality()).isEqualTo(100);
    // Every chunk but the last holds at least a quarter of CHUNK runs.
    assertThat(runs.chunkCount()).isLessThanOrEqualTo(100 / (BlockRuns.CHUNK / 4) + 1);
    for (long index : model) {
      assertThat(runs.get(index)).isTrue();
      assertThat(runs.get(index + 1)).isFalse();
      assertSearchesAgree(runs, model, index, limit);
      assertSearchesAgree(runs, model, index + 1, limit);
    }
  }

  @Test
  void indexesInOrder_fillChunks() {
    BlockRuns runs = new BlockRuns(1L << 40);
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      runs.set(3L * i);
    }
    runs.checkInvariants();
    assertThat(runs.runCount()).isEqualTo(n);
    assertThat(runs.chunkCount()).isEqualTo((n + BlockRuns.CHUNK - 1) / BlockRuns.CHUNK);
  }

  @Test
  void poolFilledFromItsStart_isOneRun() {
    BlockRuns runs = new BlockRuns((1L << 61) - 1);
    for (long i = 0; i < 100_000; i++) {
      assertThat(runs.nextClear(0)).isEqualTo(i);
      runs.set(i);
    }
    assertThat(runs.runCount()).isEqualTo(1);
    assertThat(runs.nextClear(0)).isEqualTo(100_000);
    assertThat(runs.nextSet(100_000)).isEqualTo(-1);
    assertThat(runs.clear(500)).isTrue();
    assertThat(runs.runCount()).isEqualTo(2);
    assertThat(runs.nextClear(0)).isEqualTo(500);
    assertThat(runs.nextSet(500)).isEqualTo(501);
    assertThat(runs.set(500)).isTrue();
    assertThat(runs.runCount()).isEqualTo(1);
    assertThat(runs.cardinality()).isEqualTo(100_000);
    runs.checkInvariants();
  }

  @Test
  void fullUpToTheLimit_hasNoClearIndex() {
    BlockRuns runs = new BlockRuns(Long.MAX_VALUE);
    runs.set(Long.MAX_VALUE);
    runs.set(Long.MAX_VALUE - 1);
    assertThat(runs.nextClear(Long.MAX_VALUE - 1)).isEqualTo(-1);
    assertThat(runs.nextClear(Long.MAX_VALUE - 2)).isEqualTo(Long.MAX_VALUE - 2);
    assertThat(runs.nextSet(0)).isEqualTo(Long.MAX_VALUE - 1);
    runs.checkInvariants();
  }

  @Test
  void indexOutsideTheLimit_isRefusedByChangesAndFoundByNoSearch() {
    BlockRuns runs = new BlockRuns(99);
    assertThatThrownBy(() -> runs.set(100))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("index 100 (expected: 0..99)");
    assertThatThrownBy(() -> runs.set(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> new BlockRuns(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(runs.cardinality()).isZero();
    runs.set(99);
    assertThat(runs.nextClear(100)).isEqualTo(-1);
    assertThat(runs.nextSet(100)).isEqualTo(-1);
    assertThat(runs.get(100)).isFalse();
  }

  private static void assertSearchesAgree(
      BlockRuns runs, TreeSet<Long> model, long from, long limit) {
    if (from < 0 || from > limit) {
      return;
    }
    Long set = model.ceiling(from);
    assertThat(runs.nextSet(from)).as("nextSet(%s)", from).isEqualTo(set == null ? -1 : set);
    long clear = from;
    while (clear <= limit && clear >= 0 && model.contains(clear)) {
      clear++;
    }
    assertThat(runs.nextClear(from))
        .as("nextClear(%s)", from)
        .isEqualTo(clear > limit || clear < 0 ? -1 : clear);
    assertThat(runs.cardinality()).isEqualTo(model.size());
  }
}
