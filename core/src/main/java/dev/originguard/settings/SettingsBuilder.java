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
 * The typed settings methods, shared by {@link OriginGuardSettings.Builder} and the servlet filter's builder so
 * both offer the same methods with the same checks and defaults; {@code B} is the concrete builder each method
 * returns. Each method validates its argument and throws {@link ConfigurationException} naming the setting;
 * the concrete builder's {@code build()} checks the settings together. Defaults: those of {@link Setting}.
 */
public abstract class SettingsBuilder<B extends SettingsBuilder<B>> {

    AddressEntries trustedProxies = AddressEntries.none();
    AddressEntries directAllow = AddressEntries.none();
    AddressEntries rateLimitExempt = AddressEntries.none();
    AddressEntries clientIpHeaderFrom;
    ClientIpSources clientIpSources;
    boolean clientIpHeaderSet;
    String clientIpHeader = ClientIpResolver.DEFAULT_HEADER;
    int maxHops = ClientIpResolver.DEFAULT_MAX_HOPS;
    int maxHeaderLength = ClientIpResolver.DEFAULT_MAX_HEADER_LENGTH;
    int rateLimitIpv6Prefix = ClientIpResolver.DEFAULT_RATE_LIMIT_IPV6_PREFIX;
    boolean exemptTrustedProxies = true;
    String protocolHeader;
    String hostHeader;
    String portHeader;
    List<String> tlsSchemes = dev.originguard.internal.ForwardedTarget.DEFAULT_TLS_SCHEMES;
    boolean protocolHeaderSet;
    boolean hostHeaderSet;
    RemoveForwardingHeaders removeForwardingHeaders = RemoveForwardingHeaders.OFF;
    LockOrigin lockOrigin = LockOrigin.OFF;
    List<String> exemptPaths = List.of();
    OriginSecret originSecret;
    dev.originguard.ProxyCertificate proxyCertificate;
    AddressEntries proxyCertificateFrom;
    RefreshSettings ranges = RefreshSettings.defaults();
    RateLimitSettings rateLimit;

    /** For {@link OriginGuardSettings.Builder} and the filter's builder only. */
    protected SettingsBuilder() {
    }

    // Set by every setting method (each returns through self()), so a builder can tell it was given any.
    private boolean given;

    @SuppressWarnings("unchecked")
    private B self() {
        given = true;
        return (B) this;
    }

    /** Whether any setting method was called, for a builder whose settings may come from elsewhere instead. */
    protected final boolean anySettingGiven() {
        return given;
    }

    /**
     * Trusted proxies as text: addresses, CIDRs, ranges, presets and refreshing sources ({@code cloudflare},
     * {@code aws-cloudfront}, {@code file:/path}, {@code https://...}; see docs/range-sources.md),
     * separated by commas and/or whitespace. Default: none, so no header is believed.
     */
    public B trustedProxies(String entries) {
        this.trustedProxies = AddressEntries.of(Objects.requireNonNull(entries, Setting.TRUSTED_PROXIES.key()));
        return self();
    }

    /** The proxies whose forwarding headers are believed. Default: none. */
    public B trustedProxies(AddressSet set) {
        this.trustedProxies = AddressEntries.of(Objects.requireNonNull(set, Setting.TRUSTED_PROXIES.key()));
        return self();
    }

    /**
     * The header holding the client: {@code X-Forwarded-For} (default), {@code Forwarded} (RFC 7239) or a
     * single-value header ({@code X-Real-IP}, {@code CF-Connecting-IP}, {@code Ali-Cdn-Real-Ip}, ...).
     */
    public B clientIpHeader(String name) {
        String key = Setting.CLIENT_IP_HEADER.key();
        Objects.requireNonNull(name, key);
        if (name.isBlank() || !name.strip().chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            throw new ConfigurationException(key, name, "is not a valid HTTP header name");
        }
        this.clientIpHeader = name.strip();
        this.clientIpHeaderSet = true;
        return self();
    }

    /** What to do with direct hits on the origin. Default {@link LockOrigin#OFF}. */
    public B lockOrigin(LockOrigin mode) {
        this.lockOrigin = Objects.requireNonNull(mode, Setting.LOCK_ORIGIN.key());
        return self();
    }

    /** Peers that may reach a locked origin without the proxy, as text (same syntax). Default: none. */
    public B directAllow(String entries) {
        this.directAllow = AddressEntries.of(Objects.requireNonNull(entries, Setting.DIRECT_ALLOW.key()));
        return self();
    }

    /** Peers that may reach a locked origin without the proxy; their headers are not read. Default: none. */
    public B directAllow(AddressSet set) {
        this.directAllow = AddressEntries.of(Objects.requireNonNull(set, Setting.DIRECT_ALLOW.key()));
        return self();
    }

    /**
     * Paths inside the application that a locked origin serves to anyone: exact ({@code /health}) or a
     * prefix ending in {@code /*}. Each argument may hold several, separated by commas and/or whitespace.
     * Default: none.
     */
    public B lockOriginExemptPaths(String... paths) {
        this.exemptPaths = LockSettings.parseExemptPaths(paths);
        return self();
    }

