package dev.originguard.settings;

import dev.originguard.ClientIpResolver;
import dev.originguard.ConfigurationException;
import dev.originguard.HeaderFormat;

/**
 * Whom OriginGuard believes and how it reads them: the address sets, the client-IP header and the walk's
 * bounds, the scheme/host/port headers, and what the application still sees of forwarding headers. Immutable;
 * made by {@link SettingsBuilder}. Defaults: nothing trusted, {@code X-Forwarded-For}, 20 hops,
 * 8192 characters, {@code X-Forwarded-Proto} only, headers left visible.
 */
public final class TrustSettings {

    /** The default protocol header (when the client-IP header is not {@code Forwarded}). */
    public static final String DEFAULT_PROTOCOL_HEADER = "X-Forwarded-Proto";
    /** The default of {@code tlsSchemes}, as the settings table writes it. */
    public static final String DEFAULT_TLS_SCHEMES_TEXT = "https, wss";
    /** The header name that means RFC 7239 {@code Forwarded}. */
    public static final String FORWARDED = "Forwarded";

    private final AddressEntries trustedProxies;
    private final AddressEntries directAllow;
    private final AddressEntries rateLimitExempt;
    private final AddressEntries clientIpHeaderFrom; // null: every trusted proxy
    private final String clientIpHeader;
    private final ClientIpSources clientIpSources; // null: clientIpHeader, from clientIpHeaderFrom
    private final int maxHops;
    private final int maxHeaderLength;
    private final int rateLimitIpv6Prefix;
    private final boolean exemptTrustedProxies;
    private final String protocolHeader;
    private final java.util.List<String> tlsSchemes;
    private final String hostHeader;
    private final String portHeader;
    private final RemoveForwardingHeaders removeForwardingHeaders;
    private final dev.originguard.ProxyCertificate proxyCertificate;
    private final AddressEntries proxyCertificateFrom;

    TrustSettings(SettingsBuilder<?> b) {
        this.trustedProxies = b.trustedProxies;
        this.directAllow = b.directAllow;
        this.rateLimitExempt = b.rateLimitExempt;
        this.clientIpHeaderFrom = b.clientIpHeaderFrom;
        this.clientIpHeader = b.clientIpHeader;
        this.clientIpSources = b.clientIpSources;
        this.maxHops = b.maxHops;
        this.maxHeaderLength = b.maxHeaderLength;
        this.rateLimitIpv6Prefix = b.rateLimitIpv6Prefix;
        this.exemptTrustedProxies = b.exemptTrustedProxies;
        boolean forwarded = HeaderFormat.forHeader(clientIpHeader) == HeaderFormat.FORWARDED;
        this.protocolHeader = b.protocolHeaderSet ? b.protocolHeader : forwarded ? FORWARDED : DEFAULT_PROTOCOL_HEADER;
        this.hostHeader = b.hostHeaderSet ? b.hostHeader : forwarded ? FORWARDED : null;
        this.portHeader = b.portHeader;
        this.tlsSchemes = b.tlsSchemes;
        this.removeForwardingHeaders = b.removeForwardingHeaders;
        this.proxyCertificate = b.proxyCertificate;
        this.proxyCertificateFrom = b.proxyCertificateFrom;
    }

    /** Proxies whose forwarding headers are believed. Default none. */
    public AddressEntries trustedProxies() {
        return trustedProxies;
    }

    /** Peers a locked origin serves without the proxy; their headers are not read. Default none. */
    public AddressEntries directAllow() {
        return directAllow;
    }

    /** Clients never rate limited (trusted proxies are, besides). Default none. */
    public AddressEntries rateLimitExempt() {
        return rateLimitExempt;
    }

    /** The proxies whose client-IP header is read, or null for every trusted proxy (the default). */
    public AddressEntries clientIpHeaderFrom() {
        return clientIpHeaderFrom;
    }

    /**
     * The client-IP headers in order, each bound to the proxies that set it, or null (the default) for
     * {@link #clientIpHeader()} read from {@link #clientIpHeaderFrom()}.
     */
    public ClientIpSources clientIpSources() {
        return clientIpSources;
    }

    /** The client-IP header. Default {@value ClientIpResolver#DEFAULT_HEADER}. */
    public String clientIpHeader() {
        return clientIpHeader;
    }

    /** The most header entries examined. Default {@value ClientIpResolver#DEFAULT_MAX_HOPS}. */
    public int maxHops() {
        return maxHops;
    }

    /** The most header characters read. Default {@value ClientIpResolver#DEFAULT_MAX_HEADER_LENGTH}. */
    public int maxHeaderLength() {
        return maxHeaderLength;
    }

    /** The prefix IPv6 clients are keyed on. Default {@value ClientIpResolver#DEFAULT_RATE_LIMIT_IPV6_PREFIX}. */
    public int rateLimitIpv6Prefix() {
        return rateLimitIpv6Prefix;
    }

    /** Whether a trusted proxy that is itself the client is rate-limit exempt. Default true. */
    public boolean exemptTrustedProxies() {
        return exemptTrustedProxies;
    }

    /** The header giving the client's scheme, or null for none. */
    public String protocolHeader() {
        return protocolHeader;
    }

    /**
     * The scheme values (lower case) that mean the client used TLS, so the application sees {@code https}.
     * Default {@value #DEFAULT_TLS_SCHEMES_TEXT}.
     */
    public java.util.List<String> tlsSchemes() {
        return tlsSchemes;
    }

    /** The header giving the host the client asked for, or null for none (the default). */
    public String hostHeader() {
        return hostHeader;
    }

    /** The header giving the port the client connected to, or null for none (the default). */
    public String portHeader() {
        return portHeader;
    }

    /** Whether the application still sees forwarding headers. Default {@link RemoveForwardingHeaders#OFF}. */
    public RemoveForwardingHeaders removeForwardingHeaders() {
        return removeForwardingHeaders;
    }

    /** The TLS client certificate a trusted proxy must present, or null for none (the default). */
    public dev.originguard.ProxyCertificate proxyCertificate() {
        return proxyCertificate;
    }

    /** The peers that must present it, or null for every trusted proxy (the default). */
    public AddressEntries proxyCertificateFrom() {
        return proxyCertificateFrom;
    }

    static String headerName(Setting setting, String name) {
        if (name == null || name.isBlank() || name.strip().equalsIgnoreCase("none")) {
            return null;
        }
        String header = name.strip();
        if (!header.chars().allMatch(c -> c > 32 && c < 127 && c != ':' && c != ',' && c != '"')) {
            throw new ConfigurationException(setting.key(), name, "is not a valid HTTP header name");
        }
        return header;
    }

    static int inRange(Setting setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigurationException(setting.key(), String.valueOf(value),
                    "is out of range: it must be between " + min + " and " + max);
        }
        return value;
    }

    @Override
    public String toString() {
        return "TrustSettings[trustedProxies=" + trustedProxies + ", clientIpHeader=" + clientIpHeader
                + (clientIpHeaderFrom == null ? "" : ", clientIpHeaderFrom=" + clientIpHeaderFrom)
                + (clientIpSources == null ? "" : ", clientIpSources=" + clientIpSources)
                + ", directAllow=" + directAllow + ", rateLimitExempt=" + rateLimitExempt + "]";
    }
}
