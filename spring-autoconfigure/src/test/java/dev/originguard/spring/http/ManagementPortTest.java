package dev.originguard.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Actuator on its own port runs in a child context with its own container; the lock covers it too. */
@SpringBootTest(classes = {TestApp.class, OnTomcat.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "originguard.trusted-proxies=192.0.2.0/24",
        "originguard.lock-origin=on",
        "originguard.lock-origin-exempt-paths=/actuator/health",
        "management.server.port=0",
        // Both servers are on the test class path; each would make the management child's factory.
        "spring.autoconfigure.exclude=org.springframework.boot.jetty.autoconfigure.actuate.web.server"
                + ".JettyServletManagementContextAutoConfiguration",
        "management.server.address=127.0.0.1",
        "management.endpoints.web.exposure.include=health,info,originguard"})
class ManagementPortTest {

    @LocalServerPort
    int port;

    @Value("${local.management.port}")
    int managementPort;

    @Test
    void aStrangerIsRefusedOnTheManagementPortAsOnTheApplicationPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(Http.get(port, "/whoami").statusCode()).isEqualTo(403);
        assertThat(Http.get(managementPort, "/actuator/originguard").statusCode()).isEqualTo(403);
        assertThat(Http.get(managementPort, "/actuator/info", "X-Forwarded-For", "192.0.2.7").statusCode())
                .isEqualTo(403);
    }

    @Test
    void anExemptPathStaysReachableOnTheManagementPort() throws Exception {
        assertThat(Http.get(managementPort, "/actuator/health").statusCode()).isEqualTo(200);
    }
}
