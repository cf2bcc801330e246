package dev.originguard.servlet;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a filter's policy file on one daemon thread named {@code originguard-policy-N}: every interval the
 * file's bytes are hashed, and a hash different from the last one read (good or refused) triggers a reload.
 * Reading a file of at most 4 MiB every few seconds costs little; comparing the hash rather than the
 * modification time catches an edit within the file system's time granularity and ignores a touch.
 */
final class PolicyWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolicyWatch.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ScheduledExecutorService executor;

    private PolicyWatch(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Runs {@code poll} every {@code interval}, first after one interval. */
    static PolicyWatch start(Duration interval, Runnable poll) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "originguard-policy-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long nanos = interval.toNanos();
        executor.scheduleWithFixedDelay(() -> {
            try {
                poll.run();
            } catch (RuntimeException | Error e) {
                log.error("OriginGuard: unexpected error polling the policy file; will poll again", e);
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
        return new PolicyWatch(executor);
    }

    /** Stops polling and waits up to 5 seconds for a poll in progress to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("OriginGuard: the policy thread did not stop within 5 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
