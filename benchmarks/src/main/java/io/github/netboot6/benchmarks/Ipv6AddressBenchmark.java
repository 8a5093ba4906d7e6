package io.github.netboot6.benchmarks;

import com.google.common.net.InetAddresses;
import io.github.netboot6.core.Ipv6Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing and formatting IPv6 text: Netboot6's {@link Ipv6Address} against Guava's {@link
 * InetAddresses} and the JDK's {@link InetAddress#getByName} (which parses literals without a DNS
 * look-up). Run with {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Ipv6AddressBenchmark {

  /** Typical texts: a compressed global address, a full-form one, and a mapped IPv4 address. */
  @Param({"2001:db8::1:0:0:1", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "::ffff:192.0.2.128"})
  public String text;

  private Ipv6Address address;
  private Inet6Address inet;

  @Setup
  public void setUp() throws UnknownHostException {
    address = Ipv6Address.parse(text);
    // Inet6Address.getByAddress keeps mapped IPv4 addresses as IPv6 (InetAddress would not).
    inet = Inet6Address.getByAddress(null, address.toBytes(), -1);
  }

  @Benchmark
  public Ipv6Address parseNetboot6() {
    return Ipv6Address.parse(text);
  }

  @Benchmark
  public InetAddress parseGuava() {
    return InetAddresses.forString(text);
  }

  @Benchmark
  public InetAddress parseJdk() throws UnknownHostException {
    return InetAddress.getByName(text);
  }

  @Benchmark
  public String formatNetboot6() {
    return address.toString();
  }

  @Benchmark
  public String formatGuava() {
    return InetAddresses.toAddrString(inet);
  }

  @Benchmark
  public String formatJdk() {
    return inet.getHostAddress();
  }
}
