package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * Redirects behind a trusted proxy follow the restored request, over raw HTTP (a client library would resolve
 * the Location): made absolute from the reported scheme and host where the container would make it absolute
 * from its own plain-http request, left relative where the container keeps it relative, and never changed by a
 * stranger's forged {@code X-Forwarded-Proto}.
 */
class RedirectContainerTest {

    private static final String PROXY = "127.0.0.1";
    private static final String STRANGER = "127.0.0.2";
    private static final Map<String, String> SETTINGS = Map.of("trustedProxies", PROXY, "hostHeader", "X-Forwarded-Host");
    private static final String[] FROM_PROXY = {"X-Forwarded-For: 198.51.100.23", "X-Forwarded-Proto: https",
        "X-Forwarded-Host: shop.example"};

    @Test
    void tomcatWithAbsoluteRedirectsGetsTheRestoredSchemeAndHost() throws Exception {
        try (Running tomcat = tomcat(false)) {
            assertThat(location(tomcat, PROXY, "/app/redirect?to=/login", FROM_PROXY))
                    .isEqualTo("https://shop.example/login");
            assertThat(location(tomcat, PROXY, "/app/redirect?to=next", FROM_PROXY))
                    .isEqualTo("https://shop.example/app/next");
            assertThat(location(tomcat, PROXY, "/app/redirect?to=//cdn.example/x", FROM_PROXY))
                    .isEqualTo("https://cdn.example/x");
            assertThat(location(tomcat, PROXY, "/app/redirect?to=/login", "X-Forwarded-For: 198.51.100.23",
                    "X-Forwarded-Proto: https")).isEqualTo("https://localhost/login");
            // An absolute location is the application's own choice.
            assertThat(location(tomcat, PROXY, "/app/redirect?to=http://other.example/", FROM_PROXY))
                    .isEqualTo("http://other.example/");
        }
    }

    @Test
    void tomcatWithRelativeRedirectsKeepsThemRelative() throws Exception {
        try (Running tomcat = tomcat(true)) {
            assertThat(location(tomcat, PROXY, "/app/redirect?to=/login", FROM_PROXY)).isEqualTo("/login");
            assertThat(location(tomcat, PROXY, "/app/redirect?to=next", FROM_PROXY)).isEqualTo("next");
            // Tomcat makes it absolute for HTTP/1.0 whatever the setting: then from the restored origin.
            RawHttp.Response http10 = RawHttp.send(PROXY, tomcat.port, "GET /app/redirect?to=/login HTTP/1.0\r\n"
                    + "Host: localhost\r\n" + String.join("\r\n", FROM_PROXY) + "\r\n\r\n");
            assertThat(http10.status()).isEqualTo(302);
            assertThat(http10.headers()).containsEntry("location", "https://shop.example/login");
        }
    }

    @Test
    void jettyByDefaultKeepsThemRelative() throws Exception {
        try (Running jetty = jetty(null)) {
            assertThat(location(jetty, PROXY, "/app/redirect?to=/login", FROM_PROXY)).isEqualTo("/login");
            assertThat(location(jetty, PROXY, "/app/redirect?to=next", FROM_PROXY)).isEqualTo("/app/next");
        }
    }

    @Test
    void jettyWithAbsoluteRedirectsGetsTheRestoredSchemeAndHost() throws Exception {
        try (Running jetty = jetty(false)) {
            assertThat(location(jetty, PROXY, "/app/redirect?to=/login", FROM_PROXY))
                    .isEqualTo("https://shop.example/login");
            assertThat(location(jetty, PROXY, "/app/redirect?to=../next", FROM_PROXY))
                    .isEqualTo("https://shop.example/next");
        }
    }

    @Test
    void aStrangersForgedProtoAndHostNeverReachARedirect() throws Exception {
        try (Running tomcat = tomcat(false); Running jetty = jetty(false)) {
            for (Running c : new Running[] {tomcat, jetty}) {
                assertThat(location(c, STRANGER, "/app/redirect?to=/login", FROM_PROXY)).as(c.name)
                        .isEqualTo("http://localhost:" + c.port + "/login");
            }
        }
    }

    @Test
    void aTrustedProxyThatReportsNoSchemeOrHostLeavesTheContainersRedirect() throws Exception {
        try (Running tomcat = tomcat(false)) {
            assertThat(location(tomcat, PROXY, "/app/redirect?to=/login", "X-Forwarded-For: 198.51.100.23"))
                    .isEqualTo("http://localhost:" + tomcat.port + "/login");
        }
    }

    private static String location(Running container, String source, String path, String... headers)
            throws IOException {
        RawHttp.Response r = RawHttp.get(source, container.port, path, headers);
        assertThat(r.status()).as("%s %s", container.name, path).isEqualTo(302);
        return r.headers().get("location");
    }

    /** Redirects to its {@code to} parameter, as the application's login check would. */
    static final class RedirectServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendRedirect(req.getParameter("to"));
        }
    }

    record Running(String name, int port, AutoCloseable stop) implements AutoCloseable {
        @Override
        public void close() {
            try {
                stop.close();
            } catch (Exception e) {
                throw new IllegalStateException(name + " did not stop", e);
            }
        }
    }

    private static Running tomcat(boolean useRelativeRedirects) throws Exception {
        Path baseDir = Files.createTempDirectory("originguard-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", baseDir.toString());
        context.setUseRelativeRedirects(useRelativeRedirects);
        TomcatFilterContainer.addServlet(context, "redirect", new RedirectServlet(), "/app/redirect");
        TomcatFilterContainer.addOriginGuard(context, SETTINGS);
        tomcat.start();
        return new Running("tomcat useRelativeRedirects=" + useRelativeRedirects,
                tomcat.getConnector().getLocalPort(), () -> {
                    tomcat.stop();
                    tomcat.destroy();
                    try (Stream<Path> files = Files.walk(baseDir)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                });
    }

    /** Jetty 12 with its default HttpConfiguration, or with {@code relativeRedirectAllowed} set when not null. */
    private static Running jetty(Boolean relativeRedirectAllowed) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        if (relativeRedirectAllowed != null) {
            http.setRelativeRedirectAllowed(relativeRedirectAllowed);
        }
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new RedirectServlet()), "/app/redirect");
        FilterHolder holder = new FilterHolder(OriginGuardFilter.class);
        holder.setInitParameters(SETTINGS);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
        server.setHandler(context);
        server.start();
        return new Running("jetty relativeRedirectAllowed=" + relativeRedirectAllowed, connector.getLocalPort(),
                server::stop);
    }
}
