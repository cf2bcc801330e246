package dev.originguard.source;

import dev.originguard.ConfigurationException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * How range sources are fetched, validated and refreshed. Immutable; build with {@link #builder()}, or take
 * {@link #defaults()}.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code interval}</td><td>1 hour</td><td>time between refreshes of each source</td></tr>
 *   <tr><td>{@code jitter}</td><td>0.1</td><td>each delay is randomised by up to this fraction either way,
 *       so a fleet of origins does not fetch in lockstep</td></tr>
 *   <tr><td>{@code initialBackoff}</td><td>30 seconds</td><td>first retry delay after a failure; doubles
 *       with each further failure</td></tr>
 *   <tr><td>{@code maxBackoff}</td><td>30 minutes</td><td>cap on the retry delay</td></tr>
 *   <tr><td>{@code connectTimeout}</td><td>5 seconds</td><td>TCP/TLS connect timeout</td></tr>
 *   <tr><td>{@code readTimeout}</td><td>30 seconds</td><td>limit on the whole fetch, headers, body and every
 *       redirect, measured on the {@code ticker}</td></tr>
 *   <tr><td>{@code maxBodyBytes}</td><td>16 MiB</td><td>larger responses are refused (Azure's service tags
 *       file is about 4 MB)</td></tr>
 *   <tr><td>{@code minPrefixLengthIpv4}</td><td>8</td><td>an entry broader than this refuses the list</td></tr>
 *   <tr><td>{@code minPrefixLengthIpv6}</td><td>24</td><td>likewise for IPv6; {@code /0} is always refused</td></tr>
 *   <tr><td>{@code maxDropFraction}</td><td>0.5</td><td>a refresh removing more than this fraction of the
 *       previous CIDR blocks (a block counts as removed when any of its addresses is gone) is refused; set 1.0 to accept a large, announced change</td></tr>
 *   <tr><td>{@code maxGrowthFraction}</td><td>1.0</td><td>a refresh adding more than this fraction of the
 *       previous addresses (of either family that had any) is refused; raise it for one refresh to accept a
 *       large, announced change</td></tr>
 *   <tr><td>{@code maxIpv4Addresses}</td><td>33,554,432 (2<sup>25</sup>)</td><td>cap on the IPv4 addresses of
 *       one source, and on those the sources add to a setting's inline entries; 8 times CloudFront's 4,147,333
 *       </td></tr>
 *   <tr><td>{@code maxIpv6Slash64s}</td><td>2,199,023,255,552 (2<sup>41</sup>)</td><td>likewise for IPv6,
 *       counted in /64 networks (two /24s); Cloudflare's list is about 6.0 x 10<sup>10</sup></td></tr>
 *   <tr><td>{@code cacheDirectory}</td><td>none</td><td>where each URL source's last good set is written
 *       atomically, and read at start-up when the source is unreachable</td></tr>
 *   <tr><td>{@code startupPolicy}</td><td>{@link StartupPolicy#CACHE_ELSE_FAIL}</td><td>what to do when a
 *       source cannot be loaded at start-up</td></tr>
 *   <tr><td>{@code allowPlainHttp}</td><td>false</td><td>allow {@code http://} URLs and redirects to
 *       {@code http://}; without it plain HTTP is accepted only as a configured URL on a loopback host</td></tr>
 *   <tr><td>{@code clock}</td><td>{@link Clock#systemUTC()}</td><td>the wall clock, for the times shown to
 *       people: {@link SourceStatus#lastAttempt()}, {@link SourceStatus#lastSuccess()}, the cache file's
 *       time</td></tr>
 *   <tr><td>{@code ticker}</td><td>{@link System#nanoTime()}</td><td>monotonic nanoseconds, for the
 *       durations measured ({@link SourceStatus#age()}, the fetch deadline), so a wall-clock step does not
 *       change them</td></tr>
 *   <tr><td>{@code scheduler}</td><td>none: each {@link LiveAddressSet} with refreshed sources starts its own
 *       daemon thread {@code originguard-refresh-N}</td><td>runs the scheduled refreshes</td></tr>
 * </table>
 *
 * <p>{@code clock}, {@code ticker} and {@code scheduler} can be set only in code, not by a text setting: they
 * let an application run refreshes on its own threads and a test drive time without waiting.
 *
 * <p>Besides each entry, the merged set is checked: no merged CIDR block broader than the minimum prefix
 * lengths (256 {@code /8}s are {@code 0.0.0.0/0}), per source and for the whole setting (inline entries plus
 * sources; a broad block wholly inside the inline entries is the operator's own choice and allowed).
 *
 * <p>HTTP requests use the JVM's default {@link java.net.ProxySelector} (the {@code https.proxyHost},
 * {@code http.proxyHost} and {@code http.nonProxyHosts} system properties).
 */
public final class RefreshSettings {

    /** The default time between refreshes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
    /** The shortest interval a text setting ({@code rangeRefreshInterval}) may ask for. */
    public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
    /** The longest interval a text setting may ask for. */
    public static final Duration MAX_INTERVAL = Duration.ofDays(7);
    /** The default largest fraction of a source's blocks one refresh may remove. */
    public static final double DEFAULT_MAX_DROP_FRACTION = 0.5;
    /** The default start-up policy. */
    public static final StartupPolicy DEFAULT_STARTUP_POLICY = StartupPolicy.CACHE_ELSE_FAIL;
    /** Default {@code maxGrowthFraction}: a refresh may at most double the addresses of a family. */
    public static final double DEFAULT_MAX_GROWTH_FRACTION = 1.0;

    /** Default {@code maxIpv4Addresses}: 2^25, 8 times AWS CloudFront's 4,147,333 IPv4 addresses. */
    public static final long DEFAULT_MAX_IPV4_ADDRESSES = 1L << 25;

    /**
     * Default {@code maxIpv6Slash64s}: 2^41 /64 networks (two /24s), about 36 times Cloudflare's IPv6 list
     * (6.0 x 10^10 /64s) and 1,500 times CloudFront's (1.4 x 10^9).
     */
    public static final long DEFAULT_MAX_IPV6_SLASH64S = 1L << 41;

    private static final RefreshSettings DEFAULTS = builder().build();

    private final Duration interval;
    private final double jitter;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final long maxBodyBytes;
    private final int minPrefixLengthIpv4;
    private final int minPrefixLengthIpv6;
    private final double maxDropFraction;
    private final double maxGrowthFraction;
    private final long maxIpv4Addresses;
    private final long maxIpv6Slash64s;
    private final Path cacheDirectory;
    private final StartupPolicy startupPolicy;
    private final boolean allowPlainHttp;
    private final Clock clock;
    private final LongSupplier ticker;
    private final RefreshScheduler scheduler;

    private RefreshSettings(Builder b) {
        interval = b.interval;
        jitter = b.jitter;
        initialBackoff = b.initialBackoff;
        maxBackoff = b.maxBackoff;
        connectTimeout = b.connectTimeout;
        readTimeout = b.readTimeout;
        maxBodyBytes = b.maxBodyBytes;
        minPrefixLengthIpv4 = b.minPrefixLengthIpv4;
        minPrefixLengthIpv6 = b.minPrefixLengthIpv6;
        maxDropFraction = b.maxDropFraction;
        maxGrowthFraction = b.maxGrowthFraction;
        maxIpv4Addresses = b.maxIpv4Addresses;
        maxIpv6Slash64s = b.maxIpv6Slash64s;
        cacheDirectory = b.cacheDirectory;
        startupPolicy = b.startupPolicy;
        allowPlainHttp = b.allowPlainHttp;
        clock = b.clock;
        ticker = b.ticker;
        scheduler = b.scheduler;
    }

    /** The defaults listed in the class description. */
    public static RefreshSettings defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Time between refreshes of each source; default 1 hour. */
    public Duration interval() {
        return interval;
    }

    /** Fraction by which each delay is randomised either way; default 0.1. */
    public double jitter() {
        return jitter;
    }

    /** First retry delay after a failure; default 30 seconds. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** Cap on the retry delay; default 30 minutes. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** Connect timeout; default 5 seconds. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Limit on a whole fetch (headers, body, redirects), on the {@link #ticker()}; default 30 seconds. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Largest accepted response body; default 16 MiB. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Broadest accepted IPv4 entry; default 8. */
    public int minPrefixLengthIpv4() {
        return minPrefixLengthIpv4;
    }

    /** Broadest accepted IPv6 entry; default 24. */
    public int minPrefixLengthIpv6() {
        return minPrefixLengthIpv6;
    }

    /** Largest accepted drop, as a fraction of the previous CIDR blocks that lose addresses; default 0.5. */
    public double maxDropFraction() {
        return maxDropFraction;
    }

    /** Largest accepted growth, as a fraction of the previous addresses of each family; default 1.0. */
    public double maxGrowthFraction() {
        return maxGrowthFraction;
    }

    /** Cap on IPv4 addresses per source and per setting; default {@link #DEFAULT_MAX_IPV4_ADDRESSES}. */
    public long maxIpv4Addresses() {
        return maxIpv4Addresses;
    }

    /** Cap on IPv6 /64 networks per source and per setting; default {@link #DEFAULT_MAX_IPV6_SLASH64S}. */
    public long maxIpv6Slash64s() {
        return maxIpv6Slash64s;
    }

    /** Where last good sets are cached; empty by default (no cache). */
    public Optional<Path> cacheDirectory() {
        return Optional.ofNullable(cacheDirectory);
    }

    /** What to do when a source cannot be loaded at start-up; default {@link StartupPolicy#CACHE_ELSE_FAIL}. */
    public StartupPolicy startupPolicy() {
        return startupPolicy;
    }

    /** Whether plain {@code http://} is allowed beyond loopback URLs; default false. */
    public boolean allowPlainHttp() {
        return allowPlainHttp;
    }

    /** The wall clock for the times shown in statuses and cache files; default {@link Clock#systemUTC()}. */
    public Clock clock() {
        return clock;
    }

    /** Monotonic nanoseconds for the durations measured (ages, the fetch deadline); default {@link System#nanoTime()}. */
    public LongSupplier ticker() {
        return ticker;
    }

    /** What runs the scheduled refreshes; empty by default (a daemon thread per {@link LiveAddressSet}). */
    public Optional<RefreshScheduler> scheduler() {
        return Optional.ofNullable(scheduler);
    }

    /** Builds {@link RefreshSettings}; starts from the defaults. Not thread-safe. */
    public static final class Builder {

        private Duration interval = DEFAULT_INTERVAL;
        private double jitter = 0.1;
        private Duration initialBackoff = Duration.ofSeconds(30);
        private Duration maxBackoff = Duration.ofMinutes(30);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        private long maxBodyBytes = 16L * 1024 * 1024;
        private int minPrefixLengthIpv4 = 8;
        private int minPrefixLengthIpv6 = 24;
        private double maxDropFraction = DEFAULT_MAX_DROP_FRACTION;
        private double maxGrowthFraction = DEFAULT_MAX_GROWTH_FRACTION;
        private long maxIpv4Addresses = DEFAULT_MAX_IPV4_ADDRESSES;
        private long maxIpv6Slash64s = DEFAULT_MAX_IPV6_SLASH64S;
        private Path cacheDirectory;
        private StartupPolicy startupPolicy = DEFAULT_STARTUP_POLICY;
        private boolean allowPlainHttp;
        private Clock clock = Clock.systemUTC();
        private LongSupplier ticker = System::nanoTime;
        private RefreshScheduler scheduler;

        private Builder() {
        }

        /** Time between refreshes; positive. */
        public Builder interval(Duration value) {
            interval = positive(value, "interval");
            return this;
        }

        /** Fraction (0 to 0.5) by which each delay is randomised either way. */
        public Builder jitter(double value) {
            if (!(value >= 0 && value <= 0.5)) {
                throw new ConfigurationException("jitter", String.valueOf(value), "must be between 0 and 0.5");
            }
            jitter = value;
            return this;
        }

        /** First retry delay after a failure; positive. */
        public Builder initialBackoff(Duration value) {
            initialBackoff = positive(value, "initialBackoff");
            return this;
        }

        /** Cap on the retry delay; positive. */
        public Builder maxBackoff(Duration value) {
            maxBackoff = positive(value, "maxBackoff");
            return this;
        }

        /** Connect timeout; positive. */
        public Builder connectTimeout(Duration value) {
            connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /** Limit on a whole response; positive. */
        public Builder readTimeout(Duration value) {
            readTimeout = positive(value, "readTimeout");
            return this;
        }

        /** Largest accepted body in bytes; positive. */
        public Builder maxBodyBytes(long value) {
            if (value <= 0) {
                throw new ConfigurationException("maxBodyBytes", String.valueOf(value), "must be positive");
            }
            maxBodyBytes = value;
            return this;
        }

        /** Broadest accepted IPv4 entry, 1 to 32 ({@code /0} is never accepted). */
        public Builder minPrefixLengthIpv4(int value) {
            if (value < 1 || value > 32) {
                throw new ConfigurationException("minPrefixLengthIpv4", String.valueOf(value), "must be 1 to 32");
            }
            minPrefixLengthIpv4 = value;
            return this;
        }

        /** Broadest accepted IPv6 entry, 1 to 128 ({@code /0} is never accepted). */
        public Builder minPrefixLengthIpv6(int value) {
            if (value < 1 || value > 128) {
                throw new ConfigurationException("minPrefixLengthIpv6", String.valueOf(value), "must be 1 to 128");
            }
            minPrefixLengthIpv6 = value;
            return this;
        }

        /** Largest accepted drop, 0 to 1 (1 accepts any drop that leaves the list non-empty). */
        public Builder maxDropFraction(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new ConfigurationException("maxDropFraction", String.valueOf(value), "must be between 0 and 1");
            }
            maxDropFraction = value;
            return this;
        }

        /**
         * Largest accepted growth, 0 or more (as a fraction of the previous addresses of each family; 1.0
         * allows doubling; {@code Double.POSITIVE_INFINITY} accepts any growth within the caps).
         */
        public Builder maxGrowthFraction(double value) {
            if (!(value >= 0)) {
                throw new ConfigurationException("maxGrowthFraction", String.valueOf(value), "must be 0 or more");
            }
            maxGrowthFraction = value;
            return this;
        }

        /** Cap on the IPv4 addresses of one source and of a whole setting; 1 to 2^32. */
        public Builder maxIpv4Addresses(long value) {
            if (value < 1 || value > (1L << 32)) {
                throw new ConfigurationException("maxIpv4Addresses", String.valueOf(value), "must be 1 to 4294967296");
            }
            maxIpv4Addresses = value;
            return this;
        }

        /** Cap on the IPv6 addresses of one source and of a whole setting, in /64 networks; positive. */
        public Builder maxIpv6Slash64s(long value) {
            if (value < 1) {
                throw new ConfigurationException("maxIpv6Slash64s", String.valueOf(value), "must be positive");
            }
            maxIpv6Slash64s = value;
            return this;
        }

        /** Directory for the cache files, created if missing; null for no cache. */
        public Builder cacheDirectory(Path value) {
            cacheDirectory = value;
            return this;
        }

        /** What to do when a source cannot be loaded at start-up. */
        public Builder startupPolicy(StartupPolicy value) {
            startupPolicy = Objects.requireNonNull(value, "startupPolicy");
            return this;
        }

        /** Allow plain {@code http://} URLs and redirects anywhere (not recommended). */
        public Builder allowPlainHttp(boolean value) {
            allowPlainHttp = value;
            return this;
        }

        /**
         * The wall clock for the times shown to people ({@link SourceStatus#lastAttempt()},
         * {@link SourceStatus#lastSuccess()}, the cache file's time). Default {@link Clock#systemUTC()}.
         */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Monotonic nanoseconds from an arbitrary origin, as {@link System#nanoTime()} returns them, for the
         * durations measured ({@link SourceStatus#age()}, the fetch deadline). Default {@code System::nanoTime}.
         */
        public Builder ticker(LongSupplier value) {
            ticker = Objects.requireNonNull(value, "ticker");
            return this;
        }

        /**
         * What runs the scheduled refreshes; null (the default) for a daemon thread
         * {@code originguard-refresh-N} started by each {@link LiveAddressSet} with refreshed sources and
         * stopped by its {@link LiveAddressSet#close() close()}. A scheduler set here is shared, never shut down
         * by OriginGuard; {@code close()} cancels the set's pending refreshes on it.
         */
        public Builder scheduler(RefreshScheduler value) {
            scheduler = value;
            return this;
        }

        /** The immutable settings. */
        public RefreshSettings build() {
            return new RefreshSettings(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new ConfigurationException(name, String.valueOf(value), "must be positive");
            }
            return value;
        }
    }
}
