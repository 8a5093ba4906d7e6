package io.github.netboot6.allocation.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The byte layout of journal segments and snapshots; see {@code JournalStore} for the description.
 * All numbers are big-endian.
 */
public final class JournalFormat {
  /** "NB6J": the magic number of a journal segment. */
  public static final int SEGMENT_MAGIC = 0x4E42364A;

  /** "NB6S": the magic number of a snapshot. */
  public static final int SNAPSHOT_MAGIC = 0x4E423653;

  /**
   * The format version of snapshots without wide blocks, and of the segments written before flush
   * marks: readers of version 1 read them unchanged.
   */
  public static final int VERSION = 1;

  /**
   * The format version of the segments this library writes: version 1 with a {@link #FLUSH_MARK}
   * record at the start of every flush.
   */
  public static final int SEGMENT_VERSION_MARKED = 2;

  /** The format version of a snapshot that holds blocks numbered 2^63 or more. */
  public static final int SNAPSHOT_VERSION_WIDE = 2;

  /** Segment header: magic, version, segment number, CRC-32C of the first 16 bytes. */
  public static final int SEGMENT_HEADER_BYTES = 20;

  /** Record header: payload length and CRC-32C. */
  public static final int RECORD_HEADER_BYTES = 8;

  /** Payload: type, block, key length, then the key. */
  public static final int PAYLOAD_FIXED_BYTES = 1 + 8 + 2;

  /** Payload of a wide record: type, block number (16 bytes), key length, then the key. */
  public static final int WIDE_PAYLOAD_FIXED_BYTES = 1 + 16 + 2;

  /** Record type of an allocation. */
  public static final byte ALLOCATED = 1;

  /** Record type of a release. */
  public static final byte RELEASED = 2;

  /** Record type of an allocation of a block numbered 2^63 or more (16-byte block number). */
  public static final byte ALLOCATED_WIDE = 3;

  /** Record type of a release of a block numbered 2^63 or more (16-byte block number). */
  public static final byte RELEASED_WIDE = 4;

  /**
   * Record type of a flush mark, in segments of version {@link #SEGMENT_VERSION_MARKED}: the first
   * record of every flush, whose payload is the type and the mark's own offset in the segment (8
   * bytes). A flush is written only once the flush before it was forced, so a mark at offset {@code
   * M} says that every byte before {@code M} was durable, and acknowledged, when it was written.
   */
  public static final byte FLUSH_MARK = 5;

  /** Payload of a flush mark: type and offset. */
  public static final int MARK_PAYLOAD_BYTES = 1 + 8;

  /** A whole flush mark: record header and payload. */
  public static final int MARK_BYTES = RECORD_HEADER_BYTES + MARK_PAYLOAD_BYTES;

  /**
   * Tells whether a record type carries a 16-byte block number.
   *
   * @param type the record type
   * @return true for {@link #ALLOCATED_WIDE} and {@link #RELEASED_WIDE}
   */
  public static boolean isWide(byte type) {
    return type == ALLOCATED_WIDE || type == RELEASED_WIDE;
  }

  /**
   * Returns the fixed part of a record's payload, by type.
   *
   * @param type the record type
   * @return {@link #WIDE_PAYLOAD_FIXED_BYTES} for a wide type, else {@link #PAYLOAD_FIXED_BYTES}
   */
  public static int payloadFixedBytes(byte type) {
    return isWide(type) ? WIDE_PAYLOAD_FIXED_BYTES : PAYLOAD_FIXED_BYTES;
  }

  private JournalFormat() {}

  /**
   * Writes a segment header.
   *
   * @param segment the segment number
   * @return the header, flipped for reading
   */
  public static ByteBuffer segmentHeader(long segment) {
    return segmentHeader(segment, SEGMENT_VERSION_MARKED);
  }