    /** Clients never rate limited, as text (same syntax). Default: none (trusted proxies are, besides). */
    public B rateLimitExempt(String entries) {
        this.rateLimitExempt = AddressEntries.of(Objects.requireNonNull(entries, Setting.RATE_LIMIT_EXEMPT.key()));
        return self();
    }

    /** Clients never rate limited; being exempt never makes an address trusted. Default: none. */
    public B rateLimitExempt(AddressSet set) {
        this.rateLimitExempt = AddressEntries.of(Objects.requireNonNull(set, Setting.RATE_LIMIT_EXEMPT.key()));
        return self();
    }

    /**
     * Binds the client-IP header to the proxies that set it, as text (same syntax): a trusted peer outside
     * this set has its header ignored. Default: every trusted proxy.
     */
    public B clientIpHeaderFrom(String entries) {
        this.clientIpHeaderFrom = AddressEntries.of(
                Objects.requireNonNull(entries, Setting.CLIENT_IP_HEADER_FROM.key()));
        return self();
    }

    /** As {@link #clientIpHeaderFrom(String)}. */
    public B clientIpHeaderFrom(AddressSet set) {
        this.clientIpHeaderFrom = AddressEntries.of(
                Objects.requireNonNull(set, Setting.CLIENT_IP_HEADER_FROM.key()));
        return self();
    }

    /**
     * Client-IP headers in order, each bound to the proxies that set it, as text:
     * {@code CF-Connecting-IP from cloudflare; X-Forwarded-For from 10.0.0.0/8, cloudflare} (see
     * {@link ClientIpSources}). Every source's proxies are trusted besides {@code trustedProxies}. Replaces
     * {@code clientIpHeader} and {@code clientIpHeaderFrom}, which cannot be set with it. Default: none.
     */
    public B clientIpSources(String sources) {
        this.clientIpSources = ClientIpSources.parse(Objects.requireNonNull(sources,
                Setting.CLIENT_IP_SOURCES.key()));
        return self();
    }

    /** How refreshing range sources are fetched, validated, cached and refreshed. Default: the defaults. */
    public B rangeRefresh(RefreshSettings settings) {
        this.ranges = Objects.requireNonNull(settings, "rangeRefresh");
        return self();
    }

    /** Rate limiting keyed on the resolved client; null (the default) turns it off. */
    public B rateLimit(RateLimitSettings settings) {
        this.rateLimit = settings;
        return self();
    }

    /** Whether the application still sees the forwarding headers. Default {@link RemoveForwardingHeaders#OFF}. */
    public B removeForwardingHeaders(RemoveForwardingHeaders mode) {
        this.removeForwardingHeaders = Objects.requireNonNull(mode, Setting.REMOVE_FORWARDING_HEADERS.key());
        return self();
    }

    /**
     * Whether a trusted proxy is exempt from rate limiting when it is the client (its own probes, or a
     * chain of trusted hops only). Default true. Turn it off on shared-tenant CDN ranges without an origin
     * secret: other customers' requests (a Cloudflare Worker's, say) come from the same addresses.
     */
    public B exemptTrustedProxies(boolean exempt) {
        this.exemptTrustedProxies = exempt;
        return self();
    }

    /** The prefix length IPv6 clients are aggregated to for rate limiting, 1 to 128. Default 64. */
    public B rateLimitIpv6Prefix(int prefixLength) {
        this.rateLimitIpv6Prefix = TrustSettings.inRange(Setting.RATE_LIMIT_IPV6_PREFIX, prefixLength, 1, 128);
        return self();
    }

    /**
     * A header the proxy must add with one of the accepted secret values; a request from a trusted range
     * without it is treated as a direct request. Default: none.
     */
    public B originSecret(OriginSecret secret) {
        this.originSecret = secret;
        return self();
    }

    /**
     * The TLS client certificate a trusted proxy must present, as text: {@code sha256:<hex>},
     * {@code subject:<DN>}, {@code issuer:<DN>} separated by {@code ;} (see {@link dev.originguard.ProxyCertificate}).
     * A peer in the trusted ranges (or in {@code proxyCertificateFrom}) without it is a direct request. The
     * container must verify client certificates (clientAuth want/need). Default: none.
     */
    public B proxyCertificate(String requirement) {
        this.proxyCertificate = dev.originguard.ProxyCertificate.parse(
                Objects.requireNonNull(requirement, Setting.PROXY_CERTIFICATE.key()));
        return self();
    }

    /**
     * The peers that must present {@code proxyCertificate}, as text (address-set syntax), such as
     * {@code cloudflare} while your load balancer connects without one. Default: every trusted proxy.
     */
    public B proxyCertificateFrom(String entries) {
        this.proxyCertificateFrom = AddressEntries.of(
                Objects.requireNonNull(entries, Setting.PROXY_CERTIFICATE_FROM.key()));
        return self();
    }

