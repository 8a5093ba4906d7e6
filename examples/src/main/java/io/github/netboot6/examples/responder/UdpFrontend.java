package io.github.netboot6.examples.responder;

import static java.util.Objects.requireNonNull;

import io.github.netboot6.core.Ipv6Address;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The responder's DHCPv6 socket: UDP port 547 on every address, joined to
 * All_DHCP_Relay_Agents_and_Servers (ff02::1:2) on a named interface, with one thread per {@link
 * DhcpResponder} given: each receives a datagram, lets its responder answer it and sends the answer
 * to the datagram's source. Several threads matter with the journal store: while one waits for an
 * fsync, the others answer, and their new blocks share the next fsync.
 *
 * <p>With a batch window, a thread that answered datagrams and finds the socket empty waits that
 * window before it looks again, if datagrams have been coming faster than one a window, instead of
 * sleeping until the next datagram wakes it: under load, the datagrams of one window are then
 * answered after one wake-up, which saves much of the kernel's scheduling work per datagram. It
 * costs each answer up to one window of latency, under load only. A thread that receives fewer
 * datagrams, or found nothing after its window, waits in a selector of its own until the next
 * datagram.
 */
public final class UdpFrontend implements AutoCloseable {
  /** All_DHCP_Relay_Agents_and_Servers (RFC 8415 §7.1). */
  public static final String ALL_DHCP_RELAY_AGENTS_AND_SERVERS = "ff02::1:2";

  /** For {@link #start}: keep the system's receive buffer. */
  public static final int SYSTEM_RECEIVE_BUFFER = 0;

  /** For {@link #start}: no batch window; each thread blocks in its receive. */
  public static final Duration NO_BATCH_WINDOW = Duration.ZERO;

  /** The longest batch window {@link #start} accepts. */
  public static final Duration MAX_BATCH_WINDOW = Duration.ofMillis(100);

  // The longest gap between two datagrams that the mean gap counts, in nanoseconds.
  private static final long MAX_GAP = 1_000_000_000L;

  private final DatagramChannel channel;
  private final long batchWindowNanos;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Selector> selectors = new ArrayList<>();
  private final LongAdder windowsWaited = new LongAdder();
  private final Consumer<String> log;
  private volatile boolean closing;

  /**
   * Binds and starts the receive threads, asking the kernel for a receive buffer of {@code
   * receiveBuffer} bytes. The buffer holds the datagrams that arrive while every thread is busy or
   * waits to be scheduled; when it is full the kernel drops them. Linux grants at most {@code
   * net.core.rmem_max} ({@link #receiveBufferSize} tells what it granted).
   *
   * @param port the UDP port, normally 547
   * @param interfaceName the interface to join ff02::1:2 on, or {@code null} to receive only
   *     unicast (relays)
   * @param receiveBuffer the receive buffer to ask for, in bytes, or {@link #SYSTEM_RECEIVE_BUFFER}
   *     to keep the system's default
   * @param responders one per receiving thread, each built by the same {@link
   *     DhcpResponder.Builder}
   * @param log where errors of the socket go
   * @return the running front end, without a batch window
   * @throws IOException if the port cannot be bound or the interface does not exist
   * @throws IllegalArgumentException if {@code receiveBuffer} is negative
   */
  public static UdpFrontend start(
      int port,
      @Nullable String interfaceName,
      int receiveBuffer,
      List<DhcpResponder> responders,
      Consumer<String> log)
      throws IOException {
    return start(port, interfaceName, receiveBuffer, NO_BATCH_WINDOW, responders, log);
  }

