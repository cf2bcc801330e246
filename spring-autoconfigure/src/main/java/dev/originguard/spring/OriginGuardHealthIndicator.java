package dev.originguard.spring;

import dev.originguard.servlet.OriginGuardFilter;
import dev.originguard.servlet.OriginGuardStatus;
import dev.originguard.source.SourceStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code originguard} health: UP while every range source succeeded within {@code originguard.ranges.max-age}
 * (default 3 x refresh-interval), else {@code originguard.ranges.stale-status} (default OUT_OF_SERVICE). A stale
 * source still has its last good list in force; the status says it is not being kept current. Details list each
 * refreshed set's size and each source's age and last error.
 */
final class OriginGuardHealthIndicator implements HealthIndicator {

    private final OriginGuardFilter filter;
    private final Duration maxAge;
    private final Status staleStatus;

    OriginGuardHealthIndicator(OriginGuardFilter filter, Duration maxAge,
            OriginGuardProperties.StaleStatus staleStatus) {
        this.filter = filter;
        this.maxAge = maxAge;
        this.staleStatus = staleStatus == OriginGuardProperties.StaleStatus.DOWN ? Status.DOWN : Status.OUT_OF_SERVICE;
    }

    @Override
    public Health health() {
        OriginGuardStatus status = filter.status();
        boolean stale = false;
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
                sources.put(source.source(), detail);
            }
            Map<String, Object> setDetail = new LinkedHashMap<>();
            setDetail.put("rangeCount", set.rangeCount());
            if (!sources.isEmpty()) {
                setDetail.put("sources", sources);
            }
            sets.put(set.name(), setDetail);
        }
        return Health.status(stale ? staleStatus : Status.UP)
                .withDetail("lockOrigin", status.lockOrigin().name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("maxAgeSeconds", maxAge.toSeconds())
                .withDetail("sets", sets)
                .build();
    }
}
