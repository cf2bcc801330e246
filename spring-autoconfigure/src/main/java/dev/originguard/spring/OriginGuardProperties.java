package dev.originguard.spring;

import dev.originguard.ClientIpResolver;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.settings.LockOrigin;
import dev.originguard.settings.RemoveForwardingHeaders;
import dev.originguard.source.RefreshSettings;
import dev.originguard.source.StartupPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.Delimiter;
import org.springframework.core.Ordered;

/**
 * OriginGuard's settings under {@code originguard.*}, the same settings as the filter's init-params in
 * kebab-case. Address-set properties ({@code trusted-proxies}, {@code direct-allow}, {@code rate-limit-exempt},
 * {@code client-ip-header-from}) take YAML lists or comma-separated strings of addresses, CIDRs, ranges,
 * presets and range sources ({@code cloudflare}, {@code aws-cloudfront}, {@code file:/path},
 * {@code https://...}). Defaults are those of the filter: nothing trusted, lock off, rate limiting off.
 */
@ConfigurationProperties("originguard")
public class OriginGuardProperties {

    /** Order of the filter: before everything that reads the client address; see docs/spring-boot.md. */
    public static final int DEFAULT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    /** Whether to register the OriginGuard filter. */
    private boolean enabled = true;

    /**
     * Proxies whose forwarding headers are believed: IPs, CIDRs, a-b ranges, presets (loopback, private,
     * linklocal, cgnat, google-lb) and refreshed range sources (cloudflare, aws-cloudfront, fastly, file:/path,
     * https://url, provider@location). Empty: no header is believed.
     */
    private List<String> trustedProxies = new ArrayList<>();

    /**
     * Header holding the client: X-Forwarded-For, Forwarded (RFC 7239), or a single-value header such as
     * CF-Connecting-IP or X-Real-IP.
     */
    private String clientIpHeader = ClientIpResolver.DEFAULT_HEADER;

    /**
     * Proxies whose client-ip-header is read (same syntax as trusted-proxies); a trusted peer outside this set
     * has its header ignored. Empty: every trusted proxy.
     */
    private List<String> clientIpHeaderFrom = new ArrayList<>();
    private String clientIpSources;
    private String proxyCertificate;
    private List<String> proxyCertificateFrom = new ArrayList<>();
    private String tlsSchemes = dev.originguard.settings.TrustSettings.DEFAULT_TLS_SCHEMES_TEXT;

    /** What to do with requests that bypassed the proxy: off, report (log and count only) or on (403). */
    private LockOrigin lockOrigin = LockOrigin.OFF;

    /** Peers that may reach a locked origin without the proxy (same syntax); their headers are not read. */
    private List<String> directAllow = new ArrayList<>();

    /** Paths a locked origin serves to anyone: exact (/health) or a prefix ending in /*. */
    private List<String> lockOriginExemptPaths = new ArrayList<>();

    /** Clients never rate limited (same syntax); trusted proxies are exempt besides. Never makes an address trusted. */
    private List<String> rateLimitExempt = new ArrayList<>();

    /**
     * Whether the application still sees forwarding headers: off, untrusted (hidden when the peer is not a
     * trusted proxy) or all (hidden always; read the Resolution instead).
     */
    private RemoveForwardingHeaders removeForwardingHeaders = RemoveForwardingHeaders.OFF;

    /**
     * Whether a trusted proxy is exempt from rate limiting when it is the client (its own probes). Turn it off
     * on shared-tenant CDN ranges without an origin secret, where other customers send from the same addresses.
     */
    private boolean exemptTrustedProxies = true;

    /** Most header entries examined by the walk, 1 to 1000. */
    private int maxHops = ClientIpResolver.DEFAULT_MAX_HOPS;

    /** Most header characters read, from the right, 16 to 1048576. */
    private int maxHeaderLength = ClientIpResolver.DEFAULT_MAX_HEADER_LENGTH;

    /**
     * Header reporting the client's scheme; none to turn it off, Forwarded for RFC 7239 proto=. Unset:
     * X-Forwarded-Proto, or Forwarded when that is the client-ip-header.
     */
    private String protocolHeader;

    /**
     * Header reporting the host the client asked for; none, or Forwarded for RFC 7239 host=. Unset: none, or
     * Forwarded when that is the client-ip-header. Set it only if the nearest proxy sets or overwrites it.
     */
    private String hostHeader;