  /**
   * Binds and starts the receive threads as {@link #start(int, String, int, List, Consumer)} does,
   * with a batch window (see the class comment).
   *
   * @param port the UDP port, normally 547
   * @param interfaceName the interface to join ff02::1:2 on, or {@code null} to receive only
   *     unicast (relays)
   * @param receiveBuffer the receive buffer to ask for, in bytes, or {@link #SYSTEM_RECEIVE_BUFFER}
   *     to keep the system's default
   * @param batchWindow how long a thread that answered waits for more datagrams before it looks
   *     again, from 1 µs to {@link #MAX_BATCH_WINDOW}, or {@link #NO_BATCH_WINDOW}
   * @param responders one per receiving thread, each built by the same {@link
   *     DhcpResponder.Builder}
   * @param log where errors of the socket go
   * @return the running front end
   * @throws IOException if the port cannot be bound or the interface does not exist
   * @throws IllegalArgumentException if {@code receiveBuffer} is negative, or {@code batchWindow}
   *     is negative, shorter than 1 µs but not zero, or longer than {@link #MAX_BATCH_WINDOW}
   */
  public static UdpFrontend start(
      int port,
      @Nullable String interfaceName,
      int receiveBuffer,
      Duration batchWindow,
      List<DhcpResponder> responders,
      Consumer<String> log)
      throws IOException {
    return new UdpFrontend(port, interfaceName, receiveBuffer, batchWindow, responders, log);
  }

