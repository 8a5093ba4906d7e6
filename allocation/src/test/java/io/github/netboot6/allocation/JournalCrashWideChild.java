package io.github.netboot6.allocation;

/** {@link JournalCrashChild} on {@link JournalCrashTest#widePool()}: records of wide blocks. */
public final class JournalCrashWideChild {
  private JournalCrashWideChild() {}

  public static void main(String[] args) throws Exception {
    JournalCrashChild.run(args, JournalCrashTest.widePool());
  }
}
