package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays {@code path-catalogue.tsv} over raw HTTP on Tomcat and Jetty: a raw URI that is not in normalised
 * form is never exempt from the lock (a framework routing on the raw URI would see another path than the
 * container). The app behind the filter answers with the probe's {@code remoteAddr=} lines, so a body without
 * them proves the request did not reach it. The catalogue's rate-limit column is replayed by
 * {@code PathCatalogueRateLimitContainerTest} in {@code originguard-ratelimit}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathCatalogueContainerTest {

    static final String PROXY = "127.0.0.1";
    static final String STRANGER = "127.0.0.2";
    /** On the class path, so that the rate-limit module's tests read it from this module's test jar. */
    static final String FILE = "/path-catalogue.tsv";
    static final Map<String, String> SETTINGS = Map.of(
            "trustedProxies", PROXY,
            "lockOrigin", "on",
            "lockOriginExemptPaths", "/health");

    record Row(String id, String bypassClass, String path, String lock, String limit) {
        @Override
        public String toString() {
            return id + " [" + bypassClass + "] " + path;
        }
    }

    private final Map<String, FilterContainer> containers = new java.util.HashMap<>();

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
        try (InputStream in = PathCatalogueContainerTest.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not on the class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
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
}
