package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MacAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link HostKey}'s hash: the allocator's tables probe by it, so keys that differ only in their
 * last bytes, as a rack's MAC addresses do, must not share hashes.
 */
class HostKeyTest {
  private static final int KEYS = 100_000;
  // 100,000 random 32-bit hashes share a value about once (n^2 / 2^33); allow a few.
  private static final int MIN_DISTINCT = KEYS - 10;

  @Test
  void sequentialMacs_getDistinctHashes() {
    Set<Integer> hashes = new HashSet<>();
    for (int i = 0; i < KEYS; i++) {
      hashes.add(HostKey.ofMac(MacAddress.fromLong(0x5254_0000_0000L + i)).hashCode());
    }
    assertThat(hashes).hasSizeGreaterThanOrEqualTo(MIN_DISTINCT);
  }

  @Test
  void sequentialDuidLlts_getDistinctHashes() {
    // perfdhcp's clients: DUID-LLT (type 1, Ethernet, one time) over MACs 00:0c:01:00:00:00 up.
    Set<Integer> hashes = new HashSet<>();
    for (int i = 0; i < KEYS; i++) {
      Duid duid = Duid.llt(1, 0x3040_5060L, MacAddress.fromLong(0x000c_0100_0000L + i));
      hashes.add(HostKey.ofDuid(duid).hashCode());
    }
    assertThat(hashes).hasSizeGreaterThanOrEqualTo(MIN_DISTINCT);
  }

  @Test
  void namesBuiltToCollideInArraysHashCode_getDistinctHashes() {
    // "Aa" and "BB" add the same to a base-31 hash: these 65,536 names share one Arrays.hashCode.
    Set<Integer> hashes = new HashSet<>();
    for (int i = 0; i < 1 << 16; i++) {
      StringBuilder name = new StringBuilder("n");
      for (int bit = 15; bit >= 0; bit--) {
        name.append((i >>> bit & 1) == 0 ? "Aa" : "BB");
      }
      hashes.add(HostKey.ofName(name.toString()).hashCode());
    }
    assertThat(hashes).hasSizeGreaterThanOrEqualTo((1 << 16) - 10);
  }

  @Test
  void equalKeys_haveEqualHashes() {
    HostKey key = HostKey.ofMac(MacAddress.parse("52:54:00:12:34:56"));
    HostKey read = HostKey.fromBytes(key.toBytes());

    assertThat(read).isEqualTo(key).isNotSameAs(key);
    assertThat(read.hashCode()).isEqualTo(key.hashCode());
    assertThat(HostKey.ofName("node-1").hashCode())
        .isNotEqualTo(HostKey.ofName("node-2").hashCode());
  }
}
