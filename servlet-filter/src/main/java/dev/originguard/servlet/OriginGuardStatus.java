package dev.originguard.servlet;

import dev.originguard.settings.LockOrigin;
import dev.originguard.source.SourceStatus;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of what an {@link OriginGuardFilter} is doing, for Actuator endpoints, health checks
 * and metrics: {@link OriginGuardFilter#status()}. It holds no secret: an origin secret shows only as
 * {@code originSecretRequired}.
 *
 * @param lockOrigin           what happens to direct hits on the origin
 * @param clientIpHeader       the header the client is read from, such as {@code X-Forwarded-For}
 * @param originSecretRequired whether a trusted proxy must present the origin secret
 * @param sets                 every address set in force, in the order trustedProxies, directAllow,
 *                             rateLimitExempt, clientIpHeaderFrom (the last only when configured)
 * @param requests             requests by outcome since the filter was built
 * @param rateLimit            the rate limiter's counters, or null when rate limiting is off
 */
public record OriginGuardStatus(
        LockOrigin lockOrigin,
        String clientIpHeader,
        boolean originSecretRequired,
        List<AddressSetStatus> sets,
        RequestCounts requests,
        RateLimitCounts rateLimit) {

    /** Copies {@code sets}. */
    public OriginGuardStatus {
        Objects.requireNonNull(lockOrigin, "lockOrigin");
        sets = List.copyOf(sets);
        Objects.requireNonNull(requests, "requests");
    }

    /**
     * One address set as it is now.
     *
     * @param name       the setting it was read from, such as {@code trustedProxies}
     * @param rangeCount the CIDR blocks in force
     * @param refreshed  whether it has range sources refreshed in the background
     * @param sources    each range source's status, in setting order; empty for a fixed set
     */
    public record AddressSetStatus(String name, int rangeCount, boolean refreshed, List<SourceStatus> sources) {

        /** Copies {@code sources}. */
        public AddressSetStatus {
            Objects.requireNonNull(name, "name");
            sources = List.copyOf(sources);
        }
    }

    /**
     * Requests by outcome, counted once per request (its first dispatch). The first six are exclusive and add
     * up to every HTTP request the filter decided; {@code unverified} overlaps them.
     *
     * @param restored   the client was restored from the forwarding header (FORWARDED or ALL_TRUSTED)
     * @param proxy      a trusted proxy's own request, without a forwarding header (PROXY)
     * @param direct     served with the peer as the client: lock off, peer in directAllow, or an exempt path
     * @param rejected   refused with 403 by {@code lockOrigin=on}
     * @param reported   would have been refused: served under {@code lockOrigin=report}
     * @param malformed  the header had an entry that is not an address, or exceeded the limits (MALFORMED,
     *                   LIMIT): served, keyed on the last trusted hop
     * @param unverified from a trusted proxy range without a valid origin secret, so treated as direct
     */
    public record RequestCounts(long restored, long proxy, long direct, long rejected, long reported,
            long malformed, long unverified) {
    }

    /**
     * The rate limiter's counters (see {@code dev.originguard.ratelimit.bucket4j.RateLimitCounters} in
     * {@code originguard-ratelimit}).
     *
     * @param checked        requests checked
     * @param limited        requests over their limit (rejected, or only reported in report mode)
     * @param rejected       requests rejected with 429, or 503 on a store failure in fail-closed mode
     * @param exempt         requests of exempt clients, never counted against a bucket
     * @param storeErrors    store failures
     * @param trackedBuckets buckets the local store holds, or -1 for a shared store
     * @param contended      requests refused because their shared bucket stayed too busy to update within
     *                       the store timeout (not store errors)
     */
    public record RateLimitCounts(long checked, long limited, long rejected, long exempt, long storeErrors,
            long trackedBuckets, long contended) {

        /** Counts of a gate that cannot be contended (no shared store): {@code contended} is 0. */
        public RateLimitCounts(long checked, long limited, long rejected, long exempt, long storeErrors,
                long trackedBuckets) {
            this(checked, limited, rejected, exempt, storeErrors, trackedBuckets, 0);
        }
    }
}
