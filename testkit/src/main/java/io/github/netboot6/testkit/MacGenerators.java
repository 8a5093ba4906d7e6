package io.github.netboot6.testkit;

import io.github.netboot6.core.MacAddress;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Generators of {@link MacAddress} values, of their text in every notation, and of hostile text
 * that a MAC address parser must reject cleanly.
 *
 * <pre>{@code
 * RandomGenerator random = new SplittableRandom(42);
 * MacGenerators.MacText sample = MacGenerators.macTexts().next(random);
 * assert MacAddress.parse(sample.text()).equals(sample.mac());
 * }</pre>
 */
public final class MacGenerators {

  /**
   * A MAC address and one text that denotes it.
   *
   * @param mac the address
   * @param text a text that {@link MacAddress#parse} reads as {@code mac}
   */
  public record MacText(MacAddress mac, String text) {}

  private static final long MASK = 0xffff_ffff_ffffL;

  /** OUIs seen in netboot labs: QEMU/KVM, VirtualBox, VMware, Xen, and an IEEE-assigned one. */
  private static final List<Long> OUIS =
      List.of(0x525400L, 0x080027L, 0x005056L, 0x00163eL, 0x001a2bL);

  private MacGenerators() {}

  /**
   * Returns a generator of MAC addresses biased towards the edge cases: all-zero, broadcast,
   * multicast (group bit set), locally administered, virtual-machine OUIs, and uniformly random
   * addresses.
   *
   * @return the generator
   */
  public static Generator<MacAddress> macs() {
    return random -> MacAddress.fromLong(macValue(random));
  }

  private static long macValue(RandomGenerator random) {
    long any = random.nextLong() & MASK;
    return switch (random.nextInt(8)) {
      case 0 -> 0L;
      case 1 -> MASK;
      case 2 -> any | (1L << 40); // multicast
      case 3 -> (any | (1L << 41)) & ~(1L << 40); // locally administered unicast
      case 4 -> (OUIS.get(random.nextInt(OUIS.size())) << 24) | (any & 0xff_ffffL);
      case 5 -> any & 0x0101_0101_0101L; // mostly zero digits: single-digit octets
      default -> any;
    };
  }

  /**
   * Returns a generator of MAC addresses paired with a text that denotes them, in every notation
   * {@link MacAddress#parse} accepts: colon (also with one-digit octets), hyphen, dotted and bare,
   * each with random letter case.
   *
   * @return the generator
   */
  public static Generator<MacText> macTexts() {
    return random -> {
      MacAddress mac = macs().next(random);
      return new MacText(mac, text(mac, random));
    };
  }

  private static String text(MacAddress mac, RandomGenerator random) {
    MacAddress.Notation[] notations = MacAddress.Notation.values();
    String text = mac.toString(notations[random.nextInt(notations.length)]);
    if (text.indexOf(':') >= 0 && random.nextBoolean()) {
      text = shortOctets(text, random);
    }
    return TextMutations.randomCase(text, random);
  }

  /** Drops the leading zero of some octets, as BSD tools print them ("0:1a:2b:3:4d:5e"). */
  private static String shortOctets(String colonText, RandomGenerator random) {
    StringBuilder sb = new StringBuilder();
    for (String octet : colonText.split(":", -1)) {
      if (sb.length() > 0) {
        sb.append(':');
      }
      sb.append(octet.charAt(0) == '0' && random.nextBoolean() ? octet.substring(1) : octet);
    }
    return sb.toString();
  }

  /**
   * Returns a generator of hostile text for a MAC address parser: valid text with one to three
   * edits (truncation, inserted or replaced characters among them non-ASCII digits, Turkish
   * letters, control characters and lone surrogates, mixed separators, duplicated characters,
   * surrounding whitespace, overlong input), and random junk. Most are invalid, a few are valid by
   * chance: test that a parser agrees with its own {@code isValid}, not that every one fails.
   *
   * @return the generator
   */
  public static Generator<String> hostileMacTexts() {
    return random ->
        switch (random.nextInt(6)) {
          case 0 -> TextMutations.junk(random, 40);
          case 1 -> "";
          default -> TextMutations.mutate(macTexts().next(random).text(), random);
        };
  }
}
