package io.github.netboot6.bootconfig.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.netboot6.bootconfig.token.TokenException.Reason;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.testkit.HostileStrings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ProvisioningTokensTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");
  static final TokenKey KEY1 = TokenKey.of(1, secret(1));
  static final TokenKey KEY2 = TokenKey.of(2, secret(2));

  static byte[] secret(int fill) {
    byte[] s = new byte[32];
    Arrays.fill(s, (byte) fill);
    return s;
  }

  static ProvisioningTokens tokens(Instant now, TokenKey signing, TokenKey... others) {
    ProvisioningTokens.Builder b =
        ProvisioningTokens.builder(Clock.fixed(now, ZoneOffset.UTC)).signingKey(signing);
    for (TokenKey k : others) {
      b.addVerificationKey(k);
    }
    return b.build();
  }

  static Reason refusal(
      ProvisioningTokens verifier, String token, String host, @Nullable MacAddress mac) {
    TokenException e =
        catchThrowableOfType(TokenException.class, () -> verifier.verify(token, host, mac));
    assertThat(e).as("token %s should be refused", token).isNotNull();
    return e.reason();
  }

  @Test
  void issueThenVerify_returnsTheClaims() throws TokenException {
    ProvisioningTokens t = tokens(NOW, KEY1);
    String token = t.issue("node-17", MAC, Duration.ofHours(1));

    ProvisioningToken claims = t.verify(token, "node-17", MAC);

    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(claims.hostName()).isEqualTo("node-17");
    assertThat(claims.macAddress()).contains(MAC);
    assertThat(claims.expiresAt()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
    assertThat(claims.keyId()).isEqualTo(1);
  }

  @Test
  void tokenWithoutMac_verifiesForAnyRequestMac() throws TokenException {
    ProvisioningTokens t = tokens(NOW, KEY1);
    String token = t.issue("node-17", null, Duration.ofMinutes(5));

    assertThat(t.verify(token, "node-17", null).macAddress()).isEmpty();
    assertThat(t.verify(token, "node-17", MAC).hostName()).isEqualTo("node-17");
  }

  @Test
  void expiry_isExclusiveToTheSecond() throws TokenException {
    String token = tokens(NOW, KEY1).issue("h", null, Duration.ofSeconds(60));
    Instant expiry = NOW.plusSeconds(60);

    assertThat(tokens(expiry.minusNanos(1), KEY1).verify(token, "h", null).expiresAt())
        .isEqualTo(expiry);
    assertThat(refusal(tokens(expiry, KEY1), token, "h", null)).isEqualTo(Reason.EXPIRED);
    assertThat(refusal(tokens(expiry.plusSeconds(3600), KEY1), token, "h", null))
        .isEqualTo(Reason.EXPIRED);
  }

  @Test
  void expiry_roundsDownToAWholeSecond() throws TokenException {
    String token = tokens(NOW, KEY1).issue("h", null, Duration.ofMillis(1500));

    assertThat(tokens(NOW, KEY1).verify(token, "h", null).expiresAt())
        .isEqualTo(NOW.plusSeconds(1));
  }

  @Test
  void wrongHostOrMac_isRefused() {
    ProvisioningTokens t = tokens(NOW, KEY1);
    String token = t.issue("node-17", MAC, Duration.ofHours(1));

    assertThat(refusal(t, token, "node-18", MAC)).isEqualTo(Reason.WRONG_HOST);
    assertThat(refusal(t, token, "NODE-17", MAC)).isEqualTo(Reason.WRONG_HOST);
    assertThat(refusal(t, token, "node-17", MacAddress.parse("52:54:00:12:34:57")))
        .isEqualTo(Reason.WRONG_MAC);
    assertThat(refusal(t, token, "node-17", null)).isEqualTo(Reason.WRONG_MAC);
  }

  @Test
  void keyRotation_oldKeyVerifiesUntilRetired_wrongKeyIsForged() throws TokenException {
    String old = tokens(NOW, KEY1).issue("h", null, Duration.ofHours(1));
    ProvisioningTokens rotating = tokens(NOW, KEY2, KEY1);
    String fresh = rotating.issue("h", null, Duration.ofHours(1));

    assertThat(rotating.verify(old, "h", null).keyId()).isEqualTo(1);
    assertThat(rotating.verify(fresh, "h", null).keyId()).isEqualTo(2);
    assertThat(refusal(tokens(NOW, KEY2), old, "h", null)).isEqualTo(Reason.UNKNOWN_KEY);
    assertThat(refusal(tokens(NOW, TokenKey.of(1, secret(9))), old, "h", null))
        .isEqualTo(Reason.FORGED);
  }

  @Test
  void tamperingWithAnyCharacter_isRefused() {
    ProvisioningTokens t = tokens(NOW, KEY1, KEY2);
    String token = t.issue("node-17", MAC, Duration.ofHours(1));
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int refused = 0;
    for (int i = 0; i < token.length(); i++) {
      for (char c : alphabet.toCharArray()) {
        if (c == token.charAt(i)) {
          continue;
        }
        String tampered = token.substring(0, i) + c + token.substring(i + 1);
        assertThat(refusal(t, tampered, "node-17", MAC)).isNotNull();
        refused++;
      }
    }
    assertThat(refused).isEqualTo(token.length() * 63);
  }

  @Test
  void tamperingWithAnyDecodedBit_isRefused() {
    ProvisioningTokens t = tokens(NOW, KEY1, KEY2);
    byte[] bytes = java.util.Base64.getUrlDecoder().decode(t.issue("h", MAC, Duration.ofHours(1)));
    for (int i = 0; i < bytes.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] copy = bytes.clone();
        copy[i] ^= (byte) (1 << bit);
        String tampered = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(copy);
        assertThat(refusal(t, tampered, "h", MAC))
            .as("byte %s bit %s", i, bit)
            .isIn(Reason.MALFORMED, Reason.UNKNOWN_KEY, Reason.FORGED);
      }
    }
  }

  @Test
  void truncatedOrExtendedTokens_areRefused() {
    ProvisioningTokens t = tokens(NOW, KEY1);
    String token = t.issue("h", null, Duration.ofHours(1));

    for (int len = 0; len < token.length(); len++) {
      assertThat(refusal(t, token.substring(0, len), "h", null))
          .isIn(Reason.MALFORMED, Reason.FORGED);
    }
    assertThat(refusal(t, token + "A", "h", null)).isIn(Reason.MALFORMED, Reason.FORGED);
    assertThat(refusal(t, token + "=", "h", null)).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void hostileTokenStrings_areRefusedWithoutOtherExceptions() {
    ProvisioningTokens t = tokens(NOW, KEY1);
    SplittableRandom random = new SplittableRandom(20261203L);
    for (int i = 0; i < 10_000; i++) {
      String hostile = HostileStrings.any().next(random);
      assertThat(refusal(t, hostile, "h", null))
          .isIn(Reason.MALFORMED, Reason.UNKNOWN_KEY, Reason.FORGED);
    }
  }

  @Test
  void malformedMessages_sayWhatIsWrongWithoutEchoingTheToken() {
    ProvisioningTokens t = tokens(NOW, KEY1);

    assertThatThrownBy(() -> t.verify("abc${x}", "h", null))
        .isInstanceOf(TokenException.class)
        .hasMessage(
            "MALFORMED: character at index 3 is not base64url (expected: A-Z, a-z, 0-9, '-', '_')");
    assertThatThrownBy(() -> t.verify("A".repeat(513), "h", null))
        .hasMessageContaining("length 513");
    assertThatThrownBy(() -> t.verify("", "h", null)).hasMessageContaining("MALFORMED");
  }

  @Test
  void hostileHostNames_areSignedAndBoundExactly() throws TokenException {
    ProvisioningTokens t = tokens(NOW, KEY1);
    SplittableRandom random = new SplittableRandom(20261204L);
    for (int i = 0; i < 2_000; i++) {
      String host = HostileStrings.any().next(random);
      String token;
      try {
        token = t.issue(host, null, Duration.ofHours(1));
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).startsWith("host name");
        continue;
      }
      assertThat(token).matches("[A-Za-z0-9_-]+");
      assertThat(t.verify(token, host, null).hostName()).isEqualTo(host);
    }
  }

  @Test
  void keysAndBuilder_checkTheirArguments() {
    assertThatThrownBy(() -> TokenKey.of(1, new byte[31])).hasMessageContaining("31 bytes");
    assertThatThrownBy(() -> TokenKey.of(256, secret(1))).hasMessageContaining("key id: 256");
    assertThat(KEY1.toString()).isEqualTo("TokenKey{id=1}");
    assertThatThrownBy(() -> ProvisioningTokens.builder(Clock.systemUTC()).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                ProvisioningTokens.builder(Clock.systemUTC())
                    .signingKey(KEY1)
                    .addVerificationKey(TokenKey.of(1, secret(7))))
        .hasMessageContaining("key id 1: added twice");
    assertThatThrownBy(() -> tokens(NOW, KEY1).issue("h", null, Duration.ZERO))
        .hasMessageContaining("validity");
    assertThatThrownBy(() -> tokens(NOW, KEY1).issue("", null, Duration.ofHours(1)))
        .hasMessageContaining("host name: 0 bytes");
  }
}
