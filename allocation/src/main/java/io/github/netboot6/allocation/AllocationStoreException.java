package io.github.netboot6.allocation;

/**
 * Thrown when a store cannot load or persist state: an I/O error, or a journal whose damage cannot
 * be repaired without losing acknowledged allocations (see {@link JournalCorruptedException}).
 *
 * <p>After a failure to persist, the allocator refuses every further change: its memory may hold a
 * change the store did not make durable, and only a restart from the store is trustworthy.
 */
public class AllocationStoreException extends AllocationException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed, naming the file or resource
   */
  public AllocationStoreException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what failed, naming the file or resource
   * @param cause the cause
   */
  public AllocationStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
