package dev.originguard.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

/** Lets one log line of a kind through per interval, so an attack or an outage cannot flood the log. */
final class ThrottledLog {

    private final long intervalNanos;
    private final AtomicLong nextNanos;

    ThrottledLog(java.time.Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.nextNanos = new AtomicLong(System.nanoTime());
    }

    /** True for at most one caller per interval. */
    boolean tryAcquire() {
        long now = System.nanoTime();
        long next = nextNanos.get();
        return now - next >= 0 && nextNanos.compareAndSet(next, now + intervalNanos);
    }
}
