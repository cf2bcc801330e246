package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code tlsSchemes} over real HTTP in Tomcat and Jetty: which {@code X-Forwarded-Proto} values make the
 * application see https. Before the setting, {@code wss} made the header ignored (the scheme stayed http).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsSchemesContainerTest {

    private final Map<String, FilterContainer> containers = new ConcurrentHashMap<>();

    @AfterAll
    void stop() {
        containers.values().forEach(FilterContainer::close);
    }

    private FilterContainer container(String name, String tlsSchemes) {
        return containers.computeIfAbsent(name + "|" + tlsSchemes, key -> {
            Map<String, String> params = new HashMap<>(Map.of("trustedProxies", "127.0.0.1"));
            if (!tlsSchemes.equals("default")) {
                params.put("tlsSchemes", tlsSchemes);
            }
            try {
                return FilterContainer.named(name, params, 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0} tlsSchemes={1} proto={2}")
    @CsvSource(delimiter = '|', value = {
        "tomcat | default      | wss        | https | true",
        "jetty  | default      | wss        | https | true",
        "tomcat | default      | WSS        | https | true",
        "tomcat | default      | ws         | http  | false",
        "jetty  | default      | 'https, wss' | https | true",
        "tomcat | default      | 'wss, ws'  | http  | false",
        "jetty  | default      | quic       | http  | false",
        "tomcat | https        | wss        | http  | false",
        "jetty  | https        | wss        | http  | false",
        "tomcat | 'https, h3'  | h3         | https | true",
    })
    void theApplicationSeesTheSchemeTheSettingMeans(String name, String tlsSchemes, String proto, String scheme,
            String secure) throws Exception {
        FilterContainer container = container(name, tlsSchemes);
        assertThat(container.available()).isTrue();

        RawHttp.Response response = RawHttp.get("127.0.0.1", container.port(), "/probe",
                "X-Forwarded-For: 198.51.100.7", "X-Forwarded-Proto: " + proto);

        assertThat(response.probe()).containsEntry("scheme", scheme).containsEntry("secure", secure);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"http", "'https, ws'", "wss", "'https, wss/x'"})
    void aListThatCannotBeHonouredStopsStartUp(String tlsSchemes) throws Exception {
        try (FilterContainer container = FilterContainer.tomcat(Map.of("trustedProxies", "127.0.0.1",
                "tlsSchemes", tlsSchemes))) {
            assertThat(container.available()).isFalse();
        }
    }
}
