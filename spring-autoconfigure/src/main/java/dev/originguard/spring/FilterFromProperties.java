package dev.originguard.spring;

import dev.originguard.ConfigurationException;
import dev.originguard.internal.Redaction;
import dev.originguard.internal.DurationText;
import dev.originguard.OriginSecret;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.servlet.OriginGuardFilter;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.Setting;
import dev.originguard.settings.SettingsText;
import dev.originguard.source.RefreshSettings;
import dev.originguard.source.StartupPolicy;
import dev.originguard.event.OriginGuardListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds an {@link OriginGuardFilter} from {@link OriginGuardProperties} through the filter's own builders, with
 * the typed values, so the checks are those of the init-params. A refused value is rethrown as a
 * {@link ConfigurationException} whose {@code where} is the Spring property ({@code originguard.max-hops}).
 */
final class FilterFromProperties {

    static final String PREFIX = "originguard.";

    private static final String OFF = "off";
    private static final Pattern POLICY = Pattern.compile("\\bstartupPolicy=([A-Z_]+)");
    private static final Pattern WORD = Pattern.compile("(?<![\\w.-])[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)?\\b");

    private FilterFromProperties() {
    }

    /**
     * The configured filter, its range sources loaded.
     *
     * @throws ConfigurationException naming the {@code originguard.*} property, the value and why
     */
    static OriginGuardFilter build(OriginGuardProperties p) {
        return build(p, null, OriginGuardListener.NONE);
    }

    /**
     * The configured filter telling {@code listener} of every change; with {@code originguard.policy-file}, its
     * settings are read from that file together with the {@code originguard.*} settings {@code environment} sets
     * (a setting in both stops start-up naming both).
     *
     * @throws ConfigurationException naming the {@code originguard.*} property or the file and line, the value
     *                                and why
     */
    static OriginGuardFilter build(OriginGuardProperties p, Environment environment, OriginGuardListener listener) {
        if (p.getPolicyFile() != null) {
            Duration poll = required("policy-poll-interval", p.getPolicyPollInterval());
            DurationText.inRange(PREFIX + "policy-poll-interval", DurationText.format(poll), poll,
                    dev.originguard.policy.PolicyFile.MIN_POLL_INTERVAL, dev.originguard.policy.PolicyFile.MAX_POLL_INTERVAL);
            try {
                return OriginGuardFilter.builder()
                        .policyFile(p.getPolicyFile(), environment == null ? Map.of() : appSettings(environment),
                                SettingsText.PROPERTIES, "application property")
                        .policyPollInterval(poll)
                        .listener(listener)
                        .build();
            } catch (ConfigurationException e) {
                throw e.where().startsWith(PREFIX) || e.where().contains(":") ? e : asProperty(e);
            }
        }
        OriginGuardSettings settings = settings(p);
        try {
            return OriginGuardFilter.of(settings, listener);
        } catch (ConfigurationException e) {
            throw asProperty(e);
        }
    }

