package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rate-limit column of {@code path-catalogue.tsv} (from the filter's test jar), over raw HTTP on Tomcat
 * and Jetty: a raw URI that is not in normalised form gets every rate-limit rule any reading of it matches.
 * The lock column is replayed by the filter's own {@link PathCatalogueContainerTest}. The app behind the
 * filter answers with the probe's {@code remoteAddr=} lines, so a body without them proves the request did
 * not reach it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathCatalogueRateLimitContainerTest {

    static final String PROXY = PathCatalogueContainerTest.PROXY;
    static final Map<String, String> SETTINGS = Map.of(
            "trustedProxies", PROXY,
            "lockOrigin", "on",
            "lockOriginExemptPaths", "/health",
            "rateLimit", "off",
            "rateLimitPaths", "/api/*=2/1h");

    private final Map<String, FilterContainer> containers = new java.util.HashMap<>();
    private final AtomicInteger clients = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        containers.put("tomcat", FilterContainer.tomcat(SETTINGS));
        containers.put("jetty", FilterContainer.jetty(SETTINGS, 0));
    }

    @AfterAll
    void stop() {
        containers.values().forEach(FilterContainer::close);
    }

    static Stream<Arguments> limitRows() {
        return Stream.of("tomcat", "jetty").flatMap(c -> PathCatalogueContainerTest.rows().stream()
                .filter(r -> !r.limit().equals("-")).map(r -> Arguments.of(c, r)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("limitRows")
    void aPathRuleSpentInOneFormIsSpentInEveryForm(String container, PathCatalogueContainerTest.Row row)
            throws Exception {
        int port = containers.get(container).port();
        String client = "X-Forwarded-For: 198.51.100." + (clients.incrementAndGet() % 250 + 1);
        for (int i = 0; i < 2; i++) {
            assertThat(RawHttp.get(PROXY, port, "/api/x", client).status()).isEqualTo(200);
        }
        assertThat(RawHttp.get(PROXY, port, "/api/x", client).status()).isEqualTo(429);

        RawHttp.Response r = RawHttp.get(PROXY, port, row.path(), client);
        assertThat(r.status()).as(r.body()).isIn(400, 429);
        assertThat(r.body()).doesNotContain("remoteAddr=");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tomcat", "jetty"})
    void aLineBreakInAPathNeverBreaksALogLine(String container) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
        settings.put("rateLimitPaths", "/api/*=1/1h");
        String client = "X-Forwarded-For: 203.0.113.200";
        try (FilterContainer c = FilterContainer.named(container, settings, 0); LogCapture logs = LogCapture.start()) {
            RawHttp.get(PROXY, c.port(), "/api/x", client);
            // CR LF, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR, VT, FF, ESC, DEL, a C1 control: UTF-8 escaped.
            String forged = "/api/x%0d%0aERROR%20forged%c2%85nel%e2%80%a8ls%e2%80%a9ps%0b%0c%1b%7f%c2%9b";
            RawHttp.Response r = RawHttp.get(PROXY, c.port(), forged, client);
            assertThat(r.status()).isIn(400, 429);
            for (String line : logs.lines()) {
                assertThat(line).as(line).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]");
            }
            if (r.status() == 429) {
                assertThat(logs.text()).contains("x\\r\\nERROR forged\\u0085nel\\u2028ls\\u2029ps");
            }
        }
    }
}
