package io.github.netboot6.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pools wider than 2<sup>63</sup> blocks (issue 5: "any length from /48 to /124"). The expected
 * addresses are worked out by hand: in {@code 2001:db8:1::/48} of {@code /125} blocks, block {@code
 * n} starts at offset {@code 8n}, so block 2<sup>63</sup> starts at offset 2<sup>66</sup>, which is
 * {@code 2001:db8:1:4::}, block 2<sup>64</sup> at {@code 2001:db8:1:8::}, and the last block,
 * 2<sup>77</sup>-1, at {@code 2001:db8:1:ffff:ffff:ffff:ffff:fff8}.
 */
class WidePoolTest {
  private static final Ipv6Prefix P48 = Ipv6Prefix.parse("2001:db8:1::/48");
  private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger LAST_48 = BigInteger.ONE.shiftLeft(77).subtract(BigInteger.ONE);

  private static HostKey host(int i) {
    return HostKey.ofName("host-" + i);
  }

  private static Allocator allocator(AddressPool pool, AllocationStrategy strategy) {
    return Allocator.builder(pool).strategy(strategy).build();
  }

  @Test
  void slash48_counts_exact_andLongMethodsThrowNamingTheValue() {
    AddressPool pool = AddressPool.of(P48);
    assertThat(pool.isWide()).isTrue();
    assertThat(pool.lastBlockNumber()).isEqualTo(LAST_48);
    assertThat(pool.blockCount()).isEqualTo(new BigInteger("151115727451828646838272"));
    assertThat(pool.unavailableBlockCount()).isZero(); // ::0 is reserved, but block 0 skips it
    assertThatThrownBy(pool::lastBlockIndex)
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("151115727451828646838271 does not fit a long");
    assertThatThrownBy(() -> pool.offsetOf(Ipv6Address.parse("2001:db8:1:8::")))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage(
            "offset of 2001:db8:1:8:: in pool 2001:db8:1::/48 (/125 blocks): 147573952589676412928"
                + " does not fit a long (expected: at most 2^64-1, unsigned; use"
                + " offsetNumberOf(Ipv6Address))");
    assertThat(pool.offsetNumberOf(Ipv6Address.parse("2001:db8:1:8::")))
        .isEqualTo(new BigInteger("147573952589676412928"));
    assertThat(pool.offsetOf(Ipv6Address.parse("2001:db8:1:0:ffff:ffff:ffff:ffff"))).isEqualTo(-1L);
    assertThat(pool.blockNumberOf(Ipv6Address.parse("2001:db8:1:ffff:ffff:ffff:ffff:ffff")))
        .isEqualTo(LAST_48);
  }

