package io.github.netboot6.allocation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class WideBlockSetTest {
  private static final BigInteger BASE = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.TEN);

  @Test
  void randomAddsAndRemoves_agreeWithATreeSet() {
    SplittableRandom random = new SplittableRandom(5);
    WideBlockSet set = new WideBlockSet();
    TreeSet<BigInteger> model = new TreeSet<>();
    for (int step = 0; step < 20_000; step++) {
      BigInteger block = BASE.add(BigInteger.valueOf(random.nextInt(64)));
      if (random.nextBoolean()) {
        assertThat(set.add(block)).as("step %s", step).isEqualTo(model.add(block));
      } else {
        assertThat(set.remove(block)).as("step %s", step).isEqualTo(model.remove(block));
      }
      BigInteger from = BASE.add(BigInteger.valueOf(random.nextInt(70) - 3));
      BigInteger clear = from;
      while (model.contains(clear)) {
        clear = clear.add(BigInteger.ONE);
      }
      assertThat(set.nextClear(from)).as("step %s", step).isEqualTo(clear);
      assertThat(set.nextSet(from)).as("step %s", step).isEqualTo(model.ceiling(from));
      assertThat(set.contains(from)).isEqualTo(model.contains(from));
      assertThat(set.size()).isEqualTo(model.size());
    }
  }
}
