package io.github.netboot6.bootconfig.ipxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netboot6.core.MalformedValueException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpxeSettingTest {

  /** Constants and the text they must render, typed from the examples on ipxe.org/cfg. */
  static Stream<Arguments> constants() {
    return Stream.of(
        Arguments.of(IpxeSetting.NET0_MAC, "${net0/mac}"),
        Arguments.of(IpxeSetting.NET0_MAC_HEXHYP, "${net0/mac:hexhyp}"),
        Arguments.of(IpxeSetting.NET0_IP6, "${net0/ip6}"),
        Arguments.of(IpxeSetting.NET0_LEN6, "${net0/len6}"),
        Arguments.of(IpxeSetting.NET0_GATEWAY6, "${net0/gateway6}"),
        Arguments.of(IpxeSetting.NET0_BUSTYPE, "${net0/bustype}"),
        Arguments.of(IpxeSetting.NET0_CHIP, "${net0/chip}"),
        Arguments.of(IpxeSetting.HOSTNAME, "${hostname}"),
        Arguments.of(IpxeSetting.UUID, "${uuid}"),
        Arguments.of(IpxeSetting.USER_CLASS, "${user-class}"),
        Arguments.of(IpxeSetting.MANUFACTURER, "${manufacturer}"),
        Arguments.of(IpxeSetting.PRODUCT, "${product}"),
        Arguments.of(IpxeSetting.SERIAL, "${serial}"),
        Arguments.of(IpxeSetting.ASSET, "${asset}"),
        Arguments.of(IpxeSetting.BUILDARCH, "${buildarch}"),
        Arguments.of(IpxeSetting.PLATFORM, "${platform}"),
        Arguments.of(IpxeSetting.VERSION, "${version}"),
        Arguments.of(IpxeSetting.FILENAME, "${filename}"),
        Arguments.of(IpxeSetting.DOMAIN, "${domain}"));
  }

  @ParameterizedTest
  @MethodSource("constants")
  void render_constant_matchesIpxeDocumentation(IpxeSetting setting, String expected) {
    assertThat(setting.render()).isEqualTo(expected);
    assertThat(setting).hasToString(expected);
  }

  @Test
  void constants_areAllListedInTheRenderingTest() {
    long publicConstants =
        Stream.of(IpxeSetting.class.getFields())
            .filter(f -> f.getType() == IpxeSetting.class)
            .count();
    assertThat(constants()).hasSize((int) publicConstants);
  }

  @Test
  void render_busLocationAsBusDevFn_matchesIpxeDocumentation() {
    // ipxe.org/cfg/busloc: "echo ${net0/busloc:busdevfn}"
    assertThat(IpxeSetting.of("net0", "busloc", IpxeSettingType.BUSDEVFN).render())
        .isEqualTo("${net0/busloc:busdevfn}");
  }

  @Test
  void render_childScopeAndNumberedOption_areKeptAsGiven() {
    assertThat(IpxeSetting.of("net0.dhcp", "ip").render()).isEqualTo("${net0.dhcp/ip}");
    assertThat(IpxeSetting.of("175.19").render()).isEqualTo("${175.19}");
  }

  /** Every type with the name typed from iPXE's list of setting types. */
  static Stream<Arguments> typeNames() {
    return Stream.of(
        Arguments.of(IpxeSettingType.STRING, "string"),
        Arguments.of(IpxeSettingType.URISTRING, "uristring"),
        Arguments.of(IpxeSettingType.IPV4, "ipv4"),
        Arguments.of(IpxeSettingType.IPV6, "ipv6"),
        Arguments.of(IpxeSettingType.INT8, "int8"),
        Arguments.of(IpxeSettingType.INT16, "int16"),
        Arguments.of(IpxeSettingType.INT32, "int32"),
        Arguments.of(IpxeSettingType.UINT8, "uint8"),
        Arguments.of(IpxeSettingType.UINT16, "uint16"),
        Arguments.of(IpxeSettingType.UINT32, "uint32"),
        Arguments.of(IpxeSettingType.HEX, "hex"),
        Arguments.of(IpxeSettingType.HEXHYP, "hexhyp"),
        Arguments.of(IpxeSettingType.HEXRAW, "hexraw"),
        Arguments.of(IpxeSettingType.BASE64, "base64"),
        Arguments.of(IpxeSettingType.UUID, "uuid"),
        Arguments.of(IpxeSettingType.GUID, "guid"),
        Arguments.of(IpxeSettingType.BUSDEVFN, "busdevfn"),
        Arguments.of(IpxeSettingType.DNSSL, "dnssl"));
  }

  @ParameterizedTest
  @MethodSource("typeNames")
  void render_withType_appendsIpxeTypeName(IpxeSettingType type, String ipxeName) {
    assertThat(type.ipxeName()).isEqualTo(ipxeName);
    assertThat(IpxeSetting.of("net0", "ip", type).render())
        .isEqualTo("${net0/ip:" + ipxeName + "}");
    assertThat(IpxeSetting.of("ip").withType(type).render()).isEqualTo("${ip:" + ipxeName + "}");
    assertThat(IpxeSettingType.fromIpxeName(ipxeName)).contains(type);
  }

  @Test
  void typeNames_coverEveryType() {
    assertThat(typeNames()).hasSize(IpxeSettingType.values().length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HEX", "Hexhyp", "ipv5", "", "hex "})
  void fromIpxeName_unknownOrWrongCase_isEmpty(String name) {
    assertThat(IpxeSettingType.fromIpxeName(name)).isEmpty();
  }

  @Test
  void accessors_returnParts() {
    assertThat(IpxeSetting.NET0_MAC_HEXHYP.scope()).contains("net0");
    assertThat(IpxeSetting.NET0_MAC_HEXHYP.name()).isEqualTo("mac");
    assertThat(IpxeSetting.NET0_MAC_HEXHYP.type()).contains(IpxeSettingType.HEXHYP);
    assertThat(IpxeSetting.UUID.scope()).isEmpty();
    assertThat(IpxeSetting.UUID.type()).isEmpty();
  }

  @Test
  void withScopeAndWithType_deriveEqualValues() {
    IpxeSetting derived = IpxeSetting.NET0_MAC.withType(IpxeSettingType.HEXHYP);
    assertThat(derived).isEqualTo(IpxeSetting.NET0_MAC_HEXHYP);
    assertThat(derived.hashCode()).isEqualTo(IpxeSetting.NET0_MAC_HEXHYP.hashCode());
    assertThat(IpxeSetting.NET0_MAC.withScope("net1").render()).isEqualTo("${net1/mac}");
    assertThat(IpxeSetting.NET0_MAC).isNotEqualTo(IpxeSetting.NET0_MAC_HEXHYP);
    assertThat(IpxeSetting.of("mac")).isNotEqualTo(IpxeSetting.NET0_MAC);
  }

  /** Fragments that would add an expansion, a command, a word or a comment if let through. */
  static final List<String> INJECTIONS =
      List.of(
          "${x}",
          "a||b",
          "a;b",
          "a b",
          "\n",
          "a&&b",
          "a#b",
          "a:b",
          "a/b",
          "a}b",
          "a{b",
          "a$b",
          "a'b",
          "a\"b",
          "a\tb",
          "a\rb",
          "a\u0000b",
          "a|b",
          "a&b",
          "a\\b",
          "Mac",
          "a\u00e9",
          "a\u0131",
          ".a",
          "a.",
          "a..b",
          "a=b",
          "a,b");

  static Stream<String> injections() {
    return INJECTIONS.stream();
  }

  @ParameterizedTest
  @MethodSource("injections")
  void of_hostileName_rejectedNamingFieldCharAndIndex(String hostile) {
    assertRejected(() -> IpxeSetting.of("net0", hostile), "iPXE setting name", hostile);
    assertRejected(() -> IpxeSetting.of(hostile), "iPXE setting name", hostile);
    assertRejected(
        () -> IpxeSetting.of("net0", hostile, IpxeSettingType.STRING),
        "iPXE setting name",
        hostile);
    assertThat(IpxeSetting.isValidIdentifier(hostile)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("injections")
  void of_hostileScope_rejectedNamingFieldCharAndIndex(String hostile) {
    assertRejected(() -> IpxeSetting.of(hostile, "mac"), "iPXE setting scope", hostile);
    assertRejected(
        () -> IpxeSetting.of(hostile, "mac", IpxeSettingType.HEX), "iPXE setting scope", hostile);
    assertRejected(() -> IpxeSetting.NET0_MAC.withScope(hostile), "iPXE setting scope", hostile);
  }

  @Test
  void of_nameWithSemicolon_hasExactMessage() {
    assertThatThrownBy(() -> IpxeSetting.of("net0", "a;b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid iPXE setting name \"a;b\": character ';' is not allowed"
                + " (expected: a-z, 0-9, '-', '.') at index 1");
  }

  @Test
  void of_newline_isDescribedAsCodePoint() {
    assertThatThrownBy(() -> IpxeSetting.of("a\nb"))
        .hasMessage(
            "invalid iPXE setting name \"a\\u000ab\": character U+000A is not allowed"
                + " (expected: a-z, 0-9, '-', '.') at index 1");
  }

  @Test
  void of_empty_isRejectedWithoutIndex() {
    assertThatThrownBy(() -> IpxeSetting.of("", "mac"))
        .isInstanceOfSatisfying(
            MalformedValueException.class,
            e -> {
              assertThat(e.valueKind()).isEqualTo("iPXE setting scope");
              assertThat(e.index()).isEqualTo(MalformedValueException.NO_INDEX);
              assertThat(e).hasMessageContaining("empty");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"net0", "net0.dhcp", "user-class", "175.19", "0", "a-b.c-d"})
  void isValidIdentifier_safeIdentifiers_areAccepted(String text) {
    assertThat(IpxeSetting.isValidIdentifier(text)).isTrue();
    assertThat(IpxeSetting.of(text, text).render()).isEqualTo("${" + text + "/" + text + "}");
  }

  /** Safe reference text: one expansion, no separator, nothing iPXE would read as a second one. */
  private static final Pattern SAFE_REFERENCE =
      Pattern.compile("\\$\\{(?:[a-z0-9.-]+/)?[a-z0-9.-]+(?::[a-z0-9]+)?}");

  @Test
  void of_randomText_isRejectedOrRendersOneSafeReference() {
    String alphabet = "abz09-./:${}|&;# \t\n'\"\\=,AZ\u00e9\u0131\u0000";
    SplittableRandom random = new SplittableRandom(Long.getLong("netboot6.seed", 20261127L));
    int examples = Integer.getInteger("netboot6.examples", 10_000);
    int accepted = 0;
    for (int n = 0; n < examples; n++) {
      String scope = randomText(random, alphabet);
      String name = randomText(random, alphabet);
      IpxeSetting setting;
      try {
        setting = IpxeSetting.of(scope, name, IpxeSettingType.STRING);
      } catch (MalformedValueException e) {
        assertThat(e.index()).isGreaterThanOrEqualTo(MalformedValueException.NO_INDEX);
        continue;
      }
      accepted++;
      assertThat(setting.render()).matches(SAFE_REFERENCE);
    }
    assertThat(accepted).isPositive();
  }

  private static String randomText(SplittableRandom random, String alphabet) {
    int length = random.nextInt(4);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      // Mostly safe characters, so that some values get through and their rendering is checked.
      sb.append(
          random.nextInt(4) == 0
              ? alphabet.charAt(random.nextInt(alphabet.length()))
              : alphabet.charAt(random.nextInt(6)));
    }
    return sb.toString();
  }

  @ParameterizedTest
  @EnumSource(IpxeSettingType.class)
  void fromIpxeName_roundTripsEveryType(IpxeSettingType type) {
    assertThat(IpxeSettingType.fromIpxeName(type.ipxeName())).contains(type);
  }

  /** Checks the exception type, the field, the index of the first bad character and the message. */
  private static void assertRejected(Runnable call, String field, String hostile) {
    int index = expectedIndex(hostile);
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            MalformedValueException.class,
            e -> {
              assertThat(e.valueKind()).isEqualTo(field);
              assertThat(e.index()).isEqualTo(index);
              assertThat(e.getMessage())
                  .startsWith("invalid " + field + " \"")
                  .contains(MalformedValueException.describe(hostile.charAt(index)))
                  .endsWith(" at index " + index);
            });
  }

  /** The first index that is not a-z, 0-9, '-', '.', or a '.' at an edge or after another '.'. */
  private static int expectedIndex(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed = "abcdefghijklmnopqrstuvwxyz0123456789-.".indexOf(c) >= 0;
      boolean badDot = c == '.' && (i == 0 || i == text.length() - 1 || text.charAt(i - 1) == '.');
      if (!allowed || badDot) {
        return i;
      }
    }
    throw new AssertionError("no bad character in " + text);
  }
}