  /**
   * Writes a segment header of a given version; tests use it to write journals of version 1.
   *
   * @param segment the segment number
   * @param version {@link #VERSION} or {@link #SEGMENT_VERSION_MARKED}
   * @return the header, flipped for reading
   */
  public static ByteBuffer segmentHeader(long segment, int version) {
    ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
    header.putInt(SEGMENT_MAGIC).putInt(version).putLong(segment);
    header.putInt(crc(header.array(), 0, 16));
    return header.flip();
  }

  /**
   * Checks a segment header.
   *
   * @param bytes the file's bytes
   * @param length how many of them are valid
   * @param segment the segment number its name says
   * @return null if valid, else what is wrong
   */
  public static @org.jspecify.annotations.Nullable String checkSegmentHeader(
      byte[] bytes, int length, long segment) {
    if (length < SEGMENT_HEADER_BYTES) {
      return "header length " + length + " (expected: " + SEGMENT_HEADER_BYTES + ")";
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 0, SEGMENT_HEADER_BYTES);
    int magic = b.getInt();
    int version = b.getInt();
    long number = b.getLong();
    int crc = b.getInt();
    if (crc != crc(bytes, 0, 16)) {
      return "header checksum 0x"
          + Integer.toHexString(crc)
          + " (expected: 0x"
          + Integer.toHexString(crc(bytes, 0, 16))
          + ")";
    }
    if (magic != SEGMENT_MAGIC
        || (version != VERSION && version != SEGMENT_VERSION_MARKED)
        || number != segment) {
      return "header magic 0x"
          + Integer.toHexString(magic)
          + " version "
          + version
          + " segment "
          + number
          + " (expected: 0x"
          + Integer.toHexString(SEGMENT_MAGIC)
          + " version "
          + VERSION
          + " or "
          + SEGMENT_VERSION_MARKED
          + " segment "
          + segment
          + ")";
    }
    return null;
  }

  /**
   * Appends one record to {@code out}, growing it if needed.
   *
   * @param out the buffer in write mode
   * @param type {@link #ALLOCATED} or {@link #RELEASED}
   * @param block the block index
   * @param key the encoded host key
   * @return the buffer written to (a larger one if {@code out} was full)
   */
  public static ByteBuffer appendRecord(ByteBuffer out, byte type, long block, byte[] key) {
    return append(out, type, 0, block, key);
  }

  /**
   * Appends one wide record to {@code out}, growing it if needed.
   *
   * @param out the buffer in write mode
   * @param type {@link #ALLOCATED_WIDE} or {@link #RELEASED_WIDE}
   * @param high the high 64 bits of the block number
   * @param low the low 64 bits of the block number
   * @param key the encoded host key
   * @return the buffer written to (a larger one if {@code out} was full)
   */
  public static ByteBuffer appendWideRecord(
      ByteBuffer out, byte type, long high, long low, byte[] key) {
    return append(out, type, high, low, key);
  }

