package dev.originguard.ratelimit.bucket4j;

import dev.originguard.internal.ThrottledLog;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.ConfigurationException;
import dev.originguard.Resolution;
import dev.originguard.internal.LogText;
import dev.originguard.internal.RequestPath;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import dev.originguard.servlet.OriginGuardStatus;
import dev.originguard.servlet.RequestGate;
import dev.originguard.servlet.internal.ServletRequestPaths;
import dev.originguard.settings.Setting;
import java.util.Objects;

/**
 * Rate limits requests on their resolved client (see {@link Resolution#rateLimitKey()}), skipping exempt
 * clients ({@link Resolution#rateLimitExempt()}). Thread-safe; make one per filter with
 * {@link #create(RateLimitSettings)} and close it with the filter.
 *
 * <p>{@link #admit} is the servlet stage: it lets the request on, or writes the rejection (429 with
 * {@code Retry-After}, or 503 when the store failed in fail-closed mode; a shared bucket too busy to update
 * within the store timeout is refused with 429 too, counted as {@link RateLimitCounters#contended()}, never
 * taken for a store failure). {@link #check} is the same decision
 * without the servlet API, for other integrations and benchmarks.
 */
public final class ClientRateLimiter implements RequestGate {

    private static final Logger LOG = LoggerFactory.getLogger(ClientRateLimiter.class);

    /** The status of a limited request. */
    public static final int TOO_MANY_REQUESTS = 429;
    private static final byte[] LIMITED_BODY = "Too many requests. Please retry later.\n"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNAVAILABLE_BODY = "Service temporarily unavailable. Please retry later.\n"
            .getBytes(StandardCharsets.UTF_8);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final RateLimitSettings settings;
    private final LimitRule defaultRule;
    private final LimitRule[] pathRules;
    private final BucketStore store;
    private final Map<LimitRule, LimitRule> ipv6Aggregates; // rule -> its IPv6 network rule; empty when off
    private final int ipv6AggregatePrefix;
    private final boolean report;
    private final boolean failClosed;
    private final boolean headers;
    private final RateLimitCounters counters;
    private final ThrottledLog limitedLog;
    private final ThrottledLog storeLog;
    private volatile boolean storeFailing;

    private ClientRateLimiter(RateLimitSettings settings, LimitRule defaultRule, List<LimitRule> pathRules,
            Map<LimitRule, LimitRule> ipv6Aggregates, BucketStore store) {
        this.settings = settings;
        this.defaultRule = defaultRule;
        this.pathRules = pathRules.toArray(new LimitRule[0]);
        this.ipv6Aggregates = ipv6Aggregates;
        this.ipv6AggregatePrefix = ipv6Aggregates.isEmpty() ? 0 : settings.ipv6AggregatePrefix();
        this.store = store;
        this.report = settings.mode() == RateLimitSettings.Mode.REPORT;
        this.failClosed = settings.failMode() == RateLimitSettings.FailMode.CLOSED;
        this.headers = settings.headers() && !report;
        this.counters = new RateLimitCounters(store::trackedBuckets);
        this.limitedLog = new ThrottledLog(LOG, settings.logInterval());
        this.storeLog = new ThrottledLog(LOG, settings.logInterval());
    }

    /**
     * A limiter for the settings. With a Redis store it connects before returning (waiting up to a couple
     * of seconds); if Redis is unreachable it still returns, applies the fail mode, and keeps trying.
     *
     * @throws ConfigurationException when the store is Redis but {@code io.lettuce:lettuce-core} is missing,
     *                                or the Redis URI is refused by Lettuce
     */
    public static ClientRateLimiter create(RateLimitSettings settings) {
        return create(settings, TimeMeter.SYSTEM_NANOTIME);
    }

