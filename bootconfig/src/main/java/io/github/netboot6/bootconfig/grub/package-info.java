/**
 * GRUB2 configuration for the GRUB path of UEFI HTTP boot over IPv6: {@code grub.cfg} files with
 * {@code net_bootp6}, menu entries that load a kernel and initrd from {@code (http,[address])}, and
 * the per-host file names GRUB looks for.
 *
 * <p>Every value is written single-quoted (GRUB's quoting: nothing inside single quotes is special,
 * a single quote is written {@code '\''}), and values GRUB cannot carry safely (control characters,
 * non-ASCII) are rejected with a message naming the field and the character.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.bootconfig.grub;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
