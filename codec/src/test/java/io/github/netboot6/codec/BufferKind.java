package io.github.netboot6.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Every kind of input the flyweights accept. Each places a message at a non-zero offset between
 * guard bytes, and can check afterwards that nothing was written and a buffer's position, limit and
 * byte order are as they were (the buffers get a position, a limit and a little-endian order that a
 * careless reader would trip over).
 */
enum BufferKind {
  ARRAY_AT_OFFSET,
  HEAP_BUFFER,
  SLICED_HEAP_BUFFER,
  READ_ONLY_HEAP_BUFFER,
  DIRECT_BUFFER;

  static final int OFFSET = 7;
  private static final byte GUARD = (byte) 0xa5;

  Placed place(byte[] message) {
    byte[] image = new byte[OFFSET + message.length + 9];
    Arrays.fill(image, GUARD);
    System.arraycopy(message, 0, image, OFFSET, message.length);
    return new Placed(this, image, message.length);
  }

  /** A message placed at {@link #OFFSET} in an input of one kind. */
  static final class Placed {
    final BufferKind kind;
    final int offset = OFFSET;
    final int length;
    private final byte[] image;
    private final byte[] array;
    private final ByteBuffer buffer;

    Placed(BufferKind kind, byte[] image, int length) {
      this.kind = kind;
      this.image = image;
      this.length = length;
      this.array = image.clone();
      switch (kind) {
        case DIRECT_BUFFER:
          buffer = ByteBuffer.allocateDirect(image.length).put(image);
          break;
        case SLICED_HEAP_BUFFER:
          // A slice of a larger array: its index 0 is at array offset 3.
          byte[] larger = new byte[image.length + 3];
          System.arraycopy(image, 0, larger, 3, image.length);
          buffer = ByteBuffer.wrap(larger).slice(3, image.length);
          break;
        case READ_ONLY_HEAP_BUFFER:
          buffer = ByteBuffer.wrap(image.clone()).asReadOnlyBuffer();
          break;
        default:
          buffer = ByteBuffer.wrap(image.clone());
      }
      buffer.order(ByteOrder.LITTLE_ENDIAN).limit(image.length - 2).position(OFFSET + 1);
    }

    MessageReader wrap(MessageReader reader) {
      return kind == ARRAY_AT_OFFSET
          ? reader.wrap(array, offset, length)
          : reader.wrap(buffer, offset, length);
    }

    OptionIterator wrap(OptionIterator options, int from, int count) {
      return kind == ARRAY_AT_OFFSET
          ? options.wrap(array, offset + from, count)
          : options.wrap(buffer, offset + from, count);
    }

    void assertUntouched() {
      if (kind == ARRAY_AT_OFFSET) {
        assertThat(array).isEqualTo(image);
        return;
      }
      assertThat(buffer.position()).isEqualTo(OFFSET + 1);
      assertThat(buffer.limit()).isEqualTo(image.length - 2);
      assertThat(buffer.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
      byte[] now = new byte[image.length];
      buffer.get(0, now, 0, image.length - 2);
      System.arraycopy(image, image.length - 2, now, image.length - 2, 2);
      assertThat(now).isEqualTo(image);
    }
  }
}
