/**
 * The {@code netboot6} command-line tool: {@code decode} DHCPv6 messages from pcap or hex files as
 * text or JSON, {@code resolve} the host and boot phase of client messages against an inventory.
 */
@NullMarked
package io.github.netboot6.examples.cli;

import org.jspecify.annotations.NullMarked;
