package dev.originguard.spring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets the endpoint's refresh run one at a time and at most once per minimum interval
 * ({@link OriginGuardEndpoint#MIN_REFRESH_INTERVAL_SECONDS} by default): the write
 * operation is reachable by whoever can reach the endpoint, and each refresh fetches every range source on the
 * calling thread. A call while a refresh runs returns at once; a call inside the interval fetches nothing.
 */
final class RefreshGate {

    /** What a call did. */
    enum Outcome {
        /** This call refreshed every source. */
        REFRESHED,
        /** Another call's refresh was running: this one returned at once without fetching. */
        IN_PROGRESS,
        /** The last refresh started less than the minimum interval ago: nothing was fetched. */
        TOO_SOON
    }

    /**
     * A call's outcome.
     *
     * @param outcome     what the call did
     * @param nextAllowed the earliest time a call may refresh again
     */
    record Result(Outcome outcome, Instant nextAllowed) {
    }

    private final Runnable refresh;
    private final Clock clock;
    private final Duration minInterval;
    private final ReentrantLock running = new ReentrantLock();
    private volatile Instant lastStart; // null until the first refresh through this gate

    RefreshGate(Runnable refresh, Clock clock, Duration minInterval) {
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
    }

    /** Refreshes unless a refresh is running or the last one started less than the minimum interval ago. */
    Result refresh() {
        if (!running.tryLock()) {
            Instant last = lastStart;
            return new Result(Outcome.IN_PROGRESS, last == null ? clock.instant() : last.plus(minInterval));
        }
        try {
            Instant now = clock.instant();
            Instant last = lastStart;
            if (last != null && now.isBefore(last.plus(minInterval))) {
                return new Result(Outcome.TOO_SOON, last.plus(minInterval));
            }
            lastStart = now;
            refresh.run();
            return new Result(Outcome.REFRESHED, now.plus(minInterval));
        } finally {
            running.unlock();
        }
    }
}