    /** As {@link #create(RateLimitSettings)}, the local buckets on the given clock (tests). */
    static ClientRateLimiter create(RateLimitSettings settings, TimeMeter localTime) {
        Objects.requireNonNull(settings, "settings");
        String uri = settings.storeUri();
        LimitRule defaultRule = LimitRule.defaultRule(settings.limits());
        List<LimitRule> pathRules = LimitRule.compile(settings.pathRules());
        Map<LimitRule, LimitRule> aggregates = new IdentityHashMap<>();
        if (settings.ipv6AggregatePrefix() > 0) {
            for (LimitRule r : concat(List.of(defaultRule), pathRules)) {
                if (r.limited()) {
                    aggregates.put(r, r.ipv6Aggregate(settings.ipv6AggregatePrefix(), settings.ipv6AggregateMultiple()));
                }
            }
        }
        if (uri == null) {
            return new ClientRateLimiter(settings, defaultRule, pathRules, aggregates, new LocalBucketStore(
                    settings.maxClients(), defaultRule, concat(pathRules, aggregates.values()), localTime));
        }
        try {
            Class.forName("io.lettuce.core.RedisClient", false, ClientRateLimiter.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigurationException(Setting.RATE_LIMIT_STORE.key(), settings.store(),
                    "needs the Redis client on the class path: add the dependency io.lettuce:lettuce-core");
        }
        RedisBucketStore redis;
        try {
            redis = new RedisBucketStore(uri, settings.keyPrefix(), settings.storeTimeout(),
                    settings.storeConnectTimeout(), settings.storeBatch(), settings.maxClients());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(Setting.RATE_LIMIT_STORE.key(), settings.store(),
                    "is not a Redis URI Lettuce accepts (" + e.getMessage() + ")");
        }
        if (!redis.awaitConnected()) {
            LOG.warn("Rate-limit store {} is not reachable at start-up: failing {} until it is; retrying in the "
                    + "background", redis.description(), settings.failMode() == RateLimitSettings.FailMode.OPEN
                    ? "open (requests are served unlimited)" : "closed (requests get 503)");
        }
        return new ClientRateLimiter(settings, defaultRule, pathRules, aggregates, redis);
    }

    private static List<LimitRule> concat(Collection<LimitRule> a, Collection<LimitRule> b) {
        List<LimitRule> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Decides one request: takes a token from the client's bucket for the rule matching {@code path}.
     * Never throws for a store failure (the fail mode decides) and allocates little on the local store.
     *
     * @param resolution the request's resolved client
     * @param path       the path within the application (context path removed), or null to apply
     *                   {@code rateLimit} whatever the path rules
     */
    public Decision check(Resolution resolution, String path) {
        return check(resolution, null, path);
    }

    /**
     * As {@link #check(Resolution, String)} for a request with {@code method}, so rules naming methods
     * ({@code POST /login=5/1m}) apply; a null method matches only rules that name none.
     */
    public Decision check(Resolution resolution, String method, String path) {
        counters.checked.increment();
        if (resolution.rateLimitExempt()) {
            counters.exempt.increment();
            return Decision.EXEMPT;
        }
        return consume(resolution, rule(method, path), path);
    }

    /**
     * Decides one request that may be routed on several paths (see {@link RequestPath#interpretations()}):
     * every rule any of them matches applies, each taking a token from its own bucket, and the strictest
     * outcome wins, so a path written in another form never gets fewer limits than any of its readings.
     */
    Decision checkAll(Resolution resolution, String method, RequestPath path) {
        if (path.normalised()) {
            return check(resolution, method, path.containerPath());
        }
        counters.checked.increment();
        if (resolution.rateLimitExempt()) {
            counters.exempt.increment();
            return Decision.EXEMPT;
        }
        List<LimitRule> rules = new ArrayList<>(2);
        for (String p : path.interpretations()) {
            LimitRule r = rule(method, p);
            if (r.limited() && !rules.contains(r)) {
                rules.add(r);
            }
        }
        if (rules.isEmpty()) {
            return Decision.NOT_LIMITED;
        }
        String shown = path.toString();
        Decision strictest = null;
        for (LimitRule r : rules) {
            Decision d = consume(resolution, r, shown);
            if (strictest == null || stricter(d, strictest)) {
                strictest = d;
            }
        }
        return strictest;
    }

    // Refused beats reported beats allowed; between two allowed, the one with fewer tokens left.
    private static boolean stricter(Decision a, Decision b) {
        if (a.allowed() != b.allowed()) {
            return !a.allowed();
        }
        if (a.outcome() != b.outcome()) {
            return a.outcome() == Decision.Outcome.REPORTED || a.outcome() == Decision.Outcome.LIMITED;
        }
        return a.remaining() < b.remaining();
    }

    private Decision consume(Resolution resolution, LimitRule rule, String path) {
        if (!rule.limited()) {
            return Decision.NOT_LIMITED;
        }
        Decision d = take(rule, resolution.rateLimitKey(), path);
        if (ipv6AggregatePrefix != 0 && d.outcome() == Decision.Outcome.ALLOWED) {
            // An IPv6 client also draws from its network's bucket: rotating over the /64s of one /48 buys
            // the network's multiple, not 65,536 limits. A client already refused takes nothing from it.
            String network = resolution.ipv6NetworkKey(ipv6AggregatePrefix);
            if (network != null) {
                Decision n = take(ipv6Aggregates.get(rule), network, path);
                return stricter(n, d) ? n : d;
            }
        }
        return d;
    }

    private Decision take(LimitRule rule, String key, String path) {
        ConsumptionProbe probe;
        try {
            probe = store.tryConsume(rule, key);
        } catch (BucketContendedException e) {
            return contended(key, rule);
        } catch (RuntimeException e) {
            return storeFailed(e);
        }
        if (storeFailing) {
            storeFailing = false;
            LOG.info("Rate-limit store {} answers again; limiting resumes ({} store errors so far)",
                    store.description(), counters.storeErrors());
        }
        long resetSeconds = seconds(probe.getNanosToWaitForReset());
        if (probe.isConsumed()) {
            return new Decision(Decision.Outcome.ALLOWED, probe.getRemainingTokens(), 0, resetSeconds, rule);
        }
        counters.limited.increment();
        long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        if (report) {
            if (limitedLog.permit() >= 0) {
                LOG.warn("Rate limit (report mode, nothing rejected): client {} is over {} on {}; {} requests over "
                        + "their limit so far", LogText.escape(key), rule, LogText.escape(path), counters.limited());
            }
            return new Decision(Decision.Outcome.REPORTED, 0, retryAfter, resetSeconds, rule);
        }
        counters.rejected.increment();
        if (limitedLog.permit() >= 0) {
            LOG.info("Rate limit: client {} is over {} on {}; {} requests rejected so far", LogText.escape(key), rule,
                    LogText.escape(path), counters.rejected());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("Rate limit: client {} is over {} on {}", LogText.escape(key), rule, LogText.escape(path));
        }
        return new Decision(Decision.Outcome.LIMITED, 0, retryAfter, resetSeconds, rule);
    }

    private LimitRule rule(String method, String path) {
        if (path != null) {
            for (LimitRule r : pathRules) {
                if (r.matches(method, path)) {
                    return r;
                }
            }
        }
        return defaultRule;
    }

    private Decision contended(String key, LimitRule rule) {
        counters.contended.increment();
        if (limitedLog.permit() >= 0) {
            LOG.info("Rate limit: client {} keeps its shared bucket for {} too busy to update within the store "
                    + "timeout; {} its requests ({} so far)", LogText.escape(key), rule,
                    report ? "report mode serves" : "refusing", counters.contended());
        }
        if (report) {
            return new Decision(Decision.Outcome.REPORTED, 0, 1, 0, rule);
        }
        counters.rejected.increment();
        return Decision.CONTENDED;
    }

    private Decision storeFailed(RuntimeException e) {
        counters.storeErrors.increment();
        storeFailing = true;
        if (storeLog.permit() >= 0) {
            LOG.warn("Rate-limit store {} failed ({}): failing {}; {} store errors so far", store.description(),
                    e.toString(), failClosed ? "closed, requests get 503" : "open, requests are served unlimited",
                    counters.storeErrors());
        }
        if (failClosed) {
            counters.rejected.increment();
            return Decision.STORE_FAILED_CLOSED;
        }
        return Decision.STORE_FAILED_OPEN;
    }

    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }

    /**
     * The servlet stage: decides the request (see {@link #check}) and either lets it on, adding the
     * {@code RateLimit-Policy} and {@code RateLimit} headers when enabled, or writes the rejection: 429 (or
     * 503 for a store failure in fail-closed mode) with {@code Retry-After}, {@code Cache-Control: no-store}
     * so a CDN never caches it for other clients, and a short generic body.
     *
     * @return true to continue the filter chain; false when the response has been written
     */
    @Override
    public boolean admit(HttpServletRequest request, HttpServletResponse response, Resolution resolution)
            throws IOException {
        Decision d = pathRules.length == 0 ? check(resolution, null)
                : checkAll(resolution, request.getMethod(), ServletRequestPaths.of(request));
        Decision.Outcome outcome = d.outcome();
        if (outcome == Decision.Outcome.ALLOWED) {
            if (headers) {
                response.setHeader("RateLimit-Policy", d.policyHeader());
                response.setHeader("RateLimit", d.rateLimitHeader());
            }
            return true;
        }
        if (d.allowed()) {
            return true;
        }
        boolean limited = outcome == Decision.Outcome.LIMITED || outcome == Decision.Outcome.CONTENDED;
        byte[] body = limited ? LIMITED_BODY : UNAVAILABLE_BODY;
        response.setStatus(limited ? TOO_MANY_REQUESTS : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", Long.toString(d.retryAfterSeconds()));
        response.setHeader("Cache-Control", "no-store");
        if (outcome == Decision.Outcome.LIMITED && headers) {
            response.setHeader("RateLimit-Policy", d.policyHeader());
            response.setHeader("RateLimit", d.rateLimitHeader());
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
        return false;
    }

    /** The counters, for metrics. */
    @Override
    public OriginGuardStatus.RateLimitCounts counts() {
        return counters.snapshot();
    }

    public RateLimitCounters counters() {
        return counters;
    }

    /** The settings this limiter was made from. */
    public RateLimitSettings settings() {
        return settings;
    }

    /** Runs the local store's pending evictions now; for tests and memory measurements. */
    void cleanUp() {
        if (store instanceof LocalBucketStore) {
            ((LocalBucketStore) store).cleanUp();
        }
    }

    /** The local store's clock, or null for a shared store. */
    TimeMeter localTime() {
        return store instanceof LocalBucketStore local ? local.time() : null;
    }

    List<LimitRule> pathRules() {
        return List.of(pathRules);
    }

    /** Releases the store: the local buckets, or the Redis connection and its threads. */
    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "ClientRateLimiter[" + settings + "]";
    }
}
