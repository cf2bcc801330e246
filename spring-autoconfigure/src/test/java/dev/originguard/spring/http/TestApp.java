package dev.originguard.spring.http;

import dev.originguard.Resolution;
import dev.originguard.servlet.OriginGuardFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A minimal Boot application: the starter auto-configures itself; one endpoint shows what it resolved. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApp {

    @RestController
    static class WhoAmI {
        @GetMapping("/whoami")
        String whoami(HttpServletRequest request) {
            Resolution r = OriginGuardFilter.resolution(request);
            return request.getRemoteAddr() + " " + (r == null ? "none" : r.rule()) + " " + request.getScheme();
        }

        @GetMapping("/limited")
        String limited() {
            return "ok";
        }
    }
}
