package io.github.netboot6.bootconfig.token;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.netboot6.bootconfig.token.TokenException.Reason;
import io.github.netboot6.core.MacAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Issues and verifies provisioning tokens: HMAC-SHA256 signed (RFC 2104, FIPS 180-4), expiring,
 * bound to a host name and optionally a MAC address, and written in base64url without padding (RFC
 * 4648 §5), so that a token is one URL query value and one iPXE word with nothing to encode.
 *
 * <pre>{@code
 * ProvisioningTokens tokens = ProvisioningTokens.builder(Clock.systemUTC())
 *     .signingKey(TokenKey.of(2, newSecret))
 *     .addVerificationKey(TokenKey.of(1, oldSecret))   // still accepted during the rotation
 *     .build();
 * String token = tokens.issue("node-17", MacAddress.parse("52:54:00:12:34:56"), Duration.ofHours(1));
 * ProvisioningToken t = tokens.verify(token, "node-17", requestMac); // throws TokenException
 * }</pre>
 *
 * <p>Key rotation: one key signs; every key added, the signing key included, verifies. A token
 * names its key by identifier, so retiring a key (building without it) refuses its tokens as {@link
 * Reason#UNKNOWN_KEY}.
 *
 * <p>Verification checks, in order: the shape ({@link Reason#MALFORMED}), the key ({@link
 * Reason#UNKNOWN_KEY}), the signature, compared in constant time with {@link MessageDigest#isEqual}
 * ({@link Reason#FORGED}), the expiry ({@link Reason#EXPIRED}: a token is valid while the clock is
 * before its expiry), the host ({@link Reason#WRONG_HOST}) and the MAC address ({@link
 * Reason#WRONG_MAC}). Nothing from the token is trusted before the signature matches.
 *
 * <p>Format (version 1), before base64url: version (1 byte, 1), key identifier (1), expiry in
 * seconds since the epoch (8, big-endian), flags (1; bit 0: a MAC address follows), MAC address (6,
 * if flagged), host name length (1) and host name (UTF-8, 1 to 255 bytes), then the 32-byte
 * HMAC-SHA256 of everything before it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ProvisioningTokens {

  /** The format version written into tokens: {@value}. */
  public static final int VERSION = 1;

  /** The longest token string accepted: {@value} characters. */
  public static final int MAX_TOKEN_LENGTH = 512;

  private static final String ALGORITHM = "HmacSHA256";
  private static final int TAG_LENGTH = 32;
  private static final int MIN_LENGTH = 1 + 1 + 8 + 1 + 1 + 1 + TAG_LENGTH;
  private static final int FLAG_MAC = 1;

  private final Clock clock;
  private final TokenKey signingKey;
  private final Map<Integer, TokenKey> verificationKeys;

  private ProvisioningTokens(Builder b) {
    this.clock = b.clock;
    this.signingKey = requireNonNull(b.signingKey);
    this.verificationKeys = Map.copyOf(b.verificationKeys);
  }

  /**
   * Returns a builder.
   *
   * @param clock the clock for issuing and for expiry (inject a fixed one in tests)
   * @return the builder
   */
  public static Builder builder(Clock clock) {
    return new Builder(requireNonNull(clock, "clock"));
  }

  /**
   * Issues a token with the signing key.
   *
   * @param hostName the host the token is for, 1 to 255 bytes of UTF-8
   * @param mac the MAC address to bind, or {@code null} for none
   * @param validity how long from now the token is valid; the expiry is rounded down to a whole
   *     second
   * @return the token: {@code A-Z a-z 0-9 - _} only
   * @throws IllegalArgumentException if {@code hostName} is empty, too long or not well-formed
   *     UTF-16, or {@code validity} is not positive
   */
  public String issue(String hostName, @Nullable MacAddress mac, Duration validity) {
    byte[] host = hostBytes(hostName);
    checkArgument(
        !validity.isNegative() && !validity.isZero(),
        "validity: %s (expected: positive)",
        validity);
    long expiry = clock.instant().plus(validity).getEpochSecond();
    ByteBuffer buf = ByteBuffer.allocate(MIN_LENGTH - 1 + 6 + host.length);
    buf.put((byte) VERSION).put((byte) signingKey.id()).putLong(expiry);
    buf.put((byte) (mac == null ? 0 : FLAG_MAC));
    if (mac != null) {
      buf.put(mac.toBytes());
    }
    buf.put((byte) host.length).put(host);
    int payloadLength = buf.position();
    buf.put(hmac(signingKey, buf.array(), payloadLength));
    byte[] token = Arrays.copyOf(buf.array(), buf.position());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /**
   * Verifies a token for a host and, if the token is bound to one, a MAC address.
   *
   * @param token the token as received, e.g. from a URL query
   * @param expectedHost the host the request is for
   * @param requestMac the MAC address the request comes from, or {@code null} if unknown; a token
   *     bound to a MAC address is refused without one
   * @return the token's claims
   * @throws TokenException if the token is malformed, signed with an unknown key, forged, expired,
   *     for another host or bound to another MAC address; see {@link TokenException#reason()}
   */
  public ProvisioningToken verify(
      String token, String expectedHost, @Nullable MacAddress requestMac) throws TokenException {
    requireNonNull(expectedHost, "expected host");
    byte[] bytes = decode(token);
    int keyId = bytes[1] & 0xff;
    TokenKey key = verificationKeys.get(keyId);
    if (key == null) {
      throw new TokenException(Reason.UNKNOWN_KEY, "key id " + keyId + " is not held");
    }
    int payloadLength = bytes.length - TAG_LENGTH;
    byte[] expected = hmac(key, bytes, payloadLength);
    byte[] actual = Arrays.copyOfRange(bytes, payloadLength, bytes.length);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new TokenException(Reason.FORGED, "signature does not match");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes, 2, payloadLength - 2);
    long expiry = buf.getLong();
    boolean hasMac = (buf.get() & FLAG_MAC) != 0;
    MacAddress mac = null;
    if (hasMac) {
      byte[] m = new byte[MacAddress.BYTES];
      buf.get(m);
      mac = MacAddress.fromBytes(m);
    }
    int hostLength = buf.get() & 0xff;
    String host = new String(bytes, buf.position(), hostLength, StandardCharsets.UTF_8);
    Instant expiresAt = Instant.ofEpochSecond(expiry);
    if (!clock.instant().isBefore(expiresAt)) {
      throw new TokenException(Reason.EXPIRED, "expired at " + expiresAt);
    }
    if (!host.equals(expectedHost)) {
      throw new TokenException(Reason.WRONG_HOST, "issued for another host");
    }
    if (mac != null && !mac.equals(requestMac)) {
      throw new TokenException(
          Reason.WRONG_MAC,
          requestMac == null ? "bound to a MAC address, request has none" : "bound to another MAC");
    }
    return new ProvisioningToken(host, mac, expiresAt, keyId);
  }

  /** Checks the shape and decodes; everything after this is at known offsets. */
  private static byte[] decode(String token) throws TokenException {
    requireNonNull(token, "token");
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new TokenException(
          Reason.MALFORMED, "length " + token.length() + " (expected: at most 512)");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (!((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_')) {
        throw new TokenException(
            Reason.MALFORMED,
            "character at index " + i + " is not base64url (expected: A-Z, a-z, 0-9, '-', '_')");
      }
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw new TokenException(Reason.MALFORMED, "not base64url");
    }
    // one text per byte string: reject unused low bits that decoding ignores
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(token)) {
      throw new TokenException(Reason.MALFORMED, "not canonical base64url");
    }
    if (bytes.length < MIN_LENGTH) {
      throw new TokenException(
          Reason.MALFORMED, bytes.length + " bytes (expected: at least " + MIN_LENGTH + ")");
    }
    if (bytes[0] != VERSION) {
      throw new TokenException(
          Reason.MALFORMED, "version " + (bytes[0] & 0xff) + " (expected: " + VERSION + ")");
    }
    int flags = bytes[10] & 0xff;
    if ((flags & ~FLAG_MAC) != 0) {
      throw new TokenException(Reason.MALFORMED, "unknown flags " + flags);
    }
    int hostAt = 11 + ((flags & FLAG_MAC) != 0 ? MacAddress.BYTES : 0);
    int payloadLength = bytes.length - TAG_LENGTH;
    if (hostAt >= payloadLength
        || (bytes[hostAt] & 0xff) == 0
        || hostAt + 1 + (bytes[hostAt] & 0xff) != payloadLength) {
      throw new TokenException(Reason.MALFORMED, "lengths do not add up");
    }
    return bytes;
  }

  private static byte[] hmac(TokenKey key, byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key.secret(), ALGORITHM));
      mac.update(data, 0, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }

  private static byte[] hostBytes(String hostName) {
    requireNonNull(hostName, "host name");
    for (int i = 0; i < hostName.length(); i++) {
      char c = hostName.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
              ? i + 1 < hostName.length() && Character.isLowSurrogate(hostName.charAt(i + 1))
              : !Character.isLowSurrogate(c)
                  || (i > 0 && Character.isHighSurrogate(hostName.charAt(i - 1)));
      checkArgument(paired, "host name: unpaired surrogate at index %s", i);
    }
    byte[] bytes = hostName.getBytes(StandardCharsets.UTF_8);
    checkArgument(
        bytes.length >= 1 && bytes.length <= 255,
        "host name: %s bytes of UTF-8 (expected: 1..255)",
        bytes.length);
    return bytes;
  }

  /** Builds {@link ProvisioningTokens}: one signing key, any number of verification keys. */
  public static final class Builder {
    private final Clock clock;
    private @Nullable TokenKey signingKey;
    private final Map<Integer, TokenKey> verificationKeys = new HashMap<>();

    private Builder(Clock clock) {
      this.clock = clock;
    }

    /**
     * Sets the key that signs new tokens; it also verifies.
     *
     * @param key the key
     * @return this
     * @throws IllegalArgumentException if another key with its identifier was added
     */
    @CanIgnoreReturnValue
    public Builder signingKey(TokenKey key) {
      requireNonNull(key, "signing key");
      add(key);
      signingKey = key;
      return this;
    }

    /**
     * Adds a key that verifies tokens but signs none, e.g. the previous signing key during a
     * rotation.
     *
     * @param key the key
     * @return this
     * @throws IllegalArgumentException if another key with its identifier was added
     */
    @CanIgnoreReturnValue
    public Builder addVerificationKey(TokenKey key) {
      add(requireNonNull(key, "verification key"));
      return this;
    }

    private void add(TokenKey key) {
      TokenKey old = verificationKeys.putIfAbsent(key.id(), key);
      checkArgument(old == null || old == key, "key id %s: added twice", key.id());
    }

    /**
     * Builds the issuer and verifier.
     *
     * @return it
     * @throws IllegalStateException if no signing key was set
     */
    public ProvisioningTokens build() {
      checkState(signingKey != null, "no signing key (call signingKey first)");
      return new ProvisioningTokens(this);
    }
  }
}
