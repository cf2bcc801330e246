package dev.originguard.servlet;

import dev.originguard.ConfigurationException;
import dev.originguard.DurationText;
import dev.originguard.OriginSecret;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.source.RefreshSettings;
import dev.originguard.source.StartupPolicy;
import jakarta.servlet.FilterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Reads {@link OriginGuardFilter}'s init-params into its {@link OriginGuardFilter.Builder}. */
final class InitParams {

    static final String TRUSTED_PROXIES = "trustedProxies";
    static final String CLIENT_IP_HEADER = "clientIpHeader";
    static final String LOCK_ORIGIN = "lockOrigin";
    static final String DIRECT_ALLOW = "directAllow";
    static final String LOCK_ORIGIN_EXEMPT_PATHS = "lockOriginExemptPaths";
    static final String RATE_LIMIT_EXEMPT = "rateLimitExempt";
    static final String MAX_HOPS = "maxHops";
    static final String MAX_HEADER_LENGTH = "maxHeaderLength";
    static final String PROTOCOL_HEADER = "protocolHeader";
    static final String HOST_HEADER = "hostHeader";
    static final String PORT_HEADER = "portHeader";
    static final String CLIENT_IP_HEADER_FROM = "clientIpHeaderFrom";
    static final String RATE_LIMIT_IPV6_PREFIX = "rateLimitIpv6Prefix";
    static final String EXEMPT_TRUSTED_PROXIES = "exemptTrustedProxies";
    static final String REMOVE_FORWARDING_HEADERS = "removeForwardingHeaders";
    static final String ORIGIN_SECRET_HEADER = "originSecretHeader";
    static final String ORIGIN_SECRET = "originSecret";
    static final String RANGE_REFRESH_INTERVAL = "rangeRefreshInterval";
    static final String RANGE_CACHE_DIRECTORY = "rangeCacheDirectory";
    static final String RANGE_STARTUP = "rangeStartup";
    static final String RANGE_MAX_DROP = "rangeMaxDrop";
    static final String RANGE_MAX_GROWTH = "rangeMaxGrowth";
    static final String RANGE_MAX_IPV4_ADDRESSES = "rangeMaxIpv4Addresses";
    static final String RANGE_MAX_IPV6_SLASH64S = "rangeMaxIpv6Slash64s";

    /** Every init-param the filter reads; another name is a typo that would silently weaken the setup. */
    static final List<String> NAMES = List.of(TRUSTED_PROXIES, CLIENT_IP_HEADER, LOCK_ORIGIN, DIRECT_ALLOW,
            LOCK_ORIGIN_EXEMPT_PATHS, RATE_LIMIT_EXEMPT, MAX_HOPS, MAX_HEADER_LENGTH, PROTOCOL_HEADER, HOST_HEADER,
            PORT_HEADER, CLIENT_IP_HEADER_FROM, RATE_LIMIT_IPV6_PREFIX, EXEMPT_TRUSTED_PROXIES,
            REMOVE_FORWARDING_HEADERS, ORIGIN_SECRET_HEADER, ORIGIN_SECRET,
            RANGE_REFRESH_INTERVAL, RANGE_CACHE_DIRECTORY, RANGE_STARTUP, RANGE_MAX_DROP,
            RANGE_MAX_GROWTH, RANGE_MAX_IPV4_ADDRESSES, RANGE_MAX_IPV6_SLASH64S,
            RateLimitSettings.RATE_LIMIT, RateLimitSettings.RATE_LIMIT_PATHS, RateLimitSettings.RATE_LIMIT_STORE,
            RateLimitSettings.RATE_LIMIT_MODE, RateLimitSettings.RATE_LIMIT_FAIL_MODE,
            RateLimitSettings.RATE_LIMIT_HEADERS, RateLimitSettings.RATE_LIMIT_MAX_CLIENTS,
            RateLimitSettings.RATE_LIMIT_STORE_TIMEOUT, RateLimitSettings.RATE_LIMIT_KEY_PREFIX,
            RateLimitSettings.RATE_LIMIT_LOG_INTERVAL);

