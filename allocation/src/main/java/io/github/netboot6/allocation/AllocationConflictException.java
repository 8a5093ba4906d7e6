package io.github.netboot6.allocation;

/**
 * Thrown when a specific block is asked for (an import) and it conflicts with what is held: the
 * block belongs to another host, or the host already holds another block.
 */
public final class AllocationConflictException extends AllocationException {
  private static final long serialVersionUID = 1L;

  AllocationConflictException(String message) {
    super(message);
  }
}
