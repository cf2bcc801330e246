package dev.originguard.ratelimit;

import dev.originguard.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@code rateLimitPaths} rule: a servlet url-pattern ({@code /login} exact, {@code /api/*} the prefix and
 * everything under it, {@code *.php} an extension) and the rates its paths get instead of the default ones;
 * no rates means its paths are not limited ({@code /health=off}). Immutable.
 */
public final class PathRule {

    /** The text that turns a rule's (or the default) limits off. */
    public static final String OFF = "off";

    private final String pattern;
    private final List<Rate> rates;

    private PathRule(String pattern, List<Rate> rates) {
        this.pattern = pattern;
        this.rates = rates;
    }

    /**
     * A rule for {@code pattern} with {@code rates}; none means the paths are not limited.
     *
     * @throws ConfigurationException when the pattern is not {@code /exact}, {@code /prefix/*} or {@code *.ext}
     */
    public static PathRule of(String pattern, Rate... rates) {
        return of(dev.originguard.settings.Setting.RATE_LIMIT_PATHS.key(), pattern, List.of(rates));
    }

    static PathRule of(String where, String pattern, List<Rate> rates) {
        Objects.requireNonNull(pattern, where);
        boolean extension = pattern.startsWith("*.") && pattern.length() > 2 && pattern.indexOf('/') < 0
                && pattern.indexOf('*', 1) < 0;
        boolean prefix = pattern.startsWith("/") && pattern.endsWith("/*")
                && pattern.indexOf('*') == pattern.length() - 1;
        boolean exact = pattern.startsWith("/") && pattern.indexOf('*') < 0;
        if (!extension && !prefix && !exact) {
            throw new ConfigurationException(where, pattern,
                    "is not a path pattern: expected /exact/path, /prefix/* or *.extension (servlet url-pattern syntax)");
        }
        return new PathRule(pattern, List.copyOf(rates));
    }

    /**
     * Parses {@code rateLimitPaths}: entries {@code <pattern>=<rates>|off} separated by semicolons or line
     * breaks, such as {@code /login=5/1m; /api/*=1000/1h; /health=off}.
     *
     * @param where the setting named in a refusal
     * @throws ConfigurationException naming {@code where}, the bad entry and why
     */
    public static List<PathRule> parseList(String where, String value) {
        List<PathRule> rules = new ArrayList<>();
        for (String entry : value.split("[;\\r\\n]+")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new ConfigurationException(where, entry.strip(),
                        "is not a path rule: expected <pattern>=<rates> or <pattern>=off, such as /login=5/1m");
            }
            String rates = entry.substring(eq + 1).strip();
            rules.add(of(where, entry.substring(0, eq).strip(),
                    rates.equalsIgnoreCase(OFF) ? List.of() : Rate.parseList(where, rates)));
        }
        if (rules.isEmpty()) {
            throw new ConfigurationException(where, value, "has no path rule: expected entries such as /login=5/1m");
        }
        return List.copyOf(rules);
    }

    /** The url-pattern as given. */
    public String pattern() {
        return pattern;
    }

    /** The rates of this rule's paths; empty when they are not limited. */
    public List<Rate> rates() {
        return rates;
    }

    /** Whether this rule's paths are limited at all. */
    public boolean limited() {
        return !rates.isEmpty();
    }

    /** {@code <pattern>=<rates>} or {@code <pattern>=off}, the syntax it was parsed from. */
    @Override
    public String toString() {
        return pattern + "=" + (rates.isEmpty() ? OFF : Rate.toString(rates));
    }
}