  @Test
  void slash48_boundaryBlocks_haveTheirAddresses_andLookUpBothWays() {
    AddressPool pool = AddressPool.of(P48);
    Allocator allocator = allocator(pool, AllocationStrategy.lowestFree());
    Allocation below = allocator.allocateBlock(host(1), Long.MAX_VALUE);
    Allocation at63 = allocator.allocateBlock(host(2), TWO_63);
    Allocation below64 = allocator.allocateBlock(host(3), TWO_64.subtract(BigInteger.ONE));
    Allocation at64 = allocator.allocateBlock(host(4), TWO_64);
    Allocation last = allocator.allocateBlock(host(5), LAST_48);

    assertThat(below.block()).isEqualTo(Ipv6Prefix.parse("2001:db8:1:3:ffff:ffff:ffff:fff8/125"));
    assertThat(below.blockIndex()).isEqualTo(Long.MAX_VALUE);
    assertThat(at63.block()).isEqualTo(Ipv6Prefix.parse("2001:db8:1:4::/125"));
    assertThat(below64.block()).isEqualTo(Ipv6Prefix.parse("2001:db8:1:7:ffff:ffff:ffff:fff8/125"));
    assertThat(at64.block()).isEqualTo(Ipv6Prefix.parse("2001:db8:1:8::/125"));
    assertThat(at64.permanentAddress()).isEqualTo(Ipv6Address.parse("2001:db8:1:8::"));
    assertThat(at64.slotAddress("ipxe")).isEqualTo(Ipv6Address.parse("2001:db8:1:8::4"));
    assertThat(at64.addressFor(BootPhase.INSTALLER))
        .isEqualTo(Ipv6Address.parse("2001:db8:1:8::6"));
    assertThat(last.block()).isEqualTo(Ipv6Prefix.parse("2001:db8:1:ffff:ffff:ffff:ffff:fff8/125"));
    assertThat(last.slotAddress("unknown")).isEqualTo(pool.last());
    assertThat(at64.blockNumber()).isEqualTo(TWO_64);
    assertThatThrownBy(at64::blockIndex)
        .isInstanceOf(ArithmeticException.class)
        .hasMessage(
            "block index of name:host-4 in pool 2001:db8:1::/48 (/125 blocks): 18446744073709551616"
                + " does not fit a long (expected: at most 2^63-1; use blockNumber())");

    assertThat(allocator.lookup(host(4))).contains(at64);
    assertThat(allocator.lookup(host(5))).contains(last);
    AddressLookup lastAddress = allocator.lookup(pool.last());
    assertThat(lastAddress.status()).isEqualTo(AddressLookup.Status.SLOT);
    assertThat(lastAddress.slot()).contains("unknown");
    assertThat(lastAddress.allocation()).contains(last);
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db8:1:8::")).allocation()).contains(at64);
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db8:1:8::1")).status())
        .isEqualTo(AddressLookup.Status.UNUSED_IN_BLOCK);
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db8:1:8::8")).status())
        .isEqualTo(AddressLookup.Status.FREE);
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db8:2::")).status())
        .isEqualTo(AddressLookup.Status.OUTSIDE_POOL);
    assertThat(allocator.allocations(BigInteger.ZERO, 10))
        .extracting(Allocation::blockNumber)
        .containsExactly(
            BigInteger.valueOf(Long.MAX_VALUE),
            TWO_63,
            TWO_64.subtract(BigInteger.ONE),
            TWO_64,
            LAST_48);
    assertThat(allocator.allocations(TWO_64, 10)).containsExactly(at64, last);
    assertThat(allocator.allocations(Long.MAX_VALUE, 2)).containsExactly(below, at63);
    List<Allocation> all = new ArrayList<>();
    allocator.forEach(all::add);
    assertThat(all).containsExactly(below, at63, below64, at64, last);
    AllocationStatistics stats = allocator.statistics();
    assertThat(stats.allocatedBlocks()).isEqualTo(5);
    assertThat(stats.freeBlocks())
        .isEqualTo(LAST_48.add(BigInteger.ONE).subtract(BigInteger.valueOf(5)));

    assertThat(allocator.release(host(4))).contains(at64);
    assertThat(allocator.lookup(host(4))).isEmpty();
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db8:1:8::")).status())
        .isEqualTo(AddressLookup.Status.FREE);
    assertThat(
            allocator.allocateAddress(host(6), Ipv6Address.parse("2001:db8:1:8::")).blockNumber())
        .isEqualTo(TWO_64);
  }

