package dev.originguard.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A locked origin whose proxy is elsewhere: a direct hit from loopback is refused, a forged header does not help. */
@SpringBootTest(classes = {TestApp.class, OnTomcat.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "originguard.trusted-proxies=192.0.2.0/24",
        "originguard.lock-origin=on",
        "originguard.lock-origin-exempt-paths=/actuator/health, /actuator/health/*, /actuator/originguard",
        "management.endpoints.web.exposure.include=health,originguard"})
class LockdownTest {

    @LocalServerPort
    int port;

    @Test
    void aDirectHitIsRefused() throws Exception {
        HttpResponse<String> r = Http.get(port, "/whoami", "X-Forwarded-For", "192.0.2.1");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("Forbidden\n");
    }

    @Test
    void exemptPathsStayReachableAndTheRefusalIsCounted() throws Exception {
        Http.get(port, "/whoami");
        assertThat(Http.get(port, "/actuator/health").statusCode()).isEqualTo(200);
        HttpResponse<String> r = Http.get(port, "/actuator/originguard");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(r.body(), "$.lockOrigin")).isEqualTo("on");
        assertThat(((Number) JsonPath.read(r.body(), "$.requests.rejected")).longValue()).isPositive();
    }
}
