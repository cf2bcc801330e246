package dev.originguard.servlet;

import dev.originguard.settings.LockOrigin;
import dev.originguard.source.SourceStatus;
import java.time.Instant;
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
 * @param policy               the policy file in force and its last read, or null without a policy file
 */
public record OriginGuardStatus(
        LockOrigin lockOrigin,
        String clientIpHeader,
        boolean originSecretRequired,
        List<AddressSetStatus> sets,
        RequestCounts requests,
        RateLimitCounts rateLimit,
        PolicyStatus policy) {

    /** A status without a policy file. */
    public OriginGuardStatus(LockOrigin lockOrigin, String clientIpHeader, boolean originSecretRequired,
            List<AddressSetStatus> sets, RequestCounts requests, RateLimitCounts rateLimit) {
        this(lockOrigin, clientIpHeader, originSecretRequired, sets, requests, rateLimit, null);
    }

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
     * The policy file: the version in force and the last time it was read. A refused edit leaves
     * {@code sha256} and {@code loadedAt} at the last good version and sets {@code lastError}; the next good read
     * clears it.
     *
     * @param file        the file, as configured
     * @param sha256      the SHA-256 (lower-case hex) of the file's bytes in force
     * @param loadedAt    when that version took effect
     * @param lastChecked when the file was last looked at (a poll or an explicit reload)
     * @param lastError   why the last changed version was refused (file, line, setting and reason; never a
     *                    secret), or null when the version in force is the file's latest
     * @param lastErrorAt when it was refused, or null
     * @param reloads     how many times a changed file was put in force since start
     * @param refusals    how many times a changed file was refused since start
     */
    public record PolicyStatus(String file, String sha256, Instant loadedAt, Instant lastChecked, String lastError,
            Instant lastErrorAt, long reloads, long refusals) {

        /** {@code file} required. */
        public PolicyStatus {
            Objects.requireNonNull(file, "file");
        }

        /** Whether the file on disk is the one in force (no refused edit pending). */
        public boolean current() {
            return lastError == null;
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
