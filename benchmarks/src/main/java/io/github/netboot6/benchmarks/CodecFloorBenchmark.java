package io.github.netboot6.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under {@link DhcpCodecBenchmark}'s decodes on the machine that runs it: the same walks
 * of the same bytes, hand-written for these two messages only. They check what a walk cannot do
 * without (every option-len against the bytes left) and nothing else: no status, no offsets, no
 * option registry (only IA_NA is entered), no profiles, one {@code byte[]}. A general codec that
 * checks at least this much should not be expected to walk faster on the same machine; the gap
 * between these figures and the codec's is what its generality costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecFloorBenchmark {
  private static final VarHandle U16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final int LEVELS = 9;
  private static final int RELAY_FORW = 12;
  private static final int RELAY_REPL = 13;
  private static final int RELAY_HEADER = 34;
  private static final int CLIENT_SERVER_HEADER = 4;
  private static final int RELAY_MSG = 9;
  private static final int IA_NA = 3;
  private static final int IA_NA_HEADER = 12;

  private final byte[] relayed = DhcpCodecBenchmark.RELAYED_SOLICIT.clone();
  private final byte[] ipxe = DhcpCodecBenchmark.IPXE_SOLICIT.clone();
  private final int[] ends = new int[LEVELS];
  private final int[] cursors = new int[LEVELS];

  /** Creates the benchmark state. */
  public CodecFloorBenchmark() {}

  /**
   * Walks the relayed Solicit: both messages, every option, the IA_NA's options.
   *
   * @return a checksum of what was read
   */
  @Benchmark
  public long floorRelayedSolicit() {
    return walk(relayed, 0, relayed.length);
  }

  /**
   * Walks the iPXE Solicit: every option, the IA_NA's options.
   *
   * @return a checksum of what was read
   */
  @Benchmark
  public long floorIpxeSolicit() {
    return walk(ipxe, 0, ipxe.length);
  }

  /**
   * Walks the iPXE Solicit's own options only, with the cursor in a local variable: the least any
   * walk of those 8 options can do.
   *
   * @return a checksum of what was read
   */
  @Benchmark
  public long flatIpxeSolicit() {
    byte[] b = ipxe;
    int end = b.length;
    long sum = b[0] & 0xff;
    int c = CLIENT_SERVER_HEADER;
    while (c != end) {
      if (end - c < 4) {
        return -1;
      }
      int code = u16(b, c);
      int len = u16(b, c + 2);
      if (len > end - c - 4) {
        return -1;
      }
      sum += 31L * code + len;
      if (len >= 2) {
        sum += u16(b, c + 4);
      }
      c += 4 + len;
    }
    return sum;
  }

  private static int u16(byte[] b, int i) {
    return ((short) U16.get(b, i)) & 0xffff;
  }

  private long walk(byte[] b, int start, int end) {
    long sum = 0;
    int msg = start;
    int msgEnd = end;
    while (true) {
      int type = b[msg] & 0xff;
      boolean relay = type == RELAY_FORW || type == RELAY_REPL;
      sum += type + (relay ? b[msg + 1] : ((b[msg + 1] & 0xff) << 16 | u16(b, msg + 2)));
      int top = 0;
      cursors[0] = msg + (relay ? RELAY_HEADER : CLIENT_SERVER_HEADER);
      ends[0] = msgEnd;
      int inner = -1;
      int innerEnd = -1;
      while (top >= 0) {
        int c = cursors[top];
        int e = ends[top];
        if (c == e) {
          top--;
          continue;
        }
        if (e - c < 4) {
          return -1;
        }
        int code = u16(b, c);
        int len = u16(b, c + 2);
        if (len > e - c - 4) {
          return -1;
        }
        int value = c + 4;
        cursors[top] = value + len;
        sum += 31L * code + len;
        if (len >= 2) {
          sum += u16(b, value);
        }
        if (top == 0 && relay && inner < 0 && code == RELAY_MSG) {
          inner = value;
          innerEnd = value + len;
        } else if (code == IA_NA && len >= IA_NA_HEADER && top + 1 < LEVELS) {
          top++;
          cursors[top] = value + IA_NA_HEADER;
          ends[top] = value + len;
        }
      }
      if (inner < 0) {
        return sum;
      }
      if (innerEnd - inner < CLIENT_SERVER_HEADER) {
        return -1;
      }
      msg = inner;
      msgEnd = innerEnd;
    }
  }
}
