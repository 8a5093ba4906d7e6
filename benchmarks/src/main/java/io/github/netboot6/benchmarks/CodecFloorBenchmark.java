package io.github.netboot6.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
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
  private static final VarHandle S32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle S64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int LEVELS = 9;
  private static final int RELAY_FORW = 12;
  private static final int RELAY_REPL = 13;
  private static final int RELAY_HEADER = 34;
  private static final int CLIENT_SERVER_HEADER = 4;
  private static final int RELAY_MSG = 9;
  private static final int IA_NA = 3;
  private static final int IA_NA_HEADER = 12;
  private static final String STATUS = DhcpCodecBenchmark.STATUS_MESSAGE;
  private static final String URL = DhcpCodecBenchmark.BOOT_FILE_URL;
  private static final long ADDRESS_HIGH = DhcpCodecBenchmark.ADDRESS.high();
  private static final long ADDRESS_LOW = DhcpCodecBenchmark.ADDRESS.low();

  private final byte[] relayed = DhcpCodecBenchmark.RELAYED_SOLICIT.clone();
  private final byte[] ipxe = DhcpCodecBenchmark.IPXE_SOLICIT.clone();
  private final int[] ends = new int[LEVELS];
  private final int[] cursors = new int[LEVELS];
  private final byte[] out = new byte[1500];
  // The server-id option, encoded once as a server would (DhcpCodecBenchmark's server DUID).
  private final byte[] serverIdOption;

  /**
   * Creates the benchmark state, and checks that {@link #floorEncodeAdvertise()} writes exactly the
   * bytes of {@link DhcpCodecBenchmark#netboot6EncodeAdvertise()}.
   */
  public CodecFloorBenchmark() {
    DhcpCodecBenchmark codec = new DhcpCodecBenchmark();
    int length = codec.netboot6EncodeAdvertise();
    byte[] expected = Arrays.copyOf(codec.encoded(), length);
    // Server-id: option 2, then the DUID that follows the Advertise's client-id option.
    int serverId = 4 + 4 + u16(ipxe, 4 + 2);
    serverIdOption =
        Arrays.copyOfRange(expected, serverId, serverId + 4 + u16(expected, serverId + 2));
    byte[] actual = Arrays.copyOf(out, floorEncodeAdvertise());
    if (!Arrays.equals(actual, expected)) {
      throw new IllegalStateException("the floor's Advertise differs from the codec's");
    }
  }

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

  /**
   * Encodes the Advertise of {@link DhcpCodecBenchmark#netboot6EncodeAdvertise()}: the request's
   * transaction-id and client-id option (found by a walk), the server-id option, IA_NA/IAADDR,
   * status, preference and boot-file URL, the two texts written char by char from their {@code
   * String}s, as the codec must.
   *
   * @return the encoded length
   */
  @Benchmark
  public int floorEncodeAdvertise() {
    byte[] req = ipxe;
    byte[] b = out;
    S32.set(b, 0, (2 << 24) | (((req[1] & 0xff) << 16) | u16(req, 2)));
    int at = 4;
    int c = CLIENT_SERVER_HEADER;
    int end = req.length;
    while (end - c >= 4) {
      int len = u16(req, c + 2);
      if (len > end - c - 4) {
        return -1;
      }
      if (u16(req, c) == 1) {
        System.arraycopy(req, c, b, at, 4 + len);
        at += 4 + len;
        break;
      }
      c += 4 + len;
    }
    System.arraycopy(serverIdOption, 0, b, at, serverIdOption.length);
    at += serverIdOption.length;
    S32.set(b, at, (3 << 16) | 40); // IA_NA, 12 + IAADDR
    S32.set(b, at + 4, 1);
    S32.set(b, at + 8, 3600);
    S32.set(b, at + 12, 5400);
    S32.set(b, at + 16, (5 << 16) | 24); // IAADDR
    S64.set(b, at + 20, ADDRESS_HIGH);
    S64.set(b, at + 28, ADDRESS_LOW);
    S32.set(b, at + 36, 7200);
    S32.set(b, at + 40, 10800);
    at += 44;
    at = textOption(b, at, 13, 0, STATUS); // status code 0
    S32.set(b, at, (7 << 16) | 1); // preference 255
    b[at + 4] = (byte) 255;
    at += 5;
    return textOption(b, at, 59, -1, URL);
  }

  // An option holding an optional 16-bit prefix (-1: none) then an ASCII text.
  private static int textOption(byte[] b, int at, int code, int prefix, String text) {
    int value = at + 4;
    if (prefix >= 0) {
      U16.set(b, value, (short) prefix);
      value += 2;
    }
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char ch = text.charAt(i);
      if (ch >= 0x80) {
        throw new IllegalArgumentException("not ASCII");
      }
      b[value + i] = (byte) ch;
    }
    int end = value + n;
    S32.set(b, at, (code << 16) | (end - at - 4));
    return end;
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
