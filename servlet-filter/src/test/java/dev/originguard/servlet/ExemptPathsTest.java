package dev.originguard.servlet;

import dev.originguard.internal.ExemptPaths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.ConfigurationException;
import dev.originguard.internal.RequestPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @Test
    void anExemptPathInNormalisedFormIsExemptWithOrWithoutAContextPath() {
        ExemptPaths paths = ExemptPaths.parse("lockOriginExemptPaths", "/health, /status/*");

        assertThat(paths.matches(RequestPath.of("/health", "", "/health", null))).isTrue();
        assertThat(paths.matches(RequestPath.of("/app/status/db", "/app", "/status", "/db"))).isTrue();
        assertThat(paths.matches(RequestPath.of("/admin", "", "/admin", null))).isFalse();
    }

    /** Raw URIs a container routes on an exempt path while a framework routing on the raw URI does not. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/admin/../health          | /health",
            "/admin/x/../../health     | /health",
            "/admin/./../health        | /health",
            "/admin/..;/health         | /health",
            "/admin;x=1/../health      | /health",
            "/admin/%2e%2e/health      | /health",
            "/admin/%2E%2E/health      | /health",
            "/admin/%2E%2e/health      | /health",
            "/admin/.%2e/health        | /health",
            "/admin/%2e./health        | /health",
            "/admin/..%2fhealth        | /health",
            "/admin%2f..%2fhealth      | /health",
            "/admin/%252e%252e/health  | /health",
            "/admin/..%5chealth        | /health",
            "/admin/..%5Chealth        | /health",
            "/admin\\..\\health        | /health",
            "/admin/..%00/health       | /health",
            "/admin/%c0%ae%c0%ae/health | /health",
            "/admin/%e0%80%ae%e0%80%ae/health | /health",
            "//health                  | /health",
            "/admin//../health         | /health",
            "/health/.                 | /health",
            "/./health                 | /health",
            "/health;jsessionid=x      | /health",
            "/health;                  | /health",
            "/heal%74h                 | /health",
            "/%68ealth                 | /health",
            "/status/../admin          | /status",
            "/status/%2e%2e/admin      | /status/x",
            "/status;/../admin         | /status/admin",
            "/st%61tus/x               | /status/x",
            "/h\u0065alth\u2028       | /health"})
    void aRawUriNotInNormalisedFormIsNeverExemptWhateverTheContainerMadeOfIt(String raw, String container) {
        ExemptPaths paths = ExemptPaths.parse("lockOriginExemptPaths", "/health, /status/*");

        assertThat(paths.matches(container)).as("the container's path alone would pass").isTrue();
        assertThat(paths.matches(RequestPath.of(raw, "", container, null))).isFalse();
    }
}
