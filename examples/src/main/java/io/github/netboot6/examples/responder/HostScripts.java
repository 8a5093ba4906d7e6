package io.github.netboot6.examples.responder;

import io.github.netboot6.bootconfig.ipxe.IpxeScript;
import io.github.netboot6.core.identity.Host;
import java.util.Optional;

/**
 * Writes a host's per-host iPXE script, the one {@link HttpFrontend} serves at {@code /host.ipxe}.
 * {@code netboot6 serve} writes it from the host's installer profile in the inventory file.
 */
@FunctionalInterface
public interface HostScripts {
  /**
   * Returns the host's script.
   *
   * @param host the host the request was tied to
   * @return the script, or empty if the host has none (the request gets 404)
   * @throws IllegalArgumentException if the host's settings cannot be written into a script safely;
   *     the message names the host and the field (the request gets 500)
   */
  Optional<IpxeScript> script(Host host);
}
