package io.github.netboot6.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.testkit.Dhcpv6Generators;
import io.github.netboot6.testkit.Generator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property tests over generated messages: the reader never throws on wire data, always ends with a
 * status, and points inside the input when it reports a problem. Seeded and sized like the rest of
 * the project: {@code -Dnetboot6.seed=N}, {@code -Dnetboot6.examples=N} (10,000 by default).
 */
class HostileInputTest {
  private static final long SEED = Long.getLong("netboot6.seed", 20261127L);
  private static final int EXAMPLES = Integer.getInteger("netboot6.examples", 10_000);
  private static final int OFFSET = 3;

  private final MessageReader reader = new MessageReader();
  private final OptionIterator options = new OptionIterator();
  private final Walker walker = new Walker();

  @Test
  void walk_hostileBytes_neverThrowsAndErrorOffsetIsInInput() {
    SplittableRandom random = new SplittableRandom(SEED);
    Generator<byte[]> hostile = Dhcpv6Generators.hostileMessages();
    Set<DecodeStatus> seen = EnumSet.noneOf(DecodeStatus.class);

    for (int i = 0; i < EXAMPLES; i++) {
      byte[] message = hostile.next(random);
      byte[] image = new byte[OFFSET + message.length + 2];
      System.arraycopy(message, 0, image, OFFSET, message.length);
      try {
        walker.trace(reader.wrap(image, OFFSET, message.length));
        seen.add(walker.status);
        if (walker.status != DecodeStatus.OK) {
          assertInInput(walker.errorOffset, message.length);
        }
        reader.wrap(image, OFFSET, message.length);
        if (!reader.innermost(options) && reader.status() != DecodeStatus.OK) {
          assertInInput(reader.errorOffset(), message.length);
          MalformedValueException e = reader.toException();
          assertThat(e.index()).isBetween(0, Math.max(0, message.length - 1));
        }
      } catch (RuntimeException | AssertionError e) {
        fail("seed " + SEED + ", example " + i + ": " + HexFormat.of().formatHex(message), e);
      }
    }

    assertThat(seen)
        .contains(
            DecodeStatus.OK,
            DecodeStatus.TRUNCATED_HEADER,
            DecodeStatus.TRUNCATED_OPTION_HEADER,
            DecodeStatus.OPTION_OVERRUNS_CONTAINER,
            DecodeStatus.OPTION_NESTING_TOO_DEEP,
            DecodeStatus.RELAY_NESTING_TOO_DEEP);
  }

  @Test
  void walk_validRelayedMessages_okToTheInnermost() {
    SplittableRandom random = new SplittableRandom(SEED);
    Generator<byte[]> valid = Dhcpv6Generators.relayedMessages();

    for (int i = 0; i < EXAMPLES; i++) {
      byte[] message = valid.next(random);
      assertThat(walker.walk(reader.wrap(message, 0, message.length)))
          .as("example %s: %s", i, HexFormat.of().formatHex(message))
          .isEqualTo(DecodeStatus.OK);
      assertThat(reader.wrap(message, 0, message.length).innermost(options)).isTrue();
      assertThat(reader.isRelay()).isFalse();
    }
  }

  private static void assertInInput(int errorOffset, int length) {
    // Every problem is at the start of a structure inside the input; an empty input has only its
    // offset to point at.
    assertThat(errorOffset).isBetween(OFFSET, OFFSET + Math.max(0, length - 1));
  }
}
