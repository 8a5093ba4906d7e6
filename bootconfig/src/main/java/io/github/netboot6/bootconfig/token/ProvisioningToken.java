package io.github.netboot6.bootconfig.token;

import io.github.netboot6.core.MacAddress;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What a verified provisioning token says: host, MAC address if bound, expiry and key. */
public final class ProvisioningToken {
  private final String hostName;
  private final @Nullable MacAddress mac;
  private final Instant expiresAt;
  private final int keyId;

  ProvisioningToken(String hostName, @Nullable MacAddress mac, Instant expiresAt, int keyId) {
    this.hostName = hostName;
    this.mac = mac;
    this.expiresAt = expiresAt;
    this.keyId = keyId;
  }

  /**
   * Returns the host the token was issued for.
   *
   * @return the host name
   */
  public String hostName() {
    return hostName;
  }

  /**
   * Returns the MAC address the token is bound to.
   *
   * @return the address, or empty if the token is not bound to one
   */
  public Optional<MacAddress> macAddress() {
    return Optional.ofNullable(mac);
  }

  /**
   * Returns the first instant at which the token is no longer valid.
   *
   * @return the expiry, whole seconds
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * Returns the identifier of the key that signed the token.
   *
   * @return 0 to {@value TokenKey#MAX_ID}
   */
  public int keyId() {
    return keyId;
  }

  /**
   * Returns the claims for logs, e.g. {@code ProvisioningToken{host=node-1, mac=52:54:00:12:34:56,
   * expiresAt=2026-01-01T00:00:00Z, keyId=1}}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return "ProvisioningToken{host="
        + hostName
        + ", mac="
        + mac
        + ", expiresAt="
        + expiresAt
        + ", keyId="
        + keyId
        + "}";
  }
}
