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
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The multi-provider topologies of core's {@code topologies.tsv}, read in place, over real HTTP in Tomcat and
 * Jetty, the filter configured by the {@code clientIpSources} init-param as a web.xml writes it.
 *
 * <p>A peer cannot be bound on loopback at its table address, so each is a loopback stand-in added to its set:
 * the load balancer is 127.0.0.1 (also for the table's IPv6 load balancer: the container listens on IPv4 only,
 * so over HTTP IPv6 appears in every header position but not as the TCP peer), Cloudflare 127.0.0.3, Alibaba
 * 127.0.0.4, a stranger 127.0.0.2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopologyContainerTest {

    static final Path FILE = Path.of("..", "core", "src", "test", "resources", "topologies.tsv");

    static final Map<String, String> SETS = Map.of(
            "{cf}", "173.245.48.0/20, 2400:cb00::/32, 127.0.0.3",
            "{ali}", "47.89.1.160/27, 2408:4000:100::/48, 127.0.0.4",
            "{lb}", "10.0.0.0/8, fd00::/8, 127.0.0.1");

    static final Map<String, String> PEERS = Map.of("lb", "127.0.0.1", "lb6", "127.0.0.1", "cf", "127.0.0.3",
            "cf6", "127.0.0.3", "ali", "127.0.0.4", "stranger", "127.0.0.2");

    private static final String[] HEADERS = {"CF-Connecting-IP", "Ali-Cdn-Real-Ip", "X-Forwarded-For"};

    private final Map<String, FilterContainer> containers = new ConcurrentHashMap<>();

    @AfterAll
    void stopContainers() {
        containers.values().forEach(FilterContainer::close);
    }

    static List<String> lines() {
        try {
            return Files.readAllLines(FILE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> rows() {
        List<Arguments> cases = new ArrayList<>();
        for (String line : lines()) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("config\t")) {
                continue;
            }
            for (String container : new String[] {"tomcat", "jetty"}) {
                cases.add(Arguments.of(container, line.split("\t")));
            }
        }
        return cases.stream();
    }

    private FilterContainer container(String name, String config) {
        return containers.computeIfAbsent(name + "|" + config, key -> {
            String text = lines().stream().filter(l -> l.startsWith("config\t" + config + "\t")).findFirst()
                    .orElseThrow().split("\t")[2];
            for (Map.Entry<String, String> e : SETS.entrySet()) {
                text = text.replace(e.getKey(), e.getValue());
            }
            try {
                return FilterContainer.named(name, Map.of("clientIpSources", text, "lockOrigin", "off"), 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rows")
    void theApplicationSeesTheTablesClient(String name, String[] row) throws Exception {
        String peer = PEERS.get(row[2]);
        String client = row[6].equals("peer") ? peer : row[6];
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < HEADERS.length; i++) {
            if (!row[3 + i].equals("-")) {
                headers.add(HEADERS[i] + ": " + row[3 + i]);
            }
        }
        FilterContainer container = container(name, row[1]);
        assertThat(container.available()).as("the filter started").isTrue();

        RawHttp.Response response = RawHttp.get(peer, container.port(), "/headers", headers.toArray(String[]::new));

        assertThat(response.status()).as(row[8]).isEqualTo(200);
        assertThat(response.probe()).as(row[0] + ": " + row[8])
                .containsEntry("remoteAddr", client)
                .containsEntry("client", client)
                .containsEntry("rule", row[7]);
    }
}
