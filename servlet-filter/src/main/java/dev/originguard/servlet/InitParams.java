package dev.originguard.servlet;

import dev.originguard.ConfigurationException;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.SettingsText;
import jakarta.servlet.FilterConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@link OriginGuardFilter}'s init-params through the settings table. */
final class InitParams {

    private InitParams() {
    }

    /**
     * The settings every init-param of {@code config} stands for.
     *
     * @throws ConfigurationException naming the init-param, its value and why it is refused; also for a name
     *                                that is not a setting
     */
    static OriginGuardSettings read(FilterConfig config) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            values.put(name, config.getInitParameter(name));
        }
        return SettingsText.read(values, SettingsText.INIT_PARAMS);
    }
}
