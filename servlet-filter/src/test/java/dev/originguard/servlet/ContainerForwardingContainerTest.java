package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.RemoteIpValve;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * A container layer that already replaced the peer (Tomcat's RemoteIpValve, Jetty's ForwardedRequestCustomizer)
 * in front of the filter, over real HTTP: the filter says so in one error naming the layer and the fix, and a
 * locked origin refuses with that reason instead of "a direct request from" the real visitor.
 */
class ContainerForwardingContainerTest {

    private static final String PROXY = "127.0.0.1";
    private static final Map<String, String> LOCKED = Map.of("trustedProxies", PROXY, "lockOrigin", "on");

    @Test
    void tomcatsRemoteIpValveInFrontIsNamedAndALockedOriginRefusesWithThatReason() throws Exception {
        Path baseDir = Files.createTempDirectory("originguard-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getHost().getPipeline().addValve(new RemoteIpValve()); // trusts loopback and private ranges
        Context context = tomcat.addContext("", baseDir.toString());
        TomcatFilterContainer.addServlet(context, "probe", new ProbeServlet(), "/probe");
        TomcatFilterContainer.addOriginGuard(context, LOCKED);
        tomcat.start();
        try (LogCapture logs = LogCapture.start()) {
            assertRefusedNamingTheLayer(tomcat.getConnector().getLocalPort(), logs, "Tomcat's RemoteIpValve");
        } finally {
            tomcat.stop();
            tomcat.destroy();
            try (Stream<Path> files = Files.walk(baseDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void jettysForwardedRequestCustomizerIsNamedAndALockedOriginRefusesWithThatReason() throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new ForwardedRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new ProbeServlet()), "/probe");
        FilterHolder holder = new FilterHolder(OriginGuardFilter.class);
        holder.setInitParameters(LOCKED);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        try (LogCapture logs = LogCapture.start()) {
            assertRefusedNamingTheLayer(connector.getLocalPort(), logs, "Jetty's ForwardedRequestCustomizer");
        } finally {
            server.stop();
        }
    }

    @Test
    void withoutSuchALayerTheSameRequestIsRestored() throws Exception {
        try (FilterContainer tomcat = FilterContainer.tomcat(LOCKED); LogCapture logs = LogCapture.start()) {
            RawHttp.Response r = RawHttp.get(PROXY, tomcat.port(), "/probe", "X-Forwarded-For: 198.51.100.23");

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.probe()).containsEntry("remoteAddr", "198.51.100.23");
            assertThat(logs.text()).doesNotContain("replaced the peer address");
        }
    }

    private static void assertRefusedNamingTheLayer(int port, LogCapture logs, String layer) throws Exception {
        for (int i = 0; i < 2; i++) {
            RawHttp.Response r = RawHttp.get(PROXY, port, "/probe", "X-Forwarded-For: 198.51.100.23");
            assertThat(r.status()).isEqualTo(403);
        }
        String text = logs.text();
        assertThat(logs.lines()).filteredOn(l -> l.startsWith("ERROR")).hasSize(1).first().asString()
                .contains(layer).contains("198.51.100.23").contains("Remove it")
                .contains("docs/deployment.md");
        assertThat(text).contains("Refused a request with peer 198.51.100.23: " + layer)
                .doesNotContain("Refused a direct request");
    }
}
