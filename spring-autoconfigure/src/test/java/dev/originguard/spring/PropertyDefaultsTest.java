package dev.originguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.internal.DurationText;
import dev.originguard.settings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;

/**
 * Every row of the settings table has its property on {@link OriginGuardProperties}, and a fresh bean holds
 * the table's default, setting by setting; the table's defaults are the builders' constants.
 */
class PropertyDefaultsTest {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`originguard\\.([^`\\s]+)`\\s*\\|\\s*([^|]*?)\\s*\\|",
            Pattern.MULTILINE);

    @Test
    void everySettingHasItsPropertyWithTheTablesDefault() {
        BeanWrapperImpl bean = new BeanWrapperImpl(new OriginGuardProperties());
        for (Setting setting : Setting.values()) {
            String path = beanPath(setting.property());
            assertThat(bean.isReadableProperty(path)).as("originguard.%s", setting.property()).isTrue();
            Object value = bean.getPropertyValue(path);
            if (value == null || value instanceof Collection<?> c && c.isEmpty()) {
                // Unset: the builder's own default applies, which the table states.
                assertThat(setting.defaultText()).as("originguard.%s", setting.property())
                        .matches("none|unset.*|every trusted proxy|X-Forwarded-Proto");
            } else {
                assertThat(text(value)).as("originguard.%s", setting.property())
                        .isEqualTo(normalise(setting.defaultText()));
            }
        }
    }

    /**
     * The CLI reads Spring application files through core's {@code PolicyFile}, which accepts the starter's own
     * properties from a list of its own: that list must be exactly the starter's properties that are not filter
     * settings, or an application file using a new one is refused as unknown.
     */
    @Test
    void thePolicyReadersStarterOnlyListIsExactlyTheStartersOwnProperties() {
        Set<String> settings = new HashSet<>();
        for (Setting setting : Setting.values()) {
            settings.add(setting.property());
        }
        Set<String> starterOnly = new java.util.TreeSet<>();
        for (String key : KnownProperties.ofProperties().keys()) {
            if (!settings.contains(key)) {
                starterOnly.add("originguard." + key);
            }
        }
        assertThat(starterOnly).containsExactlyInAnyOrderElementsOf(dev.originguard.policy.PolicyFile.STARTER_ONLY);
    }

    /**
     * The Spring page's rows that are not settings (registration, health): each is a property of the bean,
     * and a default written as one word is the bean's.
     */
    @Test
    void everyStarterOnlyPropertyOnTheSpringPageExistsWithItsDefault() throws IOException {
        String page = Files.readString(Path.of("../docs/spring-boot.md"));
        int start = page.indexOf("\n## Properties");
        Set<String> settings = new HashSet<>();
        for (Setting setting : Setting.values()) {
            settings.add(setting.property());
        }
        BeanWrapperImpl bean = new BeanWrapperImpl(new OriginGuardProperties());
        Matcher row = ROW.matcher(page.substring(start, page.indexOf("\n## ", start + 1)));
        int checked = 0;
        while (row.find()) {
            String property = row.group(1);
            if (settings.contains(property)) {
                continue;
            }
            checked++;
            String path = beanPath(property);
            assertThat(bean.isReadableProperty(path)).as("originguard.%s on OriginGuardProperties", property).isTrue();
            String documented = row.group(2).replace("`", "").strip();
            if (documented.matches("[A-Za-z0-9-]+")) {
                assertThat(text(bean.getPropertyValue(path))).as("default of originguard.%s", property)
                        .isEqualTo(normalise(documented));
            }
        }
        assertThat(checked).as("starter-only rows on the Spring page").isGreaterThan(3);
    }

    private static String beanPath(String property) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : property.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    private static String text(Object value) {
        if (value == null) {
            return "none"; // how the page writes "no default"
        }
        if (value instanceof Duration d) {
            return DurationText.format(d);
        }
        if (value instanceof Enum<?> e) {
            return Setting.word(e);
        }
        if (value instanceof Boolean b) {
            return b ? "on" : "off";
        }
        return String.valueOf(value);
    }

    private static String normalise(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> "on";
            case "false" -> "off";
            default -> text;
        };
    }
}
