package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.core.Ipv6Prefix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zero-filled tail written ahead of a segment's records, and how start-up reads it. */
class JournalPreallocationTest {
  private static final AddressPool POOL = AddressPool.of(Ipv6Prefix.parse("2001:db8::/64"));
  private static final int CHUNK = 64 * 1024;
  // A flush mark: record header (8) and payload (type, offset).
  private static final int MARK = 8 + 9;

  @TempDir Path directory;
  @TempDir Path crashed;

  private static Allocator open(JournalStore store) {
    return Allocator.builder(POOL).store(store).build();
  }

  private static JournalStore store(Path directory) {
    return JournalStore.builder(directory).preallocateBytes(CHUNK).open();
  }

  private static HostKey host(int i) {
    return HostKey.ofName("host-" + i);
  }

  /** The bytes of host {@code i}'s allocation record. */
  private static int record(int i) {
    return 8 + 11 + host(i).encodedLength();
  }

  private static Map<Long, HostKey> state(Path directory) {
    Map<Long, HostKey> state = new TreeMap<>();
    try (Allocator allocator = open(store(directory))) {
      allocator.forEach(a -> state.put(a.blockIndex(), a.host()));
    }
    return state;
  }

  private static Path onlySegment(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(p -> p.toString().endsWith(".nb6j"))
          .sorted()
          .reduce((a, b) -> b)
          .orElseThrow();
    }
  }

  /** Copies the directory's files as they are while the store is open: what a kill -9 leaves. */
  private void copyAsCrashed() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, crashed.resolve(file.getFileName()));
      }
    }
  }

  /**
   * Allocates {@code count} hosts durably, copies the directory while the store is open into {@link
   * #crashed}, then closes it.
   *
   * @return the logical end of the crashed copy's segment: the size of the cleanly closed segment
   *     without the closing flush mark
   */
  private long allocateAndCrash(int count) throws IOException {
    try (Allocator allocator = open(store(directory))) {
      for (int i = 0; i < count; i++) {
        allocator.allocate(host(i));
      }
      copyAsCrashed();
    }
    return Files.size(onlySegment(directory)) - MARK;
  }

  /** A flush mark, as JournalStore's description gives it, at {@code offset}. */
  private static byte[] mark(long offset) {
    ByteBuffer mark = ByteBuffer.allocate(MARK);
    mark.putInt(9).putInt(0).put((byte) 5).putLong(offset);
    CRC32C crc = new CRC32C();
    crc.update(mark.array());
    return mark.putInt(4, (int) crc.getValue()).array();
  }

  private static void writeAt(Path file, long offset, byte[] bytes) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.write(ByteBuffer.wrap(bytes), offset);
    }
  }

  /** Opens {@link #crashed}: its torn tail at {@code end} is reported, its 3 hosts are kept. */
  private void assertTornTailKeeping3(long end) {
    JournalStore store = store(crashed);
    assertThat(store.recoveryNotice())
        .hasValueSatisfying(
            notice -> assertThat(notice).contains("torn tail truncated at offset " + end + " ("));
    store.close();
    assertThat(state(crashed)).hasSize(3);
  }

  @Test
  void cleanClose_truncatesTheZeros_andReopens() throws IOException {
    long end = allocateAndCrash(10);
    byte[] bytes = Files.readAllBytes(onlySegment(directory));
    assertThat(bytes.length).isLessThan(CHUNK);
    assertThat(Arrays.copyOfRange(bytes, bytes.length - MARK, bytes.length))
        .as("the closing flush mark, then nothing")
        .isEqualTo(mark(end));
    JournalStore store = store(directory);
    assertThat(store.recoveryNotice()).isEmpty();
    try (Allocator allocator = open(store)) {
      assertThat(allocator.statistics().allocatedBlocks()).isEqualTo(10);
      allocator.allocate(host(10));
    }
    assertThat(Files.size(onlySegment(directory))).isEqualTo(end + MARK + MARK + record(10) + MARK);
    assertThat(state(directory)).hasSize(11);
  }

  @Test
  void crash_leavesAZeroTail_thatIsACleanEnd() throws IOException {
    long end = allocateAndCrash(10);
    Path segment = onlySegment(crashed);
    assertThat(Files.size(segment)).as("preallocated in whole chunks").isEqualTo(CHUNK);
    byte[] bytes = Files.readAllBytes(segment);
    assertThat(Arrays.copyOf(bytes, (int) end))
        .isEqualTo(Arrays.copyOf(Files.readAllBytes(onlySegment(directory)), (int) end));
    JournalStore store = store(crashed);
    assertThat(store.recoveryNotice()).isEmpty();
    try (Allocator allocator = open(store)) {
      assertThat(allocator.statistics().allocatedBlocks()).isEqualTo(10);
      // Written over the zeros, at the logical end: not after the file's end.
      allocator.allocate(host(10));
    }
    assertThat(Files.size(segment)).isEqualTo(end + MARK + record(10) + MARK);
    assertThat(state(crashed)).hasSize(11).containsValue(host(10));
  }

  @Test
  void crash_thenCrashAgain_keepsEveryAcknowledgedChange() throws IOException {
    allocateAndCrash(5);
    try (Allocator allocator = open(store(crashed))) {
      for (int i = 5; i < 3000; i++) {
        allocator.allocate(host(i));
      }
      // A second kill: past the first chunk now, with a zero tail again.
      Path again = Files.createDirectory(crashed.resolve("again"));
      Files.copy(onlySegment(crashed), again.resolve(onlySegment(crashed).getFileName()));
      long size = Files.size(again.resolve(onlySegment(crashed).getFileName()));
      assertThat(size % CHUNK).isZero();
      assertThat(size).isGreaterThan(CHUNK);
      JournalStore store = store(again);
      assertThat(store.recoveryNotice()).isEmpty();
      store.close();
      assertThat(state(again)).hasSize(3000);
    }
  }

  @Test
  void tornRecordFollowedByZeros_isTruncatedAndReported() throws IOException {
    long end = allocateAndCrash(3);
    Path segment = onlySegment(crashed);
    // A record cut short, in the zeros: what a kill in the middle of a write leaves.
    writeAt(segment, end, new byte[] {0, 0, 0, 30, 1, 2, 3});
    JournalStore store = store(crashed);
    assertThat(store.recoveryNotice())
        .hasValueSatisfying(
            notice ->
                assertThat(notice)
                    .contains(segment.getFileName().toString())
                    .contains(
                        "torn tail truncated at offset "
                            + end
                            + " ("
                            + (CHUNK - end)
                            + " bytes dropped"));
    assertThat(Files.size(segment)).isEqualTo(end);
    try (Allocator allocator = open(store)) {
      assertThat(allocator.statistics().allocatedBlocks()).isEqualTo(3);
      allocator.allocate(host(3));
    }
    assertThat(state(crashed)).hasSize(4);
  }

  @Test
  void garbageAfterAZeroHeader_isReportedNotIgnored() throws IOException {
    long end = allocateAndCrash(3);
    Path segment = onlySegment(crashed);
    writeAt(segment, end + 100, new byte[] {1, 2, 3});
    assertTornTailKeeping3(end);
  }

  @Test
  void validRecordAfterZeros_withNoLaterFlushMark_isATornTail() throws IOException {
    long end = allocateAndCrash(3);
    Path segment = onlySegment(crashed);
    byte[] bytes = Files.readAllBytes(segment);
    byte[] last = Arrays.copyOfRange(bytes, (int) end - record(2), (int) end);
    // Pages of one flush persisted out of order: its later record without its start.
    writeAt(segment, end + 64, last);
    assertTornTailKeeping3(end);
  }

  @Test
  void flushMarkAfterZeros_stopsStartUp() throws IOException {
    long end = allocateAndCrash(3);
    Path segment = onlySegment(crashed);
    // A mark says that the bytes before it were acknowledged: zeros there are lost data.
    writeAt(segment, end + 64, mark(end + 64));
    byte[] damaged = Files.readAllBytes(segment);
    assertThatThrownBy(() -> store(crashed))
        .isInstanceOf(JournalCorruptedException.class)
        .hasMessageContaining(segment.getFileName() + " damaged at offset " + end)
        .hasMessageContaining("before the flush mark at offset " + (end + 64));
    assertThat(Files.readAllBytes(segment)).as("left untouched").isEqualTo(damaged);
  }

  @Test
  void flushMarkCopiedElsewhere_doesNotCount() throws IOException {
    long end = allocateAndCrash(3);
    Path segment = onlySegment(crashed);
    // A valid mark, but not where it says it is: it proves nothing about the bytes before it.
    writeAt(segment, end + 64, mark(end));
    assertTornTailKeeping3(end);
  }

  /**
   * What a power loss during a flush of a preallocated segment can leave: some of the flush's pages
   * persisted and others still zero, in any order. The flush was not acknowledged.
   */
  @Test
  void powerLossInTheLastFlush_zerosBeforeValidRecords_isATornTail() throws IOException {
    try (JournalStore store = store(directory)) {
      for (int i = 0; i < 3; i++) {
        store.awaitDurable(store.append(i, host(i), true));
      }
      long ticket = 0;
      for (int i = 3; i < 8; i++) {
        ticket = store.append(i, host(i), true);
      }
      store.awaitDurable(ticket); // one flush: a mark and records 3 to 7
      copyAsCrashed();
    }
    // The last flush starts after the header and three flushes of a mark and a record each.
    int lastFlush = 20 + 3 * MARK + record(0) + record(1) + record(2);
    Path segment = onlySegment(crashed);
    // Its mark and first two records lost; records 5, 6 and 7 persisted.
    writeAt(segment, lastFlush, new byte[MARK + record(3) + record(4)]);
    JournalStore store = store(crashed);
    assertThat(store.recoveryNotice())
        .hasValueSatisfying(
            notice ->
                assertThat(notice).contains("torn tail truncated at offset " + lastFlush + " ("));
    try (Allocator allocator = open(store)) {
      assertThat(allocator.statistics().allocatedBlocks()).isEqualTo(3);
    }
  }

  @Test
  void zerosAtTheEndOfAnOlderSegment_stopStartUp() throws IOException {
    long end = allocateAndCrash(3) + MARK;
    Path older = onlySegment(directory);
    // A newer segment, empty: segment 1 is older now, and its zeros cannot be a preallocated tail
    // (starting a new segment cuts them off first).
    Files.write(
        directory.resolve("journal-0000000000000002.nb6j"),
        io.github.netboot6.allocation.internal.JournalFormat.segmentHeader(2).array());
    writeAt(older, end, new byte[100]);
    assertThatThrownBy(() -> store(directory))
        .isInstanceOf(JournalCorruptedException.class)
        .hasMessageContaining(older.getFileName() + " damaged at offset " + end)
        .hasMessageContaining("in an older segment");
  }

  @Test
  void damageBeforeALaterFlush_stopsStartUp() throws IOException {
    allocateAndCrash(3);
    Path segment = onlySegment(crashed);
    int secondRecord = 20 + MARK + record(0) + MARK;
    writeAt(segment, secondRecord, new byte[record(1)]);
    byte[] damaged = Files.readAllBytes(segment);
    assertThatThrownBy(() -> store(crashed))
        .isInstanceOf(JournalCorruptedException.class)
        .hasMessageContaining(segment.getFileName() + " damaged at offset " + secondRecord)
        .hasMessageContaining(
            "before the flush mark at offset "
                + (secondRecord + record(1))
                + " (the damaged bytes had been acknowledged)");
    assertThat(Files.readAllBytes(segment)).as("left untouched").isEqualTo(damaged);
  }

  @Test
  void withoutPreallocation_segmentsGrowByTheirRecords_andOpenEitherWay() throws IOException {
    try (Allocator allocator = open(JournalStore.builder(directory).preallocateBytes(0).open())) {
      allocator.allocate(host(0));
      long size = Files.size(onlySegment(directory));
      allocator.allocate(host(1));
      assertThat(Files.size(onlySegment(directory)) - size)
          .as("appended, no zeros ahead")
          .isEqualTo(MARK + record(1));
    }
    // A journal written without preallocation opens with it, and the other way round.
    try (Allocator allocator = open(store(directory))) {
      assertThat(allocator.statistics().allocatedBlocks()).isEqualTo(2);
      allocator.allocate(host(2));
    }
    try (Allocator allocator = open(JournalStore.builder(directory).preallocateBytes(0).open())) {
      assertThat(allocator.statistics().allocatedBlocks()).isEqualTo(3);
    }
  }

  @Test
  void compaction_trimsTheOldSegment_andPreallocatesTheNew() throws IOException {
    try (Allocator allocator =
        open(
            JournalStore.builder(directory)
                .compactAfterBytes(4096)
                .preallocateBytes(CHUNK)
                .open())) {
      for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 50; i++) {
          allocator.allocate(host(i));
        }
        for (int i = 0; i < 50; i += 2) {
          allocator.release(host(i));
        }
      }
      copyAsCrashed();
    }
    // The chunk is capped at the compaction size: no segment holds more than 4 KiB of zeros.
    assertThat(Files.size(onlySegment(crashed)) % 4096).isZero();
    assertThat(Files.size(onlySegment(crashed)) - Files.size(onlySegment(directory)))
        .isBetween(0L, 4096L);
    JournalStore store = JournalStore.builder(crashed).compactAfterBytes(4096).open();
    assertThat(store.recoveryNotice()).isEmpty();
    try (Allocator allocator = open(store)) {
      assertThat(allocator.statistics().allocatedBlocks()).isEqualTo(25);
    }
  }

  @Test
  void closingTwice_doesNothingTheSecondTime() throws IOException {
    JournalStore store = store(directory);
    Allocator allocator = open(store);
    allocator.allocate(host(0));
    allocator.close();
    long size = Files.size(onlySegment(directory));
    store.close();
    assertThat(Files.size(onlySegment(directory))).isEqualTo(size);
    assertThat(state(directory)).hasSize(1);
  }

  @Test
  void preallocateBytes_isChecked() {
    JournalStore.Builder builder = JournalStore.builder(directory);
    assertThatThrownBy(() -> builder.preallocateBytes(4095))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("preallocate bytes: 4095 (expected: 0 or 4096..1073741824)");
    assertThatThrownBy(() -> builder.preallocateBytes((1L << 30) + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
