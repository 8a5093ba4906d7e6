/**
 * The reference netboot responder behind {@code netboot6 serve}: DHCPv6 on UDP port 547 and HTTP
 * for iPXE scripts and boot files, made of nothing but Netboot6's public API.
 *
 * <p>{@link io.github.netboot6.examples.responder.DhcpResponder} answers one DHCPv6 datagram at a
 * time (it is what the UDP loop calls, and what tests call directly); {@link
 * io.github.netboot6.examples.responder.HttpFrontend} serves scripts and files; {@link
 * io.github.netboot6.examples.responder.UdpFrontend} ties the responder to a socket.
 */
@NullMarked
package io.github.netboot6.examples.responder;

import org.jspecify.annotations.NullMarked;
