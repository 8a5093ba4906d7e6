/**
 * Allocation of aligned per-host IPv6 address blocks: each host gets a block holding its
 * permanent address and one slot per boot phase, from a pool as large as a /64.
 *
 * <p>This package has no public types yet in 0.1.0-SNAPSHOT: the module exists so that its place in
 * the build, its dependency direction and its publication are fixed before its code lands.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.allocation;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