    /**
     * The filter settings the environment sets itself, as text by property name: with a policy file these are
     * the application's own, and a setting also in the file is refused. Lists (YAML sequences, indexed keys) are
     * joined as the file joins them; a plain value is taken as written.
     */
    static Map<String, String> appSettings(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            String name = PREFIX + s.property();
            String plain;
            try {
                plain = binder.bind(name, Bindable.of(String.class)).orElse(null);
            } catch (RuntimeException e) {
                plain = null; // a list or a group: read below
            }
            if (plain != null) {
                out.put(name, plain);
                continue;
            }
            var list = binder.bind(name, Bindable.listOf(String.class));
            if (list.isBound()) {
                String separator = s.kind() == Setting.Kind.PATH_RULES || s.kind() == Setting.Kind.SOURCES
                        ? "; " : ", ";
                out.put(name, String.join(separator, list.get()));
            }
        }
        return out;
    }

    /**
     * The settings the properties describe, checked but nothing started: the servlet and the WebFlux filter
     * are both built from these.
     *
     * @throws ConfigurationException naming the {@code originguard.*} property, the value and why
     */
    static OriginGuardSettings settings(OriginGuardProperties p) {
        try {
            OriginGuardSettings.Builder b = OriginGuardSettings.builder()
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
            // The property starts at the default header; with client-ip-sources only a changed one is a conflict.
            if (p.getClientIpHeader() != null && (p.getClientIpSources() == null
                    || !p.getClientIpHeader().equals(dev.originguard.ClientIpResolver.DEFAULT_HEADER))) {
                b.clientIpHeader(p.getClientIpHeader());
            }
            if (!p.getClientIpHeaderFrom().isEmpty()) {
                b.clientIpHeaderFrom(joined(p.getClientIpHeaderFrom()));
            }
            if (p.getProxyCertificate() != null) {
                b.proxyCertificate(p.getProxyCertificate());
            }
            if (!p.getProxyCertificateFrom().isEmpty()) {
                b.proxyCertificateFrom(joined(p.getProxyCertificateFrom()));
            }
            if (p.getTlsSchemes() != null) {
                b.tlsSchemes(p.getTlsSchemes());
            }
            if (p.getClientIpSources() != null) {
                b.clientIpSources(p.getClientIpSources());
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

    /** {@code e} with its setting name replaced by the property's, the rest of {@code where} kept. */
    static ConfigurationException asProperty(ConfigurationException e) {
        if (e.where().startsWith(PREFIX)) {
            return e;
        }
        // The settings table names the property; the reason is reworded into the same vocabulary.
        String where = SettingsText.rename(e, SettingsText.PROPERTIES).where();
        ConfigurationException mapped = new ConfigurationException(where, e.value(), inSpringTerms(e.reason()));
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
                RefreshSettings.MIN_INTERVAL, RefreshSettings.MAX_INTERVAL);
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
                    "is missing: " + PREFIX + "origin-secret.header and " + PREFIX
                    + "origin-secret.values go together");
        }
        if (s.getValues().isEmpty()) {
            throw new ConfigurationException(PREFIX + "origin-secret.values", "",
                    "is missing: " + PREFIX + "origin-secret.header and " + PREFIX
                    + "origin-secret.values go together");
        }
        // OriginSecret names a bad value by its position only, never by its text.
        return OriginSecret.of(s.getHeader().strip(), s.getValues().stream().map(v -> v == null ? "" : v.strip())
                .toList());
    }

    /**
     * Rate-limit settings through {@link RateLimitSettings#builder()} with the typed values, or null when
     * {@code limits} is unset (or off with no paths rule): then no other rate-limit property may be set.
     */
    static RateLimitSettings rateLimit(OriginGuardProperties.RateLimit r) {
        // YAML 1.1 reads an unquoted off (or no) as false; for limits it means off.
        String limits = r.getLimits().stream().filter(Objects::nonNull).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.equalsIgnoreCase("false") || s.equalsIgnoreCase("no") ? OFF : s)
                .collect(Collectors.joining(", "));
        String paths = r.getPaths().stream().filter(Objects::nonNull).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.joining("; "));
        if (limits.isEmpty() || (limits.equalsIgnoreCase(OFF) && paths.isEmpty())) {
            refuseWithoutLimits(r, paths);
            return null;
        }
        RateLimitSettings.Builder b = RateLimitSettings.builder();
        at("rate-limit.limits", () -> b.limits(limits));
        if (!paths.isEmpty()) {
            at("rate-limit.paths", () -> b.paths(paths));
        }
        String store = required("rate-limit.store", r.getStore());
        at("rate-limit.store", () -> b.store(store));
        b.mode(required("rate-limit.mode", r.getMode()));
        b.failMode(required("rate-limit.fail-mode", r.getFailMode()));
        b.headers(r.isHeaders());
        at("rate-limit.max-clients", () -> b.maxClients(r.getMaxClients()));
        Duration timeout = required("rate-limit.store-timeout", r.getStoreTimeout());
        at("rate-limit.store-timeout", DurationText.format(timeout), () -> b.storeTimeout(timeout));
        Duration connectTimeout = required("rate-limit.store-connect-timeout", r.getStoreConnectTimeout());
        at("rate-limit.store-connect-timeout", DurationText.format(connectTimeout),
                () -> b.storeConnectTimeout(connectTimeout));
        at("rate-limit.store-batch", () -> b.storeBatch(r.getStoreBatch()));
        String prefix = required("rate-limit.key-prefix", r.getKeyPrefix());
        at("rate-limit.key-prefix", () -> b.keyPrefix(prefix));
        Duration interval = required("rate-limit.log-interval", r.getLogInterval());
        at("rate-limit.log-interval", DurationText.format(interval), () -> b.logInterval(interval));
        at("rate-limit.ipv6-aggregate-prefix", () -> b.ipv6AggregatePrefix(r.getIpv6AggregatePrefix()));
        at("rate-limit.ipv6-aggregate-multiple", () -> b.ipv6AggregateMultiple(r.getIpv6AggregateMultiple()));
        RateLimitSettings[] built = new RateLimitSettings[1];
        at("rate-limit.limits", () -> built[0] = b.build());
        return built[0];
    }

    /** Rate limiting is off: a rate-limit property that differs from its default would be silently ignored. */
    private static void refuseWithoutLimits(OriginGuardProperties.RateLimit r, String paths) {
        OriginGuardProperties.RateLimit d = new OriginGuardProperties.RateLimit();
        String[][] set = {
                {"rate-limit.paths", paths.isEmpty() ? null : paths},
                {"rate-limit.store", Objects.equals(r.getStore(), d.getStore()) ? null : redacted(r.getStore())},
                {"rate-limit.mode", r.getMode() == d.getMode() ? null : word(r.getMode())},
                {"rate-limit.fail-mode", r.getFailMode() == d.getFailMode() ? null : word(r.getFailMode())},
                {"rate-limit.headers", r.isHeaders() == d.isHeaders() ? null : String.valueOf(r.isHeaders())},
                {"rate-limit.max-clients", r.getMaxClients() == d.getMaxClients() ? null
                        : String.valueOf(r.getMaxClients())},
                {"rate-limit.store-timeout", Objects.equals(r.getStoreTimeout(), d.getStoreTimeout()) ? null
                        : duration(r.getStoreTimeout())},
                {"rate-limit.store-connect-timeout", Objects.equals(r.getStoreConnectTimeout(),
                        d.getStoreConnectTimeout()) ? null : duration(r.getStoreConnectTimeout())},
                {"rate-limit.store-batch", r.getStoreBatch() == d.getStoreBatch() ? null
                        : String.valueOf(r.getStoreBatch())},
                {"rate-limit.key-prefix", Objects.equals(r.getKeyPrefix(), d.getKeyPrefix()) ? null
                        : r.getKeyPrefix()},
                {"rate-limit.log-interval", Objects.equals(r.getLogInterval(), d.getLogInterval()) ? null
                        : duration(r.getLogInterval())},
                {"rate-limit.ipv6-aggregate-prefix", r.getIpv6AggregatePrefix() == d.getIpv6AggregatePrefix() ? null
                        : String.valueOf(r.getIpv6AggregatePrefix())},
                {"rate-limit.ipv6-aggregate-multiple", r.getIpv6AggregateMultiple() == d.getIpv6AggregateMultiple()
                        ? null : String.valueOf(r.getIpv6AggregateMultiple())}};
        for (String[] s : set) {
            if (s[1] != null) {
                throw new ConfigurationException(PREFIX + s[0], s[1], "is set but " + PREFIX
                        + "rate-limit.limits is not, so rate limiting is off: set " + PREFIX
                        + "rate-limit.limits (such as 100/1m) or remove " + PREFIX + s[0]);
            }
        }
    }

    /** Runs one builder call; a refusal is rethrown naming {@code originguard.<property>}. */
    private static void at(String property, Runnable call) {
        at(property, null, call);
    }

    /** As {@link #at(String, Runnable)}, reporting {@code value} (as the user wrote it) when not null. */
    private static void at(String property, String value, Runnable call) {
        try {
            call.run();
        } catch (ConfigurationException e) {
            ConfigurationException mapped = new ConfigurationException(PREFIX + property,
                    value != null ? value : e.value(), inSpringTerms(e.reason()));
            mapped.initCause(e);
            throw mapped;
        }
    }

    /**
     * A reason with the filter's init-param names ({@code rateLimitPaths}, {@code startupPolicy=CACHE_ELSE_FAIL})
     * replaced by the {@code originguard.*} properties, so a Boot user reads one vocabulary.
     */
    static String inSpringTerms(String reason) {
        Matcher m = POLICY.matcher(reason);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(PREFIX + "ranges.startup="
                    + m.group(1).toLowerCase(Locale.ROOT).replace('_', '-')));
        }
        m.appendTail(sb);
        String text = sb.toString().replace(StartupPolicy.CACHE_ELSE_EMPTY.name(), "cache-else-empty")
                .replace(StartupPolicy.CACHE_ELSE_FAIL.name(), "cache-else-fail");
        m = WORD.matcher(text);
        sb = new StringBuilder();
        while (m.find()) {
            String property = property(m.group());
            m.appendReplacement(sb, Matcher.quoteReplacement(property == null ? m.group() : PREFIX + property));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** An enum constant as a property value is written: {@code report}, {@code cache-else-fail}. */
    private static String word(Enum<?> value) {
        return value == null ? "" : Setting.word(value);
    }

    /** A store URI safe to show: its user info replaced. */
    private static String redacted(String uri) {
        return uri == null ? "" : Redaction.redact(uri);
    }

    /** The property (below {@code originguard.}) of a setting the builders name by its key, or null. */
    private static String property(String key) {
        return Setting.byKey(key).map(Setting::property).orElse(null);
    }

    private static String duration(Duration d) {
        return d == null ? null : DurationText.format(d);
    }
}
