package dev.originguard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/health", "/health/", "/status/db", "/a-b_c~d.e/f", "/.well-known/x", "/a/.b/..c/...",
            "/HEALTH", "/"})
    void aRawUriThatIsTheContainersPathInPlainAsciiIsNormalisedAndHasOneInterpretation(String path) {
        RequestPath p = RequestPath.of(path, "", path, null);
        assertThat(p.normalised()).isTrue();
        assertThat(p.interpretations()).containsExactly(path);
    }

    /** What a hostile raw URI is, and the path Tomcat routes it on (after decoding and normalising). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/admin/../health           | /health",
            "/admin/./../health         | /health",
            "/admin/..;/health          | /health",
            "/admin;x/../health         | /health",
            "/admin/%2e%2e/health       | /health",
            "/admin/%2E%2e/health       | /health",
            "/admin/.%2e/health         | /health",
            "/admin/%2e./health         | /health",
            "/admin/%2e%2e;/health      | /health",
            "/admin/..%2fhealth         | /health",
            "/admin%2f..%2fhealth       | /health",
            "/admin%2fhealth            | /admin/health",
            "/admin%2Fhealth            | /admin/health",
            "/admin/%252e%252e/health   | /admin/%2e%2e/health",
            "/admin/%25252e/health      | /admin/%252e/health",
            "/admin/..%5chealth         | /admin/..\\health",
            "/admin/..%5Chealth         | /admin/..\\health",
            "/admin\\..\\health         | /health",
            "/admin/..%00/health        | /admin/..\u0000/health",
            "/admin/%c0%ae%c0%ae/health | /admin/\uFFFD\uFFFD/health",
            "/admin/%e0%80%ae/health    | /admin/\uFFFD/health",
            "//health                   | /health",
            "/health//                  | /health/",
            "///health                  | /health",
            "/health/.                  | /health/",
            "/health/..                 | /",
            "/./health                  | /health",
            "/health;jsessionid=x       | /health",
            "/health;                   | /health",
            "/heal%74h                  | /health",
            "/%68ealth                  | /health",
            "/health%20                 | '/health '",
            "/health%3f                 | /health?",
            "/health%23                 | /health#",
            "/h\u00e9alth               | /h\u00e9alth",
            "/health/\u2028             | /health/\u2028",
            "/health?x                  | /health",
            "/health#x                  | /health"})
    void aRawUriInAnyOtherFormIsNeverNormalised(String raw, String container) {
        RequestPath p = RequestPath.of(raw, "", container, null);
        assertThat(p.normalised()).isFalse();
        assertThat(p.interpretations()).first().isEqualTo(container);
        assertThat(p.interpretations()).hasSizeLessThanOrEqualTo(RequestPath.MAX_INTERPRETATIONS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/admin/../health         | /health | /admin/../health",
            "/admin/..;/health        | /health | /admin/..;/health",
            "/admin/%2e%2e/health     | /health | /admin/../health",
            "/admin/%252e%252e/health | /admin/%2e%2e/health | /admin/../health",
            "/api/../whoami           | /whoami | /api/../whoami",
            "/api;x/../whoami         | /whoami | /api/../whoami",
            "/api%2fwhoami            | /api/whoami | /api%2fwhoami",
            "//api/whoami             | /api/whoami | //api/whoami",
            "/api\\whoami             | /api\\whoami | /api/whoami"})
    void theInterpretationsHoldTheContainersPathAndTheFrameworksReadings(String raw, String container,
            String framework) {
        assertThat(RequestPath.of(raw, "", container, null).interpretations()).contains(container, framework);
    }

    @Test
    void theContextPathIsRemovedAndServletPathAndPathInfoAreJoined() {
        RequestPath p = RequestPath.of("/ctx/api/x", "/ctx", "/api", "/x");
        assertThat(p.normalised()).isTrue();
        assertThat(p.containerPath()).isEqualTo("/api/x");

        assertThat(RequestPath.of("/ctx/health", "/ctx", "", "/health").normalised()).isTrue();
        assertThat(RequestPath.of("/CTX/health", "/ctx", "/health", null).normalised()).isFalse();
        assertThat(RequestPath.of("/ctx/../health", "/ctx", "/health", null).normalised()).isFalse();
        assertThat(RequestPath.of("/ctx", "/ctx", "", null).normalised()).isFalse();
    }

    @Test
    void aContainerPathThatDiffersFromAPlainRawUriIsNotNormalised() {
        // Whatever made the container route elsewhere, the two readings differ: not one path.
        assertThat(RequestPath.of("/health", "", "/admin", null).normalised()).isFalse();
        assertThat(RequestPath.of("/health", "", "/health", "/x").normalised()).isFalse();
        assertThat(RequestPath.of(null, null, null, null).normalised()).isFalse();
    }

    @Test
    void helpersFollowTheRfcAndRefuseBadEscapes() {
        assertThat(RequestPath.withoutDotSegments("/a/b/../../../c/./d/..")).isEqualTo("/c/");
        assertThat(RequestPath.withoutParameters("/a;x=1/b;y/c")).isEqualTo("/a/b/c");
        assertThat(RequestPath.mergedSlashes("//a///b/")).isEqualTo("/a/b/");
        assertThat(RequestPath.decode("/%2e%2E")).isEqualTo("/..");
        assertThat(RequestPath.decode("/%2")).isNull();
        assertThat(RequestPath.decode("/%zz")).isNull();
        assertThat(RequestPath.decode("/%c0%ae")).isNull(); // overlong '.'
        assertThat(RequestPath.decode("/%c3%bc")).isEqualTo("/\u00fc");
    }
}
