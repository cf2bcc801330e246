package dev.originguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM names exactly the published artifacts: every module of the reactor that packages a jar and does not
 * set {@code maven.deploy.skip} (itself or through a parent module), and nothing else. A new published module
 * missing from the BOM would leave users who import it with one artifact at a version of their own.
 */
class BomTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theBomListsEveryPublishedArtifactAndNothingElse() throws Exception {
        Set<String> published = new TreeSet<>();
        collect(ROOT, false, published);
        assertThat(published).as("published artifacts found").contains("originguard-core", "originguard-servlet-filter");

        Document bom = parse(ROOT.resolve("bom/pom.xml"));
        Set<String> listed = new TreeSet<>();
        Element management = child(bom.getDocumentElement(), "dependencyManagement");
        for (Element dependency : children(child(management, "dependencies"), "dependency")) {
            assertThat(text(dependency, "version")).as("version of %s in the BOM", text(dependency, "artifactId"))
                    .isEqualTo("${project.version}");
            listed.add(text(dependency, "artifactId"));
        }
        assertThat(listed).as("artifacts in bom/pom.xml").isEqualTo(published);
    }

    /** Walks the module tree from {@code dir}, carrying whether a parent module skips deployment. */
    private static void collect(Path dir, boolean parentSkips, Set<String> published) throws Exception {
        Element project = parse(dir.resolve("pom.xml")).getDocumentElement();
        Element properties = child(project, "properties");
        String skip = properties == null ? null : text(properties, "maven.deploy.skip");
        boolean skips = skip == null ? parentSkips : Boolean.parseBoolean(skip.strip());
        String packaging = text(project, "packaging");
        if ((packaging == null || packaging.equals("jar")) && !skips) {
            published.add(text(project, "artifactId"));
        }
        Element modules = child(project, "modules");
        if (modules != null) {
            for (Element module : children(modules, "module")) {
                collect(dir.resolve(module.getTextContent().strip()), skips, published);
            }
        }
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}
