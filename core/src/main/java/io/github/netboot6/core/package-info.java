/**
 * Value types shared by every Netboot6 module: {@link io.github.netboot6.core.Ipv6Address}, {@link
 * io.github.netboot6.core.Ipv6Prefix}, {@link io.github.netboot6.core.MacAddress}, {@link
 * io.github.netboot6.core.Duid}, {@link io.github.netboot6.core.ClientArchitecture} and {@link
 * io.github.netboot6.core.BootPhase}.
 *
 * <p>Every parser in this package reports bad input with {@link
 * io.github.netboot6.core.MalformedValueException}, whose message names the input, the position and
 * the reason; no other unchecked exception escapes a parser.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.core;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
