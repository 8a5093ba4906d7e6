/**
 * DUID deployment: the client configuration that makes an installed operating system send the DUID
 * the server generated for it (design notes §2, workflow 3), for ISC dhclient, systemd-networkd,
 * NetworkManager and dhcpcd, and the installer wrappers that write those files (Kickstart {@code
 * %post}, Debian preseed {@code late_command}).
 *
 * <p>Every value that reaches a file is either generated here (hexadecimal DUIDs) or checked
 * (interface names, file paths) and rejected with a {@link
 * io.github.netboot6.core.MalformedValueException} naming the field and the character.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.bootconfig.duid;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
