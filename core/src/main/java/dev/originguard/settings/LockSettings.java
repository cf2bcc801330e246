package dev.originguard.settings;

import dev.originguard.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a locked origin does with direct hits: the {@link LockOrigin} mode and the paths it serves to anyone
 * ({@code lockOriginExemptPaths}: exact such as {@code /health}, or a prefix ending in {@code /*}). Immutable;
 * made by {@link OriginGuardSettings.Builder}. Default: {@link LockOrigin#OFF}, no exempt paths.
 */
public final class LockSettings {

    private final LockOrigin mode;
    private final List<String> exemptPaths;

    LockSettings(LockOrigin mode, List<String> exemptPaths) {
        this.mode = mode;
        this.exemptPaths = List.copyOf(exemptPaths);
    }

    /** The lock's mode. Default {@link LockOrigin#OFF}. */
    public LockOrigin mode() {
        return mode;
    }

    /** The exempt paths as validated entries ({@code /health}, {@code /status/*}). Default none. */
    public List<String> exemptPaths() {
        return exemptPaths;
    }

    /**
     * Validates exempt-path entries; each value may hold several, separated by commas and/or whitespace.
     *
     * @throws ConfigurationException naming {@code lockOriginExemptPaths}, the entry and why
     */
    static List<String> parseExemptPaths(String... values) {
        String setting = Setting.LOCK_ORIGIN_EXEMPT_PATHS.key();
        List<String> entries = new ArrayList<>();
        for (String value : values) {
            if (value == null) {
                throw new ConfigurationException(setting, "null", "is not a path");
            }
            for (String entry : value.split("[,\\s]+")) {
                if (entry.isEmpty()) {
                    continue;
                }
                if (!entry.startsWith("/")) {
                    throw new ConfigurationException(setting, entry, "is not a path: it must start with '/'");
                }
                boolean prefix = entry.endsWith("/*");
                String path = prefix ? entry.substring(0, entry.length() - 2) : entry;
                if (prefix && path.isEmpty()) {
                    throw new ConfigurationException(setting, entry,
                            "exempts every path, which unlocks the origin; set lockOrigin=off to mean that");
                }
                if (path.indexOf('*') >= 0 || path.contains("//") || path.contains("/./") || path.contains("/../")
                        || path.endsWith("/..") || path.endsWith("/.")) {
                    throw new ConfigurationException(setting, entry,
                            "is not a normalised path; use an exact path (/health) or a prefix ending in /* (/status/*)");
                }
                for (int i = 0; i < path.length(); i++) {
                    char c = path.charAt(i);
                    if (c < 0x21 || c == 0x7f || c == ';' || c == '?' || c == '#' || c == '%') {
                        throw new ConfigurationException(setting, entry,
                                "holds a character a decoded servlet path never has: '" + c + "'");
                    }
                }
                entries.add(entry);
            }
        }
        return List.copyOf(entries);
    }

    @Override
    public String toString() {
        return "LockSettings[mode=" + mode + ", exemptPaths=" + exemptPaths + "]";
    }
}
