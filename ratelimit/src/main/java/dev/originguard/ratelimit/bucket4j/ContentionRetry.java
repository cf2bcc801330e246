package dev.originguard.ratelimit.bucket4j;

import io.github.bucket4j.distributed.proxy.RetryDecision;
import io.github.bucket4j.distributed.proxy.RetryStrategy;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded compare-and-swap retries for a shared bucket: Bucket4j's default retries without limit, so a hot
 * bucket's updates ran past the store timeout and were then taken for a store failure (and served unlimited
 * in fail-open mode). Here a lost race is retried after a short random pause (so nodes racing for one key
 * stop colliding), at most {@link #MAX_ATTEMPTS} times and only while the attempt would end within half the
 * store timeout; then Bucket4j gives up with "max retries exceeded", which the store reports as contention.
 */
final class ContentionRetry implements RetryStrategy {

    static final int MAX_ATTEMPTS = 16;
    private static final long MAX_PAUSE_NANOS = Duration.ofMillis(2).toNanos();

    private final long budgetNanos;

    ContentionRetry(Duration storeTimeout) {
        this.budgetNanos = storeTimeout.toNanos() / 2;
    }

    @Override
    public RetryDecision shouldRetry(RetryMetadata attempt) {
        if (attempt.getAttemptNumber() >= MAX_ATTEMPTS || attempt.getElapsedTimeNanos() > budgetNanos) {
            return RetryDecision.stop();
        }
        long pause = ThreadLocalRandom.current().nextLong(MAX_PAUSE_NANOS >> 2, MAX_PAUSE_NANOS);
        return RetryDecision.retryAfter(Duration.ofNanos(pause));
    }
}
