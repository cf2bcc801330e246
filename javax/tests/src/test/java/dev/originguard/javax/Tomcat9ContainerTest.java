package dev.originguard.javax;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The transformed javax jars (filter and rate limiter) in embedded Tomcat 9, declared by class name with
 * init-params as a web.xml declares them, over raw HTTP on loopback. The class path holds javax.servlet only:
 * a jakarta reference the transform missed fails here with NoClassDefFoundError.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Tomcat9ContainerTest {

    private static final String PROXY = "127.0.0.1";
    private static final String STRANGER = "127.0.0.2";

    private Tomcat tomcat;
    private Context context;
    private Path baseDir;
    private int port;

    @BeforeAll
    void start() throws Exception {
        baseDir = Files.createTempDirectory("originguard-tomcat9");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        context = tomcat.addContext("", baseDir.toString());
        // Tomcat makes redirects absolute from its own (plain http) request: the filter's response must correct it.
        context.setUseRelativeRedirects(false);
        Tomcat.addServlet(context, "probe", new Probe());
        context.addServletMappingDecoded("/", "probe");

        FilterDef def = new FilterDef();
        def.setFilterName("originGuard");
        def.setFilterClass("dev.originguard.servlet.OriginGuardFilter");
        def.addInitParameter("trustedProxies", PROXY);
        def.addInitParameter("lockOrigin", "on");
        def.addInitParameter("lockOriginExemptPaths", "/health, /health/redirect");
        def.addInitParameter("hostHeader", "X-Forwarded-Host");
        def.addInitParameter("rateLimit", "3/1m");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("originGuard");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        tomcat.start();
        assertThat(context.getState().isAvailable()).as("the context started with the javax filter").isTrue();
        assertThat(org.apache.catalina.util.ServerInfo.getServerInfo()).startsWith("Apache Tomcat/9.0.");
        port = tomcat.getConnector().getLocalPort();
    }

    @AfterAll
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aTrustedProxyHasTheClientAndSchemeRestored() throws Exception {
        Response r = get(PROXY, "/probe", "X-Forwarded-For: 198.51.100.23, 203.0.113.9", "X-Forwarded-Proto: https");

        assertThat(r.status).isEqualTo(200);
        assertThat(r.body).contains("remoteAddr=203.0.113.9\n").contains("scheme=https\n").contains("secure=true\n");
    }

    @Test
    void aDirectRequestIsRefused() throws Exception {
        Response r = get(STRANGER, "/probe", "X-Forwarded-For: 198.51.100.23");

        assertThat(r.status).isEqualTo(403);
        assertThat(r.body).isEqualTo("Forbidden\n");
    }

    @Test
    void anExemptPathServesAStrangerAndIgnoresItsForgedHeaders() throws Exception {
        Response r = get(STRANGER, "/health", "X-Forwarded-For: 198.51.100.23", "X-Forwarded-Proto: https");

        assertThat(r.status).isEqualTo(200);
        assertThat(r.body).contains("remoteAddr=" + STRANGER + "\n").contains("scheme=http\n");
    }

    @Test
    void theRateLimiterIsFoundAndLimitsTheRestoredClient() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertThat(get(PROXY, "/probe", "X-Forwarded-For: 198.51.100.77").status).as("request %d", i)
                    .isEqualTo(200);
        }
        Response limited = get(PROXY, "/probe", "X-Forwarded-For: 198.51.100.77");

        assertThat(limited.status).isEqualTo(429);
        assertThat(limited.headers).containsKey("retry-after");
        // Another client behind the same proxy has buckets of its own.
        assertThat(get(PROXY, "/probe", "X-Forwarded-For: 198.51.100.78").status).isEqualTo(200);
    }

    @Test
    void aRedirectFollowsTheRestoredSchemeAndHost() throws Exception {
        Response r = get(PROXY, "/redirect", "X-Forwarded-For: 198.51.100.24", "X-Forwarded-Proto: https",
                "X-Forwarded-Host: shop.example");

        assertThat(r.status).isEqualTo(302);
        assertThat(r.headers).containsEntry("location", "https://shop.example/login");
    }

    @Test
    void aStrangersForgedProtoNeverReachesARedirect() throws Exception {
        Response r = get(STRANGER, "/health/redirect", "X-Forwarded-Proto: https", "X-Forwarded-Host: evil.example");

        assertThat(r.status).isEqualTo(302);
        assertThat(r.headers.get("location")).isEqualTo("http://localhost:" + port + "/login");
    }

    /** Prints what the application sees; {@code .../redirect} sends a redirect to {@code /login}. */
    static final class Probe extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getRequestURI().endsWith("/redirect")) {
                resp.sendRedirect("/login");
                return;
            }
            resp.setContentType("text/plain");
            resp.getWriter().print("remoteAddr=" + req.getRemoteAddr() + "\nscheme=" + req.getScheme() + "\nsecure="
                    + req.isSecure() + "\n");
        }
    }

    record Response(int status, Map<String, String> headers, String body) {
    }

    // A raw socket from a chosen loopback address: a client library would normalise the Location header.
    private Response get(String source, String path, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, headEnd).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            String body = text.substring(headEnd + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].strip(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
