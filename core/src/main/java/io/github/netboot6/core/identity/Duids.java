package io.github.netboot6.core.identity;

import io.github.netboot6.core.Duid;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Raw-byte helpers over DUIDs that the resolver's hot path uses without allocating. */
final class Duids {
  // Big-endian int and long views of a byte[]: one load and a byte swap instead of a shift chain.
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Duids() {}

  /** Bytes {@code [at, at + 4)} as a big-endian int. */
  static int readInt(byte[] bytes, int at) {
    return (int) INT.get(bytes, at);
  }

  /** Bytes {@code [at, at + 8)} as a big-endian long. */
  static long readLong(byte[] bytes, int at) {
    return (long) LONG.get(bytes, at);
  }

  /** Compares a DUID with {@code bytes[0, length)} without copying either. */
  static boolean equals(Duid duid, byte[] bytes, int length) {
    return duid.equalsBytes(bytes, 0, length);
  }
}
