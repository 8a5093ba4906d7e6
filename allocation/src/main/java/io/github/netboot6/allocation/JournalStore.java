package io.github.netboot6.allocation;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.allocation.internal.JournalFormat;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The embedded default store: a crash-safe journal in a local directory, with group commit and
 * snapshots.
 *
 * <pre>{@code
 * JournalStore store = JournalStore.builder(Path.of("/var/lib/netboot6/pool-a")).open();
 * Allocator allocator = Allocator.builder(pool).store(store).build();
 * }</pre>
 *
 * <h2>Files</h2>
 *
 * <ul>
 *   <li>{@code journal-N.nb6j}, a segment: a 20-byte header (magic {@code NB6J}, version 2, segment
 *       number {@code N}, CRC-32C of the first 16 bytes), then records appended one after another:
 *       payload length (4 bytes), CRC-32C of the record with this field as zero (4), type (1:
 *       allocated, 2: released), block index (8), host-key length (2), host key ({@link
 *       HostKey#toBytes()}). Big-endian. A block numbered 2<sup>63</sup> or more (only in a
 *       {@linkplain AddressPool#isWide() wide} pool) has a record of type 3 (allocated) or 4
 *       (released) whose block number takes 16 bytes, high half first. Every flush starts with a
 *       flush mark, a record of type 5 whose payload after the type is its own offset in the
 *       segment (8 bytes), and closing the store ends the segment with one. While the store is
 *       open, the newest segment may be followed by zeros written ahead of its records (see below);
 *       a record never starts with four zero bytes, so the records end where the zeros begin.
 *   <li>{@code snapshot-N.nb6s}: the whole state as of the start of segment {@code N}: magic {@code
 *       NB6S}, version, {@code N}, entry count, then per allocated block its index, key length and
 *       key, then a CRC-32C of everything before. Version 2, written only when blocks numbered
 *       2<sup>63</sup> or more are allocated, adds before the checksum a second count and per such
 *       block its 16-byte number, key length and key. Written to a temporary file, forced, renamed
 *       atomically and the directory forced, so that it is either whole or absent.
 * </ul>
 *
 * <p>Segments of version 1 (no flush marks, written by versions of this library before 2026-11-28)
 * and snapshots of version 1 open unchanged. A version-1 segment is never written to again: opening
 * a journal whose newest segment is of version 1 starts a new segment, and the next snapshot
 * deletes the old one. Versions of this library before flush marks cannot open a journal this
 * version wrote (they refuse its segment header, naming the version).
 *
 * <p>Start-up reads the newest snapshot {@code N} (or nothing), then replays segments {@code N},
 * {@code N+1} ... in order, so it costs the size of the state plus one segment, not the history.
 *
 * <h2>Durability</h2>
 *
 * <p>{@link #append} only encodes the record into memory. {@link #awaitDurable} makes one caller
 * the leader: it writes every record appended so far, after a flush mark, and forces the file
 * ({@link FileChannel#force(boolean) force(false)}, fdatasync), while the other callers park; when
 * it is done, it wakes each caller whose record it covered, and hands the lead to one whose record
 * came during the flush, so that the next flush starts at once and concurrent callers share one
 * flush (group commit). That leader first waits a moment (at most {@link Builder#gather}, 150 µs by
 * default, and only with three or more callers about) for the callers the previous flush woke to
 * append again, so that they share this flush rather than make the next one. Flushes run one at a
 * time, so a flush mark is written only once every byte before it was forced. The leader writes at
 * the segment's logical end, into a zero-filled tail that was written and forced beforehand in
 * chunks ({@link Builder#preallocateBytes(long)}, 4 MiB by default): each flush then overwrites
 * data in place, and fdatasync has no file size to commit. When a batch would pass the tail, its
 * leader first adds another chunk (and waits for it to be forced). Closing the store, and starting
 * a new segment, truncate the zeros. When a segment passes {@link Builder#compactAfterBytes(long)},
 * the allocator takes a snapshot: a new segment is started, the state is written to a snapshot, and
 * then the older segments and snapshot are deleted.
 *
 * <h2>Damage</h2>
 *
 * <p>A newest segment whose records are followed by nothing but zeros (a crash or a kill left the
 * preallocated tail in place) ends cleanly where the zeros begin: nothing is reported, and the next
 * records overwrite the zeros. In an older segment such zeros are damage, since starting a new
 * segment cuts them off and forces that first. Otherwise the first record that fails its checks
 * (length, CRC-32C, type, a flush mark's offset) in the newest segment is a torn tail if no valid
 * flush mark follows it: the damage then lies in the last flush, which was never acknowledged
 * (acknowledgement waits for its fdatasync). A power loss during that flush can leave its pages
 * persisted in any order (zeros, then some of its records), so records after the damage do not make
 * it anything else. Start-up truncates the segment there, logs a warning naming the file, the
 * offset and the number of bytes dropped, and reports it in {@link #recoveryNotice()}. Damage
 * followed by a flush mark (bytes that had been acknowledged), damage in an older segment, a bad
 * snapshot or a missing segment throws {@link JournalCorruptedException} with the file and offset,
 * and nothing is changed on disk. As in any write-ahead log, damage to the last flush of a journal
 * whose process was killed reads as a torn tail; a closed journal ends with a flush mark, so damage
 * anywhere in it stops start-up. In a segment of version 1 any valid record after the damage stops
 * start-up, and zeros after the records are a torn tail.
 *
 * <p>One process at a time may open a directory; this class does not lock it.
 */
public final class JournalStore implements AllocationStore {
  private static final System.Logger LOG = System.getLogger(JournalStore.class.getName());
  private static final String SEGMENT_PREFIX = "journal-";
  private static final String SEGMENT_SUFFIX = ".nb6j";
  private static final String SNAPSHOT_PREFIX = "snapshot-";
  private static final String SNAPSHOT_SUFFIX = ".nb6s";

  /** The default segment size that triggers a snapshot: 64 MiB. */
  public static final long DEFAULT_COMPACT_AFTER_BYTES = 64L << 20;

  /** The default longest wait of a flush's leader for more callers' records: 150 µs. */
  public static final Duration DEFAULT_GATHER = Duration.ofNanos(150_000);

  /** The default size of the zero-filled chunks a segment is extended by: 4 MiB. */
  public static final long DEFAULT_PREALLOCATE_BYTES = 4L << 20;

  // Written to preallocate; never written to itself (each use takes a duplicate).
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(256 * 1024).asReadOnlyBuffer();

  private final Path directory;
  private final long compactAfterBytes;
  // The chunk a segment is extended by ahead of its records; 0: no preallocation.
  private final long preallocateBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition flushed = lock.newCondition();
  // Each batch starts with room for its flush mark, filled in by the leader that writes it.
  private ByteBuffer pending = ByteBuffer.allocate(64 * 1024).position(JournalFormat.MARK_BYTES);
  private ByteBuffer spare = ByteBuffer.allocate(64 * 1024).position(JournalFormat.MARK_BYTES);
  private long appendedTicket;
  // Written under the lock, read without it by awaitDurable's fast path.
  private volatile long durableTicket;
  // Set by the caller that leads the running flush, cleared by the last leader.
  private boolean flushing;
  // The callers waiting for the running flush or the next one, in arrival order.
  private final List<Waiter> waiters = new ArrayList<>();
  // How long the leader of a flush may wait for more records first; 0: not at all.
  private final long gatherNanos;
  // Under the lock: the callers the last flush saw (its leader, the callers it covered and those
  // left waiting). Those it woke will likely append again soon.
  private int callersSeen;
  private volatile @Nullable AllocationStoreException failure;
  private FileChannel channel;
  private long segment;
  // The logical end of the current segment: where its records end and the next batch is written.
  // Written by the leader of a flush or, with no flush running, under the lock.
  private final AtomicLong segmentBytes = new AtomicLong();
  // The end of the zeros written and forced ahead of the records (at least the file's size as of
  // the last force). Same access as the channel: the leader of a flush, or the lock with no flush.
  private long preallocatedEnd;
  // Whether records were flushed since the last flush mark: close then writes a closing mark.
  // Same access as the channel.
  private boolean flushedSinceMark;
  // Set by replaySegment for the newest segment: whether its version has flush marks.
  private boolean newestMarked;
  private @Nullable String recoveryNotice;
  private @Nullable List<byte[]> replayed;

  private JournalStore(Builder builder) {
    this.directory = builder.directory;
    this.compactAfterBytes = builder.compactAfterBytes;
    this.gatherNanos = builder.gatherNanos;
    // Preallocating past the size that triggers a snapshot would only write zeros to delete.
    this.preallocateBytes =
        builder.preallocateBytes == 0
            ? 0
            : Math.min(builder.preallocateBytes, (compactAfterBytes + 4095) & ~4095L);
    try {
      Files.createDirectories(directory);
      this.channel = recover();
    } catch (IOException e) {
      throw new AllocationStoreException("journal directory " + directory + ": " + e, e);
    }
  }

  /**
   * Returns a builder for a journal in {@code directory}, created if absent.
   *
   * @param directory the directory, used by this store only
   * @return a new builder
   */
  public static Builder builder(Path directory) {
    return new Builder(requireNonNull(directory, "directory"));
  }

  /**
   * Opens the journal in {@code directory} with the default settings.
   *
   * @param directory the directory, created if absent
   * @return the store
   * @throws JournalCorruptedException if the journal is damaged other than at its tail
   * @throws AllocationStoreException if it cannot be read
   */
  public static JournalStore open(Path directory) {
    return builder(directory).open();
  }

  /**
   * Returns what start-up repaired: the torn tail it truncated, with file, offset and length.
   *
   * @return the notice, or empty if the journal was intact
   */
  public Optional<String> recoveryNotice() {
    return Optional.ofNullable(recoveryNotice);
  }

  // ---------------------------------------------------------------- recovery

  private FileChannel recover() throws IOException {
    TreeSet<Long> snapshots = new TreeSet<>();
    TreeSet<Long> segments = new TreeSet<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".tmp")) {
          Files.delete(file); // an unfinished snapshot
        } else if (name.startsWith(SNAPSHOT_PREFIX) && name.endsWith(SNAPSHOT_SUFFIX)) {
          snapshots.add(number(name, SNAPSHOT_PREFIX, SNAPSHOT_SUFFIX));
        } else if (name.startsWith(SEGMENT_PREFIX) && name.endsWith(SEGMENT_SUFFIX)) {
          segments.add(number(name, SEGMENT_PREFIX, SEGMENT_SUFFIX));
        }
      }
    }
    List<byte[]> state = new ArrayList<>();
    long first = 1;
    if (!snapshots.isEmpty()) {
      first = snapshots.last();
      readSnapshot(first, state);
    }
    // Leftovers of a compaction that stopped before deleting them.
    for (long old : snapshots.headSet(first)) {
      Files.deleteIfExists(snapshotPath(old));
    }
    for (long old : segments.headSet(first)) {
      Files.deleteIfExists(segmentPath(old));
    }
    long expected = first;
    for (long number : segments.tailSet(first)) {
      if (number != expected) {
        throw new JournalCorruptedException(
            segmentPath(expected).getFileName().toString(),
            0,
            "segment missing (found " + number + ")");
      }
      expected++;
    }
    if (segments.tailSet(first).isEmpty()) {
      if (!snapshots.isEmpty() || !segments.isEmpty()) {
        // A snapshot's segment is created before the snapshot: it cannot be missing.
        throw new JournalCorruptedException(
            segmentPath(first).getFileName().toString(), 0, "segment missing");
      }
      segment = first;
      replayed = state;
      return createSegment(first);
    }
    long last = segments.last();
    long end = 0;
    for (long number = first; number <= last; number++) {
      end = replaySegment(number, number == last, state);
    }
    replayed = state;
    if (!newestMarked) {
      // A segment of version 1 (written before flush marks) is left as it is, and read as an
      // older segment from now on; the new records go to a new segment of the current version.
      segment = last + 1;
      return createSegment(segment);
    }
    segment = last;
    FileChannel open = FileChannel.open(segmentPath(last), StandardOpenOption.WRITE);
    // Records are written at the logical end, in place over a preallocated zero tail if any.
    segmentBytes.set(end);
    preallocatedEnd = Math.max(end, open.size());
    return open;
  }

  /** Each entry of {@code state} is a record: type, block (8 bytes), key. */
  private void readSnapshot(long number, List<byte[]> state) throws IOException {
    Path path = snapshotPath(number);
    String name = path.getFileName().toString();
    byte[] bytes = Files.readAllBytes(path);
    if (bytes.length < 28) {
      throw new JournalCorruptedException(name, 0, "length " + bytes.length + " (expected: >= 28)");
    }
    int stored = ByteBuffer.wrap(bytes).getInt(bytes.length - 4);
    int computed = JournalFormat.crc(bytes, 0, bytes.length - 4);
    if (stored != computed) {
      throw new JournalCorruptedException(
          name,
          bytes.length - 4,
          "snapshot checksum 0x"
              + Integer.toHexString(stored)
              + " (expected: 0x"
              + Integer.toHexString(computed)
              + ")");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
    int magic = b.getInt();
    int version = b.getInt();
    long n = b.getLong();
    long count = b.getLong();
    boolean wideVersion = version == JournalFormat.SNAPSHOT_VERSION_WIDE;
    if (magic != JournalFormat.SNAPSHOT_MAGIC
        || (version != JournalFormat.VERSION && !wideVersion)
        || n != number) {
      throw new JournalCorruptedException(
          name,
          0,
          "snapshot header magic 0x"
              + Integer.toHexString(magic)
              + " version "
              + version
              + " number "
              + n
              + " (expected: NB6S version 1 or 2 number "
              + number
              + ")");
    }
    readSnapshotEntries(name, b, count, JournalFormat.ALLOCATED, state);
    if (wideVersion) {
      if (b.remaining() < 8) {
        throw new JournalCorruptedException(name, b.position(), "wide entry count truncated");
      }
      long wideCount = b.getLong();
      readSnapshotEntries(name, b, wideCount, JournalFormat.ALLOCATED_WIDE, state);
      count += wideCount;
    }
    if (b.hasRemaining()) {
      throw new JournalCorruptedException(
          name, b.position(), b.remaining() + " bytes after " + count + " entries (expected: 0)");
    }
  }

  /**
   * Reads {@code count} entries (block, key length, key) of a snapshot into {@code state} as
   * records of {@code type}, whose block takes 8 or, wide, 16 bytes.
   */
  private static void readSnapshotEntries(
      String name, ByteBuffer b, long count, byte type, List<byte[]> state) {
    int blockBytes = JournalFormat.payloadFixedBytes(type) - 3;
    for (long i = 0; i < count; i++) {
      if (b.remaining() < blockBytes + 2) {
        throw new JournalCorruptedException(name, b.position(), "entry " + i + " truncated");
      }
      byte[] block = new byte[blockBytes];
      b.get(block);
      int keyLength = b.getShort() & 0xffff;
      if (keyLength > HostKey.MAX_ENCODED_LENGTH || keyLength > b.remaining()) {
        throw new JournalCorruptedException(
            name,
            b.position() - 2,
            "key length "
                + keyLength
                + " (expected: <= "
                + Math.min(HostKey.MAX_ENCODED_LENGTH, b.remaining())
                + ")");
      }
      byte[] entry = new byte[1 + blockBytes + keyLength];
      entry[0] = type;
      System.arraycopy(block, 0, entry, 1, blockBytes);
      b.get(entry, 1 + blockBytes, keyLength);
      state.add(entry);
    }
  }

  /**
   * Replays one segment into {@code state}, truncating a torn tail if it is the newest.
   *
   * @return the segment's logical end: where its records end, before any zero-filled tail
   */
  private long replaySegment(long number, boolean newest, List<byte[]> state) throws IOException {
    Path path = segmentPath(number);
    String name = path.getFileName().toString();
    byte[] bytes = Files.readAllBytes(path);
    String headerProblem = JournalFormat.checkSegmentHeader(bytes, bytes.length, number);
    if (headerProblem != null) {
      if (newest && (bytes.length <= JournalFormat.SEGMENT_HEADER_BYTES || zeroFrom(bytes, 0))) {
        // Torn while being created: it holds no record. Start it again.
        notice(name, 0, bytes.length);
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.WRITE)) {
          c.truncate(0);
          c.write(JournalFormat.segmentHeader(number));
          c.force(true);
        }
        newestMarked = true;
        return JournalFormat.SEGMENT_HEADER_BYTES;
      }
      throw new JournalCorruptedException(name, 0, headerProblem);
    }
    boolean marked = ByteBuffer.wrap(bytes).getInt(4) == JournalFormat.SEGMENT_VERSION_MARKED;
    if (newest) {
      newestMarked = marked;
    }
    int offset = JournalFormat.SEGMENT_HEADER_BYTES;
    while (offset < bytes.length) {
      int length =
          JournalFormat.validRecordLength(
              bytes, offset, bytes.length, HostKey.MAX_ENCODED_LENGTH, marked);
      String problem = null;
      if (length < 0) {
        if (marked && newest && zeroFrom(bytes, offset)) {
          // The preallocated tail: no record was ever written here. A clean end, not damage.
          // (Starting a new segment cuts the zeros off the old one and forces that first.)
          return offset;
        }
        problem = describeBadRecord(bytes, offset);
      } else if (JournalFormat.isFlushMark(bytes, offset)) {
        long says = JournalFormat.flushMarkOffset(bytes, offset);
        if (says == offset) {
          offset += length;
          continue;
        }
        problem = "flush mark holding offset " + says;
      }
      if (problem != null) {
        if (!newest) {
          throw new JournalCorruptedException(name, offset, problem + " in an older segment");
        }
        checkTornTail(name, bytes, offset, marked, problem);
        notice(name, offset, bytes.length - offset);
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.WRITE)) {
          c.truncate(offset);
          c.force(true);
        }
        return offset;
      }
      int payload = offset + JournalFormat.RECORD_HEADER_BYTES;
      byte type = bytes[payload];
      int fixed = JournalFormat.payloadFixedBytes(type);
      int blockBytes = fixed - 3;
      // An entry: type, block (8 or 16 bytes), key.
      byte[] entry = new byte[1 + blockBytes + length - JournalFormat.RECORD_HEADER_BYTES - fixed];
      entry[0] = type;
      System.arraycopy(bytes, payload + 1, entry, 1, blockBytes);
      System.arraycopy(
          bytes, payload + fixed, entry, 1 + blockBytes, entry.length - 1 - blockBytes);
      state.add(entry);
      offset += length;
    }
    return offset;
  }

  /**
   * Throws unless the damage at {@code offset} of the newest segment can be a torn tail: bytes of a
   * flush that was never acknowledged.
   *
   * <p>In a segment with flush marks, the damage is a torn tail unless a flush mark follows it: a
   * flush is written only after the one before it was forced, so bytes before a mark were
   * acknowledged. Without a later mark, the damage lies in the last flush, whose pages a power loss
   * can leave persisted in any order (zeros, then valid records): none of it was acknowledged. In a
   * segment of version 1, which was only ever appended to, any valid record after the damage stops
   * start-up.
   */
  private static void checkTornTail(
      String name, byte[] bytes, int offset, boolean marked, String problem) {
    for (int later = offset + 1; later <= bytes.length - JournalFormat.MARK_BYTES; later++) {
      if (marked) {
        // A mark starts with its payload length, 9, as four bytes: skip anything else quickly.
        if (bytes[later + 3] == JournalFormat.MARK_PAYLOAD_BYTES
            && bytes[later] == 0
            && bytes[later + 1] == 0
            && bytes[later + 2] == 0
            && JournalFormat.validRecordLength(
                    bytes, later, bytes.length, HostKey.MAX_ENCODED_LENGTH, true)
                > 0
            && JournalFormat.isFlushMark(bytes, later)
            && JournalFormat.flushMarkOffset(bytes, later) == later) {
          throw new JournalCorruptedException(
              name,
              offset,
              problem
                  + ", before the flush mark at offset "
                  + later
                  + " (the damaged bytes had been acknowledged)");
        }
      } else if (JournalFormat.validRecordLength(
              bytes, later, bytes.length, HostKey.MAX_ENCODED_LENGTH)
          > 0) {
        throw new JournalCorruptedException(
            name, offset, problem + ", followed by a valid record at offset " + later);
      }
    }
  }

  /** Tells whether every byte from {@code offset} to the end is zero. */
  private static boolean zeroFrom(byte[] bytes, int offset) {
    for (int i = offset; i < bytes.length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String describeBadRecord(byte[] bytes, int offset) {
    int left = bytes.length - offset;
    if (left < JournalFormat.RECORD_HEADER_BYTES) {
      return "record header of "
          + left
          + " bytes (expected: "
          + JournalFormat.RECORD_HEADER_BYTES
          + ")";
    }
    int length = ByteBuffer.wrap(bytes).getInt(offset);
    return "record with length "
        + length
        + " and "
        + left
        + " bytes left fails its checks (length, CRC-32C, type)";
  }

  private void notice(String file, long offset, long dropped) {
    recoveryNotice =
        "journal "
            + directory.resolve(file)
            + ": torn tail truncated at offset "
            + offset
            + " ("
            + dropped
            + " bytes dropped; they held no acknowledged change)";
    LOG.log(System.Logger.Level.WARNING, recoveryNotice);
  }

  @Override
  public void replay(ChangeSink sink) {
    List<byte[]> state = replayed;
    if (state == null) {
      throw new IllegalStateException("replay: called twice (expected: once, at start-up)");
    }
    replayed = null;
    for (byte[] entry : state) {
      byte type = entry[0];
      if (JournalFormat.isWide(type)) {
        ByteBuffer b = ByteBuffer.wrap(entry);
        BigInteger block =
            BlockNumbers.unsigned(b.getLong(1))
                .shiftLeft(64)
                .or(BlockNumbers.unsigned(b.getLong(9)));
        if (type == JournalFormat.RELEASED_WIDE) {
          sink.released(block);
        } else {
          sink.allocated(block, HostKey.fromBytes(Arrays.copyOfRange(entry, 17, entry.length)));
        }
        continue;
      }
      long block = ByteBuffer.wrap(entry).getLong(1);
      if (type == JournalFormat.RELEASED) {
        sink.released(block);
      } else {
        byte[] key = new byte[entry.length - 9];
        System.arraycopy(entry, 9, key, 0, key.length);
        sink.allocated(block, HostKey.fromBytes(key));
      }
    }
  }

  // ---------------------------------------------------------------- writing

  @Override
  public long append(long block, HostKey host, boolean allocated) {
    lock.lock();
    try {
      checkNotFailed();
      pending =
          JournalFormat.appendRecord(
              pending,
              allocated ? JournalFormat.ALLOCATED : JournalFormat.RELEASED,
              block,
              host.encodedUnsafe());
      return ++appendedTicket;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean storesWideBlocks() {
    return true;
  }

  @Override
  public long append(BigInteger block, HostKey host, boolean allocated) {
    lock.lock();
    try {
      checkNotFailed();
      pending =
          JournalFormat.appendWideRecord(
              pending,
              allocated ? JournalFormat.ALLOCATED_WIDE : JournalFormat.RELEASED_WIDE,
              block.shiftRight(64).longValue(),
              block.longValue(),
              host.encodedUnsafe());
      return ++appendedTicket;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void awaitDurable(long ticket) {
    if (durableTicket >= ticket) {
      return;
    }
    Waiter waiter = null;
    lock.lock();
    try {
      if (durableTicket >= ticket) {
        return;
      }
      checkNotFailed();
      if (flushing) {
        waiter = new Waiter(ticket);
        waiters.add(waiter);
      } else {
        flushing = true;
      }
    } finally {
      lock.unlock();
    }
    if (waiter == null || waiter.await() == Waiter.LEAD) {
      List<Waiter> woken;
      lock.lock();
      try {
        gather();
        woken = flushAsLeader();
      } finally {
        lock.unlock();
      }
      Waiter.wakeAll(woken);
    }
    if (durableTicket < ticket) {
      checkNotFailed();
      throw new IllegalStateException(
          "ticket " + ticket + ": not durable (expected: <= " + durableTicket + ")");
    }
  }

  /**
   * Gives the callers the last flush woke a moment to append again, so that they share this flush
   * instead of waiting for it and making the next one: waits, with the lock released, until records
   * of three quarters of the callers the last flush saw are pending, or for at most {@link
   * #gatherNanos}. With fewer than three callers it does not wait. Yields rather than parks: a
   * timed park oversleeps by the kernel's timer slack, about 50 µs, a third of the default wait.
   * Called by the leader with the lock held.
   */
  @SuppressWarnings("ThreadPriorityCheck") // yield: see above
  private void gather() {
    int wanted = callersSeen * 3 / 4;
    if (gatherNanos == 0 || wanted <= 1) {
      return;
    }
    // No flush runs meanwhile: every ticket after durableTicket is a pending record.
    long target = durableTicket + wanted;
    long start = System.nanoTime();
    while (appendedTicket < target && System.nanoTime() - start < gatherNanos) {
      lock.unlock();
      Thread.yield();
      lock.lock();
    }
  }

  /**
   * Writes and forces every record appended so far, then hands the lead on. Called with the lock
   * held and {@link #flushing} set by this caller; releases the lock while writing and returns with
   * it held. The waiters the flush covered (all of them if it failed) are told so; the first one it
   * did not cover (its record came during the flush) is told to lead the next flush, and {@code
   * flushing} stays set for it; with none, {@code flushing} is cleared. Waking them is left to the
   * caller, best after it releases the lock, so that they do not queue for it.
   *
   * @return the waiters to {@linkplain Waiter#wakeAll wake}
   */
  private List<Waiter> flushAsLeader() {
    ByteBuffer batch = pending;
    pending = spare;
    long upTo = appendedTicket;
    FileChannel target = channel;
    lock.unlock();
    IOException error = null;
    try {
      batch.flip();
      long position = segmentBytes.get();
      // Every flush before this one was forced: the mark says so for the bytes before it.
      JournalFormat.putFlushMark(batch, 0, position);
      if (position + batch.limit() > preallocatedEnd && preallocateBytes > 0) {
        preallocate(target, position + batch.limit());
      }
      while (batch.hasRemaining()) {
        position += target.write(batch, position);
      }
      // Inside the preallocated zeros this is an overwrite: no file size for fdatasync to commit.
      target.force(false);
    } catch (IOException e) {
      error = e;
    } finally {
      lock.lock();
    }
    if (error != null) {
      failure =
          new AllocationStoreException("journal " + directory + ": write failed: " + error, error);
    } else {
      segmentBytes.addAndGet(batch.limit());
      durableTicket = upTo;
      flushedSinceMark = true;
    }
    batch.clear().position(JournalFormat.MARK_BYTES);
    spare = batch;
    callersSeen = 1 + waiters.size();
    List<Waiter> woken = new ArrayList<>(waiters.size());
    Waiter next = null;
    for (Iterator<Waiter> i = waiters.iterator(); i.hasNext(); ) {
      Waiter waiter = i.next();
      if (error != null) {
        waiter.outcome = Waiter.FAILED;
      } else if (waiter.ticket <= upTo) {
        waiter.outcome = Waiter.DURABLE;
      } else if (next == null) {
        waiter.outcome = Waiter.LEAD;
        next = waiter;
      } else {
        continue;
      }
      i.remove();
      // The next leader is woken first: the next flush waits for it, returning callers do not.
      woken.add(waiter == next ? 0 : woken.size(), waiter);
    }
    if (next == null) {
      flushing = false;
      flushed.signalAll();
    }
    return woken;
  }

  /**
   * Extends the segment with zeros, in whole chunks, to past {@code end}, and forces them with the
   * file's new size, so that the flushes that then overwrite them have only data to force. Called
   * by the leader of a flush, or under the lock with no flush running.
   */
  private void preallocate(FileChannel target, long end) throws IOException {
    long newEnd = (end / preallocateBytes + 1) * preallocateBytes;
    long position = preallocatedEnd;
    while (position < newEnd) {
      ByteBuffer zeros = ZEROS.duplicate();
      zeros.limit((int) Math.min(zeros.capacity(), newEnd - position));
      position += target.write(zeros, position);
    }
    target.force(true);
    preallocatedEnd = newEnd;
  }

  /**
   * Ends the current segment with a flush mark if records were flushed since the last one, so that
   * damage to the last flush of a closed journal stops start-up instead of reading as a torn tail.
   * Called under the lock with no flush running.
   */
  private void writeClosingMark() throws IOException {
    if (!flushedSinceMark) {
      return;
    }
    ByteBuffer mark = ByteBuffer.allocate(JournalFormat.MARK_BYTES);
    long position = segmentBytes.get();
    JournalFormat.putFlushMark(mark, 0, position);
    while (mark.hasRemaining()) {
      position += channel.write(mark, position);
    }
    channel.force(false);
    segmentBytes.set(position);
    flushedSinceMark = false;
  }

  /** Cuts the preallocated zeros off the current segment, so that it ends with its records. */
  private void trimPreallocation() throws IOException {
    long end = segmentBytes.get();
    if (channel.size() > end) {
      channel.truncate(end);
      channel.force(true);
    }
    preallocatedEnd = end;
  }

  private void checkNotFailed() {
    if (failure != null) {
      throw new AllocationStoreException(String.valueOf(failure.getMessage()), failure);
    }
  }

  // ---------------------------------------------------------------- compaction

  @Override
  public boolean wantsCompaction() {
    return segmentBytes.get() > compactAfterBytes;
  }

  @Override
  public @Nullable Compaction beginCompaction() {
    lock.lock();
    try {
      while (flushing) {
        flushed.awaitUninterruptibly();
      }
      checkNotFailed();
      if (pending.position() > JournalFormat.MARK_BYTES) {
        flushing = true;
        // Woken with the lock held: a waiter handed the lead flushes to the new segment.
        Waiter.wakeAll(flushAsLeader());
        checkNotFailed();
      }
      long next = segment + 1;
      FileChannel newChannel;
      try {
        trimPreallocation();
        newChannel = createSegment(next);
        channel.close();
      } catch (IOException e) {
        throw new AllocationStoreException("journal " + directory + ": new segment: " + e, e);
      }
      channel = newChannel;
      segment = next;
      segmentBytes.set(JournalFormat.SEGMENT_HEADER_BYTES);
      return new Compaction() {
        @Override
        public void complete(long[] blocks, HostKey[] hosts) {
          writeSnapshot(next, blocks, hosts, new BigInteger[0], new HostKey[0]);
        }

        @Override
        public void complete(
            long[] blocks, HostKey[] hosts, BigInteger[] wideBlocks, HostKey[] wideHosts) {
          writeSnapshot(next, blocks, hosts, wideBlocks, wideHosts);
        }
      };
    } finally {
      lock.unlock();
    }
  }

  private void writeSnapshot(
      long number, long[] blocks, HostKey[] hosts, BigInteger[] wideBlocks, HostKey[] wideHosts) {
    Path target = snapshotPath(number);
    Path temporary = directory.resolve(target.getFileName() + ".tmp");
    try {
      try (FileChannel file =
          FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        CRC32C crc = new CRC32C();
        OutputStream raw = Channels.newOutputStream(file);
        DataOutputStream out =
            new DataOutputStream(
                new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
        out.writeInt(JournalFormat.SNAPSHOT_MAGIC);
        boolean wide = wideBlocks.length > 0;
        out.writeInt(wide ? JournalFormat.SNAPSHOT_VERSION_WIDE : JournalFormat.VERSION);
        out.writeLong(number);
        out.writeLong(blocks.length);
        for (int i = 0; i < blocks.length; i++) {
          byte[] key = hosts[i].encodedUnsafe();
          out.writeLong(blocks[i]);
          out.writeShort(key.length);
          out.write(key);
        }
        if (wide) {
          out.writeLong(wideBlocks.length);
          for (int i = 0; i < wideBlocks.length; i++) {
            byte[] key = wideHosts[i].encodedUnsafe();
            out.writeLong(wideBlocks[i].shiftRight(64).longValue());
            out.writeLong(wideBlocks[i].longValue());
            out.writeShort(key.length);
            out.write(key);
          }
        }
        out.flush();
        // The checksum covers what came before it, so it goes around the CheckedOutputStream.
        DataOutputStream tail = new DataOutputStream(raw);
        tail.writeInt((int) crc.getValue());
        tail.flush();
        file.force(true);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new AllocationStoreException(
            "journal " + directory + ": atomic rename unsupported", e);
      }
      forceDirectory();
      for (long old = number - 1; old >= 1; old--) {
        boolean snapshotDeleted = Files.deleteIfExists(snapshotPath(old));
        boolean segmentDeleted = Files.deleteIfExists(segmentPath(old));
        boolean any = snapshotDeleted || segmentDeleted;
        if (!any) {
          break;
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new AllocationStoreException("journal snapshot " + target + ": " + e, e);
    }
  }

  private FileChannel createSegment(long number) throws IOException {
    FileChannel created =
        FileChannel.open(
            segmentPath(number), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    created.write(JournalFormat.segmentHeader(number));
    created.force(true);
    forceDirectory();
    // The header is forced before any zeros: a crash leaves a valid header or at most a short
    // file. The first flush preallocates.
    segmentBytes.set(JournalFormat.SEGMENT_HEADER_BYTES);
    preallocatedEnd = JournalFormat.SEGMENT_HEADER_BYTES;
    flushedSinceMark = false;
    return created;
  }

  private void forceDirectory() throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      while (flushing) {
        flushed.awaitUninterruptibly();
      }
      if (!channel.isOpen()) {
        return; // closed before: closing again does nothing
      }
      if (failure == null && pending.position() > JournalFormat.MARK_BYTES) {
        flushing = true;
        Waiter.wakeAll(flushAsLeader());
      }
      try {
        if (failure == null) {
          writeClosingMark();
          trimPreallocation();
        }
      } finally {
        channel.close();
      }
    } catch (IOException e) {
      throw new AllocationStoreException("journal " + directory + ": close failed: " + e, e);
    } finally {
      lock.unlock();
    }
  }

  private Path segmentPath(long number) {
    return directory.resolve(
        String.format(java.util.Locale.ROOT, "%s%016x%s", SEGMENT_PREFIX, number, SEGMENT_SUFFIX));
  }

  private Path snapshotPath(long number) {
    return directory.resolve(
        String.format(
            java.util.Locale.ROOT, "%s%016x%s", SNAPSHOT_PREFIX, number, SNAPSHOT_SUFFIX));
  }

  private static long number(String name, String prefix, String suffix) {
    return Long.parseUnsignedLong(
        name.substring(prefix.length(), name.length() - suffix.length()), 16);
  }

  /** A caller of {@link #awaitDurable} parked until a leader tells it what became of its ticket. */
  private static final class Waiter {
    static final int WAITING = 0;
    static final int DURABLE = 1;
    static final int LEAD = 2;
    static final int FAILED = 3;

    final Thread thread = Thread.currentThread();
    final long ticket;
    // Set once, under the store's lock, by the leader of the flush that covered this ticket.
    volatile int outcome = WAITING;

    Waiter(long ticket) {
      this.ticket = ticket;
    }

    /** Parks until the outcome is set, keeping an interrupt for the caller to see afterwards. */
    int await() {
      boolean interrupted = false;
      int seen;
      while ((seen = outcome) == WAITING) {
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return seen;
    }

    static void wakeAll(List<Waiter> woken) {
      for (Waiter waiter : woken) {
        LockSupport.unpark(waiter.thread);
      }
    }
  }

  /**
   * Builds a {@link JournalStore}.
   *
   * <p>A builder is not thread-safe.
   */
  public static final class Builder {
    private final Path directory;
    private long compactAfterBytes = DEFAULT_COMPACT_AFTER_BYTES;
    private long preallocateBytes = DEFAULT_PREALLOCATE_BYTES;
    private long gatherNanos = DEFAULT_GATHER.toNanos();

    private Builder(Path directory) {
      this.directory = directory;
    }

    /**
     * Sets the segment size past which the allocator takes a snapshot.
     *
     * @param bytes from 4 KiB to 1 GiB (default {@value #DEFAULT_COMPACT_AFTER_BYTES})
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is outside that range
     */
    @CanIgnoreReturnValue
    public Builder compactAfterBytes(long bytes) {
      checkArgument(
          bytes >= 4096 && bytes <= (1L << 30),
          "compact after bytes: %s (expected: 4096..1073741824)",
          bytes);
      this.compactAfterBytes = bytes;
      return this;
    }

    /**
     * Sets the chunk by which a segment is extended with zeros ahead of its records, or turns that
     * off. Each chunk is written and forced once; the flushes then overwrite it in place, which
     * forces less than appending (no file size to commit). The chunk is at most the segment size
     * past which a snapshot is taken ({@link #compactAfterBytes(long)}, rounded up to 4 KiB).
     *
     * @param bytes 0 (no preallocation: every flush appends) or from 4 KiB to 1 GiB (default
     *     {@value #DEFAULT_PREALLOCATE_BYTES})
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is outside that range
     */
    @CanIgnoreReturnValue
    public Builder preallocateBytes(long bytes) {
      checkArgument(
          bytes == 0 || (bytes >= 4096 && bytes <= (1L << 30)),
          "preallocate bytes: %s (expected: 0 or 4096..1073741824)",
          bytes);
      this.preallocateBytes = bytes;
      return this;
    }

    /**
     * Sets how long the leader of a flush may wait for more callers' records before it writes: only
     * while records of fewer than three quarters of the callers the previous flush saw are pending,
     * and never with fewer than three such callers (a lone caller never waits). With many
     * concurrent callers, a flush otherwise covers only the callers that came during the one
     * before, about half of them; waiting lets the callers that flush woke append again and share
     * the fsync. The leader yields the CPU while it waits.
     *
     * @param maxWait from 0 (no waiting) to 10 ms (default {@link #DEFAULT_GATHER}, 150 µs)
     * @return this builder
     * @throws IllegalArgumentException if {@code maxWait} is outside that range
     */
    @CanIgnoreReturnValue
    public Builder gather(Duration maxWait) {
      this.gatherNanos = GroupCommit.gatherNanos(maxWait);
      return this;
    }

    /**
     * Opens the journal, recovering its state and truncating a torn tail.
     *
     * @return the store
     * @throws JournalCorruptedException if the journal is damaged other than at its tail
     * @throws AllocationStoreException if it cannot be read
     */
    public JournalStore open() {
      return new JournalStore(this);
    }
  }
}
