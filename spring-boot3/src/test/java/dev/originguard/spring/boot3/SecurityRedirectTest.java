package dev.originguard.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security's form login behind an https proxy: the redirect to the login page names the origin the
 * visitor used (https and the proxy's host), not the http hop between proxy and origin. Raw sockets, so the
 * Location header is read as sent.
 */
class SecurityRedirectTest {

    static final String SECURITY_AUTO_CONFIGURATIONS =
            "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration,"
            + "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration,"
            + "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration,"
            + "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SecuredApp {
        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults()).build();
        }
    }

    @Test
    void theLoginRedirectKeepsTheProxysHttpsOrigin() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SecuredApp.class).properties(
                "server.port=0", "server.address=127.0.0.1", "originguard.trusted-proxies=127.0.0.1",
                "originguard.protocol-header=X-Forwarded-Proto", "originguard.host-header=X-Forwarded-Host",
                "spring.security.user.password=not-used-here").run()) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            String response = get(port, "/private", "X-Forwarded-For: 203.0.113.9", "X-Forwarded-Proto: https",
                    "X-Forwarded-Host: www.example.com");
            assertThat(response).startsWith("HTTP/1.1 302");
            assertThat(location(response)).isEqualTo("https://www.example.com/login");
        }
    }

    @Test
    void aStrangersForgedHeadersNeverReachTheRedirect() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SecuredApp.class).properties(
                "server.port=0", "server.address=127.0.0.1", "originguard.trusted-proxies=192.0.2.0/24",
                "originguard.protocol-header=X-Forwarded-Proto", "originguard.host-header=X-Forwarded-Host",
                "spring.security.user.password=not-used-here").run()) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            String forged = get(port, "/private", "X-Forwarded-Proto: https", "X-Forwarded-Host: evil.example");
            assertThat(forged).startsWith("HTTP/1.1 302");
            assertThat(location(forged)).doesNotContain("evil.example").doesNotStartWith("https:");
        }
    }

    private static String location(String response) {
        for (String line : response.split("\r\n")) {
            if (line.regionMatches(true, 0, "Location:", 0, 9)) {
                return line.substring(9).trim();
            }
        }
        throw new AssertionError("no Location in " + response);
    }

    private static String get(int port, String path, String... headers) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
