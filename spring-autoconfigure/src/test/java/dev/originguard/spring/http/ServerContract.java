package dev.originguard.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.originguard.servlet.OriginGuardFilter;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the starter does over real HTTP, from application properties alone: trusts 127.0.0.1 plus a refreshed
 * file source, restores the client, rate-limits /limited, and shows it all in Actuator. Run on Tomcat and Jetty.
 */
abstract class ServerContract {

    static Path proxies;

    @LocalServerPort
    int port;

    @Autowired
    OriginGuardFilter filter;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        proxies = Files.createTempFile("originguard-proxies", ".txt");
        Files.writeString(proxies, "# a provider-like list\n192.0.2.0/24\n198.51.100.0/24\n");
        proxies.toFile().deleteOnExit();
        registry.add("originguard.trusted-proxies", () -> "127.0.0.1, file:" + proxies);
        registry.add("originguard.rate-limit.limits", () -> "off");
        registry.add("originguard.rate-limit.paths", () -> "/limited=2/1h");
        registry.add("management.endpoints.web.exposure.include", () -> "health,originguard,metrics");
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    @Test
    void restoresTheClientFromATrustedPeer() throws Exception {
        HttpResponse<String> r = Http.get(port, "/whoami", "X-Forwarded-For", "203.0.113.9, 192.0.2.5",
                "X-Forwarded-Proto", "https");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("203.0.113.9 FORWARDED https");
    }

    @Test
    void aProxysOwnRequestKeepsThePeer() throws Exception {
        assertThat(Http.get(port, "/whoami").body()).isEqualTo("127.0.0.1 PROXY http");
    }

    @Test
    void rateLimitsTheRestoredClient() throws Exception {
        String[] client = {"X-Forwarded-For", "203.0.113.77"};
        assertThat(Http.get(port, "/limited", client).statusCode()).isEqualTo(200);
        assertThat(Http.get(port, "/limited", client).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = Http.get(port, "/limited", client);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        // Another client behind the same proxy has its own bucket.
        assertThat(Http.get(port, "/limited", "X-Forwarded-For", "203.0.113.78").statusCode()).isEqualTo(200);
        // The proxy's own requests are exempt.
        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(port, "/limited").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theEndpointShowsSetsSourcesAndCounters() throws Exception {
        Http.get(port, "/whoami", "X-Forwarded-For", "203.0.113.10");
        HttpResponse<String> r = Http.get(port, "/actuator/originguard");
        assertThat(r.statusCode()).isEqualTo(200);
        String json = r.body();
        assertThat((String) JsonPath.read(json, "$.lockOrigin")).isEqualTo("off");
        assertThat((String) JsonPath.read(json, "$.sets[0].name")).isEqualTo("trustedProxies");
        assertThat((Integer) JsonPath.read(json, "$.sets[0].rangeCount")).isEqualTo(3);
        assertThat((String) JsonPath.read(json, "$.sets[0].sources[0].source")).isEqualTo("file:" + proxies);
        assertThat((Boolean) JsonPath.read(json, "$.sets[0].sources[0].healthy")).isTrue();
        assertThat(((Number) JsonPath.read(json, "$.requests.restored")).longValue()).isPositive();
        Number checked = JsonPath.read(json, "$.rateLimit.checked");
        assertThat(checked).isNotNull();
    }

    @Test
    void theWriteOperationRefreshesNow() throws Exception {
        Files.writeString(proxies, "192.0.2.0/24\n198.51.100.0/24\n203.0.113.0/24\n");
        HttpResponse<String> r = Http.post(port, "/actuator/originguard");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(r.body(), "$.refresh")).isEqualTo("refreshed");
        assertThat((Integer) JsonPath.read(r.body(), "$.status.sets[0].rangeCount")).isEqualTo(4);
        // 203.0.113.0/24 is now a proxy: the walk skips it.
        assertThat(Http.get(port, "/whoami", "X-Forwarded-For", "198.18.0.1, 203.0.113.5").body())
                .startsWith("198.18.0.1 FORWARDED");

        // A second call inside the minimum interval reads nothing: the change to the file is not seen.
        Files.writeString(proxies, "192.0.2.0/24\n198.51.100.0/24\n");
        HttpResponse<String> again = Http.post(port, "/actuator/originguard");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(again.body(), "$.refresh")).isEqualTo("too-soon");
        assertThat((String) JsonPath.read(again.body(), "$.nextRefreshAllowed"))
                .isEqualTo(JsonPath.read(r.body(), "$.nextRefreshAllowed"));
        assertThat((Integer) JsonPath.read(again.body(), "$.status.sets[0].rangeCount")).isEqualTo(4);
        filter.refreshRanges(); // back to the list the other tests expect, past the endpoint's gate
    }

    @Test
    void healthIsUpWhileSourcesAreFresh() throws Exception {
        HttpResponse<String> r = Http.get(port, "/actuator/health/originguard");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(r.body(), "$.status")).isEqualTo("UP");
        assertThat((Integer) JsonPath.read(r.body(), "$.details.sets.trustedProxies.rangeCount")).isEqualTo(3);
    }

    @Test
    void metricsCountOutcomes() throws Exception {
        Http.get(port, "/whoami", "X-Forwarded-For", "203.0.113.11");
        Http.get(port, "/whoami", "X-Forwarded-For", "unknown");
        String restored = Http.get(port, "/actuator/metrics/originguard.requests?tag=outcome:restored").body();
        assertThat(((Number) JsonPath.read(restored, "$.measurements[0].value")).doubleValue()).isGreaterThanOrEqualTo(1);
        String malformed = Http.get(port, "/actuator/metrics/originguard.requests?tag=outcome:malformed").body();
        assertThat(((Number) JsonPath.read(malformed, "$.measurements[0].value")).doubleValue()).isGreaterThanOrEqualTo(1);
        String size = Http.get(port, "/actuator/metrics/originguard.ranges.size?tag=set:trustedProxies").body();
        assertThat(((Number) JsonPath.read(size, "$.measurements[0].value")).doubleValue()).isGreaterThanOrEqualTo(3);
        String age = Http.get(port, "/actuator/metrics/originguard.ranges.age").body();
        List<String> sources = JsonPath.read(age, "$.availableTags[?(@.tag == 'source')].values[*]");
        assertThat(sources).containsExactly("file:" + proxies);
        assertThat(Http.get(port, "/actuator/metrics/originguard.ratelimit.requests").statusCode()).isEqualTo(200);
    }
}
