package dev.originguard.ratelimit.bucket4j;

import dev.originguard.ratelimit.PathRule;
import dev.originguard.ratelimit.Rate;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The rates that apply to a set of paths: the default rule (every path) or one {@code rateLimitPaths} entry.
 * Everything a request needs from it (the Bucket4j configuration, the header text) is built once here.
 */
final class LimitRule {

    private enum Match { ALL, EXACT, PREFIX, EXTENSION }

    private final String pattern; // "*" for the default rule
    private final PathRule source; // null for the default rule
    private final Match match;
    private final String matchText;
    private final List<Rate> rates; // empty: the paths are not limited
    private final BucketConfiguration configuration;
    private final Supplier<BucketConfiguration> configurationSupplier;
    private final String policyField;
    private final String firstPolicyName;
    private final String keyPart;
    private final long fullRefillNanos;
    private final String text;

    private LimitRule(PathRule source, String pattern, Match match, String matchText, List<Rate> rates) {
        this(source, pattern, match, matchText, rates, null);
    }

    /** @param text the rule as shown and hashed into its keys, or null for the rule's own text */
    private LimitRule(PathRule source, String pattern, Match match, String matchText, List<Rate> rates,
            String text) {
        this.source = source;
        this.pattern = pattern;
        this.match = match;
        this.matchText = matchText;
        this.rates = rates;
        if (rates.isEmpty()) {
            this.configuration = null;
            this.policyField = null;
            this.firstPolicyName = null;
            this.fullRefillNanos = 0;
        } else {
            List<Bandwidth> bandwidths = new ArrayList<>(rates.size());
            StringBuilder policy = new StringBuilder();
            long longest = 0;
            for (Rate r : rates) {
                bandwidths.add(bandwidth(r));
                if (policy.length() > 0) {
                    policy.append(", ");
                }
                // draft-ietf-httpapi-ratelimit-headers: one policy item per bandwidth, quota q per window w.
                policy.append('"').append(r).append("\";q=").append(r.requests())
                        .append(";w=").append(r.period().toSeconds());
                longest = Math.max(longest, r.period().toNanos());
            }
            this.configuration = new BucketConfiguration(bandwidths);
            this.policyField = policy.toString();
            this.firstPolicyName = "\"" + rates.get(0) + "\"";
            this.fullRefillNanos = longest;
        }
        BucketConfiguration c = this.configuration;
        this.configurationSupplier = () -> c;
        // Prefixes the client key: a change of rates starts fresh buckets instead of reusing stale ones, and
        // '|' never occurs in a client key, so no rule's key can pass for another's. The methods are part of
        // the text: POST /login and GET /login count in buckets of their own.
        this.text = text != null ? text : source != null ? source.toString()
                : pattern + "=" + (rates.isEmpty() ? PathRule.OFF : Rate.toString(rates));
        String hashed = text != null || source != null ? this.text : pattern + "=" + Rate.toString(rates);
        this.keyPart = Integer.toHexString(hashed.hashCode()) + "|";
    }

    /**
     * The rule every IPv6 client of one network also draws from: each rate times {@code multiple} (capped at
     * {@link Rate#MAX_REQUESTS}) over the same period, in buckets of its own, keyed by the network.
     */
    LimitRule ipv6Aggregate(int prefixLength, int multiple) {
        List<Rate> scaled = new ArrayList<>(rates.size());
        for (Rate r : rates) {
            scaled.add(Rate.of(Math.min(Rate.MAX_REQUESTS, r.requests() * multiple), r.period()));
        }
        return new LimitRule(source, pattern, match, matchText, List.copyOf(scaled),
                this.text + " per IPv6 /" + prefixLength + " (x" + multiple + ")");
    }

    static LimitRule defaultRule(List<Rate> rates) {
        return new LimitRule(null, "*", Match.ALL, "", rates);
    }

    /** The compiled rules of the settings' path rules, in order. */
    static List<LimitRule> compile(List<PathRule> rules) {
        List<LimitRule> compiled = new ArrayList<>(rules.size());
        for (PathRule r : rules) {
            compiled.add(path(r));
        }
        return List.copyOf(compiled);
    }

    // The pattern was validated by PathRule: exact, prefix/* or *.extension.
    private static LimitRule path(PathRule r) {
        String pattern = r.pattern();
        if (pattern.startsWith("*.")) {
            return new LimitRule(r, pattern, Match.EXTENSION, pattern.substring(1), r.rates());
        }
        if (pattern.endsWith("/*")) {
            return new LimitRule(r, pattern, Match.PREFIX, pattern.substring(0, pattern.length() - 2), r.rates());
        }
        return new LimitRule(r, pattern, Match.EXACT, pattern, r.rates());
    }

    /** The Bucket4j bandwidth of a rate: capacity {@code requests}, refilled greedily over {@code period}. */
    static Bandwidth bandwidth(Rate rate) {
        return Bandwidth.builder().capacity(rate.requests()).refillGreedy(rate.requests(), rate.period())
                .id(rate.toString()).build();
    }

    /**
     * Whether this rule applies to a request with {@code method} (null: unknown, which only rules naming no
     * method match) on a path within the application (context path removed).
     */
    boolean matches(String method, String path) {
        return (source == null || source.appliesTo(method)) && matches(path);
    }

    /** Whether this rule's pattern covers a path within the application (context path removed). */
    boolean matches(String path) {
        switch (match) {
            case ALL:
                return true;
            case EXACT:
                return path.equals(matchText);
            case PREFIX:
                // "/api/*" covers "/api" and "/api/..." but not "/apiary"
                return path.startsWith(matchText)
                        && (path.length() == matchText.length() || path.charAt(matchText.length()) == '/');
            default:
                return path.endsWith(matchText);
        }
    }

    /** Whether requests under this rule are counted at all ({@code off} rules are not). */
    boolean limited() {
        return configuration != null;
    }

    String pattern() {
        return pattern;
    }

    List<Rate> rates() {
        return rates;
    }

    BucketConfiguration configuration() {
        return configuration;
    }

    /** The configuration as the supplier Bucket4j's remote buckets take, made once. */
    Supplier<BucketConfiguration> configurationSupplier() {
        return configurationSupplier;
    }

    /** The {@code RateLimit-Policy} field value. */
    String policyField() {
        return policyField;
    }

    /** The quoted name of the policy the {@code RateLimit} field reports on. */
    String firstPolicyName() {
        return firstPolicyName;
    }

    /** A short, stable text that tells this rule's buckets from other rules' in a shared store. */
    String keyPart() {
        return keyPart;
    }

    /** The time an untouched bucket takes to be full again: after it, forgetting the bucket loses nothing. */
    Duration fullRefill() {
        return Duration.ofNanos(fullRefillNanos);
    }

    @Override
    public String toString() {
        return text;
    }
}
