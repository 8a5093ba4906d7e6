package io.github.netboot6.bootconfig.ipxe;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.annotations.Immutable;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MalformedValueException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A URL for an iPXE script: scheme, host (an IPv6 literal, always bracketed, or a DNS name), port,
 * path and query, where every untrusted part is percent-encoded (RFC 3986 §2.1) and query values
 * may be typed {@linkplain IpxeSetting setting references} that iPXE expands when it runs the
 * script.
 *
 * <pre>{@code
 * IpxeUrl.http(Ipv6Address.parse("2001:db8::1"))
 *     .withPath("hosts", "web 01", "script.ipxe")
 *     .withQuery("mac", IpxeSetting.NET0_MAC_HEXHYP)
 *     .withQuery("token", "a/b+c")
 * // http://[2001:db8::1]/hosts/web%2001/script.ipxe?mac=${net0/mac:hexhyp}&token=a%2Fb%2Bc
 * }</pre>
 *
 * <p>Path segments and literal query values may hold any text with a UTF-8 encoding: everything but
 * the RFC 3986 unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) is encoded, so the rendered URL
 * holds no character that iPXE reads as a separator or an expansion. Path segments {@code .} and
 * {@code ..}, text with unpaired surrogates, and query names other than {@code [A-Za-z0-9._-]+} are
 * rejected with a {@link MalformedValueException} naming the field, the character and its index.
 * Instances are immutable; the {@code withX} methods return new ones.
 */
@Immutable
public final class IpxeUrl {

  /** The URL schemes iPXE fetches scripts and images with. */
  public enum Scheme {
    /** {@code http}, default port 80. */
    HTTP("http", 80),
    /** {@code https}, default port 443. */
    HTTPS("https", 443),
    /** {@code tftp}, default port 69 (the only scheme UEFI PXE over IPv6 accepts). */
    TFTP("tftp", 69);

    private final String text;
    private final int defaultPort;

    Scheme(String text, int defaultPort) {
      this.text = text;
      this.defaultPort = defaultPort;
    }

    /**
     * Returns the scheme as written in a URL.
     *
     * @return e.g. {@code "http"}
     */
    public String text() {
      return text;
    }

    /**
     * Returns the port used when a URL names none.
     *
     * @return e.g. 80
     */
    public int defaultPort() {
      return defaultPort;
    }
  }

  private final Scheme scheme;
  private final String host;
  private final int port;
  private final ImmutableList<String> path;
  private final ImmutableList<String> query;

