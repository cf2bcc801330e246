package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Replays {@code path-catalogue.tsv} over raw HTTP on Tomcat and Jetty: a raw URI that is not in normalised
 * form is never exempt from the lock (a framework routing on the raw URI would see another path than the
 * container), and gets every rate-limit rule any reading of it matches. The app behind the filter answers
 * with the probe's {@code remoteAddr=} lines, so a body without them proves the request did not reach it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathCatalogueContainerTest {

    static final String PROXY = "127.0.0.1";
    static final String STRANGER = "127.0.0.2";
    static final Path FILE = Path.of("src", "test", "resources", "path-catalogue.tsv");
    static final Map<String, String> SETTINGS = Map.of(
            "trustedProxies", PROXY,
            "lockOrigin", "on",
            "lockOriginExemptPaths", "/health",
            "rateLimit", "off",
            "rateLimitPaths", "/api/*=2/1h");

    record Row(String id, String bypassClass, String path, String lock, String limit) {
        @Override
        public String toString() {
            return id + " [" + bypassClass + "] " + path;
        }
    }

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

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
                if (line.startsWith("#") || line.isBlank() || line.startsWith("id\t")) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                if (c.length != 5) {
                    throw new IllegalStateException(FILE + ": not 5 cells: " + line);
                }
                rows.add(new Row(c[0], c[1], c[2], c[3], c[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    static Stream<Arguments> lockRows() {
        return Stream.of("tomcat", "jetty").flatMap(c -> rows().stream().filter(r -> !r.lock().equals("-"))
                .map(r -> Arguments.of(c, r)));
    }

    static Stream<Arguments> limitRows() {
        return Stream.of("tomcat", "jetty").flatMap(c -> rows().stream().filter(r -> !r.limit().equals("-"))
                .map(r -> Arguments.of(c, r)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lockRows")
    void aStrangerReachesTheAppOnlyThroughAnExemptPathInNormalisedForm(String container, Row row) throws Exception {
        RawHttp.Response r = RawHttp.get(STRANGER, containers.get(container).port(), row.path());
        if (row.lock().equals("served")) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("remoteAddr=" + STRANGER);
        } else {
            assertThat(r.status()).as(r.body()).isIn(400, 403);
            assertThat(r.body()).doesNotContain("remoteAddr=");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("limitRows")
    void aPathRuleSpentInOneFormIsSpentInEveryForm(String container, Row row) throws Exception {
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
