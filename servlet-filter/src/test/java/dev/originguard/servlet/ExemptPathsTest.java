package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.ConfigurationException;
import org.junit.jupiter.api.Test;

class ExemptPathsTest {

    @Test
    void exactPathsMatchOnlyThemselvesAndPrefixesMatchWholeSegments() {
        ExemptPaths paths = ExemptPaths.parse("lockOriginExemptPaths", "/health, /status/*");

        assertThat(paths.matches("/health")).isTrue();
        assertThat(paths.matches("/health/")).isFalse();
        assertThat(paths.matches("/healthz")).isFalse();
        assertThat(paths.matches("/status")).isTrue();
        assertThat(paths.matches("/status/db")).isTrue();
        assertThat(paths.matches("/statusx")).isFalse();
        assertThat(paths.matches("")).isFalse();
    }

    @Test
    void entriesThatCouldNeverMatchADecodedPathOrThatUnlockEverythingAreRefused() {
        assertThatThrownBy(() -> ExemptPaths.parse("lockOriginExemptPaths", "health"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'health'");
        assertThatThrownBy(() -> ExemptPaths.parse("lockOriginExemptPaths", "/*"))
                .hasMessageContaining("lockOrigin=off");
        assertThatThrownBy(() -> ExemptPaths.parse("lockOriginExemptPaths", "/a/../b"))
                .hasMessageContaining("'/a/../b'");
        assertThatThrownBy(() -> ExemptPaths.parse("lockOriginExemptPaths", "/a%2e"))
                .hasMessageContaining("'%'");
        assertThatThrownBy(() -> ExemptPaths.parse("lockOriginExemptPaths", "/a/*/b"))
                .hasMessageContaining("'/a/*/b'");
    }
}
