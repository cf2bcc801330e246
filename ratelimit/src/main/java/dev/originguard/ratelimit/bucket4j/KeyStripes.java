package dev.originguard.ratelimit.bucket4j;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most one update per bucket key in flight from this JVM. Bucket4j's Redis buckets are compare-and-swap:
 * 32 requests of one client updating one key at once all read the same state and all but one retry, over and
 * over, until the retries outlast the store timeout. Queueing them here turns that into one round trip each,
 * so only requests from other nodes can still race (a retry or two). Striped locks, not one per key: memory
 * stays fixed however many clients come, and two clients sharing a stripe only wait one round trip.
 */
final class KeyStripes {

    private static final int STRIPES = 256; // a power of two, well above the request threads of one node

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    KeyStripes() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The key's lock, taken within {@code nanos}; null when it stayed busy that long. */
    ReentrantLock tryLock(String key, long nanos) {
        int h = key.hashCode();
        ReentrantLock lock = locks[(h ^ (h >>> 16)) & (STRIPES - 1)];
        try {
            return lock.tryLock(nanos, TimeUnit.NANOSECONDS) ? lock : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
