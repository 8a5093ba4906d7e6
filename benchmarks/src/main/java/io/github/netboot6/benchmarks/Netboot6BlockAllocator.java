package io.github.netboot6.benchmarks;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocation;
import io.github.netboot6.allocation.AllocationStrategy;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.core.Ipv6Address;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Netboot6's {@link Allocator} (lowest free, in-memory store) as a {@link BlockAllocator}: the
 * allocator's own calls, which also take its lock and record each change in the store.
 */
final class Netboot6BlockAllocator implements BlockAllocator {
  private final Allocator allocator;
  private Ipv6Address[] addresses = new Ipv6Address[0];

  Netboot6BlockAllocator(AddressPool pool) {
    this.allocator = Allocator.builder(pool).strategy(AllocationStrategy.lowestFree()).build();
  }

  @Override
  public void allocateBlock(HostKey host, long block) {
    allocator.allocateBlock(host, block);
  }

  @Override
  public long allocate(HostKey host) {
    return allocator.allocate(host).blockIndex();
  }

  @Override
  public long release(HostKey host) {
    Optional<Allocation> released = allocator.release(host);
    return released.isPresent() ? released.get().blockIndex() : -1;
  }

  @Override
  public void prepareLookups(Ipv6Address[] addresses) {
    this.addresses = addresses.clone();
  }

  @Override
  public @Nullable HostKey holderOf(int i) {
    return allocator.lookup(addresses[i]).host().orElse(null);
  }

  @Override
  public long blockOf(HostKey host) {
    Optional<Allocation> allocation = allocator.lookup(host);
    return allocation.isPresent() ? allocation.get().blockIndex() : -1;
  }
}
