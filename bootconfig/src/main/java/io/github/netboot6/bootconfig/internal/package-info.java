/** Helpers shared by the bootconfig generators; not part of the API and not exported. */
@NullMarked
@CheckReturnValue
package io.github.netboot6.bootconfig.internal;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