    /** Header reporting the port the client connected to. Unset: none. */
    private String portHeader;

    /** Order of the filter registration; the default runs it before Spring Security and request logging. */
    private int filterOrder = DEFAULT_FILTER_ORDER;

    /**
     * What to do when server.forward-headers-strategy (native, or framework) would rewrite the client address
     * before OriginGuard sees the real peer: fail start-up (default), or warn and go on (unsafe).
     */
    private ConflictAction forwardHeadersConflict = ConflictAction.FAIL;

    /**
     * A policy file owned by the security team (.properties with init-param names, or YAML with the
     * originguard.* names) holding the filter's settings; polled and reloaded all-or-nothing. A setting set both
     * here and in the file stops start-up. Unset: the settings are these properties.
     */
    private Path policyFile;

    /** How often the policy file is polled, 100ms to 1d. */
    private Duration policyPollInterval = dev.originguard.policy.PolicyFile.DEFAULT_POLL_INTERVAL;

    private final OriginSecret originSecret = new OriginSecret();

    private final Ranges ranges = new Ranges();

    private final RateLimit rateLimit = new RateLimit();

    /** What start-up does when Spring Boot's forwarded-header handling would defeat OriginGuard. */
    public enum ConflictAction {
        /** Fail start-up with a message naming the setting to change. The default. */
        FAIL,
        /** Log an error and start anyway: only when you know the container's rewrite is itself restricted. */
        WARN
    }

    /** Health status reported when a range source is older than {@code originguard.ranges.max-age}. */
    public enum StaleStatus {
        /** OUT_OF_SERVICE, the default: the last good set is still in force. */
        OUT_OF_SERVICE,
        /** DOWN. */
        DOWN
    }

    /** {@code originguard.policy-file}; default unset. */
    public Path getPolicyFile() {
        return policyFile;
    }

    /** Sets {@code originguard.policy-file}. */
    public void setPolicyFile(Path policyFile) {
        this.policyFile = policyFile;
    }

    /** {@code originguard.policy-poll-interval}; default 5s. */
    public Duration getPolicyPollInterval() {
        return policyPollInterval;
    }

    /** Sets {@code originguard.policy-poll-interval}. */
    public void setPolicyPollInterval(Duration policyPollInterval) {
        this.policyPollInterval = policyPollInterval;
    }

    /** {@code originguard.enabled}; default true. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Sets {@code originguard.enabled}. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** {@code originguard.trusted-proxies}; default empty. */
    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    /** Sets {@code originguard.trusted-proxies}. */
    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** {@code originguard.client-ip-header}; default X-Forwarded-For. */
    public String getClientIpHeader() {
        return clientIpHeader;
    }

    /** Sets {@code originguard.client-ip-header}. */
    public void setClientIpHeader(String clientIpHeader) {
        this.clientIpHeader = clientIpHeader;
    }

    /** {@code originguard.client-ip-header-from}; default empty (every trusted proxy). */
    public List<String> getClientIpHeaderFrom() {
        return clientIpHeaderFrom;
    }

    /** Sets {@code originguard.client-ip-header-from}. */
    public void setClientIpHeaderFrom(List<String> clientIpHeaderFrom) {
        this.clientIpHeaderFrom = clientIpHeaderFrom;
    }

    /**
     * {@code originguard.client-ip-sources}: one string (a YAML block scalar for several lines), sources
     * separated by {@code ;} or line breaks, such as {@code CF-Connecting-IP from cloudflare; X-Forwarded-For
     * from private}. Default unset (none).
     */
    public String getClientIpSources() {
        return clientIpSources;
    }

    /** {@code originguard.proxy-certificate}: {@code sha256:}, {@code subject:}, {@code issuer:} values; default unset. */
    public String getProxyCertificate() {
        return proxyCertificate;
    }

    /** Sets {@code originguard.proxy-certificate}. */
    public void setProxyCertificate(String proxyCertificate) {
        this.proxyCertificate = proxyCertificate;
    }

    /** {@code originguard.proxy-certificate-from}; default empty (every trusted proxy). */
    public List<String> getProxyCertificateFrom() {
        return proxyCertificateFrom;
    }

    /** Sets {@code originguard.proxy-certificate-from}. */
    public void setProxyCertificateFrom(List<String> proxyCertificateFrom) {
        this.proxyCertificateFrom = proxyCertificateFrom;
    }

