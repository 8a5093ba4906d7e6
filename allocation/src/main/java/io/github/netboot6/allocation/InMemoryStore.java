package io.github.netboot6.allocation;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The store that keeps nothing: state lives in the allocator's memory only. */
final class InMemoryStore implements AllocationStore {
  private final AtomicLong tickets = new AtomicLong();

  @Override
  public void replay(ChangeSink sink) {}

  @Override
  public long append(long block, HostKey host, boolean allocated) {
    return tickets.incrementAndGet();
  }

  @Override
  public boolean storesWideBlocks() {
    return true;
  }

  @Override
  public long append(BigInteger block, HostKey host, boolean allocated) {
    return tickets.incrementAndGet();
  }

  @Override
  public void awaitDurable(long ticket) {}

  @Override
  public void close() {}
}
