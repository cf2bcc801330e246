package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The origin secret over real HTTP in embedded Tomcat, configured by init-params: a request from the trusted
 * proxy range is believed only with one of the accepted values (two during a rotation); without it the peer
 * is the client, as for any direct request. The header never reaches the application, in Tomcat or Jetty,
 * whatever {@code removeForwardingHeaders} says, and a TRACE never echoes it. Everything logged meanwhile is captured to show that no secret
 * value is ever written, neither by a request nor by a refused configuration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OriginSecretContainerTest {

    static final String PROXY = "127.0.0.1";
    static final String OLD_SECRET = "old-0f3c9a61-5b7e-4d2a-9c88-1e2f3a4b5c6d";
    static final String NEW_SECRET = "new-7d1e2c3b-4a59-4f6e-8d7c-6b5a4f3e2d1c";
    static final String HEADER = "X-Origin-Verify";

    private LogCapture logs;
    private FilterContainer locked;
    private FilterContainer open;

    private static Map<String, String> settings(String lockOrigin) {
        return Map.of(
                "trustedProxies", PROXY,
                "lockOrigin", lockOrigin,
                "originSecretHeader", HEADER,
                "originSecret", OLD_SECRET + ", " + NEW_SECRET);
    }

    @BeforeAll
    void startTomcats() throws Exception {
        logs = LogCapture.start();
        locked = FilterContainer.tomcat(settings("on"));
        open = FilterContainer.tomcat(settings("off"));
    }

    @AfterAll
    void stopTomcats() {
        locked.close();
        open.close();
        logs.close();
        assertNoSecretLogged();
    }

    private void assertNoSecretLogged() {
        assertThat(logs.text()).doesNotContain(OLD_SECRET).doesNotContain(NEW_SECRET)
                .doesNotContain(OLD_SECRET.substring(0, 12)).doesNotContain(NEW_SECRET.substring(0, 12));
    }

    private static RawHttp.Response get(FilterContainer container, String... headers) throws Exception {
        return RawHttp.get(PROXY, container.port(), "/probe", headers);
    }

    @Test
    void eitherAcceptedValueRestoresTheClient() throws Exception {
        for (String secret : new String[] {OLD_SECRET, NEW_SECRET}) {
            RawHttp.Response response = get(locked, HEADER + ": " + secret, "X-Forwarded-For: 198.51.100.7");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.probe()).containsEntry("remoteAddr", "198.51.100.7")
                    .containsEntry("rule", "FORWARDED");
        }
    }

    @Test
    void withoutAValidSecretTheTrustedRangeIsADirectHitAndALockedOriginRefusesIt() throws Exception {
        assertThat(get(locked, "X-Forwarded-For: 198.51.100.7").status()).as("no secret").isEqualTo(403);
        assertThat(get(locked, HEADER + ": " + OLD_SECRET + "x", "X-Forwarded-For: 198.51.100.7").status())
                .as("a wrong value").isEqualTo(403);
        assertThat(get(locked, HEADER + ": " + OLD_SECRET.toUpperCase(java.util.Locale.ROOT),
                "X-Forwarded-For: 198.51.100.7").status()).as("the value in another case").isEqualTo(403);
        assertThat(get(locked, HEADER + ": " + OLD_SECRET, HEADER + ": " + NEW_SECRET,
                "X-Forwarded-For: 198.51.100.7").status()).as("two lines, both accepted values").isEqualTo(403);
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                .contains("Request from 127.0.0.1 (a trusted proxy range) without a valid X-Origin-Verify header"));
        assertNoSecretLogged();
    }

    @Test
    void withTheLockOffTheClientIsThePeerAndTheForwardingHeaderIsIgnored() throws Exception {
        RawHttp.Response response = get(open, HEADER + ": not-the-secret-at-all-0000", "X-Forwarded-For: 198.51.100.7");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.probe()).containsEntry("remoteAddr", PROXY)
                .containsEntry("client", PROXY)
                .containsEntry("rule", "DIRECT");

        assertThat(get(open, HEADER + ": " + NEW_SECRET, "X-Forwarded-For: 198.51.100.7").probe())
                .containsEntry("remoteAddr", "198.51.100.7");
    }

    @Test
    void aTooShortSecretFailsInitWithoutPrintingIt() throws Exception {
        String tooShort = "Zq9vX2wL7kPm4tR"; // 15 characters
        Map<String, String> params = new HashMap<>(settings("on"));
        params.put("originSecret", NEW_SECRET + "," + tooShort);
        try (LogCapture initLogs = LogCapture.start()) {
            FilterContainer broken = FilterContainer.tomcat(params);
            try {
                assertThat(broken.available()).isFalse();
            } finally {
                broken.close();
            }
            assertThat(initLogs.lines()).anySatisfy(line -> assertThat(line)
                    .contains("OriginGuardFilter 'originGuard': init-param originSecret: '<secret #2>'")
                    .contains("<secret #2>")
                    .contains("has 15 characters; a secret needs at least 16"));
            assertThat(initLogs.text()).doesNotContain(tooShort).doesNotContain(NEW_SECRET);
        }
    }

    private static FilterContainer container(String name, Map<String, String> params) throws Exception {
        return name.equals("tomcat-allowTrace") ? FilterContainer.tomcatAllowingTrace(params)
                : FilterContainer.named(name, params, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomcat", "jetty"})
    void theSecretNeverReachesTheApplicationWithDefaultSettings(String name) throws Exception {
        try (FilterContainer container = container(name, settings("on"))) {
            String ask = "/headers?ask=X-Origin-Verify,x-origin-verify,X_ORIGIN_VERIFY,x_origin_verify";
            RawHttp.Response verified = RawHttp.get(PROXY, container.port(), ask, HEADER + ": " + NEW_SECRET,
                    "X-Forwarded-For: 198.51.100.7", "User-Agent: probe/1");
            assertThat(verified.status()).isEqualTo(200);
            assertThat(verified.probe()).containsEntry("remoteAddr", "198.51.100.7")
                    .containsEntry("header.User-Agent", "probe/1")
                    .containsEntry("ask.X-Origin-Verify", "null |  | int -1 | date -1")
                    .containsEntry("ask.x_origin_verify", "null |  | int -1 | date -1");
            assertThat(verified.body()).doesNotContain(NEW_SECRET.substring(0, 12))
                    .doesNotContainIgnoringCase("header.x-origin-verify").doesNotContainIgnoringCase("header.x_origin");

            // An underscore spelling beside the real line: not what was verified, and hidden all the same.
            RawHttp.Response variant = RawHttp.get(PROXY, container.port(), ask, HEADER + ": " + OLD_SECRET,
                    "X_Origin_Verify: " + NEW_SECRET, "x-origin-verify-extra: 1");
            assertThat(variant.status()).isEqualTo(200);
            assertThat(variant.body()).doesNotContain(OLD_SECRET.substring(0, 12))
                    .doesNotContain(NEW_SECRET.substring(0, 12)).doesNotContainIgnoringCase("header.x_origin_verify=")
                    .doesNotContainIgnoringCase("header.x-origin-verify=")
                    .containsIgnoringCase("header.x-origin-verify-extra=1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomcat", "jetty"})
    void anUnverifiedSecretHeaderIsHiddenToo(String name) throws Exception {
        try (FilterContainer container = container(name, settings("off"))) {
            RawHttp.Response response = RawHttp.get("127.0.0.2", container.port(), "/headers?ask=" + HEADER,
                    HEADER + ": " + NEW_SECRET, "User-Agent: probe/1");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.probe()).containsEntry("rule", "DIRECT").containsEntry("header.User-Agent", "probe/1");
            assertThat(response.body()).doesNotContain(NEW_SECRET.substring(0, 12));
        }
    }

    /**
     * Tomcat's connector answers TRACE with 405 before any filter runs (allowTrace is false by default); with
     * allowTrace on, and on Jetty, which passes TRACE to the application, HttpServlet.doTrace echoes the headers
     * the application sees: every one but the secret.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tomcat", "tomcat-allowTrace", "jetty"})
    void traceDoesNotEchoTheSecret(String name) throws Exception {
        for (String lock : new String[] {"on", "off"}) {
            try (FilterContainer container = container(name, settings(lock))) {
                RawHttp.Response response = RawHttp.request("TRACE", PROXY, container.port(), "/trace",
                        HEADER + ": " + NEW_SECRET, "x_origin_verify: " + OLD_SECRET,
                        "X-Forwarded-For: 198.51.100.7", "User-Agent: probe/1");
                assertThat(response.body()).as(lock).doesNotContain(NEW_SECRET.substring(0, 12))
                        .doesNotContain(OLD_SECRET.substring(0, 12)).doesNotContainIgnoringCase("origin-verify")
                        .doesNotContainIgnoringCase("origin_verify");
                assertThat(response.headers().values()).as(lock)
                        .noneSatisfy(v -> assertThat(v).contains(NEW_SECRET.substring(0, 12)));
                if (name.equals("tomcat")) {
                    assertThat(response.status()).as("Tomcat refuses TRACE itself").isEqualTo(405);
                } else {
                    assertThat(response.status()).as(lock).isEqualTo(200);
                    assertThat(response.body()).as("the echo happened").containsIgnoringCase("User-Agent: probe/1");
                }
            }
        }
    }
}
