package io.github.netboot6.testkit;

import io.github.netboot6.core.ClientArchitecture;
import java.util.List;

/**
 * Generators of {@link ClientArchitecture} values and codes (DHCPv4 option 93, DHCPv6 option 61;
 * RFC 4578 §2.1, RFC 5970 §3.3).
 *
 * <p>Example:
 *
 * <pre>{@code
 * RandomGenerator random = new SplittableRandom(42);
 * ClientArchitecture arch = ArchitectureGenerators.architectures().next(random);
 * }</pre>
 */
public final class ArchitectureGenerators {

  /** The lowest code above every registered one: the registry is contiguous from 0. */
  private static final int FIRST_UNASSIGNED =
      ClientArchitecture.registered().get(ClientArchitecture.registered().size() - 1).code() + 1;

  private static final List<Integer> UNASSIGNED_BOUNDARIES =
      List.of(
          FIRST_UNASSIGNED,
          FIRST_UNASSIGNED + 1,
          0x7F,
          0x80,
          0xFF,
          0x100,
          0x7FFF,
          0x8000,
          0xFFFE,
          ClientArchitecture.MAX_CODE);

  private static final List<Integer> INVALID_BOUNDARIES =
      List.of(-1, ClientArchitecture.MAX_CODE + 1, Integer.MIN_VALUE, Integer.MAX_VALUE, -0x10000);

  private ArchitectureGenerators() {}

  /**
   * Returns a generator of architectures: half registered constants, half unregistered codes (often
   * boundaries such as the first unassigned code, 0xFF, 0x100, 0x8000 and 0xFFFF).
   *
   * @return the generator
   */
  public static Generator<ClientArchitecture> architectures() {
    return Generator.mix(List.of(registered(), unregistered()));
  }

  /**
   * Returns a generator of the registered architectures, uniformly.
   *
   * @return the generator
   */
  public static Generator<ClientArchitecture> registered() {
    return Generator.oneOf(ClientArchitecture.registered());
  }

  /**
   * Returns a generator of architectures whose codes are not registered: boundaries half of the
   * time, otherwise uniform over the unassigned 16-bit codes.
   *
   * @return the generator; every value has {@link ClientArchitecture#isRegistered()} {@code false}
   */
  public static Generator<ClientArchitecture> unregistered() {
    Generator<Integer> boundaries = Generator.oneOf(UNASSIGNED_BOUNDARIES);
    Generator<Integer> uniform =
        random -> random.nextInt(FIRST_UNASSIGNED, ClientArchitecture.MAX_CODE + 1);
    return Generator.mix(List.of(boundaries, uniform))
        .map(ClientArchitecture::valueOf)
        .filter(arch -> !arch.isRegistered());
  }

  /**
   * Returns a generator of 16-bit codes, 0 to {@value ClientArchitecture#MAX_CODE}: registered
   * codes, unassigned boundaries and uniform codes, about a third each.
   *
   * @return the generator
   */
  public static Generator<Integer> codes() {
    return Generator.mix(
        List.of(
            registered().map(ClientArchitecture::code),
            Generator.oneOf(UNASSIGNED_BOUNDARIES),
            random -> random.nextInt(ClientArchitecture.MAX_CODE + 1)));
  }

  /**
   * Returns a generator of {@code int} values that are not 16-bit codes, for which {@link
   * ClientArchitecture#valueOf(int)} must throw: boundaries (-1, 65536, the {@code int} extremes)
   * half of the time, otherwise uniform over the invalid values.
   *
   * @return the generator
   */
  public static Generator<Integer> invalidCodes() {
    Generator<Integer> uniform =
        random -> {
          int value = random.nextInt();
          return value >= 0 && value <= ClientArchitecture.MAX_CODE ? value - 0x10000 : value;
        };
    return Generator.mix(List.of(Generator.oneOf(INVALID_BOUNDARIES), uniform));
  }
}
