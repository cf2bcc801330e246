package dev.originguard.spring.http;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Boot application whose handlers Spring MVC picks from the raw request URI: {@code /admin/**} matches
 * {@code /admin/../health}, which the container normalises to {@code /health}. Counts what reaches each.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PathApp {

    static final AtomicInteger ADMIN = new AtomicInteger();
    static final AtomicInteger API = new AtomicInteger();

    @RestController
    static class Handlers {
        @RequestMapping("/admin/**")
        String admin() {
            ADMIN.incrementAndGet();
            return "admin";
        }

        @GetMapping("/health")
        String health() {
            return "healthy";
        }

        @RequestMapping("/api/**")
        String api() {
            API.incrementAndGet();
            return "api";
        }

        @GetMapping("/whoami")
        String whoami() {
            return "whoami";
        }
    }
}
