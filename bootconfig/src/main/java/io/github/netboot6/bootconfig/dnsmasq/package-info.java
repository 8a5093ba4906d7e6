/**
 * dnsmasq configuration for DHCPv6 netboot: {@code dhcp-range}, {@code dhcp-host} by DUID and by
 * MAC with aligned address blocks, class tags and {@code dhcp-option=option6:...} lines, written so
 * that dnsmasq reads them as intended.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.bootconfig.dnsmasq;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