  private IpxeUrl(
      Scheme scheme,
      String host,
      int port,
      ImmutableList<String> path,
      ImmutableList<String> query) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.path = path;
    this.query = query;
  }

  /**
   * Returns {@code scheme://[address]/}.
   *
   * @param scheme the scheme
   * @param address the server's IPv6 address, written bracketed (RFC 3986 §3.2.2)
   * @return the URL, with an empty path
   */
  public static IpxeUrl of(Scheme scheme, Ipv6Address address) {
    return new IpxeUrl(
        requireNonNull(scheme, "scheme"),
        "[" + address + "]",
        -1,
        ImmutableList.of(),
        ImmutableList.of());
  }

  /**
   * Returns {@code scheme://hostName/}.
   *
   * @param scheme the scheme
   * @param hostName a DNS name: labels of letters, digits and {@code '-'}, separated by {@code '.'}
   * @return the URL, with an empty path
   * @throws MalformedValueException if {@code hostName} is not such a name
   */
  public static IpxeUrl of(Scheme scheme, String hostName) {
    return new IpxeUrl(
        requireNonNull(scheme, "scheme"),
        checkHostName(hostName),
        -1,
        ImmutableList.of(),
        ImmutableList.of());
  }

  /**
   * Returns {@code http://[address]/}.
   *
   * @param address the server's IPv6 address
   * @return the URL
   */
  public static IpxeUrl http(Ipv6Address address) {
    return of(Scheme.HTTP, address);
  }

  /**
   * Returns a copy with a port; the default port of the scheme is not written.
   *
   * @param port 1 to 65535
   * @return the URL with that port
   * @throws IllegalArgumentException if {@code port} is out of range
   */
  public IpxeUrl withPort(int port) {
    checkArgument(port > 0 && port <= 0xffff, "port: %s (expected: 1..65535)", port);
    return new IpxeUrl(scheme, host, port == scheme.defaultPort ? -1 : port, path, query);
  }

  /**
   * Returns a copy with path segments appended, each percent-encoded.
   *
   * @param segments the segments, e.g. {@code "boot", "vmlinuz"}
   * @return the URL with the longer path
   * @throws MalformedValueException if a segment is empty, {@code .} or {@code ..}, or holds an
   *     unpaired surrogate
   */
  public IpxeUrl withPath(String... segments) {
    ImmutableList.Builder<String> b = ImmutableList.<String>builder().addAll(path);
    for (String segment : segments) {
      requireNonNull(segment, "URL path segment");
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw MalformedValueException.ofText(
            "URL path segment",
            segment,
            MalformedValueException.NO_INDEX,
            "empty, \".\" and \"..\" are not allowed");
      }
      b.add(encode("URL path segment", segment));
    }
    return new IpxeUrl(scheme, host, port, b.build(), query);
  }

  /**
   * Returns a copy with a query parameter appended whose value is percent-encoded text.
   *
   * @param name the parameter name, {@code [A-Za-z0-9._-]+}
   * @param value any text with a UTF-8 encoding (it may be empty)
   * @return the URL with the parameter
   * @throws MalformedValueException if {@code name} is not allowed or {@code value} holds an
   *     unpaired surrogate; the field named is {@code "URL query value of <name>"}
   */
  public IpxeUrl withQuery(String name, String value) {
    checkQueryName(name);
    return withQueryPair(name + "=" + encode("URL query value of " + name, value));
  }

  /**
   * Returns a copy with a query parameter appended whose value iPXE fills in, e.g. {@code
   * mac=${net0/mac:hexhyp}}.
   *
   * <p>Choose a type whose text needs no encoding in a URL ({@code hexhyp}, {@code hexraw}, {@code
   * uuid}) or {@link IpxeSettingType#URISTRING}, which iPXE percent-encodes.
   *
   * @param name the parameter name, {@code [A-Za-z0-9._-]+}
   * @param value the setting
   * @return the URL with the parameter
   * @throws MalformedValueException if {@code name} is not allowed
   */
  public IpxeUrl withQuery(String name, IpxeSetting value) {
    checkQueryName(name);
    return withQueryPair(name + "=" + value.render());
  }

  private IpxeUrl withQueryPair(String pair) {
    return new IpxeUrl(
        scheme, host, port, path, ImmutableList.<String>builder().addAll(query).add(pair).build());
  }

  /**
   * Returns the scheme.
   *
   * @return the scheme
   */
  public Scheme scheme() {
    return scheme;
  }

  /**
   * Returns the URL as written in a script.
   *
   * @return e.g. {@code http://[2001:db8::1]:8080/a/b?x=1}
   */
  public String render() {
    StringBuilder sb = new StringBuilder(64).append(scheme.text).append("://").append(host);
    if (port != -1) {
      sb.append(':').append(port);
    }
    if (path.isEmpty()) {
      sb.append('/');
    }
    for (String segment : path) {
      sb.append('/').append(segment);
    }
    for (int i = 0; i < query.size(); i++) {
      sb.append(i == 0 ? '?' : '&').append(query.get(i));
    }
    return sb.toString();
  }

  /**
   * Returns the same text as {@link #render()}.
   *
   * @return the URL text
   */
  @Override
  public String toString() {
    return render();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof IpxeUrl other && render().equals(other.render());
  }

  @Override
  public int hashCode() {
    return render().hashCode();
  }

  /**
   * Percent-encodes {@code text} as UTF-8, leaving only RFC 3986 unreserved characters as they are.
   *
   * @throws MalformedValueException if {@code text} holds an unpaired surrogate
   */
  static String encode(String field, String text) {
    requireNonNull(text, field);
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isUnreserved(c)) {
        sb.append(c);
        continue;
      }
      int end = i + 1;
      if (Character.isHighSurrogate(c)
          && end < text.length()
          && Character.isLowSurrogate(text.charAt(end))) {
        end++;
      } else if (Character.isSurrogate(c)) {
        throw MalformedValueException.ofText(
            field,
            text,
            i,
            "character " + MalformedValueException.describe(c) + " is an unpaired surrogate");
      }
      for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
      i = end - 1;
    }
    return sb.toString();
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static void checkQueryName(String name) {
    requireNonNull(name, "URL query name");
    if (name.isEmpty()) {
      throw MalformedValueException.ofText(
          "URL query name", name, MalformedValueException.NO_INDEX, "empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(isUnreserved(c) && c != '~')) {
        throw MalformedValueException.ofText(
            "URL query name",
            name,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed (expected: A-Z, a-z, 0-9, '.', '_', '-')");
      }
    }
  }

  private static String checkHostName(String name) {
    requireNonNull(name, "host name");
    if (name.isEmpty() || name.length() > 253) {
      throw MalformedValueException.ofText(
          "host name",
          name,
          MalformedValueException.NO_INDEX,
          "length " + name.length() + " (expected: 1..253)");
    }
    int labelStart = 0;
    for (int i = 0; i <= name.length(); i++) {
      char c = i == name.length() ? '.' : name.charAt(i);
      if (c == '.') {
        int len = i - labelStart;
        if (len == 0 || len > 63 || name.charAt(i - 1) == '-' || name.charAt(labelStart) == '-') {
          throw MalformedValueException.ofText(
              "host name",
              name,
              Math.min(i, name.length() - 1),
              "label of " + len + " characters (expected: 1..63, not starting or ending with '-')");
        }
        labelStart = i + 1;
      } else if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-')) {
        throw MalformedValueException.ofText(
            "host name",
            name,
            i,
            "character "
                + MalformedValueException.describe(c)
                + " is not allowed (expected: A-Z, a-z, 0-9, '-', '.')");
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }
}
