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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The responder's DHCPv6 socket: UDP port 547 on every address, joined to
 * All_DHCP_Relay_Agents_and_Servers (ff02::1:2) on a named interface, with one thread per {@link
 * DhcpResponder} given: each receives a datagram, lets its responder answer it and sends the answer
 * to the datagram's source. Several threads matter with the journal store: while one waits for an
 * fsync, the others answer, and their new blocks share the next fsync.
 */
public final class UdpFrontend implements AutoCloseable {
  /** All_DHCP_Relay_Agents_and_Servers (RFC 8415 §7.1). */
  public static final String ALL_DHCP_RELAY_AGENTS_AND_SERVERS = "ff02::1:2";

  /** For {@link #start}: keep the system's receive buffer. */
  public static final int SYSTEM_RECEIVE_BUFFER = 0;

  private final DatagramChannel channel;
  private final List<Thread> threads = new ArrayList<>();
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
   * @return the running front end
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
    return new UdpFrontend(port, interfaceName, receiveBuffer, responders, log);
  }

  private UdpFrontend(
      int port,
      @Nullable String interfaceName,
      int receiveBuffer,
      List<DhcpResponder> responders,
      Consumer<String> log)
      throws IOException {
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
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    for (int i = 0; i < responders.size(); i++) {
      DhcpResponder responder = requireNonNull(responders.get(i), "responder");
      Thread thread = new Thread(() -> run(responder), "netboot6-dhcp6-" + i);
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

  private void run(DhcpResponder responder) {
    byte[] in = new byte[65_535];
    byte[] out = new byte[65_535];
    ByteBuffer inBuffer = ByteBuffer.wrap(in);
    ByteBuffer outBuffer = ByteBuffer.wrap(out);
    // The channel hands back the same InetSocketAddress while datagrams come from one source (a
    // relay, or a client's exchange), so its address is converted once per change of source.
    SocketAddress lastFrom = null;
    Ipv6Address lastSource = null;
    while (!closing) {
      try {
        inBuffer.clear();
        SocketAddress from = channel.receive(inBuffer);
        if (from != lastFrom || lastSource == null) {
          lastFrom = null;
          lastSource = null;
          if (!(from instanceof InetSocketAddress source)
              || !(source.getAddress() instanceof Inet6Address v6)) {
            continue;
          }
          lastSource = Ipv6Address.fromBytes(v6.getAddress());
          lastFrom = from;
        }
        int n = responder.handle(in, inBuffer.position(), lastSource, out);
        if (n > 0) {
          outBuffer.clear().limit(n);
          channel.send(outBuffer, from);
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

  @Override
  public void close() throws IOException {
    closing = true;
    channel.close();
    try {
      for (Thread thread : threads) {
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
