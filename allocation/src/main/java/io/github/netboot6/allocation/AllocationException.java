package io.github.netboot6.allocation;

/**
 * The base of the allocator's own exceptions; each subclass says what went wrong and names the
 * values in its message ("what: actual (expected: ...)").
 */
public abstract class AllocationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message the message
   */
  protected AllocationException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message the message
   * @param cause the cause
   */
  protected AllocationException(String message, Throwable cause) {
    super(message, cause);
  }
}
