package dev.originguard.ratelimit.bucket4j;

import dev.originguard.servlet.OriginGuardStatus;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A read-only view of a {@link ClientRateLimiter}'s counters since it was created, for metrics. Reads are
 * cheap and lock-free; each count is exact once requests stop, and close to it while they run.
 */
public final class RateLimitCounters {

    final LongAdder checked = new LongAdder();
    final LongAdder limited = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder exempt = new LongAdder();
    final LongAdder storeErrors = new LongAdder();
    final LongAdder contended = new LongAdder();
    private final LongSupplier trackedBuckets;

    RateLimitCounters(LongSupplier trackedBuckets) {
        this.trackedBuckets = trackedBuckets;
    }

    /** Requests checked, whatever the outcome. */
    public long checked() {
        return checked.sum();
    }

    /** Requests over their limit: rejected with 429, or only reported in report mode. */
    public long limited() {
        return limited.sum();
    }

    /** Requests rejected: 429 for a limit, 503 for a store failure in fail-closed mode. */
    public long rejected() {
        return rejected.sum();
    }

    /** Requests of rate-limit exempt clients, not counted against any bucket. */
    public long exempt() {
        return exempt.sum();
    }

    /** Store failures (Redis unreachable, timed out); each request was then served or rejected per fail mode. */
    public long storeErrors() {
        return storeErrors.sum();
    }

    /**
     * Requests whose shared bucket stayed too busy (other requests of the same client updating it) to take a
     * token within the store timeout: refused with 429 (served in report mode), whatever the fail mode; not
     * store errors.
     */
    public long contended() {
        return contended.sum();
    }

    /** Buckets the local store holds now (approximate), or -1 for a shared store. */
    public long trackedBuckets() {
        return trackedBuckets.getAsLong();
    }

    /** The counts now, as the filter's status reports them. */
    public OriginGuardStatus.RateLimitCounts snapshot() {
        return new OriginGuardStatus.RateLimitCounts(checked(), limited(), rejected(), exempt(), storeErrors(),
                trackedBuckets(), contended());
    }

    @Override
    public String toString() {
        return "RateLimitCounters[checked=" + checked() + ", limited=" + limited() + ", rejected=" + rejected()
                + ", exempt=" + exempt() + ", storeErrors=" + storeErrors() + ", contended=" + contended() + ", trackedBuckets=" + trackedBuckets()
                + "]";
    }
}
