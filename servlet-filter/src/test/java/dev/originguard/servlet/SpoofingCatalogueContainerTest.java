package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.AddressSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays every {@code filter}-layer row of the spoofing catalogue over real HTTP, in Tomcat and in Jetty,
 * through raw sockets so header names such as {@code X_Forwarded_For} reach the container exactly as written.
 *
 * <p>A row's peer cannot be bound on loopback, so it is mapped: a peer inside the row's trusted set becomes
 * {@value #TRUSTED_PEER} (added to the trusted set), any other becomes {@value #UNTRUSTED_PEER}; an expected
 * client equal to the row's peer is mapped likewise. The origin is not locked, as in the resolver replay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpoofingCatalogueContainerTest {

    static final String TRUSTED_PEER = "127.0.0.1";
    static final String UNTRUSTED_PEER = "127.0.0.2";

    // One container per (container, trusted set, header): rows sharing a configuration share a start-up.
    private final Map<String, FilterContainer> containers = new ConcurrentHashMap<>();
    private final Map<String, String> underscoreReport = new TreeMap<>();

    @AfterAll
    void stopContainers() {
        containers.values().forEach(FilterContainer::close);
        underscoreReport.forEach((k, v) -> System.out.println("[catalogue] " + k + " -> " + v));
    }

    static Stream<Arguments> rows() {
        List<Arguments> cases = new ArrayList<>();
        for (FilterLayerCatalogue.Row row : FilterLayerCatalogue.rows()) {
            for (String container : new String[] {"tomcat", "jetty"}) {
                cases.add(Arguments.of(container, row));
            }
        }
        return cases.stream();
    }

    @Test
    void theCatalogueHasFilterRowsToReplay() {
        assertThat(FilterLayerCatalogue.rows()).extracting(FilterLayerCatalogue.Row::id)
                .contains("HN1", "HN2", "HN3", "HN4", "HN5", "HN6");
    }

    private FilterContainer container(String name, FilterLayerCatalogue.Row row) {
        String trusted = String.join(", ", row.trusted()) + ", " + TRUSTED_PEER;
        return containers.computeIfAbsent(name + "|" + trusted + "|" + row.header(), key -> {
            try {
                return FilterContainer.named(name, Map.of("trustedProxies", trusted,
                        "clientIpHeader", row.header(), "lockOrigin", "off"), 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rows")
    void theApplicationSeesTheCataloguedClient(String name, FilterLayerCatalogue.Row row) throws Exception {
        AddressSet rowTrusted = AddressSet.of(row.trusted().toArray(String[]::new));
        assertThat(rowTrusted.contains(UNTRUSTED_PEER)).as("the stand-in stranger must not be trusted").isFalse();
        String peer = rowTrusted.contains(row.peer()) ? TRUSTED_PEER : UNTRUSTED_PEER;
        String client = row.client().equals(row.peer()) ? peer : row.client();
        List<String> headers = new ArrayList<>();
        row.lines().forEach(line -> headers.add(row.header() + ": " + line));
        headers.addAll(row.otherHeaders());

        FilterContainer container = container(name, row);
        RawHttp.Response response = RawHttp.get(peer, container.port(), "/headers", headers.toArray(String[]::new));

        assertThat(response.status()).as(row.reason()).isEqualTo(200);
        assertThat(response.probe()).as(row.reason())
                .containsEntry("remoteAddr", client)
                .containsEntry("client", client)
                .containsEntry("rule", row.rule());
        response.probe().forEach((key, value) -> {
            if (key.startsWith("header.") && key.contains("_")) {
                synchronized (underscoreReport) {
                    underscoreReport.put(name + " " + row.id(), key.substring(7) + ": " + value);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tomcat", "jetty"})
    void underscoreHeaderNamesReachTheApplicationUnchangedAndAreNotTheConfiguredHeader(String name)
            throws Exception {
        FilterContainer container = container(name, FilterLayerCatalogue.rows().get(0));
        RawHttp.Response response = RawHttp.get(TRUSTED_PEER, container.port(), "/headers",
                "X_Forwarded_For: 1.2.3.4", "X-Forwarded_For: 5.6.7.8");

        Map<String, String> seen = response.probe();
        assertThat(seen).containsEntry("remoteAddr", TRUSTED_PEER).containsEntry("rule", "PROXY");
        // Neither container maps '_' to '-' or drops the line: the application can still read the variant,
        // which is why it must read the resolution, never a raw client-IP header.
        assertThat(seen).containsEntry(headerKey(seen, "X_Forwarded_For"), "1.2.3.4")
                .containsEntry(headerKey(seen, "X-Forwarded_For"), "5.6.7.8");
        assertThat(seen.keySet()).noneMatch(k -> k.equalsIgnoreCase("header.X-Forwarded-For"));
    }

    /** The echo's key for a header, whatever case the container reports the name in. */
    private static String headerKey(Map<String, String> seen, String header) {
        return seen.keySet().stream().filter(k -> k.equalsIgnoreCase("header." + header)).findFirst()
                .orElse("header." + header + " (absent)");
    }
}
