package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The origin secret over real HTTP in embedded Tomcat, configured by init-params: a request from the trusted
 * proxy range is believed only with one of the accepted values (two during a rotation); without it the peer
 * is the client, as for any direct request. Everything logged meanwhile is captured to show that no secret
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
}
