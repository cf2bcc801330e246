package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Rate limiting through the whole filter in embedded Tomcat, configured by init-params, over real HTTP:
 * the limit follows the client the trusted proxy reports, never the proxy, and only requests that passed the
 * origin lock count. Each test uses clients of its own, so the shared buckets do not couple them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitContainerTest {

    static final String PROXY = "127.0.0.1";
    static final String STRANGER = "127.0.0.2";

    private FilterContainer tomcat;

    @BeforeAll
    void startTomcat() throws Exception {
        tomcat = FilterContainer.tomcat(Map.of(
                "trustedProxies", PROXY,
                "lockOrigin", "on",
                "rateLimit", "3/1m"));
    }

    @AfterAll
    void stopTomcat() {
        tomcat.close();
    }

    private RawHttp.Response viaProxy(String client) throws Exception {
        return RawHttp.get(PROXY, tomcat.port(), "/probe", "X-Forwarded-For: " + client);
    }

    @Test
    void theFourthRequestOfAClientGets429WithRetryAfterAndRateLimitHeaders() throws Exception {
        for (int i = 1; i <= 3; i++) {
            RawHttp.Response allowed = viaProxy("198.51.100.10");
            assertThat(allowed.status()).as("request %d", i).isEqualTo(200);
            assertThat(allowed.probe()).containsEntry("remoteAddr", "198.51.100.10");
            assertThat(allowed.headers()).containsEntry("ratelimit-policy", "\"3/1m\";q=3;w=60");
            // r: what the client may still send; t: seconds until the bucket is full again (a token per 20 s).
            assertThat(allowed.headers().get("ratelimit")).startsWith("\"3/1m\";r=" + (3 - i) + ";t=");
            if (i < 3) {
                assertThat(allowed.headers().get("ratelimit")).matches(".*;t=(" + (20 * i - 1) + "|" + 20 * i + ")");
            }
        }

        RawHttp.Response limited = viaProxy("198.51.100.10");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().get("retry-after"))).isBetween(1L, 20L);
        assertThat(limited.headers()).containsEntry("cache-control", "no-store")
                .containsEntry("ratelimit-policy", "\"3/1m\";q=3;w=60")
                .containsKey("ratelimit");
        assertThat(limited.headers().get("ratelimit")).startsWith("\"3/1m\";r=0;t=");
        assertThat(limited.body()).doesNotContain("198.51.100.10").doesNotContain("3/1m");
    }

    @Test
    void theRequestThatTakesTheLastTokenIsToldWhenMoreQuotaComes() throws Exception {
        viaProxy("198.51.100.30");
        viaProxy("198.51.100.30");

        RawHttp.Response last = viaProxy("198.51.100.30");

        assertThat(last.status()).isEqualTo(200);
        // r=0;t=0 tells a well-behaved client to send now, and its next request gets 429 with Retry-After: 20.
        assertThat(last.headers().get("ratelimit")).matches("\"3/1m\";r=0;t=(19|20|59|60)");
    }

    @Test
    void anotherClientBehindTheSameProxyIsStillServed() throws Exception {
        for (int i = 0; i < 4; i++) {
            viaProxy("198.51.100.20");
        }
        assertThat(viaProxy("198.51.100.20").status()).isEqualTo(429);

        RawHttp.Response other = viaProxy("198.51.100.21");

        assertThat(other.status()).isEqualTo(200);
        assertThat(other.probe()).containsEntry("remoteAddr", "198.51.100.21");
    }

    @Test
    void theProxysOwnRequestsAreNeverLimited() throws Exception {
        for (int i = 0; i < 12; i++) {
            RawHttp.Response response = RawHttp.get(PROXY, tomcat.port(), "/probe");
            assertThat(response.status()).as("request %d", i).isEqualTo(200);
            assertThat(response.probe()).containsEntry("remoteAddr", PROXY).containsEntry("rule", "PROXY");
        }
    }

    @Test
    void aDirectHitRefusedByTheLockDoesNotConsumeTheClientsTokens() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(RawHttp.get(STRANGER, tomcat.port(), "/probe").status()).isEqualTo(403);
        }

        // The same address, now reported by the proxy: its bucket is still full.
        for (int i = 1; i <= 3; i++) {
            assertThat(viaProxy(STRANGER).status()).as("request %d through the proxy", i).isEqualTo(200);
        }
        assertThat(viaProxy(STRANGER).status()).isEqualTo(429);
    }
}
