package dev.originguard.settings;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.ConfigurationException;
import dev.originguard.OriginSecret;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.source.LiveAddressSet;
import dev.originguard.source.RefreshSettings;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything OriginGuard is configured with, immutable and validated, one object per concern: whom it trusts
 * and how it reads them ({@link #trust()}), the origin lock ({@link #lock()}), the origin secret, how range
 * sources refresh ({@link #ranges()}) and rate limiting. Nothing is fetched or started here: the filter
 * starts range sources and the rate limiter from these settings, and tools can load and check a
 * configuration without a servlet container.
 *
 * <p>Build it in code with {@link #builder()}, or from text (init-params, a policy file, properties) with
 * {@link SettingsText}, which calls the same builder. The defaults are those of {@link Setting#defaultText()}:
 * nothing trusted, lock off, no origin secret, {@link RefreshSettings#defaults()}, rate limiting off.
 */
public final class OriginGuardSettings {

    private final TrustSettings trust;
    private final LockSettings lock;
    private final OriginSecret originSecret;
    private final RefreshSettings ranges;
    private final RateLimitSettings rateLimit;

    private OriginGuardSettings(Builder b) {
        this.trust = new TrustSettings(b);
        this.lock = new LockSettings(b.lockOrigin, b.exemptPaths);
        this.originSecret = b.originSecret;
        this.ranges = b.ranges;
        this.rateLimit = b.rateLimit;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whom OriginGuard trusts, and how it reads them. */
    public TrustSettings trust() {
        return trust;
    }

    /** The origin lock. */
    public LockSettings lock() {
        return lock;
    }

    /** The origin secret, or null when none is configured (the default). */
    public OriginSecret originSecret() {
        return originSecret;
    }

    /** How range sources are fetched, validated and refreshed. Default {@link RefreshSettings#defaults()}. */
    public RefreshSettings ranges() {
        return ranges;
    }

    /** Rate limiting, or null when it is off (the default). */
    public RateLimitSettings rateLimit() {
        return rateLimit;
    }

    @Override
    public String toString() {
        return "OriginGuardSettings[" + trust + ", " + lock + ", originSecret=" + (originSecret != null)
                + ", rateLimit=" + rateLimit + "]";
    }

    /**
     * Configures {@link OriginGuardSettings}. Each method validates its argument and throws
     * {@link ConfigurationException} naming the setting; {@link #build()} checks the settings together.
     */
    public static final class Builder {

        AddressEntries trustedProxies = AddressEntries.none();
        AddressEntries directAllow = AddressEntries.none();
        AddressEntries rateLimitExempt = AddressEntries.none();
        AddressEntries clientIpHeaderFrom;
        String clientIpHeader = ClientIpResolver.DEFAULT_HEADER;
        int maxHops = ClientIpResolver.DEFAULT_MAX_HOPS;
        int maxHeaderLength = ClientIpResolver.DEFAULT_MAX_HEADER_LENGTH;
        int rateLimitIpv6Prefix = ClientIpResolver.DEFAULT_RATE_LIMIT_IPV6_PREFIX;
        boolean exemptTrustedProxies = true;
        String protocolHeader;
        String hostHeader;
        String portHeader;
        boolean protocolHeaderSet;
        boolean hostHeaderSet;
        RemoveForwardingHeaders removeForwardingHeaders = RemoveForwardingHeaders.OFF;
        LockOrigin lockOrigin = LockOrigin.OFF;
        List<String> exemptPaths = List.of();
        OriginSecret originSecret;
        RefreshSettings ranges = RefreshSettings.defaults();
        RateLimitSettings rateLimit;

        private Builder() {
        }

        /**
         * Trusted proxies as text: addresses, CIDRs, ranges, presets and refreshing sources ({@code cloudflare},
         * {@code aws-cloudfront}, {@code file:/path}, {@code https://...}; see docs/range-sources.md),
         * separated by commas and/or whitespace. Default: none, so no header is believed.
         */
        public Builder trustedProxies(String entries) {
            this.trustedProxies = AddressEntries.of(Objects.requireNonNull(entries, Setting.TRUSTED_PROXIES.key()));
            return this;
        }

        /** The proxies whose forwarding headers are believed. Default: none. */
        public Builder trustedProxies(AddressSet set) {
            this.trustedProxies = AddressEntries.of(Objects.requireNonNull(set, Setting.TRUSTED_PROXIES.key()));
            return this;
        }

        /**
         * The header holding the client: {@code X-Forwarded-For} (default), {@code Forwarded} (RFC 7239) or a
         * single-value header ({@code X-Real-IP}, {@code CF-Connecting-IP}, {@code Ali-Cdn-Real-Ip}, ...).
         */
        public Builder clientIpHeader(String name) {
            String key = Setting.CLIENT_IP_HEADER.key();
            Objects.requireNonNull(name, key);
            if (name.isBlank() || !name.strip().chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                throw new ConfigurationException(key, name, "is not a valid HTTP header name");
            }
            this.clientIpHeader = name.strip();
            return this;
        }

        /** What to do with direct hits on the origin. Default {@link LockOrigin#OFF}. */
        public Builder lockOrigin(LockOrigin mode) {
            this.lockOrigin = Objects.requireNonNull(mode, Setting.LOCK_ORIGIN.key());
            return this;
        }

        /** Peers that may reach a locked origin without the proxy, as text (same syntax). Default: none. */
        public Builder directAllow(String entries) {
            this.directAllow = AddressEntries.of(Objects.requireNonNull(entries, Setting.DIRECT_ALLOW.key()));
            return this;
        }

        /** Peers that may reach a locked origin without the proxy; their headers are not read. Default: none. */
        public Builder directAllow(AddressSet set) {
            this.directAllow = AddressEntries.of(Objects.requireNonNull(set, Setting.DIRECT_ALLOW.key()));
            return this;
        }

        /**
         * Paths inside the application that a locked origin serves to anyone: exact ({@code /health}) or a
         * prefix ending in {@code /*}. Each argument may hold several, separated by commas and/or whitespace.
         * Default: none.
         */
        public Builder lockOriginExemptPaths(String... paths) {
            this.exemptPaths = LockSettings.parseExemptPaths(paths);
            return this;
        }

        /** Clients never rate limited, as text (same syntax). Default: none (trusted proxies are, besides). */
        public Builder rateLimitExempt(String entries) {
            this.rateLimitExempt = AddressEntries.of(Objects.requireNonNull(entries, Setting.RATE_LIMIT_EXEMPT.key()));
            return this;
        }

        /** Clients never rate limited; being exempt never makes an address trusted. Default: none. */
        public Builder rateLimitExempt(AddressSet set) {
            this.rateLimitExempt = AddressEntries.of(Objects.requireNonNull(set, Setting.RATE_LIMIT_EXEMPT.key()));
            return this;
        }

        /**
         * Binds the client-IP header to the proxies that set it, as text (same syntax): a trusted peer outside
         * this set has its header ignored. Default: every trusted proxy.
         */
        public Builder clientIpHeaderFrom(String entries) {
            this.clientIpHeaderFrom = AddressEntries.of(
                    Objects.requireNonNull(entries, Setting.CLIENT_IP_HEADER_FROM.key()));
            return this;
        }

        /** As {@link #clientIpHeaderFrom(String)}. */
        public Builder clientIpHeaderFrom(AddressSet set) {
            this.clientIpHeaderFrom = AddressEntries.of(
                    Objects.requireNonNull(set, Setting.CLIENT_IP_HEADER_FROM.key()));
            return this;
        }

        /** How refreshing range sources are fetched, validated, cached and refreshed. Default: the defaults. */
        public Builder rangeRefresh(RefreshSettings settings) {
            this.ranges = Objects.requireNonNull(settings, "rangeRefresh");
            return this;
        }

        /** Rate limiting keyed on the resolved client; null (the default) turns it off. */
        public Builder rateLimit(RateLimitSettings settings) {
            this.rateLimit = settings;
            return this;
        }

        /** Whether the application still sees the forwarding headers. Default {@link RemoveForwardingHeaders#OFF}. */
        public Builder removeForwardingHeaders(RemoveForwardingHeaders mode) {
            this.removeForwardingHeaders = Objects.requireNonNull(mode, Setting.REMOVE_FORWARDING_HEADERS.key());
            return this;
        }

        /**
         * Whether a trusted proxy is exempt from rate limiting when it is the client (its own probes, or a
         * chain of trusted hops only). Default true. Turn it off on shared-tenant CDN ranges without an origin
         * secret: other customers' requests (a Cloudflare Worker's, say) come from the same addresses.
         */
        public Builder exemptTrustedProxies(boolean exempt) {
            this.exemptTrustedProxies = exempt;
            return this;
        }

        /** The prefix length IPv6 clients are aggregated to for rate limiting, 1 to 128. Default 64. */
        public Builder rateLimitIpv6Prefix(int prefixLength) {
            this.rateLimitIpv6Prefix = TrustSettings.inRange(Setting.RATE_LIMIT_IPV6_PREFIX, prefixLength, 1, 128);
            return this;
        }

        /**
         * A header the proxy must add with one of the accepted secret values; a request from a trusted range
         * without it is treated as a direct request. Default: none.
         */
        public Builder originSecret(OriginSecret secret) {
            this.originSecret = secret;
            return this;
        }

        /** The most header entries examined, 1 to 1000. Default 20. */
        public Builder maxHops(int maxHops) {
            this.maxHops = TrustSettings.inRange(Setting.MAX_HOPS, maxHops, 1, ClientIpResolver.MAX_HOPS);
            return this;
        }

        /** The most header characters read, from the right, 16 to 1048576. Default 8192. */
        public Builder maxHeaderLength(int maxHeaderLength) {
            this.maxHeaderLength = TrustSettings.inRange(Setting.MAX_HEADER_LENGTH, maxHeaderLength,
                    ClientIpResolver.MIN_HEADER_LENGTH, ClientIpResolver.MAX_HEADER_LENGTH);
            return this;
        }

        /**
         * The header reporting the client's scheme; {@code none} (or null) for none, {@code Forwarded} for
         * RFC 7239 {@code proto=}. Default {@code X-Forwarded-Proto}, or {@code Forwarded} when that is the
         * client-IP header.
         */
        public Builder protocolHeader(String name) {
            this.protocolHeader = TrustSettings.headerName(Setting.PROTOCOL_HEADER, name);
            this.protocolHeaderSet = true;
            return this;
        }

        /**
         * The header reporting the host the client asked for; {@code none} (or null) for none, {@code Forwarded}
         * for RFC 7239 {@code host=}. Default none, or {@code Forwarded} when that is the client-IP header.
         * Set it only if your nearest proxy sets or overwrites this header.
         */
        public Builder hostHeader(String name) {
            this.hostHeader = TrustSettings.headerName(Setting.HOST_HEADER, name);
            this.hostHeaderSet = true;
            return this;
        }

        /** The header reporting the port the client connected to; {@code none} (or null) for none. Default none. */
        public Builder portHeader(String name) {
            String header = TrustSettings.headerName(Setting.PORT_HEADER, name);
            if (TrustSettings.FORWARDED.equalsIgnoreCase(header)) {
                throw new ConfigurationException(Setting.PORT_HEADER.key(), name,
                        "has no port parameter; the port comes with hostHeader=Forwarded");
            }
            this.portHeader = header;
            return this;
        }

        /**
         * The settings, checked together: every address-set text parses (no source is fetched), and a lock
         * has something to let through.
         *
         * @throws ConfigurationException naming the setting, the value and why
         */
        public OriginGuardSettings build() {
            check(Setting.TRUSTED_PROXIES, trustedProxies);
            check(Setting.DIRECT_ALLOW, directAllow);
            check(Setting.RATE_LIMIT_EXEMPT, rateLimitExempt);
            if (clientIpHeaderFrom != null) {
                check(Setting.CLIENT_IP_HEADER_FROM, clientIpHeaderFrom);
            }
            // Judged on the settings, not on what the sets will hold: a source that starts empty under
            // rangeStartup=cache-else-empty is configured, and fills on its next successful refresh.
            if (lockOrigin != LockOrigin.OFF && trustedProxies.isNone() && directAllow.isNone()) {
                throw new ConfigurationException(Setting.LOCK_ORIGIN.key(), lockOrigin.name().toLowerCase(Locale.ROOT),
                        "would refuse every request: no trustedProxies and no directAllow are set");
            }
            return new OriginGuardSettings(this);
        }

        private void check(Setting setting, AddressEntries entries) {
            if (entries.text() != null) {
                LiveAddressSet.check(entries.text(), setting.key(), ranges);
            }
        }
    }
}
