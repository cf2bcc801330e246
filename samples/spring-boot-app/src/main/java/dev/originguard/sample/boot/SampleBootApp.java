package dev.originguard.sample.boot;

import dev.originguard.Resolution;
import dev.originguard.servlet.OriginGuardFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot app protected by OriginGuard from application.yml alone: the starter registers the filter,
 * and {@code /whoami} shows what it resolved for the request.
 */
@SpringBootApplication
public class SampleBootApp {

    public static void main(String[] args) {
        SpringApplication.run(SampleBootApp.class, args);
    }

    @RestController
    static class WhoAmI {

        @GetMapping("/whoami")
        Map<String, Object> whoami(HttpServletRequest request) {
            Resolution r = OriginGuardFilter.resolution(request);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("remoteAddr", request.getRemoteAddr());
            body.put("scheme", request.getScheme());
            body.put("secure", request.isSecure());
            if (r != null) {
                body.put("peer", r.peerIp());
                body.put("peerTrusted", r.peerTrusted());
                body.put("rule", r.rule().name());
                body.put("clientKnown", r.clientKnown());
                body.put("trustedHops", r.trustedHops());
                body.put("rateLimitKey", r.rateLimitKey());
                body.put("rateLimitExempt", r.rateLimitExempt());
            }
            return body;
        }
    }
}
