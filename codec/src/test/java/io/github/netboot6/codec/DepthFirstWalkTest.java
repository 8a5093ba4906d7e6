package io.github.netboot6.codec;

import static io.github.netboot6.codec.Fixtures.SOLICIT;
import static io.github.netboot6.codec.Fixtures.bytes;
import static io.github.netboot6.codec.Fixtures.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.netboot6.testkit.Dhcpv6Generators;
import io.github.netboot6.testkit.Generator;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link OptionIterator#nextDepthFirst()}: one iterator walks a message's whole tree of options in
 * the order, with the depths, statuses and offsets that an iterator per nesting level gives.
 */
class DepthFirstWalkTest {
  private static final long SEED = Long.getLong("netboot6.seed", 20261127L);
  private static final int EXAMPLES = Integer.getInteger("netboot6.examples", 10_000);

  private final MessageReader reader = new MessageReader();
  private final OptionIterator options = new OptionIterator();

  @Test
  void nextDepthFirst_solicit_nestedOptionsComeRightAfterTheirContainer() {
    reader.wrap(SOLICIT, 0, SOLICIT.length).options(options);

    assertThat(walk())
        .containsExactly(
            "0:1@4+14",
            "0:3@22+40",
            "1:5@38+24",
            "0:6@66+6",
            "0:8@76+2",
            "0:16@82+38",
            "0:61@124+2");
    assertThat(options.status()).isEqualTo(DecodeStatus.OK);
    assertThat(options.depth()).isZero();
    assertThat(options.nextDepthFirst()).isFalse();
  }

  @Test
  void nextDepthFirst_typedReadsAtEachLevel() {
    reader.wrap(SOLICIT, 0, SOLICIT.length).options(options);
    assertThat(options.nextDepthFirst()).isTrue(); // client-id
    assertThat(options.nextDepthFirst()).isTrue();
    assertThat(options.code()).isEqualTo(3);
    assertThat(options.uint32At(4)).isEqualTo(3600); // the IA_NA's T1

    assertThat(options.nextDepthFirst()).isTrue();

    assertThat(options.code()).isEqualTo(5);
    assertThat(options.addressLow(0)).isEqualTo(8L); // 2001:db8::8
    assertThat(options.uint32At(20)).isEqualTo(10800);
    assertThat(options.nextDepthFirst()).isTrue();
    assertThat(options.code()).isEqualTo(6);
    assertThat(options.uint16At(2)).isEqualTo(59);
  }

  @Test
  void nextDepthFirst_vendorOptions_subOptionsWalkedButNeverEntered() {
    byte[] run =
        bytes(
            "00 11 00 0a", // Vendor-specific Information, 10 bytes
            "00 00 01 57", // enterprise-number 343
            "00 03 00 02 ab cd", // the vendor's sub-option 3: not an IA_NA, so not entered
            "00 03 00 0c", // a real IA_NA after it, entered
            "00 00 00 01 00 00 00 00 00 00 00 00");
    options.wrap(run, 0, run.length);

    assertThat(options.nextDepthFirst()).isTrue();
    assertThat(options.isVendorSpace()).isFalse();
    assertThat(options.nextDepthFirst()).isTrue();
    assertThat(options.depth()).isEqualTo(1);
    assertThat(options.code()).isEqualTo(3);
    assertThat(options.isVendorSpace()).isTrue();
    assertThat(options.option()).isSameAs(OptionCode.UNREGISTERED);
    assertThat(options.nextDepthFirst()).isTrue();
    assertThat(options.depth()).isZero();
    assertThat(options.isVendorSpace()).isFalse();
    assertThat(options.option()).isSameAs(OptionCode.IA_NA);
    assertThat(options.nextDepthFirst()).isFalse();
    assertThat(options.status()).isEqualTo(DecodeStatus.OK);
  }

  @Test
  void nextDepthFirst_containerShorterThanItsHeader_endsWithBadLength() {
    byte[] run =
        bytes(
            "00 08 00 02 00 00", // Elapsed Time
            "00 03 00 04 00 00 00 01", // 6: an IA_NA of 4 bytes, shorter than its 12-byte header
            "00 08 00 02 00 00"); // never reached
    options.wrap(run, 0, run.length);

    assertThat(walk()).containsExactly("0:8@0+2", "0:3@6+4");

    assertThat(options.status()).isEqualTo(DecodeStatus.BAD_LENGTH_FOR_FORMAT);
    assertThat(options.errorOffset()).isEqualTo(6);
    assertThat(options.toException().getMessage())
        .contains("option 3 (IA_NA) length 4 does not fit its format (expected: >= 12)");
    assertThat(options.nextDepthFirst()).isFalse();
  }

