package dev.originguard.ratelimit;

import dev.originguard.ConfigurationException;
import dev.originguard.internal.DurationText;
import dev.originguard.internal.Redaction;
import dev.originguard.settings.Setting;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What rate limiting does, immutable; build it with {@link #builder()} from typed values
 * ({@code limits(Rate.of(100, Duration.ofMinutes(1)))}), or from text through the settings table
 * ({@code rateLimit}, {@code rateLimitPaths}, ... init-params; {@code originguard.rate-limit.*} properties).
 * docs/rate-limiting.md tells the full story.
 *
 * <p>Defaults: store {@value #LOCAL_STORE}, mode {@link Mode#ON}, fail mode {@link FailMode#OPEN}, headers on,
 * {@value #DEFAULT_MAX_CLIENTS} buckets, a 200 ms store timeout, a 2 s store connect timeout, key prefix {@value #DEFAULT_KEY_PREFIX}, a
 * log line of one kind at most once a minute. The limits have no default: they are required. The rate-limit
 * key's IPv6 prefix ({@code rateLimitIpv6Prefix}) and the whitelist ({@code rateLimitExempt}) are the
 * client-IP resolver's settings: the {@link dev.originguard.Resolution} carries both outcomes.
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

    /** Default bound of the local store, in buckets (one per client per rule). */
    public static final int DEFAULT_MAX_CLIENTS = 100_000;
    /** Default Redis command timeout. */
    public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofMillis(200);
    /**
     * Default time to set up a Redis connection (TCP connect and handshake), apart from the command timeout:
     * a fresh JVM on a loaded machine can take longer than 200 ms for it against a healthy Redis.
     */
    public static final Duration DEFAULT_STORE_CONNECT_TIMEOUT = Duration.ofSeconds(2);
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
    /** Default prefix of the IPv6 network every IPv6 client also draws from: /48, a site's usual allocation. */
    public static final int DEFAULT_IPV6_AGGREGATE_PREFIX = 48;
    /**
     * Default multiple of each rate the IPv6 network's bucket gets: 16 clients' worth, so a household or
     * small office sharing a /48 is not throttled while one user rotating over 65,536 /64s gets 16, not 65,536.
     */
    public static final int DEFAULT_IPV6_AGGREGATE_MULTIPLE = 16;
    /** The most the IPv6 aggregate multiple may be. */
    public static final int MAX_IPV6_AGGREGATE_MULTIPLE = 65_536;
    /** Default of {@code rateLimitStoreBatch}: 0, exact (one Redis round trip per request). */
    public static final int DEFAULT_STORE_BATCH = 0;
    /** The largest {@code rateLimitStoreBatch}. */
    public static final int MAX_STORE_BATCH = 10_000;
    /** The {@code rateLimitStore} value of the in-JVM store. */
    public static final String LOCAL_STORE = "local";

    private final List<Rate> limits; // empty: only the path rules limit
    private final List<PathRule> pathRules;
    private final String store; // null: local
    private final Mode mode;
    private final FailMode failMode;
    private final boolean headers;
    private final int maxClients;
    private final Duration storeTimeout;
    private final Duration storeConnectTimeout;
    private final String keyPrefix;
    private final Duration logInterval;
    private final int ipv6AggregatePrefix; // 0: off
    private final int ipv6AggregateMultiple;
    private final int storeBatch;

    private RateLimitSettings(Builder b) {
        this.limits = b.limits;
        this.pathRules = b.pathRules;
        this.store = b.store;
        this.mode = b.mode;
        this.failMode = b.failMode;
        this.headers = b.headers;
        this.maxClients = b.maxClients;
        this.storeTimeout = b.storeTimeout;
        this.storeConnectTimeout = b.storeConnectTimeout;
        this.keyPrefix = b.keyPrefix;
        this.logInterval = b.logInterval;
        this.ipv6AggregatePrefix = b.ipv6AggregatePrefix;
        this.ipv6AggregateMultiple = b.ipv6AggregateMultiple;
        this.storeBatch = b.storeBatch;
    }

    /** A builder with the defaults above; {@link Builder#limits(Rate...)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The shortest store timeout. */
    public static final Duration MIN_STORE_TIMEOUT = Duration.ofMillis(10);
    /** The longest store timeout. */
    public static final Duration MAX_STORE_TIMEOUT = Duration.ofSeconds(10);
    /** The shortest store connect timeout. */
    public static final Duration MIN_STORE_CONNECT_TIMEOUT = Duration.ofMillis(10);
    /** The longest store connect timeout. */
    public static final Duration MAX_STORE_CONNECT_TIMEOUT = Duration.ofMinutes(1);
    /** The shortest log interval. */
    public static final Duration MIN_LOG_INTERVAL = Duration.ofMillis(1);
    /** The longest log interval. */
    public static final Duration MAX_LOG_INTERVAL = Duration.ofDays(1);
    /** The smallest local-store bound. */
    public static final int MIN_MAX_CLIENTS = 100;
    /** The largest local-store bound. */
    public static final int MAX_MAX_CLIENTS = 100_000_000;

    /** The rates every client gets; empty when only the path rules limit ({@code rateLimit=off}). */
    public List<Rate> limits() {
        return limits;
    }

    /** The per-path rules, in the order they are tried. Default none. */
    public List<PathRule> pathRules() {
        return pathRules;
    }

    /** {@value #LOCAL_STORE}, or the Redis URI with any password replaced by {@code ***}. */
    public String store() {
        return store == null ? LOCAL_STORE : Redaction.redact(store);
    }

    /** The Redis URI as configured, credentials included, or null for the local store. Never log it. */
    public String storeUri() {
        return store;
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

    /** The time to set up a Redis connection (connect and handshake). Default 2 s. */
    public Duration storeConnectTimeout() {
        return storeConnectTimeout;
    }

    /** The Redis key prefix. Default {@value #DEFAULT_KEY_PREFIX}. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The least time between two log lines of one kind. Default one minute. */
    public Duration logInterval() {
        return logInterval;
    }

    /**
     * The prefix of the IPv6 network every IPv6 client also draws from ({@code rateLimitIpv6AggregatePrefix}),
     * or 0 when off. Default {@value #DEFAULT_IPV6_AGGREGATE_PREFIX}.
     */
    public int ipv6AggregatePrefix() {
        return ipv6AggregatePrefix;
    }

    /**
     * The multiple of each rate the IPv6 network's bucket allows ({@code rateLimitIpv6AggregateMultiple}).
     * Default {@value #DEFAULT_IPV6_AGGREGATE_MULTIPLE}.
     */
    public int ipv6AggregateMultiple() {
        return ipv6AggregateMultiple;
    }

    /**
     * How many tokens a node may take from a shared bucket before writing them back to Redis
     * ({@code rateLimitStoreBatch}); 0, the default, is exact.
     */
    public int storeBatch() {
        return storeBatch;
    }

    private String limitsText() {
        return limits.isEmpty() ? PathRule.OFF : Rate.toString(limits);
    }

    @Override
    public String toString() {
        StringBuilder paths = new StringBuilder();
        for (PathRule r : pathRules) {
            paths.append(paths.length() > 0 ? "; " : "").append(r);
        }
        return "RateLimitSettings[limits=" + limitsText() + (pathRules.isEmpty() ? "" : ", paths=" + paths)
                + ", store=" + store() + ", mode=" + mode + ", failMode=" + failMode + ", headers=" + headers
                + ", maxClients=" + maxClients + ", storeTimeout=" + DurationText.format(storeTimeout)
                + ", storeConnectTimeout=" + DurationText.format(storeConnectTimeout)
                + (storeBatch == 0 ? "" : ", storeBatch=" + storeBatch)
                + ", keyPrefix=" + keyPrefix + ", logInterval=" + DurationText.format(logInterval)
                + ", ipv6Aggregate=" + (ipv6AggregatePrefix == 0 ? PathRule.OFF
                        : "/" + ipv6AggregatePrefix + " x" + ipv6AggregateMultiple) + "]";
    }

    private static boolean isCluster(String lowerCaseStore) {
        return lowerCaseStore.startsWith("redis-cluster://") || lowerCaseStore.startsWith("rediss-cluster://");
    }

    // Redis Cluster hashes only the text between the first '{' and the next '}', when that is not empty.
    private static boolean hasHashTag(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1;
    }

    /**
     * Configures {@link RateLimitSettings}. Setters validate at once and throw {@link ConfigurationException}
     * naming the setting ({@code rateLimitMaxClients}, ...) they correspond to.
     */
    public static final class Builder {

        private List<Rate> limits;
        private List<PathRule> pathRules = List.of();
        private String store;
        private Mode mode = DEFAULT_MODE;
        private FailMode failMode = DEFAULT_FAIL_MODE;
        private boolean headers = DEFAULT_HEADERS;
        private int maxClients = DEFAULT_MAX_CLIENTS;
        private Duration storeTimeout = DEFAULT_STORE_TIMEOUT;
        private Duration storeConnectTimeout = DEFAULT_STORE_CONNECT_TIMEOUT;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Duration logInterval = DEFAULT_LOG_INTERVAL;
        private int ipv6AggregatePrefix = DEFAULT_IPV6_AGGREGATE_PREFIX;
        private int ipv6AggregateMultiple = DEFAULT_IPV6_AGGREGATE_MULTIPLE;
        private int storeBatch = DEFAULT_STORE_BATCH;

        private Builder() {
        }

        /**
         * The rates every client gets ({@code rateLimit}). Required; none limits only the paths of
         * {@link #paths(List)}.
         */
        public Builder limits(Rate... rates) {
            return limits(List.of(rates));
        }

        /** As {@link #limits(Rate...)}. */
        public Builder limits(List<Rate> rates) {
            this.limits = List.copyOf(Objects.requireNonNull(rates, Setting.RATE_LIMIT.key()));
            return this;
        }

        /** The rates as text, such as {@code 100/1m, 2000/1h}, or {@code off}. */
        public Builder limits(String rates) {
            String key = Setting.RATE_LIMIT.key();
            String r = Objects.requireNonNull(rates, key).strip();
            return limits(r.equalsIgnoreCase(PathRule.OFF) ? List.of() : Rate.parseList(key, r));
        }

        /** Per-path rules ({@code rateLimitPaths}); replaces any earlier rules. The first match applies. */
        public Builder paths(List<PathRule> rules) {
            this.pathRules = List.copyOf(Objects.requireNonNull(rules, Setting.RATE_LIMIT_PATHS.key()));
            return this;
        }

        /** Per-path rules as text, such as {@code /login=5/1m; /api/*=1000/1h; /health=off}. */
        public Builder paths(String rules) {
            String key = Setting.RATE_LIMIT_PATHS.key();
            return paths(PathRule.parseList(key, Objects.requireNonNull(rules, key)));
        }

        /**
         * A Redis URI ({@code redis://}, {@code rediss://}, {@code redis-sentinel://}, {@code redis-cluster://},
         * {@code rediss-cluster://}) ({@code rateLimitStore}).
         */
        public Builder store(URI store) {
            return store(Objects.requireNonNull(store, Setting.RATE_LIMIT_STORE.key()).toString());
        }

        /**
         * {@code local} or a Redis URI such as {@code redis://:secret@redis.internal:6379/0}, a Sentinel set-up
         * {@code redis-sentinel://s1:26379,s2:26379/0#mymaster} or a Redis Cluster
         * {@code redis-cluster://:secret@h1:7000,h2:7000,h3:7000} (seed nodes; the rest is discovered)
         * ({@code rateLimitStore}). Default local.
         */
        public Builder store(String store) {
            String key = Setting.RATE_LIMIT_STORE.key();
            String s = Objects.requireNonNull(store, key).strip();
            if (s.equalsIgnoreCase(LOCAL_STORE)) {
                this.store = null;
                return this;
            }
            String lower = s.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("redis://") && !lower.startsWith("rediss://")
                    && !lower.startsWith("redis-sentinel://") && !isCluster(lower)) {
                throw new ConfigurationException(key, Redaction.redact(s), "is not a store: expected local or a "
                        + "redis://, rediss://, redis-sentinel://, redis-cluster:// or rediss-cluster:// URI");
            }
            try {
                new URI(s);
            } catch (URISyntaxException e) {
                throw new ConfigurationException(key, Redaction.redact(s), "is not a valid URI (" + e.getReason() + ")");
            }
            this.store = s;
            return this;
        }

        /** {@link Mode#ON} or {@link Mode#REPORT} ({@code rateLimitMode}). Default ON. */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, Setting.RATE_LIMIT_MODE.key());
            return this;
        }

        /** What a store failure does ({@code rateLimitFailMode}). Default OPEN. */
        public Builder failMode(FailMode failMode) {
            this.failMode = Objects.requireNonNull(failMode, Setting.RATE_LIMIT_FAIL_MODE.key());
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
                throw new ConfigurationException(Setting.RATE_LIMIT_MAX_CLIENTS.key(), String.valueOf(maxClients),
                        "is out of range: it must be between " + MIN_MAX_CLIENTS + " and " + MAX_MAX_CLIENTS);
            }
            this.maxClients = maxClients;
            return this;
        }

        /** The Redis command timeout, 10ms to 10s ({@code rateLimitStoreTimeout}). Default 200ms. */
        public Builder storeTimeout(Duration timeout) {
            String key = Setting.RATE_LIMIT_STORE_TIMEOUT.key();
            Objects.requireNonNull(timeout, key);
            this.storeTimeout = DurationText.inRange(key, DurationText.format(timeout), timeout,
                    MIN_STORE_TIMEOUT, MAX_STORE_TIMEOUT);
            return this;
        }

        /**
         * The time to set up a Redis connection, TCP connect and handshake (HELLO, AUTH, the first PING),
         * 10ms to 1m ({@code rateLimitStoreConnectTimeout}); commands keep {@link #storeTimeout}. Default 2s.
         */
        public Builder storeConnectTimeout(Duration timeout) {
            String key = Setting.RATE_LIMIT_STORE_CONNECT_TIMEOUT.key();
            Objects.requireNonNull(timeout, key);
            this.storeConnectTimeout = DurationText.inRange(key, DurationText.format(timeout), timeout,
                    MIN_STORE_CONNECT_TIMEOUT, MAX_STORE_CONNECT_TIMEOUT);
            return this;
        }

        /** The Redis key prefix ({@code rateLimitKeyPrefix}). Default {@value #DEFAULT_KEY_PREFIX}. */
        public Builder keyPrefix(String prefix) {
            String key = Setting.RATE_LIMIT_KEY_PREFIX.key();
            Objects.requireNonNull(prefix, key);
            if (prefix.isEmpty() || prefix.length() > 200 || !prefix.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new ConfigurationException(key, prefix,
                        "is not a key prefix: expected 1 to 200 visible ASCII characters");
            }
            this.keyPrefix = prefix;
            return this;
        }

        /** The least time between two log lines of one kind ({@code rateLimitLogInterval}). Default 1m. */
        public Builder logInterval(Duration interval) {
            String key = Setting.RATE_LIMIT_LOG_INTERVAL.key();
            Objects.requireNonNull(interval, key);
            this.logInterval = DurationText.inRange(key, DurationText.format(interval), interval,
                    MIN_LOG_INTERVAL, MAX_LOG_INTERVAL);
            return this;
        }

        /**
         * The prefix, 1 to 127, of the IPv6 network every IPv6 client also draws from, in a bucket of its own
         * with {@link #ipv6AggregateMultiple(int)} times each rate; 0 turns it off
         * ({@code rateLimitIpv6AggregatePrefix}, where {@code off} means 0). Default 48. It only adds a limit
         * when shorter than {@code rateLimitIpv6Prefix} (64).
         */
        public Builder ipv6AggregatePrefix(int prefixLength) {
            if (prefixLength < 0 || prefixLength > 127) {
                throw new ConfigurationException(Setting.RATE_LIMIT_IPV6_AGGREGATE_PREFIX.key(),
                        String.valueOf(prefixLength), "is out of range: it must be between 1 and 127, or 0 (off)");
            }
            this.ipv6AggregatePrefix = prefixLength;
            return this;
        }

        /**
         * How many times each rate the IPv6 network's bucket allows, 1 to 65,536
         * ({@code rateLimitIpv6AggregateMultiple}). Default 16.
         */
        public Builder ipv6AggregateMultiple(int multiple) {
            if (multiple < 1 || multiple > MAX_IPV6_AGGREGATE_MULTIPLE) {
                throw new ConfigurationException(Setting.RATE_LIMIT_IPV6_AGGREGATE_MULTIPLE.key(),
                        String.valueOf(multiple), "is out of range: it must be between 1 and "
                        + MAX_IPV6_AGGREGATE_MULTIPLE);
            }
            this.ipv6AggregateMultiple = multiple;
            return this;
        }

        /**
         * Redis store only: 0 (default) keeps every shared bucket exact, one round trip per request; n (1 to
         * 10,000) lets each node take up to n tokens of a client's bucket on its own and write them back
         * together (at the latest after 1 s), so a busy client costs a round trip per n requests, and each
         * node may admit up to n more than the limit before it sees the others' share
         * ({@code rateLimitStoreBatch}).
         */
        public Builder storeBatch(int batch) {
            if (batch < 0 || batch > MAX_STORE_BATCH) {
                throw new ConfigurationException(Setting.RATE_LIMIT_STORE_BATCH.key(), String.valueOf(batch),
                        "is out of range: it must be between 0 (exact) and " + MAX_STORE_BATCH);
            }
            this.storeBatch = batch;
            return this;
        }

        /**
         * The settings.
         *
         * @throws ConfigurationException when no limits are set, or none are left to apply
         */
        public RateLimitSettings build() {
            String key = Setting.RATE_LIMIT.key();
            if (limits == null) {
                throw new ConfigurationException(key, "", "is required: set the rates, such as 100/1m");
            }
            if (store != null && isCluster(store.toLowerCase(Locale.ROOT)) && hasHashTag(keyPrefix)) {
                throw new ConfigurationException(Setting.RATE_LIMIT_KEY_PREFIX.key(), keyPrefix, "holds a Redis hash "
                        + "tag ({...}): on a Redis Cluster store every bucket would hash to one slot, on one node; "
                        + "remove the braces");
            }
            if (limits.isEmpty() && pathRules.stream().noneMatch(PathRule::limited)) {
                throw new ConfigurationException(key, PathRule.OFF,
                        "leaves nothing to limit: no rateLimitPaths rule has rates");
            }
            return new RateLimitSettings(this);
        }
    }
}
