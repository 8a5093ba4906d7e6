package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.Ipv6Prefix;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal and wide pools: blocks numbered past 2<sup>63</sup> survive a restart and a snapshot,
 * and journals in the format written before wide pools existed still open.
 */
class JournalWideTest {
  private static final AddressPool P48 = AddressPool.of(Ipv6Prefix.parse("2001:db8:1::/48"));
  private static final AddressPool P64 = AddressPool.of(Ipv6Prefix.parse("2001:db8::/64"));
  private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  @TempDir Path directory;

  private static HostKey host(int i) {
    return HostKey.ofName("host-" + i);
  }

  private Allocator open(AddressPool pool, AllocationStrategy strategy, long compactAfter) {
    JournalStore store = JournalStore.builder(directory).compactAfterBytes(compactAfter).open();
    return Allocator.builder(pool).strategy(strategy).store(store).build();
  }

  private Map<BigInteger, HostKey> state(AddressPool pool) {
    Map<BigInteger, HostKey> state = new TreeMap<>();
    try (Allocator allocator = open(pool, AllocationStrategy.lowestFree(), 1 << 20)) {
      allocator.forEach(a -> state.put(a.blockNumber(), a.host()));
    }
    return state;
  }

  private List<Path> files(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  @Test
  void wideBlocks_surviveRestart_boundariesIncluded() {
    BigInteger last = P48.lastBlockNumber();
    try (Allocator allocator = open(P48, AllocationStrategy.lowestFree(), 1 << 20)) {
      allocator.allocateBlock(host(1), Long.MAX_VALUE);
      allocator.allocateBlock(host(2), TWO_63);
      allocator.allocateBlock(host(3), TWO_64.subtract(BigInteger.ONE));
      allocator.allocateBlock(host(4), TWO_64);
      allocator.allocateBlock(host(5), last);
      allocator.allocate(host(6)); // block 0
      allocator.release(host(3));
    }
    assertThat(state(P48))
        .containsExactly(
            Map.entry(BigInteger.ZERO, host(6)),
            Map.entry(BigInteger.valueOf(Long.MAX_VALUE), host(1)),
            Map.entry(TWO_63, host(2)),
            Map.entry(TWO_64, host(4)),
            Map.entry(last, host(5)));
    try (Allocator allocator = open(P48, AllocationStrategy.lowestFree(), 1 << 20)) {
      assertThat(allocator.lookup(host(5)).orElseThrow().slotAddress("unknown"))
          .isEqualTo(P48.last());
      assertThat(allocator.allocateBlock(host(7), TWO_64.subtract(BigInteger.ONE)).host())
          .isEqualTo(host(7));
    }
  }

  @Test
  void snapshot_carriesWideBlocks_asVersion2() throws IOException {
    Map<BigInteger, HostKey> expected = new TreeMap<>();
    try (Allocator allocator = open(P48, AllocationStrategy.random(3), 4096)) {
      for (int i = 0; i < 300; i++) {
        Allocation a = allocator.allocate(host(i));
        expected.put(a.blockNumber(), host(i));
        if (i % 3 == 0) {
          allocator.release(host(i));
          expected.remove(a.blockNumber());
        }
      }
      // A last change, so that the snapshot the previous one asked for is written by now.
      expected.put(allocator.allocate(host(1000)).blockNumber(), host(1000));
    }
    List<Path> snapshots = files(".nb6s");
    assertThat(snapshots).isNotEmpty();
    ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(snapshots.get(snapshots.size() - 1)));
    assertThat(header.getInt(0)).isEqualTo(0x4E423653); // NB6S
    assertThat(header.getInt(4)).as("snapshot version").isEqualTo(2);
    assertThat(expected.keySet().stream().filter(b -> b.compareTo(TWO_63) >= 0).count())
        .isGreaterThan(150);
    assertThat(state(P48)).isEqualTo(expected);
  }

  @Test
  void poolThatIsNotWide_writesNarrowRecords_byteForByte() throws IOException {
    try (Allocator allocator = open(P64, AllocationStrategy.lowestFree(), 1 << 20)) {
      allocator.allocate(host(1));
    }
    byte[] key = host(1).toBytes();
    byte[] record = record(1, 0, key);
    // Version 2: a flush mark before the flush's record, and a closing mark.
    byte[] expected = concat(segmentHeader(1, 2), mark(20), record, mark(20 + 17 + record.length));
    assertThat(Files.readAllBytes(files(".nb6j").get(0))).isEqualTo(expected);
  }

