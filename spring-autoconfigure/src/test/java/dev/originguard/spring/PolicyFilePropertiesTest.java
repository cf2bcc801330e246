package dev.originguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.event.RangesChanged;
import dev.originguard.event.RefreshFailed;
import dev.originguard.servlet.OriginGuardFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationListener;

/** {@code originguard.policy-file} with the application's own properties, and the change events. */
class PolicyFilePropertiesTest {

    @TempDir
    Path dir;

    private WebApplicationContextRunner runner() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OriginGuardAutoConfiguration.class));
    }

    @Test
    void aSettingInTheFileAndInTheApplicationStopsStartUpNamingBoth() throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "originguard:\n  lock-origin: 'on'\n  trusted-proxies:\n    - 10.0.0.0/8\n");
        runner().withPropertyValues("originguard.policy-file=" + policy, "originguard.trusted-proxies[0]=192.0.2.1")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("application property originguard.trusted-proxies and " + policy
                                + ":3 originguard.trusted-proxies")
                        .hasMessageContaining("is set both in the application and in the policy file"));
        // Settings only the application gives are kept: the file locks, the application adds directAllow.
        runner().withPropertyValues("originguard.policy-file=" + policy, "originguard.direct-allow=loopback")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    OriginGuardFilter filter = context.getBean(OriginGuardFilter.class);
                    assertThat(filter.status().lockOrigin().name()).isEqualTo("ON");
                    assertThat(filter.ranges().get("directAllow")).anySatisfy(o ->
                            assertThat(o.cidr()).isEqualTo("127.0.0.0/8"));
                    assertThat(filter.status().policy().file()).isEqualTo(policy.toString());
                });
    }

    @Test
    void aMissingPolicyFileStopsStartUpNamingIt() {
        Path missing = dir.resolve("missing.properties");
        runner().withPropertyValues("originguard.policy-file=" + missing).run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(missing.toString()));
    }

    @Test
    void rangeChangesAndRefusedRefreshesArePublishedAsApplicationEvents() throws Exception {
        Path list = dir.resolve("proxies.txt");
        Files.writeString(list, "192.0.2.0/24\n");
        List<OriginGuardChangeEvent> events = new CopyOnWriteArrayList<>();
        runner().withPropertyValues("originguard.trusted-proxies=file:" + list)
                .withBean(ApplicationListener.class, () -> (ApplicationListener<OriginGuardChangeEvent>) events::add)
                .run(context -> {
                    OriginGuardFilter filter = context.getBean(OriginGuardFilter.class);
                    Files.writeString(list, "192.0.2.0/24\n198.51.100.0/24\n");
                    filter.refreshRanges();
                    assertThat(events).singleElement().satisfies(e -> {
                        assertThat(e.getSource()).isSameAs(filter);
                        assertThat(e.change()).isInstanceOfSatisfying(RangesChanged.class, c -> {
                            assertThat(c.setting()).isEqualTo("trustedProxies");
                            assertThat(c.added()).containsExactly("198.51.100.0/24");
                            assertThat(c.removed()).isEmpty();
                        });
                    });
                    Files.writeString(list, "not an address\n");
                    filter.refreshRanges();
                    assertThat(events).hasSize(2).last().satisfies(e -> assertThat(e.change())
                            .isInstanceOfSatisfying(RefreshFailed.class, f -> assertThat(f.error())
                                    .contains("not an address")));
                });
    }
}
