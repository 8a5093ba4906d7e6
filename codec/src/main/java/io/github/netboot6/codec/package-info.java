/**
 * DHCPv6 wire codec (RFC 8415): flyweight readers and writers over {@code byte[]} and {@link
 * java.nio.ByteBuffer} that walk messages, options and relay chains without allocating.
 *
 * <p>The registries come first: {@link io.github.netboot6.codec.MessageType} (RFC 8415 §7.3) and
 * {@link io.github.netboot6.codec.OptionCode} with {@link io.github.netboot6.codec.OptionFormat}
 * (RFC 8415 §21). Both are "open enums": a lookup by code never throws on wire values and never
 * allocates, so unknown types and options are kept as raw values rather than rejected.
 *
 * <p>Reading: {@link io.github.netboot6.codec.MessageReader} wraps a message and walks its relay
 * chain; {@link io.github.netboot6.codec.OptionIterator} walks its options and their nested
 * options, one level at a time or, with {@link
 * io.github.netboot6.codec.OptionIterator#nextDepthFirst()}, the whole tree with one iterator.
 * Neither allocates nor throws on wire data: problems are a {@link
 * io.github.netboot6.codec.DecodeStatus} with a byte offset.
 *
 * <p>Writing: {@link io.github.netboot6.codec.MessageWriter} builds a message into a caller's
 * buffer, patching nested option lengths when they close, and starts a server's reply (Relay-Repl
 * chain, Advertise or Reply header, client and server identifiers) from a decoded request. Running
 * out of room is a state, not an exception or an allocation.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.codec;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
