package dev.originguard.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Spring MVC routes on the raw request URI, the container on its normalised servlet path: with {@code /health}
 * exempt, {@code GET /admin/../health} from a stranger must not reach the {@code /admin/**} handler, and
 * {@code /api/../whoami} must count against {@code /api/*}. Run on Tomcat and Jetty; the stranger is
 * 127.0.0.2, the trusted proxy 127.0.0.1.
 */
abstract class PathBypassContract {

    static final String PROXY = "127.0.0.1";
    static final String STRANGER = "127.0.0.2";
    static final String PROPERTIES_LOCK = "originguard.lock-origin=on";
    static final String PROPERTIES_EXEMPT = "originguard.lock-origin-exempt-paths=/health";
    static final String PROPERTIES_PROXY = "originguard.trusted-proxies=127.0.0.1";
    static final String PROPERTIES_LIMITS = "originguard.rate-limit.limits=off";
    static final String PROPERTIES_PATHS = "originguard.rate-limit.paths=/api/*=2/1h";

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/admin/../health", "/admin/x/../../health", "/admin/..;/health", "/admin;x/../health",
            "/admin/%2e%2e/health", "/admin/%2E%2e/health", "/admin/.%2e/health", "/admin/%2e%2e;/health",
            "/admin/..%2fhealth", "/admin/%252e%252e/health", "/admin/..%5chealth", "/admin/..%00/health",
            "/admin//../health", "/health;jsessionid=x", "//health", "/heal%74h"})
    void aStrangerCannotReachTheAdminHandlerThroughTheExemptPath(String path) throws Exception {
        int before = PathApp.ADMIN.get();
        RawSocket.Response r = RawSocket.get(STRANGER, port, path);
        // 403 from the lock; 400 where the container itself refuses the URI (Jetty's ambiguous-path checks).
        assertThat(r.status()).as(r.body()).isIn(400, 403);
        if (r.status() == 403) {
            assertThat(r.body()).isEqualTo("Forbidden\n");
        }
        assertThat(PathApp.ADMIN.get()).as("requests that reached the /admin/** handler").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/health"})
    void theExemptPathInPlainFormStillServesAStranger(String path) throws Exception {
        RawSocket.Response r = RawSocket.get(STRANGER, port, path);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("healthy");
        assertThat(RawSocket.get(STRANGER, port, "/admin/x").status()).isEqualTo(403);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/../whoami", "/api/..;/whoami", "/api;x/../whoami", "/api/%2e%2e/whoami",
            "/api/.%2e/whoami", "/api/%252e%252e/whoami", "/api/..%5cwhoami"})
    void aSpentApiRuleStaysSpentInEveryFormOfThePath(String path) throws Exception {
        String client = "X-Forwarded-For: 203.0.113." + (Math.abs(path.hashCode()) % 200 + 1);
        assertThat(RawSocket.get(PROXY, port, "/api/a", client).status()).isEqualTo(200);
        assertThat(RawSocket.get(PROXY, port, "/api/b", client).status()).isEqualTo(200);
        assertThat(RawSocket.get(PROXY, port, "/api/c", client).status()).isEqualTo(429);
        int before = PathApp.API.get();

        RawSocket.Response r = RawSocket.get(PROXY, port, path, client);
        assertThat(r.status()).as(r.body()).isIn(400, 429);
        assertThat(PathApp.API.get()).isEqualTo(before);
        assertThat(RawSocket.get(PROXY, port, "/whoami", client).status()).isEqualTo(200);
    }
}
