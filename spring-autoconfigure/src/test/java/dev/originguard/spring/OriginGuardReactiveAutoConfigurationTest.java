package dev.originguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.webflux.OriginGuardWebFilter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

/**
 * A reactive application with originguard-webflux gets the WebFilter from the same properties, without the
 * servlet API on its class path, with the same strict keys; what the WebFlux filter cannot honour stops it.
 */
class OriginGuardReactiveAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OriginGuardAutoConfiguration.class,
                    OriginGuardReactiveAutoConfiguration.class, ReactiveApplicationRefusal.class))
            .withClassLoader(new FilteredClassLoader("jakarta.servlet"));

    @Test
    void theWebFilterIsRegisteredFromTheProperties() {
        runner.withPropertyValues("originguard.trusted-proxies=192.0.2.0/24", "originguard.lock-origin=on")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(OriginGuardWebFilter.class)
                        .doesNotHaveBean("originGuardReactiveCheck"));
    }

    @Test
    void aMisspeltKeyStopsStartUp() {
        runner.withPropertyValues("originguard.lock-orign=on").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("originguard.lock-orign"));
    }

    @Test
    void aRateLimitStopsStartUpNamingTheProperty() {
        runner.withPropertyValues("originguard.trusted-proxies=127.0.0.1", "originguard.rate-limit.limits=100/1m")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("originguard.rate-limit").hasStackTraceContaining("servlet-only"));
    }

    @Test
    void aPolicyFileStopsStartUpRatherThanBeingIgnored() {
        runner.withPropertyValues("originguard.policy-file=/etc/originguard/policy.yaml").run(context ->
                assertThat(context).hasFailed().getFailure().hasStackTraceContaining("originguard.policy-file")
                        .hasStackTraceContaining("not supported by the WebFlux filter"));
    }

    @Test
    void offWithEnabledFalse() {
        runner.withPropertyValues("originguard.enabled=false", "originguard.lock-origin=on")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OriginGuardWebFilter.class));
    }
}