    /** {@code originguard.tls-schemes}: the scheme values that mean TLS; default {@code https, wss}. */
    public String getTlsSchemes() {
        return tlsSchemes;
    }

    /** Sets {@code originguard.tls-schemes}. */
    public void setTlsSchemes(String tlsSchemes) {
        this.tlsSchemes = tlsSchemes;
    }

    /** Sets {@code originguard.client-ip-sources}. */
    public void setClientIpSources(String clientIpSources) {
        this.clientIpSources = clientIpSources;
    }

    /** {@code originguard.lock-origin}; default off. */
    public LockOrigin getLockOrigin() {
        return lockOrigin;
    }

    /** Sets {@code originguard.lock-origin}. */
    public void setLockOrigin(LockOrigin lockOrigin) {
        this.lockOrigin = lockOrigin;
    }

    /** {@code originguard.direct-allow}; default empty. */
    public List<String> getDirectAllow() {
        return directAllow;
    }

    /** Sets {@code originguard.direct-allow}. */
    public void setDirectAllow(List<String> directAllow) {
        this.directAllow = directAllow;
    }

    /** {@code originguard.lock-origin-exempt-paths}; default empty. */
    public List<String> getLockOriginExemptPaths() {
        return lockOriginExemptPaths;
    }

    /** Sets {@code originguard.lock-origin-exempt-paths}. */
    public void setLockOriginExemptPaths(List<String> lockOriginExemptPaths) {
        this.lockOriginExemptPaths = lockOriginExemptPaths;
    }

    /** {@code originguard.rate-limit-exempt}; default empty. */
    public List<String> getRateLimitExempt() {
        return rateLimitExempt;
    }

    /** Sets {@code originguard.rate-limit-exempt}. */
    public void setRateLimitExempt(List<String> rateLimitExempt) {
        this.rateLimitExempt = rateLimitExempt;
    }

    /** {@code originguard.remove-forwarding-headers}; default off. */
    public RemoveForwardingHeaders getRemoveForwardingHeaders() {
        return removeForwardingHeaders;
    }

    /** Sets {@code originguard.remove-forwarding-headers}. */
    public void setRemoveForwardingHeaders(RemoveForwardingHeaders removeForwardingHeaders) {
        this.removeForwardingHeaders = removeForwardingHeaders;
    }

    /** {@code originguard.exempt-trusted-proxies}; default true. */
    public boolean isExemptTrustedProxies() {
        return exemptTrustedProxies;
    }

    /** Sets {@code originguard.exempt-trusted-proxies}. */
    public void setExemptTrustedProxies(boolean exemptTrustedProxies) {
        this.exemptTrustedProxies = exemptTrustedProxies;
    }

    /** {@code originguard.max-hops}; default 20. */
    public int getMaxHops() {
        return maxHops;
    }

    /** Sets {@code originguard.max-hops}. */
    public void setMaxHops(int maxHops) {
        this.maxHops = maxHops;
    }

    /** {@code originguard.max-header-length}; default 8192. */
    public int getMaxHeaderLength() {
        return maxHeaderLength;
    }

    /** Sets {@code originguard.max-header-length}. */
    public void setMaxHeaderLength(int maxHeaderLength) {
        this.maxHeaderLength = maxHeaderLength;
    }

    /** {@code originguard.protocol-header}; default null (X-Forwarded-Proto, or Forwarded). */
    public String getProtocolHeader() {
        return protocolHeader;
    }

    /** Sets {@code originguard.protocol-header}. */
    public void setProtocolHeader(String protocolHeader) {
        this.protocolHeader = protocolHeader;
    }

    /** {@code originguard.host-header}; default null (none, or Forwarded). */
    public String getHostHeader() {
        return hostHeader;
    }

    /** Sets {@code originguard.host-header}. */
    public void setHostHeader(String hostHeader) {
        this.hostHeader = hostHeader;
    }

    /** {@code originguard.port-header}; default null (none). */
    public String getPortHeader() {
        return portHeader;
    }

    /** Sets {@code originguard.port-header}. */
    public void setPortHeader(String portHeader) {
        this.portHeader = portHeader;
    }

    /** {@code originguard.filter-order}; default {@link #DEFAULT_FILTER_ORDER}. */
    public int getFilterOrder() {
        return filterOrder;
    }

