/**
 * The identity resolver: which host a DHCPv6 request comes from, in which boot phase, and by which
 * evidence.
 *
 * <p>One machine sends a different DUID in each boot phase (firmware, iPXE, installer, installed
 * OS), and DHCPv6 carries no MAC address unless a relay adds it. {@link
 * io.github.netboot6.core.identity.IdentityResolver} weighs every identifier a request carries
 * ({@link io.github.netboot6.core.identity.ClientFacts}) against a {@link
 * io.github.netboot6.core.identity.HostInventory}, in a configurable order of {@link
 * io.github.netboot6.core.identity.EvidenceSource}s, and answers with a {@link
 * io.github.netboot6.core.identity.Resolution}: the host, the phase, the deciding evidence, every
 * disagreeing piece of evidence and every untrustworthy identifier. It never guesses.
 *
 * <p>The hot path allocates nothing on a hit: facts and resolutions are reusable objects owned by
 * the calling thread, and the inventory's indexes are primitive open-addressing tables.
 */
@NullMarked
@CheckReturnValue
package io.github.netboot6.core.identity;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
