package io.github.netboot6.allocation;

import static java.util.Objects.requireNonNull;

import io.github.netboot6.allocation.internal.LongObjectMap;
import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.Ipv6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How an {@link InstallRange} is kept in an {@link AllocationStore}, whose entries are a 64-bit key
 * and a {@link HostKey}: a held address is the key {@code offset << 3 | phase code} with its host,
 * and one entry with the reserved key {@link #MARKER_KEY} names the range and saves its next-fit
 * cursor. {@link Replay} reads a store back and checks every entry.
 *
 * <p>The phase codes are pinned here rather than taken from {@link BootPhase#ordinal()}, so that a
 * constant added to {@code BootPhase} cannot change the meaning of stored keys (the switch in
 * {@link #code} stops compiling instead); they equal the ordinals of the day the format was fixed.
 * Code 5 ({@link BootPhase#INSTALLED_OS}) and 7 are no phase of the range.
 */
final class InstallRangeEntries {
  /** How many low bits of a key hold the phase code. */
  static final int PHASE_BITS = 3;

  /**
   * The key of the marker entry: offset 2<sup>60</sup>-1 with phase code 7, which no phase has, so
   * it is the largest key and no address's.
   */
  static final long MARKER_KEY = Long.MAX_VALUE;

  private static final String MARKER_PREFIX = "netboot6 install range ";
  private static final String MARKER_NEXT = " next ";

  private InstallRangeEntries() {}

  /** The range's first address and next-fit cursor, as a marker entry holds them. */
  record Marker(Ipv6Address first, long cursor) {}

  static int code(BootPhase phase) {
    return switch (phase) {
      case FIRMWARE_PXE -> 0;
      case FIRMWARE_HTTP -> 1;
      case IPXE -> 2;
      case BOOT_LOADER -> 3;
      case INSTALLER -> 4;
      case UNKNOWN -> 6;
      case INSTALLED_OS ->
          throw new IllegalArgumentException("phase: INSTALLED_OS (expected: an install phase)");
    };
  }

  /** Returns the phase of a key's code, or null if the code is no phase of the range. */
  static @Nullable BootPhase phase(long key) {
    return switch ((int) (key & 7)) {
      case 0 -> BootPhase.FIRMWARE_PXE;
      case 1 -> BootPhase.FIRMWARE_HTTP;
      case 2 -> BootPhase.IPXE;
      case 3 -> BootPhase.BOOT_LOADER;
      case 4 -> BootPhase.INSTALLER;
      case 6 -> BootPhase.UNKNOWN;
      default -> null;
    };
  }

  static long key(long offset, BootPhase phase) {
    return offset << PHASE_BITS | code(phase);
  }

  static long offset(long key) {
    return key >>> PHASE_BITS;
  }

  /** Returns the marker's host key: the name {@code netboot6 install range <first> next <n>}. */
  static HostKey marker(Ipv6Address first, long cursor) {
    return HostKey.ofName(MARKER_PREFIX + first + MARKER_NEXT + cursor);
  }

  /** Reads a marker's host key back, or returns null if it is not one. */
  static @Nullable Marker parseMarker(HostKey host) {
    if (host.kind() != HostKey.Kind.NAME) {
      return null;
    }
    byte[] encoded = host.encodedUnsafe();
    String name = new String(encoded, 1, encoded.length - 1, StandardCharsets.UTF_8);
    int next = name.lastIndexOf(MARKER_NEXT);
    if (!name.startsWith(MARKER_PREFIX) || next < MARKER_PREFIX.length()) {
      return null;
    }
    Ipv6Address first = Ipv6Address.tryParse(name.substring(MARKER_PREFIX.length(), next));
    String cursor = name.substring(next + MARKER_NEXT.length());
    if (first == null || cursor.isEmpty() || !cursor.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    try {
      return new Marker(first, Long.parseLong(cursor));
    } catch (NumberFormatException e) {
      return null; // more digits than a long holds
    }
  }

  /** A stored entry as replayed: an allocation, or a release if {@code host} is null. */
  private record Stored(long key, @Nullable HostKey host) {
    InstallRange.@Nullable Holder holder() {
      BootPhase phase = phase(key);
      return host == null || phase == null ? null : new InstallRange.Holder(host, phase);
    }
  }

  /**
   * Rebuilds a range from its store: gathers the entries, checks that the store is the range's (its
   * markers), replays them in order, checking each, and gives the range the state at the end.
   */
  static final class Replay implements AllocationStore.ChangeSink {
    private final InstallRange range;
    private final List<Stored> entries = new ArrayList<>();

    Replay(InstallRange range) {
      this.range = range;
    }

    @Override
    public void allocated(long key, HostKey host) {
      entries.add(new Stored(key, host));
    }

    @Override
    public void released(long key) {
      entries.add(new Stored(key, null));
    }

    /** Returns whether the store held nothing, not even a marker. */
    boolean isEmpty() {
      return entries.isEmpty();
    }

    /**
     * Replays the entries, then gives the range what is held at the end and the next-fit cursor. An
     * offset past the range's end is refused only if it is still held at the end: a range built
     * smaller needs no compaction first.
     *
     * @throws AllocationStoreException naming the first entry that does not fit
     */
    void restore() {
      checkMarkers();
      LongObjectMap<Integer> heldAt = new LongObjectMap<>(); // offset -> index of its allocation
      Map<InstallRange.Holder, Long> byHolder = new HashMap<>();
      long next = 0;
      for (int i = 0; i < entries.size(); i++) {
        Stored entry = entries.get(i);
        HostKey host = entry.host();
        if (entry.key() == MARKER_KEY) {
          next = requireNonNull(parseMarker(requireNonNull(host))).cursor();
          continue;
        }
        long offset = offset(entry.key());
        BootPhase phase = phase(entry.key());
        if (phase == null) {
          throw bad(i, "phase code " + (entry.key() & 7) + " (expected: 0-4 or 6)");
        }
        if (offset >= InstallRange.MAX_SIZE) {
          throw bad(i, "offset " + offset + " (expected: < 2^60, as no install range is larger)");
        }
        Integer allocatedAt = heldAt.get(offset);
        InstallRange.Holder holder =
            allocatedAt == null ? null : requireNonNull(entries.get(allocatedAt).holder());
        if (host == null) {
          if (holder == null || holder.phase() != phase) {
            throw bad(
                i,
                "release of "
                    + describe(offset)
                    + " for "
                    + phase
                    + " (expected: an address held for that phase; holder: "
                    + (holder == null ? "none" : holder)
                    + ")");
          }
          heldAt.remove(offset);
          byHolder.remove(holder);
          continue;
        }
        Long held = byHolder.get(new InstallRange.Holder(host, phase));
        if (holder != null || held != null) {
          throw bad(
              i,
              "allocation of "
                  + describe(offset)
                  + " for "
                  + phase
                  + " (expected: a free address and a host without one for the phase; holder: "
                  + (holder == null ? "none" : holder)
                  + ", the host's address: "
                  + (held == null ? "none" : describe(held))
                  + ")");
        }
        heldAt.put(offset, i);
        byHolder.put(new InstallRange.Holder(host, phase), offset);
        next = offset + 1;
      }
      int pastEnd = -1; // the first allocation still held past the end, if any
      for (long offset : byHolder.values()) {
        if (offset >= range.size()) {
          int at = requireNonNull(heldAt.get(offset));
          pastEnd = pastEnd < 0 ? at : Math.min(pastEnd, at);
        }
      }
      if (pastEnd >= 0) {
        throw bad(
            pastEnd,
            "offset "
                + offset(entries.get(pastEnd).key())
                + ", still held (expected: < "
                + range.size()
                + ", inside "
                + range
                + "; was the range made smaller?)");
      }
      byHolder.forEach((holder, offset) -> range.apply(offset, holder));
      range.restoreCursor(next);
    }

    /** The address at {@code offset}, or the offset itself if it is past the range's end. */
    private String describe(long offset) {
      return offset < range.size() ? range.first().add(offset).toString() : "offset " + offset;
    }

    private void checkMarkers() {
      boolean marked = false;
      for (int i = 0; i < entries.size(); i++) {
        Stored entry = entries.get(i);
        if (entry.key() != MARKER_KEY) {
          continue;
        }
        HostKey host = entry.host();
        Marker marker = host == null ? null : parseMarker(host);
        if (marker == null) {
          throw bad(
              i,
              "range marker "
                  + (host == null ? "released" : host.toString())
                  + " (expected: an allocation to name:"
                  + MARKER_PREFIX
                  + "<first address>"
                  + MARKER_NEXT
                  + "<offset>)");
        }
        if (!marker.first().equals(range.first())) {
          throw bad(
              i,
              "first address "
                  + marker.first()
                  + " (expected: "
                  + range.first()
                  + "; the store belongs to another install range)");
        }
        marked = true;
      }
      if (!marked) {
        throw new AllocationStoreException(
            "install range store: "
                + entries.size()
                + " entries and no range marker (expected: a store written by an InstallRange,"
                + " not an Allocator's or another program's)");
      }
    }

    private AllocationStoreException bad(int index, String what) {
      Stored entry = entries.get(index);
      HostKey host = entry.host();
      return new AllocationStoreException(
          "install range store entry "
              + index
              + " (key "
              + entry.key()
              + ", "
              + (host == null ? "a release" : "host " + host)
              + "): "
              + what);
    }
  }
}
