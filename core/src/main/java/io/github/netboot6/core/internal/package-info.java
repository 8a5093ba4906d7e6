/**
 * Internals of the core module shared by its packages: hashing for the value types and the
 * resolver's indexes. Not exported; nothing here is API.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.core.internal;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
