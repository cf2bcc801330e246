package dev.originguard.spring.boot3;

import dev.originguard.servlet.OriginGuardFilter;
import dev.originguard.spring.OriginGuardProperties;
import dev.originguard.spring.internal.HealthReport;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** Boot 3's form of the {@code originguard} health; the report itself is {@link HealthReport}'s. */
final class OriginGuardBoot3HealthIndicator implements HealthIndicator {

    private final OriginGuardFilter filter;
    private final OriginGuardProperties.Ranges ranges;

    OriginGuardBoot3HealthIndicator(OriginGuardFilter filter, OriginGuardProperties.Ranges ranges) {
        this.filter = filter;
        this.ranges = ranges;
    }

    @Override
    public Health health() {
        HealthReport report = HealthReport.of(filter, ranges);
        return Health.status(report.status()).withDetails(report.details()).build();
    }
}
