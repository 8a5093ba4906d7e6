package io.github.netboot6.codec;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The bytes that a flyweight reads: a {@code byte[]} or a {@link ByteBuffer} (heap, direct or
 * read-only), read with absolute, big-endian gets that never change the buffer's position, limit or
 * byte order.
 *
 * <p>Offsets are in the caller's index space: array indexes for an array, buffer indexes for a
 * buffer. A heap buffer with an accessible array is read through that array (shifted by its array
 * offset), the others through the buffer.
 *
 * <p>Besides the bytes, it records the root region: the bytes the caller first wrapped, which every
 * nested reader shares, so that an error found deep inside can be quoted and positioned in the
 * caller's input.
 */
final class ByteSource {
  private static final byte[] NO_ARRAY = new byte[0];
  private static final ByteBuffer NO_BUFFER = ByteBuffer.allocate(0);

  private byte[] array = NO_ARRAY;
  private ByteBuffer buffer = NO_BUFFER;
  private boolean viaArray = true;
  // Added to a caller index to get an array index (the array offset of a heap buffer).
  private int arrayShift;
  private int rootOffset;
  private int rootLength;
  private boolean rootIsMessage;

  void wrap(byte[] array, int offset, int length, boolean isMessage) {
    Objects.checkFromIndexSize(offset, length, array.length);
    setArray(array);
    setBuffer(NO_BUFFER);
    this.viaArray = true;
    this.arrayShift = 0;
    root(offset, length, isMessage);
  }

  void wrap(ByteBuffer buffer, int offset, int length, boolean isMessage) {
    Objects.checkFromIndexSize(offset, length, buffer.limit());
    if (buffer.hasArray()) {
      setArray(buffer.array());
      setBuffer(NO_BUFFER);
      this.viaArray = true;
      this.arrayShift = buffer.arrayOffset();
    } else {
      setArray(NO_ARRAY);
      setBuffer(buffer);
      this.viaArray = false;
      this.arrayShift = 0;
    }
    root(offset, length, isMessage);
  }

  private void root(int offset, int length, boolean isMessage) {
    this.rootOffset = offset;
    this.rootLength = length;
    this.rootIsMessage = isMessage;
  }

  /** Makes this source read the same bytes, with the same root, as {@code other}. */
  void copyFrom(ByteSource other) {
    setArray(other.array);
    setBuffer(other.buffer);
    this.viaArray = other.viaArray;
    this.arrayShift = other.arrayShift;
    this.rootOffset = other.rootOffset;
    this.rootLength = other.rootLength;
    this.rootIsMessage = other.rootIsMessage;
  }

  // Readers and iterators are re-positioned on the same bytes over and over (every nested level
  // copies its parent's source). A reference store costs a GC write barrier, with a full fence in
  // G1 when the holder is in an old region; skipping the store when nothing changes keeps that off
  // the decoding path.
  private void setArray(byte[] array) {
    if (this.array != array) {
      this.array = array;
    }
  }

  @SuppressWarnings("ReferenceEquality") // identity is the point: the same buffer object
  private void setBuffer(ByteBuffer buffer) {
    if (this.buffer != buffer) {
      this.buffer = buffer;
    }
  }

  int rootOffset() {
    return rootOffset;
  }

  int rootLength() {
    return rootLength;
  }

  boolean rootIsMessage() {
    return rootIsMessage;
  }

  int u8(int index) {
    check(index, 1);
    return (viaArray ? array[index + arrayShift] : buffer.get(index)) & 0xff;
  }

  int u16(int index) {
    check(index, 2);
    short s =
        viaArray
            ? (short) BigEndian.ARRAY_SHORT.get(array, index + arrayShift)
            : (short) BigEndian.BUFFER_SHORT.get(buffer, index);
    return s & 0xffff;
  }

  int s32(int index) {
    check(index, 4);
    return viaArray
        ? (int) BigEndian.ARRAY_INT.get(array, index + arrayShift)
        : (int) BigEndian.BUFFER_INT.get(buffer, index);
  }

  long s64(int index) {
    check(index, 8);
    return viaArray
        ? (long) BigEndian.ARRAY_LONG.get(array, index + arrayShift)
        : (long) BigEndian.BUFFER_LONG.get(buffer, index);
  }

  void copy(int index, byte[] dst, int dstOffset, int length) {
    check(index, length);
    if (viaArray) {
      System.arraycopy(array, index + arrayShift, dst, dstOffset, length);
    } else {
      buffer.get(index, dst, dstOffset, length);
    }
  }

  private void check(int index, int size) {
    if (DebugChecks.ENABLED && (index < rootOffset || index > rootOffset + rootLength - size)) {
      throw new IndexOutOfBoundsException(
          "read of "
              + size
              + " bytes at "
              + index
              + " outside the wrapped bytes "
              + rootOffset
              + ".."
              + (rootOffset + rootLength));
    }
  }
}
