/**
 * iPXE script generation: typed references to iPXE settings ({@code ${net0/mac:hexhyp}}), words,
 * URLs and commands, the {@link io.github.netboot6.bootconfig.ipxe.IpxeScript} builder and the
 * {@link io.github.netboot6.bootconfig.ipxe.IpxeScripts} templates.
 *
 * <p>iPXE has no quoting: {@code ${...}} inside any word is expanded, and {@code ||}, {@code &&}
 * and {@code ;} separate commands. Everything in this package that ends up in a script is either
 * built from validated parts or rejected with a message naming the field and the character, so that
 * nothing a caller passes can change a script's meaning.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.bootconfig.ipxe;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
