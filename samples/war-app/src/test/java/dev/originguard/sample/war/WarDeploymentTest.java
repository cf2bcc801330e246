package dev.originguard.sample.war;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sample's web app deployed on embedded Tomcat as a standalone Tomcat deploys it (addWebapp: web.xml parsed
 * by Tomcat, ${...} replaced from system properties), over raw HTTP: restored, locked, exempt, and redirected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarDeploymentTest {

    private Tomcat tomcat;
    private Context context;
    private Path baseDir;

    @BeforeAll
    void deploy() throws Exception {
        System.setProperty("originguard.trustedProxies", "127.0.0.1");
        System.setProperty("originguard.directAllow", "127.0.0.3");
        baseDir = Files.createTempDirectory("originguard-war");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getHost().setAutoDeploy(false);
        context = tomcat.addWebapp("/app", Path.of("src/main/webapp").toAbsolutePath().toString());
        context.setUseRelativeRedirects(false);
        tomcat.start();
        assertThat(context.getState().isAvailable()).as("the WAR started").isTrue();
    }

    @AfterAll
    void undeploy() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        System.clearProperty("originguard.trustedProxies");
        System.clearProperty("originguard.directAllow");
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void theProxyFromTheSubstitutedPropertyHasItsClientRestored() throws Exception {
        String r = get("127.0.0.1", "/app/whoami", "X-Forwarded-For: 198.51.100.23", "X-Forwarded-Proto: https");

        assertThat(r).startsWith("HTTP/1.1 200").contains("client=198.51.100.23\nscheme=https\n");
    }

    @Test
    void aStrangerIsRefusedButDirectAllowAndTheExemptPathAreServed() throws Exception {
        assertThat(get("127.0.0.2", "/app/whoami", "X-Forwarded-For: 198.51.100.23")).startsWith("HTTP/1.1 403");
        assertThat(get("127.0.0.3", "/app/whoami")).startsWith("HTTP/1.1 200").contains("client=127.0.0.3\n");
        assertThat(get("127.0.0.2", "/app/health", "X-Forwarded-For: 198.51.100.23")).startsWith("HTTP/1.1 200")
                .contains("client=127.0.0.2\n");
    }

    @Test
    void theLoginRedirectFollowsTheRestoredScheme() throws Exception {
        String r = get("127.0.0.1", "/app/login-required", "X-Forwarded-For: 198.51.100.23",
                "X-Forwarded-Proto: https");

        assertThat(r).startsWith("HTTP/1.1 302").contains("\r\nLocation: https://localhost/app/login\r\n");
    }

    private String get(String source, String path, String... headers) throws IOException {
        int port = tomcat.getConnector().getLocalPort();
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n");
        for (String h : headers) {
            request.append(h).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
