package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.ConfigurationException;
import dev.originguard.event.OriginGuardEvent;
import dev.originguard.event.OriginGuardListener;
import dev.originguard.event.PolicyChanged;
import dev.originguard.event.PolicyRefused;
import dev.originguard.event.RangesChanged;
import dev.originguard.event.RefreshFailed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listeners registered on the builder hear policy reloads and range changes; a throwing one changes nothing. */
class ListenerTest {

    @TempDir
    Path dir;

    private final List<OriginGuardEvent> heard = new CopyOnWriteArrayList<>();
    private final OriginGuardListener recorder = new OriginGuardListener() {
        @Override
        public void policyChanged(PolicyChanged event) {
            heard.add(event);
        }

        @Override
        public void policyRefused(PolicyRefused event) {
            heard.add(event);
        }

        @Override
        public void rangesChanged(RangesChanged event) {
            heard.add(event);
        }

        @Override
        public void refreshFailed(RefreshFailed event) {
            heard.add(event);
        }
    };
    private final OriginGuardListener broken = new OriginGuardListener() {
        @Override
        public void rangesChanged(RangesChanged event) {
            throw new IllegalStateException("audit pipeline down");
        }

        @Override
        public void policyChanged(PolicyChanged event) {
            throw new IllegalStateException("audit pipeline down");
        }
    };

    @Test
    void policyAndRangeChangesReachEveryListenerInOrder() throws Exception {
        Path list = dir.resolve("lb.txt");
        Files.writeString(list, "192.0.2.0/24\n");
        Path policy = dir.resolve("policy.properties");
        Files.writeString(policy, "trustedProxies=file:" + list + "\n");
        OriginGuardFilter filter = OriginGuardFilter.builder().policyFile(policy).policyPollInterval(
                java.time.Duration.ofDays(1)).listener(broken).listener(recorder).build();
        try {
            Files.writeString(list, "192.0.2.0/24\n203.0.113.0/24\n");
            filter.refreshRanges();
            assertThat(heard).singleElement().isInstanceOfSatisfying(RangesChanged.class, e -> {
                assertThat(e.setting()).isEqualTo("trustedProxies");
                assertThat(e.source()).isEqualTo("file:" + list);
                assertThat(e.added()).containsExactly("203.0.113.0/24");
            });

            Files.writeString(policy, "trustedProxies=file:" + list + "\nlockOrigin=report\n");
            assertThat(filter.reloadPolicy()).isTrue();
            assertThat(heard).hasSize(2).last().isInstanceOfSatisfying(PolicyChanged.class, e ->
                    assertThat(e.changes()).singleElement().hasToString("lockOrigin: (unset) -> 'report'"));
            assertThat(filter.status().lockOrigin().name()).isEqualTo("REPORT");

            Files.writeString(policy, "trustedProxies=file:" + list + "\nlockOrigin=report\nlockOrign=on\n");
            assertThat(filter.reloadPolicy()).isFalse();
            assertThat(heard).hasSize(3).last().isInstanceOfSatisfying(PolicyRefused.class, e ->
                    assertThat(e.error()).contains(policy + ":3 lockOrign").contains("did you mean lockOrigin"));
            assertThat(filter.status().policy().lastError()).contains("lockOrign");

            // The new policy's range source is the one refreshed now, and still heard.
            Files.writeString(list, "not an address\n");
            filter.refreshRanges();
            assertThat(heard).hasSize(4).last().isInstanceOf(RefreshFailed.class);
        } finally {
            filter.destroy();
        }
    }

    @Test
    void aPolicyFileCannotBeMixedWithSettingsInCode() throws Exception {
        Path policy = dir.resolve("policy.properties");
        Files.writeString(policy, "trustedProxies=loopback\n");
        assertThatThrownBy(() -> OriginGuardFilter.builder().policyFile(policy).lockOrigin(
                dev.originguard.settings.LockOrigin.ON).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("policyFile").hasMessageContaining("settings given in code");
    }
}
