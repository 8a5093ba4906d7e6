package io.github.netboot6.core.identity;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A DUID as a hash-map key. Stored keys own a copy of the bytes; a lookup key borrows the bytes of
 * the request, so that looking a DUID up allocates nothing.
 */
final class DuidKey {
  private byte[] bytes;
  private int length;
  private int hash;

  DuidKey() {
    bytes = new byte[0];
  }

  static DuidKey copyOf(byte[] bytes, int length, int hash) {
    DuidKey key = new DuidKey();
    key.bytes = Arrays.copyOf(bytes, length);
    key.length = length;
    key.hash = hash;
    return key;
  }

  DuidKey borrow(byte[] bytes, int length, int hash) {
    this.bytes = bytes;
    this.length = length;
    this.hash = hash;
    return this;
  }

  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof DuidKey other
        && other.length == length
        && Arrays.equals(other.bytes, 0, length, bytes, 0, length);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
