package dev.originguard.ratelimit.bucket4j;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.Resolution;
import dev.originguard.ratelimit.RateLimitSettings;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The limited response over real HTTP: embedded Tomcat, a small filter that resolves and calls admit(). */
class RateLimitHttpTest {

    /** Loopback plays the proxy: the test client sends X-Forwarded-For as a CDN would. */
    private static final ClientIpResolver RESOLVER = ClientIpResolver.builder()
            .trustedProxies(AddressSet.of("loopback"))
            .build();

    @TempDir
    Path baseDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private Tomcat tomcat;
    private ClientRateLimiter limiter;

    /** What the real filter does at this stage, reduced to the rate-limit part. */
    static final class LimitingFilter implements Filter {
        private final ClientRateLimiter limiter;

        LimitingFilter(ClientRateLimiter limiter) {
            this.limiter = limiter;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            Resolution resolution = RESOLVER.resolve(request.getRemoteAddr(),
                    java.util.Collections.list(request.getHeaders(RESOLVER.headerName())));
            request.setAttribute(Resolution.class.getName(), resolution);
            if (limiter.admit(request, (HttpServletResponse) res, resolution)) {
                chain.doFilter(req, res);
            }
        }
    }

    private int start(RateLimitSettings settings) throws LifecycleException {
        limiter = ClientRateLimiter.create(settings);
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        Context ctx = tomcat.addContext("", null);
        Tomcat.addServlet(ctx, "app", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain");
                resp.getWriter().write("ok " + req.getServletPath());
            }
        });
        ctx.addServletMapping("/", "app");
        FilterDef def = new FilterDef();
        def.setFilterName("rateLimit");
        def.setFilter(new LimitingFilter(limiter));
        ctx.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("rateLimit");
        map.addURLPattern("/*");
        ctx.addFilterMap(map);
        tomcat.getConnector();
        tomcat.start();
        return tomcat.getConnector().getLocalPort();
    }

    @AfterEach
    void stop() throws LifecycleException {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        if (limiter != null) {
            limiter.close();
        }
    }

    private HttpResponse<String> get(int port, String path, String forwardedFor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void overTheLimitGets429WithRetryAfterNoStoreAndTheIetfHeaders() throws Exception {
        int port = start(RateLimitSettings.builder().limits("2/1m").build());
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> ok = get(port, "/page", "203.0.113.9");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("RateLimit-Policy")).hasValue("\"2/1m\";q=2;w=60");
            assertThat(ok.headers().firstValue("RateLimit")).get().asString().startsWith("\"2/1m\";r=" + (1 - i) + ";t=");
        }
        HttpResponse<String> limited = get(port, "/page", "203.0.113.9");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Long.parseLong(v)).isBetween(1L, 30L));
        assertThat(limited.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(limited.headers().firstValue("RateLimit")).get().asString().startsWith("\"2/1m\";r=0;t=");
        assertThat(limited.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
        assertThat(limited.body()).isEqualTo("Too many requests. Please retry later.\n");
        // Another client behind the same proxy, and the proxy itself, are unaffected.
        assertThat(get(port, "/page", "203.0.113.10").statusCode()).isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            assertThat(get(port, "/health", null).statusCode()).isEqualTo(200);
        }
        assertThat(limiter.counters().exempt()).isEqualTo(20);
    }

    @Test
    void headersOffLeavesOnlyRetryAfter() throws Exception {
        int port = start(RateLimitSettings.builder().limits("1/1m").headers(false).build());
        HttpResponse<String> ok = get(port, "/", "203.0.113.9");
        assertThat(ok.headers().firstValue("RateLimit")).isEmpty();
        HttpResponse<String> limited = get(port, "/", "203.0.113.9");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.headers().firstValue("RateLimit")).isEmpty();
        assertThat(limited.headers().firstValue("RateLimit-Policy")).isEmpty();
    }

    @Test
    void reportModeServesEverythingAndCounts() throws Exception {
        int port = start(RateLimitSettings.builder().limits("1/1m").mode(RateLimitSettings.Mode.REPORT).build());
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = get(port, "/", "203.0.113.9");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("RateLimit")).isEmpty();
        }
        assertThat(limiter.counters().limited()).isEqualTo(4);
        assertThat(limiter.counters().rejected()).isZero();
    }

    @Test
    void pathRulesMatchTheNormalisedPathSoDotSegmentsDoNotDodgeThem() throws Exception {
        int port = start(RateLimitSettings.builder().limits("100/1m").paths("/login=1/1m; /static/*=off").build());
        assertThat(get(port, "/login", "203.0.113.9").statusCode()).isEqualTo(200);
        assertThat(get(port, "/x/../login", "203.0.113.9").statusCode()).isEqualTo(429);
        assertThat(get(port, "/%6Cogin", "203.0.113.9").statusCode()).isEqualTo(429);
        assertThat(get(port, "/other", "203.0.113.9").statusCode()).isEqualTo(200);
        HttpResponse<String> asset = get(port, "/static/app.js", "203.0.113.9");
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("RateLimit")).isEmpty();
    }

    @Test
    void storeDownFailsOpenByDefaultAndClosedWith503WhenAsked() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens here once closed
        }
        String store = "redis://127.0.0.1:" + closedPort;
        int port = start(RateLimitSettings.builder().limits("1/1m").store(store)
                .failMode(RateLimitSettings.FailMode.CLOSED).build());
        HttpResponse<String> r = get(port, "/", "203.0.113.9");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.body()).isEqualTo("Service temporarily unavailable. Please retry later.\n");
        assertThat(limiter.counters().storeErrors()).isEqualTo(1);
        stop();
        tomcat = null;

        port = start(RateLimitSettings.builder().limits("1/1m").store(store).build());
        for (int i = 0; i < 3; i++) {
            assertThat(get(port, "/", "203.0.113.9").statusCode()).isEqualTo(200);
        }
        assertThat(limiter.counters().storeErrors()).isEqualTo(3);
        assertThat(limiter.counters().rejected()).isZero();
    }
}
