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

  /** The format version. */
  public static final int VERSION = 1;

  /** Segment header: magic, version, segment number, CRC-32C of the first 16 bytes. */
  public static final int SEGMENT_HEADER_BYTES = 20;

  /** Record header: payload length and CRC-32C. */
  public static final int RECORD_HEADER_BYTES = 8;

  /** Payload: type, block, key length, then the key. */
  public static final int PAYLOAD_FIXED_BYTES = 1 + 8 + 2;

  /** Record type of an allocation. */
  public static final byte ALLOCATED = 1;

  /** Record type of a release. */
  public static final byte RELEASED = 2;

  private JournalFormat() {}

  /**
   * Writes a segment header.
   *
   * @param segment the segment number
   * @return the header, flipped for reading
   */
  public static ByteBuffer segmentHeader(long segment) {
    ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
    header.putInt(SEGMENT_MAGIC).putInt(VERSION).putLong(segment);
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
    if (magic != SEGMENT_MAGIC || version != VERSION || number != segment) {
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
    int payload = PAYLOAD_FIXED_BYTES + key.length;
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
    buffer.putInt(payload).putInt(0).put(type).putLong(block).putShort((short) key.length).put(key);
    buffer.putInt(start + 4, crc(buffer.array(), buffer.arrayOffset() + start, total));
    return buffer;
  }

  /**
   * Returns the length of the valid record at {@code offset}, or -1 if there is none.
   *
   * @param bytes the segment's bytes
   * @param offset where the record would start
   * @param end the end of the valid bytes
   * @param maxKeyLength the longest key accepted
   * @return the record's total length, or -1
   */
  public static int validRecordLength(byte[] bytes, int offset, int end, int maxKeyLength) {
    if (end - offset < RECORD_HEADER_BYTES + PAYLOAD_FIXED_BYTES) {
      return -1;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int payload = b.getInt(offset);
    // Check the length against what remains before reading anything it covers.
    if (payload < PAYLOAD_FIXED_BYTES + 1
        || payload > PAYLOAD_FIXED_BYTES + maxKeyLength
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
    int keyLength = b.getShort(offset + RECORD_HEADER_BYTES + 9) & 0xffff;
    if ((type != ALLOCATED && type != RELEASED) || keyLength != payload - PAYLOAD_FIXED_BYTES) {
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
