/**
 * Boot configuration generators: boot policy, iPXE scripts, GRUB2 configuration, DUID
 * deployment snippets, dnsmasq and Kea configuration, and signed provisioning tokens.
 *
 * <p>This package has no public types yet in 0.1.0-SNAPSHOT: the module exists so that its place in
 * the build, its dependency direction and its publication are fixed before its code lands.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.bootconfig;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
