package io.github.netboot6.examples.responder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.bootconfig.ipxe.IpxeScript;
import io.github.netboot6.bootconfig.ipxe.IpxeScripts;
import io.github.netboot6.bootconfig.ipxe.IpxeUrl;
import io.github.netboot6.bootconfig.ipxe.IpxeWord;
import io.github.netboot6.bootconfig.ipxe.LinuxInstaller;
import io.github.netboot6.bootconfig.token.ProvisioningTokens;
import io.github.netboot6.bootconfig.token.TokenKey;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.identity.Host;
import io.github.netboot6.core.identity.HostInventory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HttpFrontend} on the loopback address, with the JDK's HTTP client. */
class HttpFrontendTest {
  private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");

  @TempDir Path directory;

  private final List<String> log = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();
  private Allocator allocator;
  private HttpFrontend http;
  private ProvisioningTokens tokens;
  private String base;

  @BeforeEach
  void start() throws Exception {
    Path files = Files.createDirectories(directory.resolve("files"));
    Files.writeString(files.resolve("vmlinuz"), "kernel bytes", UTF_8);
    Files.writeString(directory.resolve("secret.txt"), "not for clients", UTF_8);
    HostInventory inventory =
        HostInventory.of(
            List.of(
                Host.builder("node-1")
                    .addMacAddress(MAC)
                    .attribute("kernel", "vmlinuz")
                    .attribute("initrd", "initrd.img")
                    .attribute("args", "coreos.inst.install_dev=/dev/sda")
                    .build(),
                Host.builder("evil")
                    .addMacAddress(MacAddress.parse("52:54:00:00:00:66"))
                    .attribute("kernel", "vmlinuz")
                    .attribute("initrd", "initrd.img")
                    .attribute("args", "quiet ${net0/ip} || shell")
                    .build()));
    allocator = Allocator.builder(AddressPool.of(Ipv6Prefix.parse("2001:db8:1::/64"))).build();
    tokens =
        ProvisioningTokens.builder(Clock.systemUTC())
            .signingKey(TokenKey.of(1, new byte[32]))
            .build();
    http =
        HttpFrontend.start(
            new InetSocketAddress(InetAddress.getByName("::1"), 0),
            IpxeUrl.http(Ipv6Address.parse("2001:db8:1::1")).withPort(8080),
            inventory,
            allocator,
            tokens,
            HttpFrontendTest::script,
            files,
            log::add);
    base = "http://[::1]:" + http.port();
  }

  /** Like serve's installer profiles: kernel, initrd and arguments from the host's attributes. */
  private static Optional<IpxeScript> script(Host host) {
    Map<String, String> a = host.attributes();
    if (!a.containsKey("kernel")) {
      return Optional.empty();
    }
    IpxeUrl files =
        IpxeUrl.http(Ipv6Address.parse("2001:db8:1::1")).withPort(8080).withPath("files");
    List<IpxeWord> args = new ArrayList<>();
    for (String arg : a.getOrDefault("args", "").split(" ", -1)) {
      if (!arg.isEmpty()) {
        args.add(IpxeWord.literal("attribute args of host " + host.name(), arg));
      }
    }
    return Optional.of(
        IpxeScripts.linux(
            LinuxInstaller.FEDORA_COREOS,
            files.withPath(a.get("kernel")),
            files.withPath(a.get("initrd")),
            args));
  }

  @AfterEach
  void stop() {
    http.close();
    allocator.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void perHostScriptNeedsAValidTokenForThatHost() throws Exception {
    String query = "/host.ipxe?mac=52-54-00-12-34-56";
    assertThat(get(query).statusCode()).isEqualTo(403);
    assertThat(get(query + "&token=garbage").statusCode()).isEqualTo(403);
    String otherHost = tokens.issue("evil", null, Duration.ofMinutes(5));
    assertThat(get(query + "&token=" + otherHost).statusCode()).isEqualTo(403);

    String token = tokens.issue("node-1", null, Duration.ofMinutes(5));
    HttpResponse<String> ok = get(query + "&token=" + token);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body())
        .startsWith("#!ipxe")
        .contains("http://[2001:db8:1::1]:8080/files/vmlinuz", "ip=dhcp6")
        .contains("coreos.inst.install_dev=/dev/sda");
    assertThat(awaitLog(l -> l.contains("refused=no-token"))).contains("status=403");
    assertThat(awaitLog(l -> l.contains("refused=token-"))).contains("status=403");
  }

  @Test
  void bootstrapChainsToThePerHostScriptWithIpxeSettings() throws Exception {
    HttpResponse<String> bootstrap = get("/bootstrap.ipxe");
    assertThat(bootstrap.statusCode()).isEqualTo(200);
    assertThat(bootstrap.body())
        .startsWith("#!ipxe")
        .contains("http://[2001:db8:1::1]:8080/host.ipxe?mac=${net0/mac:hexhyp}&uuid=${uuid}")
        // ::1 is in no host's block: no token to hand out.
        .doesNotContain("token=");
  }

  @Test
  void kickstartHeadersTieARequestToItsHost() throws Exception {
    get("/files/vmlinuz", "X-RHN-Provisioning-MAC-0", "eth0 52:54:00:12:34:56");
    assertThat(awaitLog(l -> l.contains("by=x-rhn-provisioning-mac")))
        .contains("host=node-1", "status=200");
  }

  /**
   * Waits for a log line: the server logs a request after it has sent the response, so the client
   * can be faster than the log.
   */
  private String awaitLog(Predicate<String> match) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    do {
      for (String line : log) {
        if (match.test(line)) {
          return line;
        }
      }
      Thread.sleep(10);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no such log line in " + log);
  }

  @Test
  void filesOutsideTheDirectoryAreNotServed() throws Exception {
    assertThat(get("/files/vmlinuz").body()).isEqualTo("kernel bytes");
    assertThat(get("/files/../secret.txt").statusCode()).isEqualTo(404);
    assertThat(get("/files/%2e%2e/secret.txt").statusCode()).isEqualTo(404);
    assertThat(get("/files/%2e%2e%2fsecret.txt").statusCode()).isEqualTo(404);
    assertThat(get("/files/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void aHostileAttributeGetsNoScriptAndTheLogNamesHostAndField() throws Exception {
    String token = tokens.issue("evil", null, Duration.ofMinutes(5));
    HttpResponse<String> response = get("/host.ipxe?mac=52-54-00-00-00-66&token=" + token);
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).doesNotContain("${");
    assertThat(awaitLog(l -> l.contains("host=evil") && l.contains("status=500"))).contains("args");
  }

  /** UEFI HTTP boot asks HEAD for the boot file's size before GET, and stops without it. */
  @Test
  void headOfABootFileCarriesItsContentLengthAndGetItsBytes() throws Exception {
    byte[] image = new byte[12_345];
    image[7] = 42;
    Files.write(directory.resolve("files").resolve("ipxe.efi"), image);
    URI uri = URI.create(base + "/files/ipxe.efi");
    HttpResponse<byte[]> head =
        client.send(
            HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> get =
        client.send(
            HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).contains("12345");
    assertThat(head.body()).isEmpty();
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().firstValue("Content-Length")).contains("12345");
    assertThat(get.body()).isEqualTo(image);
    for (String method : List.of("HEAD", "GET")) {
      assertThat(awaitLog(l -> l.contains("method=" + method) && l.contains("/files/ipxe.efi")))
          .contains("status=200");
    }
  }
}
