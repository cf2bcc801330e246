package dev.originguard.servlet;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.ConfigurationException;
import dev.originguard.HeaderFormat;
import dev.originguard.OriginSecret;
import dev.originguard.Resolution;
import dev.originguard.internal.LogText;
import dev.originguard.internal.RequestPath;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.settings.LockOrigin;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.RemoveForwardingHeaders;
import dev.originguard.source.LiveAddressSet;
import dev.originguard.source.RefreshSettings;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Restores the real client behind a CDN, WAF or anti-bot proxy, ignores forged forwarding headers, and can
 * lock the origin so that only the proxy may reach it.
 *
 * <p>For every request it resolves the client with a {@link ClientIpResolver} (headers are believed only from
 * {@code trustedProxies}, walked from the right), then hands the application a request whose
 * {@code getRemoteAddr()} and {@code getRemoteHost()} are the client (never a DNS lookup) and whose scheme,
 * {@code isSecure()}, server name, port and request URL are those the trusted proxy reports. The
 * {@link Resolution} is the request attribute {@value #RESOLUTION_ATTRIBUTE} (see {@link #resolution}), the
 * SLF4J MDC key {@value #MDC_CLIENT_IP} holds the client IP while the chain runs, and Tomcat's access-log
 * attributes are set so an access log with {@code requestAttributesEnabled="true"} shows the client.
 *
 * <p>Init-params (the same settings as the {@link Builder}; any other name fails init):
 * <ul>
 *   <li>{@code trustedProxies}: IPs, CIDRs, {@code a-b} ranges, presets ({@code loopback}, {@code private},
 *       {@code linklocal}), separated by commas and/or whitespace. Default: none, so no header is believed.</li>
 *   <li>{@code clientIpHeader}: default {@code X-Forwarded-For}; {@code Forwarded} (RFC 7239), or a
 *       single-value header such as {@code CF-Connecting-IP}.</li>
 *   <li>{@code lockOrigin}: {@code off} (default), {@code report} or {@code on}; see {@link LockOrigin}.</li>
 *   <li>{@code directAllow}: peers that may reach a locked origin without the proxy. Default: none.</li>
 *   <li>{@code lockOriginExemptPaths}: paths a locked origin serves to anyone ({@code /health},
 *       {@code /status/*}), when requested in normalised form: {@code /admin/../health} or
 *       {@code /health;jsessionid=x} is never exempt. Default: none.</li>
 *   <li>{@code rateLimitExempt}: clients never rate limited (trusted proxies are, besides). Default: none.</li>
 *   <li>{@code maxHops} (default 20), {@code maxHeaderLength} (default 8192): the walk's bounds.</li>
 *   <li>{@code protocolHeader} (default {@code X-Forwarded-Proto}), {@code hostHeader} (default none),
 *       {@code portHeader} (default none): {@code none} turns one off, {@code Forwarded} reads RFC 7239. When
 *       {@code clientIpHeader} is {@code Forwarded}, the protocol and host default to it.</li>
 * </ul>
 *
 * <p>It works once per request: map it for REQUEST, FORWARD, INCLUDE, ERROR and ASYNC dispatches and with
 * async support on; later dispatches reuse the first decision. A bad setting fails {@link #init} with a
 * {@link ServletException} naming the init-param, the entry and why. Nothing in a request's headers makes it
 * throw; their cost is bounded.
 *
 * <p>{@link #status()} is a read-only snapshot (sets, their sources, request and rate-limit counters) for
 * health checks and metrics, and {@link #refreshRanges()} refreshes every range source now.
 */
public class OriginGuardFilter implements Filter {

    /** The request attribute holding the request's {@link Resolution}. */
    public static final String RESOLUTION_ATTRIBUTE = "dev.originguard.Resolution";

    /** The SLF4J MDC key holding the client IP while the rest of the chain runs. */
    public static final String MDC_CLIENT_IP = "client.ip";


    // Tomcat's access-log attributes (org.apache.catalina.AccessLog and Globals), named here so the filter
    // needs no Tomcat classes. Other containers ignore them.
    static final String TOMCAT_ACCESS_LOG_REMOTE_ADDR = "org.apache.catalina.AccessLog.RemoteAddr";
    static final String TOMCAT_ACCESS_LOG_REMOTE_HOST = "org.apache.catalina.AccessLog.RemoteHost";
    static final String TOMCAT_ACCESS_LOG_PROTOCOL = "org.apache.catalina.AccessLog.Protocol";
    static final String TOMCAT_ACCESS_LOG_SERVER_NAME = "org.apache.catalina.AccessLog.ServerName";
    static final String TOMCAT_ACCESS_LOG_SERVER_PORT = "org.apache.catalina.AccessLog.ServerPort";
    static final String TOMCAT_REMOTE_ADDR = "org.apache.tomcat.remoteAddr";

    private static final Logger log = LoggerFactory.getLogger(OriginGuardFilter.class);
    private static final byte[] FORBIDDEN_BODY = "Forbidden\n".getBytes(StandardCharsets.US_ASCII);

    // Log lines an attacker can cause, each written at most once per 10 s.
    private final ThrottledLog refusedLog = new ThrottledLog(log);
    private final ThrottledLog wouldRefuseLog = new ThrottledLog(log);
    private final ThrottledLog ignoredHeaderLog = new ThrottledLog(log);
    private final ThrottledLog unknownClientLog = new ThrottledLog(log);
    private final ThrottledLog missingSecretLog = new ThrottledLog(log);

    private final boolean built;
    // Tomcat's access-log attributes cost a map entry each; other containers ignore them. Decided in init.
    private volatile boolean setTomcatAttributes = true;
    private final RequestCounters counters = new RequestCounters();
    private final AtomicBoolean destroyed = new AtomicBoolean();
    private volatile FilterSettings settings;

    /** A filter configured from its init-params in {@link #init(FilterConfig)}, as web.xml declares it. */
    public OriginGuardFilter() {
        this.built = false;
    }

    private OriginGuardFilter(FilterSettings settings) {
        this.built = true;
        this.settings = settings;
    }

    /**
     * A configured filter for {@code settings}, its range sources loaded and its rate limiter started; its
     * {@code init} does nothing more.
     *
     * @throws ConfigurationException when a range source cannot be loaded under the start-up policy, or the
     *                                rate limiter cannot start
     */
    public static OriginGuardFilter of(OriginGuardSettings settings) {
        return new OriginGuardFilter(FilterSettings.assemble(settings));
    }

    /** A builder for apps that register filters in code; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The resolution the filter attached to the request, or null if it has not seen it. */
    public static Resolution resolution(ServletRequest request) {
        return request.getAttribute(RESOLUTION_ATTRIBUTE) instanceof Resolution r ? r : null;
    }

    /**
     * Reads the init-params, unless the filter came from {@link #builder()}: then it is already configured
     * and its init-params are ignored.
     *
     * @throws ServletException naming the init-param, the entry and the reason when a setting is bad
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        String serverInfo = config.getServletContext() == null ? null : config.getServletContext().getServerInfo();
        setTomcatAttributes = serverInfo == null || serverInfo.contains("Tomcat");
        if (built) {
            return;
        }
        try {
            FilterSettings read = FilterSettings.assemble(InitParams.read(config));
            settings = read;
            log.info("OriginGuardFilter '{}': {} trusted proxy ranges, client IP from {}, lockOrigin={}",
                    config.getFilterName(), read.resolver().trustedProxies().rangeCount(),
                    read.resolver().headerName(), read.lockOrigin().name().toLowerCase(Locale.ROOT));
        } catch (ConfigurationException e) {
            throw new ServletException("OriginGuardFilter '" + config.getFilterName() + "': init-param "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        FilterSettings s = settings;
        if (s == null) {
            throw new ServletException("OriginGuardFilter was used before init(FilterConfig)");
        }
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        Resolution resolution = resolution(request);
        HttpServletRequest wrapped;
        if (resolution != null) {
            // A later dispatch (FORWARD, INCLUDE, ERROR, ASYNC) of a request already decided: decide nothing
            // again, only wrap again if the dispatch handed us the container's own request.
            if (ResolvedRequest.isResolved(request)) {
                wrapped = request;
            } else {
                wrapped = new ResolvedRequest(request, response, resolution, s.targetHeaders(),
                        s.hiddenFor(resolution));
            }
        } else {
            String peer = request.getRemoteAddr();
            if (peer == null) {
                peer = "";
            }
            String headerName = s.resolver().headerName();
            // One header line is the common case: hand it over as is, without building a list around it.
            Enumeration<String> values = request.getHeaders(headerName);
            String first = values != null && values.hasMoreElements() ? values.nextElement() : null;
            List<String> lines = first != null && values.hasMoreElements() ? TargetHeaders.lines(first, values) : null;
            OriginSecret secret = s.originSecret();
            if (secret == null) {
                resolution = lines == null ? s.resolver().resolve(peer, first) : s.resolver().resolve(peer, lines);
            } else {
                boolean verified = secret.matches(TargetHeaders.lines(request, secret.headerName()));
                resolution = lines == null ? s.resolver().resolve(peer, first, verified)
                        : s.resolver().resolve(peer, lines, verified);
                if (!verified && !resolution.peerDirectAllowed()
                        && s.resolver().trustedProxies().contains(resolution.peerIp())) {
                    counters.unverified.increment();
                    // From a proxy range but without the secret: another tenant of the same CDN, or a probe.
                    missingSecretLog.warn("Request from {} (a trusted proxy range) without a valid {} header:"
                            + " treated as a direct request", LogText.escape(resolution.peerIp()), secret.headerName());
                }
            }
            ResolvedRequest resolved = new ResolvedRequest(request, response, resolution, s.targetHeaders(),
                    s.hiddenFor(resolution));
            wrapped = resolved;
            publish(resolved, resolution);

            if (!resolution.peerTrusted()) {
                if (!resolution.peerDirectAllowed() && s.lockOrigin() != LockOrigin.OFF
                        && !s.exemptPaths().matches(RequestPath.of(request.getRequestURI(),
                                request.getContextPath(), request.getServletPath(), request.getPathInfo()))) {
                    if (s.lockOrigin() == LockOrigin.ON) {
                        counters.rejected.increment();
                        refusedLog.warn("Refused a direct request from {} (not a trusted proxy, not in directAllow;"
                                + " lockOrigin=on): {}", LogText.escape(resolution.peerIp()),
                                LogText.escape(request.getMethod()));
                        refuse(response);
                        return;
                    }
                    counters.reported.increment();
                    wouldRefuseLog.warn("Would refuse a direct request from {} (not a trusted proxy, not in"
                            + " directAllow; lockOrigin=report): {}", LogText.escape(resolution.peerIp()),
                            LogText.escape(request.getMethod()));
                } else {
                    counters.direct.increment();
                }
                if (first != null) {
                    ignoredHeaderLog.info("Ignored {} from {}: the peer is not a trusted proxy", headerName,
                            LogText.escape(resolution.peerIp()));
                }
            } else if (!resolution.clientKnown()) {
                counters.malformed.increment();
                unknownClientLog.warn("{} from trusted proxy {} has an entry that is not an address or exceeds"
                        + " the limits: the client is not known; using the last trusted hop {}",
                        headerName, LogText.escape(resolution.peerIp()), LogText.escape(resolution.clientIp()));
            } else if (resolution.rule() == Resolution.Rule.PROXY) {
                counters.proxy.increment();
            } else {
                counters.restored.increment();
            }

            // Rate limiting: after the lock, so refused direct hits never consume a client's tokens.
            RequestGate gate = s.gate();
            if (gate != null && !gate.admit(wrapped, response, resolution)) {
                return;
            }
        }

        String previous = MDC.get(MDC_CLIENT_IP);
        MDC.put(MDC_CLIENT_IP, resolution.clientIp());
        try {
            chain.doFilter(wrapped, response);
        } finally {
            // Restore rather than remove: a nested FORWARD or INCLUDE must not clear the outer dispatch's key.
            if (previous == null) {
                MDC.remove(MDC_CLIENT_IP);
            } else {
                MDC.put(MDC_CLIENT_IP, previous);
            }
        }
    }

    /**
     * Closes the resources the settings hold (refreshing range sources, the rate limiter's store), once: a
     * second call, as when both the container and a DI container destroy the filter, does nothing.
     */
    @Override
    public void destroy() {
        FilterSettings s = settings;
        if (s == null || !destroyed.compareAndSet(false, true)) {
            return;
        }
        for (AutoCloseable resource : s.resources()) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("OriginGuardFilter: closing {} failed", resource, e);
            }
        }
    }

    /**
     * A snapshot of the settings in force and the counters so far. Cheap (a few small objects), lock-free, and
     * safe from any thread; meant for health checks, metrics and admin endpoints, not for every request.
     *
     * @throws IllegalStateException before {@link #init(FilterConfig)} configured a filter built without the
     *                               builder
     */
    public OriginGuardStatus status() {
        FilterSettings s = requireSettings();
        List<OriginGuardStatus.AddressSetStatus> sets = new ArrayList<>(s.sets().size());
        for (FilterSettings.NamedSet named : s.sets()) {
            LiveAddressSet live = named.live();
            sets.add(new OriginGuardStatus.AddressSetStatus(named.name(), named.set().get().rangeCount(),
                    live != null, live == null ? List.of() : live.statuses()));
        }
        OriginGuardStatus.RateLimitCounts rateLimit = s.gate() == null ? null : s.gate().counts();
        return new OriginGuardStatus(s.lockOrigin(), s.resolver().headerName(), s.originSecret() != null, sets,
                counters.snapshot(), rateLimit);
    }

    /**
     * Refreshes every range source of every set now, on the calling thread (blocking up to the fetch
     * timeouts), with the same validation as a scheduled refresh. A failed refresh keeps the last good set and
     * shows in {@link #status()}; it never throws. Fixed sets are left as they are.
     *
     * @throws IllegalStateException before {@link #init(FilterConfig)} configured a filter built without the
     *                               builder
     */
    public void refreshRanges() {
        for (FilterSettings.NamedSet named : requireSettings().sets()) {
            if (named.live() != null) {
                named.live().refreshNow();
            }
        }
    }

    private FilterSettings requireSettings() {
        FilterSettings s = settings;
        if (s == null) {
            throw new IllegalStateException("OriginGuardFilter is not configured yet: init(FilterConfig) has not run");
        }
        return s;
    }

    private void publish(ResolvedRequest wrapped, Resolution resolution) {
        wrapped.setAttribute(RESOLUTION_ATTRIBUTE, resolution);
        if (!setTomcatAttributes) {
            return;
        }
        String client = resolution.clientIp();
        wrapped.setAttribute(TOMCAT_ACCESS_LOG_REMOTE_ADDR, client);
        wrapped.setAttribute(TOMCAT_ACCESS_LOG_REMOTE_HOST, client);
        wrapped.setAttribute(TOMCAT_REMOTE_ADDR, client);
        String protocol = wrapped.getProtocol();
        if (protocol != null) {
            wrapped.setAttribute(TOMCAT_ACCESS_LOG_PROTOCOL, protocol);
        }
        if (!wrapped.target().isEmpty()) {
            wrapped.setAttribute(TOMCAT_ACCESS_LOG_SERVER_NAME, wrapped.getServerName());
            wrapped.setAttribute(TOMCAT_ACCESS_LOG_SERVER_PORT, wrapped.getServerPort());
        }
    }

    // A generic body: the reason is for the operator's log, not for whoever probes the origin.
    private static void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain;charset=US-ASCII");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(FORBIDDEN_BODY.length);
        response.getOutputStream().write(FORBIDDEN_BODY);
    }

    /**
     * Configures an {@link OriginGuardFilter} in code, with the same settings and defaults as the init-params:
     * each method is the {@link OriginGuardSettings.Builder} method of the same name, which validates its
     * argument and throws {@link ConfigurationException} naming the setting; {@link #build()} returns a
     * configured filter whose {@code init} does nothing more.
     *
     * <pre>{@code
     * OriginGuardFilter filter = OriginGuardFilter.builder()
     *     .trustedProxies("203.0.113.0/24, 2001:db8::/32")
     *     .lockOrigin(LockOrigin.ON)
     *     .directAllow("loopback")
     *     .lockOriginExemptPaths("/health")
     *     .build();
     * }</pre>
     */
    public static final class Builder {

        private final OriginGuardSettings.Builder settings = OriginGuardSettings.builder();

        private Builder() {
        }

        /** See {@link OriginGuardSettings.Builder#trustedProxies(String)}. Default: none. */
        public Builder trustedProxies(String entries) {
            settings.trustedProxies(entries);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#trustedProxies(AddressSet)}. Default: none. */
        public Builder trustedProxies(AddressSet set) {
            settings.trustedProxies(set);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#clientIpHeader(String)}. Default {@code X-Forwarded-For}. */
        public Builder clientIpHeader(String name) {
            settings.clientIpHeader(name);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#lockOrigin(LockOrigin)}. Default {@link LockOrigin#OFF}. */
        public Builder lockOrigin(LockOrigin mode) {
            settings.lockOrigin(mode);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#directAllow(String)}. Default: none. */
        public Builder directAllow(String entries) {
            settings.directAllow(entries);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#directAllow(AddressSet)}. Default: none. */
        public Builder directAllow(AddressSet set) {
            settings.directAllow(set);
            return this;
        }

        /**
         * Paths inside the application that a locked origin serves to anyone: exact ({@code /health}) or a
         * prefix ending in {@code /*}. Each argument may hold several, separated by commas and/or whitespace.
         * A request is exempt only when its raw URI is in normalised form (no dot segments, percent-encoding,
         * path parameters or empty segments), so a framework routing on the raw URI sees the same path.
         * Default: none.
         */
        public Builder lockOriginExemptPaths(String... paths) {
            settings.lockOriginExemptPaths(paths);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#rateLimitExempt(String)}. Default: none. */
        public Builder rateLimitExempt(String entries) {
            settings.rateLimitExempt(entries);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#rateLimitExempt(AddressSet)}. Default: none. */
        public Builder rateLimitExempt(AddressSet set) {
            settings.rateLimitExempt(set);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#clientIpHeaderFrom(String)}. Default: every trusted proxy. */
        public Builder clientIpHeaderFrom(String entries) {
            settings.clientIpHeaderFrom(entries);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#clientIpHeaderFrom(AddressSet)}. */
        public Builder clientIpHeaderFrom(AddressSet set) {
            settings.clientIpHeaderFrom(set);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#rangeRefresh(RefreshSettings)}. Default: the defaults. */
        public Builder rangeRefresh(RefreshSettings refresh) {
            settings.rangeRefresh(refresh);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#rateLimit(RateLimitSettings)}. Default null: off. */
        public Builder rateLimit(RateLimitSettings rateLimit) {
            settings.rateLimit(rateLimit);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#removeForwardingHeaders}. Default {@link RemoveForwardingHeaders#OFF}. */
        public Builder removeForwardingHeaders(RemoveForwardingHeaders mode) {
            settings.removeForwardingHeaders(mode);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#exemptTrustedProxies(boolean)}. Default true. */
        public Builder exemptTrustedProxies(boolean exempt) {
            settings.exemptTrustedProxies(exempt);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#rateLimitIpv6Prefix(int)}. Default 64. */
        public Builder rateLimitIpv6Prefix(int prefixLength) {
            settings.rateLimitIpv6Prefix(prefixLength);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#originSecret(OriginSecret)}. Default: none. */
        public Builder originSecret(OriginSecret secret) {
            settings.originSecret(secret);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#maxHops(int)}. Default 20. */
        public Builder maxHops(int maxHops) {
            settings.maxHops(maxHops);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#maxHeaderLength(int)}. Default 8192. */
        public Builder maxHeaderLength(int maxHeaderLength) {
            settings.maxHeaderLength(maxHeaderLength);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#protocolHeader(String)}. Default {@code X-Forwarded-Proto}. */
        public Builder protocolHeader(String name) {
            settings.protocolHeader(name);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#hostHeader(String)}. Default none. */
        public Builder hostHeader(String name) {
            settings.hostHeader(name);
            return this;
        }

        /** See {@link OriginGuardSettings.Builder#portHeader(String)}. Default none. */
        public Builder portHeader(String name) {
            settings.portHeader(name);
            return this;
        }

        /**
         * The configured filter, its range sources loaded.
         *
         * @throws ConfigurationException if a setting is refused or the settings contradict each other
         */
        public OriginGuardFilter build() {
            return of(settings.build());
        }
    }
}
