package io.github.netboot6.allocation;

/**
 * Thrown by {@link SharedAllocator} when the database cannot be reached: it is down, restarting,
 * refusing connections, or the connection dropped during the operation. The message names the
 * operation and the database's error.
 *
 * <p>The operation's transaction was rolled back, or, if the connection dropped while its commit
 * was in flight, may or may not have committed: an {@link SharedAllocator#allocate allocate} or
 * {@link SharedAllocator#release release} that failed this way can be repeated safely (both are
 * idempotent for a host key). The allocator stays usable: the next call gets a fresh connection and
 * succeeds once the database is back.
 */
public class StoreUnavailableException extends AllocationStoreException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message the operation that failed and why
   * @param cause the database driver's exception
   */
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
