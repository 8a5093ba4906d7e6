package io.github.netboot6.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.ClientFacts;
import io.github.netboot6.core.identity.EvidenceRole;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.HostInventory;
import io.github.netboot6.core.identity.IdentityResolver;
import io.github.netboot6.core.identity.Resolution;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Writers keep replacing hosts with a new version whose MAC, UUID and deployed DUID all change
 * together; readers resolve requests carrying all three identifiers of some version. In every
 * published snapshot the three either all name the host or none does, so a resolve must find three
 * agreeing pieces of evidence or none: one or two would be a half-updated host.
 */
class HostInventoryConcurrencyTest {
  private static final int HOSTS = 200;
  private static final int UPDATES_PER_WRITER = 400;

  static long mac(int k, int v) {
    return 0x0200_0000_0000L | ((long) k << 20) | v; // locally administered, unicast
  }

  static UUID uuid(int k, int v) {
    return new UUID(k + 1L, v + 1L);
  }

  static Duid duid(int k, int v) {
    return Duid.en(0xab11, new byte[] {(byte) (k >> 8), (byte) k, (byte) (v >> 8), (byte) v});
  }

  static Host host(int k, int v) {
    return Host.builder("c-" + k)
        .addMacAddress(MacAddress.fromLong(mac(k, v)))
        .smbiosUuid(uuid(k, v))
        .deployedDuid(duid(k, v))
        .attribute("version", Integer.toString(v))
        .build();
  }

  @Test
  void concurrentUpdatesAndResolves_neverObserveHalfUpdatedHost() throws Exception {
    List<Host> initial = new ArrayList<>();
    for (int k = 0; k < HOSTS; k++) {
      initial.add(host(k, 0));
    }
    HostInventory inventory = HostInventory.of(initial);
    IdentityResolver resolver = IdentityResolver.builder(inventory).build();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong matched = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);

    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int writer = w;
      writers.add(
          new Thread(
              () -> {
                await(start);
                SplittableRandom random = new SplittableRandom(writer);
                for (int i = 1; i <= UPDATES_PER_WRITER; i++) {
                  int version = i * 2 + writer;
                  int first = random.nextInt(HOSTS);
                  int second = random.nextInt(HOSTS);
                  inventory.update(
                      edit -> edit.put(host(first, version)).put(host(second, version)));
                }
              }));
    }
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int reader = r;
      readers.add(
          new Thread(
              () -> {
                await(start);
                SplittableRandom random = new SplittableRandom(100 + reader);
                ClientFacts facts = new ClientFacts();
                Resolution resolution = new Resolution();
                while (writing.get()) {
                  int k = random.nextInt(HOSTS);
                  Host seen = inventory.host("c-" + k).orElseThrow();
                  int v = Integer.parseInt(seen.attributes().get("version"));
                  facts
                      .clear()
                      .clientDuid(duid(k, v))
                      .relay(0, Ipv6Address.parse("2001:db8::1"), Ipv6Address.parse("fe80::1"))
                      .relayLinkLayerAddress(0, mac(k, v));
                  // Second identifier through the UUID: a separate request with the same version.
                  check(resolver.resolve(facts, resolution), k, v, 2, failures, matched);
                  facts.clear().clientDuid(Duid.uuid(uuid(k, v))).neighbourCacheMac(mac(k, v));
                  check(resolver.resolve(facts, resolution), k, v, 2, failures, matched);
                }
              }));
    }
    writers.forEach(Thread::start);
    readers.forEach(Thread::start);
    start.countDown();
    for (Thread t : writers) {
      t.join();
    }
    writing.set(false);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(failures).isEmpty();
    assertThat(matched.get()).isPositive();
    assertThat(inventory.size()).isEqualTo(HOSTS);
  }

  private static void check(
      Resolution r,
      int k,
      int v,
      int identifiers,
      ConcurrentLinkedQueue<String> failures,
      AtomicLong matched) {
    int trusted = r.count(EvidenceRole.DECIDING) + r.count(EvidenceRole.AGREEING);
    boolean consistent =
        r.outcome() != Resolution.Outcome.CONFLICT
            && (trusted == 0 || trusted == identifiers)
            && (r.host() == null
                || (r.host().name().equals("c-" + k)
                    && r.host().attributes().get("version").equals(Integer.toString(v))
                    && r.host().hasMacAddress(mac(k, v))
                    && r.host().smbiosUuid().orElseThrow().equals(uuid(k, v))));
    if (!consistent) {
      failures.add("c-" + k + " version " + v + ": " + r);
    } else if (r.host() != null) {
      matched.incrementAndGet();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
