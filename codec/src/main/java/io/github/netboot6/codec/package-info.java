/**
 * DHCPv6 wire codec (RFC 8415): flyweight readers and writers over {@code byte[]} and {@link
 * java.nio.ByteBuffer} that walk messages, options and relay chains without allocating.
 *
 * <p>This package has no public types yet in 0.1.0-SNAPSHOT: the module exists so that its place in
 * the build, its dependency direction and its publication are fixed before its code lands.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.codec;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
