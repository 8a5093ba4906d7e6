package io.github.netboot6.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * {@code serve}'s log: lines go into a bounded queue, and one thread writes whatever has gathered
 * and flushes. A line that comes after a quiet spell is written at once; after each write the
 * thread lets lines gather for {@value #LINGER_MILLIS} ms, so that under load many lines share one
 * write and the answering threads never have to wake the writer for each line (at thousands of
 * lines a second, a wake-up and a write per line cost more CPU than the answers). A line that finds
 * the queue full is dropped and counted, so a flood can never make the log hold up the answers or
 * fill the heap.
 */
final class LogWriter implements Consumer<String>, AutoCloseable {
  private static final int CAPACITY = 65_536;
  private static final int BATCH = 4_096;
  private static final long LINGER_MILLIS = 20;

  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final LongAdder dropped = new LongAdder();
  private final PrintWriter out;
  private final Thread thread;

  LogWriter(PrintWriter out) {
    this.out = out;
    this.thread = new Thread(this::run, "netboot6-log");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void accept(String line) {
    if (!queue.offer(line)) {
      dropped.increment();
    }
  }

  /** Returns how many lines were dropped because the queue was full. */
  long dropped() {
    return dropped.sum();
  }

  private void run() {
    List<String> batch = new ArrayList<>(BATCH);
    try {
      while (true) {
        batch.add(queue.take());
        queue.drainTo(batch, BATCH - 1);
        write(batch);
        Thread.sleep(LINGER_MILLIS);
      }
    } catch (InterruptedException e) {
      // close(): the rest is written there.
    }
  }

  private void write(List<String> batch) {
    for (String line : batch) {
      out.write(line);
      out.write('\n');
    }
    out.flush();
    batch.clear();
  }

  /** Stops the writer thread and writes every line still queued. */
  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<String> rest = new ArrayList<>();
    queue.drainTo(rest);
    write(rest);
  }
}
