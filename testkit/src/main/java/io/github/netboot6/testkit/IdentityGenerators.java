package io.github.netboot6.testkit;

import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.ClientFacts;
import io.github.netboot6.core.identity.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Generators of host inventories and of the facts of requests against them, for property tests of
 * the identity resolver and of code that embeds it.
 *
 * <p>Identifiers are drawn from small pools so that hosts share some of them (a cloned DUID, a
 * reused MAC address), and facts mix identifiers of the inventory with unknown, nil, all-ones,
 * all-zero and group ones, in every byte order.
 *
 * <pre>{@code
 * RandomGenerator random = new SplittableRandom(42);
 * List<Host> hosts = IdentityGenerators.hostLists(20).next(random);
 * ClientFacts facts = IdentityGenerators.facts(hosts).next(random);
 * }</pre>
 */
public final class IdentityGenerators {
  private static final int POOL = 40;

  private IdentityGenerators() {}

  /**
   * Returns a generator of host lists of 0 to {@code maxHosts} hosts with distinct names ({@code
   * host-0}, {@code host-1} ...) whose identifiers come from small pools, so that some are claimed
   * by several hosts.
   *
   * @param maxHosts the most hosts in a list
   * @return the generator
   */
  public static Generator<List<Host>> hostLists(int maxHosts) {
    return random -> {
      int count = random.nextInt(maxHosts + 1);
      List<Host> hosts = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        Host.Builder b = Host.builder("host-" + i);
        for (int m = random.nextInt(3); m > 0; m--) {
          b.addMacAddress(poolMac(random));
        }
        if (random.nextInt(4) > 0) {
          b.smbiosUuid(poolUuid(random));
        }
        if (random.nextBoolean()) {
          b.deployedDuid(poolDuid(random));
        }
        if (random.nextInt(4) == 0) {
          b.addKnownDuid(poolDuid(random));
        }
        hosts.add(b.build());
      }
      return List.copyOf(hosts);
    };
  }

  /**
   * Returns a generator of request facts: a client DUID (from the pools, a DUID-LL or DUID-LLT of a
   * pool MAC, a DUID-UUID of a pool UUID in either byte order, the nil or all-ones UUID, or a
   * random DUID), maybe option 79 and a neighbour-cache MAC (pool, zero, broadcast or random),
   * maybe an EUI-64 link-local peer address, and maybe the user class {@code iPXE}.
   *
   * @param hosts the inventory the facts are meant for (its identifiers are mostly in the pools)
   * @return the generator
   */
  public static Generator<ClientFacts> facts(List<Host> hosts) {
    return random -> {
      ClientFacts facts = new ClientFacts().messageType(1 + random.nextInt(11));
      if (random.nextInt(8) > 0) {
        facts.clientDuid(clientDuid(random));
      }
      if (random.nextBoolean()) {
        facts.relay(0, Ipv6Address.parse("2001:db8::1"), Ipv6Address.parse("fe80::1"));
        facts.relayLinkLayerAddress(0, mac(random, hosts).toLong());
      }
      if (random.nextInt(4) == 0) {
        facts.neighbourCacheMac(mac(random, hosts));
      }
      if (random.nextInt(4) == 0) {
        facts.peerAddress(0xfe80_0000_0000_0000L, mac(random, hosts).toModifiedEui64());
      }
      if (random.nextBoolean()) {
        facts.addUserClass("iPXE");
      }
      return facts;
    };
  }

  private static Duid clientDuid(RandomGenerator random) {
    return switch (random.nextInt(7)) {
      case 0 -> poolDuid(random);
      case 1 -> Duid.ll(Duid.HARDWARE_TYPE_ETHERNET, poolMac(random));
      case 2 -> Duid.llt(Duid.HARDWARE_TYPE_ETHERNET, random.nextLong(1L << 32), poolMac(random));
      case 3 -> Duid.uuid(poolUuid(random));
      case 4 -> Duid.uuidFromSmbios(poolUuid(random));
      case 5 -> Duid.uuid(random.nextBoolean() ? new UUID(0, 0) : new UUID(-1, -1));
      default -> DuidGenerators.duids().next(random);
    };
  }

  private static MacAddress mac(RandomGenerator random, List<Host> hosts) {
    return switch (random.nextInt(6)) {
      case 0 -> MacAddress.ZERO;
      case 1 -> MacAddress.BROADCAST;
      case 2 -> MacAddress.fromLong(random.nextLong(1L << 48));
      default -> {
        if (!hosts.isEmpty() && random.nextBoolean()) {
          List<MacAddress> macs = hosts.get(random.nextInt(hosts.size())).macAddresses();
          if (!macs.isEmpty()) {
            yield macs.get(random.nextInt(macs.size()));
          }
        }
        yield poolMac(random);
      }
    };
  }

  /** A locally administered unicast MAC from a pool of {@value #POOL}. */
  private static MacAddress poolMac(RandomGenerator random) {
    return MacAddress.fromLong(0x0254_0000_0000L + random.nextInt(POOL));
  }

  private static UUID poolUuid(RandomGenerator random) {
    return new UUID(0x8c3d_9a58_1b2e_4c5fL + random.nextInt(POOL), 0x9a0b_1122_3344_5566L);
  }

  private static Duid poolDuid(RandomGenerator random) {
    return Duid.en(0xab11, new byte[] {(byte) random.nextInt(POOL)});
  }
}
