package dev.originguard.spring;

import dev.originguard.ConfigurationException;
import dev.originguard.DurationText;
import dev.originguard.OriginSecret;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.servlet.OriginGuardFilter;
import dev.originguard.source.RefreshSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Builds an {@link OriginGuardFilter} from {@link OriginGuardProperties} through the filter's own builder and
 * parsers, so the syntax and checks are those of the init-params. A refused value is rethrown as a
 * {@link ConfigurationException} whose {@code where} is the Spring property ({@code originguard.max-hops}).
 */
final class FilterFromProperties {

    static final String PREFIX = "originguard.";

    /** The filter's setting names (as its exceptions report them) and the properties they come from. */
    private static final Map<String, String> PROPERTY_OF = Map.ofEntries(
            Map.entry("trustedProxies", "trusted-proxies"),
            Map.entry("clientIpHeader", "client-ip-header"),
            Map.entry("clientIpHeaderFrom", "client-ip-header-from"),
            Map.entry("lockOrigin", "lock-origin"),
            Map.entry("directAllow", "direct-allow"),
            Map.entry("lockOriginExemptPaths", "lock-origin-exempt-paths"),
            Map.entry("rateLimitExempt", "rate-limit-exempt"),
            Map.entry("maxHops", "max-hops"),
            Map.entry("exemptTrustedProxies", "exempt-trusted-proxies"),
            Map.entry("removeForwardingHeaders", "remove-forwarding-headers"),
            Map.entry("maxHeaderLength", "max-header-length"),
            Map.entry("protocolHeader", "protocol-header"),
            Map.entry("hostHeader", "host-header"),
            Map.entry("portHeader", "port-header"),
            Map.entry("rateLimitIpv6Prefix", "rate-limit.ipv6-prefix"),
            Map.entry("originSecret.header", "origin-secret.header"),
            Map.entry("originSecret.values", "origin-secret.values"),
            Map.entry(RateLimitSettings.RATE_LIMIT, "rate-limit.limits"),
            Map.entry(RateLimitSettings.RATE_LIMIT_PATHS, "rate-limit.paths"),
            Map.entry(RateLimitSettings.RATE_LIMIT_STORE, "rate-limit.store"),
            Map.entry(RateLimitSettings.RATE_LIMIT_MODE, "rate-limit.mode"),
            Map.entry(RateLimitSettings.RATE_LIMIT_FAIL_MODE, "rate-limit.fail-mode"),
            Map.entry(RateLimitSettings.RATE_LIMIT_HEADERS, "rate-limit.headers"),
            Map.entry(RateLimitSettings.RATE_LIMIT_MAX_CLIENTS, "rate-limit.max-clients"),
            Map.entry(RateLimitSettings.RATE_LIMIT_STORE_TIMEOUT, "rate-limit.store-timeout"),
            Map.entry(RateLimitSettings.RATE_LIMIT_KEY_PREFIX, "rate-limit.key-prefix"),
            Map.entry(RateLimitSettings.RATE_LIMIT_LOG_INTERVAL, "rate-limit.log-interval"));

    private static final Duration MIN_REFRESH = Duration.ofMinutes(1);
    private static final Duration MAX_REFRESH = Duration.ofDays(7);

    private FilterFromProperties() {
    }

    /**
     * The configured filter, its range sources loaded.
     *
     * @throws ConfigurationException naming the {@code originguard.*} property, the value and why
     */
    static OriginGuardFilter build(OriginGuardProperties p) {
        try {
            OriginGuardFilter.Builder b = OriginGuardFilter.builder()
                    .trustedProxies(joined(p.getTrustedProxies()))
                    .directAllow(joined(p.getDirectAllow()))
                    .rateLimitExempt(joined(p.getRateLimitExempt()))
                    .lockOrigin(required("lock-origin", p.getLockOrigin()))
                    .maxHops(p.getMaxHops())
                    .exemptTrustedProxies(p.isExemptTrustedProxies())
                    .removeForwardingHeaders(required("remove-forwarding-headers", p.getRemoveForwardingHeaders()))
                    .maxHeaderLength(p.getMaxHeaderLength())
                    .rateLimitIpv6Prefix(p.getRateLimit().getIpv6Prefix())
                    .rangeRefresh(refresh(p.getRanges()))
                    .rateLimit(rateLimit(p.getRateLimit()))
                    .originSecret(originSecret(p.getOriginSecret()));
            if (p.getClientIpHeader() != null) {
                b.clientIpHeader(p.getClientIpHeader());
            }
            if (!p.getClientIpHeaderFrom().isEmpty()) {
                b.clientIpHeaderFrom(joined(p.getClientIpHeaderFrom()));
            }
            if (!p.getLockOriginExemptPaths().isEmpty()) {
                b.lockOriginExemptPaths(p.getLockOriginExemptPaths().toArray(String[]::new));
            }
            if (p.getProtocolHeader() != null) {
                b.protocolHeader(p.getProtocolHeader());
            }
            if (p.getHostHeader() != null) {
                b.hostHeader(p.getHostHeader());
            }
            if (p.getPortHeader() != null) {
                b.portHeader(p.getPortHeader());
            }
            return b.build();
        } catch (ConfigurationException e) {
            throw asProperty(e);
        }
    }

    /** The refresh interval after which a source counts as stale: max-age, or 3 x refresh-interval. */
    static Duration maxAge(OriginGuardProperties.Ranges ranges) {
        return ranges.getMaxAge() != null ? ranges.getMaxAge() : ranges.getRefreshInterval().multipliedBy(3);
    }

