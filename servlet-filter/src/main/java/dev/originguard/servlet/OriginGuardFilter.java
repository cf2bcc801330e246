package dev.originguard.servlet;

import dev.originguard.ClientIpResolver;
import dev.originguard.ConfigurationException;
import dev.originguard.Resolution;
import dev.originguard.settings.LockOrigin;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.SettingsBuilder;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * attributes are set so an access log with {@code requestAttributesEnabled="true"} shows the client. For a
 * request from a trusted proxy, {@code sendRedirect} follows the restored scheme and host where the container
 * would make the location absolute, and leaves it relative where the container keeps it relative. A container
 * layer that already replaced the peer (Tomcat's RemoteIpValve, Jetty's ForwardedRequestCustomizer) is named in
 * one error, and a locked origin refuses such requests with that reason.
 *
 * <p>Init-params are the settings of the {@link Builder}, by the names of its methods ({@code trustedProxies},
 * {@code clientIpHeader}, {@code lockOrigin}, {@code directAllow}, {@code lockOriginExemptPaths}, ...), with
 * the same defaults and the values the README's table describes; any other name fails init. By default no
 * proxy is trusted, so no header is believed, and the origin is not locked.
 *
 * <p>It works once per request: map it for REQUEST, FORWARD, INCLUDE, ERROR and ASYNC dispatches and with
 * async support on; later dispatches reuse the first decision. A bad setting fails {@link #init} with a
 * {@link ServletException} naming the init-param, the entry and why. Nothing in a request's headers makes it
 * throw; their cost is bounded.
 *
 * <p>{@link #status()} is a read-only snapshot (sets, their sources, request and rate-limit counters) for
 * health checks and metrics, and {@link #refreshRanges()} refreshes every range source now.
 */
public final class OriginGuardFilter implements Filter {

    /** The request attribute holding the request's {@link Resolution}. */
    public static final String RESOLUTION_ATTRIBUTE = "dev.originguard.Resolution";

    /** The SLF4J MDC key holding the client IP while the rest of the chain runs. */
    public static final String MDC_CLIENT_IP = "client.ip";


    private static final Logger log = LoggerFactory.getLogger(OriginGuardFilter.class);

    // The stages, each with its own counters and throttled log lines.
    private final ResolveStage resolve = new ResolveStage();
    private final LockStage lock = new LockStage();
    private final ContainerRedirects redirects = new ContainerRedirects();
    private final ContainerForwarding forwarding = new ContainerForwarding();

    private final boolean built;
    // Tomcat's access-log attributes cost a map entry each; other containers ignore them. Decided in init.
    private volatile boolean setTomcatAttributes = true;
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
        redirects.start(config.getServletContext());
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

    /**
     * Runs the stages once per request: resolve (headers, origin secret, walk), wrap, publish the attributes,
     * lock, rate-limit gate; then the rest of the chain with the client IP in the MDC. A later dispatch of a
     * request already decided only wraps again, when the container hands over its own request.
     */
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
        HttpServletResponse out = response;
        if (resolution != null) {
            // A later dispatch (FORWARD, INCLUDE, ERROR, ASYNC) of a request already decided: decide nothing again.
            if (!ResolvedRequest.isResolved(request)) {
                ResolvedRequest resolved = wrap(s, request, response, resolution);
                out = respond(resolved, response, resolution);
                wrapped = resolved;
            } else {
                wrapped = request;
            }
        } else {
            resolution = resolve.resolve(s, request);
            ResolvedRequest resolved = wrap(s, request, response, resolution);
            PublishStage.attributes(resolved, resolution, setTomcatAttributes);
            // Rate limiting after the lock, so refused direct hits never consume a client's tokens.
            String rewrittenBy = forwarding.rewrittenBy(request, redirects);
            if (!lock.admit(s, request, response, resolution, rewrittenBy) || !gate(s, resolved, response, resolution)) {
                return;
            }
            wrapped = resolved;
            out = respond(resolved, response, resolution);
        }
        String previous = PublishStage.enterMdc(resolution);
        try {
            chain.doFilter(wrapped, out);
        } finally {
            PublishStage.restoreMdc(previous);
        }
    }

    private static ResolvedRequest wrap(FilterSettings s, HttpServletRequest request, HttpServletResponse response,
            Resolution resolution) {
        return new ResolvedRequest(request, response, resolution, s.targetHeaders(), s.hiddenFor(resolution));
    }

    // Redirects follow the restored request only when a trusted proxy restored it: one wrapper for those alone,
    // and none when the proxy is already known to have reported no scheme, host or port (nothing to correct).
    private HttpServletResponse respond(ResolvedRequest resolved, HttpServletResponse response, Resolution resolution) {
        if (!resolution.peerTrusted() || resolved.targetKnownEmpty()) {
            return response;
        }
        ResolvedResponse wrapper = new ResolvedResponse(response, resolved, redirects);
        resolved.respondThrough(wrapper);
        return wrapper;
    }

    // The servlet filter reaches rate limiting only through the gate, when one is configured.
    private static boolean gate(FilterSettings s, HttpServletRequest request, HttpServletResponse response,
            Resolution resolution) throws IOException {
        RequestGate gate = s.gate();
        return gate == null || gate.admit(request, response, resolution);
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
        FilterSettings.closeAll(s.resources(), log);
    }

    /**
     * A snapshot of the settings in force and the counters so far. Cheap (a few small objects), lock-free, and
     * safe from any thread; meant for health checks, metrics and admin endpoints, not for every request.
     *
     * @throws IllegalStateException before {@link #init(FilterConfig)} configured a filter built without the
     *                               builder
     */
    public OriginGuardStatus status() {
        return requireSettings().status(counts());
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
        requireSettings().refreshRanges();
    }

    private FilterSettings requireSettings() {
        FilterSettings s = settings;
        if (s == null) {
            throw new IllegalStateException("OriginGuardFilter is not configured yet: init(FilterConfig) has not run");
        }
        return s;
    }

    private OriginGuardStatus.RequestCounts counts() {
        return new OriginGuardStatus.RequestCounts(resolve.restored.sum(), resolve.proxy.sum(), lock.direct.sum(),
                lock.rejected.sum(), lock.reported.sum(), resolve.malformed.sum(), resolve.unverified.sum());
    }

    /**
     * Configures an {@link OriginGuardFilter} in code, with the same settings, checks and defaults as the
     * init-params: every method is a {@link SettingsBuilder} method, which validates its argument and throws
     * {@link ConfigurationException} naming the setting; {@link #build()} returns a configured filter whose
     * {@code init} does nothing more.
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
    public static final class Builder extends SettingsBuilder<Builder> {

        private Builder() {
        }

        /**
         * The configured filter, its range sources loaded.
         *
         * @throws ConfigurationException if a setting is refused or the settings contradict each other
         */
        public OriginGuardFilter build() {
            return of(settings());
        }
    }
}
