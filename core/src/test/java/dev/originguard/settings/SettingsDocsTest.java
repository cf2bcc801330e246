package dev.originguard.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.policy.PolicyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The settings tables in docs/ and the {@link Setting} table list the same settings with the same defaults. */
class SettingsDocsTest {

    private static final Pattern PARAM_NAME = Pattern.compile("<param-name>\\s*([^<\\s]+)\\s*</param-name>");
    private static final Pattern YAML_BLOCK = Pattern.compile("(?ms)^```yaml\\n(.*?)^```");
    private static final Pattern YAML_KEY = Pattern.compile("^( *)([A-Za-z0-9_-][A-Za-z0-9_.-]*):(.*)$");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*([^|]*?)\\s*\\|", Pattern.MULTILINE);
    /** Starter-only properties (registration, health, the policy file), without the prefix: not filter settings. */
    private static final Set<String> STARTER_ONLY = PolicyFile.STARTER_ONLY.stream()
            .map(k -> k.substring("originguard.".length())).collect(Collectors.toUnmodifiableSet());

    @Test
    void theSettingsPageListsEveryInitParamWithItsDefault() throws IOException {
        Map<String, String> documented = rows(Files.readString(Path.of("../docs/settings.md")), "");
        Map<String, String> table = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            table.put(s.key(), normalise(s.defaultText()));
        }
        assertThat(documented).isEqualTo(table);
    }

    @Test
    void theSpringPageListsEveryPropertyWithItsDefault() throws IOException {
        String page = Files.readString(Path.of("../docs/spring-boot.md"));
        int start = page.indexOf("\n## Properties");
        Map<String, String> documented = rows(page.substring(start, page.indexOf("\n## ", start + 1)), "originguard.");
        STARTER_ONLY.forEach(documented::remove);
        Map<String, String> table = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            table.put(s.property(), normalise(s.defaultText()));
        }
        assertThat(documented).containsExactlyInAnyOrderEntriesOf(table);
    }

    @Test
    void everyInitParamInAnExampleIsASetting() throws IOException {
        Set<String> keys = new HashSet<>();
        for (Setting s : Setting.values()) {
            keys.add(s.key());
        }
        List<String> unknown = new ArrayList<>();
        int found = 0;
        for (Path page : pages()) {
            Matcher m = PARAM_NAME.matcher(Files.readString(page));
            while (m.find()) {
                found++;
                if (!keys.contains(m.group(1))) {
                    unknown.add(page.getFileName() + ": " + m.group(1));
                }
            }
        }
        assertThat(found).as("<param-name> examples found").isGreaterThan(3);
        assertThat(unknown).as("init-params in examples that are not settings").isEmpty();
    }

    @Test
    void everyOriginguardKeyInAYamlExampleIsAProperty() throws IOException {
        Set<String> properties = new HashSet<>();
        for (Setting s : Setting.values()) {
            properties.add("originguard." + s.property());
        }
        STARTER_ONLY.forEach(k -> properties.add("originguard." + k));
        List<String> unknown = new ArrayList<>();
        int found = 0;
        for (Path page : pages()) {
            for (String key : yamlKeys(Files.readString(page))) {
                if (!key.startsWith("originguard.")) {
                    continue;
                }
                found++;
                boolean group = key.endsWith(".");
                String name = group ? key.substring(0, key.length() - 1) : key;
                boolean known = properties.contains(name)
                        || (group && properties.stream().anyMatch(p -> p.startsWith(name + ".")));
                if (!known) {
                    unknown.add(page.getFileName() + ": " + name);
                }
            }
        }
        assertThat(found).as("originguard.* keys in YAML examples").isGreaterThan(3);
        assertThat(unknown).as("keys in YAML examples that are not starter properties").isEmpty();
    }

    @Test
    void everyNameIsUniqueOnEverySurface() {
        assertThat(Arrays.stream(Setting.values()).map(Setting::key).distinct()).hasSize(Setting.values().length);
        assertThat(Arrays.stream(Setting.values()).map(Setting::property).distinct())
                .hasSize(Setting.values().length);
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("../README.md")));
        try (Stream<Path> docs = Files.list(Path.of("../docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /**
     * The dotted keys of the page's {@code ```yaml} blocks: a key with a value as {@code a.b.c}, a key with
     * children (a group, or a list) as {@code a.b.}. List items and comments are skipped.
     */
    private static List<String> yamlKeys(String page) {
        List<String> keys = new ArrayList<>();
        Matcher block = YAML_BLOCK.matcher(page);
        while (block.find()) {
            Deque<int[]> indents = new ArrayDeque<>();
            Deque<String> path = new ArrayDeque<>();
            for (String line : block.group(1).split("\n")) {
                Matcher m = YAML_KEY.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                int indent = m.group(1).length();
                while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                    indents.pop();
                    path.pop();
                }
                indents.push(new int[] {indent});
                path.push(m.group(2));
                List<String> names = new ArrayList<>(path);
                Collections.reverse(names);
                String value = m.group(3).replaceAll("\\s+#.*$", "").strip();
                keys.add(String.join(".", names) + (value.isEmpty() ? "." : ""));
            }
        }
        return keys;
    }

    private static Map<String, String> rows(String page, String prefix) {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(page);
        while (m.find()) {
            if (m.group(1).startsWith(prefix) && !m.group(1).contains(" ")) {
                rows.put(m.group(1).substring(prefix.length()), normalise(m.group(2)));
            }
        }
        return rows;
    }

    // The pages write a list's default as "empty" and a switch's as true/false; the table as none and on/off.
    private static String normalise(String text) {
        String t = text.replace("`", "").strip();
        return switch (t) {
            case "empty" -> "none";
            case "true" -> "on";
            case "false" -> "off";
            default -> t;
        };
    }
}
