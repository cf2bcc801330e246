package dev.originguard.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One kind of log line (a refused direct hit, a forged header, a malformed chain) written at most once per
 * interval, with the count of lines suppressed since the last one, so an attack cannot flood the log.
 *
 * <p>Hand-written because SLF4J has no rate limiting and the backends' own (logback's duplicate-message
 * filter, log4j's burst filter) are backend-specific config the app may not have. Lock-free: a suppressed
 * line costs one counter increment and builds no message.
 *
 * <p>Internal to OriginGuard, not API: it may change or go without notice. Public only so that the filter
 * and the rate limiter, in two modules, throttle their lines the same way.
 */
public final class ThrottledLog {

    /** The interval of {@link #ThrottledLog(Logger)}: 10 seconds. */
    public static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    /**
     * Lines to {@code logger}, at most one per {@link #DEFAULT_INTERVAL_NANOS} (10 s).
     *
     * @param logger where the lines go
     */
    public ThrottledLog(Logger logger) {
        this(logger, DEFAULT_INTERVAL_NANOS, System::nanoTime);
    }

    /**
     * Lines to {@code logger}, at most one per {@code interval}.
     *
     * @param logger   where the lines go
     * @param interval the least time between two lines
     */
    public ThrottledLog(Logger logger, Duration interval) {
        this(logger, interval.toNanos(), System::nanoTime);
    }

    /**
     * Lines to {@code logger}, at most one per {@code intervalNanos} of {@code nanoClock}; for tests.
     *
     * @param logger        where the lines go
     * @param intervalNanos the least time between two lines, in nanoseconds
     * @param nanoClock     the time, as {@link System#nanoTime()} reads it
     */
    public ThrottledLog(Logger logger, long intervalNanos, LongSupplier nanoClock) {
        this.logger = logger;
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
        this.nextAllowed = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Logs at WARN unless a line of this kind was written less than an interval ago.
     *
     * @param template the SLF4J message template
     * @param a        the first argument
     * @param b        the second argument
     */
    public void warn(String template, Object a, Object b) {
        if (logger.isWarnEnabled()) {
            long skipped = permit();
            if (skipped >= 0) {
                logger.warn(template + suffix(skipped), a, b);
            }
        }
    }

    /**
     * Logs at WARN unless a line of this kind was written less than an interval ago.
     *
     * @param template the SLF4J message template
     * @param a        the first argument
     * @param b        the second argument
     * @param c        the third argument
     */
    public void warn(String template, Object a, Object b, Object c) {
        if (logger.isWarnEnabled()) {
            long skipped = permit();
            if (skipped >= 0) {
                logger.warn(template + suffix(skipped), a, b, c);
            }
        }
    }

    /**
     * Logs at INFO unless a line of this kind was written less than an interval ago.
     *
     * @param template the SLF4J message template
     * @param a        the first argument
     * @param b        the second argument
     */
    public void info(String template, Object a, Object b) {
        if (logger.isInfoEnabled()) {
            long skipped = permit();
            if (skipped >= 0) {
                logger.info(template + suffix(skipped), a, b);
            }
        }
    }

    /**
     * Takes the permit for one line, for a caller that writes the line itself (and may then log it at
     * another level when refused).
     *
     * @return the number of lines suppressed since the last one if a line may be written now; -1 if not
     */
    public long permit() {
        long now = nanoClock.getAsLong();
        long next = nextAllowed.get();
        if (now - next >= 0 && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }

    private String suffix(long skipped) {
        return skipped == 0 ? "" : " (" + skipped + " similar lines suppressed since the last one)";
    }
}
