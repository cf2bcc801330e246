package dev.originguard.settings;

import dev.originguard.ClientIpResolver;
import dev.originguard.internal.DurationText;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.source.RefreshSettings;
import dev.originguard.source.StartupPolicy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The settings table: every setting OriginGuard reads from text, once, with the name it has as an init-param
 * and in a {@code .properties} policy file ({@link #key()}), its Spring Boot / YAML name under
 * {@code originguard.} ({@link #property()}), its kind, its default as the docs show it, and the typed builder
 * call its text becomes. {@link SettingsText} reads text through it; docs/settings.md lists the same rows (a
 * test keeps them equal), and every error names a setting by one of these names.
 */
public enum Setting {

    /** Proxies whose forwarding headers are believed. */
    TRUSTED_PROXIES("trustedProxies", "trusted-proxies", Kind.ADDRESSES, "none",
            (s, d, v) -> d.settings.trustedProxies(v)),
    /** The header holding the client. */
    CLIENT_IP_HEADER("clientIpHeader", "client-ip-header", Kind.HEADER, ClientIpResolver.DEFAULT_HEADER,
            (s, d, v) -> d.settings.clientIpHeader(v)),
    /** What a direct hit gets. */
    LOCK_ORIGIN("lockOrigin", "lock-origin", Kind.CHOICE, "off",
            (s, d, v) -> d.settings.lockOrigin(choice(s, v, LockOrigin.values()))),
    /** Peers a locked origin serves without the proxy. */
    DIRECT_ALLOW("directAllow", "direct-allow", Kind.ADDRESSES, "none", (s, d, v) -> d.settings.directAllow(v)),
    /** Paths a locked origin serves to anyone. */
    LOCK_ORIGIN_EXEMPT_PATHS("lockOriginExemptPaths", "lock-origin-exempt-paths", Kind.PATHS, "none",
            (s, d, v) -> d.settings.lockOriginExemptPaths(v)),
    /** Clients never rate limited. */
    RATE_LIMIT_EXEMPT("rateLimitExempt", "rate-limit-exempt", Kind.ADDRESSES, "none",
            (s, d, v) -> d.settings.rateLimitExempt(v)),
    /** Whether the application still sees forwarding headers. */
    REMOVE_FORWARDING_HEADERS("removeForwardingHeaders", "remove-forwarding-headers", Kind.CHOICE, "off",
            (s, d, v) -> d.settings.removeForwardingHeaders(choice(s, v,
                    RemoveForwardingHeaders.values()))),
    /** Whether a trusted proxy that is the client is rate-limit exempt. */
    EXEMPT_TRUSTED_PROXIES("exemptTrustedProxies", "exempt-trusted-proxies", Kind.SWITCH, "true",
            (s, d, v) -> d.settings.exemptTrustedProxies(onOff(s, v))),
    /** The most header entries examined. */
    MAX_HOPS("maxHops", "max-hops", Kind.WHOLE_NUMBER, String.valueOf(ClientIpResolver.DEFAULT_MAX_HOPS),
            (s, d, v) -> d.settings.maxHops(wholeNumber(s, v))),
    /** The most header characters read. */
    MAX_HEADER_LENGTH("maxHeaderLength", "max-header-length", Kind.WHOLE_NUMBER,
            String.valueOf(ClientIpResolver.DEFAULT_MAX_HEADER_LENGTH),
            (s, d, v) -> d.settings.maxHeaderLength(wholeNumber(s, v))),
    /** The header giving the client's scheme. */
    PROTOCOL_HEADER("protocolHeader", "protocol-header", Kind.HEADER, TrustSettings.DEFAULT_PROTOCOL_HEADER,
            (s, d, v) -> d.settings.protocolHeader(v)),
    /** The scheme values that mean the client used TLS. */
    TLS_SCHEMES("tlsSchemes", "tls-schemes", Kind.TEXT, TrustSettings.DEFAULT_TLS_SCHEMES_TEXT,
            (s, d, v) -> d.settings.tlsSchemes(v)),
    /** The header giving the host the client asked for. */
    HOST_HEADER("hostHeader", "host-header", Kind.HEADER, "none", (s, d, v) -> d.settings.hostHeader(v)),
    /** The header giving the port the client connected to. */
    PORT_HEADER("portHeader", "port-header", Kind.HEADER, "none", (s, d, v) -> d.settings.portHeader(v)),
    /** The proxies whose client-IP header is read. */
    CLIENT_IP_HEADER_FROM("clientIpHeaderFrom", "client-ip-header-from", Kind.ADDRESSES, "every trusted proxy",
            (s, d, v) -> d.settings.clientIpHeaderFrom(v)),
    /** Client-IP headers in order, each bound to the proxies that set it. */
    CLIENT_IP_SOURCES("clientIpSources", "client-ip-sources", Kind.SOURCES, "none",
            (s, d, v) -> d.settings.clientIpSources(v)),
    /** The header carrying the origin secret. */
    ORIGIN_SECRET_HEADER("originSecretHeader", "origin-secret.header", Kind.HEADER, "none",
            (s, d, v) -> d.originSecretHeader = v),
    /** The accepted origin-secret values. */
    ORIGIN_SECRET("originSecret", "origin-secret.values", Kind.SECRET, "none", (s, d, v) -> d.originSecret = v),
    /** The TLS client certificate a trusted proxy must present. */
    PROXY_CERTIFICATE("proxyCertificate", "proxy-certificate", Kind.TEXT, "none",
            (s, d, v) -> d.settings.proxyCertificate(v)),
    /** The proxies that must present it. */
    PROXY_CERTIFICATE_FROM("proxyCertificateFrom", "proxy-certificate-from", Kind.ADDRESSES, "every trusted proxy",
            (s, d, v) -> d.settings.proxyCertificateFrom(v)),
    /** The time between refreshes of each range source. */
    RANGE_REFRESH_INTERVAL("rangeRefreshInterval", "ranges.refresh-interval", Kind.DURATION,
            DurationText.format(RefreshSettings.DEFAULT_INTERVAL),
            (s, d, v) -> d.ranges.interval(DurationText.parse(s.key(), v,
                    RefreshSettings.MIN_INTERVAL, RefreshSettings.MAX_INTERVAL))),
    /** Where each URL source's last good list is kept. */
    RANGE_CACHE_DIRECTORY("rangeCacheDirectory", "ranges.cache-directory", Kind.DIRECTORY, "none",
            (s, d, v) -> d.ranges.cacheDirectory(Path.of(v.strip()))),
    /** What start-up does when a source cannot be loaded. */
    RANGE_STARTUP("rangeStartup", "ranges.startup", Kind.CHOICE, "cache-else-fail",
            (s, d, v) -> d.ranges.startupPolicy(choice(s, v, StartupPolicy.values()))),
    /** The largest fraction of a source one refresh may remove. */
    RANGE_MAX_DROP("rangeMaxDrop", "ranges.max-drop", Kind.FRACTION,
            String.valueOf(RefreshSettings.DEFAULT_MAX_DROP_FRACTION),
            (s, d, v) -> d.ranges.maxDropFraction(fraction(s, v))),
    /** The largest fraction by which one refresh may grow a source's addresses. */
    RANGE_MAX_GROWTH("rangeMaxGrowth", "ranges.max-growth", Kind.FRACTION,
            String.valueOf(RefreshSettings.DEFAULT_MAX_GROWTH_FRACTION),
            (s, d, v) -> d.ranges.maxGrowthFraction(growth(s, v))),
    /** The most IPv4 addresses one source, and one setting, may hold. */
    RANGE_MAX_IPV4_ADDRESSES("rangeMaxIpv4Addresses", "ranges.max-ipv4-addresses", Kind.WHOLE_NUMBER,
            String.valueOf(RefreshSettings.DEFAULT_MAX_IPV4_ADDRESSES),
            (s, d, v) -> d.ranges.maxIpv4Addresses(positiveLong(s, v))),
    /** The most IPv6 /64 networks one source, and one setting, may hold. */
    RANGE_MAX_IPV6_SLASH64S("rangeMaxIpv6Slash64s", "ranges.max-ipv6-slash64s", Kind.WHOLE_NUMBER,
            String.valueOf(RefreshSettings.DEFAULT_MAX_IPV6_SLASH64S),
            (s, d, v) -> d.ranges.maxIpv6Slash64s(positiveLong(s, v))),
    /** The rates every client gets. */
    RATE_LIMIT("rateLimit", "rate-limit.limits", Kind.RATES, "unset (limiting off)",
            (s, d, v) -> d.rateLimit().limits(offWord(v))),
    /** Per-path rate-limit rules. */
    RATE_LIMIT_PATHS("rateLimitPaths", "rate-limit.paths", Kind.PATH_RULES, "none",
            (s, d, v) -> d.rateLimit().paths(v)),
    /** Where the buckets live. */
    RATE_LIMIT_STORE("rateLimitStore", "rate-limit.store", Kind.STORE, RateLimitSettings.LOCAL_STORE,
            (s, d, v) -> d.rateLimit().store(v)),
    /** Whether limited requests are rejected or only reported. */
    RATE_LIMIT_MODE("rateLimitMode", "rate-limit.mode", Kind.CHOICE, "on",
            (s, d, v) -> d.rateLimit().mode(choice(s, v, RateLimitSettings.Mode.values()))),
    /** What a store failure does. */
    RATE_LIMIT_FAIL_MODE("rateLimitFailMode", "rate-limit.fail-mode", Kind.CHOICE, "open",
            (s, d, v) -> d.rateLimit().failMode(choice(s, v,
                    RateLimitSettings.FailMode.values()))),
    /** Whether the RateLimit headers are sent. */
    RATE_LIMIT_HEADERS("rateLimitHeaders", "rate-limit.headers", Kind.SWITCH, "on",
            (s, d, v) -> d.rateLimit().headers(onOff(s, v))),
    /** The local store's bound in buckets. */
    RATE_LIMIT_MAX_CLIENTS("rateLimitMaxClients", "rate-limit.max-clients", Kind.WHOLE_NUMBER,
            String.valueOf(RateLimitSettings.DEFAULT_MAX_CLIENTS),
            (s, d, v) -> d.rateLimit().maxClients(wholeNumber(s, v))),
    /** The Redis command timeout. */
    RATE_LIMIT_STORE_TIMEOUT("rateLimitStoreTimeout", "rate-limit.store-timeout", Kind.DURATION,
            DurationText.format(RateLimitSettings.DEFAULT_STORE_TIMEOUT),
            (s, d, v) -> d.rateLimit().storeTimeout(DurationText.parse(s.key(), v,
                    RateLimitSettings.MIN_STORE_TIMEOUT, RateLimitSettings.MAX_STORE_TIMEOUT))),
    /** The time to set up a Redis connection. */
    RATE_LIMIT_STORE_CONNECT_TIMEOUT("rateLimitStoreConnectTimeout", "rate-limit.store-connect-timeout",
            Kind.DURATION, DurationText.format(RateLimitSettings.DEFAULT_STORE_CONNECT_TIMEOUT),
            (s, d, v) -> d.rateLimit().storeConnectTimeout(DurationText.parse(s.key(), v,
                    RateLimitSettings.MIN_STORE_CONNECT_TIMEOUT, RateLimitSettings.MAX_STORE_CONNECT_TIMEOUT))),
    /** Tokens a node may take from a shared bucket before writing them back; 0 is exact. */
    RATE_LIMIT_STORE_BATCH("rateLimitStoreBatch", "rate-limit.store-batch", Kind.WHOLE_NUMBER,
            String.valueOf(RateLimitSettings.DEFAULT_STORE_BATCH),
            (s, d, v) -> d.rateLimit().storeBatch(wholeNumber(s, v))),
    /** The Redis key prefix. */
    RATE_LIMIT_KEY_PREFIX("rateLimitKeyPrefix", "rate-limit.key-prefix", Kind.TEXT,
            RateLimitSettings.DEFAULT_KEY_PREFIX, (s, d, v) -> d.rateLimit().keyPrefix(v)),
    /** The least time between two log lines of one kind. */
    RATE_LIMIT_LOG_INTERVAL("rateLimitLogInterval", "rate-limit.log-interval", Kind.DURATION,
            DurationText.format(RateLimitSettings.DEFAULT_LOG_INTERVAL),
            (s, d, v) -> d.rateLimit().logInterval(DurationText.parse(s.key(), v,
                    RateLimitSettings.MIN_LOG_INTERVAL, RateLimitSettings.MAX_LOG_INTERVAL))),
    /** The prefix of the IPv6 network every IPv6 client also draws from. */
    RATE_LIMIT_IPV6_AGGREGATE_PREFIX("rateLimitIpv6AggregatePrefix", "rate-limit.ipv6-aggregate-prefix",
            Kind.WHOLE_NUMBER, String.valueOf(RateLimitSettings.DEFAULT_IPV6_AGGREGATE_PREFIX),
            (s, d, v) -> d.rateLimit().ipv6AggregatePrefix(
                    v.strip().equalsIgnoreCase("off") || v.strip().equalsIgnoreCase("false") ? 0 : wholeNumber(s, v))),
    /** The multiple of each rate the IPv6 network's bucket allows. */
    RATE_LIMIT_IPV6_AGGREGATE_MULTIPLE("rateLimitIpv6AggregateMultiple", "rate-limit.ipv6-aggregate-multiple",
            Kind.WHOLE_NUMBER, String.valueOf(RateLimitSettings.DEFAULT_IPV6_AGGREGATE_MULTIPLE),
            (s, d, v) -> d.rateLimit().ipv6AggregateMultiple(wholeNumber(s, v))),
    /** The prefix IPv6 clients are grouped by for rate limiting. */
    RATE_LIMIT_IPV6_PREFIX("rateLimitIpv6Prefix", "rate-limit.ipv6-prefix", Kind.WHOLE_NUMBER,
            String.valueOf(ClientIpResolver.DEFAULT_RATE_LIMIT_IPV6_PREFIX),
            (s, d, v) -> d.settings.rateLimitIpv6Prefix(wholeNumber(s, v)));

    /** What kind of value a setting takes, for docs and tools. */
    public enum Kind {
        /** Addresses, CIDRs, ranges, presets and range sources. */
        ADDRESSES,
        /** An HTTP header name, or {@code none}. */
        HEADER,
        /** One of a few words. */
        CHOICE,
        /** {@code on}/{@code off} (or {@code true}/{@code false}). */
        SWITCH,
        /** A whole number within bounds. */
        WHOLE_NUMBER,
        /** A duration such as {@code 200ms}, {@code 30s}, {@code 1h}. */
        DURATION,
        /** A fraction between 0 and 1. */
        FRACTION,
        /** Paths: exact, or a prefix ending in {@code /*}. */
        PATHS,
        /** Rates such as {@code 100/1m, 2000/1h}, or {@code off}. */
        RATES,
        /** Per-path rate rules such as {@code /login=5/1m; /health=off}. */
        PATH_RULES,
        /** {@code local} or a Redis URI. */
        STORE,
        /** Free text within bounds. */
        TEXT,
        /** Secret values: never shown. */
        SECRET,
        /** A directory. */
        DIRECTORY,
        /** Client-IP sources such as {@code CF-Connecting-IP from cloudflare; X-Forwarded-For from private}. */
        SOURCES
    }

    /** Applies one setting's text to the builders of a {@link SettingsText} read. */
    @FunctionalInterface
    interface Applier {
        void apply(Setting setting, SettingsText.Draft draft, String value);
    }

    private static final Map<String, Setting> BY_KEY = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Setting::key, Function.identity()));
    private static final Map<String, Setting> BY_PROPERTY = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Setting::property, Function.identity()));

    private final String key;
    private final String property;
    private final Kind kind;
    private final String defaultText;
    private final Applier applier;

    Setting(String key, String property, Kind kind, String defaultText, Applier applier) {
        this.key = key;
        this.property = property;
        this.kind = kind;
        this.defaultText = defaultText;
        this.applier = applier;
    }

    /** The init-param and policy-file name, such as {@code rateLimitStore}. */
    public String key() {
        return key;
    }

    /** The Spring Boot / YAML name below {@code originguard.}, such as {@code rate-limit.store}. */
    public String property() {
        return property;
    }

    /** What kind of value it takes. */
    public Kind kind() {
        return kind;
    }

    /** The default as docs/settings.md shows it ({@code none}, {@code 20}, {@code cache-else-fail}). */
    public String defaultText() {
        return defaultText;
    }

    /** The words a {@link Kind#CHOICE} or {@link Kind#SWITCH} setting takes, in order; empty for other kinds. */
    public List<String> words() {
        return switch (this) {
            case LOCK_ORIGIN -> words(LockOrigin.values());
            case REMOVE_FORWARDING_HEADERS -> words(RemoveForwardingHeaders.values());
            case RANGE_STARTUP -> words(StartupPolicy.values());
            case RATE_LIMIT_MODE -> words(RateLimitSettings.Mode.values());
            case RATE_LIMIT_FAIL_MODE -> words(RateLimitSettings.FailMode.values());
            case EXEMPT_TRUSTED_PROXIES, RATE_LIMIT_HEADERS -> List.of("on", "off", "true", "false");
            default -> List.of();
        };
    }

    /** The setting of an init-param or policy-file name, matched exactly. */
    public static Optional<Setting> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The setting of a Spring property name below {@code originguard.}, in kebab-case. */
    public static Optional<Setting> byProperty(String property) {
        return Optional.ofNullable(BY_PROPERTY.get(property));
    }

    /** Whether this is one of the {@code rateLimit*} settings that only mean something with limits set. */
    public boolean isRateLimit() {
        return key.startsWith("rateLimit") && this != RATE_LIMIT_EXEMPT && this != RATE_LIMIT_IPV6_PREFIX;
    }

    void apply(SettingsText.Draft draft, String value) {
        applier.apply(this, draft, value);
    }

    /** Each constant by its name in lower case with '-' for '_': CACHE_ELSE_FAIL is cache-else-fail. */
    static <E extends Enum<E>> List<String> words(E[] constants) {
        return Arrays.stream(constants).map(Setting::word).toList();
    }

    /** The word of one constant, as {@link #words(Enum[])} spells it. */
    public static String word(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant a word stands for, in any case; {@code true} and {@code false} also stand for {@code on} and
     * {@code off} where those are choices, so that unquoted YAML {@code on}/{@code off} (read as booleans) works.
     */
    static <E extends Enum<E>> E choice(Setting setting, String value, E[] constants) {
        String word = value.strip().toLowerCase(Locale.ROOT);
        String alias = word.equals("true") ? "on" : word.equals("false") ? "off" : word;
        for (E c : constants) {
            if (word(c).equals(word) || word(c).equals(alias)) {
                return c;
            }
        }
        throw new dev.originguard.ConfigurationException(setting.key, value,
                "is not one of " + String.join(", ", words(constants)));
    }

    static boolean onOff(Setting setting, String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "on":
            case "true":
                return true;
            case "off":
            case "false":
                return false;
            default:
                throw new dev.originguard.ConfigurationException(setting.key, value, "is not one of on, off, true, false");
        }
    }

    static int wholeNumber(Setting setting, String value) {
        try {
            return Integer.parseInt(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new dev.originguard.ConfigurationException(setting.key, value, "is not a whole number");
        }
    }

    static double fraction(Setting setting, String value) {
        try {
            double d = Double.parseDouble(value.strip());
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new dev.originguard.ConfigurationException(setting.key, value, "is not a fraction between 0 and 1");
    }

    static double growth(Setting setting, String value) {
        try {
            double d = Double.parseDouble(value.strip());
            if (d >= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new dev.originguard.ConfigurationException(setting.key, value,
                "is not a fraction of 0 or more (1.0 allows doubling)");
    }

    static long positiveLong(Setting setting, String value) {
        try {
            long n = Long.parseLong(value.strip().replace("_", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new dev.originguard.ConfigurationException(setting.key, value, "is not a positive whole number");
    }

    // YAML reads an unquoted off as false.
    private static String offWord(String value) {
        return value.strip().equalsIgnoreCase("false") ? "off" : value;
    }
}
