package dev.originguard.internal;

import dev.originguard.ConfigurationException;
import java.time.Duration;

/**
 * The compact duration syntax of OriginGuard's text settings (init-params, rate-limit periods): a count and a
 * unit, {@code 200ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}; the count may be left out
 * ({@code m} is a minute). Internal to OriginGuard, not API: it may change in any release.
 */
public final class DurationText {

    /** The units accepted, for messages. */
    public static final String UNITS = "ms, s, m, h or d";

    private DurationText() {
    }

    /**
     * Parses {@code <n><unit>} with unit ms, s, m, h or d; the count may be left out ({@code m} is a minute).
     * Returns null when the text is not of that form, so callers can phrase the error for their setting.
     */
    public static Duration parseOrNull(String text) {
        String t = text.strip();
        int i = 0;
        while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            i++;
        }
        if (i > 9) {
            return null; // more digits than any sensible period; also keeps the multiplication below in range
        }
        long n = i == 0 ? 1 : Long.parseLong(t.substring(0, i));
        if (n == 0) {
            return null;
        }
        switch (t.substring(i).strip()) {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            case "d":
                return Duration.ofDays(n);
            default:
                return null;
        }
    }

    /**
     * Parses a duration setting, refusing anything outside {@code [min, max]}.
     *
     * @throws ConfigurationException naming {@code where}, the text and why
     */
    public static Duration parse(String where, String text, Duration min, Duration max) {
        Duration d = parseOrNull(text);
        if (d == null) {
            throw new ConfigurationException(where, text,
                    "is not a duration: expected a count and a unit (" + UNITS + "), such as 200ms or 1m");
        }
        return inRange(where, text, d, min, max);
    }

    /** Returns {@code d}, or throws {@link ConfigurationException} if it is outside {@code [min, max]}. */
    public static Duration inRange(String where, String text, Duration d, Duration min, Duration max) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigurationException(where, text,
                    "is out of range: it must be between " + format(min) + " and " + format(max));
        }
        return d;
    }

    /** The shortest exact compact form: {@code 90s}, {@code 1m}, {@code 250ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
