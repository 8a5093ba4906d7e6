package io.github.netboot6.allocation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.allocation.HostKey;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link BlockTable} against two {@link HashMap}s, with good and with colliding host hashes. */
class BlockTableTest {

  /** The host key of {@code id}. */
  static HostKey key(int id) {
    return HostKey.ofName("k" + id);
  }

  @Test
  void oneHashForAllKeys_eachStillFound_andAMissStillMissed() {
    BlockTable table = new BlockTable(0);
    for (int i = 0; i < 100; i++) {
      table.put(i * 1000L, key(i));
    }
    // Every key has the same hash, so every look-up walks the one probe run and compares keys.
    for (int i = 0; i < 100; i++) {
      assertThat(table.blockOf(key(i))).isEqualTo(i * 1000L);
    }
    assertThat(table.blockOf(key(100))).isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 7, -1}) // one hash, eight, or the keys' own
  void randomPutsAndRemoves_agreeWithHashMaps(int hashMask) {
    SplittableRandom random = new SplittableRandom(hashMask);
    BlockTable table = new BlockTable(hashMask);
    Map<Long, HostKey> byBlock = new HashMap<>();
    Map<HostKey, Long> byKey = new HashMap<>();
    // colliding hashes make long probe runs: fewer keys there, to keep the test quick
    boolean colliding = hashMask != -1;
    int operations = colliding ? 20_000 : 200_000;
    int keys = colliding ? 500 : 20_000;
    for (int n = 0; n < operations; n++) {
      HostKey key = key(random.nextInt(keys));
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
        HostKey removed = byBlock.remove(block);
        if (removed != null) {
          byKey.remove(removed);
        }
      }
      assertThat(table.size()).isEqualTo(byBlock.size());
      assertThat(table.hostOf(block)).isEqualTo(byBlock.get(block));
      assertThat(table.blockOf(key)).isEqualTo(byKey.getOrDefault(key, -1L));
    }
    for (Map.Entry<Long, HostKey> e : byBlock.entrySet()) {
      assertThat(table.hostOf(e.getKey())).isEqualTo(e.getValue());
      assertThat(table.blockOf(HostKey.fromBytes(e.getValue().toBytes()))).isEqualTo(e.getKey());
    }
  }

  @Test
  void put_presentBlockOrHost_isRefused_andNothingChanges() {
    BlockTable table = new BlockTable();
    table.put(5, name("a"));

    assertThatThrownBy(() -> table.put(5, name("b"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> table.put(6, name("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> table.put(-1, name("c"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.hostOf(5)).isEqualTo(name("a"));
    assertThat(table.blockOf(name("a"))).isEqualTo(5);
    assertThat(table.hostOf(6)).isNull();
    assertThat(table.blockOf(name("b"))).isEqualTo(-1);
  }

  @Test
  void memory_aMillionEntries_atMost39BytesEach() {
    BlockTable table = new BlockTable();
    for (int i = 0; i < 1_000_000; i++) {
      table.put(i * 8L, name("h" + i));
      long perEntry = table.retainedBytesEstimate() / table.size();
      if (i > 100) {
        assertThat(perEntry).as("after %d entries", i + 1).isLessThanOrEqualTo(39);
      }
    }
  }

  @Test
  void denseFill_atMost28BytesEach() {
    BlockTable table = new BlockTable();
    for (int i = 0; i < 1_000_000; i++) {
      table.put(i, name("h" + i));
      long perEntry = table.retainedBytesEstimate() / table.size();
      if (i > 1000) {
        assertThat(perEntry).as("after %d entries", i + 1).isLessThanOrEqualTo(28);
      }
    }
  }

  @Test
  void blocksFirstHashed_moveIntoTheDenseArray_andKeepTheirHosts() {
    BlockTable table = new BlockTable();
    // Blocks 1000 to 1999 start in the block table (a dense array to 1024 would be mostly empty),
    // then the dense array grows over them once it would be a quarter full.
    long baseline = table.retainedBytesEstimate();
    for (int b = 1000; b < 2000; b++) {
      table.put(b, name("h" + b));
    }
    assertThat(table.retainedBytesEstimate() - baseline)
        .as("dense array of 2048 hosts, host index at a load of 0.4 or more, no block table left")
        .isLessThanOrEqualTo(4 * 2048 + 8 * 2500);
    for (int b = 1000; b < 2000; b++) {
      assertThat(table.hostOf(b)).isEqualTo(name("h" + b));
      assertThat(table.blockOf(name("h" + b))).isEqualTo(b);
    }
    assertThat(table.hostOf(999)).isNull();
    assertThat(table.hostOf(2000)).isNull();
    for (int b = 1000; b < 2000; b += 2) {
      assertThat(table.remove(b)).isEqualTo(name("h" + b));
    }
    assertThat(table.size()).isEqualTo(500);
    for (int b = 1000; b < 2000; b++) {
      assertThat(table.blockOf(name("h" + b))).isEqualTo(b % 2 == 0 ? -1 : b);
    }
  }

  private static HostKey name(String name) {
    return HostKey.ofName(name);
  }
}
