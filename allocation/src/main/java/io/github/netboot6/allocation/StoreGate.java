package io.github.netboot6.allocation;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How {@link Allocator} and {@link InstallRange} use their {@link AllocationStore}: a change is
 * appended under the owner's lock and waited for outside it; an append or flush that fails fails
 * every later change (the owner must be built again from its store); and when the store asks for a
 * snapshot, one caller takes it after its own change is durable.
 */
final class StoreGate {
  private static final System.Logger LOG = System.getLogger(StoreGate.class.getName());

  private final AllocationStore store;
  private final String rebuildHint;
  private final AtomicBoolean compacting = new AtomicBoolean();
  private volatile boolean failed;

  /**
   * Creates the gate.
   *
   * @param store the store
   * @param rebuildHint what the owner's user should do after a failure, for the error message, e.g.
   *     {@code "restart the allocator from its store"}
   */
  StoreGate(AllocationStore store, String rebuildHint) {
    this.store = store;
    this.rebuildHint = rebuildHint;
  }

  /** Returns the store, for replay, compaction and close. */
  AllocationStore store() {
    return store;
  }

  /**
   * Refuses a change once a store operation has failed.
   *
   * @throws AllocationStoreException if one has
   */
  void checkNotFailed() {
    if (failed) {
      throw new AllocationStoreException(
          "store state: failed (expected: working; a change may not be durable, "
              + rebuildHint
              + ")");
    }
  }

  /**
   * Appends a change (under the owner's lock); a failure fails the gate.
   *
   * @return the ticket to wait for
   */
  long append(long key, HostKey host, boolean allocated) {
    try {
      return store.append(key, host, allocated);
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Appends a change of a block numbered 2^63 or more (under the owner's lock); a failure fails the
   * gate.
   *
   * @return the ticket to wait for
   */
  long append(BigInteger block, HostKey host, boolean allocated) {
    try {
      return store.append(block, host, allocated);
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Waits until the change with {@code ticket} is durable (outside the owner's lock), then takes a
   * snapshot with {@code compact} if the store wants one and no other caller is taking it. A failed
   * snapshot is logged, not thrown: this caller's change is durable, the older history is still
   * whole, and the next change tries again.
   *
   * @param ticket the ticket, 0 for none
   * @param compact the owner's snapshot
   */
  void durable(long ticket, Runnable compact) {
    if (ticket == 0) {
      return;
    }
    try {
      store.awaitDurable(ticket);
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
    if (store.wantsCompaction() && compacting.compareAndSet(false, true)) {
      try {
        compact.run();
      } catch (AllocationStoreException e) {
        LOG.log(System.Logger.Level.WARNING, "snapshot failed, history kept: " + e.getMessage(), e);
      } finally {
        compacting.set(false);
      }
    }
  }
}