  /**
   * A journal written by hand in the format of the releases before wide pools: a version-1 snapshot
   * as of segment 2 (blocks 3 and 7), then segment 2 (release of 3, allocation of 12).
   */
  @Test
  void journalOfTheFormerFormat_opensWithThisVersion() throws IOException {
    byte[] a = host(1).toBytes();
    byte[] b = host(2).toBytes();
    byte[] c = host(3).toBytes();
    ByteBuffer snapshot = ByteBuffer.allocate(28 + 2 * 10 + a.length + b.length);
    snapshot.putInt(0x4E423653); // magic "NB6S"
    snapshot.putInt(1); // version 1
    snapshot.putLong(2); // as of segment 2
    snapshot.putLong(2); // two entries
    snapshot.putLong(3).putShort((short) a.length).put(a); // block 3: host-1
    snapshot.putLong(7).putShort((short) b.length).put(b); // block 7: host-2
    snapshot.putInt(crc(snapshot.array(), snapshot.position())); // CRC-32C of all before
    Files.write(directory.resolve("snapshot-0000000000000002.nb6s"), snapshot.array());
    Files.write(
        directory.resolve("journal-0000000000000002.nb6j"),
        concat(segmentHeader(2), record(2, 3, a), record(1, 12, c)));

    byte[] formerSegment = Files.readAllBytes(directory.resolve("journal-0000000000000002.nb6j"));
    assertThat(state(P64))
        .containsExactly(
            Map.entry(BigInteger.valueOf(7), host(2)), Map.entry(BigInteger.valueOf(12), host(3)));
    // The version-1 segment is left as it was; the next record goes to a new segment of version 2.
    try (Allocator allocator = open(P64, AllocationStrategy.lowestFree(), 1 << 20)) {
      assertThat(allocator.allocate(host(4)).blockIndex()).isZero();
    }
    assertThat(Files.readAllBytes(directory.resolve("journal-0000000000000002.nb6j")))
        .isEqualTo(formerSegment);
    byte[] record = record(1, 0, host(4).toBytes());
    assertThat(Files.readAllBytes(directory.resolve("journal-0000000000000003.nb6j")))
        .isEqualTo(concat(segmentHeader(3, 2), mark(20), record, mark(20 + 17 + record.length)));
    assertThat(state(P64))
        .containsExactly(
            Map.entry(BigInteger.ZERO, host(4)),
            Map.entry(BigInteger.valueOf(7), host(2)),
            Map.entry(BigInteger.valueOf(12), host(3)));
  }

  /** A segment of version 1 was only appended to: the rules for its damage stay as they were. */
  @Test
  void journalOfTheFormerFormat_keepsItsDamageRules() throws IOException {
    byte[] a = record(1, 3, host(1).toBytes());
    byte[] b = record(1, 7, host(2).toBytes());
    Path segment = directory.resolve("journal-0000000000000001.nb6j");
    // Zeros after the records: a torn tail there (no preallocation in version 1), reported.
    Files.write(segment, concat(segmentHeader(1), a, b, new byte[40]));
    JournalStore store = JournalStore.open(directory);
    assertThat(store.recoveryNotice())
        .hasValueSatisfying(
            notice ->
                assertThat(notice)
                    .contains("torn tail truncated at offset " + (20 + a.length + b.length)));
    store.close();
    // Damage followed by a valid record, even with no flush mark anywhere: start-up stops.
    Files.delete(directory.resolve("journal-0000000000000002.nb6j"));
    byte[] damaged = concat(segmentHeader(1), a, new byte[5], b);
    Files.write(segment, damaged);
    assertThat(
            org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> JournalStore.open(directory), JournalCorruptedException.class))
        .hasMessageContaining("damaged at offset " + (20 + a.length))
        .hasMessageContaining("followed by a valid record at offset " + (25 + a.length));
    assertThat(Files.readAllBytes(segment)).isEqualTo(damaged);
  }

  @Test
  void tornWideRecord_isTruncated_earlierWideRecordsKept() throws IOException {
    try (Allocator allocator = open(P48, AllocationStrategy.lowestFree(), 1 << 20)) {
      allocator.allocateBlock(host(1), TWO_64);
      allocator.allocateBlock(host(2), TWO_64.add(BigInteger.ONE));
    }
    Path segment = files(".nb6j").get(0);
    byte[] bytes = Files.readAllBytes(segment);
    // Cut the last record (8 + 19 + key bytes, before the 17-byte closing mark) in its block
    // number.
    int lastRecord = 8 + 19 + host(2).toBytes().length;
    Files.write(segment, java.util.Arrays.copyOf(bytes, bytes.length - 17 - lastRecord + 12));
    JournalStore store = JournalStore.open(directory);
    assertThat(store.recoveryNotice()).isPresent();
    try (Allocator allocator = Allocator.builder(P48).store(store).build()) {
      assertThat(allocator.allocations(BigInteger.ZERO, 10))
          .extracting(Allocation::blockNumber)
          .containsExactly(TWO_64);
    }
  }

  // ---- the former format, written out from its description in JournalStore

  private static byte[] segmentHeader(long number) {
    return segmentHeader(number, 1);
  }

  private static byte[] segmentHeader(long number, int version) {
    ByteBuffer header = ByteBuffer.allocate(20);
    header.putInt(0x4E42364A); // magic "NB6J"
    header.putInt(version); // 1, or 2 with flush marks
    header.putLong(number); // segment number
    header.putInt(crc(header.array(), 16)); // CRC-32C of the first 16 bytes
    return header.array();
  }

  private static byte[] record(int type, long block, byte[] key) {
    ByteBuffer r = ByteBuffer.allocate(8 + 11 + key.length);
    r.putInt(11 + key.length); // payload length
    r.putInt(0); // CRC-32C, computed with this field as zero
    r.put((byte) type); // 1: allocated, 2: released
    r.putLong(block); // block index
    r.putShort((short) key.length).put(key); // host key
    r.putInt(4, crc(r.array(), r.capacity()));
    return r.array();
  }

  /** A flush mark of version 2 at {@code offset}. */
  private static byte[] mark(long offset) {
    ByteBuffer r = ByteBuffer.allocate(8 + 9);
    r.putInt(9); // payload length
    r.putInt(0); // CRC-32C, computed with this field as zero
    r.put((byte) 5); // flush mark
    r.putLong(offset); // where the mark is
    r.putInt(4, crc(r.array(), r.capacity()));
    return r.array();
  }

  private static int crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer all = ByteBuffer.allocate(Stream.of(parts).mapToInt(p -> p.length).sum());
    for (byte[] part : parts) {
      all.put(part);
    }
    return all.array();
  }
}
