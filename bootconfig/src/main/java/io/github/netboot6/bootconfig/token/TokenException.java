package io.github.netboot6.bootconfig.token;

/**
 * Thrown when a provisioning token does not verify; {@link #reason()} says why. The message never
 * holds the token or a key, only the reason and, for a malformed token, what is wrong with its
 * shape.
 */
public final class TokenException extends Exception {
  /** The serialization version. */
  private static final long serialVersionUID = 1L;

  /** Why a token was refused, in the order they are checked. */
  public enum Reason {
    /** Not a token of this format: bad characters, length, encoding or version. */
    MALFORMED,
    /** Signed with a key identifier the verifier does not hold (e.g. a retired key). */
    UNKNOWN_KEY,
    /** The signature does not match: the token was altered or made without the key. */
    FORGED,
    /** The signature is good but the expiry time has passed. */
    EXPIRED,
    /** Good and unexpired, but issued for another host. */
    WRONG_HOST,
    /** Good and unexpired, but bound to another MAC address (or the request has none). */
    WRONG_MAC
  }

  /** Why the token was refused. */
  private final Reason reason;

  TokenException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  /**
   * Returns why the token was refused.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
