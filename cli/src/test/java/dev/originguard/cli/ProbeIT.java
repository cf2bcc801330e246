package dev.originguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.servlet.OriginGuardFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code probe} through the built jar against a real embedded Tomcat running the filter: a locked origin passes,
 * an unlocked one and one that believes the probe's forged address are holes.
 */
class ProbeIT {

    @TempDir
    Path dir;

    /** Answers 200 with the client address the filter resolved, in a header the operator opted in to. */
    static final class EchoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setHeader("X-Seen-Client", request.getRemoteAddr());
            response.getWriter().println("hello");
        }
    }

    private Tomcat tomcat(Map<String, String> initParams) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve("tomcat-" + System.nanoTime()).toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", dir.toString());
        Wrapper wrapper = Tomcat.addServlet(context, "echo", new EchoServlet());
        wrapper.addMapping("/");
        FilterDef def = new FilterDef();
        def.setFilterName("originGuard");
        def.setFilterClass(OriginGuardFilter.class.getName());
        initParams.forEach(def::addInitParameter);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("originGuard");
        map.addURLPattern("/*");
        for (DispatcherType type : DispatcherType.values()) {
            map.setDispatcher(type.name());
        }
        context.addFilterMap(map);
        tomcat.start();
        return tomcat;
    }

    private static String url(Tomcat tomcat) {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/";
    }

    private static void stop(Tomcat tomcat) throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @Test
    void aLockedOriginHasNoHole() throws Exception {
        Tomcat tomcat = tomcat(Map.of("trustedProxies", "203.0.113.0/24", "lockOrigin", "on"));
        try {
            CliJar.Run run = CliJar.run(dir, "probe", url(tomcat), "--forged-ip", "203.0.113.9",
                    "--echo-header", "X-Seen-Client");

            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).contains("ok    direct request: 403",
                    "ok    forged forwarding headers claiming 203.0.113.9: 403", "no hole found");
        } finally {
            stop(tomcat);
        }
    }

    @Test
    void anUnlockedOriginIsAHole() throws Exception {
        Tomcat tomcat = tomcat(Map.of("trustedProxies", "203.0.113.0/24", "lockOrigin", "off"));
        try {
            CliJar.Run run = CliJar.run(dir, "probe", url(tomcat), "--echo-header", "X-Seen-Client");

            assertThat(run.exit()).as(run.toString()).isEqualTo(1);
            assertThat(run.out()).contains("HOLE  direct request: 200, expected 403",
                    "ok    X-Seen-Client: 127.0.0.1, not the forged address", "1 hole");
        } finally {
            stop(tomcat);
        }
    }

    @Test
    void anOriginThatBelievesTheForgedAddressIsAHole() throws Exception {
        // The probe runs from a trusted address: a mistake the probe must catch, not pass.
        Tomcat tomcat = tomcat(Map.of("trustedProxies", "loopback", "lockOrigin", "on"));
        try {
            CliJar.Run run = CliJar.run(dir, "probe", url(tomcat), "--echo-header", "X-Seen-Client");

            assertThat(run.exit()).as(run.toString()).isEqualTo(1);
            assertThat(run.out()).contains("HOLE  direct request: 200",
                    "HOLE  X-Seen-Client: 203.0.113.66: the origin believed the forged address", "2 holes");
        } finally {
            stop(tomcat);
        }
    }

    @Test
    void nothingListeningIsAFindingAndABadUrlAUsageError() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(CliJar.run(dir, "probe", "http://127.0.0.1:" + port + "/").exit()).isEqualTo(1);
        assertThat(CliJar.run(dir, "probe", "ftp://127.0.0.1/").exit()).isEqualTo(2);
        assertThat(CliJar.run(dir, "probe", "http://127.0.0.1/", "--forged-ip", "nonsense").exit()).isEqualTo(2);
    }
}
