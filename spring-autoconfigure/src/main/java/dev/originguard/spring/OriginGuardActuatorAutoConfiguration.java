package dev.originguard.spring;

import dev.originguard.servlet.OriginGuardFilter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code originguard} Actuator endpoint, health indicator and Micrometer meters, each only when its part
 * of Spring Boot is on the class path and an {@link OriginGuardFilter} bean exists (the auto-configured one, or
 * the application's own).
 */
@AutoConfiguration(after = OriginGuardAutoConfiguration.class)
@ConditionalOnClass(OriginGuardFilter.class)
@ConditionalOnBean(OriginGuardFilter.class)
public class OriginGuardActuatorAutoConfiguration {

    /** Created by Spring. */
    public OriginGuardActuatorAutoConfiguration() {
    }

    /** The endpoint, when Actuator is present and the endpoint is enabled and exposed. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(OriginGuardEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        OriginGuardEndpoint originGuardEndpoint(OriginGuardFilter filter) {
            return new OriginGuardEndpoint(filter);
        }
    }

    /** The {@code originguard} health contributor, when Boot's health support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("originguard")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "originguardHealthIndicator")
        HealthIndicator originguardHealthIndicator(OriginGuardFilter filter, OriginGuardProperties properties) {
            return new OriginGuardHealthIndicator(filter, properties.getRanges());
        }
    }

    /** The meters, when Micrometer is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "originGuardMetrics")
        MeterBinder originGuardMetrics(OriginGuardFilter filter) {
            return new OriginGuardMetrics(filter);
        }
    }
}
