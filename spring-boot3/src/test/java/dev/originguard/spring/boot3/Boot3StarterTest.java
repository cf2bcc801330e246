package dev.originguard.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The starter on a real Spring Boot 3.5 application over real HTTP: restoration, the lock, and the health. */
class Boot3StarterTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theseTestsRunOnBoot35() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
    }

    @Test
    void restoresTheClientFromATrustedProxy() throws Exception {
        try (ConfigurableApplicationContext app = start("originguard.trusted-proxies=127.0.0.1",
                "originguard.protocol-header=X-Forwarded-Proto")) {
            HttpResponse<String> response = get(app, "/whoami", "X-Forwarded-For", "203.0.113.7",
                    "X-Forwarded-Proto", "https");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("203.0.113.7 https");
        }
    }

    @Test
    void theActuatorRangesAndExplainOperationsAnswerOnBoot3() throws Exception {
        // Boot 3.5 reads the explain operation's optional parameters through Spring's @Nullable, as Boot 4 does.
        try (ConfigurableApplicationContext app = start("originguard.trusted-proxies=loopback",
                "management.endpoints.web.exposure.include=originguard")) {
            HttpResponse<String> ranges = get(app, "/actuator/originguard/ranges");
            assertThat(ranges.statusCode()).isEqualTo(200);
            assertThat(ranges.body()).contains("\"cidr\":\"127.0.0.0/8\"").contains("\"entry\":\"loopback\"");
            HttpResponse<String> explain = get(app, "/actuator/originguard/explain?peer=127.0.0.1"
                    + "&header=X-Forwarded-For:%20198.51.100.7");
            assertThat(explain.statusCode()).isEqualTo(200);
            assertThat(explain.body()).contains("\"client\":\"198.51.100.7\"");
        }
    }

    @Test
    void theLockRefusesAStrangerAndTheHealthShowsOriginGuard() throws Exception {
        try (ConfigurableApplicationContext app = start("originguard.trusted-proxies=192.0.2.0/24",
                "originguard.lock-origin=on", "originguard.lock-origin-exempt-paths=/actuator/health/*",
                "management.endpoint.health.show-components=always",
                "management.endpoint.health.show-details=always")) {
            assertThat(get(app, "/whoami").statusCode()).isEqualTo(403);
            HttpResponse<String> health = get(app, "/actuator/health/originguard");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"lockOrigin\":\"on\"")
                    .contains("\"trustedProxies\"");
        }
    }

    @Test
    void theLockCoversASeparateManagementPort() throws Exception {
        try (ConfigurableApplicationContext app = start("originguard.trusted-proxies=192.0.2.0/24",
                "originguard.lock-origin=on", "originguard.lock-origin-exempt-paths=/actuator/health",
                "management.server.port=0", "management.server.address=127.0.0.1")) {
            int management = Integer.parseInt(app.getEnvironment().getProperty("local.management.port"));
            assertThat(get(app, management, "/actuator/info").statusCode()).isEqualTo(403);
            assertThat(get(app, management, "/actuator/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aMisspeltKeyStillStopsStartUp() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start("originguard.trusted-proxys=127.0.0.1").close())
                .hasStackTraceContaining("originguard.trusted-proxys");
    }

    private static ConfigurableApplicationContext start(String... properties) {
        String[] all = new String[properties.length + 3];
        all[0] = "server.port=0";
        all[1] = "server.address=127.0.0.1";
        // Spring Security is on this module's test class path for SecurityRedirectTest only.
        all[2] = "spring.autoconfigure.exclude=" + SecurityRedirectTest.SECURITY_AUTO_CONFIGURATIONS;
        System.arraycopy(properties, 0, all, 3, properties.length);
        return new SpringApplicationBuilder(Boot3App.class).properties(all).run();
    }

    private HttpResponse<String> get(ConfigurableApplicationContext app, String path, String... headers)
            throws Exception {
        return get(app, ((WebServerApplicationContext) app).getWebServer().getPort(), path, headers);
    }

    private HttpResponse<String> get(ConfigurableApplicationContext app, int port, String path, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
