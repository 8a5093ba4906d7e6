package io.github.netboot6.bootconfig.kea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netboot6.bootconfig.RealProgram;
import io.github.netboot6.core.ClientArchitecture;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.Ipv6Prefix;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.testkit.Generator;
import io.github.netboot6.testkit.HostileStrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeaConfigTest {

  private static final long SEED = Long.getLong("netboot6.seed", 20261127L);
  private static final Ipv6Prefix SUBNET = Ipv6Prefix.parse("2001:db8::/64");

  @TempDir Path dir;

  private RealProgram.Result keaTest(String json) throws IOException {
    Path file = Files.createTempFile(dir, "kea", ".json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return RealProgram.KEA_DHCP6.run("-t", file.toString());
  }

  private static KeaConfig.Builder netboot() {
    return KeaConfig.builder(1, SUBNET)
        .pool(Ipv6Address.parse("2001:db8::1000"), Ipv6Address.parse("2001:db8::1fff"))
        .userClass("ipxe", "iPXE", "http://[2001:db8::1]/bootstrap.ipxe", List.of("a", "bc"))
        .httpBootClass("uefi-http", "http://[2001:db8::1]/ipxe.efi")
        .architectureClass("uefi-x64", ClientArchitecture.X64_UEFI, "tftp://[2001:db8::1]/x.efi")
        .reservationByDuid(
            Duid.parse("00:02:00:00:ab:11:01:02"), List.of(Ipv6Address.parse("2001:db8::8")))
        .reservationByHwAddress(
            MacAddress.parse("52:54:00:12:34:56"),
            List.of(Ipv6Address.parse("2001:db8::9"), Ipv6Address.parse("2001:db8::a")));
  }

  @Test
  void build_netbootConfig_passesKeaDhcp6Check() throws IOException {
    String json = netboot().build();

    JsonNode dhcp6 = new ObjectMapper().readTree(json).get("Dhcp6");
    assertThat(dhcp6.get("mac-sources"))
        .extracting(JsonNode::asText)
        .containsExactly("client-link-addr-option", "duid", "ipv6-link-local");
    assertThat(dhcp6.get("host-reservation-identifiers"))
        .extracting(JsonNode::asText)
        .containsExactly("duid", "hw-address");
    JsonNode ipxe = dhcp6.get("client-classes").get(0);
    assertThat(ipxe.get("name").asText()).isEqualTo("ipxe");
    // 0x0004: the item's length; 0x69505845: "iPXE"
    assertThat(ipxe.get("test").asText())
        .isEqualTo(
            "substring(option[15].hex,0,2) == 0x0004 and"
                + " substring(option[15].hex,2,4) == 0x69505845");
    assertThat(optionData(ipxe, 60)).isEqualTo("00016100026263"); // "a", "bc" with lengths
    JsonNode http = dhcp6.get("client-classes").get(1);
    // enterprise 343, length 10, "HTTPClient": the echo UEFI HTTP boot requires
    assertThat(optionData(http, 16)).isEqualTo("00000157000a48545450436c69656e74");
    assertThat(dhcp6.get("client-classes").get(2).get("test").asText())
        .isEqualTo("substring(option[61].hex,0,2) == 0x0007");
    JsonNode subnet = dhcp6.get("subnet6").get(0);
    assertThat(subnet.get("subnet").asText()).isEqualTo("2001:db8::/64");
    assertThat(subnet.get("pools").get(0).get("pool").asText())
        .isEqualTo("2001:db8::1000-2001:db8::1fff");
    JsonNode reservations = subnet.get("reservations");
    assertThat(reservations.get(0).get("duid").asText()).isEqualTo("00:02:00:00:ab:11:01:02");
    assertThat(reservations.get(0).get("ip-addresses"))
        .extracting(JsonNode::asText)
        .containsExactly("2001:db8::8");
    assertThat(reservations.get(1).get("hw-address").asText()).isEqualTo("52:54:00:12:34:56");
    assertThat(reservations.get(1).get("ip-addresses"))
        .extracting(JsonNode::asText)
        .containsExactly("2001:db8::9", "2001:db8::a");
    RealProgram.Result result = keaTest(json);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  private static String optionData(JsonNode clientClass, int code) {
    for (JsonNode option : clientClass.get("option-data")) {
      if (option.get("code").asInt() == code) {
        assertThat(option.get("csv-format").asBoolean()).isFalse();
        return option.get("data").asText();
      }
    }
    throw new AssertionError("no option " + code + " in " + clientClass);
  }

  @Test
  void keaCheck_rejectsABrokenFile_soTheCheckMeansSomething() throws IOException {
    assertThat(keaTest(netboot().build().replace("0x0007", "'")).exitCode()).isNotZero();
  }

  @Test
  void className_quote_isRejectedNamingFieldCharacterAndIndex() {
    assertThatThrownBy(() -> netboot().architectureClass("a'b", ClientArchitecture.X64_UEFI, "x"))
        .isInstanceOf(MalformedValueException.class)
        .hasMessage(
            "invalid client class name \"a'b\": character U+0027 is not allowed"
                + " (expected: A-Z, a-z, 0-9, '_', '-') at index 1");
  }

  /**
   * Hostile user classes, URLs and boot-file parameters: rejected naming the field, or written as
   * hexadecimal that decodes to exactly the value. 1,000 files, each with a hostile iPXE class and
   * a hostile HTTP-boot class, all accepted by kea-dhcp6 -t (two at a time: about 15 s).
   */
  @Test
  void hostileValues_rejectedOrHexExact_andKeaAcceptsTheFiles() throws Exception {
    Generator<String> values =
        Generator.mix(List.of(HostileStrings.injections(), HostileStrings.any()));
    SplittableRandom random = new SplittableRandom(SEED);
    List<String> files = new ArrayList<>();
    int rejected = 0;
    while (files.size() < 1000) {
      KeaConfig.Builder b = netboot();
      String userClass = values.next(random);
      String url = values.next(random);
      String param = values.next(random);
      List<String> written = new ArrayList<>();
      try {
        b.userClass("hostile-ipxe", userClass, "http://x/", List.of(param));
        written.add(userClass);
        written.add(param);
      } catch (MalformedValueException e) {
        assertThat(e.valueKind()).isIn("user class", "boot-file parameter");
        rejected++;
      }
      try {
        b.httpBootClass("hostile-http", url);
        written.add(url);
      } catch (MalformedValueException e) {
        assertThat(e.valueKind()).isEqualTo("boot-file URL");
        rejected++;
      }
      String json = b.build();
      for (String value : written) {
        String hex = HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8))
            .isEqualTo(value);
        assertThat(json).contains(hex);
      }
      files.add(json);
    }
    // both outcomes occur, so both branches above are exercised
    assertThat(rejected).isBetween(1, 1999);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<RealProgram.Result>> results = new ArrayList<>();
      for (String json : files) {
        results.add(pool.submit(() -> keaTest(json)));
      }
      for (int i = 0; i < files.size(); i++) {
        RealProgram.Result result = results.get(i).get();
        assertThat(result.exitCode()).as("file %d: %s", i, result.output()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
