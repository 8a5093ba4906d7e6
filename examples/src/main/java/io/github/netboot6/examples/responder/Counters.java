package io.github.netboot6.examples.responder;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The responder's counters, safe to read from any thread while the responder runs. */
public final class Counters {
  /** What is counted. */
  public enum Counter {
    /** Datagrams received on UDP port 547. */
    RECEIVED,
    /** Datagrams that did not decode (counted and dropped). */
    MALFORMED,
    /** Messages a server does not answer (Advertise, Reply, Relay-Repl, unknown types...). */
    NOT_FOR_A_SERVER,
    /** Messages dropped by the server-identifier rules of RFC 8415 §16. */
    WRONG_SERVER_ID,
    /** Messages dropped because their client sent more than its rate allows. */
    RATE_LIMITED,
    /** Messages from clients that match no host, with unknown hosts ignored. */
    UNKNOWN_HOST,
    /** Answers sent: Advertise, and Reply to every request type. */
    ANSWERED,
    /** Decline messages: an address of a host's block is in use by something else. */
    DECLINED,
    /** Answers that did not fit in the reply buffer, or could not be sent. */
    SEND_FAILED,
    /**
     * Errors from a collaborator (allocator, boot policy) while answering; the message is dropped.
     */
    ERRORS
  }

  private final Map<Counter, LongAdder> values = new EnumMap<>(Counter.class);

  /** Creates counters at zero. */
  public Counters() {
    for (Counter c : Counter.values()) {
      values.put(c, new LongAdder());
    }
  }

  void increment(Counter counter) {
    adder(counter).increment();
  }

  private LongAdder adder(Counter counter) {
    LongAdder adder = values.get(counter);
    if (adder == null) {
      throw new AssertionError(counter);
    }
    return adder;
  }

  /**
   * Returns a counter's value.
   *
   * @param counter which counter
   * @return its value
   */
  public long get(Counter counter) {
    return adder(counter).sum();
  }

  /**
   * Returns every counter's value, in declaration order.
   *
   * @return a new map
   */
  public Map<Counter, Long> snapshot() {
    Map<Counter, Long> map = new EnumMap<>(Counter.class);
    for (Counter c : Counter.values()) {
      map.put(c, get(c));
    }
    return map;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Counter c : Counter.values()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(c.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(get(c));
    }
    return sb.toString();
  }
}