    // The words each choice-valued init-param takes, in the order error messages list them.
    private static final Map<String, LockOrigin> LOCK_ORIGIN_VALUES = words(LockOrigin.values());
    private static final Map<String, RemoveForwardingHeaders> REMOVAL_VALUES = words(RemoveForwardingHeaders.values());
    private static final Map<String, StartupPolicy> STARTUP_VALUES = words(StartupPolicy.values());
    private static final Map<String, Boolean> BOOLEAN_VALUES = booleans();

    private InitParams() {
    }

    /**
     * A builder holding every init-param of {@code config}.
     *
     * @throws ConfigurationException naming the init-param, its value and why it is refused
     */
    static OriginGuardFilter.Builder read(FilterConfig config) {
        for (String name : Collections.list(config.getInitParameterNames())) {
            if (!NAMES.contains(name)) {
                throw new ConfigurationException(name, String.valueOf(config.getInitParameter(name)),
                        "is not a setting of OriginGuardFilter (known: " + String.join(", ", NAMES) + ")");
            }
        }
        OriginGuardFilter.Builder builder = OriginGuardFilter.builder();
        String value;
        if ((value = config.getInitParameter(TRUSTED_PROXIES)) != null) {
            builder.trustedProxies(value);
        }
        if ((value = config.getInitParameter(CLIENT_IP_HEADER)) != null) {
            builder.clientIpHeader(value);
        }
        if ((value = config.getInitParameter(LOCK_ORIGIN)) != null) {
            builder.lockOrigin(oneOf(LOCK_ORIGIN, value, LOCK_ORIGIN_VALUES));
        }
        if ((value = config.getInitParameter(DIRECT_ALLOW)) != null) {
            builder.directAllow(value);
        }
        if ((value = config.getInitParameter(LOCK_ORIGIN_EXEMPT_PATHS)) != null) {
            builder.lockOriginExemptPaths(value);
        }
        if ((value = config.getInitParameter(RATE_LIMIT_EXEMPT)) != null) {
            builder.rateLimitExempt(value);
        }
        if ((value = config.getInitParameter(MAX_HOPS)) != null) {
            builder.maxHops(wholeNumber(MAX_HOPS, value));
        }
        if ((value = config.getInitParameter(MAX_HEADER_LENGTH)) != null) {
            builder.maxHeaderLength(wholeNumber(MAX_HEADER_LENGTH, value));
        }
        if ((value = config.getInitParameter(PROTOCOL_HEADER)) != null) {
            builder.protocolHeader(value);
        }
        if ((value = config.getInitParameter(HOST_HEADER)) != null) {
            builder.hostHeader(value);
        }
        if ((value = config.getInitParameter(PORT_HEADER)) != null) {
            builder.portHeader(value);
        }
        if ((value = config.getInitParameter(CLIENT_IP_HEADER_FROM)) != null) {
            builder.clientIpHeaderFrom(value);
        }
        if ((value = config.getInitParameter(RATE_LIMIT_IPV6_PREFIX)) != null) {
            builder.rateLimitIpv6Prefix(wholeNumber(RATE_LIMIT_IPV6_PREFIX, value));
        }
        if ((value = config.getInitParameter(REMOVE_FORWARDING_HEADERS)) != null) {
            builder.removeForwardingHeaders(oneOf(REMOVE_FORWARDING_HEADERS, value, REMOVAL_VALUES));
        }
        if ((value = config.getInitParameter(EXEMPT_TRUSTED_PROXIES)) != null) {
            builder.exemptTrustedProxies(oneOf(EXEMPT_TRUSTED_PROXIES, value, BOOLEAN_VALUES));
        }
        builder.originSecret(originSecret(config));
        builder.rangeRefresh(rangeRefresh(config));
        builder.rateLimit(RateLimitSettings.parse(config::getInitParameter));
        return builder;
    }

