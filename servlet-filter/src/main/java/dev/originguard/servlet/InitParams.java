package dev.originguard.servlet;

import dev.originguard.ConfigurationException;
import dev.originguard.internal.DurationText;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.SettingsText;
import jakarta.servlet.FilterConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@link OriginGuardFilter}'s init-params through the settings table, and the two meta-settings that are
 * not in it because they say where the settings are: {@value #POLICY_FILE} and {@value #POLICY_POLL_INTERVAL}.
 */
final class InitParams {

    /** The init-param naming the policy file. */
    static final String POLICY_FILE = "policyFile";
    /** The init-param giving how often the policy file is polled. */
    static final String POLICY_POLL_INTERVAL = "policyPollInterval";

    private InitParams() {
    }

    /**
     * The settings every init-param of {@code config} stands for.
     *
     * @throws ConfigurationException naming the init-param, its value and why it is refused; also for a name
     *                                that is not a setting
     */
    static OriginGuardSettings read(FilterConfig config) {
        Map<String, String> values = values(config);
        if (values.containsKey(POLICY_POLL_INTERVAL)) {
            throw new ConfigurationException(POLICY_POLL_INTERVAL, values.get(POLICY_POLL_INTERVAL),
                    "is set without " + POLICY_FILE + ": there is no policy file to poll");
        }
        return SettingsText.read(values, SettingsText.INIT_PARAMS);
    }

    /** The policy file and the other init-params with it, or null when {@value #POLICY_FILE} is not set. */
    static PolicySource policy(FilterConfig config) {
        Map<String, String> values = values(config);
        String file = config.getInitParameter(POLICY_FILE);
        if (file == null) {
            return null;
        }
        values.remove(POLICY_POLL_INTERVAL);
        return new PolicySource(path(POLICY_FILE, file), values, SettingsText.INIT_PARAMS,
                "OriginGuardFilter '" + config.getFilterName() + "' init-param", config.getFilterName());
    }

    /** {@value #POLICY_POLL_INTERVAL}, or the default. */
    static Duration pollInterval(FilterConfig config) {
        String text = config.getInitParameter(POLICY_POLL_INTERVAL);
        return text == null ? OriginGuardFilter.DEFAULT_POLICY_POLL_INTERVAL
                : DurationText.parse(POLICY_POLL_INTERVAL, text, OriginGuardFilter.MIN_POLICY_POLL_INTERVAL,
                        OriginGuardFilter.MAX_POLICY_POLL_INTERVAL);
    }

    /** A policy file's path as written; blank or unparsable is refused naming {@code where}. */
    static Path path(String where, String text) {
        if (text.isBlank()) {
            throw new ConfigurationException(where, text, "is empty: give the policy file's path");
        }
        try {
            return Path.of(text.strip());
        } catch (InvalidPathException e) {
            throw new ConfigurationException(where, text, "is not a file path: " + e.getReason());
        }
    }

    private static Map<String, String> values(FilterConfig config) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            if (!name.equals(POLICY_FILE)) {
                values.put(name, config.getInitParameter(name));
            }
        }
        return values;
    }
}
