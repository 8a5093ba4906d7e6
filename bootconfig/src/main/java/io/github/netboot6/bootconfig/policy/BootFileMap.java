package io.github.netboot6.bootconfig.policy;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import com.google.errorprone.annotations.Immutable;
import io.github.netboot6.core.ClientArchitecture;
import io.github.netboot6.core.MalformedValueException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Which binary a firmware client of each architecture (DHCPv6 option 61, RFC 5970 §3.3) boots: a
 * path relative to the server's TFTP or HTTP root.
 *
 * <p>The {@linkplain #defaults() defaults} chain-load iPXE:
 *
 * <table>
 *   <caption>Default boot files</caption>
 *   <tr><th>architecture</th><th>boot file</th></tr>
 *   <tr><td>0 x86 BIOS</td><td>{@value #UNDIONLY_KPXE}</td></tr>
 *   <tr><td>7 x64 UEFI, 9 EBC (sent by some x64 firmware), 16 x64 UEFI HTTP</td>
 *       <td>{@value #IPXE_EFI}</td></tr>
 *   <tr><td>11 ARM 64-bit UEFI, 19 ARM 64-bit UEFI HTTP</td><td>{@value #IPXE_ARM64_EFI}</td></tr>
 * </table>
 *
 * <p>A site replaces entries with {@link #with}, e.g. iPXE's {@value #SNPONLY_EFI}, which uses the
 * firmware's network driver, for x64 UEFI:
 *
 * <pre>{@code
 * BootFileMap files = BootFileMap.defaults()
 *     .with(ClientArchitecture.X64_UEFI, BootFileMap.SNPONLY_EFI)
 *     .with(ClientArchitecture.X64_UEFI_HTTP, "ipxe/snponly.efi");
 * }</pre>
 *
 * <p>A path is one or more segments of {@code A-Z a-z 0-9 . _ -} separated by {@code /}; no segment
 * is {@code .} or {@code ..}, so a path never leaves the server's root and needs no encoding in a
 * URL. Instances are immutable.
 */
@Immutable
public final class BootFileMap {

  /** iPXE for x86-64 UEFI with all its drivers: {@value}. */
  public static final String IPXE_EFI = "ipxe.efi";

  /** iPXE for x86-64 UEFI using the firmware's network driver (SNP): {@value}. */
  public static final String SNPONLY_EFI = "snponly.efi";

  /** iPXE for 64-bit ARM UEFI: {@value}. */
  public static final String IPXE_ARM64_EFI = "ipxe-arm64.efi";

  /** iPXE for PC BIOS using the PXE ROM's network driver (UNDI): {@value}. */
  public static final String UNDIONLY_KPXE = "undionly.kpxe";

  /** The longest path accepted: {@value} characters. */
  public static final int MAX_PATH_LENGTH = 255;

  private static final BootFileMap EMPTY = new BootFileMap(ImmutableSortedMap.of());

  private static final BootFileMap DEFAULTS =
      EMPTY
          .with(ClientArchitecture.X86_BIOS, UNDIONLY_KPXE)
          .with(ClientArchitecture.X64_UEFI, IPXE_EFI)
          .with(ClientArchitecture.EBC, IPXE_EFI)
          .with(ClientArchitecture.ARM64_UEFI, IPXE_ARM64_EFI)
          .with(ClientArchitecture.X64_UEFI_HTTP, IPXE_EFI)
          .with(ClientArchitecture.ARM64_UEFI_HTTP, IPXE_ARM64_EFI);

  private final ImmutableSortedMap<Integer, String> files;

  private BootFileMap(ImmutableSortedMap<Integer, String> files) {
    this.files = files;
  }

  /**
   * Returns the default map (see the class notes).
   *
   * @return the defaults
   */
  public static BootFileMap defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a map with no entries.
   *
   * @return the empty map
   */
  public static BootFileMap empty() {
    return EMPTY;
  }

  /**
   * Returns a copy in which {@code architecture} boots {@code path}.
   *
   * @param architecture the client architecture
   * @param path the boot file, relative to the server's root, e.g. {@code ipxe/snponly.efi}
   * @return the changed map
   * @throws MalformedValueException if {@code path} is not a safe relative path (see the class
   *     notes)
   */
  public BootFileMap with(ClientArchitecture architecture, String path) {
    String checked = checkPath("boot file for architecture " + architecture.code(), path);
    Map<Integer, String> copy = new TreeMap<>(files);
    copy.put(architecture.code(), checked);
    return new BootFileMap(ImmutableSortedMap.copyOf(copy));
  }

  /**
   * Returns a copy without an entry for {@code architecture}: such clients get no boot file.
   *
   * @param architecture the client architecture
   * @return the changed map
   */
  public BootFileMap without(ClientArchitecture architecture) {
    Map<Integer, String> copy = new TreeMap<>(files);
    copy.remove(architecture.code());
    return new BootFileMap(ImmutableSortedMap.copyOf(copy));
  }

  /**
   * Returns the boot file of an architecture.
   *
   * @param architecture the client architecture
   * @return the path, or empty if the map has none for it
   */
  public Optional<String> bootFile(ClientArchitecture architecture) {
    return Optional.ofNullable(files.get(architecture.code()));
  }

  @Nullable String bootFile(int code) {
    return files.get(code);
  }

  /**
   * Returns the entries, by architecture code.
   *
   * @return an unmodifiable map in ascending code order
   */
  public Map<Integer, String> asMap() {
    return files;
  }

  /**
   * Tells whether {@code obj} is a map with the same entries.
   *
   * @param obj the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof BootFileMap o && files.equals(o.files);
  }

  /**
   * Returns a hash code of the entries.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return files.hashCode();
  }

  /**
   * Returns the entries, e.g. {@code {0=undionly.kpxe, 7=ipxe.efi}}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return files.toString();
  }

  /**
   * Checks a relative boot-file path.
   *
   * @param field the field named in the exception
   * @throws MalformedValueException if the path is not one or more segments of {@code
   *     [A-Za-z0-9._-]} separated by {@code /}, or a segment is {@code .} or {@code ..}
   */
  static String checkPath(String field, String path) {
    requireNonNull(path, field);
    if (path.isEmpty() || path.length() > MAX_PATH_LENGTH) {
      throw MalformedValueException.ofText(
          field,
          path,
          MalformedValueException.NO_INDEX,
          "length " + path.length() + " (expected: 1.." + MAX_PATH_LENGTH + ")");
    }
    int segmentStart = 0;
    for (int i = 0; i <= path.length(); i++) {
      char c = i == path.length() ? '/' : path.charAt(i);
      if (c == '/') {
        String segment = path.substring(segmentStart, i);
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
          throw MalformedValueException.ofText(
              field,
              path,
              Math.min(i, path.length() - 1),
              "path segment \""
                  + segment
                  + "\" is not allowed (expected: relative path without empty, \".\" or \"..\""
                  + " segments)");
        }
        segmentStart = i + 1;
      } else if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '-')) {
        throw MalformedValueException.ofText(
            field,
            path,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed (expected: A-Z, a-z, 0-9, '.', '_', '-', '/')");
      }
    }
    return path;
  }
}
