package dev.originguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.internal.DurationText;
import dev.originguard.settings.Setting;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;

/**
 * Every row of the settings table has its property on {@link OriginGuardProperties}, and a fresh bean holds
 * the table's default, setting by setting; the table's defaults are the builders' constants.
 */
class PropertyDefaultsTest {

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
