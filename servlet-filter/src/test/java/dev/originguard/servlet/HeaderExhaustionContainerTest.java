package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile forwarding headers over real HTTP, in Tomcat and Jetty with the request-head limit raised to
 * {@value FilterContainer#LARGE_HEADERS} bytes so they reach the filter: each is answered, and the client is
 * the last trusted hop the bounded walk reached, with rule LIMIT. A short loop prints the time per request
 * (reported, never asserted: the machine is shared).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeaderExhaustionContainerTest {

    static final String PROXY = "127.0.0.1";
    static final int KIB_64 = 64 * 1024;
    static final int TIMED_REQUESTS = 200;

    private FilterContainer tomcat;
    private FilterContainer jetty;

    @BeforeAll
    void startContainers() throws Exception {
        Map<String, String> settings = Map.of("trustedProxies", PROXY + ", 10.0.0.0/8", "lockOrigin", "on");
        tomcat = FilterContainer.tomcat(settings, FilterContainer.LARGE_HEADERS);
        jetty = FilterContainer.jetty(settings, FilterContainer.LARGE_HEADERS);
    }

    @AfterAll
    void stopContainers() {
        tomcat.close();
        jetty.close();
    }

    private FilterContainer container(String name) {
        return name.equals("tomcat") ? tomcat : jetty;
    }

    /** A trusted hop per index, all distinct: 10.0.0.0, 10.0.0.1, ... */
    private static String hop(int i) {
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }

    /** The forged client on the left, then {@code hops} distinct trusted hops. */
    private static String chain(int hops) {
        StringJoiner chain = new StringJoiner(", ");
        chain.add("198.51.100.7");
        for (int i = 0; i < hops; i++) {
            chain.add(hop(i));
        }
        return chain.toString();
    }

    private RawHttp.Response send(String name, String forwardedFor) throws Exception {
        return RawHttp.get(PROXY, container(name).port(), "/probe", "X-Forwarded-For: " + forwardedFor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomcat", "jetty"})
    void aTenThousandHopHeaderStopsAtMaxHops(String name) throws Exception {
        String header = chain(10_000);
        assertThat(header.length()).isGreaterThan(100_000);

        RawHttp.Response response = send(name, header);

        assertThat(response.status()).isEqualTo(200);
        // The walk examines the 20 right-most entries (maxHops); the left-most of them is the last trusted hop.
        assertThat(response.probe()).containsEntry("rule", "LIMIT").containsEntry("remoteAddr", hop(10_000 - 20));
        report(name, "10,000 hops (" + header.length() / 1024 + " KiB)", header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomcat", "jetty"})
    void a64KibListOfTrustedHopsStopsAtMaxHops(String name) throws Exception {
        String header = chain(7_000).substring(0, KIB_64);
        header = header.substring(0, header.lastIndexOf(',')); // end on a whole hop
        int hops = header.split(",").length - 1;

        RawHttp.Response response = send(name, header);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.probe()).containsEntry("rule", "LIMIT").containsEntry("remoteAddr", hop(hops - 20));
        report(name, "64 KiB, " + hops + " hops", header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomcat", "jetty"})
    void a64KibSingleEntryStopsAtMaxHeaderLengthAndThePeerIsTheClient(String name) throws Exception {
        String header = "1".repeat(KIB_64);

        RawHttp.Response response = send(name, header);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.probe()).containsEntry("rule", "LIMIT").containsEntry("remoteAddr", PROXY);
        report(name, "64 KiB single entry", header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomcat", "jetty"})
    void anOrdinaryHeaderForComparison(String name) throws Exception {
        RawHttp.Response response = send(name, "198.51.100.7, 10.0.0.1");

        assertThat(response.probe()).containsEntry("rule", "FORWARDED").containsEntry("remoteAddr", "198.51.100.7");
        report(name, "ordinary (2 entries)", "198.51.100.7, 10.0.0.1");
    }

    /** Times a short loop of fresh connections and prints the mean; the request and response are the same each time. */
    private void report(String name, String what, String header) throws Exception {
        for (int i = 0; i < 20; i++) {
            send(name, header); // warm-up
        }
        long start = System.nanoTime();
        for (int i = 0; i < TIMED_REQUESTS; i++) {
            assertThat(send(name, header).status()).isEqualTo(200);
        }
        double micros = (System.nanoTime() - start) / 1_000.0 / TIMED_REQUESTS;
        System.out.printf("[exhaustion] %-6s %-28s %8.0f us/request (mean of %d, new connection each)%n",
                name, what, micros, TIMED_REQUESTS);
    }
}
