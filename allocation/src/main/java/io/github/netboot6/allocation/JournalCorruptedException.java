package io.github.netboot6.allocation;

/**
 * Thrown at start-up when a journal is damaged somewhere other than its tail: a bad record followed
 * by good ones, a damaged snapshot, or a missing segment. Dropping the damage would silently lose
 * acknowledged allocations, so the journal is left untouched for an operator to inspect.
 *
 * <p>A damaged <em>tail</em> (the last records of the newest segment, torn by a crash during a
 * write) is not an error: it held nothing that was acknowledged, so the journal store truncates it
 * and logs a warning with the file and offset.
 */
public final class JournalCorruptedException extends AllocationStoreException {
  private static final long serialVersionUID = 1L;

  /** The damaged file's name; serialised. */
  private final String file;

  /** The byte offset of the damage; serialised. */
  private final long offset;

  /**
   * Creates an exception.
   *
   * @param file the damaged file
   * @param offset the byte offset of the damage in the file
   * @param what what is wrong, e.g. {@code "record checksum 0x1234 (expected: 0x5678)"}
   */
  public JournalCorruptedException(String file, long offset, String what) {
    super("journal " + file + " damaged at offset " + offset + ": " + what);
    this.file = file;
    this.offset = offset;
  }

  /**
   * Returns the damaged file.
   *
   * @return the file name
   */
  public String file() {
    return file;
  }

  /**
   * Returns where the damage starts.
   *
   * @return the byte offset in the file
   */
  public long offset() {
    return offset;
  }
}
