package io.github.netboot6.bootconfig.ipxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.netboot6.bootconfig.ipxe.IpxeTokenizerModel.Command;
import io.github.netboot6.bootconfig.ipxe.IpxeTokenizerModel.Line;
import io.github.netboot6.bootconfig.ipxe.IpxeTokenizerModel.Token;
import io.github.netboot6.core.Ipv6Address;
import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.testkit.Generator;
import io.github.netboot6.testkit.HostileStrings;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: for every field of every iPXE generator and every hostile value, the value is rejected
 * with a {@link MalformedValueException} naming the field, or the script has exactly the lines,
 * labels, commands, tokens, separators and expansions of the same script with a benign value, and
 * the token holding the value reads back as exactly the value (percent-decoded where it is a URL
 * part).
 */
class IpxeHostileValuesTest {

  static final long SEED = Long.getLong("netboot6.seed", 20261127L);
  static final int EXAMPLES = Integer.getInteger("netboot6.examples", 10_000);
  private static final String MARKER = "zq9";
  private static final IpxeUrl SERVER = IpxeUrl.http(Ipv6Address.parse("2001:db8::1"));

  /** A field: its name as the exception names it, whether it is percent-encoded, the generator. */
  record Field(String name, boolean urlEncoded, Function<String, IpxeScript> script) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> fields() {
    IpxeUrl k = SERVER.withPath("k");
    IpxeUrl i = SERVER.withPath("i");
    return Stream.of(
            new Field("URL query value of token", true, v -> IpxeScripts.bootstrap(k, v)),
            new Field(
                "URL path segment",
                true,
                v -> IpxeScripts.anaconda(k, i, SERVER.withPath("ks", v), List.of())),
            new Field(
                "URL query value of host",
                true,
                v -> IpxeScripts.flatcar(k, i, SERVER.withQuery("host", v), List.of())),
            new Field(
                "URL path segment",
                true,
                v -> IpxeScripts.ubuntuAutoinstall(k, i, k, SERVER.withPath("seed", v), List.of())),
            new Field(
                "kernel argument",
                false,
                v ->
                    IpxeScripts.linux(
                        LinuxInstaller.GENERIC,
                        k,
                        i,
                        List.of(IpxeWord.literal("kernel argument", v)))),
            new Field(
                "hostname",
                false,
                v ->
                    IpxeScripts.debianInstaller(
                        k, i, SERVER, List.of(IpxeWord.keyValue("hostname", v)))),
            new Field(
                "echo text",
                false,
                v -> IpxeScript.builder().command(IpxeCommand.echo("x", v)).build()),
            new Field(
                "iPXE label",
                false,
                v -> IpxeScript.builder().label(v).command(IpxeCommand.goTo(v)).build()),
            new Field(
                "image name",
                false,
                v -> IpxeScript.builder().command(IpxeCommand.initrd(i, v)).build()),
            new Field(
                "setting value",
                false,
                v ->
                    IpxeScript.builder()
                        .command(
                            IpxeCommand.set(
                                IpxeSetting.HOSTNAME, IpxeWord.literal("setting value", v)))
                        .build()),
            new Field("comment", false, v -> IpxeScript.builder().comment(v).build()))
        .flatMap(
            f ->
                Stream.of(
                    Arguments.of(f, "injections", HostileStrings.injections()),
                    Arguments.of(f, "any", HostileStrings.any())));
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("fields")
  void hostileValue_isRejectedOrReadBackExactly(
      Field field, String category, Generator<String> values) {
    List<Line> benign = IpxeTokenizerModel.parse(field.script().apply(MARKER).text());
    int[] at = locate(benign);
    SplittableRandom random = new SplittableRandom(SEED);
    int accepted = 0;
    for (int n = 0; n < EXAMPLES; n++) {
      String value = values.next(random);
      String text;
      try {
        text = field.script().apply(value).text();
      } catch (MalformedValueException e) {
        assertThat(e.valueKind()).as("field named for %s", quoted(value)).isEqualTo(field.name());
        assertThat(e.index()).isLessThan(Math.max(value.length(), 1));
        continue;
      }
      accepted++;
      assertThat(IpxeTokenizerModel.hasMagic(text)).isTrue();
      List<Line> parsed = IpxeTokenizerModel.parse(text);
      assertThat(shape(parsed)).as("shape for %s", quoted(value)).isEqualTo(shape(benign));
      if (at.length == 0) {
        continue; // a comment: nothing of it is a token
      }
      String benignToken = token(benign, at).text();
      String token = token(parsed, at).text();
      int m = benignToken.indexOf(MARKER);
      String prefix = benignToken.substring(0, m);
      String suffix = benignToken.substring(m + MARKER.length());
      assertThat(token).startsWith(prefix).endsWith(suffix);
      String inner = token.substring(prefix.length(), token.length() - suffix.length());
      assertThat(field.urlEncoded() ? percentDecode(inner) : inner)
          .as("read back for %s", quoted(value))
          .isEqualTo(value);
    }
    assertThat(accepted)
        .as("some values are accepted (else the property proves little)")
        .isGreaterThanOrEqualTo(field.urlEncoded() ? EXAMPLES / 2 : 0);
  }

  /** The structure iPXE acts on: labels, command and token counts, separators, expansions. */
  private static String shape(List<Line> lines) {
    StringBuilder sb = new StringBuilder();
    for (Line line : lines) {
      sb.append(line.label() == null ? "-" : "label").append('[');
      for (Command c : line.commands()) {
        sb.append(c.tokens().size()).append(c.separator());
        for (Token t : c.tokens()) {
          sb.append(t.expansions());
        }
        sb.append(',');
      }
      sb.append("]\n");
    }
    return sb.toString();
  }

  private static int[] locate(List<Line> lines) {
    for (int l = 0; l < lines.size(); l++) {
      List<Command> commands = lines.get(l).commands();
      for (int c = 0; c < commands.size(); c++) {
        List<Token> tokens = commands.get(c).tokens();
        for (int t = 0; t < tokens.size(); t++) {
          if (tokens.get(t).text().contains(MARKER)) {
            return new int[] {l, c, t};
          }
        }
      }
    }
    return new int[0];
  }

  private static Token token(List<Line> lines, int[] at) {
    return lines.get(at[0]).commands().get(at[1]).tokens().get(at[2]);
  }

  private static String percentDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        fail("unencoded non-ASCII %s in %s", MalformedValueException.describe(c), s);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("not UTF-8: " + s, e);
    }
  }

  private static String quoted(String value) {
    StringBuilder sb = new StringBuilder("\"");
    value
        .chars()
        .limit(60)
        .forEach(
            c ->
                sb.append(
                    c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return sb.append('"').toString();
  }
}
