package io.github.netboot6.allocation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link BlockTable} against two {@link HashMap}s, with good and with colliding host hashes. */
class BlockTableTest {

  /** A host key whose hash collides with many others when {@code buckets} is small. */
  record Key(int id, int buckets) {
    @Override
    public int hashCode() {
      return id % buckets;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.id == id;
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, Integer.MAX_VALUE})
  void randomPutsAndRemoves_agreeWithHashMaps(int buckets) {
    SplittableRandom random = new SplittableRandom(buckets);
    BlockTable<Key> table = new BlockTable<>();
    Map<Long, Key> byBlock = new HashMap<>();
    Map<Key, Long> byKey = new HashMap<>();
    // colliding hashes make long probe runs: fewer keys there, to keep the test quick
    boolean colliding = buckets < 100;
    int operations = colliding ? 20_000 : 200_000;
    int keys = colliding ? 500 : 20_000;
    for (int n = 0; n < operations; n++) {
      Key key = new Key(random.nextInt(keys), buckets);
      // blocks from a small range (collisions in the block table too) or anywhere
      long block =
          random.nextBoolean() ? random.nextInt(keys * 2) : random.nextLong(Long.MAX_VALUE);
      if (random.nextInt(3) > 0) {
        if (!byKey.containsKey(key) && !byBlock.containsKey(block)) {
          table.put(block, key);
          byBlock.put(block, key);
          byKey.put(key, block);
        }
      } else if (byKey.containsKey(key)) {
        long held = byKey.remove(key);
        assertThat(table.remove(held)).isEqualTo(key);
        byBlock.remove(held);
      } else {
        assertThat(table.remove(block)).isEqualTo(byBlock.get(block));
        Key removed = byBlock.remove(block);
        if (removed != null) {
          byKey.remove(removed);
        }
      }
      assertThat(table.size()).isEqualTo(byBlock.size());
      assertThat(table.hostOf(block)).isEqualTo(byBlock.get(block));
      assertThat(table.blockOf(key)).isEqualTo(byKey.getOrDefault(key, -1L));
    }
    for (Map.Entry<Long, Key> e : byBlock.entrySet()) {
      assertThat(table.hostOf(e.getKey())).isEqualTo(e.getValue());
      assertThat(table.blockOf(new Key(e.getValue().id(), buckets))).isEqualTo(e.getKey());
    }
  }

  @Test
  void put_presentBlockOrHost_isRefused_andNothingChanges() {
    BlockTable<String> table = new BlockTable<>();
    table.put(5, "a");

    assertThatThrownBy(() -> table.put(5, "b")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> table.put(6, "a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> table.put(-1, "c")).isInstanceOf(IllegalArgumentException.class);
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.hostOf(5)).isEqualTo("a");
    assertThat(table.blockOf("a")).isEqualTo(5);
    assertThat(table.hostOf(6)).isNull();
    assertThat(table.blockOf("b")).isEqualTo(-1);
  }

  @Test
  void memory_aMillionEntries_atMost31BytesEach() {
    BlockTable<Integer> table = new BlockTable<>();
    for (int i = 0; i < 1_000_000; i++) {
      table.put(i * 8L, i);
      long perEntry = table.retainedBytesEstimate() / table.size();
      if (i > 100) {
        assertThat(perEntry).as("after %d entries", i + 1).isLessThanOrEqualTo(31);
      }
    }
  }
}
