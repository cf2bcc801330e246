package dev.originguard.policy;

import dev.originguard.ConfigurationException;
import dev.originguard.settings.Setting;
import dev.originguard.settings.SettingsText;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML settings through SnakeYAML's compose step only (a tree of nodes with their line numbers; no object
 * is ever constructed from the document), flattening mappings into dotted keys: {@code originguard:} with
 * {@code trusted-proxies:} under it is {@code originguard.trusted-proxies}, as is the flat key. A list of
 * values is one setting's entries, joined with the separator of its kind. Anchors and aliases are refused (a
 * policy file has no use for them, and they are how a billion-laughs document grows), as are documents nested
 * deeper than a settings file ever is.
 *
 * <p>Several documents ({@code ---}): a document activated by a Spring profile
 * ({@code spring.config.activate.on-profile}, or the older {@code spring.profiles}) is skipped and reported;
 * the others are read together.
 */
final class YamlEntries {

    /** The keys of the documents read, and what was skipped. */
    record Read(List<WrittenValue> values, List<String> skipped) {
    }

    private YamlEntries() {
    }

    static Read parse(String text, String file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by the reader with both lines, not by SnakeYAML
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(PolicyText.MAX_BYTES);
        options.setProcessComments(false);
        List<WrittenValue> values = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            int document = 0;
            for (Node root : new Yaml(options).composeAll(new StringReader(text))) {
                document++;
                if (root == null) {
                    continue;
                }
                if (!(root instanceof MappingNode mapping)) {
                    throw new ConfigurationException(file + ":" + line(root), "", "is not a YAML mapping of settings");
                }
                List<WrittenValue> leaves = new ArrayList<>();
                flatten(mapping, "", leaves, file);
                Optional<WrittenValue> profile = leaves.stream()
                        .filter(v -> v.key().equals("spring.config.activate.on-profile")
                                || v.key().equals("spring.profiles"))
                        .findFirst();
                if (profile.isPresent()) {
                    skipped.add(file + ":" + profile.get().line() + " document " + document + " (profile '"
                            + profile.get().value() + "') skipped: only the default document is read");
                    continue;
                }
                values.addAll(leaves);
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new ConfigurationException(file + (mark == null ? "" : ":" + (mark.getLine() + 1)), "",
                    "is not valid YAML: " + oneLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
        } catch (YAMLException e) {
            throw new ConfigurationException(file, "", "is not valid YAML: " + oneLine(e.getMessage()));
        }
        return new Read(values, skipped);
    }

    private static void flatten(MappingNode mapping, String prefix, List<WrittenValue> out, String file) {
        refuseAnchor(mapping, file);
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            refuseAnchor(keyNode, file);
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                throw new ConfigurationException(file + ":" + line(keyNode), "", "has a key that is not text");
            }
            if (scalarKey.getValue().equals("<<")) {
                throw new ConfigurationException(file + ":" + line(keyNode), "<<",
                        "is a YAML merge key; write the settings out in full");
            }
            String key = prefix.isEmpty() ? scalarKey.getValue() : prefix + "." + scalarKey.getValue();
            Node value = tuple.getValueNode();
            refuseAnchor(value, file);
            if (value instanceof MappingNode nested) {
                flatten(nested, key, out, file);
            } else if (value instanceof ScalarNode scalar) {
                out.add(new WrittenValue(key, text(scalar), line(keyNode)));
            } else if (value instanceof SequenceNode sequence) {
                List<String> items = new ArrayList<>();
                boolean plain = true;
                for (Node item : sequence.getValue()) {
                    refuseAnchor(item, file);
                    if (item instanceof ScalarNode s) {
                        items.add(text(s));
                    } else {
                        plain = false;
                    }
                }
                if (plain) {
                    out.add(new WrittenValue(key, String.join(separator(key), items), line(keyNode)));
                } else if (relevant(key)) {
                    throw new ConfigurationException(file + ":" + line(keyNode) + " " + key, "",
                            "is a list holding lists or mappings; a setting's list holds text entries only");
                }
            }
        }
    }

    // Other parts of a Spring application.yml may hold lists of mappings; only OriginGuard's keys must be text.
    private static boolean relevant(String key) {
        return key.startsWith(SettingsText.PREFIX) || Setting.byKey(key).isPresent()
                || Setting.byProperty(key).isPresent();
    }

    private static String separator(String key) {
        Optional<Setting> setting = Setting.byKey(key).or(() -> SettingsText.PROPERTIES.lookup(key));
        Setting.Kind kind = setting.map(Setting::kind).orElse(Setting.Kind.TEXT);
        return kind == Setting.Kind.PATH_RULES || kind == Setting.Kind.SOURCES ? "; " : ", ";
    }

    private static String text(ScalarNode scalar) {
        return scalar.getTag().equals(Tag.NULL) ? "" : scalar.getValue();
    }

    private static void refuseAnchor(Node node, String file) {
        if (node.getAnchor() != null) {
            throw new ConfigurationException(file + ":" + line(node), "&" + node.getAnchor(),
                    "is a YAML anchor; a settings file is read without anchors and aliases, write the values out");
        }
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
