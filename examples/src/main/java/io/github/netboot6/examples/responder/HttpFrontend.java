package io.github.netboot6.examples.responder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.netboot6.allocation.AddressLookup;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.allocation.HostKey;
import io.github.netboot6.bootconfig.ipxe.IpxeScript;
import io.github.netboot6.bootconfig.ipxe.IpxeScripts;
import io.github.netboot6.bootconfig.ipxe.IpxeUrl;
import io.github.netboot6.bootconfig.policy.BootPolicy;
import io.github.netboot6.bootconfig.token.ProvisioningToken;
import io.github.netboot6.bootconfig.token.ProvisioningTokens;
import io.github.netboot6.bootconfig.token.TokenException;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.HostInventory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The responder's HTTP side (JDK HTTP server): {@code /bootstrap.ipxe} for every iPXE, {@code
 * /host.ipxe} for the per-host script, and {@code /files/...} for boot files from a directory.
 *
 * <p>Each request is tied to a host, in this order: by Anaconda's {@code
 * X-RHN-Provisioning-MAC-<n>} headers (a Kickstart fetched with {@code inst.ks.sendmac}), by the
 * {@code mac} or {@code uuid} query parameters iPXE's bootstrap script sends, or by the request's
 * IPv6 source address through the allocator (any address of a host's block). With tokens on, the
 * bootstrap script carries a token for the host its source address belongs to, and the per-host
 * script is served only with a valid token for the host it is asked for (403 otherwise).
 *
 * <p>Per-host scripts come from a {@link HostScripts}; a host without one gets 404, and a host
 * whose settings cannot be written safely gets 500, with a log line that names the host and the
 * field, never a script.
 */
public final class HttpFrontend implements AutoCloseable {
  /** Where iPXE's bootstrap script sends it. */
  public static final String HOST_SCRIPT = "host.ipxe";

  /** The path prefix of boot files. */
  public static final String FILES = "files";

  private static final Splitter WORDS =
      Splitter.on(CharMatcher.whitespace()).omitEmptyStrings().trimResults();

  private static final Duration TOKEN_VALIDITY = Duration.ofHours(1);

  private final HttpServer server;
  private final ExecutorService executor;
  private final HostInventory inventory;
  private final Allocator allocator;
  private final @Nullable ProvisioningTokens tokens;
  private final HostScripts scripts;
  private final @Nullable Path files;
  private final IpxeUrl base;
  private final Consumer<String> log;

  /**
   * Starts serving.
   *
   * @param bind the address and port to listen on
   * @param base the URL clients reach this server at (scripts link to it)
   * @param inventory the hosts
   * @param allocator the hosts' blocks, for tying a source address to a host
   * @param tokens the provisioning tokens, or {@code null} for none
   * @param scripts writes each host's per-host script
   * @param files the directory of boot files, or {@code null} for none
   * @param log where the one-line log of each request goes
   * @return the running front end
   * @throws IOException if the port cannot be bound
   */
  public static HttpFrontend start(
      InetSocketAddress bind,
      IpxeUrl base,
      HostInventory inventory,
      Allocator allocator,
      @Nullable ProvisioningTokens tokens,
      HostScripts scripts,
      @Nullable Path files,
      Consumer<String> log)
      throws IOException {
    return new HttpFrontend(bind, base, inventory, allocator, tokens, scripts, files, log);
  }

  private HttpFrontend(
      InetSocketAddress bind,
      IpxeUrl base,
      HostInventory inventory,
      Allocator allocator,
      @Nullable ProvisioningTokens tokens,
      HostScripts scripts,
      @Nullable Path files,
      Consumer<String> log)
      throws IOException {
    this.inventory = requireNonNull(inventory, "inventory");
    this.allocator = requireNonNull(allocator, "allocator");
    this.tokens = tokens;
    this.scripts = requireNonNull(scripts, "scripts");
    this.files = files == null ? null : files.toAbsolutePath().normalize();
    this.base = requireNonNull(base, "base");
    this.log = requireNonNull(log, "log");
    this.server = HttpServer.create(bind, 64);
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "netboot6-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** What a request is tied to. */
  private record Tie(@Nullable Host host, String by) {}

  private void handle(HttpExchange exchange) throws IOException {
    StringBuilder line = new StringBuilder(160);
    String path = exchange.getRequestURI().getRawPath();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    line.append("http method=").append(exchange.getRequestMethod());
    line.append(" path=").append(printable(path));
    Ipv6Address source = sourceOf(exchange);
    line.append(" from=").append(source == null ? "-" : source.toString());
    Tie tie = tie(exchange, query, source);
    line.append(" host=").append(tie.host() == null ? "-" : requireNonNull(tie.host()).name());
    line.append(" by=").append(tie.by());
    int status;
    try {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        status = send(exchange, 405, "only GET and HEAD\n");
      } else if (path.equals("/" + BootPolicy.BOOTSTRAP_SCRIPT)) {
        status = bootstrap(exchange, tie);
      } else if (path.equals("/" + HOST_SCRIPT)) {
        status = hostScript(exchange, tie, query, line);
      } else if (path.startsWith("/" + FILES + "/")) {
        status = file(exchange, path.substring(FILES.length() + 2));
      } else {
        status = send(exchange, 404, "not found\n");
      }
    } catch (RuntimeException e) {
      line.append(" error=\"").append(printable(String.valueOf(e.getMessage()))).append('"');
      status = send(exchange, 500, "internal error\n");
    }
    line.append(" status=").append(status);
    log.accept(line.toString());
  }

  private int bootstrap(HttpExchange exchange, Tie tie) throws IOException {
    Host host = tie.host();
    String token = null;
    if (tokens != null && host != null) {
      token = tokens.issue(host.name(), null, TOKEN_VALIDITY);
    }
    IpxeScript script = IpxeScripts.bootstrap(base.withPath(HOST_SCRIPT), token);
    return send(exchange, 200, script.text());
  }

  private int hostScript(
      HttpExchange exchange, Tie tie, Map<String, String> query, StringBuilder line)
      throws IOException {
    Host host = tie.host();
    if (host == null) {
      line.append(" refused=unknown-host");
      return send(exchange, 404, "no host for this request\n");
    }
    if (tokens != null) {
      String token = query.get("token");
      if (token == null) {
        line.append(" refused=no-token");
        return send(exchange, 403, "a provisioning token is required\n");
      }
      try {
        ProvisioningToken verified = tokens.verify(token, host.name(), macParameter(query));
        line.append(" token=valid token-expires=").append(verified.expiresAt());
      } catch (TokenException e) {
        line.append(" refused=token-").append(e.reason().name().toLowerCase(Locale.ROOT));
        return send(exchange, 403, "provisioning token refused: " + e.reason() + "\n");
      }
    }
    Optional<IpxeScript> script;
    try {
      script = scripts.script(host);
    } catch (IllegalArgumentException e) {
      line.append(" error=\"").append(printable(String.valueOf(e.getMessage()))).append('"');
      return send(exchange, 500, "the host's script cannot be written\n");
    }
    if (script.isEmpty()) {
      line.append(" refused=no-script");
      return send(exchange, 404, "no per-host script for this host\n");
    }
    return send(exchange, 200, script.get().text());
  }

  private int file(HttpExchange exchange, String rawRelative) throws IOException {
    Path root = files;
    if (root == null) {
      return send(exchange, 404, "no boot files here\n");
    }
    String relative = URLDecoder.decode(rawRelative, UTF_8);
    Path file = root.resolve(relative).normalize();
    if (!file.startsWith(root) || relative.contains("\0") || !Files.isRegularFile(file)) {
      return send(exchange, 404, "not found\n");
    }
    long size = Files.size(file);
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    if ("HEAD".equals(exchange.getRequestMethod())) {
      // The JDK server writes no Content-Length for HEAD; UEFI HTTP boot sends HEAD to learn the
      // boot file's size first and gives up without it (RFC 9110 §9.3.2: same fields as GET).
      exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
      return 200;
    }
    exchange.sendResponseHeaders(200, size);
    try (InputStream in = Files.newInputStream(file);
        OutputStream out = exchange.getResponseBody()) {
      in.transferTo(out);
    }
    return 200;
  }

  private Tie tie(HttpExchange exchange, Map<String, String> query, @Nullable Ipv6Address source) {
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      if (header.getKey().toLowerCase(Locale.ROOT).startsWith("x-rhn-provisioning-mac-")) {
        for (String value : header.getValue()) {
          // Anaconda: "X-RHN-Provisioning-MAC-0: eth0 52:54:00:12:34:56"
          List<String> parts = WORDS.splitToList(value);
          MacAddress mac =
              parts.isEmpty() ? null : MacAddress.tryParse(parts.get(parts.size() - 1));
          Host host = mac == null ? null : single(inventory.hostsWithMac(mac));
          if (host != null) {
            return new Tie(host, "x-rhn-provisioning-mac");
          }
        }
      }
    }
    MacAddress mac = macParameter(query);
    if (mac != null) {
      Host host = single(inventory.hostsWithMac(mac));
      if (host != null) {
        return new Tie(host, "mac-parameter");
      }
    }
    if (source != null) {
      AddressLookup lookup = allocator.lookup(source);
      Optional<String> name = lookup.host().flatMap(HttpFrontend::hostName);
      if (name.isPresent()) {
        Optional<Host> host = inventory.host(name.get());
        if (host.isPresent()) {
          return new Tie(host.get(), "source-address");
        }
      }
    }
    return new Tie(null, "-");
  }

  /** The host name of a key made by {@link HostKey#ofName}. */
  static Optional<String> hostName(HostKey key) {
    if (key.kind() != HostKey.Kind.NAME) {
      return Optional.empty();
    }
    byte[] bytes = key.toBytes();
    return Optional.of(new String(bytes, 1, bytes.length - 1, UTF_8));
  }

  private static @Nullable MacAddress macParameter(Map<String, String> query) {
    String text = query.get("mac");
    return text == null ? null : MacAddress.tryParse(text);
  }

  private static @Nullable Host single(List<Host> hosts) {
    return hosts.size() == 1 ? hosts.get(0) : null;
  }

  private static @Nullable Ipv6Address sourceOf(HttpExchange exchange) {
    InetAddress address = exchange.getRemoteAddress().getAddress();
    if (address instanceof Inet6Address v6) {
      return Ipv6Address.fromBytes(v6.getAddress());
    }
    return null;
  }

  private static Map<String, String> query(@Nullable String raw) {
    Map<String, String> map = new LinkedHashMap<>();
    if (raw == null) {
      return map;
    }
    for (String pair : Splitter.on('&').split(raw)) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
      map.putIfAbsent(key, value);
    }
    return map;
  }

  private static int send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
    } else {
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
    return status;
  }

  /** Keeps a logged value on one line and printable. */
  private static String printable(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), 200));
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
    }
    return sb.toString();
  }
}
