package io.github.netboot6.bootconfig.ipxe;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netboot6.bootconfig.ipxe.IpxeTokenizerModel.Line;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model reads the examples of ipxe.org/scripting the way the documentation says iPXE does. */
class IpxeTokenizerModelTest {

  @Test
  void parse_documentedRetryExample_splitsAtWholeTokenOperators() {
    List<Line> lines =
        IpxeTokenizerModel.parse(
            "#!ipxe\n\n:retry_dhcp\ndhcp && isset ${filename} || goto retry_dhcp\n");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0).commands()).isEmpty(); // the magic line is a comment
    assertThat(lines.get(2).label()).isEqualTo("retry_dhcp");
    var commands = lines.get(3).commands();
    assertThat(commands).hasSize(3);
    assertThat(commands.get(0).separator()).isEqualTo("&&");
    assertThat(commands.get(1).separator()).isEqualTo("||");
    assertThat(commands.get(1).tokens().get(1).expansions()).containsExactly("filename");
    assertThat(commands.get(2).tokens())
        .extracting(t -> t.text())
        .containsExactly("goto", "retry_dhcp");
  }

  @Test
  void parse_operatorsInsideAWord_areNotSeparators() {
    var commands = IpxeTokenizerModel.parse("echo a||b&&c;d\n").get(0).commands();
    assertThat(commands).hasSize(1);
    assertThat(commands.get(0).tokens()).hasSize(2);
  }

  @Test
  void parse_hashStartingAToken_startsAComment() {
    var commands = IpxeTokenizerModel.parse("echo a#b #c || reboot\n").get(0).commands();
    assertThat(commands).hasSize(1);
    assertThat(commands.get(0).tokens()).extracting(t -> t.text()).containsExactly("echo", "a#b");
  }

  @Test
  void parse_trailingBackslash_joinsLines() {
    List<Line> lines = IpxeTokenizerModel.parse("echo a\\\nchain x\n");
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).commands().get(0).tokens())
        .extracting(t -> t.text())
        .containsExactly("echo", "achain", "x");
  }

  @Test
  void expansions_nested_innermostFirst() {
    assertThat(IpxeTokenizerModel.expansions("x${a${b}}y${c}"))
        .containsExactly("b", "a\u0001", "c");
    assertThat(IpxeTokenizerModel.expansions("${unclosed")).isEmpty();
    assertThat(IpxeTokenizerModel.expansions("$${x}")).containsExactly("x");
  }

  @Test
  void hasMagic_needsWhiteSpaceAfterTheMagic() {
    assertThat(IpxeTokenizerModel.hasMagic("#!ipxe\n")).isTrue();
    assertThat(IpxeTokenizerModel.hasMagic("#!ipxex\n")).isFalse();
  }
}
