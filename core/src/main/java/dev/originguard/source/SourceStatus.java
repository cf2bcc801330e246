package dev.originguard.source;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of one range source's health, for metrics, health checks and Actuator endpoints. Immutable.
 *
 * @param source              the source as written in the setting, e.g. {@code aws:CLOUDFRONT}
 * @param location            the URL or file it is read from
 * @param lastAttempt         when the last load or refresh was attempted; null before the first
 * @param lastSuccess         when a load or refresh last succeeded (a 304 counts); null if never
 * @param lastError           why the last attempt failed; null when it succeeded
 * @param consecutiveFailures failed attempts since the last success
 * @param entryCount          CIDR blocks in the set currently in force for this source
 * @param age                 time since {@code lastSuccess} when the snapshot was taken; null if never
 * @param fromCache           whether the set in force was read from the cache file at start-up and no
 *                            fetch has succeeded since
 * @param successes           loads and refreshes that succeeded since start (a 304 counts), for metrics
 * @param failures            loads and refreshes that failed since start, for metrics
 * @param cacheError          why the cache file could not be written (or, at start-up, why its directory is not
 *                            writable); null when the cache holds the set in force, or no cache is configured.
 *                            Not a fetch error: the set in force is as good, but a cold start without network
 *                            would not have it
 */
public record SourceStatus(
        String source,
        String location,
        Instant lastAttempt,
        Instant lastSuccess,
        String lastError,
        int consecutiveFailures,
        int entryCount,
        Duration age,
        boolean fromCache,
        long successes,
        long failures,
        String cacheError) {

    /**
     * Whether the last attempt succeeded and the set in force is not from the cache. A {@link #cacheError()} does
     * not count here: it is reported on its own.
     */
    public boolean healthy() {
        return lastError == null && lastSuccess != null && !fromCache;
    }
}
