package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /login=5/1m} over raw HTTP through the real filter on Tomcat and Jetty: loading the login page
 * (GET) spends none of the login attempts, a POST written in another path form still spends them, and a
 * GET rule covers HEAD.
 */
class MethodRuleContainerTest {

    private static final String PROXY = PathCatalogueContainerTest.PROXY;
    private static final Map<String, String> SETTINGS = Map.of(
            "trustedProxies", PROXY,
            "rateLimit", "100/1m",
            "rateLimitPaths", "POST /login=2/1h; GET /search=1/1h");

    private static RawHttp.Response send(FilterContainer c, String method, String path, String client)
            throws Exception {
        return RawHttp.request(method, PROXY, c.port(), path, "X-Forwarded-For: " + client, "Content-Length: 0");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tomcat", "jetty"})
    void aGetDoesNotSpendThePostRule(String container) throws Exception {
        try (FilterContainer c = FilterContainer.named(container, SETTINGS, 0)) {
            String client = "203.0.113.61";
            for (int i = 0; i < 10; i++) {
                RawHttp.Response page = send(c, "GET", "/login", client);
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.headers().get("ratelimit-policy")).as("the default rule").isEqualTo("\"100/1m\";q=100;w=60");
            }
            assertThat(send(c, "POST", "/login", client).status()).isEqualTo(200);
            assertThat(send(c, "POST", "/login", client).headers().get("ratelimit-policy"))
                    .isEqualTo("\"2/1h\";q=2;w=3600");
            RawHttp.Response third = send(c, "POST", "/login", client);
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.body()).doesNotContain("remoteAddr=");
            // Every reading of a path not in normalised form still meets the rule.
            assertThat(send(c, "POST", "/x/../login", client).status()).isIn(400, 429);
            assertThat(send(c, "POST", "/%6Cogin", client).status()).isIn(400, 429);
            // The page itself is still served.
            assertThat(send(c, "GET", "/login", client).status()).isEqualTo(200);
            // Another client has its own attempts.
            assertThat(send(c, "POST", "/login", "203.0.113.62").status()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tomcat", "jetty"})
    void aGetRuleCoversHeadButNotPost(String container) throws Exception {
        try (FilterContainer c = FilterContainer.named(container, SETTINGS, 0)) {
            String client = "203.0.113.63";
            assertThat(send(c, "HEAD", "/search", client).status()).isEqualTo(200);
            assertThat(send(c, "GET", "/search", client).status()).isEqualTo(429);
            assertThat(send(c, "POST", "/search", client).status()).isEqualTo(200);
        }
    }
}
