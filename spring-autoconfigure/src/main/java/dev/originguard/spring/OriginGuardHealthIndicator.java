package dev.originguard.spring;

import dev.originguard.servlet.OriginGuardFilter;
import dev.originguard.spring.internal.HealthReport;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code originguard} health: UP while every range source succeeded within {@code originguard.ranges.max-age}
 * (default 3 x refresh-interval), else {@code originguard.ranges.stale-status} (default OUT_OF_SERVICE). A stale
 * source still has its last good list in force; the status says it is not being kept current. Details list each
 * refreshed set's size and each source's age and last error, and a source whose cache file cannot be written
 * shows {@code cacheError} (and the top-level {@code cacheErrors} count) without changing the status: the set in
 * force is good, but a cold start without network would not have it.
 */
final class OriginGuardHealthIndicator implements HealthIndicator {

    private final OriginGuardFilter filter;
    private final OriginGuardProperties.Ranges ranges;

    OriginGuardHealthIndicator(OriginGuardFilter filter, OriginGuardProperties.Ranges ranges) {
        this.filter = filter;
        this.ranges = ranges;
    }

    @Override
    public Health health() {
        HealthReport report = HealthReport.of(filter, ranges);
        return Health.status(report.status()).withDetails(report.details()).build();
    }
}