  private UdpFrontend(
      int port,
      @Nullable String interfaceName,
      int receiveBuffer,
      Duration batchWindow,
      List<DhcpResponder> responders,
      Consumer<String> log)
      throws IOException {
    requireNonNull(batchWindow, "batchWindow");
    if (batchWindow.isNegative()
        || (!batchWindow.isZero() && batchWindow.compareTo(Duration.ofNanos(1_000)) < 0)
        || batchWindow.compareTo(MAX_BATCH_WINDOW) > 0) {
      throw new IllegalArgumentException(
          "batch window: "
              + batchWindow.toNanos()
              + " ns (expected: 0 for none, or 1 microsecond to "
              + MAX_BATCH_WINDOW.toMillis()
              + " ms)");
    }
    this.batchWindowNanos = batchWindow.toNanos();
    if (responders.isEmpty()) {
      throw new IllegalArgumentException("no responder (expected: one per thread)");
    }
    if (receiveBuffer < 0) {
      throw new IllegalArgumentException(
          "receive buffer: "
              + receiveBuffer
              + " bytes (expected: 0 for the system default, or more)");
    }
    this.log = requireNonNull(log, "log");
    NetworkInterface nif = null;
    if (interfaceName != null) {
      nif = NetworkInterface.getByName(interfaceName);
      if (nif == null) {
        throw new IOException("no network interface named " + interfaceName);
      }
    }
    channel = DatagramChannel.open(StandardProtocolFamily.INET6);
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      if (receiveBuffer != SYSTEM_RECEIVE_BUFFER) {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
      }
      channel.bind(new InetSocketAddress(InetAddress.getByName("::"), port));
      if (nif != null) {
        channel.join(InetAddress.getByName(ALL_DHCP_RELAY_AGENTS_AND_SERVERS), nif);
      }
      if (batchWindowNanos > 0) {
        // Each thread waits for the socket in a selector of its own when it has nothing to do.
        channel.configureBlocking(false);
        for (int i = 0; i < responders.size(); i++) {
          Selector selector = Selector.open();
          selectors.add(selector);
          channel.register(selector, SelectionKey.OP_READ);
        }
      }
    } catch (IOException | RuntimeException e) {
      try {
        closeSelectors();
      } finally {
        channel.close();
      }
      throw e;
    }
    for (int i = 0; i < responders.size(); i++) {
      Receiver receiver =
          new Receiver(
              requireNonNull(responders.get(i), "responder"),
              batchWindowNanos > 0 ? selectors.get(i) : null);
      Thread thread = new Thread(receiver::run, "netboot6-dhcp6-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
  }

  /**
   * Returns the bound port.
   *
   * @return the port
   * @throws IOException if the socket is closed
   */
  public int port() throws IOException {
    return ((InetSocketAddress) requireNonNull(channel.getLocalAddress())).getPort();
  }

  /**
   * Returns the socket's receive buffer as the JDK reports it ({@code SO_RCVBUF}): on Linux, the
   * bytes the kernel granted (the kernel doubles them for its bookkeeping, and the JDK halves the
   * figure back).
   *
   * @return the receive buffer's size in bytes
   * @throws IOException if the socket is closed
   */
  public int receiveBufferSize() throws IOException {
    return channel.getOption(StandardSocketOptions.SO_RCVBUF);
  }

  /**
   * Returns how many times a thread waited a batch window for more datagrams, since the start: 0
   * without a batch window, or while datagrams come slower than one a window.
   *
   * @return the count
   */
  public long windowsWaited() {
    return windowsWaited.sum();
  }

  /** One thread's loop, buffers and the source address it converted last. */
  private final class Receiver {
    private final DhcpResponder responder;
    private final @Nullable Selector selector;
    private final byte[] in = new byte[65_535];
    private final byte[] out = new byte[65_535];
    private final ByteBuffer inBuffer = ByteBuffer.wrap(in);
    private final ByteBuffer outBuffer = ByteBuffer.wrap(out);
    // The channel hands back the same InetSocketAddress while datagrams come from one source (a
    // relay, or a client's exchange), so its address is converted once per change of source.
    private @Nullable SocketAddress lastFrom;
    private @Nullable Ipv6Address lastSource;

    Receiver(DhcpResponder responder, @Nullable Selector selector) {
      this.responder = responder;
      this.selector = selector;
    }

    void run() {
      Selector s = selector;
      boolean answeredSinceWait = false;
      // The mean time between the datagrams this thread received (an exponentially weighted mean,
      // 1/8 to the newest gap, each gap counted as 1 s at most), in nanoseconds. It starts at 1 s:
      // a steady stream brings it below a 1 ms window in about 50 datagrams.
      long meanGap = MAX_GAP;
      long lastReceived = System.nanoTime();
      while (!closing) {
        try {
          inBuffer.clear();
          SocketAddress from = channel.receive(inBuffer);
          if (from != null) {
            if (s != null) {
              long now = System.nanoTime();
              meanGap += (Math.min(now - lastReceived, MAX_GAP) - meanGap) >> 3;
              lastReceived = now;
            }
            answer(from);
            answeredSinceWait = true;
          } else if (s != null) {
            // Non-blocking, and the socket is empty. When datagrams came faster than one a window,
            // more are on their way: wait one window for them, then answer them all. Otherwise,
            // or after a window that brought none, block until the next one.
            boolean wait = answeredSinceWait && meanGap < batchWindowNanos;
            answeredSinceWait = false;
            if (wait) {
              windowsWaited.increment();
              LockSupport.parkNanos(batchWindowNanos);
            } else {
              s.select(UdpFrontend::ignore);
            }
          }
        } catch (ClosedChannelException e) {
          return;
        } catch (IOException | RuntimeException e) {
          // One bad datagram or a failed send never stops the loop.
          if (!closing) {
            log.accept("dhcp6 socket-error=\"" + e + "\"");
          }
        }
      }
    }

    private void answer(SocketAddress from) throws IOException {
      if (from != lastFrom || lastSource == null) {
        lastFrom = null;
        lastSource = null;
        if (!(from instanceof InetSocketAddress source)
            || !(source.getAddress() instanceof Inet6Address v6)) {
          return;
        }
        lastSource = Ipv6Address.fromBytes(v6.getAddress());
        lastFrom = from;
      }
      int n = responder.handle(in, inBuffer.position(), requireNonNull(lastSource), out);
      if (n > 0) {
        outBuffer.clear().limit(n);
        channel.send(outBuffer, from);
      }
    }
  }

  private static void ignore(SelectionKey key) {}

  private void closeSelectors() throws IOException {
    for (Selector selector : selectors) {
      selector.close();
    }
  }

  @Override
  public void close() throws IOException {
    closing = true;
    channel.close();
    // A thread that waits in its selector does not see the channel close: wake it.
    for (Selector selector : selectors) {
      selector.wakeup();
    }
    try {
      for (Thread thread : threads) {
        thread.join(5_000);
        if (thread.isAlive()) {
          log.accept("dhcp6 socket-error=\"" + thread.getName() + " did not stop within 5 s\"");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeSelectors();
    }
  }
}
