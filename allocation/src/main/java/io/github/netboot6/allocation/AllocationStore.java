package io.github.netboot6.allocation;

import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * Where an {@link Allocator} keeps its state: the service provider interface that the in-memory
 * store, the {@link JournalStore} and a shared SQL store implement, and that an embedding tool can
 * implement over its own database.
 *
 * <p>The call order is: {@link #replay} once, then any number of {@link #append} (each from inside
 * the allocator's lock, in the order the changes were made) and {@link #awaitDurable} (outside the
 * lock, from any thread), then {@link #close}. A change is acknowledged to the allocator's caller
 * only after {@code awaitDurable} returns for it, so a store may batch many appends into one write
 * (group commit).
 *
 * <p>An {@link InstallRange} keeps its state in a store of its own the same way; its entries' keys
 * are not block indexes but {@code offset << 3 | phase code}, as its Javadoc describes. Where this
 * interface says "block", read "key" for such a store.
 *
 * <h2>Wide blocks</h2>
 *
 * <p>In a {@linkplain AddressPool#isWide() wide} pool, block numbers may pass 2<sup>63</sup>-1.
 * Blocks below 2<sup>63</sup> still go through the {@code long} methods; only blocks numbered
 * 2<sup>63</sup> or more go through the {@link BigInteger} ones ({@link #append(BigInteger,
 * HostKey, boolean)}, {@link ChangeSink#allocated(BigInteger, HostKey)}, {@link
 * ChangeSink#released(BigInteger)}, {@link Compaction#complete(long[], HostKey[], BigInteger[],
 * HostKey[])}). A store that keeps them says so with {@link #storesWideBlocks()}; an {@link
 * Allocator} over a pool whose blocks pass 2<sup>63</sup>-1 refuses a store that does not.
 */
public interface AllocationStore extends AutoCloseable {

  /** Receives the stored state at start-up, as changes in the order they were made. */
  interface ChangeSink {
    /**
     * A block was allocated to a host.
     *
     * @param block the block index
     * @param host the host key
     */
    void allocated(long block, HostKey host);

    /**
     * A block was released.
     *
     * @param block the block index
     */
    void released(long block);

    /**
     * A block numbered 2<sup>63</sup> or more was allocated to a host; a store that {@linkplain
     * #storesWideBlocks() stores wide blocks} calls this for them, and may call it for smaller
     * ones.
     *
     * @param block the block number
     * @param host the host key
     * @throws AllocationStoreException by default, if {@code block} does not fit a {@code long}
     *     (the sinks of this library accept every block)
     */
    default void allocated(BigInteger block, HostKey host) {
      allocated(longBlock(block), host);
    }

    /**
     * A block numbered 2<sup>63</sup> or more was released (see {@link #allocated(BigInteger,
     * HostKey)}).
     *
     * @param block the block number
     * @throws AllocationStoreException by default, if {@code block} does not fit a {@code long}
     */
    default void released(BigInteger block) {
      released(longBlock(block));
    }

    private static long longBlock(BigInteger block) {
      if (block.signum() < 0 || block.bitLength() >= 64) {
        throw new AllocationStoreException(
            "stored block number: " + block + " (expected: 0..2^63-1 for this receiver)");
      }
      return block.longValueExact();
    }
  }

  /** A snapshot in progress: the store writes the state it is given, then drops older history. */
  interface Compaction {
    /**
     * Writes the state as of the {@link #beginCompaction()} call; called outside the allocator's
     * lock.
     *
     * @param blocks the allocated blocks, ascending
     * @param hosts the host of each block
     * @throws AllocationStoreException if the snapshot cannot be written; the older history stays
     */
    void complete(long[] blocks, HostKey[] hosts);

    /**
     * Writes the state as of the {@link #beginCompaction()} call, blocks numbered 2<sup>63</sup> or
     * more included; called outside the allocator's lock, and only if there are such blocks.
     *
     * @param blocks the allocated blocks below 2<sup>63</sup>, ascending
     * @param hosts the host of each of them
     * @param wideBlocks the allocated blocks numbered 2<sup>63</sup> or more, ascending
     * @param wideHosts the host of each of them
     * @throws AllocationStoreException if the snapshot cannot be written, by default if {@code
     *     wideBlocks} is not empty; the older history stays
     */
    default void complete(
        long[] blocks, HostKey[] hosts, BigInteger[] wideBlocks, HostKey[] wideHosts) {
      if (wideBlocks.length > 0) {
        throw new AllocationStoreException(
            "snapshot of block number "
                + wideBlocks[0]
                + " (expected: blocks below 2^63 only for this store)");
      }
      complete(blocks, hosts);
    }
  }

  /**
   * Returns a store that keeps the state in the allocator's memory only: nothing survives a
   * restart. For tests, and for tools that rebuild the state from their own inventory at start-up.
   *
   * @return a new in-memory store
   */
  static AllocationStore inMemory() {
    return new InMemoryStore();
  }

  /**
   * Feeds the stored state to {@code sink}.
   *
   * @param sink the receiver
   * @throws AllocationStoreException if the state cannot be read
   */
  void replay(ChangeSink sink);

  /**
   * Records a change; must not block on I/O for long (it runs inside the allocator's lock).
   *
   * @param block the block index
   * @param host the host key
   * @param allocated true for an allocation, false for a release
   * @return a ticket, increasing with every append, to pass to {@link #awaitDurable}
   * @throws AllocationStoreException if the store has failed
   */
  long append(long block, HostKey host, boolean allocated);

  /**
   * Tells whether this store keeps block numbers of 2<sup>63</sup> and more, which {@linkplain
   * AddressPool#isWide() wide} pools hand out.
   *
   * @return true if {@link #append(BigInteger, HostKey, boolean)} and the wide compaction are
   *     implemented; false by default
   */
  default boolean storesWideBlocks() {
    return false;
  }

  /**
   * Records a change of a block numbered 2<sup>63</sup> or more, as {@link #append(long, HostKey,
   * boolean)} does for smaller ones.
   *
   * @param block the block number, 2<sup>63</sup> or more
   * @param host the host key
   * @param allocated true for an allocation, false for a release
   * @return a ticket, increasing with every append, to pass to {@link #awaitDurable}
   * @throws AllocationStoreException if the store has failed, or by default always, naming the
   *     block (a store that keeps wide blocks overrides this and {@link #storesWideBlocks()})
   */
  default long append(BigInteger block, HostKey host, boolean allocated) {
    throw new AllocationStoreException(
        "block number: " + block + " (expected: below 2^63 for this store, which keeps no wider)");
  }

  /**
   * Waits until the change with {@code ticket}, and every earlier one, is durable.
   *
   * @param ticket a ticket from {@link #append}
   * @throws AllocationStoreException if the change could not be made durable
   */
  void awaitDurable(long ticket);

  /**
   * Tells whether the store would like a snapshot taken, e.g. because its history has grown.
   *
   * @return true to ask for one
   */
  default boolean wantsCompaction() {
    return false;
  }

  /**
   * Starts a snapshot; called inside the allocator's lock, so that no change slips between the
   * state handed to {@link Compaction#complete} and the history after it.
   *
   * @return the compaction, or null if this store keeps no history
   * @throws AllocationStoreException if the store cannot start one
   */
  default @Nullable Compaction beginCompaction() {
    return null;
  }

  /**
   * Releases the store's resources; changes appended but not awaited may be lost.
   *
   * @throws AllocationStoreException if closing fails
   */
  @Override
  void close();
}
