package dev.originguard.servlet;

import dev.originguard.ClientIpResolver;
import dev.originguard.ConfigurationException;
import dev.originguard.Resolution;
import dev.originguard.event.OriginGuardListener;
import dev.originguard.event.PolicyChanged;
import dev.originguard.explain.ExplainRequest;
import dev.originguard.explain.Explanation;
import dev.originguard.internal.Listeners;
import dev.originguard.settings.SettingsText;
import dev.originguard.source.RangeOrigin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import dev.originguard.internal.ThrottledLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
 * <p>A container that stops and starts the context may reuse the instance: {@link #destroy()} stops every thread
 * and connection the filter started, and a later {@link #init} starts them again (built filters from the settings
 * they were built with). Without running settings, before init or between destroy and init, a request gets 503
 * and is never passed on.
 *
 * <p>{@link #status()} is a read-only snapshot (sets, their sources, request and rate-limit counters, the
 * policy file) for health checks and metrics, {@link #refreshRanges()} refreshes every range source now,
 * {@link #ranges()} lists every CIDR in force with where it came from, and {@link #explain} says step by step
 * what the filter decides for a request given as text. Each filter registers a JMX MXBean
 * ({@link OriginGuardFilterMXBean}) in {@code init} and unregisters it in {@code destroy}.
 *
 * <p><b>Policy file.</b> With the init-param {@value #POLICY_FILE_PARAM} (or {@link Builder#policyFile}) the
 * settings are read from a file a security team owns ({@code .properties} with init-param names, or YAML with
 * the {@code originguard.*} names; see {@code dev.originguard.policy.PolicyFile}); a setting also given as an
 * init-param stops start-up naming both. The file is polled every {@value #POLICY_POLL_INTERVAL_PARAM}
 * (default {@link #DEFAULT_POLICY_POLL_INTERVAL}) on a daemon thread {@code originguard-policy-N}; when its
 * bytes change it is read again and, if every setting is accepted and every range source loads, all of it is
 * swapped in at once, as a range source's list is: a request sees the old policy or the new, never a mix. A
 * refused edit keeps the last good policy, is logged at WARN and shown in {@link #status()}; a good one is
 * logged at INFO as a diff, setting by setting (an origin secret only as changed). {@link #reloadPolicy()}
 * reads it now. A reload starts new range sources and a new rate limiter (buckets start full again) and closes
 * the old ones.
 *
 * <p><b>Decision log.</b> With the logger {@value #DECISION_LOGGER} at DEBUG, every request's decision is logged
 * on one line ({@link Explanation#compact()}): peer, trusted hops and what trusted them, client, rule, lock and
 * rate-limit key. Off (the default), it costs one {@code isDebugEnabled()} per request.
 */
public final class OriginGuardFilter implements Filter {

    /** The request attribute holding the request's {@link Resolution}. */
    public static final String RESOLUTION_ATTRIBUTE = "dev.originguard.Resolution";

    /** The SLF4J MDC key holding the client IP while the rest of the chain runs. */
    public static final String MDC_CLIENT_IP = "client.ip";

    /** The init-param naming the policy file: a meta-setting, not in the settings table. */
    public static final String POLICY_FILE_PARAM = InitParams.POLICY_FILE;

    /** The init-param giving how often the policy file is polled, such as {@code 5s}. */
    public static final String POLICY_POLL_INTERVAL_PARAM = InitParams.POLICY_POLL_INTERVAL;

    /** How often the policy file is polled by default: 5 seconds. */
    public static final Duration DEFAULT_POLICY_POLL_INTERVAL = dev.originguard.policy.PolicyFile.DEFAULT_POLL_INTERVAL;

    /** The shortest poll interval accepted: 100 milliseconds. */
    public static final Duration MIN_POLICY_POLL_INTERVAL = dev.originguard.policy.PolicyFile.MIN_POLL_INTERVAL;

    /** The longest poll interval accepted: 1 day. */
    public static final Duration MAX_POLICY_POLL_INTERVAL = dev.originguard.policy.PolicyFile.MAX_POLL_INTERVAL;

    /** The logger that writes one line per request at DEBUG: {@value}. */
    public static final String DECISION_LOGGER = "dev.originguard.decision";

    private static final Logger decisionLog = LoggerFactory.getLogger(DECISION_LOGGER);


    private static final Logger log = LoggerFactory.getLogger(OriginGuardFilter.class);

    // The stages, each with its own counters and throttled log lines.
    private final ResolveStage resolve = new ResolveStage();
    private final LockStage lock = new LockStage();
    private final ContainerRedirects redirects = new ContainerRedirects();
    private final ContainerForwarding forwarding = new ContainerForwarding();

    // The settings a filter built in code was made from, kept so that init after destroy can start it again;
    // null for a filter configured from its init-params or from a policy file.
    private final OriginGuardSettings built;
    // The policy file a filter built in code reads, kept for the same reason; null otherwise.
    private final PolicySource builtPolicy;
    private final Duration builtPollInterval;
    // Told of every policy and range change; never null.
    private final OriginGuardListener listener;
    // The policy file in force (built, or from the init-params), its last read, and the thread polling it.
    private volatile PolicyReload policy;
    private PolicyWatch watch;
    private final FilterMBeans mbeans = new FilterMBeans(this);
    private volatile String name = "OriginGuardFilter";
    // Tomcat's access-log attributes cost a map entry each; other containers ignore them. Decided in init.
    private volatile boolean setTomcatAttributes = true;
    // init and destroy run under it, so a container and a DI container cannot start and stop at once.
    private final Object lifecycle = new Object();
    // What requests decide with: null before init (init-param filter) and after destroy.
    private volatile FilterSettings settings;
    private volatile boolean destroyed;
    private final ThrottledLog stoppedLog = new ThrottledLog(log);

    /** A filter configured from its init-params in {@link #init(FilterConfig)}, as web.xml declares it. */
    public OriginGuardFilter() {
        this.built = null;
        this.builtPolicy = null;
        this.builtPollInterval = null;
        this.listener = OriginGuardListener.NONE;
    }

    private OriginGuardFilter(OriginGuardSettings built, PolicySource builtPolicy, Duration pollInterval,
            OriginGuardListener listener) {
        this.built = built;
        this.builtPolicy = builtPolicy;
        this.builtPollInterval = pollInterval;
        this.listener = listener;
    }

    /**
     * A configured filter for {@code settings}, its range sources loaded and its rate limiter started; its
     * first {@code init} does nothing more. After {@link #destroy()}, {@code init} starts it again from the
     * same settings (a container that stops and starts the context reuses the instance).
     *
     * @throws ConfigurationException when a range source cannot be loaded under the start-up policy, or the
     *                                rate limiter cannot start
     */
    public static OriginGuardFilter of(OriginGuardSettings settings) {
        return of(settings, OriginGuardListener.NONE);
    }

    /**
     * As {@link #of(OriginGuardSettings)}, telling {@code listener} of every range source change.
     *
     * @throws ConfigurationException as {@link #of(OriginGuardSettings)}
     */
    public static OriginGuardFilter of(OriginGuardSettings settings, OriginGuardListener listener) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        OriginGuardFilter filter = new OriginGuardFilter(settings, null, null, listener);
        filter.settings = FilterSettings.assemble(settings, listener);
        return filter;
    }

    // A filter reading a policy file, started: the file read, its sources loaded, the poll scheduled.
    private static OriginGuardFilter ofPolicy(PolicySource source, Duration pollInterval,
            OriginGuardListener listener) {
        OriginGuardFilter filter = new OriginGuardFilter(null, source, pollInterval, listener);
        synchronized (filter.lifecycle) {
            filter.startPolicy(source, pollInterval);
        }
        return filter;
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
     * Reads the init-params and starts what they describe (range sources, the rate limiter), unless the filter
     * came from {@link #builder()} or {@link #of}: then it is already running and its init-params are ignored.
     * After {@link #destroy()}, init starts the filter again: a built filter from the settings it was built
     * with, an init-param filter from its init-params, each with new refresh threads and a new rate-limit
     * store connection. A second init without destroy replaces an init-param filter's settings (closing the
     * old ones) and leaves a built filter as it is.
     *
     * @throws ServletException naming the init-param, the entry and the reason when a setting is bad, or why a
     *                          built filter could not start again
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        PolicyWatch replaced = null;
        try {
            replaced = start(config);
        } finally {
            // Outside the monitor: a poll in progress waits on it.
            if (replaced != null) {
                replaced.close();
            }
        }
    }

    // Under lifecycle; returns the watch this init replaced, for the caller to stop.
    private PolicyWatch start(FilterConfig config) throws ServletException {
        synchronized (lifecycle) {
            String serverInfo = config.getServletContext() == null ? null
                    : config.getServletContext().getServerInfo();
            setTomcatAttributes = serverInfo == null || serverInfo.contains("Tomcat");
            redirects.start(config.getServletContext());
            name = config.getFilterName() == null ? "OriginGuardFilter" : config.getFilterName();
            boolean inCode = built != null || builtPolicy != null;
            if (inCode && settings != null) {
                mbeans.register(config);
                return null;
            }
            FilterSettings previous = settings;
            PolicyWatch previousWatch = watch;
            watch = null;
            try {
                if (builtPolicy != null) {
                    startPolicy(builtPolicy, builtPollInterval);
                } else if (built != null) {
                    settings = FilterSettings.assemble(built, listener);
                } else {
                    PolicySource fromParams = InitParams.policy(config);
                    if (fromParams != null) {
                        startPolicy(fromParams, InitParams.pollInterval(config));
                    } else {
                        settings = FilterSettings.assemble(InitParams.read(config), listener);
                        policy = null;
                    }
                }
            } catch (ConfigurationException e) {
                watch = previousWatch;
                throw new ServletException("OriginGuardFilter '" + config.getFilterName() + "': "
                        + (inCode ? "starting again after destroy failed: " : policy != null || config
                        .getInitParameter(POLICY_FILE_PARAM) != null ? "policy file: " : "init-param ")
                        + e.getMessage(), e);
            }
            FilterSettings next = settings;
            destroyed = false;
            if (previous != null && previous != next) {
                FilterSettings.closeAll(previous.resources(), log);
            }
            mbeans.register(config);
            log.info("OriginGuardFilter '{}'{}: {} trusted proxy ranges, client IP from {}, lockOrigin={}{}",
                    config.getFilterName(), inCode ? " started again" : "",
                    next.resolver().trustedProxies().rangeCount(), next.resolver().headerName(),
                    next.lockOrigin().name().toLowerCase(Locale.ROOT),
                    policy == null ? "" : ", policy file " + policy.source().file());
            return previousWatch;
        }
    }

    // Under lifecycle: reads the policy, starts what it describes and the poll. Leaves settings as they were
    // when the file is refused.
    private void startPolicy(PolicySource source, Duration pollInterval) {
        PolicySource.Loaded loaded = source.load();
        settings = FilterSettings.assemble(loaded.settings(), listener);
        policy = new PolicyReload(source, loaded, listener);
        watch = PolicyWatch.start(pollInterval, () -> reload(false));
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
            refuseStopped(res);
            return;
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
            if (decisionLog.isDebugEnabled()) {
                DecisionLog.write(decisionLog, s, request);
            }
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

    /*
     * Without settings nothing can be decided, and a security filter must not pass the request on: 503, as the
     * container itself answers for a stopped context. Not sendError: its ERROR dispatch would come back here.
     */
    private void refuseStopped(ServletResponse res) throws IOException, ServletException {
        String why = destroyed ? "destroyed (the context is stopping or stopped; init starts it again)"
                : "not started yet: init(FilterConfig) has not run";
        if (stoppedLog.permit() >= 0) {
            log.warn("OriginGuardFilter refused a request with 503: the filter is {}", why);
        }
        if (res instanceof HttpServletResponse response && !response.isCommitted()) {
            response.reset();
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("text/plain;charset=US-ASCII");
            response.getOutputStream().write(SERVICE_UNAVAILABLE);
        } else {
            throw new ServletException("OriginGuardFilter is " + why);
        }
    }

    private static final byte[] SERVICE_UNAVAILABLE = "Service Unavailable\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * Closes what the settings hold (refreshing range sources and their threads, the rate limiter's store and
     * its threads) and drops them: until {@link #init} runs again, requests get 503 and {@link #status()}
     * throws. A second call, as when both the container and a DI container destroy the filter, does nothing.
     */
    @Override
    public void destroy() {
        PolicyWatch stopped;
        synchronized (lifecycle) {
            FilterSettings s = settings;
            if (s == null) {
                return;
            }
            settings = null;
            destroyed = true;
            stopped = watch;
            watch = null;
            mbeans.unregister();
            FilterSettings.closeAll(s.resources(), log);
        }
        // Outside the monitor: a poll in progress waits on it, then finds the filter destroyed and stops.
        if (stopped != null) {
            stopped.close();
        }
    }

    /**
     * A snapshot of the settings in force and the counters so far. Cheap (a few small objects), lock-free, and
     * safe from any thread; meant for health checks, metrics and admin endpoints, not for every request.
     *
     * @throws IllegalStateException before {@link #init(FilterConfig)} configured a filter built without the
     *                               builder, or after {@link #destroy()}
     */
    public OriginGuardStatus status() {
        return requireSettings().status(counts(), policyStatus());
    }

    private OriginGuardStatus.PolicyStatus policyStatus() {
        PolicyReload p = policy;
        return p == null ? null : p.status();
    }

    /**
     * Reads the policy file now, on the calling thread, as a poll does when the file changed: if it differs from
     * the version in force and everything in it is accepted (and its range sources load), the whole of it is
     * swapped in and the old sources and rate limiter are closed; otherwise the policy in force stays and the
     * refusal shows in {@link #status()}. Never throws for a refused file.
     *
     * @return whether a new policy is now in force
     * @throws IllegalStateException when the filter has no policy file, or is not started
     */
    public boolean reloadPolicy() {
        requireSettings();
        if (policy == null) {
            throw new IllegalStateException("OriginGuardFilter '" + name + "' has no policy file ("
                    + POLICY_FILE_PARAM + ")");
        }
        return reload(true);
    }

    // A poll (force false: only when the bytes differ from the last read) or an explicit reload.
    private boolean reload(boolean force) {
        PolicyChanged changed;
        synchronized (lifecycle) {
            PolicyReload p = policy;
            FilterSettings current = settings;
            if (p == null || current == null) {
                return false; // destroyed meanwhile
            }
            PolicyReload.Swap swap = p.reload(name, force);
            if (swap == null) {
                return false;
            }
            settings = swap.next();
            // In-flight requests keep the settings they read; the old sets stay readable once closed.
            FilterSettings.closeAll(current.resources(), log);
            changed = swap.changed();
        }
        Listeners.tell(listener, changed);
        return true;
    }

    /**
     * Every CIDR block in force, by setting name ({@code trustedProxies}, {@code directAllow},
     * {@code rateLimitExempt}, {@code clientIpSources[Header]}, ...), each with the entry or range source it
     * came from. Reads snapshots: never waits on a refresh.
     *
     * @throws IllegalStateException when the filter is not started
     */
    public Map<String, List<RangeOrigin>> ranges() {
        return requireSettings().explainer().ranges();
    }

    /**
     * What this filter decides for a request given as text, step by step, with the settings in force now: the
     * same walk the filter runs, traced. Off the hot path (for admin tools); nothing in the headers makes it
     * throw. The proxy-certificate check is not part of it (a request given as text has no TLS session).
     *
     * @throws IllegalStateException when the filter is not started
     */
    public Explanation explain(ExplainRequest request) {
        return requireSettings().explainer().explain(request);
    }

    /**
     * Refreshes every range source of every set now, on the calling thread (blocking up to the fetch
     * timeouts), with the same validation as a scheduled refresh. A failed refresh keeps the last good set and
     * shows in {@link #status()}; it never throws. Fixed sets are left as they are.
     *
     * @throws IllegalStateException before {@link #init(FilterConfig)} configured a filter built without the
     *                               builder, or after {@link #destroy()}
     */
    public void refreshRanges() {
        requireSettings().refreshRanges();
    }

    private FilterSettings requireSettings() {
        FilterSettings s = settings;
        if (s == null) {
            throw new IllegalStateException(destroyed
                    ? "OriginGuardFilter was destroyed: init(FilterConfig) starts it again"
                    : "OriginGuardFilter is not configured yet: init(FilterConfig) has not run");
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
     * {@link ConfigurationException} naming the setting; {@link #build()} returns a running filter whose first
     * {@code init} does nothing more (after {@code destroy}, {@code init} starts it again).
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

        private final List<OriginGuardListener> listeners = new ArrayList<>();
        private PolicySource policy;
        private Duration pollInterval = DEFAULT_POLICY_POLL_INTERVAL;

        private Builder() {
        }

        /** Adds a listener told of every policy reload or refusal and every range source change. */
        public Builder listener(OriginGuardListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Reads the settings from a policy file, polled and reloaded as the class description says. No other
         * setting may be given on this builder (use {@link #policyFile(Path, Map, SettingsText.Names, String)}
         * for settings the application keeps itself).
         */
        public Builder policyFile(Path file) {
            return policyFile(file, Map.of(), SettingsText.INIT_PARAMS, "application setting");
        }

        /**
         * Reads the settings from a policy file together with the application's own, given as text: a setting
         * in both stops start-up (and a reload) naming both places.
         *
         * @param appValues the application's settings by written name, such as {@code lockOrigin} or
         *                  {@code originguard.lock-origin}; null values are unset
         * @param appNames  how {@code appValues} name settings ({@link SettingsText#INIT_PARAMS} or
         *                  {@link SettingsText#PROPERTIES})
         * @param appWhere  where they come from, as refusals name it, such as {@code application property}
         */
        public Builder policyFile(Path file, Map<String, String> appValues, SettingsText.Names appNames,
                String appWhere) {
            Map<String, String> values = new java.util.LinkedHashMap<>();
            appValues.forEach((k, v) -> {
                if (v != null) {
                    values.put(k, v);
                }
            });
            this.policy = new PolicySource(Objects.requireNonNull(file, "file"), values, appNames, appWhere, null);
            return this;
        }

        /**
         * How often the policy file is polled: {@link #MIN_POLICY_POLL_INTERVAL} to
         * {@link #MAX_POLICY_POLL_INTERVAL}, default {@link #DEFAULT_POLICY_POLL_INTERVAL}.
         */
        public Builder policyPollInterval(Duration interval) {
            Objects.requireNonNull(interval, POLICY_POLL_INTERVAL_PARAM);
            dev.originguard.internal.DurationText.inRange(POLICY_POLL_INTERVAL_PARAM,
                    dev.originguard.internal.DurationText.format(interval), interval, MIN_POLICY_POLL_INTERVAL,
                    MAX_POLICY_POLL_INTERVAL);
            this.pollInterval = interval;
            return this;
        }

        /**
         * The configured filter, its range sources loaded (and with a policy file, the file read and its poll
         * started).
         *
         * @throws ConfigurationException if a setting is refused or the settings contradict each other, or a
         *                                policy file is combined with settings given on this builder
         */
        public OriginGuardFilter build() {
            OriginGuardListener all = Listeners.of(listeners);
            if (policy == null) {
                return of(settings(), all);
            }
            if (anySettingGiven()) {
                throw new ConfigurationException(POLICY_FILE_PARAM, policy.file().toString(),
                        "is set together with settings given in code: the policy file owns the settings; give the "
                                + "application's own as text to policyFile(file, values, names, where), where a "
                                + "setting in both places is refused");
            }
            return ofPolicy(policy, pollInterval, all);
        }
    }
}
