/**
 * Boot policy: from what a request says ({@link io.github.netboot6.core.identity.ClientFacts}), the
 * boot phase and host the identity resolver found, and the site's settings, the {@link
 * io.github.netboot6.core.BootAnswer} a DHCPv6 server sends: a {@code tftp://} binary for firmware
 * PXE, an {@code http://} binary and the {@code HTTPClient} echo for UEFI HTTP boot, the bootstrap
 * script for iPXE, and no boot file for the later phases.
 *
 * <p>Every value from a host's attributes is checked before it reaches a URL: a bad one is rejected
 * with a {@link io.github.netboot6.core.MalformedValueException} naming the host, the attribute and
 * the character.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.bootconfig.policy;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
