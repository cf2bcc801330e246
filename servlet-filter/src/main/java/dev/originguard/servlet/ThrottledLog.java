package dev.originguard.servlet;

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
 */
final class ThrottledLog {

    static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    ThrottledLog(Logger logger) {
        this(logger, DEFAULT_INTERVAL_NANOS, System::nanoTime);
    }

    ThrottledLog(Logger logger, long intervalNanos, LongSupplier nanoClock) {
        this.logger = logger;
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
        this.nextAllowed = new AtomicLong(nanoClock.getAsLong());
    }

    /** Logs at WARN unless a line of this kind was written less than an interval ago. */
    void warn(String template, Object a, Object b) {
        if (logger.isWarnEnabled()) {
            long skipped = permit();
            if (skipped >= 0) {
                logger.warn(template + suffix(skipped), a, b);
            }
        }
    }

    /** Logs at WARN unless a line of this kind was written less than an interval ago. */
    void warn(String template, Object a, Object b, Object c) {
        if (logger.isWarnEnabled()) {
            long skipped = permit();
            if (skipped >= 0) {
                logger.warn(template + suffix(skipped), a, b, c);
            }
        }
    }

    /** Logs at INFO unless a line of this kind was written less than an interval ago. */
    void info(String template, Object a, Object b) {
        if (logger.isInfoEnabled()) {
            long skipped = permit();
            if (skipped >= 0) {
                logger.info(template + suffix(skipped), a, b);
            }
        }
    }

    /** The number of lines suppressed since the last one if a line may be written now; -1 if not. */
    long permit() {
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