  @Test
  void nextDepthFirst_nineLevels_endsWithNestingTooDeep() {
    byte[] run = nestedRsoo(OptionIterator.MAX_OPTION_DEPTH + 1);
    options.wrap(run, 0, run.length);

    assertThat(walk()).hasSize(OptionIterator.MAX_OPTION_DEPTH + 1);

    assertThat(options.status()).isEqualTo(DecodeStatus.OPTION_NESTING_TOO_DEEP);
    assertThat(options.errorOffset()).isEqualTo(32); // the container at depth 8
  }

  @Test
  void nextDepthFirst_eightLevels_accepted() {
    byte[] run = nestedRsoo(OptionIterator.MAX_OPTION_DEPTH);
    options.wrap(run, 0, run.length);

    List<String> seen = walk();

    assertThat(seen).hasSize(OptionIterator.MAX_OPTION_DEPTH).last().isEqualTo("7:66@28+0");
    assertThat(options.status()).isEqualTo(DecodeStatus.OK);
  }

  @ParameterizedTest
  @EnumSource(DecodeProfile.class)
  void nextDepthFirst_truncatedNestedLevel_strictEndsLenientGoesOnInTheParent(
      DecodeProfile profile) {
    byte[] run =
        bytes(
            "00 03 00 0e", // IA_NA, 14 bytes: the 12-byte header and 2 bytes of nothing
            "00 00 00 01 00 00 00 00 00 00 00 00",
            "ff ff", // 16: too short for an option header
            "00 08 00 02 00 00"); // 18: Elapsed Time, after the IA_NA
    options.profile(profile).wrap(run, 0, run.length);

    List<String> seen = walk();

    if (profile == DecodeProfile.STRICT) {
      assertThat(seen).containsExactly("0:3@0+14");
      assertThat(options.status()).isEqualTo(DecodeStatus.TRUNCATED_OPTION_HEADER);
      assertThat(options.errorOffset()).isEqualTo(16);
    } else {
      assertThat(seen).containsExactly("0:3@0+14", "0:8@18+2");
      assertThat(options.status()).isEqualTo(DecodeStatus.OK);
      assertThat(options.ignoredOffset()).isEqualTo(16);
    }
  }

  @ParameterizedTest
  @EnumSource(DecodeProfile.class)
  void nextDepthFirst_hostileBytes_sameWalkAsAnIteratorPerLevel(DecodeProfile profile) {
    compareOver(Dhcpv6Generators.hostileMessages(), profile, true);
  }

  @Test
  void nextDepthFirst_validRelayedMessages_sameWalkAsAnIteratorPerLevel() {
    compareOver(Dhcpv6Generators.relayedMessages(), DecodeProfile.STRICT, false);
  }

  private void compareOver(
      Generator<byte[]> messages, DecodeProfile profile, boolean expectProblems) {
    SplittableRandom random = new SplittableRandom(SEED);
    Walker perLevel = new Walker();
    Walker depthFirst = new Walker(true);
    int problems = 0;
    for (int i = 0; i < EXAMPLES; i++) {
      byte[] message = messages.next(random);
      try {
        String expected = perLevel.trace(reader.profile(profile).wrap(message, 0, message.length));
        String actual = depthFirst.trace(reader.profile(profile).wrap(message, 0, message.length));
        assertThat(actual).isEqualTo(expected);
        assertThat(depthFirst.status).isEqualTo(perLevel.status);
        assertThat(depthFirst.errorOffset).isEqualTo(perLevel.errorOffset);
        if (perLevel.status != DecodeStatus.OK) {
          problems++;
          assertThat(depthFirst.errorMessage).isEqualTo(perLevel.errorMessage);
        }
      } catch (AssertionError | RuntimeException e) {
        fail("seed " + SEED + ", example " + i + ": " + HexFormat.of().formatHex(message), e);
      }
    }
    // The comparison walked options, and, over hostile input, problems too.
    assertThat(perLevel.options).isPositive();
    assertThat(depthFirst.options).isEqualTo(perLevel.options);
    if (expectProblems) {
      assertThat(problems).isPositive();
    } else {
      assertThat(problems).isZero();
    }
  }

  private List<String> walk() {
    List<String> seen = new ArrayList<>();
    while (options.nextDepthFirst()) {
      seen.add(
          options.depth()
              + ":"
              + options.code()
              + "@"
              + options.optionOffset()
              + "+"
              + options.length());
    }
    return seen;
  }

  // RSOO (66) containers nested that many levels, each the only option of its parent, the
  // innermost empty: the container at depth d starts at 4 * d.
  private static byte[] nestedRsoo(int levels) {
    byte[] inner = new byte[0];
    for (int i = 0; i < levels; i++) {
      inner = concat(bytes("00 42", String.format("%04x", inner.length)), inner);
    }
    return inner;
  }
}
