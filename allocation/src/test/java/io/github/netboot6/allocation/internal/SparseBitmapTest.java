package io.github.netboot6.allocation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparseBitmapTest {

  /** Random sets and clears, clustered so that words and nodes fill up, against a TreeSet. */
  @ParameterizedTest
  @ValueSource(longs = {0, 63, 64, 4095, 5000, 1L << 20, (1L << 61) - 1, Long.MAX_VALUE})
  void randomOperations_agreeWithTreeSet(long limit) {
    SplittableRandom random = new SplittableRandom(limit);
    SparseBitmap bitmap = new SparseBitmap(limit);
    TreeSet<Long> model = new TreeSet<>();
    long span = Math.min(limit, 9000);
    long base = limit - span;
    for (int i = 0; i < 60_000; i++) {
      long index = base + random.nextLong(span + 1);
      if (random.nextInt(3) > 0) {
        assertThat(bitmap.set(index)).isEqualTo(model.add(index));
      } else {
        assertThat(bitmap.clear(index)).isEqualTo(model.remove(index));
      }
      long from = base + random.nextLong(span + 1);
      Long set = model.ceiling(from);
      assertThat(bitmap.nextSet(from)).as("nextSet(%s)", from).isEqualTo(set == null ? -1 : set);
      long clear = from;
      while (clear <= limit && clear >= 0 && model.contains(clear)) {
        clear++;
      }
      assertThat(bitmap.nextClear(from))
          .as("nextClear(%s)", from)
          .isEqualTo(clear > limit || clear < 0 ? -1 : clear);
      assertThat(bitmap.cardinality()).isEqualTo(model.size());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void longObjectMap_agreesWithHashMap(int seed) {
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
