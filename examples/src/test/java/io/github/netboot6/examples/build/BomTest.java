package io.github.netboot6.examples.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The BOM lists every published module, and only them, at the project's version. */
class BomTest {

  private static Document parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile());
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
  }

  @Test
  void bom_listsExactlyThePublishedModules() throws Exception {
    Document bom = parse(PublishedModules.root().resolve("bom/pom.xml"));
    Element management = (Element) bom.getElementsByTagName("dependencyManagement").item(0);
    NodeList deps = management.getElementsByTagName("dependency");
    List<String> artifacts = new ArrayList<>();
    for (int i = 0; i < deps.getLength(); i++) {
      Element dep = (Element) deps.item(i);
      assertThat(text(dep, "groupId")).isEqualTo("io.github.netboot6");
      assertThat(text(dep, "version")).isEqualTo("${project.version}");
      artifacts.add(text(dep, "artifactId"));
    }
    assertThat(artifacts)
        .containsExactlyInAnyOrderElementsOf(
            PublishedModules.names().stream().map(m -> "netboot6-" + m).toList());
  }

  @Test
  void rootPom_buildsEveryModuleDirectory() throws Exception {
    Document root = parse(PublishedModules.root().resolve("pom.xml"));
    NodeList modules = root.getElementsByTagName("module");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < modules.getLength(); i++) {
      names.add(modules.item(i).getTextContent().trim());
    }
    assertThat(names).containsAll(PublishedModules.names()).contains("bom", "examples");
  }
}
