package dev.originguard.spring.boot3;

import dev.originguard.servlet.OriginGuardFilter;
import dev.originguard.spring.OriginGuardActuatorAutoConfiguration;
import dev.originguard.spring.OriginGuardProperties;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code originguard} health indicator on Spring Boot 3.5, in Boot 3's health API
 * ({@code org.springframework.boot.actuate.health}). The Boot 4 starter's indicator uses Boot 4's
 * {@code org.springframework.boot.health.contributor} types and backs off on 3.5; this one backs off on Boot 4,
 * whose class path has no {@code org.springframework.boot.actuate.health.HealthIndicator}. Same status and
 * details as on Boot 4; off with {@code management.health.originguard.enabled=false}.
 */
@AutoConfiguration(after = OriginGuardActuatorAutoConfiguration.class)
@ConditionalOnClass({OriginGuardFilter.class, HealthIndicator.class})
@ConditionalOnBean(OriginGuardFilter.class)
@ConditionalOnEnabledHealthIndicator("originguard")
public class OriginGuardBoot3HealthAutoConfiguration {

    /** Created by Spring. */
    public OriginGuardBoot3HealthAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = "originguardHealthIndicator")
    HealthIndicator originguardHealthIndicator(OriginGuardFilter filter, OriginGuardProperties properties) {
        return new OriginGuardBoot3HealthIndicator(filter, properties.getRanges());
    }
}
