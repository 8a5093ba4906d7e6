package io.github.netboot6.bootconfig.grub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.bootconfig.RealProgram;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MacAddress;
import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.testkit.HostileStrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrubConfigTest {

  private static final long SEED = Long.getLong("netboot6.seed", 20261127L);
  private static final Ipv6Address SERVER = Ipv6Address.parse("2001:db8::1");

  @TempDir Path dir;

  private String cfg(String title, List<String> args) {
    return GrubConfig.builder(SERVER)
        .netBootp6(true)
        .timeout(5)
        .defaultEntry("install")
        .menuEntry(
            "Install " + title,
            "install",
            List.of("f", "vmlinuz"),
            List.of("f", "initrd.img"),
            args)
        .build();
  }

  private RealProgram.Result check(String text) throws IOException {
    Path file = Files.createTempFile(dir, "grub", ".cfg");
    Files.writeString(file, text, StandardCharsets.US_ASCII);
    return RealProgram.GRUB_SCRIPT_CHECK.run(file.toString());
  }

  @Test
  void build_rendersNetBootp6AndHttpDevice_andPassesGrubScriptCheck() throws IOException {
    String text = cfg("host-01", List.of("ip=dhcp6", "inst.ks=http://[2001:db8::1]/ks/h.cfg"));
    assertThat(text)
        .isEqualTo(
            "net_bootp6\n"
                + "set timeout='5'\n"
                + "set default='install'\n"
                + "menuentry 'Install host-01' --id 'install' {\n"
                + "  linux '(http,[2001:db8::1])/f/vmlinuz' 'ip=dhcp6'"
                + " 'inst.ks=http://[2001:db8::1]/ks/h.cfg'\n"
                + "  initrd '(http,[2001:db8::1])/f/initrd.img'\n"
                + "}\n");
    assertThat(check(text).exitCode()).isZero();
  }

  @Test
  void linuxefi_switch() throws IOException {
    String text =
        GrubConfig.builder(SERVER)
            .loaderCommands(GrubConfig.LoaderCommands.LINUXEFI)
            .menuEntry("x", "x", List.of("k"), List.of("i"), List.of())
            .build();
    assertThat(text).contains("  linuxefi '(http,[2001:db8::1])/k'\n  initrdefi '");
    assertThat(check(text).exitCode()).isZero();
  }

  @Test
  void quote_singleQuote_isClosedEscapedAndReopened() {
    assertThat(GrubConfig.quote("t", "it's ${x}; }")).isEqualTo("'it'\\''s ${x}; }'");
  }

  @Test
  void grubScriptCheck_rejectsABrokenFile_soTheCheckMeansSomething() throws IOException {
    assertThat(check("menuentry 'x' {\n  linux 'a\n").exitCode()).isNotZero();
  }

  @Test
  void perHostFileNames_uuidThenMac() {
    assertThat(
            GrubConfig.perHostFileNames(
                MacAddress.parse("AA:BB:CC:DD:EE:FF"),
                UUID.fromString("8C3D9A58-1B2E-4C5F-9A0B-112233445566")))
        .containsExactly(
            "grub.cfg-8c3d9a58-1b2e-4c5f-9a0b-112233445566", "grub.cfg-01-aa-bb-cc-dd-ee-ff");
  }

  @Test
  void pathSegment_slash_isRejectedNamingFieldAndIndex() {
    assertThatThrownBy(
            () ->
                GrubConfig.builder(SERVER)
                    .menuEntry("t", "i", List.of("a/b"), List.of("i"), List.of()))
        .isInstanceOf(MalformedValueException.class)
        .hasMessage(
            "invalid path segment \"a/b\": character '/' is not allowed"
                + " (expected: A-Z, a-z, 0-9, '.', '_', '~', '-') at index 1");
  }

  /**
   * Hostile titles and kernel arguments: rejected naming the field, or written as one quoted word
   * that grub-script-check accepts, the rest of the file unchanged.
   */
  @Test
  void hostileValues_rejectedOrOneQuotedWordThatGrubAccepts() throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    String benign = cfg("zq9", List.of("zq9"));
    int checked = 0;
    for (int n = 0; n < 400; n++) {
      String value = (n % 2 == 0 ? HostileStrings.injections() : HostileStrings.any()).next(random);
      boolean asTitle = n % 4 < 2;
      String text;
      try {
        text = asTitle ? cfg(value, List.of("zq9")) : cfg("zq9", List.of(value));
      } catch (MalformedValueException e) {
        assertThat(e.valueKind()).isEqualTo(asTitle ? "menu entry title" : "kernel argument");
        continue;
      }
      String quoted = GrubConfig.quote("v", value);
      String expected =
          asTitle
              ? benign.replace("'Install zq9'", quoted.replaceFirst("^'", "'Install "))
              : benign.replace("'zq9'", quoted);
      assertThat(text).isEqualTo(expected);
      RealProgram.Result result = check(text);
      assertThat(result.exitCode())
          .as("grub-script-check on %s: %s", text, result.output())
          .isZero();
      checked++;
    }
    assertThat(checked).isGreaterThan(100);
  }
}