  @Test
  void slash48_badBlocksAndAddresses_namedInMessages() {
    AddressPool pool = AddressPool.of(P48);
    Allocator allocator = allocator(pool, AllocationStrategy.lowestFree());
    assertThatThrownBy(() -> allocator.allocateBlock(host(1), LAST_48.add(BigInteger.ONE)))
        .isInstanceOf(UnavailableAddressException.class)
        .hasMessage(
            "block index: 151115727451828646838272 (expected: 0..151115727451828646838271 in pool"
                + " 2001:db8:1::/48 (/125 blocks))");
    assertThatThrownBy(() -> allocator.allocateBlock(host(1), BigInteger.valueOf(-1)))
        .isInstanceOf(UnavailableAddressException.class)
        .hasMessageContaining("block index: -1 (expected: 0..151115727451828646838271");
    assertThatThrownBy(
            () -> allocator.allocateAddress(host(1), Ipv6Address.parse("2001:db8:1:8::21")))
        .isInstanceOf(UnavailableAddressException.class)
        .hasMessage(
            "permanent address: 2001:db8:1:8::21 (expected: the permanent address of its block"
                + " 2001:db8:1:8::20/125, 2001:db8:1:8::20)");
    assertThatThrownBy(() -> allocator.allocateAddress(host(1), Ipv6Address.parse("2001:db8:2::")))
        .isInstanceOf(UnavailableAddressException.class)
        .hasMessage(
            "address: 2001:db8:2:: (expected: inside pool 2001:db8:1::-2001:db8:1:ffff:ffff:ffff:ffff:ffff)");
    allocator.allocateBlock(host(1), TWO_64);
    assertThatThrownBy(() -> allocator.allocateBlock(host(2), TWO_64))
        .isInstanceOf(AllocationConflictException.class)
        .hasMessage(
            "holder of block 2001:db8:1:8::/125: name:host-1 (expected: free, or name:host-2)");
    assertThatThrownBy(() -> allocator.allocateBlock(host(1), TWO_64.add(BigInteger.ONE)))
        .isInstanceOf(AllocationConflictException.class)
        .hasMessage(
            "block of name:host-1: 2001:db8:1:8::/125 (expected: none, or the requested"
                + " 2001:db8:1:8::8/125)");
    assertThat(allocator.allocateBlock(host(1), TWO_64).blockNumber()).isEqualTo(TWO_64);
    assertThatThrownBy(() -> AddressPool.of(Ipv6Prefix.parse("2001:db8::/40")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "pool prefix length: 40 in 2001:db8::/40 (expected: 48..124; split a larger prefix into"
                + " /48 pools)");
    assertThatThrownBy(
            () ->
                AddressPool.builder(
                        Ipv6Address.parse("2001:db8::"), Ipv6Address.parse("2001:db8:1::"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "pool range: 2001:db8::-2001:db8:1:: spans 1208925819614629174706177 addresses from"
                + " 2001:db8:: (expected: at most 2^80, as many as a /48)");
  }

  @Test
  void reservedRanges_honoured_lowestFreeAndSequentialPassTwoToThe64() {
    // Reserved: everything below block 2^64 + 4 (2001:db8:1:8::20), and everything from block
    // 2^64 + 7 (2001:db8:1:8::38) to the block before the last.
    AddressPool pool =
        AddressPool.builder(P48)
            .reserve(Ipv6Address.parse("2001:db8:1::"), Ipv6Address.parse("2001:db8:1:8::1f"))
            .reserve(
                Ipv6Address.parse("2001:db8:1:8::38"),
                Ipv6Address.parse("2001:db8:1:ffff:ffff:ffff:ffff:fff7"))
            .build();
    assertThat(pool.unavailableBlockCount()).isEqualTo(LAST_48.subtract(BigInteger.valueOf(3)));
    BigInteger first = TWO_64.add(BigInteger.valueOf(4));

    Allocator lowest = allocator(pool, AllocationStrategy.lowestFree());
    assertThat(lowest.allocate(host(1)).blockNumber()).isEqualTo(first);
    assertThat(lowest.allocate(host(2)).block())
        .isEqualTo(Ipv6Prefix.parse("2001:db8:1:8::28/125"));

    Allocator sequential = allocator(pool, AllocationStrategy.sequential());
    List<BigInteger> blocks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      blocks.add(sequential.allocate(host(i)).blockNumber());
    }
    assertThat(blocks)
        .containsExactly(first, first.add(BigInteger.ONE), first.add(BigInteger.TWO), LAST_48);
    assertThatThrownBy(() -> sequential.allocate(host(9)))
        .isInstanceOf(PoolExhaustedException.class)
        .hasMessageContaining("4 allocated");
    sequential.release(host(1));
    sequential.release(host(0));
    // The cursor wrapped past the last block: the lowest released block comes first.
    assertThat(sequential.allocate(host(10)).blockNumber()).isEqualTo(first);
    assertThat(sequential.allocate(host(11)).blockNumber()).isEqualTo(first.add(BigInteger.ONE));
    assertThat(sequential.lookup(Ipv6Address.parse("2001:db8:1:8::18")).status())
        .isEqualTo(AddressLookup.Status.RESERVED);
    assertThat(sequential.statistics().freeBlocks()).isZero();
  }

  @Test
  void random_drawsOverTheWholePool_reproducibly() {
    AddressPool pool = AddressPool.of(P48);
    Allocator a = allocator(pool, AllocationStrategy.random(42));
    Allocator b = allocator(pool, AllocationStrategy.random(42));
    BigInteger half = BigInteger.ONE.shiftLeft(76);
    BigInteger topEighth = LAST_48.subtract(BigInteger.ONE.shiftLeft(74));
    int upperHalf = 0;
    int top = 0;
    int belowTwo63 = 0;
    for (int i = 0; i < 400; i++) {
      BigInteger block = a.allocate(host(i)).blockNumber();
      assertThat(b.allocate(host(i)).blockNumber()).isEqualTo(block);
      assertThat(block).isLessThanOrEqualTo(LAST_48);
      upperHalf += block.compareTo(half) >= 0 ? 1 : 0;
      top += block.compareTo(topEighth) > 0 ? 1 : 0;
      belowTwo63 += block.compareTo(TWO_63) < 0 ? 1 : 0;
    }
    // Binomial(400, 1/2) and (400, 1/8): far outside these bounds only if not uniform.
    assertThat(upperHalf).isBetween(150, 250);
    assertThat(top).isBetween(20, 80);
    assertThat(belowTwo63).isLessThanOrEqualTo(2);
    assertThat(a.statistics().allocatedBlocks()).isEqualTo(400);
  }

  @Test
  void deterministic_hashesOverTheWholePool_sameBlockInAFreshPool() {
    AddressPool pool = AddressPool.of(Ipv6Prefix.parse("2001:db8:1::/56"));
    Allocator a = allocator(pool, AllocationStrategy.deterministic(7));
    Allocator b = allocator(pool, AllocationStrategy.deterministic(7));
    Allocator otherSeed = allocator(pool, AllocationStrategy.deterministic(8));
    int wide = 0;
    int differ = 0;
    for (int i = 0; i < 100; i++) {
      BigInteger block = a.allocate(host(i)).blockNumber();
      assertThat(b.allocate(host(i)).blockNumber()).isEqualTo(block);
      wide += block.compareTo(TWO_63) >= 0 ? 1 : 0;
      differ += otherSeed.allocate(host(i)).blockNumber().equals(block) ? 0 : 1;
    }
    // A /56 of /125 blocks has 2^69 blocks: 63 in 64 of them are past 2^63.
    assertThat(wide).isGreaterThan(90);
    assertThat(differ).isEqualTo(100);
  }

  @Test
  void storeThatKeepsNoWideBlocks_isRefusedForAWidePool() {
    AllocationStore longOnly =
        new AllocationStore() {
          @Override
          public void replay(ChangeSink sink) {}

          @Override
          public long append(long block, HostKey host, boolean allocated) {
            return 1;
          }

          @Override
          public void awaitDurable(long ticket) {}

          @Override
          public void close() {}
        };
    assertThatThrownBy(() -> Allocator.builder(AddressPool.of(P48)).store(longOnly).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keeps block numbers below 2^63 only")
        .hasMessageContaining("151115727451828646838271");
    // A /64 of /125 blocks numbers them below 2^61: any store will do.
    assertThat(
            Allocator.builder(AddressPool.of(Ipv6Prefix.parse("2001:db8::/64")))
                .store(longOnly)
                .build()
                .allocate(host(1))
                .blockIndex())
        .isZero();
  }

  @Test
  void rangeOfMoreThanTwoToThe64Addresses_isWide_andAllocates() {
    AddressPool pool =
        AddressPool.builder(
                Ipv6Address.parse("2001:db8:0:0:ffff:ffff:ffff:fff0"),
                Ipv6Address.parse("2001:db8:0:3::ff"))
            .build();
    assertThat(pool.isWide()).isTrue();
    assertThat(pool.lastBlockNumber()).isEqualTo(new BigInteger("4611686018427387937"));
    assertThat(pool.lastBlockIndex()).isEqualTo(4611686018427387937L);
    Allocator allocator = allocator(pool, AllocationStrategy.lowestFree());
    assertThat(allocator.allocate(host(1)).permanentAddress())
        .isEqualTo(Ipv6Address.parse("2001:db8:0:0:ffff:ffff:ffff:fff1")); // block 0: first usable
    Allocation last = allocator.allocateBlock(host(2), pool.lastBlockIndex());
    assertThat(last.block()).isEqualTo(Ipv6Prefix.parse("2001:db8:0:3::f8/125"));
    assertThat(allocator.lookup(Ipv6Address.parse("2001:db8:0:3::fc")).slot()).contains("ipxe");
  }

  @Test
  void allocations_fromPastTheLastBlock_areEmpty_evenWhenTheLastIsTwoToThe63MinusOne() {
    // Blocks of one address over 2^63 addresses: the last block index is Long.MAX_VALUE.
    AddressPool pool =
        AddressPool.builder(
                Ipv6Address.parse("2001:db8::"), Ipv6Address.parse("2001:db8::7fff:ffff:ffff:ffff"))
            .layout(BlockLayout.consecutive())
            .build();
    Allocator allocator = allocator(pool, AllocationStrategy.lowestFree());
    allocator.allocate(host(1));
    assertThat(allocator.allocations(TWO_63, 10)).isEmpty();
    assertThat(allocator.allocations(BigInteger.ZERO, 10)).hasSize(1);
    Allocator wide = allocator(AddressPool.of(P48), AllocationStrategy.lowestFree());
    wide.allocate(host(1));
    assertThat(wide.allocations(LAST_48.add(BigInteger.ONE), 10)).isEmpty();
    assertThatThrownBy(() -> wide.allocations(BigInteger.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max: 0 (expected: >= 1)");
  }

  @Test
  void layout_bigIntegerOffsets_matchTheLongOnes_andRejectNegatives() {
    BlockLayout layout = BlockLayout.defaults();
    assertThat(layout.blockStartOffset(BigInteger.valueOf(5))).isEqualTo(BigInteger.valueOf(40));
    assertThat(layout.permanentAddressOffset(BigInteger.ZERO)).isEqualTo(BigInteger.ONE);
    assertThat(layout.permanentAddressOffset(TWO_64)).isEqualTo(TWO_64.shiftLeft(3));
    assertThat(layout.slotAddressOffset(TWO_64, "ipxe"))
        .isEqualTo(TWO_64.shiftLeft(3).add(BigInteger.valueOf(4)));
    assertThat(layout.phaseAddressOffset(BigInteger.ONE, BootPhase.IPXE))
        .isEqualTo(BigInteger.valueOf(layout.phaseAddressOffset(1, BootPhase.IPXE)));
    assertThat(layout.blockIndexOf(TWO_64.shiftLeft(3).add(BigInteger.valueOf(7))))
        .isEqualTo(TWO_64);
    assertThatThrownBy(() -> layout.blockStartOffset(BigInteger.valueOf(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("block number: -1 (expected: 0..2^125-1 for blocks of 8 addresses)");
  }
}