    /** {@code e} with its setting name replaced by the property's, the rest of {@code where} kept. */
    static ConfigurationException asProperty(ConfigurationException e) {
        String where = e.where();
        if (where.startsWith(PREFIX)) {
            return e;
        }
        int end = 0;
        while (end < where.length() && (Character.isLetterOrDigit(where.charAt(end)) || where.charAt(end) == '.')) {
            end++;
        }
        String property = PROPERTY_OF.get(where.substring(0, end));
        if (property == null) {
            return e;
        }
        ConfigurationException mapped = new ConfigurationException(PREFIX + property + where.substring(end),
                e.value(), e.reason());
        mapped.initCause(e);
        return mapped;
    }

    private static String joined(List<String> entries) {
        return entries.stream().filter(Objects::nonNull).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.joining(", "));
    }

    private static <T> T required(String property, T value) {
        if (value == null) {
            throw new ConfigurationException(PREFIX + property, "", "must be set");
        }
        return value;
    }

    private static RefreshSettings refresh(OriginGuardProperties.Ranges r) {
        Duration interval = required("ranges.refresh-interval", r.getRefreshInterval());
        DurationText.inRange(PREFIX + "ranges.refresh-interval", DurationText.format(interval), interval,
                MIN_REFRESH, MAX_REFRESH);
        if (!(r.getMaxDrop() >= 0 && r.getMaxDrop() <= 1)) {
            throw new ConfigurationException(PREFIX + "ranges.max-drop", String.valueOf(r.getMaxDrop()),
                    "is not a fraction between 0 and 1");
        }
        if (!(r.getMaxGrowth() >= 0)) {
            throw new ConfigurationException(PREFIX + "ranges.max-growth", String.valueOf(r.getMaxGrowth()),
                    "is not a fraction of 0 or more (1.0 allows doubling)");
        }
        if (r.getMaxIpv4Addresses() < 1 || r.getMaxIpv4Addresses() > (1L << 32)) {
            throw new ConfigurationException(PREFIX + "ranges.max-ipv4-addresses",
                    String.valueOf(r.getMaxIpv4Addresses()), "must be 1 to 4294967296");
        }
        if (r.getMaxIpv6Slash64s() < 1) {
            throw new ConfigurationException(PREFIX + "ranges.max-ipv6-slash64s",
                    String.valueOf(r.getMaxIpv6Slash64s()), "must be positive");
        }
        if (r.getMaxAge() != null && (r.getMaxAge().isNegative() || r.getMaxAge().isZero())) {
            throw new ConfigurationException(PREFIX + "ranges.max-age", DurationText.format(r.getMaxAge()),
                    "must be positive");
        }
        return RefreshSettings.builder()
                .interval(interval)
                .cacheDirectory(r.getCacheDirectory())
                .startupPolicy(required("ranges.startup", r.getStartup()))
                .maxDropFraction(r.getMaxDrop())
                .maxGrowthFraction(r.getMaxGrowth())
                .maxIpv4Addresses(r.getMaxIpv4Addresses())
                .maxIpv6Slash64s(r.getMaxIpv6Slash64s())
                .build();
    }

    private static OriginSecret originSecret(OriginGuardProperties.OriginSecret s) {
        boolean header = s.getHeader() != null && !s.getHeader().isBlank();
        if (!header && s.getValues().isEmpty()) {
            return null;
        }
        if (!header) {
            throw new ConfigurationException(PREFIX + "origin-secret.header", "",
                    "is missing: origin-secret.header and origin-secret.values go together");
        }
        if (s.getValues().isEmpty()) {
            throw new ConfigurationException(PREFIX + "origin-secret.values", "",
                    "is missing: origin-secret.header and origin-secret.values go together");
        }
        // OriginSecret names a bad value by its position only, never by its text.
        return OriginSecret.of(s.getHeader().strip(), s.getValues().stream().map(v -> v == null ? "" : v.strip())
                .toList());
    }

    /** Rate-limit settings through the init-param parser; only values that differ from the defaults are passed. */
    private static RateLimitSettings rateLimit(OriginGuardProperties.RateLimit r) {
        OriginGuardProperties.RateLimit defaults = new OriginGuardProperties.RateLimit();
        Map<String, String> params = new HashMap<>();
        putIf(params, RateLimitSettings.RATE_LIMIT, joined(r.getLimits()), "");
        putIf(params, RateLimitSettings.RATE_LIMIT_PATHS, r.getPaths().stream().filter(Objects::nonNull)
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.joining("; ")), "");
        putIf(params, RateLimitSettings.RATE_LIMIT_STORE, r.getStore(), defaults.getStore());
        putIf(params, RateLimitSettings.RATE_LIMIT_MODE, r.getMode(), defaults.getMode());
        putIf(params, RateLimitSettings.RATE_LIMIT_FAIL_MODE, r.getFailMode(), defaults.getFailMode());
        putIf(params, RateLimitSettings.RATE_LIMIT_HEADERS, r.isHeaders() ? "on" : "off", "on");
        putIf(params, RateLimitSettings.RATE_LIMIT_MAX_CLIENTS, String.valueOf(r.getMaxClients()),
                String.valueOf(defaults.getMaxClients()));
        putIf(params, RateLimitSettings.RATE_LIMIT_STORE_TIMEOUT, duration(r.getStoreTimeout()),
                duration(defaults.getStoreTimeout()));
        putIf(params, RateLimitSettings.RATE_LIMIT_KEY_PREFIX, r.getKeyPrefix(), defaults.getKeyPrefix());
        putIf(params, RateLimitSettings.RATE_LIMIT_LOG_INTERVAL, duration(r.getLogInterval()),
                duration(defaults.getLogInterval()));
        return RateLimitSettings.parse(params::get);
    }

    private static void putIf(Map<String, String> params, String name, String value, String unless) {
        if (value != null && !value.equals(unless)) {
            params.put(name, value);
        }
    }

    private static String duration(Duration d) {
        return d == null ? null : DurationText.format(d);
    }
}
