/**
 * Allocation of aligned per-host IPv6 address blocks: each host gets a block holding its permanent
 * address and one slot per boot phase, from a pool as large as a /64.
 *
 * <p>So far this package holds the {@link io.github.netboot6.allocation.BlockLayout}: the shape of
 * one block (its size, where the permanent address sits, and the named phase slots). The allocator
 * and its stores build on it.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.allocation;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
