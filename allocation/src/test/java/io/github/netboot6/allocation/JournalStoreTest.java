package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.core.Ipv6Prefix;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalStoreTest {
  private static final AddressPool POOL = AddressPool.of(Ipv6Prefix.parse("2001:db8::/64"));

  @TempDir Path directory;

  private Allocator open() {
    return open(JournalStore.open(directory));
  }

  private Allocator open(JournalStore store) {
    return Allocator.builder(POOL).store(store).build();
  }

  private static HostKey host(int i) {
    return HostKey.ofName("host-" + i);
  }

  private Map<Long, HostKey> state() {
    Map<Long, HostKey> state = new TreeMap<>();
    try (Allocator allocator = open()) {
      allocator.forEach(a -> state.put(a.blockIndex(), a.host()));
    }
    return state;
  }

  private Path onlySegment() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.toString().endsWith(".nb6j")).reduce((a, b) -> b).orElseThrow();
    }
  }

  @Test
  void restart_replaysAllocationsAndReleases() {
    try (Allocator allocator = open()) {
      for (int i = 0; i < 10; i++) {
        allocator.allocate(host(i));
      }
      allocator.release(host(3));
    }
    Map<Long, HostKey> state = state();
    assertThat(state).hasSize(9).doesNotContainValue(host(3));
    try (Allocator allocator = open()) {
      assertThat(allocator.allocate(host(11)).blockIndex()).isEqualTo(3);
    }
  }

  @Test
  void tornTail_isTruncatedAndReported() throws IOException {
    try (Allocator allocator = open()) {
      allocator.allocate(host(1));
      allocator.allocate(host(2));
    }
    Path segment = onlySegment();
    long intact = Files.size(segment);
    // A record cut short, then zeros: what a crash in the middle of a write leaves.
    Files.write(segment, new byte[] {0, 0, 0, 30, 1, 2, 3, 0, 0, 0}, StandardOpenOption.APPEND);
    JournalStore store = JournalStore.open(directory);
    assertThat(store.recoveryNotice())
        .hasValueSatisfying(
            notice ->
                assertThat(notice)
                    .contains(segment.getFileName().toString())
                    .contains("torn tail truncated at offset " + intact + " (10 bytes dropped"));
    try (Allocator allocator = open(store)) {
      assertThat(allocator.statistics().allocatedBlocks()).isEqualTo(2);
      allocator.allocate(host(3));
    }
    assertThat(state()).hasSize(3);
  }

  @Test
  void corruptRecordInTheMiddle_stopsStartUp() throws IOException {
    try (Allocator allocator = open()) {
      for (int i = 0; i < 3; i++) {
        allocator.allocate(host(i));
      }
    }
    Path segment = onlySegment();
    byte[] bytes = Files.readAllBytes(segment);
    // Header, then each allocation's flush: a 17-byte flush mark and the record.
    int record = 8 + 11 + host(0).encodedLength();
    int secondRecord = 20 + 17 + record + 17;
    bytes[secondRecord + 12] ^= 0x40; // a bit flip inside the second record's block index
    assertStartUpStops(segment, bytes, secondRecord, secondRecord + record);
  }

  @Test
  void corruptLastRecordOfAClosedJournal_stopsStartUp() throws IOException {
    try (Allocator allocator = open()) {
      for (int i = 0; i < 3; i++) {
        allocator.allocate(host(i));
      }
    }
    Path segment = onlySegment();
    byte[] bytes = Files.readAllBytes(segment);
    // The last record, then the 17-byte mark that closing the store wrote after it.
    int closingMark = bytes.length - 17;
    int lastRecord = closingMark - (8 + 11 + host(2).encodedLength());
    bytes[lastRecord + 12] ^= 0x01;
    assertStartUpStops(segment, bytes, lastRecord, closingMark);
  }

  /**
   * Writes {@code damaged} over the segment; start-up must stop, naming the damage at {@code
   * offset} and the flush mark at {@code mark} after it, and leave the file as it was.
   */
  private void assertStartUpStops(Path segment, byte[] damaged, int offset, int mark)
      throws IOException {
    Files.write(segment, damaged);
    assertThatThrownBy(() -> JournalStore.open(directory))
        .isInstanceOf(JournalCorruptedException.class)
        .hasMessageContaining(segment.getFileName() + " damaged at offset " + offset)
        .hasMessageContaining("before the flush mark at offset " + mark)
        .satisfies(e -> assertThat(((JournalCorruptedException) e).offset()).isEqualTo(offset));
    assertThat(Files.readAllBytes(segment)).as("left untouched").isEqualTo(damaged);
  }

  @Test
  void compaction_snapshotsAndDropsHistory() throws IOException {
    JournalStore store = JournalStore.builder(directory).compactAfterBytes(4096).open();
    try (Allocator allocator = open(store)) {
      for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 50; i++) {
          allocator.allocate(host(i));
        }
        for (int i = 0; i < 50; i += 2) {
          allocator.release(host(i));
        }
      }
    }
    try (Stream<Path> files = Files.list(directory)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).hasSize(2);
      assertThat(names.get(0)).startsWith("journal-");
      assertThat(names.get(1)).startsWith("snapshot-");
    }
    Map<Long, HostKey> state = state();
    assertThat(state).hasSize(25);
    assertThat(state.values()).allMatch(h -> Integer.parseInt(h.toString().substring(10)) % 2 == 1);
  }

  @Test
  void corruptSnapshot_stopsStartUp() throws IOException {
    JournalStore store = JournalStore.builder(directory).compactAfterBytes(4096).open();
    try (Allocator allocator = open(store)) {
      for (int i = 0; i < 200; i++) {
        allocator.allocate(host(i));
      }
    }
    Path snapshot;
    try (Stream<Path> files = Files.list(directory)) {
      snapshot = files.filter(p -> p.toString().endsWith(".nb6s")).findFirst().orElseThrow();
    }
    try (FileChannel c = FileChannel.open(snapshot, StandardOpenOption.WRITE)) {
      c.write(java.nio.ByteBuffer.wrap(new byte[] {1}), 40);
    }
    assertThatThrownBy(() -> JournalStore.open(directory))
        .isInstanceOf(JournalCorruptedException.class)
        .hasMessageContaining("snapshot checksum");
  }

  @Test
  void concurrentCallers_shareFlushes_andAllSurvive() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (Allocator allocator = open()) {
      List<Future<Allocation>> futures = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        int n = i;
        futures.add(pool.submit(() -> allocator.allocate(host(n))));
      }
      for (Future<Allocation> f : futures) {
        assertThat(f.get()).isNotNull();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(state()).hasSize(2000);
  }

  @Test
  void gatheringAtItsLongest_stillAcknowledgesEveryCaller() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (Allocator allocator =
        open(JournalStore.builder(directory).gather(java.time.Duration.ofMillis(10)).open())) {
      List<Future<Allocation>> futures = new ArrayList<>();
      for (int i = 0; i < 800; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  Allocation a = allocator.allocate(host(n));
                  if (n % 2 == 0) {
                    allocator.release(host(n));
                  }
                  return a;
                }));
      }
      for (Future<Allocation> f : futures) {
        assertThat(f.get()).isNotNull();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(state())
        .hasSize(400)
        .containsValues(host(1), host(799))
        .doesNotContainValue(host(0));
  }

  @Test
  void gather_isChecked() {
    JournalStore.Builder builder = JournalStore.builder(directory);
    assertThatThrownBy(() -> builder.gather(java.time.Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gather: PT-0.000000001S (expected: 0 to 10 ms)");
    assertThatThrownBy(() -> builder.gather(java.time.Duration.ofMillis(11)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gather: PT0.011S");
    assertThat(builder.gather(java.time.Duration.ZERO)).isSameAs(builder);
  }
}
