/**
 * Internals of the allocator: the sparse hierarchical bitmap, primitive hash maps and the journal
 * record format. Not exported; nothing here is API.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.allocation.internal;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
