package io.github.netboot6.examples.responder;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.allocation.AddressPool;
import io.github.netboot6.allocation.Allocator;
import io.github.netboot6.bootconfig.ipxe.IpxeUrl;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.identity.HostInventory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpFrontendTest {
  @TempDir Path files;

  /** UEFI HTTP boot asks HEAD for the boot file's size before GET, and stops without it. */
  @Test
  void head_ofABootFile_carriesItsContentLength_andGetItsBytes() throws Exception {
    byte[] image = new byte[12_345];
    image[7] = 42;
    Files.write(files.resolve("ipxe.efi"), image);
    List<String> log = new ArrayList<>();
    Ipv6Address loopback = Ipv6Address.parse("::1");
    try (Allocator allocator =
            Allocator.builder(AddressPool.of(Ipv6Prefix.parse("2001:db8:1::/64"))).build();
        HttpFrontend http =
            HttpFrontend.start(
                new InetSocketAddress(InetAddress.getByName("::1"), 0),
                IpxeUrl.http(loopback),
                HostInventory.create(),
                allocator,
                null,
                files,
                line -> {
                  synchronized (log) {
                    log.add(line);
                  }
                })) {
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://[::1]:" + http.port() + "/files/ipxe.efi");

      HttpResponse<byte[]> head =
          client.send(
              HttpRequest.newBuilder(uri)
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .build(),
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
    }
    assertThat(log)
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("path=/files/ipxe.efi", "status=200"));
  }
}
