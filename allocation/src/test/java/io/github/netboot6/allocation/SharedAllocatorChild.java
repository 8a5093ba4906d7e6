package io.github.netboot6.allocation;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A child JVM of {@link SharedAllocatorTwoJvmsTest}: opens a {@link SharedAllocator} on the
 * database at {@code url}, prints {@code READY}, waits for a line on its standard input, then runs
 * {@code operations} allocations and releases from {@code threads} threads and exits.
 *
 * <p>It prints one line per acknowledged operation, once the call has returned: {@code A key block
 * start end} for an allocation, {@code R key block start end} for a release ({@code -} if the host
 * held none), where start and end are {@link System#nanoTime()} before and after the call; then
 * {@code DONE operations seconds}. Each thread owns its keys, so one key's lines are in the order
 * of its operations. Any failure is printed on standard error and exits with status 1.
 *
 * <p>Arguments: url, instance id (a key prefix), threads, operations, seed.
 */
public final class SharedAllocatorChild {
  static final int KEYS_PER_THREAD = 24;

  private SharedAllocatorChild() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String instance = args[1];
    int threads = Integer.parseInt(args[2]);
    int operations = Integer.parseInt(args[3]);
    long seed = Long.parseLong(args[4]);
    PrintStream out =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false,
            StandardCharsets.UTF_8);
    SharedAllocator allocator =
        SharedAllocator.builder(SharedAllocatorTwoJvmsTest.POOL, PostgresCluster.dataSourceOf(url))
            .build();
    synchronized (out) {
      out.println("READY");
      out.flush();
    }
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int count = operations / threads + (t < operations % threads ? 1 : 0);
      String prefix = instance + "-t" + t + "-h";
      SplittableRandom random = new SplittableRandom(seed * 31 + t);
      Thread worker =
          new Thread(
              () -> {
                try {
                  work(allocator, out, prefix, random, count);
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    allocator.close();
    if (!failures.isEmpty()) {
      out.flush();
      failures.forEach(e -> e.printStackTrace(System.err));
      System.exit(1);
    }
    synchronized (out) {
      out.printf(Locale.ROOT, "DONE %d %.3f%n", operations, seconds);
      out.flush();
    }
  }

  /** Allocates and releases the thread's own keys; allocates a key it holds now and then too. */
  private static void work(
      SharedAllocator allocator,
      PrintStream out,
      String prefix,
      SplittableRandom random,
      int count) {
    boolean[] held = new boolean[KEYS_PER_THREAD];
    for (int i = 0; i < count; i++) {
      int k = random.nextInt(KEYS_PER_THREAD);
      String key = prefix + k;
      HostKey host = HostKey.ofName(key);
      long start = System.nanoTime();
      if (!held[k] || random.nextInt(4) == 0) {
        Allocation allocation = allocator.allocate(host);
        long end = System.nanoTime();
        held[k] = true;
        print(out, "A " + key + " " + allocation.blockIndex() + " " + start + " " + end);
      } else {
        Optional<Allocation> released = allocator.release(host);
        long end = System.nanoTime();
        held[k] = false;
        String block = released.map(a -> Long.toString(a.blockIndex())).orElse("-");
        print(out, "R " + key + " " + block + " " + start + " " + end);
      }
    }
  }

  private static void print(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
    }
  }
}
