/**
 * Provisioning tokens: signed (HMAC-SHA256), expiring, URL-safe strings that bind a script URL to a
 * host name and optionally a MAC address, so that a netboot server hands a per-host script or
 * Kickstart file only to the machine it was issued for. See {@link
 * io.github.netboot6.bootconfig.token.ProvisioningTokens}.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.bootconfig.token;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
