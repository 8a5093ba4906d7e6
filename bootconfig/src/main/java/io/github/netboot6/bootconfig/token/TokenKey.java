package io.github.netboot6.bootconfig.token;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A key for signing or verifying provisioning tokens: a small identifier written into each token,
 * so that a verifier holding several keys (during a rotation) knows which one to use, and a secret
 * of at least {@value #MIN_SECRET_LENGTH} bytes (the HMAC-SHA256 output size, RFC 2104 §3).
 *
 * <p>The secret is copied in and never shown: {@link #toString()} gives the identifier only.
 */
public final class TokenKey {

  /** The shortest secret accepted: {@value} bytes. */
  public static final int MIN_SECRET_LENGTH = 32;

  /** The highest key identifier: {@value}. */
  public static final int MAX_ID = 255;

  private final int id;
  private final byte[] secret;

  private TokenKey(int id, byte[] secret) {
    this.id = id;
    this.secret = secret;
  }

  /**
   * Returns a key.
   *
   * @param id the identifier written into tokens, 0 to {@value #MAX_ID}
   * @param secret the secret, at least {@value #MIN_SECRET_LENGTH} random bytes; copied
   * @return the key
   * @throws IllegalArgumentException if {@code id} is out of range or {@code secret} is too short
   */
  public static TokenKey of(int id, byte[] secret) {
    checkArgument(id >= 0 && id <= MAX_ID, "key id: %s (expected: 0..255)", id);
    checkArgument(
        secret.length >= MIN_SECRET_LENGTH,
        "key secret: %s bytes (expected: at least 32)",
        secret.length);
    return new TokenKey(id, secret.clone());
  }

  /**
   * Returns the identifier.
   *
   * @return 0 to {@value #MAX_ID}
   */
  public int id() {
    return id;
  }

  byte[] secret() {
    return secret;
  }

  /**
   * Returns the identifier only, never the secret.
   *
   * @return e.g. {@code TokenKey{id=3}}
   */
  @Override
  public String toString() {
    return "TokenKey{id=" + id + "}";
  }
}