    /** Sets {@code originguard.filter-order}. */
    public void setFilterOrder(int filterOrder) {
        this.filterOrder = filterOrder;
    }

    /** {@code originguard.forward-headers-conflict}; default fail. */
    public ConflictAction getForwardHeadersConflict() {
        return forwardHeadersConflict;
    }

    /** Sets {@code originguard.forward-headers-conflict}. */
    public void setForwardHeadersConflict(ConflictAction forwardHeadersConflict) {
        this.forwardHeadersConflict = forwardHeadersConflict;
    }

    /** {@code originguard.origin-secret.*}. */
    public OriginSecret getOriginSecret() {
        return originSecret;
    }

    /** {@code originguard.ranges.*}. */
    public Ranges getRanges() {
        return ranges;
    }

    /** {@code originguard.rate-limit.*}. */
    public RateLimit getRateLimit() {
        return rateLimit;
    }

    /**
     * {@code originguard.origin-secret.*}: a header the proxy must add with one of the accepted values. Both
     * or neither must be set. The values are never logged or shown.
     */
    public static class OriginSecret {

        /** Header carrying the origin secret, such as X-Origin-Secret. Unset: no secret required. */
        private String header;

        /** Accepted secret values (16+ printable ASCII characters each); two during a rotation. */
        private List<String> values = new ArrayList<>();

        /** The header; default null. */
        public String getHeader() {
            return header;
        }

        /** Sets the header. */
        public void setHeader(String header) {
            this.header = header;
        }

        /** The accepted values; default empty. */
        public List<String> getValues() {
            return values;
        }

        /** Sets the accepted values. */
        public void setValues(List<String> values) {
            this.values = values;
        }

        @Override
        public String toString() {
            return "OriginSecret[header=" + header + ", " + values.size() + " values]";
        }
    }

    /** {@code originguard.ranges.*}: how range sources are refreshed, cached, and judged by the health check. */
    public static class Ranges {

        /** Time between refreshes of each range source, 1m to 7d. */
        private Duration refreshInterval = RefreshSettings.DEFAULT_INTERVAL;

        /** Directory where each URL source's last good list is cached for a cold start. Unset: no cache. */
        private Path cacheDirectory;

        /** What start-up does when a source cannot be loaded: fail, cache-else-fail, cache-else-empty. */
        private StartupPolicy startup = RefreshSettings.DEFAULT_STARTUP_POLICY;

        /** Largest accepted drop of CIDR blocks in one refresh, as a fraction from 0 to 1. */
        private double maxDrop = RefreshSettings.DEFAULT_MAX_DROP_FRACTION;

        /** Largest accepted growth of a family's addresses in one refresh, as a fraction, 0 or more. */
        private double maxGrowth = RefreshSettings.DEFAULT_MAX_GROWTH_FRACTION;

        /** Cap on IPv4 addresses per source and per setting. */
        private long maxIpv4Addresses = RefreshSettings.DEFAULT_MAX_IPV4_ADDRESSES;

        /** Cap on IPv6 addresses per source and per setting, in /64 networks. */
        private long maxIpv6Slash64s = RefreshSettings.DEFAULT_MAX_IPV6_SLASH64S;

        /** Age beyond which a source makes the originguard health check fail. Unset: 3 x refresh-interval. */
        private Duration maxAge;

        /** Health status of a source older than max-age: out-of-service or down. */
        private StaleStatus staleStatus = StaleStatus.OUT_OF_SERVICE;

        /** The refresh interval; default 1h. */
        public Duration getRefreshInterval() {
            return refreshInterval;
        }

        /** Sets the refresh interval. */
        public void setRefreshInterval(Duration refreshInterval) {
            this.refreshInterval = refreshInterval;
        }

        /** The cache directory; default null. */
        public Path getCacheDirectory() {
            return cacheDirectory;
        }

        /** Sets the cache directory. */
        public void setCacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = cacheDirectory;
        }

        /** The start-up policy; default cache-else-fail. */
        public StartupPolicy getStartup() {
            return startup;
        }

        /** Sets the start-up policy. */
        public void setStartup(StartupPolicy startup) {
            this.startup = startup;
        }

        /** The largest accepted drop; default 0.5. */
        public double getMaxDrop() {
            return maxDrop;
        }

