package io.github.netboot6.allocation;

import io.github.netboot6.core.BootPhase;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The child JVM of {@link InstallRangeCrashTest}: opens an {@link InstallRange} over a journal,
 * then allocates and releases from several threads until it is killed, printing each operation
 * before it starts ({@code ? A key phase}, {@code ? R key phase}, {@code ? X key}) and once it is
 * acknowledged ({@code A key phase address}, {@code R key phase true|false}, {@code X key count}).
 * Each thread owns its keys, so the operations of one key are printed in the order they happened.
 */
public final class InstallRangeCrashChild {
  private static final BootPhase[] PHASES = {
    BootPhase.FIRMWARE_PXE,
    BootPhase.FIRMWARE_HTTP,
    BootPhase.IPXE,
    BootPhase.BOOT_LOADER,
    BootPhase.INSTALLER,
    BootPhase.UNKNOWN
  };

  private InstallRangeCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int threads = Integer.parseInt(args[2]);
    PrintStream out =
        new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
    JournalStore store = JournalStore.builder(directory).compactAfterBytes(16 * 1024).open();
    InstallRange range = InstallRangeCrashTest.builder().store(store).build();
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
                  String key = "t" + thread + "-k" + random.nextInt(InstallRangeCrashTest.KEYS);
                  HostKey host = HostKey.ofName(key);
                  BootPhase phase = PHASES[random.nextInt(PHASES.length)];
                  int kind = random.nextInt(6);
                  if (kind < 4) {
                    print(out, "? A " + key + " " + phase);
                    print(out, "A " + key + " " + phase + " " + range.allocate(host, phase));
                  } else if (kind < 5) {
                    print(out, "? R " + key + " " + phase);
                    print(out, "R " + key + " " + phase + " " + range.release(host, phase));
                  } else {
                    print(out, "? X " + key);
                    print(out, "X " + key + " " + range.release(host));
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
