package dev.originguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.servlet.OriginGuardFilter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ForwardedHeaderFilter;

class ForwardHeadersConflictTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OriginGuardAutoConfiguration.class))
            .withPropertyValues("originguard.trusted-proxies=192.0.2.0/24");

    @Test
    void nativeStrategyFailsStartUpWithTheFix() {
        runner.withPropertyValues("server.forward-headers-strategy=native").run(context -> {
            ForwardHeadersConflictException e = conflict(context);
            assertThat(e.getMessage()).contains("server.forward-headers-strategy=native", "RemoteIpValve",
                    "Set server.forward-headers-strategy=none");
            FailureAnalysis analysis = new ForwardHeadersConflictFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getAction()).contains("server.forward-headers-strategy=none");
        });
    }

    @Test
    void bootsCloudPlatformDefaultIsNativeToo() {
        runner.withPropertyValues("spring.main.cloud-platform=heroku").run(context ->
                assertThat(conflict(context).getMessage()).contains("HEROKU"));
        // Explicitly none on the cloud platform: no conflict.
        runner.withPropertyValues("spring.main.cloud-platform=heroku", "server.forward-headers-strategy=none")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(OriginGuardFilter.class));
    }

    @Test
    void frameworkStrategyFails() {
        runner.withPropertyValues("server.forward-headers-strategy=FRAMEWORK").run(context ->
                assertThat(conflict(context).getMessage()).contains("ForwardedHeaderFilter"));
    }

    @Test
    void theApplicationsOwnForwardedHeaderFilterFails() {
        runner.withUserConfiguration(OwnForwardedHeaderFilter.class).run(context ->
                assertThat(conflict(context).getMessage()).contains("forwardedHeaderFilterRegistration"));
    }

    @Test
    void noneOrUnsetStarts() {
        runner.withPropertyValues("server.forward-headers-strategy=none").run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(OriginGuardFilter.class));
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(OriginGuardFilter.class));
    }

    @Test
    void warnStartsAnyway() {
        runner.withPropertyValues("server.forward-headers-strategy=native", "originguard.forward-headers-conflict=warn")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(OriginGuardFilter.class));
    }

    @Test
    void disabledOriginGuardDoesNotCare() {
        runner.withPropertyValues("server.forward-headers-strategy=native", "originguard.enabled=false")
                .run(context -> assertThat(context).hasNotFailed());
    }

    private static ForwardHeadersConflictException conflict(AssertableWebApplicationContext context) {
        Throwable t = context.getStartupFailure();
        assertThat(t).as("start-up failure").isNotNull();
        while (t != null && !(t instanceof ForwardHeadersConflictException)) {
            t = t.getCause();
        }
        assertThat(t).isNotNull();
        return (ForwardHeadersConflictException) t;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnForwardedHeaderFilter {
        @Bean
        FilterRegistrationBean<ForwardedHeaderFilter> forwardedHeaderFilterRegistration() {
            return new FilterRegistrationBean<>(new ForwardedHeaderFilter());
        }
    }
}