        /** Sets the largest accepted drop. */
        public void setMaxDrop(double maxDrop) {
            this.maxDrop = maxDrop;
        }

        /** The largest accepted growth; default 1.0 (doubling). */
        public double getMaxGrowth() {
            return maxGrowth;
        }

        /** Sets the largest accepted growth. */
        public void setMaxGrowth(double maxGrowth) {
            this.maxGrowth = maxGrowth;
        }

        /** The IPv4 address cap; default 2^25 (33,554,432). */
        public long getMaxIpv4Addresses() {
            return maxIpv4Addresses;
        }

        /** Sets the IPv4 address cap. */
        public void setMaxIpv4Addresses(long maxIpv4Addresses) {
            this.maxIpv4Addresses = maxIpv4Addresses;
        }

        /** The IPv6 cap in /64 networks; default 2^41 (2,199,023,255,552). */
        public long getMaxIpv6Slash64s() {
            return maxIpv6Slash64s;
        }

        /** Sets the IPv6 cap in /64 networks. */
        public void setMaxIpv6Slash64s(long maxIpv6Slash64s) {
            this.maxIpv6Slash64s = maxIpv6Slash64s;
        }

        /** The health check's maximum age; default null (3 x refresh-interval). */
        public Duration getMaxAge() {
            return maxAge;
        }

        /** Sets the health check's maximum age. */
        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        /** The status of a stale source; default out-of-service. */
        public StaleStatus getStaleStatus() {
            return staleStatus;
        }

