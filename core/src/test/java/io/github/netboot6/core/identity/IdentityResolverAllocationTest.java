package io.github.netboot6.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A resolve that matches allocates nothing once warmed up (the 0 B/op goal of issue 4). */
class IdentityResolverAllocationTest {
  private static final int HOSTS = 10_000;
  private static final int ROUNDS = 200_000;

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static HostInventory inventory() {
    List<Host> hosts = new ArrayList<>();
    for (int i = 0; i < HOSTS; i++) {
      hosts.add(
          Host.builder("host-" + i)
              .addMacAddress(MacAddress.fromLong(0x5254_0000_0000L + i))
              .smbiosUuid(new UUID(0x8c3d_9a58_1b2e_4c5fL + i, 0x9a0b_1122_3344_5566L))
              .deployedDuid(
                  Duid.en(0xab11, new byte[] {(byte) (i >> 16), (byte) (i >> 8), (byte) i}))
              .build());
    }
    return HostInventory.of(hosts);
  }

  private long bytesPerResolve(IdentityResolver resolver, ClientFacts facts, BootPhase phase) {
    Resolution r = new Resolution();
    for (int i = 0; i < ROUNDS; i++) { // warm-up: let the JIT compile the path
      resolver.resolve(facts, r);
    }
    assertThat(r.outcome()).isEqualTo(Resolution.Outcome.MATCHED);
    assertThat(r.phase()).isEqualTo(phase);
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < ROUNDS; i++) {
      resolver.resolve(facts, r);
    }
    long after = threads.getThreadAllocatedBytes(id);
    return (after - before) / ROUNDS;
  }

  @Test
  void relayedIpxeRequest_byOption79_allocatesNothing() {
    IdentityResolver resolver = IdentityResolver.builder(inventory()).learnDuids(true).build();
    ClientFacts facts =
        new ClientFacts()
            .messageType(1)
            .clientDuid(Duid.uuid(new UUID(0x8c3d_9a58_1b2e_4c5fL + 77, 0x9a0b_1122_3344_5566L)))
            .addUserClass("iPXE")
            .relay(0, Ipv6Address.parse("2001:db8:1::1"), Ipv6Address.parse("fe80::2"))
            .relayLinkLayerAddress(0, 0x5254_0000_0000L + 77);
    assertThat(bytesPerResolve(resolver, facts, BootPhase.IPXE)).isZero();
  }

  @Test
  void installedOsRequest_byDeployedDuid_allocatesNothing() {
    IdentityResolver resolver = IdentityResolver.builder(inventory()).build();
    ClientFacts facts =
        new ClientFacts().messageType(1).clientDuid(Duid.en(0xab11, new byte[] {0, 0, 77}));
    assertThat(bytesPerResolve(resolver, facts, BootPhase.INSTALLED_OS)).isZero();
  }

  @Test
  void refillingFacts_allocatesNothing() {
    IdentityResolver resolver = IdentityResolver.builder(inventory()).build();
    byte[] duid = Duid.en(0xab11, new byte[] {0, 0, 5}).toBytes();
    ClientFacts facts = new ClientFacts();
    Resolution r = new Resolution();
    Runnable request =
        () -> {
          facts.clear().messageType(3).clientDuid(duid, 0, duid.length).addUserClass("iPXE");
          facts.addVendorClass(343, "PXEClient:Arch:00007:UNDI:003016").addArchitecture(7);
          resolver.resolve(facts, r);
        };
    for (int i = 0; i < ROUNDS; i++) {
      request.run();
    }
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < ROUNDS; i++) {
      request.run();
    }
    assertThat((threads.getThreadAllocatedBytes(id) - before) / ROUNDS).isZero();
    assertThat(r.host().name()).isEqualTo("host-5");
  }
}
