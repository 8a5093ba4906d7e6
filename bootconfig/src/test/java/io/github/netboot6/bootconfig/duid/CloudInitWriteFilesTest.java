package io.github.netboot6.bootconfig.duid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netboot6.bootconfig.RealProgram;
import io.github.netboot6.core.Duid;
import io.github.netboot6.core.MalformedValueException;
import io.github.netboot6.testkit.HostileStrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link InstallerWrappers#cloudInitWriteFiles} read by PyYAML's {@code safe_load}, the parser
 * cloud-init reads user-data with, then decoded the way cloud-init's {@code write_files} decodes
 * {@code b64}: every file comes back with exactly its path and content.
 */
class CloudInitWriteFilesTest {

  /** Prints the document's first line, then each entry with its content decoded, as JSON. */
  private static final String READER =
      "import base64, json, sys, yaml\n"
          + "text = open(sys.argv[1], encoding='utf-8').read()\n"
          + "doc = yaml.safe_load(text)\n"
          + "out = {'header': text.split('\\n', 1)[0], 'keys': sorted(doc), 'files': []}\n"
          + "for e in doc['write_files']:\n"
          + "    assert e['encoding'] == 'b64', e\n"
          + "    out['files'].append({'path': e['path'], 'permissions': e['permissions'],\n"
          + "        'content': base64.b64decode(e['content'] or '').decode('utf-8')})\n"
          + "print(json.dumps(out))\n";

  @TempDir Path dir;

  private JsonNode read(String document) throws IOException {
    Path file = Files.writeString(dir.resolve("user-data"), document, StandardCharsets.UTF_8);
    Path script = Files.writeString(dir.resolve("read.py"), READER, StandardCharsets.UTF_8);
    RealProgram.Result r = RealProgram.PYTHON3_YAML.run(script.toString(), file.toString());
    assertThat(r.exitCode()).as("python3 (PyYAML): %s%n%s", r.output(), document).isZero();
    return new ObjectMapper().readTree(r.output());
  }

  @Test
  void deployedDuidFiles_comeBackExactly() throws IOException {
    Duid duid = Duid.parse("00:02:00:00:ab:11:6e:62:36:2d:31:37");
    List<ConfigFile> files =
        List.of(
            ConfigFile.of(DuidSnippets.DHCLIENT_CONF, DuidSnippets.dhclient(duid, "eth0")),
            ConfigFile.of(DuidSnippets.DHCPCD_DUID, DuidSnippets.dhcpcdDuid(duid)),
            ConfigFile.of("/etc/netboot6/empty", ""));

    String document = InstallerWrappers.cloudInitWriteFiles(files);
    JsonNode read = read(document);

    assertThat(read.get("header").asText()).isEqualTo("#cloud-config");
    assertThat(read.get("keys")).extracting(JsonNode::asText).containsExactly("write_files");
    assertThat(read.get("files")).hasSize(3);
    for (int i = 0; i < files.size(); i++) {
      JsonNode f = read.get("files").get(i);
      assertThat(f.get("path").asText()).isEqualTo(files.get(i).path());
      assertThat(f.get("permissions").asText()).isEqualTo("0644");
      assertThat(f.get("content").asText()).isEqualTo(files.get(i).content());
    }
  }

  @Test
  void hostileContents_comeBackByteForByte() throws IOException {
    SplittableRandom random = new SplittableRandom(20261127L);
    List<ConfigFile> files = new ArrayList<>();
    while (files.size() < 300) {
      String content = HostileStrings.any().next(random) + "\n";
      try {
        files.add(ConfigFile.of("/etc/netboot6/f" + files.size() + ".conf", content));
      } catch (MalformedValueException e) {
        // NUL, CR and unpaired surrogates are refused by ConfigFile, not by the wrapper
      }
    }

    JsonNode read = read(InstallerWrappers.cloudInitWriteFiles(files));

    assertThat(read.get("files")).hasSize(files.size());
    for (int i = 0; i < files.size(); i++) {
      assertThat(read.get("files").get(i).get("content").asText())
          .as("file %d", i)
          .isEqualTo(files.get(i).content());
    }
  }

  @Test
  void noFiles_isRefused() {
    assertThatThrownBy(() -> InstallerWrappers.cloudInitWriteFiles(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("files: empty (expected: at least one)");
  }
}
