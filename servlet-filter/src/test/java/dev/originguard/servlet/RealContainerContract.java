package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * What the filter does inside a real servlet container, over real HTTP on loopback. Linux routes all of
 * 127.0.0.0/8 to the loopback interface, so binding the client socket gives three peers on one machine: the
 * trusted proxy, a stranger, and a monitor in directAllow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RealContainerContract {

    static final String PROXY = "127.0.0.1";
    static final String STRANGER = "127.0.0.2";
    static final String MONITOR = "127.0.0.3";

    /** The settings both containers run with, as init-params; the Jetty test passes them through the builder. */
    static final Map<String, String> SETTINGS = Map.of(
            "trustedProxies", PROXY,
            "lockOrigin", "on",
            "directAllow", MONITOR,
            "lockOriginExemptPaths", "/health",
            "hostHeader", "X-Forwarded-Host",
            "portHeader", "X-Forwarded-Port");

    static final String[] SERVLET_PATHS = {"/", "/probe", "/health"};
    static final String[] DISPATCH_PATHS = {"/forward", "/include", "/teapot", "/async-dispatch", "/async-thread"};

    private int port;

    /** Starts the container on an ephemeral loopback port with the filter on every dispatch; returns the port. */
    abstract int start() throws Exception;

    abstract void stop() throws Exception;

    @BeforeAll
    void startContainer() throws Exception {
        port = start();
    }

    @AfterAll
    void stopContainer() throws Exception {
        stop();
    }

    int port() {
        return port;
    }

    private RawHttp.Response get(String source, String path, String... headers) throws Exception {
        return RawHttp.get(source, port, path, headers);
    }

    @Test
    void theServletSeesTheClientThatTheTrustedProxyReports() throws Exception {
        RawHttp.Response response = get(PROXY, "/probe", "X-Forwarded-For: 198.51.100.7");

        assertThat(response.status()).isEqualTo(200);
        Map<String, String> seen = response.probe();
        assertThat(seen).containsEntry("remoteAddr", "198.51.100.7")
                .containsEntry("remoteHost", "198.51.100.7")
                .containsEntry("remotePort", "0")
                .containsEntry("client", "198.51.100.7")
                .containsEntry("rule", "FORWARDED")
                .containsEntry("mdc", "198.51.100.7");
    }

    @Test
    void severalForwardedForLinesAreReadAsOneListAndEntriesLeftOfTheClientAreIgnored() throws Exception {
        RawHttp.Response response = get(PROXY, "/probe",
                "X-Forwarded-For: 6.6.6.6, 7.7.7.7",
                "x-forwarded-for: 198.51.100.7",
                "X-Forwarded-For: 127.0.0.1");

        assertThat(response.probe()).containsEntry("remoteAddr", "198.51.100.7");
    }

    @Test
    void withoutAForwardingHeaderTheTrustedProxyIsTheClient() throws Exception {
        assertThat(get(PROXY, "/probe").probe())
                .containsEntry("remoteAddr", PROXY)
                .containsEntry("rule", "PROXY");
    }

    @Test
    void aDirectHitFromAPeerThatIsNotATrustedProxyIsRefusedWithAGeneric403() throws Exception {
        RawHttp.Response response = get(STRANGER, "/probe", "X-Forwarded-For: 198.51.100.7");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("Forbidden\n");
    }

    @Test
    void exemptPathsServeAStrangerButDoNotBelieveItsForgedHeader() throws Exception {
        RawHttp.Response response = get(STRANGER, "/health", "X-Forwarded-For: 198.51.100.7");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.probe()).containsEntry("remoteAddr", STRANGER).containsEntry("rule", "DIRECT");
    }

    @Test
    void aFloodOfRefusedRequestsWritesAtMostOneLogLine() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(OriginGuardFilter.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(get(STRANGER, "/probe").status()).isEqualTo(403);
            }
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).filteredOn(e -> e.getFormattedMessage().startsWith("Refused")).hasSizeLessThan(2);
    }

    @Test
    void anExemptPathDoesNotExemptAPathThatMerelyStartsWithIt() throws Exception {
        assertThat(get(STRANGER, "/healthz").status()).isEqualTo(403);
        assertThat(get(STRANGER, "/health/../probe").status()).isNotEqualTo(200);
        assertThat(get(STRANGER, "/health;x=1/../probe").status()).isNotEqualTo(200);
    }

    @Test
    void aDirectlyAllowedPeerIsServedAndItsForwardingHeadersAreNotBelieved() throws Exception {
        RawHttp.Response response = get(MONITOR, "/probe",
                "X-Forwarded-For: 198.51.100.7", "X-Forwarded-Proto: https", "X-Forwarded-Host: evil.example");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.probe()).containsEntry("remoteAddr", MONITOR)
                .containsEntry("scheme", "http")
                .containsEntry("secure", "false")
                .containsEntry("serverName", "localhost");
    }

    @Test
    void schemeHostPortAndRequestUrlComeFromTheTrustedProxysHeaders() throws Exception {
        RawHttp.Response response = get(PROXY, "/probe",
                "X-Forwarded-For: 198.51.100.7",
                "X-Forwarded-Proto: https",
                "X-Forwarded-Host: shop.example",
                "X-Forwarded-Port: 443");

        assertThat(response.probe()).containsEntry("scheme", "https")
                .containsEntry("secure", "true")
                .containsEntry("serverName", "shop.example")
                .containsEntry("serverPort", "443")
                .containsEntry("requestURL", "https://shop.example/probe");
    }

    @Test
    void aForgedHttpsLeftOfTheProxysHttpDoesNotMakeTheRequestSecure() throws Exception {
        RawHttp.Response response = get(PROXY, "/probe",
                "X-Forwarded-Proto: https",
                "X-Forwarded-Proto: http");

        assertThat(response.probe()).containsEntry("scheme", "http")
                .containsEntry("secure", "false")
                .containsEntry("serverPort", "80")
                .containsEntry("requestURL", "http://localhost/probe");
    }

    @Test
    void anInvalidForwardedHostIsIgnoredRatherThanTrustedOrThrown() throws Exception {
        RawHttp.Response response = get(PROXY, "/probe", "X-Forwarded-Host: evil.example/x@y");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.probe()).containsEntry("serverName", "localhost")
                .containsEntry("serverPort", String.valueOf(port));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "'unknown', MALFORMED",
            "'198.51.100.7, _hidden', MALFORMED",
            "'1.2.3.4:99999', MALFORMED",
            "'[::1', MALFORMED",
            "'127.1', MALFORMED",
            "'\"\"', MALFORMED",
            "', , ,', PROXY"})
    void hostileForwardedForValuesAreAnsweredAndNeverBelieved(String header, String rule) throws Exception {
        RawHttp.Response response = get(PROXY, "/probe", "X-Forwarded-For: " + header);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.probe()).containsEntry("remoteAddr", PROXY).containsEntry("rule", rule);
    }

    @Test
    void aChainLongerThanMaxHopsStopsTheWalkAtTheLastTrustedHop() throws Exception {
        String chain = "198.51.100.7" + ", 127.0.0.1".repeat(30);
        RawHttp.Response response = get(PROXY, "/probe", "X-Forwarded-For: " + chain);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.probe()).containsEntry("remoteAddr", PROXY).containsEntry("rule", "LIMIT");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/forward, 200, FORWARD",
            "/include, 200, INCLUDE",
            "/teapot, 418, ERROR",
            "/async-dispatch, 200, ASYNC",
            "/async-thread, 200, REQUEST"})
    void everyDispatchSeesTheClientAndTheLockDecidesOnlyOnce(String path, int status, String dispatcher)
            throws Exception {
        // Deciding again on a later dispatch would see the client, not the proxy, as the peer, and refuse it.
        RawHttp.Response response = get(PROXY, path, "X-Forwarded-For: 198.51.100.7");

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.probe()).containsEntry("remoteAddr", "198.51.100.7")
                .containsEntry("dispatcher", dispatcher);
    }
}
