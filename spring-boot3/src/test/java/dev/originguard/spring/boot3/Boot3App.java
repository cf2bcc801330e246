package dev.originguard.spring.boot3;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A minimal Boot 3.5 application: the starter configures itself; one endpoint shows the restored client. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class Boot3App {

    @RestController
    static class WhoAmI {
        @GetMapping("/whoami")
        String whoami(HttpServletRequest request) {
            return request.getRemoteAddr() + " " + request.getScheme();
        }
    }
}
