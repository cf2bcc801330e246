package dev.originguard.spring;

import dev.originguard.explain.ExplainRequest;
import dev.originguard.explain.Explanation;
import dev.originguard.servlet.OriginGuardFilter;
import dev.originguard.source.RangeOrigin;
import java.util.ArrayList;
import dev.originguard.servlet.OriginGuardStatus;
import dev.originguard.source.SourceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.lang.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code originguard} Actuator endpoint. Read ({@code GET /actuator/originguard}): the lock mode, the
 * client-IP header, each address set with its size and every range source's status, and the request and
 * rate-limit counters. Write ({@code POST /actuator/originguard}): refresh every range source now and return
 * the outcome and the new state. Refreshes through the endpoint run one at a time and at most once every
 * {@value #MIN_REFRESH_INTERVAL_SECONDS} seconds: a call while one runs, or inside the interval, fetches
 * nothing, returns at once and says when the next refresh is allowed. The endpoint has no access control of
 * its own: secure it like every Actuator endpoint (Spring Security, or do not expose it over HTTP;
 * {@code management.endpoint.originguard.access=read-only} turns the write operation off). Secret values are
 * never shown.
 *
 * <p>Two more read operations answer a security team's questions about the running application:
 * {@code GET /actuator/originguard/ranges} lists every CIDR in force per set with where it came from (the entry
 * as written, or the range source with its redacted location and fetch time), and
 * {@code GET /actuator/originguard/explain?peer=10.0.0.5&header=X-Forwarded-For:%20198.51.100.7&path=/login}
 * says step by step what the filter decides for that request (repeat {@code header} for several lines; add
 * {@code method} for method-qualified rate-limit rules). Both are read operations, secured and exposed like
 * the report: they reveal the trusted ranges and the rules, so expose them only to the people who may read the
 * policy.
 */
@Endpoint(id = "originguard")
public class OriginGuardEndpoint {

    /** The least time, in seconds, between the starts of two refreshes through the endpoint. */
    public static final long MIN_REFRESH_INTERVAL_SECONDS = 10;

    private final OriginGuardFilter filter;
    private final RefreshGate gate;

    /** An endpoint over {@code filter}. */
    public OriginGuardEndpoint(OriginGuardFilter filter) {
        this(filter, Clock.systemUTC(), System::nanoTime, Duration.ofSeconds(MIN_REFRESH_INTERVAL_SECONDS));
    }

    /** With the wall clock for the times shown and the monotonic ticker for the interval measured (tests). */
    OriginGuardEndpoint(OriginGuardFilter filter, Clock clock, java.util.function.LongSupplier ticker,
            Duration minRefreshInterval) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.gate = new RefreshGate(filter::refreshRanges, clock, ticker, minRefreshInterval);
    }

    /** The filter's state now. */
    @ReadOperation
    public Report report() {
        return Report.of(filter.status());
    }

    /**
     * {@code ranges}: every CIDR in force by set, with its provenance; {@code explain}: the decision for the
     * request given by {@code peer} (required), {@code header} lines ({@code Name: value}), {@code path} and
     * {@code method}.
     *
     * @throws InvalidEndpointRequestException (400) for another selector, explain without a peer, or a header
     *                                         that is not {@code Name: value}
     */
    // Spring's @Nullable (deprecated in Spring 7, but read by Boot 4 as by Boot 3.5, where this starter also
    // runs) marks the optional parameters on both lines.
    @ReadOperation
    @SuppressWarnings("deprecation")
    public Object detail(@Selector String part, @Nullable String peer, @Nullable String[] header,
            @Nullable String path, @Nullable String method) {
        switch (part) {
            case "ranges":
                return ranges();
            case "explain":
                if (peer == null || peer.isBlank()) {
                    throw new InvalidEndpointRequestException("explain needs peer, such as ?peer=10.0.0.5",
                            "Missing parameter: peer");
                }
                List<ExplainRequest.Header> lines = new ArrayList<>();
                for (String line : HeaderParameter.lines(header)) {
                    try {
                        lines.add(ExplainRequest.Header.parse(line));
                    } catch (dev.originguard.ConfigurationException e) {
                        throw new InvalidEndpointRequestException(e.getMessage(), "header is not 'Name: value'");
                    }
                }
                return new ExplainReport(filter.explain(new ExplainRequest(peer.strip(), lines, method, path)));
            default:
                throw new InvalidEndpointRequestException("'" + part + "' is not ranges or explain",
                        "Not ranges or explain");
        }
    }

    /** Every CIDR in force by set name, each with its provenance. */
    Map<String, List<RangeReport>> ranges() {
        Map<String, List<RangeReport>> out = new LinkedHashMap<>();
        filter.ranges().forEach((set, ranges) -> out.put(set, ranges.stream().map(RangeReport::of).toList()));
        return out;
    }

    /**
     * One CIDR in force.
     *
     * @param cidr      the block, canonical
     * @param entry     the inline entry or range source as written (redacted)
     * @param location  the source's redacted location, or null for an inline entry
     * @param fetchedAt ISO-8601 time of the source's last successful load, or null
     * @param fromCache whether the block came from the source's cache file
     */
    public record RangeReport(String cidr, String entry, String location, String fetchedAt, boolean fromCache) {

        static RangeReport of(RangeOrigin o) {
            return new RangeReport(o.cidr(), o.entry(), o.location(),
                    o.fetchedAt() == null ? null : o.fetchedAt().toString(), o.fromCache());
        }
    }

    /**
     * The explain operation's body.
     *
     * @param client          the client the filter restores
     * @param peer            the peer asked about
     * @param peerTrusted     whether its forwarding headers are believed
     * @param rule            how the walk ended ({@code FORWARDED}, {@code PROXY}, {@code MALFORMED}, ...)
     * @param clientKnown     whether the client is a real address from the header
     * @param trustedHops     each trusted hop from the right, with what trusted it
     * @param lock            allow, refuse, exempt-path, direct-allow or report
     * @param lockReason      why
     * @param rateLimitKey    the rate-limit key
     * @param rateLimitRule   the rule that applies, or null when rate limiting is off
     * @param rateLimitExempt whether the client is exempt
     * @param text            the same, step by step for people
     */
    public record ExplainReport(String client, String peer, boolean peerTrusted, String rule, boolean clientKnown,
            List<Explanation.Hop> trustedHops, String lock, String lockReason, String rateLimitKey,
            String rateLimitRule, boolean rateLimitExempt, String text) {

        ExplainReport(Explanation e) {
            this(e.client(), e.peer(), e.peerTrusted(), e.rule().name(), e.clientKnown(), e.trustedHops(),
                    Explanation.word(e.lock()), e.lockReason(), e.rateLimitKey(), e.rateLimitRule(),
                    e.rateLimitExempt(), e.text());
        }
    }

    /**
     * Refreshes every range source on the calling thread, then reports the outcome and the state; fetches
     * nothing when another refresh is running or the last one started less than the minimum interval ago.
     */
    @WriteOperation
    public RefreshReport refresh() {
        RefreshGate.Result result = gate.refresh();
        // No status while another call's refresh runs: a source's status waits for its refresh to end (core's
        // RangeSource synchronises both), and this call must return at once.
        Report status = result.outcome() == RefreshGate.Outcome.IN_PROGRESS ? null : report();
        return new RefreshReport(result.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                result.nextAllowed().toString(), status);
    }

    /**
     * The write operation's JSON body.
     *
     * @param refresh             {@code refreshed}; {@code in-progress} when another call's refresh was running
     *                            (nothing fetched, no status); {@code too-soon} inside the minimum interval
     *                            (nothing fetched)
     * @param nextRefreshAllowed  ISO-8601 time from which a call refreshes again
     * @param status              the state after this call, as the read operation reports it; null when
     *                            {@code in-progress} (read it once the running refresh ends)
     */
    public record RefreshReport(String refresh, String nextRefreshAllowed, Report status) {
    }

    /**
     * The endpoint's JSON body.
     *
     * @param lockOrigin           off, report or on
     * @param clientIpHeader       the header the client is read from
     * @param originSecretRequired whether the proxy must present the origin secret
     * @param sets                 each address set
     * @param requests             requests by outcome
     * @param rateLimit            rate-limit counters, or null when rate limiting is off
     */
    public record Report(String lockOrigin, String clientIpHeader, boolean originSecretRequired, List<SetReport> sets,
            Map<String, Long> requests, Map<String, Long> rateLimit) {

        static Report of(OriginGuardStatus status) {
            OriginGuardStatus.RequestCounts r = status.requests();
            Map<String, Long> requests = new LinkedHashMap<>();
            requests.put("restored", r.restored());
            requests.put("proxy", r.proxy());
            requests.put("direct", r.direct());
            requests.put("rejected", r.rejected());
            requests.put("reported", r.reported());
            requests.put("malformed", r.malformed());
            requests.put("unverified", r.unverified());
            Map<String, Long> rateLimit = null;
            if (status.rateLimit() != null) {
                OriginGuardStatus.RateLimitCounts c = status.rateLimit();
                rateLimit = new LinkedHashMap<>();
                rateLimit.put("checked", c.checked());
                rateLimit.put("limited", c.limited());
                rateLimit.put("rejected", c.rejected());
                rateLimit.put("exempt", c.exempt());
                rateLimit.put("storeErrors", c.storeErrors());
                rateLimit.put("contended", c.contended());
                rateLimit.put("trackedBuckets", c.trackedBuckets());
            }
            return new Report(status.lockOrigin().name().toLowerCase(Locale.ROOT), status.clientIpHeader(),
                    status.originSecretRequired(), status.sets().stream().map(SetReport::of).toList(), requests,
                    rateLimit);
        }
    }

    /**
     * One address set.
     *
     * @param name       the setting, such as trustedProxies
     * @param rangeCount CIDR blocks in force
     * @param refreshed  whether it has refreshed range sources
     * @param sources    each source's status
     */
    public record SetReport(String name, int rangeCount, boolean refreshed, List<SourceReport> sources) {

        static SetReport of(OriginGuardStatus.AddressSetStatus set) {
            return new SetReport(set.name(), set.rangeCount(), set.refreshed(),
                    set.sources().stream().map(SourceReport::of).toList());
        }
    }

    /**
     * One range source.
     *
     * @param source              as written in the setting, credentials redacted by core
     * @param location            the file or URL, user info and query values redacted by core
     * @param lastAttempt         ISO-8601 time of the last attempt, or null
     * @param lastSuccess         ISO-8601 time of the last success, or null
     * @param lastError           why the last attempt failed, or null
     * @param consecutiveFailures failures since the last success
     * @param entryCount          CIDR blocks in force from this source
     * @param ageSeconds          seconds since the last success, or null if never
     * @param fromCache           whether the set in force came from the cache file at start-up
     * @param healthy             whether the last attempt succeeded and the set is not from the cache
     * @param cacheError          why the cache file could not be written, or null (not a fetch error)
     */
    public record SourceReport(String source, String location, String lastAttempt, String lastSuccess,
            String lastError, int consecutiveFailures, int entryCount, Long ageSeconds, boolean fromCache,
            boolean healthy, String cacheError) {

        static SourceReport of(SourceStatus s) {
            Duration age = s.age();
            return new SourceReport(s.source(), s.location(), text(s.lastAttempt()),
                    text(s.lastSuccess()), s.lastError(), s.consecutiveFailures(), s.entryCount(),
                    age == null ? null : age.toSeconds(), s.fromCache(), s.healthy(), s.cacheError());
        }

        private static String text(Instant instant) {
            return instant == null ? null : instant.toString();
        }
    }
}
