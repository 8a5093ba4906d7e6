/**
 * Kea DHCPv6 configuration for netboot: reservations by DUID and hardware address, client classes
 * for iPXE, UEFI HTTP boot and client architectures with their boot-file URLs, written as JSON that
 * {@code kea-dhcp6 -t} accepts.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.bootconfig.kea;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
