package dev.originguard.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.ConfigurationException;
import dev.originguard.Resolution;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.SettingsText;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;

/**
 * The WebFlux filter over real HTTP (raw sockets, so nothing normalises the request): restoration, lockdown,
 * exempt paths in normalised form only, hidden headers. Each server adapter runs the same cases.
 */
abstract class WebFilterContract {

    private OriginGuardWebFilter filter;

    /** Starts {@code handler} on a free loopback port and returns the port. */
    abstract int start(HttpHandler handler) throws Exception;

    abstract void stop() throws Exception;

    @AfterEach
    void close() throws Exception {
        stop();
        if (filter != null) {
            filter.close();
        }
    }

    // The handler answers "<remote address> <scheme> <host:port> <rule> <secret header seen>".
    private int serve(OriginGuardSettings settings) throws Exception {
        filter = OriginGuardWebFilter.of(settings);
        WebHandler handler = exchange -> {
            ServerHttpRequest r = exchange.getRequest();
            Resolution resolution = OriginGuardWebFilter.resolution(exchange);
            String body = r.getRemoteAddress().getAddress().getHostAddress() + " " + r.getURI().getScheme() + " "
                    + r.getURI().getHost() + ":" + r.getURI().getPort() + " "
                    + (resolution == null ? "none" : resolution.rule()) + " "
                    + (r.getHeaders().containsHeader("X-Origin-Key") ? "secret-visible" : "secret-hidden") + " "
                    + (r.getHeaders().containsHeader("X-Forwarded-For") ? "xff-visible" : "xff-hidden");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponse().getHeaders().setContentLength(bytes.length); // not chunked: the body ends the reply
            DataBuffer buffer = exchange.getResponse().bufferFactory().wrap(bytes);
            return exchange.getResponse().writeWith(Mono.just(buffer));
        };
        return start(WebHttpHandlerBuilder.webHandler(handler).filter(filter).build());
    }

    @Test
    void aTrustedProxyRestoresTheClientAndTheScheme() throws Exception {
        int port = serve(settings("trustedProxies", "127.0.0.1",
                "protocolHeader", "X-Forwarded-Proto", "hostHeader", "X-Forwarded-Host"));
        String response = get(port, "/whoami", "X-Forwarded-For: 198.51.100.4, 203.0.113.9",
                "X-Forwarded-Proto: https", "X-Forwarded-Host: www.example.com");
        assertThat(response).startsWith("HTTP/1.1 200").endsWith("203.0.113.9 https www.example.com:-1 FORWARDED"
                + " secret-hidden xff-visible");
    }

    @Test
    void aStrangersForgedHeadersAreNotBelieved() throws Exception {
        int port = serve(settings("trustedProxies", "192.0.2.0/24",
                "protocolHeader", "X-Forwarded-Proto", "removeForwardingHeaders", "untrusted"));
        String response = get(port, "/whoami", "X-Forwarded-For: 203.0.113.9", "X-Forwarded-Proto: https");
        assertThat(response).startsWith("HTTP/1.1 200").contains("127.0.0.1 http ").endsWith("xff-hidden");
    }

    @Test
    void aLockedOriginRefusesAStrangerAndServesOnlyTheNormalisedExemptPath() throws Exception {
        int port = serve(settings("trustedProxies", "192.0.2.0/24", "lockOrigin", "on",
                "lockOriginExemptPaths", "/health"));
        String refused = get(port, "/whoami", "X-Forwarded-For: 192.0.2.1");
        assertThat(refused).startsWith("HTTP/1.1 403").endsWith("\r\n\r\nForbidden\n");
        assertThat(get(port, "/health")).startsWith("HTTP/1.1 200");
        for (String bypass : List.of("/health/.", "//health", "/heal%74h", "/health;x=1", "/admin/../health")) {
            assertThat(get(port, bypass)).as(bypass).startsWith("HTTP/1.1 403");
        }
    }

    @Test
    void theOriginSecretIsRequiredFromTheProxyAndHiddenFromTheApplication() throws Exception {
        int port = serve(settings("trustedProxies", "127.0.0.1", "lockOrigin", "on",
                "originSecretHeader", "X-Origin-Key", "originSecret", "s3cret-value-of-16-plus"));
        assertThat(get(port, "/whoami", "X-Forwarded-For: 203.0.113.9")).startsWith("HTTP/1.1 403");
        assertThat(get(port, "/whoami", "X-Forwarded-For: 203.0.113.9", "X-Origin-Key: s3cret-value-of-16-plus"))
                .startsWith("HTTP/1.1 200").contains("203.0.113.9 ").contains("secret-hidden");
    }

    @Test
    void settingsTheWebFluxFilterCannotHonourStopItAtOnce() {
        assertThatThrownBy(() -> OriginGuardWebFilter.of(settings("trustedProxies", "127.0.0.1", "rateLimit", "100/1m"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rateLimit").hasMessageContaining("servlet-only");
    }

    private static OriginGuardSettings settings(String... keyValues) {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return SettingsText.read(values, SettingsText.INIT_PARAMS);
    }

    static String get(int port, String path, String... headers) throws Exception {
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
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
