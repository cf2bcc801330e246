package dev.originguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

/** A WebFlux application that configures OriginGuard without anything to enforce it does not start. */
class ReactiveApplicationRefusalTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OriginGuardAutoConfiguration.class,
                    ReactiveApplicationRefusal.class))
            // Without the originguard-webflux module, which would protect the app instead.
            .withClassLoader(new FilteredClassLoader(dev.originguard.webflux.OriginGuardWebFilter.class));

    @Test
    void aReactiveAppWithALockSetFailsNamingTheKeyAndItsSource() {
        runner.withPropertyValues("originguard.lock-origin=on").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            UnprotectedReactiveApplicationException cause = find(failure);
            assertThat(cause.getMessage()).contains("originguard.lock-origin").contains("WebFlux")
                    .contains("originguard-webflux");
            FailureAnalysis analysis = new UnprotectedReactiveApplicationFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription()).contains("originguard.lock-origin (from ");
            assertThat(analysis.getAction()).contains("originguard.enabled=false");
        });
    }

    @Test
    void aReactiveAppWithoutSettingsOrWithOriginGuardOffStarts() {
        runner.run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("originguard.enabled=false", "originguard.lock-origin=on")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aServletAppIsNotAffected() {
        new org.springframework.boot.test.context.runner.WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ReactiveApplicationRefusal.class))
                .withPropertyValues("originguard.lock-origin=on")
                .run(context -> assertThat(context).hasNotFailed());
    }

    private static UnprotectedReactiveApplicationException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnprotectedReactiveApplicationException u) {
                return u;
            }
        }
        throw new AssertionError("no UnprotectedReactiveApplicationException in " + failure);
    }
}