        /** Sets the status of a stale source. */
        public void setStaleStatus(StaleStatus staleStatus) {
            this.staleStatus = staleStatus;
        }
    }

    /** {@code originguard.rate-limit.*}: rate limiting on the resolved client; off unless limits is set. */
    public static class RateLimit {

        /**
         * Rates every client gets, such as 100/1m, 2000/1h; off (quoted or not in YAML) limits only the paths
         * rules. Unset: no rate limiting.
         */
        private List<String> limits = new ArrayList<>();

        /**
         * Per-path rules, pattern=rates or pattern=off (/login=5/1m, 100/1h); the first match wins. One rule
         * per YAML list item, or one string with rules separated by ';'.
         */
        @Delimiter(Delimiter.NONE)
        private List<String> paths = new ArrayList<>();

        /** Bucket store: local, or a redis://, rediss://, redis-sentinel://, redis-cluster:// or rediss-cluster:// URI (needs lettuce-core). */
        private String store = RateLimitSettings.LOCAL_STORE;

        /** on rejects limited requests with 429; report only counts and logs them. */
        private RateLimitSettings.Mode mode = RateLimitSettings.DEFAULT_MODE;

        /** What a store failure does: open serves the request, closed rejects it with 503. */
        private RateLimitSettings.FailMode failMode = RateLimitSettings.DEFAULT_FAIL_MODE;

        /** Whether to send the RateLimit-Policy and RateLimit headers. */
        private boolean headers = RateLimitSettings.DEFAULT_HEADERS;

        /** Most buckets the local store keeps (one per client per rule), 100 to 100000000. */
        private int maxClients = RateLimitSettings.DEFAULT_MAX_CLIENTS;

        /** Redis command timeout, 10ms to 10s. */
        private Duration storeTimeout = RateLimitSettings.DEFAULT_STORE_TIMEOUT;

        /** Redis connection set-up timeout (connect and handshake), 10ms to 1m. */
        private Duration storeConnectTimeout = RateLimitSettings.DEFAULT_STORE_CONNECT_TIMEOUT;

        /** Tokens a node may take from a shared bucket before writing them back, 0 (exact) to 10000. */
        private int storeBatch = RateLimitSettings.DEFAULT_STORE_BATCH;

        /** Prefix of every Redis key. */
        private String keyPrefix = RateLimitSettings.DEFAULT_KEY_PREFIX;

        /** Least time between two log lines of one kind (limited requests, store failures). */
        private Duration logInterval = RateLimitSettings.DEFAULT_LOG_INTERVAL;

        /** Prefix of the IPv6 network every IPv6 client also draws from, 1 to 127; 0 turns it off. */
        private int ipv6AggregatePrefix = RateLimitSettings.DEFAULT_IPV6_AGGREGATE_PREFIX;

        /** Multiple of each rate the IPv6 network's bucket allows, 1 to 65536. */
        private int ipv6AggregateMultiple = RateLimitSettings.DEFAULT_IPV6_AGGREGATE_MULTIPLE;

        /** Prefix length IPv6 clients are grouped by, 1 to 128. */
        private int ipv6Prefix = ClientIpResolver.DEFAULT_RATE_LIMIT_IPV6_PREFIX;

        /** The rates; default empty (rate limiting off). */
        public List<String> getLimits() {
            return limits;
        }

        /** Sets the rates. */
        public void setLimits(List<String> limits) {
            this.limits = limits;
        }

        /** The path rules; default empty. */
        public List<String> getPaths() {
            return paths;
        }

        /** Sets the path rules. */
        public void setPaths(List<String> paths) {
            this.paths = paths;
        }

        /** The store; default local. */
        public String getStore() {
            return store;
        }

        /** Sets the store. */
        public void setStore(String store) {
            this.store = store;
        }

        /** The mode; default on. */
        public RateLimitSettings.Mode getMode() {
            return mode;
        }

        /** Sets the mode. */
        public void setMode(RateLimitSettings.Mode mode) {
            this.mode = mode;
        }

        /** The fail mode; default open. */
        public RateLimitSettings.FailMode getFailMode() {
            return failMode;
        }

        /** Sets the fail mode. */
        public void setFailMode(RateLimitSettings.FailMode failMode) {
            this.failMode = failMode;
        }

        /** Whether limit headers are sent; default true. */
        public boolean isHeaders() {
            return headers;
        }

        /** Sets whether limit headers are sent. */
        public void setHeaders(boolean headers) {
            this.headers = headers;
        }

        /** The local store's bound; default 100000. */
        public int getMaxClients() {
            return maxClients;
        }

        /** Sets the local store's bound. */
        public void setMaxClients(int maxClients) {
            this.maxClients = maxClients;
        }

        /** The Redis command timeout; default 200ms. */
        public Duration getStoreTimeout() {
            return storeTimeout;
        }

        /** Sets the Redis command timeout. */
        public void setStoreTimeout(Duration storeTimeout) {
            this.storeTimeout = storeTimeout;
        }

        /** The Redis connection set-up timeout; default 2s. */
        public Duration getStoreConnectTimeout() {
            return storeConnectTimeout;
        }

        /** Sets the Redis connection set-up timeout. */
        public void setStoreConnectTimeout(Duration storeConnectTimeout) {
            this.storeConnectTimeout = storeConnectTimeout;
        }

        /** The store batch; default 0 (exact). */
        public int getStoreBatch() {
            return storeBatch;
        }

        /** Sets the store batch. */
        public void setStoreBatch(int storeBatch) {
            this.storeBatch = storeBatch;
        }

        /** The Redis key prefix; default originguard:rl:. */
        public String getKeyPrefix() {
            return keyPrefix;
        }

        /** Sets the Redis key prefix. */
        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        /** The log interval; default 1m. */
        public Duration getLogInterval() {
            return logInterval;
        }

        /** Sets the log interval. */
        public void setLogInterval(Duration logInterval) {
            this.logInterval = logInterval;
        }

        /** The IPv6 aggregate prefix; default 48, 0 off. */
        public int getIpv6AggregatePrefix() {
            return ipv6AggregatePrefix;
        }

        /** Sets the IPv6 aggregate prefix. */
        public void setIpv6AggregatePrefix(int ipv6AggregatePrefix) {
            this.ipv6AggregatePrefix = ipv6AggregatePrefix;
        }

        /** The IPv6 aggregate multiple; default 16. */
        public int getIpv6AggregateMultiple() {
            return ipv6AggregateMultiple;
        }

        /** Sets the IPv6 aggregate multiple. */
        public void setIpv6AggregateMultiple(int ipv6AggregateMultiple) {
            this.ipv6AggregateMultiple = ipv6AggregateMultiple;
        }

        /** The IPv6 prefix length; default 64. */
        public int getIpv6Prefix() {
            return ipv6Prefix;
        }

        /** Sets the IPv6 prefix length. */
        public void setIpv6Prefix(int ipv6Prefix) {
            this.ipv6Prefix = ipv6Prefix;
        }

        @Override
        public String toString() {
            // The store URI may hold a Redis password.
            return "RateLimit[limits=" + limits + ", paths=" + paths + ", mode=" + mode + "]";
        }
    }
}
