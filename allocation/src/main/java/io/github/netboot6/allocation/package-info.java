/**
 * Allocation of aligned per-host IPv6 address blocks: each host gets a block holding its permanent
 * address and one slot per boot phase, from a pool as large as a /48 (DESIGN.md §2, workflow 3).
 *
 * <ul>
 *   <li>{@link io.github.netboot6.allocation.BlockLayout}: the shape of one block (its size, where
 *       the permanent address sits, the named phase slots).
 *   <li>{@link io.github.netboot6.allocation.AddressPool}: a prefix or range cut into blocks, with
 *       reserved ranges.
 *   <li>{@link io.github.netboot6.allocation.Allocator}: hands out one block per {@link
 *       io.github.netboot6.allocation.HostKey} with an {@link
 *       io.github.netboot6.allocation.AllocationStrategy}, looks up by address and by host, lists
 *       in address order, counts exactly.
 *   <li>{@link io.github.netboot6.allocation.InstallRange}: phase addresses handed out per host and
 *       boot phase from a shared range, apart from the hosts' permanent addresses.
 *   <li>{@link io.github.netboot6.allocation.AllocationStore}: where the state is kept; {@link
 *       io.github.netboot6.allocation.AllocationStore#inMemory()} and the crash-safe {@link
 *       io.github.netboot6.allocation.JournalStore}.
 * </ul>
 *
 * <p>Errors are {@link io.github.netboot6.allocation.AllocationException}s: {@link
 * io.github.netboot6.allocation.PoolExhaustedException}, {@link
 * io.github.netboot6.allocation.AllocationConflictException}, {@link
 * io.github.netboot6.allocation.UnavailableAddressException}, {@link
 * io.github.netboot6.allocation.AllocationStoreException} and {@link
 * io.github.netboot6.allocation.JournalCorruptedException}.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.allocation;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