    /** The most header entries examined, 1 to 1000. Default 20. */
    public B maxHops(int maxHops) {
        this.maxHops = TrustSettings.inRange(Setting.MAX_HOPS, maxHops, 1, ClientIpResolver.MAX_HOPS);
        return self();
    }

    /** The most header characters read, from the right, 16 to 1048576. Default 8192. */
    public B maxHeaderLength(int maxHeaderLength) {
        this.maxHeaderLength = TrustSettings.inRange(Setting.MAX_HEADER_LENGTH, maxHeaderLength,
                ClientIpResolver.MIN_HEADER_LENGTH, ClientIpResolver.MAX_HEADER_LENGTH);
        return self();
    }

    /**
     * The header reporting the client's scheme; {@code none} (or null) for none, {@code Forwarded} for
     * RFC 7239 {@code proto=}. Default {@code X-Forwarded-Proto}, or {@code Forwarded} when that is the
     * client-IP header.
     */
    public B protocolHeader(String name) {
        this.protocolHeader = TrustSettings.headerName(Setting.PROTOCOL_HEADER, name);
        this.protocolHeaderSet = true;
        return self();
    }

    /**
     * The header reporting the host the client asked for; {@code none} (or null) for none, {@code Forwarded}
     * for RFC 7239 {@code host=}. Default none, or {@code Forwarded} when that is the client-IP header.
     * Set it only if your nearest proxy sets or overwrites this header.
     */
    public B hostHeader(String name) {
        this.hostHeader = TrustSettings.headerName(Setting.HOST_HEADER, name);
        this.hostHeaderSet = true;
        return self();
    }

    /**
     * The scheme values that mean the client used TLS, separated by commas and/or whitespace, any case:
     * a proto value among them makes the application see {@code https}. {@code http} and {@code ws} are always
     * plain; any other value makes the scheme header ignored. Default {@code https, wss} ({@code wss} is what
     * WebSocket-aware proxies such as Traefik send for a WebSocket over TLS). Must include {@code https}.
     */
    public B tlsSchemes(String schemes) {
        String key = Setting.TLS_SCHEMES.key();
        java.util.List<String> words = new java.util.ArrayList<>();
        for (String word : Objects.requireNonNull(schemes, key).strip().split("[,\\s]+")) {
            String w = word.toLowerCase(Locale.ROOT);
            if (w.isEmpty()) {
                continue;
            }
            if (!w.matches("[a-z][a-z0-9+.-]*")) {
                throw new ConfigurationException(key, schemes, "has '" + word + "', which is not a URI scheme");
            }
            if (w.equals("http") || w.equals("ws")) {
                throw new ConfigurationException(key, schemes, "lists " + w + ", which is plain, not TLS");
            }
            if (!words.contains(w)) {
                words.add(w);
            }
        }
        if (!words.contains("https")) {
            throw new ConfigurationException(key, schemes, "does not include https: every https request's scheme "
                    + "would be ignored");
        }
        this.tlsSchemes = List.copyOf(words);
        return self();
    }

    /** The header reporting the port the client connected to; {@code none} (or null) for none. Default none. */
    public B portHeader(String name) {
        String header = TrustSettings.headerName(Setting.PORT_HEADER, name);
        if (TrustSettings.FORWARDED.equalsIgnoreCase(header)) {
            throw new ConfigurationException(Setting.PORT_HEADER.key(), name,
                    "has no port parameter; the port comes with hostHeader=Forwarded");
        }
        this.portHeader = header;
        return self();
    }

    /**
     * The settings, checked together: every address-set text parses (no source is fetched), and a lock
     * has something to let through.
     *
     * @throws ConfigurationException naming the setting, the value and why
     */
    protected final OriginGuardSettings settings() {
        check(Setting.TRUSTED_PROXIES, trustedProxies);
        check(Setting.DIRECT_ALLOW, directAllow);
        check(Setting.RATE_LIMIT_EXEMPT, rateLimitExempt);
        if (clientIpHeaderFrom != null) {
            check(Setting.CLIENT_IP_HEADER_FROM, clientIpHeaderFrom);
        }
        if (proxyCertificateFrom != null) {
            if (proxyCertificate == null) {
                throw new ConfigurationException(Setting.PROXY_CERTIFICATE_FROM.key(), proxyCertificateFrom.toString(),
                        "is set but proxyCertificate is not: name the certificate those proxies must present");
            }
            check(Setting.PROXY_CERTIFICATE_FROM, proxyCertificateFrom);
        }
        if (clientIpSources != null) {
            if (clientIpHeaderSet || clientIpHeaderFrom != null) {
                Setting other = clientIpHeaderSet ? Setting.CLIENT_IP_HEADER : Setting.CLIENT_IP_HEADER_FROM;
                throw new ConfigurationException(Setting.CLIENT_IP_SOURCES.key(), clientIpSources.toString(),
                        "cannot be set with " + other.key() + ": clientIpSources names every header and the "
                                + "proxies that set it; remove " + other.key());
            }
            for (ClientIpSources.Source source : clientIpSources.sources()) {
                if (source.from().text() != null) {
                    LiveAddressSet.check(source.from().text(), source.setName(), ranges);
                }
            }
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
