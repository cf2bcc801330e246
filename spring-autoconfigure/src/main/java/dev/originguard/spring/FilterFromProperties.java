package dev.originguard.spring;

import dev.originguard.ConfigurationException;
import dev.originguard.DurationText;
import dev.originguard.OriginSecret;
import dev.originguard.ratelimit.PathRule;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.settings.Setting;
import dev.originguard.settings.SettingsText;
import dev.originguard.servlet.OriginGuardFilter;
import dev.originguard.source.RefreshSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Builds an {@link OriginGuardFilter} from {@link OriginGuardProperties} through the filter's own builder and
 * parsers, so the syntax and checks are those of the init-params. A refused value is rethrown as a
 * {@link ConfigurationException} whose {@code where} is the Spring property ({@code originguard.max-hops}).
 */
final class FilterFromProperties {

    static final String PREFIX = "originguard.";

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

    /** {@code e} with its setting named by its {@code originguard.*} property, the rest of {@code where} kept. */
    static ConfigurationException asProperty(ConfigurationException e) {
        return e.where().startsWith(PREFIX) ? e : SettingsText.rename(e, SettingsText.PROPERTIES);
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
        if (r.getMaxAge() != null && (r.getMaxAge().isNegative() || r.getMaxAge().isZero())) {
            throw new ConfigurationException(PREFIX + "ranges.max-age", DurationText.format(r.getMaxAge()),
                    "must be positive");
        }
        return RefreshSettings.builder()
                .interval(interval)
                .cacheDirectory(r.getCacheDirectory())
                .startupPolicy(required("ranges.startup", r.getStartup()))
                .maxDropFraction(r.getMaxDrop())
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

    /** Rate-limit settings from the typed properties; null when no limits are set (rate limiting off). */
    private static RateLimitSettings rateLimit(OriginGuardProperties.RateLimit r) {
        String limits = joined(r.getLimits());
        String paths = r.getPaths().stream().filter(Objects::nonNull).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.joining("; "));
        OriginGuardProperties.RateLimit defaults = new OriginGuardProperties.RateLimit();
        boolean off = limits.isEmpty() || (limits.equalsIgnoreCase(PathRule.OFF) && paths.isEmpty());
        if (off) {
            refuseWithoutLimits(Setting.RATE_LIMIT_PATHS, paths, "");
            refuseWithoutLimits(Setting.RATE_LIMIT_STORE, r.getStore(), defaults.getStore());
            refuseWithoutLimits(Setting.RATE_LIMIT_MODE, r.getMode(), defaults.getMode());
            refuseWithoutLimits(Setting.RATE_LIMIT_FAIL_MODE, r.getFailMode(), defaults.getFailMode());
            return null;
        }
        RateLimitSettings.Builder b = RateLimitSettings.builder().limits(limits)
                .store(r.getStore())
                .mode(word(Setting.RATE_LIMIT_MODE, r.getMode(), RateLimitSettings.Mode.values()))
                .failMode(word(Setting.RATE_LIMIT_FAIL_MODE, r.getFailMode(), RateLimitSettings.FailMode.values()))
                .headers(r.isHeaders())
                .maxClients(r.getMaxClients())
                .storeTimeout(required("rate-limit.store-timeout", r.getStoreTimeout()))
                .keyPrefix(required("rate-limit.key-prefix", r.getKeyPrefix()))
                .logInterval(required("rate-limit.log-interval", r.getLogInterval()));
        if (!paths.isEmpty()) {
            b.paths(paths);
        }
        return b.build();
    }

    private static void refuseWithoutLimits(Setting setting, String value, String unless) {
        if (value != null && !value.isBlank() && !value.equals(unless)) {
            throw new ConfigurationException(PREFIX + setting.property(),
                    setting == Setting.RATE_LIMIT_STORE ? RateLimitSettings.redacted(value) : value,
                    "is set but " + PREFIX + Setting.RATE_LIMIT.property() + " is not, so rate limiting is off: set "
                            + PREFIX + Setting.RATE_LIMIT.property() + " (such as 100/1m) or remove it");
        }
    }

    private static <E extends Enum<E>> E word(Setting setting, String value, E[] constants) {
        String v = required(setting.property(), value).strip();
        for (E c : constants) {
            if (Setting.word(c).equalsIgnoreCase(v)) {
                return c;
            }
        }
        throw new ConfigurationException(PREFIX + setting.property(), value,
                "is not one of " + String.join(", ", setting.words()));
    }
}