    private static OriginSecret originSecret(FilterConfig config) {
        String header = config.getInitParameter(ORIGIN_SECRET_HEADER);
        String values = config.getInitParameter(ORIGIN_SECRET);
        if (header == null && values == null) {
            return null;
        }
        if (header == null || values == null) {
            String missing = header == null ? ORIGIN_SECRET_HEADER : ORIGIN_SECRET;
            throw new ConfigurationException(missing, "", "is missing: " + ORIGIN_SECRET_HEADER + " and "
                    + ORIGIN_SECRET + " go together");
        }
        // Comma-separated so a rotation can accept the old and the new secret at once.
        try {
            return OriginSecret.of(header.strip(), Arrays.stream(values.split(",")).map(String::strip)
                    .filter(v -> !v.isEmpty()).toList());
        } catch (ConfigurationException e) {
            // Name the init-param the user wrote; the value is already a placeholder, never the secret.
            String param = e.where().endsWith(".header") ? ORIGIN_SECRET_HEADER : ORIGIN_SECRET;
            throw new ConfigurationException(param, e.value(), e.reason());
        }
    }

    private static RefreshSettings rangeRefresh(FilterConfig config) {
        RefreshSettings.Builder refresh = RefreshSettings.builder();
        String value;
        if ((value = config.getInitParameter(RANGE_REFRESH_INTERVAL)) != null) {
            refresh.interval(DurationText.parse(RANGE_REFRESH_INTERVAL, value, Duration.ofMinutes(1), Duration.ofDays(7)));
        }
        if ((value = config.getInitParameter(RANGE_CACHE_DIRECTORY)) != null) {
            refresh.cacheDirectory(Path.of(value.strip()));
        }
        if ((value = config.getInitParameter(RANGE_STARTUP)) != null) {
            refresh.startupPolicy(oneOf(RANGE_STARTUP, value, STARTUP_VALUES));
        }
        if ((value = config.getInitParameter(RANGE_MAX_DROP)) != null) {
            refresh.maxDropFraction(fraction(RANGE_MAX_DROP, value));
        }
        if ((value = config.getInitParameter(RANGE_MAX_GROWTH)) != null) {
            refresh.maxGrowthFraction(growth(RANGE_MAX_GROWTH, value));
        }
        if ((value = config.getInitParameter(RANGE_MAX_IPV4_ADDRESSES)) != null) {
            refresh.maxIpv4Addresses(positiveLong(RANGE_MAX_IPV4_ADDRESSES, value));
        }
        if ((value = config.getInitParameter(RANGE_MAX_IPV6_SLASH64S)) != null) {
            refresh.maxIpv6Slash64s(positiveLong(RANGE_MAX_IPV6_SLASH64S, value));
        }
        return refresh.build();
    }

    private static double growth(String setting, String value) {
        try {
            double d = Double.parseDouble(value.strip());
            if (d >= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(setting, value, "is not a fraction of 0 or more (1.0 allows doubling)");
    }

    private static long positiveLong(String setting, String value) {
        try {
            long n = Long.parseLong(value.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(setting, value, "is not a positive whole number");
    }

    private static double fraction(String setting, String value) {
        try {
            double d = Double.parseDouble(value.strip());
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(setting, value, "is not a fraction between 0 and 1");
    }

    private static int wholeNumber(String setting, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(setting, value, "is not a whole number");
        }
    }

    /** The value a word (any case, trimmed) stands for; otherwise a refusal listing the words. */
    static <T> T oneOf(String setting, String value, Map<String, T> choices) {
        T choice = choices.get(value.strip().toLowerCase(Locale.ROOT));
        if (choice == null) {
            throw new ConfigurationException(setting, value, "is not one of " + String.join(", ", choices.keySet()));
        }
        return choice;
    }

    /** Each constant by its name in lower case with '-' for '_': CACHE_ELSE_FAIL is cache-else-fail. */
    private static <E extends Enum<E>> Map<String, E> words(E[] constants) {
        Map<String, E> map = new LinkedHashMap<>();
        for (E constant : constants) {
            map.put(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'), constant);
        }
        return Collections.unmodifiableMap(map);
    }

    private static Map<String, Boolean> booleans() {
        Map<String, Boolean> map = new LinkedHashMap<>();
        map.put("true", Boolean.TRUE);
        map.put("false", Boolean.FALSE);
        return Collections.unmodifiableMap(map);
    }
}
