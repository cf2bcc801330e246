package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * removeForwardingHeaders over real HTTP: what the application's own header reads see, in Tomcat and Jetty,
 * with header names sent exactly as written (raw sockets), underscore variants included.
 */
class ForwardingHeaderRemovalContainerTest {

    private static final String PROXY = "127.0.0.1";
    private static final String STRANGER = "127.0.0.2";
    private static final String[] FORGED = {
        "X-Forwarded-For: 6.6.6.6", "X_Forwarded_For: 6.6.6.7", "x-real-ip: 6.6.6.8", "CF-Connecting-IP: 6.6.6.9",
        "X-Forwarded-Proto: https", "User-Agent: probe/1"};

    private static RawHttp.Response headers(FilterContainer container, String peer, String... lines) throws Exception {
        RawHttp.Response response = RawHttp.get(peer, container.port(), "/headers", lines);
        assertThat(response.status()).isEqualTo(200);
        return response;
    }

    private static String lower(RawHttp.Response response) {
        return response.body().toLowerCase(Locale.ROOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomcat", "jetty"})
    void untrustedHidesADirectClientsForgeriesAndKeepsTheProxysHeaders(String name) throws Exception {
        try (FilterContainer container = FilterContainer.named(name, Map.of("trustedProxies", PROXY,
                "removeForwardingHeaders", "untrusted"), 0)) {
            String direct = lower(headers(container, STRANGER, FORGED));
            assertThat(direct).doesNotContain("header.x-forwarded-for=").doesNotContain("header.x_forwarded_for=")
                    .doesNotContain("header.x-real-ip=").doesNotContain("header.cf-connecting-ip=")
                    .doesNotContain("header.x-forwarded-proto=").doesNotContain("6.6.6.")
                    .contains("header.user-agent=probe/1");

            RawHttp.Response viaProxy = headers(container, PROXY, "X-Forwarded-For: 198.51.100.7");
            assertThat(viaProxy.probe()).containsEntry("remoteAddr", "198.51.100.7");
            assertThat(lower(viaProxy)).contains("header.x-forwarded-for=198.51.100.7");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomcat", "jetty"})
    void allHidesThemEvenBehindTheProxyWhileTheFilterStillReadsThem(String name) throws Exception {
        try (FilterContainer container = FilterContainer.named(name, Map.of("trustedProxies", PROXY,
                "removeForwardingHeaders", "all"), 0)) {
            RawHttp.Response viaProxy = headers(container, PROXY, "X-Forwarded-For: 6.6.6.6, 198.51.100.7",
                    "X-Forwarded-Proto: https");
            assertThat(viaProxy.probe()).containsEntry("remoteAddr", "198.51.100.7").containsEntry("scheme", "https");
            assertThat(lower(viaProxy)).doesNotContain("header.x-forwarded-for=")
                    .doesNotContain("header.x-forwarded-proto=");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomcat", "jetty"})
    void offByDefaultTheApplicationSeesEveryHeader(String name) throws Exception {
        try (FilterContainer container = FilterContainer.named(name, Map.of("trustedProxies", PROXY), 0)) {
            String direct = lower(headers(container, STRANGER, FORGED));
            assertThat(direct).contains("header.x-forwarded-for=6.6.6.6").contains("header.x_forwarded_for=6.6.6.7");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tomcat", "jetty"})
    void allHidesTheWholeXForwardedFamilyInEverySpelling(String name) throws Exception {
        try (FilterContainer container = FilterContainer.named(name, Map.of("trustedProxies", PROXY,
                "removeForwardingHeaders", "all"), 0)) {
            java.util.List<String> lines = new java.util.ArrayList<>();
            StringBuilder ask = new StringBuilder("/headers?ask=");
            // Each name as written and in one other spelling (all six would pass Tomcat's 100-header cap).
            String[] family = HiddenHeadersTest.FORWARDED_FAMILY;
            for (int i = 0; i < family.length; i++) {
                for (String spelling : new String[] {family[i], HiddenHeadersTest.spellings(family[i])[1 + i % 5]}) {
                    lines.add(spelling + ": 7");
                    ask.append(spelling).append(',');
                }
            }
            lines.add("Forwarded: for=6.6.6.6");
            lines.add("User-Agent: probe/1");
            RawHttp.Response response = RawHttp.get(PROXY, container.port(), ask.toString(),
                    lines.toArray(new String[0]));
            assertThat(response.status()).isEqualTo(200);
            String body = lower(response);
            assertThat(body).doesNotContain("header.x-forwarded").doesNotContain("header.x_forwarded")
                    .doesNotContain("header.forwarded=").contains("header.user-agent=probe/1");
            response.probe().forEach((key, value) -> {
                if (key.startsWith("ask.")) {
                    assertThat(value).as(key).isEqualTo("null |  | int -1 | date -1");
                }
            });
        }
    }
}
