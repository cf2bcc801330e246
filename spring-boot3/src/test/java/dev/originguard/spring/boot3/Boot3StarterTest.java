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
