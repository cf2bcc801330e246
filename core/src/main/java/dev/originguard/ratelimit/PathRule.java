package dev.originguard.ratelimit;

import dev.originguard.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code rateLimitPaths} rule: optionally the HTTP methods it applies to, a servlet url-pattern
 * ({@code /login} exact, {@code /api/*} the prefix and everything under it, {@code *.php} an extension) and the
 * rates its requests get instead of the default ones; no rates means they are not limited ({@code /health=off}).
 * {@code POST /login=5/1m} limits only login attempts, so loading the login page spends none of them;
 * {@code GET,HEAD /search=30/1m} names several methods. Without methods a rule applies to every method
 * (the default). A rule naming {@code GET} applies to {@code HEAD} too (a HEAD runs the GET handler). Immutable.
 */
public final class PathRule {

    /** The text that turns a rule's (or the default) limits off. */
    public static final String OFF = "off";

    /**
     * The methods a rule may name: RFC 9110's, PATCH (RFC 5789) and WebDAV's (RFC 4918). Anything else is
     * refused, so a typo such as {@code PSOT} cannot leave login attempts unlimited.
     */
    public static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
            "OPTIONS", "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK");

    private final Set<String> methods; // empty: every method
    private final String pattern;
    private final List<Rate> rates;

    private PathRule(Set<String> methods, String pattern, List<Rate> rates) {
        this.methods = methods;
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
        return new PathRule(Set.of(), pattern, List.copyOf(rates));
    }

    /**
     * This rule restricted to {@code methods} ({@code GET}, {@code POST}, ...; upper case, as HTTP writes
     * them); none means every method.
     *
     * @throws ConfigurationException when a method is not one of {@link #KNOWN_METHODS}
     */
    public PathRule onMethods(String... methods) {
        return onMethods(List.of(methods));
    }

    /** As {@link #onMethods(String...)}. */
    public PathRule onMethods(Collection<String> methods) {
        String where = dev.originguard.settings.Setting.RATE_LIMIT_PATHS.key();
        Set<String> checked = new LinkedHashSet<>();
        for (String m : methods) {
            checked.add(method(where, Objects.requireNonNull(m, where), toString()));
        }
        return new PathRule(Set.copyOf(checked), pattern, rates);
    }

    private static String method(String where, String token, String entry) {
        if (KNOWN_METHODS.contains(token)) {
            return token;
        }
        String upper = token.toUpperCase(Locale.ROOT);
        String hint = KNOWN_METHODS.contains(upper) ? ": HTTP methods are written in upper case, did you mean "
                + upper + "?" : ": expected one of " + String.join(", ", KNOWN_METHODS.stream().sorted().toList());
        throw new ConfigurationException(where, token, "is not an HTTP method (in the rule " + entry + ")" + hint);
    }

    // "POST /login", "GET, HEAD /x" or "/x": the methods are the words before the pattern, which starts with
    // '/' or '*' (or, for a malformed pattern, after the last space).
    private static PathRule parse(String where, String target, List<Rate> rates, String entry) {
        int start = 0;
        while (start < target.length() && target.charAt(start) != '/' && target.charAt(start) != '*') {
            start++;
        }
        if (start == target.length()) {
            int space = Math.max(target.lastIndexOf(' '), target.lastIndexOf('\t'));
            start = space < 0 ? 0 : space + 1;
        }
        if (start == 0) {
            return of(where, target, rates);
        }
        String pattern = target.substring(start).strip();
        String head = target.substring(0, start);
        if (!Character.isWhitespace(head.charAt(head.length() - 1))) {
            throw new ConfigurationException(where, entry,
                    "has no space between the methods and the pattern: expected such as POST /login=5/1m");
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String token : head.strip().split(",", -1)) {
            String t = token.strip();
            if (t.isEmpty()) {
                throw new ConfigurationException(where, entry,
                        "has an empty method: expected methods separated by commas, such as GET,HEAD /search=30/1m");
            }
            methods.add(method(where, t, entry));
        }
        PathRule rule = of(where, pattern, rates);
        return new PathRule(Set.copyOf(methods), rule.pattern, rule.rates);
    }

    /**
     * Parses {@code rateLimitPaths}: entries {@code [<methods> ]<pattern>=<rates>|off} separated by semicolons
     * or line breaks, such as {@code POST /login=5/1m; /api/*=1000/1h; /health=off}; methods are separated by
     * commas ({@code GET,HEAD /search=30/1m}).
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
            rules.add(parse(where, entry.substring(0, eq).strip(),
                    rates.equalsIgnoreCase(OFF) ? List.of() : Rate.parseList(where, rates), entry.strip()));
        }
        if (rules.isEmpty()) {
            throw new ConfigurationException(where, value, "has no path rule: expected entries such as /login=5/1m");
        }
        return List.copyOf(rules);
    }

    /**
     * The methods this rule applies to, upper case; empty (the default) when it applies to every method.
     * A rule naming GET also applies to HEAD.
     */
    public Set<String> methods() {
        return methods;
    }

    /**
     * Whether this rule applies to a request with {@code method}: always without methods; else when the
     * method is named, compared ignoring case (a framework may route {@code post} as POST), HEAD counting as
     * GET. A null method (unknown) matches only rules without methods.
     */
    public boolean appliesTo(String method) {
        if (methods.isEmpty()) {
            return true;
        }
        if (method == null) {
            return false;
        }
        for (String m : methods) {
            if (m.equalsIgnoreCase(method) || (m.equals("GET") && method.equalsIgnoreCase("HEAD"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this rule covers a request with {@code method} on {@code path} (inside the application, context
     * path removed), as the rate limiter matches it: {@code /exact}, {@code /prefix/*} (the prefix itself and
     * everything under it, not {@code /prefixed}), {@code *.ext}; methods as {@link #appliesTo(String)}.
     */
    public boolean matches(String method, String path) {
        if (!appliesTo(method) || path == null) {
            return false;
        }
        if (pattern.startsWith("*.")) {
            return path.endsWith(pattern.substring(1));
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
        }
        return path.equals(pattern);
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

    /** {@code [<methods> ]<pattern>=<rates>} or {@code ...=off}, the syntax it was parsed from. */
    @Override
    public String toString() {
        String target = methods.isEmpty() ? pattern
                : String.join(",", methods.stream().sorted().toList()) + " " + pattern;
        return target + "=" + (rates.isEmpty() ? OFF : Rate.toString(rates));
    }
}