  private static ByteBuffer append(ByteBuffer out, byte type, long high, long low, byte[] key) {
    boolean wide = isWide(type);
    int payload = payloadFixedBytes(type) + key.length;
    int total = RECORD_HEADER_BYTES + payload;
    ByteBuffer buffer = out;
    if (buffer.remaining() < total) {
      ByteBuffer bigger =
          ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + total));
      buffer.flip();
      bigger.put(buffer);
      buffer = bigger;
    }
    int start = buffer.position();
    buffer.putInt(payload).putInt(0).put(type);
    if (wide) {
      buffer.putLong(high);
    }
    buffer.putLong(low).putShort((short) key.length).put(key);
    buffer.putInt(start + 4, crc(buffer.array(), buffer.arrayOffset() + start, total));
    return buffer;
  }

  /**
   * Writes a flush mark into {@code buffer} at index {@code at}, leaving its position alone.
   *
   * @param buffer an array-backed buffer with {@link #MARK_BYTES} bytes from {@code at}
   * @param at the index of the mark in the buffer
   * @param offset the offset in the segment at which the mark will be written
   */
  public static void putFlushMark(ByteBuffer buffer, int at, long offset) {
    buffer.putInt(at, MARK_PAYLOAD_BYTES).putInt(at + 4, 0);
    buffer.put(at + RECORD_HEADER_BYTES, FLUSH_MARK).putLong(at + RECORD_HEADER_BYTES + 1, offset);
    buffer.putInt(at + 4, crc(buffer.array(), buffer.arrayOffset() + at, MARK_BYTES));
  }

  /**
   * Tells whether a valid record, as {@link #validRecordLength} found it, is a flush mark.
   *
   * @param bytes the segment's bytes
   * @param offset where the record starts
   * @return true if its type is {@link #FLUSH_MARK}
   */
  public static boolean isFlushMark(byte[] bytes, int offset) {
    return bytes[offset + RECORD_HEADER_BYTES] == FLUSH_MARK;
  }

  /**
   * Returns the offset a valid flush mark holds: where it was written, if it is where it says.
   *
   * @param bytes the segment's bytes
   * @param offset where the mark starts
   * @return the offset in its payload
   */
  public static long flushMarkOffset(byte[] bytes, int offset) {
    return ByteBuffer.wrap(bytes).getLong(offset + RECORD_HEADER_BYTES + 1);
  }

  /**
   * Returns the length of the valid record at {@code offset} of a segment of version 1, or -1 if
   * there is none; a flush mark is not valid there.
   *
   * @param bytes the segment's bytes
   * @param offset where the record would start
   * @param end the end of the valid bytes
   * @param maxKeyLength the longest key accepted
   * @return the record's total length, or -1
   */
  public static int validRecordLength(byte[] bytes, int offset, int end, int maxKeyLength) {
    return validRecordLength(bytes, offset, end, maxKeyLength, false);
  }

  /**
   * Returns the length of the valid record at {@code offset}, or -1 if there is none.
   *
   * @param bytes the segment's bytes
   * @param offset where the record would start
   * @param end the end of the valid bytes
   * @param maxKeyLength the longest key accepted
   * @param marks whether flush marks are valid (segments of version {@link
   *     #SEGMENT_VERSION_MARKED})
   * @return the record's total length, or -1
   */
  public static int validRecordLength(
      byte[] bytes, int offset, int end, int maxKeyLength, boolean marks) {
    if (end - offset < MARK_BYTES) {
      return -1;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int payload = b.getInt(offset);
    // Check the length against what remains before reading anything it covers.
    if (payload < MARK_PAYLOAD_BYTES
        || payload > WIDE_PAYLOAD_FIXED_BYTES + maxKeyLength
        || payload > end - offset - RECORD_HEADER_BYTES) {
      return -1;
    }
    int total = RECORD_HEADER_BYTES + payload;
    int stored = b.getInt(offset + 4);
    int computed = crcSkippingField(bytes, offset, total);
    if (stored != computed) {
      return -1;
    }
    byte type = bytes[offset + RECORD_HEADER_BYTES];
    if (type == FLUSH_MARK) {
      return marks && payload == MARK_PAYLOAD_BYTES ? total : -1;
    }
    if (type != ALLOCATED && type != RELEASED && !isWide(type)) {
      return -1;
    }
    int fixed = payloadFixedBytes(type);
    if (payload < fixed + 1 || payload > fixed + maxKeyLength) {
      return -1;
    }
    int keyLength = b.getShort(offset + RECORD_HEADER_BYTES + fixed - 2) & 0xffff;
    if (keyLength != payload - fixed) {
      return -1;
    }
    return total;
  }

  /** CRC-32C of a record with its checksum field read as zero. */
  private static int crcSkippingField(byte[] bytes, int offset, int total) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, 4);
    crc.update(new byte[4], 0, 4);
    crc.update(bytes, offset + RECORD_HEADER_BYTES, total - RECORD_HEADER_BYTES);
    return (int) crc.getValue();
  }

  /**
   * Returns the CRC-32C of a byte range.
   *
   * @param bytes the bytes
   * @param offset the start
   * @param length the length
   * @return the checksum
   */
  public static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
