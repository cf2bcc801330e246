package dev.originguard.spring.internal;

import dev.originguard.servlet.OriginGuardFilter;
import dev.originguard.servlet.OriginGuardStatus;
import dev.originguard.source.SourceStatus;
import dev.originguard.spring.OriginGuardProperties;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code originguard} health in terms of no Spring Boot line: whether any range source is stale (older than
 * {@code maxAge}, or never succeeded) and the details shown. Boot 4's and Boot 3's health indicators both turn
 * this into their own {@code Health}, so the two lines report the same thing. Not API.
 *
 * @param status  {@code UP} while fresh, else {@code originguard.ranges.stale-status} ({@code OUT_OF_SERVICE} by
 *                default, or {@code DOWN})
 * @param details lock mode, the max age in seconds, and per set its range count and per source its age, size,
 *                failures, last error and cache error; {@code cacheErrors} counts the sources whose cache file
 *                cannot be written (absent when none); with a policy file, its version in force and the last
 *                refusal
 */
public record HealthReport(String status, Map<String, Object> details) {

    /** The health status code of a fresh filter. */
    public static final String UP = "UP";

    /** {@code originguard.ranges.max-age}, default 3 x {@code originguard.ranges.refresh-interval}. */
    public static Duration maxAge(OriginGuardProperties.Ranges ranges) {
        return ranges.getMaxAge() != null ? ranges.getMaxAge() : ranges.getRefreshInterval().multipliedBy(3);
    }

    /** Reads the filter's status now; never waits on a refresh. */
    public static HealthReport of(OriginGuardFilter filter, OriginGuardProperties.Ranges ranges) {
        Duration maxAge = maxAge(ranges);
        OriginGuardStatus status = filter.status();
        boolean stale = false;
        int cacheErrors = 0;
        Map<String, Object> sets = new LinkedHashMap<>();
        for (OriginGuardStatus.AddressSetStatus set : status.sets()) {
            Map<String, Object> sources = new LinkedHashMap<>();
            for (SourceStatus source : set.sources()) {
                boolean sourceStale = source.age() == null || source.age().compareTo(maxAge) > 0;
                stale |= sourceStale;
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("stale", sourceStale);
                detail.put("ageSeconds", source.age() == null ? null : source.age().toSeconds());
                detail.put("entryCount", source.entryCount());
                detail.put("consecutiveFailures", source.consecutiveFailures());
                if (source.lastError() != null) {
                    detail.put("lastError", source.lastError());
                }
                // Its own entry, and no change of status: the set in force is good, only a cold start would miss it.
                if (source.cacheError() != null) {
                    detail.put("cacheError", source.cacheError());
                    cacheErrors++;
                }
                sources.put(source.source(), detail);
            }
            Map<String, Object> setDetail = new LinkedHashMap<>();
            setDetail.put("rangeCount", set.rangeCount());
            if (!sources.isEmpty()) {
                setDetail.put("sources", sources);
            }
            sets.put(set.name(), setDetail);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lockOrigin", status.lockOrigin().name().toLowerCase(Locale.ROOT));
        details.put("maxAgeSeconds", maxAge.toSeconds());
        details.put("sets", sets);
        if (cacheErrors > 0) {
            details.put("cacheErrors", cacheErrors);
        }
        // A refused policy edit is shown, not made a status: the last good policy is in force on every node,
        // and taking them all out of service for a typo in the file would be worse than the typo.
        OriginGuardStatus.PolicyStatus policy = status.policy();
        if (policy != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("file", policy.file());
            p.put("sha256", policy.sha256());
            p.put("loadedAt", String.valueOf(policy.loadedAt()));
            p.put("current", policy.current());
            if (policy.lastError() != null) {
                p.put("lastError", policy.lastError());
                p.put("lastErrorAt", String.valueOf(policy.lastErrorAt()));
            }
            p.put("reloads", policy.reloads());
            p.put("refusals", policy.refusals());
            details.put("policy", p);
        }
        String staleStatus = ranges.getStaleStatus() == OriginGuardProperties.StaleStatus.DOWN ? "DOWN"
                : "OUT_OF_SERVICE";
        return new HealthReport(stale ? staleStatus : UP, Collections.unmodifiableMap(details));
    }
}
