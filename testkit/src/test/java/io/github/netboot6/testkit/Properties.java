package io.github.netboot6.testkit;

import java.util.SplittableRandom;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * Runs property tests with QuickTheories, seeded and sized from system properties so that every run
 * is reproducible: {@code -Dnetboot6.seed=N} (printed by QuickTheories as "Seed was N" when a
 * property fails) and {@code -Dnetboot6.examples=N} (at least 10,000 by default).
 */
final class Properties {
  static final long SEED = Long.getLong("netboot6.seed", 20261127L);
  static final int EXAMPLES = Integer.getInteger("netboot6.examples", 10_000);

  private Properties() {}

  /** A QuickTheory with the project's seed and example count, and no shrinking cycles wasted. */
  static QuickTheory qt() {
    return QuickTheory.qt().withFixedSeed(SEED).withExamples(EXAMPLES).withShrinkCycles(100);
  }

  /** Adapts a framework-neutral testkit generator to QuickTheories. */
  static <T> Gen<T> gen(Generator<T> generator) {
    return in -> generator.next(new SplittableRandom(in.next(Constraint.none())));
  }
}
