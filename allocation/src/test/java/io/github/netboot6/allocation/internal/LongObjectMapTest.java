package io.github.netboot6.allocation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LongObjectMapTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void randomOperations_agreeWithHashMap(int seed) {
    SplittableRandom random = new SplittableRandom(seed);
    LongObjectMap<String> map = new LongObjectMap<>();
    Map<Long, String> model = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      long key = random.nextLong(seed == 3 ? 1L << 40 : 5000);
      switch (random.nextInt(3)) {
        case 0 -> {
          map.put(key, "v" + i);
          model.put(key, "v" + i);
        }
        case 1 -> assertThat(map.remove(key)).isEqualTo(model.remove(key));
        default -> assertThat(map.get(key)).isEqualTo(model.get(key));
      }
      assertThat(map.size()).isEqualTo(model.size());
    }
    model.forEach((k, v) -> assertThat(map.get(k)).isEqualTo(v));
  }
}
