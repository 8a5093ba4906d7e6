/**
 * The {@code netboot6} command-line tool: {@code decode} DHCPv6 messages from pcap, pcapng or hex
 * files as text or JSON, {@code resolve} the host and boot phase of client messages against an
 * inventory, {@code plan} a block per host and the dnsmasq, Kea, iPXE and DUID files that provision
 * them.
 */
@NullMarked
package io.github.netboot6.examples.cli;

import org.jspecify.annotations.NullMarked;
