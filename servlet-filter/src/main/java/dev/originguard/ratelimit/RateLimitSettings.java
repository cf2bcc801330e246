package dev.originguard.ratelimit;

import dev.originguard.DurationText;

import dev.originguard.ConfigurationException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The rate-limit stage's configuration, immutable; build it with {@link #builder()} or read it from filter
 * init-params with {@link #parse(Function)}. docs/rate-limiting.md tells the full story.
 *
 * <p>Init-params and defaults:
 * <ul>
 * <li>{@code rateLimit}: the rates every client gets, {@code <requests>/<period>} separated by commas
 *     ({@code 100/1m, 2000/1h}); the period's unit is s, m, h or d. Unset: no rate limiting. {@code off}: only
 *     the paths of {@code rateLimitPaths} are limited (no rate limiting when there are none).</li>
 * <li>{@code rateLimitPaths}: per-path rules {@code <pattern>=<rates>|off} separated by {@code ;}, patterns in
 *     servlet url-pattern syntax ({@code /login}, {@code /api/*}, {@code *.php}); the first matching rule
 *     replaces {@code rateLimit} for its paths, with buckets of its own. Default none.</li>
 * <li>{@code rateLimitStore}: {@code local} (default: buckets in this JVM) or a {@code redis://} /
 *     {@code rediss://} URI (buckets shared by every node; needs {@code io.lettuce:lettuce-core}).</li>
 * <li>{@code rateLimitMode}: {@code on} (default) rejects with 429; {@code report} counts and logs only.</li>
 * <li>{@code rateLimitFailMode}: what a store failure does, {@code open} (default: serve) or {@code closed}
 *     (reject with 503).</li>
 * <li>{@code rateLimitHeaders}: {@code on} (default) sends {@code RateLimit-Policy} and {@code RateLimit};
 *     {@code off} sends only {@code Retry-After} on 429.</li>
 * <li>{@code rateLimitMaxClients}: the most buckets the local store keeps (one per client per rule),
 *     default {@value #DEFAULT_MAX_CLIENTS}; beyond it the least valuable are evicted.</li>
 * <li>{@code rateLimitStoreTimeout}: the Redis command timeout, default 200ms.</li>
 * <li>{@code rateLimitKeyPrefix}: the Redis key prefix, default {@value #DEFAULT_KEY_PREFIX}.</li>
 * <li>{@code rateLimitLogInterval}: the least time between two log lines about limited requests or store
 *     failures, default 1m.</li>
 * </ul>
 * The rate-limit key's IPv6 prefix ({@code rateLimitIpv6Prefix}) and the whitelist ({@code rateLimitExempt})
 * are the client-IP resolver's settings: the {@link dev.originguard.Resolution} carries both outcomes.
 */
public final class RateLimitSettings {

    /** Whether limited requests are rejected or only reported. */
    public enum Mode {
        /** Reject limited requests with 429. */
        ON,
        /** Count and log limited requests, reject nothing, add no headers. */
        REPORT
    }

    /** What a request gets when the bucket store cannot be reached in time. */
    public enum FailMode {
        /** Serve the request unlimited, count the error, log a warning once per interval. */
        OPEN,
        /** Reject the request with 503 and {@code Retry-After: 1}. */
        CLOSED
    }

    /** Init-param: the rates every client gets. */
    public static final String RATE_LIMIT = "rateLimit";
    /** Init-param: per-path rules. */
    public static final String RATE_LIMIT_PATHS = "rateLimitPaths";
    /** Init-param: {@code local} or a Redis URI. */
    public static final String RATE_LIMIT_STORE = "rateLimitStore";
    /** Init-param: {@code on} or {@code report}. */
    public static final String RATE_LIMIT_MODE = "rateLimitMode";
    /** Init-param: {@code open} or {@code closed}. */
    public static final String RATE_LIMIT_FAIL_MODE = "rateLimitFailMode";
    /** Init-param: {@code on} or {@code off}. */
    public static final String RATE_LIMIT_HEADERS = "rateLimitHeaders";
    /** Init-param: the local store's bucket bound. */
    public static final String RATE_LIMIT_MAX_CLIENTS = "rateLimitMaxClients";
    /** Init-param: the Redis command timeout. */
    public static final String RATE_LIMIT_STORE_TIMEOUT = "rateLimitStoreTimeout";
    /** Init-param: the Redis key prefix. */
    public static final String RATE_LIMIT_KEY_PREFIX = "rateLimitKeyPrefix";
    /** Init-param: the least time between two log lines of one kind. */
    public static final String RATE_LIMIT_LOG_INTERVAL = "rateLimitLogInterval";

    /** Default bound of the local store, in buckets (one per client per rule). */
    public static final int DEFAULT_MAX_CLIENTS = 100_000;
    /** Default Redis command timeout. */
    public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofMillis(200);
    /** Default least time between two log lines of one kind. */
    public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofMinutes(1);
    /** Default Redis key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "originguard:rl:";
    /** Default mode: limited requests are rejected. */
    public static final Mode DEFAULT_MODE = Mode.ON;
    /** Default fail mode: a store failure serves the request. */
    public static final FailMode DEFAULT_FAIL_MODE = FailMode.OPEN;
    /** Default of {@code rateLimitHeaders}: the headers are sent. */
    public static final boolean DEFAULT_HEADERS = true;
    /** The {@code rateLimitStore} value of the in-JVM store. */
    public static final String LOCAL_STORE = "local";

    private final LimitRule defaultRule;
    private final List<LimitRule> pathRules;
    private final String store; // null: local
    private final Mode mode;
    private final FailMode failMode;
    private final boolean headers;
    private final int maxClients;
    private final Duration storeTimeout;
    private final String keyPrefix;
    private final Duration logInterval;

    private RateLimitSettings(Builder b) {
        this.defaultRule = LimitRule.defaultRule(b.limits);
        this.pathRules = b.pathRules;
        this.store = b.store;
        this.mode = b.mode;
        this.failMode = b.failMode;
        this.headers = b.headers;
        this.maxClients = b.maxClients;
        this.storeTimeout = b.storeTimeout;
        this.keyPrefix = b.keyPrefix;
        this.logInterval = b.logInterval;
    }

    /** A builder with the defaults above; {@link Builder#limits(String)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the settings from init-params, or returns null when {@code rateLimit} is unset, blank or
     * {@code off} (rate limiting off).
     *
     * @param initParameter the init-param lookup, such as {@code filterConfig::getInitParameter}; returns
     *                      null for an unset param
     * @throws ConfigurationException naming the init-param, its value and why it is refused; also when
     *                                another {@code rateLimit*} param is set while {@code rateLimit} is not
     */
    public static RateLimitSettings parse(Function<String, String> initParameter) {
        String limits = trimmed(initParameter.apply(RATE_LIMIT));
        boolean pathsOnly = limits != null && limits.equalsIgnoreCase(LimitRule.OFF)
                && trimmed(initParameter.apply(RATE_LIMIT_PATHS)) != null;
        if (limits == null || (limits.equalsIgnoreCase(LimitRule.OFF) && !pathsOnly)) {
            for (String p : List.of(RATE_LIMIT_PATHS, RATE_LIMIT_STORE, RATE_LIMIT_MODE, RATE_LIMIT_FAIL_MODE,
                    RATE_LIMIT_HEADERS, RATE_LIMIT_MAX_CLIENTS, RATE_LIMIT_STORE_TIMEOUT, RATE_LIMIT_KEY_PREFIX,
                    RATE_LIMIT_LOG_INTERVAL)) {
                String v = trimmed(initParameter.apply(p));
                if (v != null) {
                    throw new ConfigurationException(p, p.equals(RATE_LIMIT_STORE) ? redacted(v) : v,
                            "is set but rateLimit is not, so rate limiting is off: set rateLimit (such as 100/1m) "
                                    + "or remove " + p);
                }
            }
            return null;
        }
        Builder b = builder().limits(limits);
        String v;
        if ((v = trimmed(initParameter.apply(RATE_LIMIT_PATHS))) != null) {
            b.paths(v);
        }
        if ((v = trimmed(initParameter.apply(RATE_LIMIT_STORE))) != null) {
            b.store(v);
        }
        if ((v = trimmed(initParameter.apply(RATE_LIMIT_MODE))) != null) {
            b.mode(choice(RATE_LIMIT_MODE, v, "on", "report") == 0 ? Mode.ON : Mode.REPORT);
        }
        if ((v = trimmed(initParameter.apply(RATE_LIMIT_FAIL_MODE))) != null) {
            b.failMode(choice(RATE_LIMIT_FAIL_MODE, v, "open", "closed") == 0 ? FailMode.OPEN : FailMode.CLOSED);
        }
        if ((v = trimmed(initParameter.apply(RATE_LIMIT_HEADERS))) != null) {
            b.headers(choice(RATE_LIMIT_HEADERS, v, "on", "off") == 0);
        }
        if ((v = trimmed(initParameter.apply(RATE_LIMIT_MAX_CLIENTS))) != null) {
            b.maxClients(integer(RATE_LIMIT_MAX_CLIENTS, v));
        }
        if ((v = trimmed(initParameter.apply(RATE_LIMIT_STORE_TIMEOUT))) != null) {
            b.storeTimeout(DurationText.parse(RATE_LIMIT_STORE_TIMEOUT, v, MIN_STORE_TIMEOUT, MAX_STORE_TIMEOUT));
        }
        if ((v = trimmed(initParameter.apply(RATE_LIMIT_KEY_PREFIX))) != null) {
            b.keyPrefix(v);
        }
        if ((v = trimmed(initParameter.apply(RATE_LIMIT_LOG_INTERVAL))) != null) {
            b.logInterval(DurationText.parse(RATE_LIMIT_LOG_INTERVAL, v, MIN_LOG_INTERVAL, MAX_LOG_INTERVAL));
        }
        return b.build();
    }

    static final Duration MIN_STORE_TIMEOUT = Duration.ofMillis(10);
    static final Duration MAX_STORE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MIN_LOG_INTERVAL = Duration.ofMillis(1);
    static final Duration MAX_LOG_INTERVAL = Duration.ofDays(1);
    static final int MIN_MAX_CLIENTS = 100;
    static final int MAX_MAX_CLIENTS = 100_000_000;

    private static String trimmed(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static int choice(String where, String value, String first, String second) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals(first)) {
            return 0;
        }
        if (v.equals(second)) {
            return 1;
        }
        throw new ConfigurationException(where, value, "is not one of: " + first + ", " + second);
    }

    private static int integer(String where, String value) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigurationException(where, value, "is not a whole number");
        }
    }

    /** A store URI safe to log: its password (user info) replaced. */
    static String redacted(String uri) {
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return uri;
        }
        return uri.substring(0, scheme + 3) + "***" + uri.substring(at);
    }

    /** The rates every client gets, in compact syntax ({@code 100/1m, 2000/1h}), or {@code off}. */
    public String limits() {
        return defaultRule.limited() ? Rate.toString(defaultRule.rates()) : LimitRule.OFF;
    }

    /** The per-path rules in {@code rateLimitPaths} syntax, or the empty string when there are none. */
    public String paths() {
        StringBuilder sb = new StringBuilder();
        for (LimitRule r : pathRules) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(r);
        }
        return sb.toString();
    }

    /** {@value #LOCAL_STORE}, or the Redis URI with any password replaced by {@code ***}. */
    public String store() {
        return store == null ? LOCAL_STORE : redacted(store);
    }

    /** Whether limited requests are rejected or only reported. Default {@link Mode#ON}. */
    public Mode mode() {
        return mode;
    }

    /** What a store failure does. Default {@link FailMode#OPEN}. */
    public FailMode failMode() {
        return failMode;
    }

    /** Whether {@code RateLimit-Policy} and {@code RateLimit} headers are sent. Default true. */
    public boolean headers() {
        return headers;
    }

    /** The local store's bound, in buckets. Default {@value #DEFAULT_MAX_CLIENTS}. */
    public int maxClients() {
        return maxClients;
    }

    /** The Redis command timeout. Default 200 ms. */
    public Duration storeTimeout() {
        return storeTimeout;
    }

    /** The Redis key prefix. Default {@value #DEFAULT_KEY_PREFIX}. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The least time between two log lines of one kind. Default one minute. */
    public Duration logInterval() {
        return logInterval;
    }

    LimitRule defaultRule() {
        return defaultRule;
    }

    List<LimitRule> pathRules() {
        return pathRules;
    }

    /** The Redis URI as configured (with credentials), or null for the local store. */
    String storeUri() {
        return store;
    }

    @Override
    public String toString() {
        return "RateLimitSettings[limits=" + limits() + (pathRules.isEmpty() ? "" : ", paths=" + paths())
                + ", store=" + store() + ", mode=" + mode + ", failMode=" + failMode + ", headers=" + headers
                + ", maxClients=" + maxClients + ", storeTimeout=" + DurationText.format(storeTimeout)
                + ", keyPrefix=" + keyPrefix + ", logInterval=" + DurationText.format(logInterval) + "]";
    }

    /**
     * Configures {@link RateLimitSettings}. Setters validate at once and throw {@link ConfigurationException}
     * naming the init-param the setting corresponds to.
     */
    public static final class Builder {

        private List<Rate> limits;
        private List<LimitRule> pathRules = List.of();
        private String store;
        private Mode mode = DEFAULT_MODE;
        private FailMode failMode = DEFAULT_FAIL_MODE;
        private boolean headers = DEFAULT_HEADERS;
        private int maxClients = DEFAULT_MAX_CLIENTS;
        private Duration storeTimeout = DEFAULT_STORE_TIMEOUT;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Duration logInterval = DEFAULT_LOG_INTERVAL;

        private Builder() {
        }

        /**
         * The rates every client gets, such as {@code 100/1m, 2000/1h} ({@code rateLimit}). Required; {@code off}
         * limits only the paths of {@link #paths(String)}.
         */
        public Builder limits(String rates) {
            Objects.requireNonNull(rates, RATE_LIMIT);
            String r = rates.strip();
            this.limits = r.equalsIgnoreCase(LimitRule.OFF) ? List.of() : Rate.parseList(RATE_LIMIT, r);
            return this;
        }

        /**
         * Per-path rules such as {@code /login=5/1m; /api/*=1000/1h; /health=off} ({@code rateLimitPaths});
         * replaces any earlier rules. The first matching rule applies. Default none.
         */
        public Builder paths(String rules) {
            Objects.requireNonNull(rules, RATE_LIMIT_PATHS);
            this.pathRules = LimitRule.parsePaths(RATE_LIMIT_PATHS, rules);
            return this;
        }

        /**
         * {@code local} or a Redis URI such as {@code redis://:secret@redis.internal:6379/0}
         * ({@code rateLimitStore}). Default local.
         */
        public Builder store(String store) {
            Objects.requireNonNull(store, RATE_LIMIT_STORE);
            String s = store.strip();
            if (s.equalsIgnoreCase(LOCAL_STORE)) {
                this.store = null;
                return this;
            }
            String lower = s.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("redis://") && !lower.startsWith("rediss://")
                    && !lower.startsWith("redis-sentinel://")) {
                throw new ConfigurationException(RATE_LIMIT_STORE, redacted(s),
                        "is not a store: expected local or a redis://, rediss:// or redis-sentinel:// URI");
            }
            try {
                new URI(s);
            } catch (URISyntaxException e) {
                throw new ConfigurationException(RATE_LIMIT_STORE, redacted(s),
                        "is not a valid URI (" + e.getReason() + ")");
            }
            this.store = s;
            return this;
        }

        /** {@link Mode#ON} or {@link Mode#REPORT} ({@code rateLimitMode}). Default ON. */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, RATE_LIMIT_MODE);
            return this;
        }

        /** What a store failure does ({@code rateLimitFailMode}). Default OPEN. */
        public Builder failMode(FailMode failMode) {
            this.failMode = Objects.requireNonNull(failMode, RATE_LIMIT_FAIL_MODE);
            return this;
        }

        /** Whether to send {@code RateLimit-Policy} and {@code RateLimit} ({@code rateLimitHeaders}). Default true. */
        public Builder headers(boolean headers) {
            this.headers = headers;
            return this;
        }

        /** The local store's bound in buckets, 100 to 100,000,000 ({@code rateLimitMaxClients}). Default 100,000. */
        public Builder maxClients(int maxClients) {
            if (maxClients < MIN_MAX_CLIENTS || maxClients > MAX_MAX_CLIENTS) {
                throw new ConfigurationException(RATE_LIMIT_MAX_CLIENTS, String.valueOf(maxClients),
                        "is out of range: it must be between " + MIN_MAX_CLIENTS + " and " + MAX_MAX_CLIENTS);
            }
            this.maxClients = maxClients;
            return this;
        }

        /** The Redis command timeout, 10ms to 10s ({@code rateLimitStoreTimeout}). Default 200ms. */
        public Builder storeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, RATE_LIMIT_STORE_TIMEOUT);
            this.storeTimeout = DurationText.inRange(RATE_LIMIT_STORE_TIMEOUT, timeout.toString(), timeout,
                    MIN_STORE_TIMEOUT, MAX_STORE_TIMEOUT);
            return this;
        }

        /** The Redis key prefix ({@code rateLimitKeyPrefix}). Default {@value #DEFAULT_KEY_PREFIX}. */
        public Builder keyPrefix(String prefix) {
            Objects.requireNonNull(prefix, RATE_LIMIT_KEY_PREFIX);
            if (prefix.isEmpty() || prefix.length() > 200 || !prefix.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new ConfigurationException(RATE_LIMIT_KEY_PREFIX, prefix,
                        "is not a key prefix: expected 1 to 200 visible ASCII characters");
            }
            this.keyPrefix = prefix;
            return this;
        }

        /** The least time between two log lines of one kind ({@code rateLimitLogInterval}). Default 1m. */
        public Builder logInterval(Duration interval) {
            Objects.requireNonNull(interval, RATE_LIMIT_LOG_INTERVAL);
            this.logInterval = DurationText.inRange(RATE_LIMIT_LOG_INTERVAL, interval.toString(), interval,
                    MIN_LOG_INTERVAL, MAX_LOG_INTERVAL);
            return this;
        }

        /** The settings. */
        public RateLimitSettings build() {
            if (limits == null) {
                throw new ConfigurationException(RATE_LIMIT, "", "is required: set the rates, such as 100/1m");
            }
            if (limits.isEmpty() && pathRules.stream().noneMatch(LimitRule::limited)) {
                throw new ConfigurationException(RATE_LIMIT, LimitRule.OFF,
                        "leaves nothing to limit: no rateLimitPaths rule has rates");
            }
            return new RateLimitSettings(this);
        }
    }
}
