package io.github.netboot6.codec;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Objects;

/**
 * The bytes that a writer fills: a {@code byte[]} or a writable {@link ByteBuffer} (heap or
 * direct), written with absolute, big-endian puts that never change the buffer's position, limit or
 * byte order. Bounds are the writer's business: this class only writes where it is told.
 *
 * <p>Offsets are in the caller's index space, as in {@link ByteSource}.
 */
final class ByteSink {
  private static final byte[] NO_ARRAY = new byte[0];
  private static final ByteBuffer NO_BUFFER = ByteBuffer.allocate(0);

  private byte[] array = NO_ARRAY;
  private ByteBuffer buffer = NO_BUFFER;
  private boolean viaArray = true;
  // Added to a caller index to get an array index (the array offset of a heap buffer).
  private int arrayShift;

  void wrap(byte[] array, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, array.length);
    setArray(array);
    setBuffer(NO_BUFFER);
    this.viaArray = true;
    this.arrayShift = 0;
  }

  void wrap(ByteBuffer buffer, int offset, int length) {
    if (buffer.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
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
  }

  // A writer is re-wrapped on the same buffer for every message: skip reference stores that change
  // nothing (each is a GC write barrier; see ByteSource).
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

  /**
   * Writes the leading chars of {@code text} that are ASCII, one byte each, up to {@code max} of
   * them, and returns how many it wrote: the whole text is ASCII if that is its length. A caller
   * that checked room for {@code max} bytes needs no other check.
   */
  int ascii(int index, CharSequence text, int max) {
    int n = Math.min(text.length(), max);
    int i = 0;
    if (viaArray) {
      byte[] a = array;
      int base = index + arrayShift;
      for (; i < n; i++) {
        char c = text.charAt(i);
        if (c >= 0x80) {
          break;
        }
        a[base + i] = (byte) c;
      }
    } else {
      for (; i < n; i++) {
        char c = text.charAt(i);
        if (c >= 0x80) {
          break;
        }
        buffer.put(index + i, (byte) c);
      }
    }
    return i;
  }

  void u8(int index, int value) {
    if (viaArray) {
      array[index + arrayShift] = (byte) value;
    } else {
      buffer.put(index, (byte) value);
    }
  }

  void u16(int index, int value) {
    if (viaArray) {
      BigEndian.ARRAY_SHORT.set(array, index + arrayShift, (short) value);
    } else {
      BigEndian.BUFFER_SHORT.set(buffer, index, (short) value);
    }
  }

  void s32(int index, int value) {
    if (viaArray) {
      BigEndian.ARRAY_INT.set(array, index + arrayShift, value);
    } else {
      BigEndian.BUFFER_INT.set(buffer, index, value);
    }
  }

  void s64(int index, long value) {
    if (viaArray) {
      BigEndian.ARRAY_LONG.set(array, index + arrayShift, value);
    } else {
      BigEndian.BUFFER_LONG.set(buffer, index, value);
    }
  }

  void bytes(int index, byte[] src, int srcOffset, int length) {
    if (viaArray) {
      System.arraycopy(src, srcOffset, array, index + arrayShift, length);
    } else {
      buffer.put(index, src, srcOffset, length);
    }
  }

  /** Copies {@code length} bytes at {@code from} in {@code source} to {@code index}. */
  void copy(int index, ByteSource source, int from, int length) {
    if (viaArray) {
      source.copy(from, array, index + arrayShift, length);
    } else {
      for (int i = 0; i < length; i++) {
        buffer.put(index + i, (byte) source.u8(from + i));
      }
    }
  }

  /** Copies {@code length} bytes within this sink, from {@code from} to {@code index}. */
  void move(int from, int index, int length) {
    if (viaArray) {
      System.arraycopy(array, from + arrayShift, array, index + arrayShift, length);
    } else if (index > from) {
      for (int i = length - 1; i >= 0; i--) {
        buffer.put(index + i, buffer.get(from + i));
      }
    } else {
      for (int i = 0; i < length; i++) {
        buffer.put(index + i, buffer.get(from + i));
      }
    }
  }

  /**
   * Writes {@code text} as UTF-8 at {@code index}; {@link #utf8Length(CharSequence)} bytes. An
   * unpaired surrogate is written as {@code ?}, as {@link String#getBytes} does.
   */
  void utf8(int index, CharSequence text) {
    int at = index;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        u8(at++, c);
      } else if (c < 0x800) {
        u8(at++, 0xc0 | (c >>> 6));
        u8(at++, 0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        u8(at++, 0xf0 | (cp >>> 18));
        u8(at++, 0x80 | ((cp >>> 12) & 0x3f));
        u8(at++, 0x80 | ((cp >>> 6) & 0x3f));
        u8(at++, 0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        u8(at++, '?');
      } else {
        u8(at++, 0xe0 | (c >>> 12));
        u8(at++, 0x80 | ((c >>> 6) & 0x3f));
        u8(at++, 0x80 | (c & 0x3f));
      }
    }
  }

  /** Returns the number of bytes {@link #utf8(int, CharSequence)} writes for {@code text}. */
  static int utf8Length(CharSequence text) {
    int n = text.length();
    int length = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        length += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        length += 1;
      } else {
        length += 3;
      }
    }
    return length;
  }
}
