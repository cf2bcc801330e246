package dev.originguard.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The settings tables in docs/ and the {@link Setting} table list the same settings with the same defaults. */
class SettingsDocsTest {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|\\s*([^|]*?)\\s*\\|", Pattern.MULTILINE);
    /** Starter-only properties: they configure the registration and health, not the filter. */
    private static final Set<String> STARTER_ONLY = Set.of("enabled", "filter-order", "forward-headers-conflict",
            "ranges.max-age", "ranges.stale-status", "policy-file", "policy-poll-interval");

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
    void everyNameIsUniqueOnEverySurface() {
        assertThat(Arrays.stream(Setting.values()).map(Setting::key).distinct()).hasSize(Setting.values().length);
        assertThat(Arrays.stream(Setting.values()).map(Setting::property).distinct())
                .hasSize(Setting.values().length);
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
