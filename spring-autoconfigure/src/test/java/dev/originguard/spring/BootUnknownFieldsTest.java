package dev.originguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * What Boot's own {@code @ConfigurationProperties(ignoreUnknownFields = false)} does, recorded as facts on a probe
 * class (never on {@link OriginGuardProperties}). It catches unknown keys at the top, nested, below a leaf and
 * from environment variables; it names them in Boot's canonical form ({@code probe.lockorgin}, not the variable
 * as written), suggests no key, and fails inside whichever bean first binds the properties. The starter's own
 * check ({@link KnownProperties}) adds the key as written and a did-you-mean.
 */
class BootUnknownFieldsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Enable.class);

    @Test
    void whatBootsIgnoreUnknownFieldsFalseReports() {
        runner.withPropertyValues("probe.lock-orign=on").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("probe.lock-orign")
                    .doesNotContain("lock-origin?");
        });
        runner.withPropertyValues("probe.nested.limitz=1").run(context ->
                assertThat(context).hasFailed());
        runner.withPropertyValues("probe.lockOrigin=on", "probe.items[0]=a").run(context ->
                assertThat(context).hasNotFailed());
        runner.withPropertyValues("probe.lock-origin.mode=on").run(context -> assertThat(context).hasFailed());
        // An environment variable is caught too, but reported in Boot's canonical form, not as written.
        runner.withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource("test-systemEnvironment", Map.<String, Object>of(
                        "PROBE_LOCKORGIN", "on")))).run(context -> {
                            assertThat(context).hasFailed();
                            assertThat(messages(context.getStartupFailure())).contains("[probe.lockorgin]")
                                    .doesNotContain("PROBE_LOCKORGIN");
                        });
    }

    private static String messages(Throwable failure) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(Probe.class)
    static class Enable {
    }

    @ConfigurationProperties(prefix = "probe", ignoreUnknownFields = false)
    static class Probe {
        private String lockOrigin;
        private List<String> items = new ArrayList<>();
        private final Nested nested = new Nested();

        public String getLockOrigin() {
            return lockOrigin;
        }

        public void setLockOrigin(String lockOrigin) {
            this.lockOrigin = lockOrigin;
        }

        public List<String> getItems() {
            return items;
        }

        public void setItems(List<String> items) {
            this.items = items;
        }

        public Nested getNested() {
            return nested;
        }

        static class Nested {
            private String limits;

            public String getLimits() {
                return limits;
            }

            public void setLimits(String limits) {
                this.limits = limits;
            }
        }
    }
}
