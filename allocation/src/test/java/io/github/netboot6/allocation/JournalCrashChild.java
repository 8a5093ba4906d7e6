package io.github.netboot6.allocation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The child JVM of {@link JournalCrashTest}: opens the journal, then allocates and releases from
 * several threads until it is killed, printing each operation before it starts ({@code ? A key})
 * and once it is acknowledged ({@code A key block}, {@code R key block}, {@code R key -}). Each
 * thread owns its keys, so the operations of one key are printed in the order they happened.
 */
public final class JournalCrashChild {
  private JournalCrashChild() {}

  public static void main(String[] args) throws Exception {
    run(args, JournalCrashTest.pool());
  }

  static void run(String[] args, AddressPool pool) throws Exception {
    Path directory = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int threads = Integer.parseInt(args[2]);
    int keysPerThread = 64;
    PrintStream out =
        new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
    JournalStore store = JournalStore.builder(directory).compactAfterBytes(16 * 1024).open();
    Allocator allocator =
        Allocator.builder(pool).strategy(AllocationStrategy.random(seed)).store(store).build();
    synchronized (out) {
      out.println("READY");
      out.flush();
    }
    for (int t = 0; t < threads; t++) {
      int thread = t;
      SplittableRandom random = new SplittableRandom(seed * 31 + t);
      Thread worker =
          new Thread(
              () -> {
                while (true) {
                  String key = "t" + thread + "-k" + random.nextInt(keysPerThread);
                  HostKey host = HostKey.ofName(key);
                  boolean allocate = random.nextInt(3) > 0;
                  print(out, "? " + (allocate ? "A " : "R ") + key);
                  if (allocate) {
                    print(out, "A " + key + " " + allocator.allocate(host).blockNumber());
                  } else {
                    print(
                        out,
                        "R "
                            + key
                            + " "
                            + allocator.release(host).map(a -> "" + a.blockNumber()).orElse("-"));
                  }
                }
              });
      worker.setDaemon(true);
      worker.start();
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void print(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
