package dev.originguard.spring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Lets the endpoint's refresh run one at a time and at most once per minimum interval
 * ({@link OriginGuardEndpoint#MIN_REFRESH_INTERVAL_SECONDS} by default): the write
 * operation is reachable by whoever can reach the endpoint, and each refresh fetches every range source on the
 * calling thread. A call while a refresh runs returns at once; a call inside the interval fetches nothing. The
 * interval is measured on the monotonic ticker, so a wall-clock step neither blocks the endpoint nor opens it;
 * the wall clock only dates {@link Result#nextAllowed()}.
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
    private final LongSupplier ticker;
    private final Duration minInterval;
    private final ReentrantLock running = new ReentrantLock();
    private volatile boolean started; // false until the first refresh through this gate
    private volatile long lastStartNanos;
    private volatile Instant nextAllowedShown; // what the last refresh answered, repeated while the clocks agree

    RefreshGate(Runnable refresh, Clock clock, LongSupplier ticker, Duration minInterval) {
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
    }

    /** Refreshes unless a refresh is running or the last one started less than the minimum interval ago. */
    Result refresh() {
        if (!running.tryLock()) {
            return new Result(Outcome.IN_PROGRESS, nextAllowed(Math.max(0, remainingNanos())));
        }
        try {
            long left = remainingNanos();
            if (left > 0) {
                return new Result(Outcome.TOO_SOON, nextAllowed(left));
            }
            Instant now = clock.instant();
            lastStartNanos = ticker.getAsLong();
            nextAllowedShown = now.plus(minInterval);
            started = true;
            refresh.run();
            return new Result(Outcome.REFRESHED, nextAllowedShown);
        } finally {
            running.unlock();
        }
    }

    // The same time as the last answer, unless the wall clock stepped since: then now plus what is left.
    private Instant nextAllowed(long leftNanos) {
        Instant measured = clock.instant().plusNanos(leftNanos);
        Instant shown = nextAllowedShown;
        return shown != null && Duration.between(shown, measured).abs().compareTo(Duration.ofSeconds(1)) < 0
                ? shown : measured;
    }

    // Nanoseconds until a call may refresh again; 0 or less when it may now.
    private long remainingNanos() {
        return started ? lastStartNanos + minInterval.toNanos() - ticker.getAsLong() : 0;
    }
}
