package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.CharArrayWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.AbstractAccessLogValve;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.junit.jupiter.api.Test;

/**
 * The filter in embedded Tomcat 11, configured through init-params as a web.xml declares it, over real HTTP.
 */
class TomcatContainerTest extends RealContainerContract {

    private final BlockingQueue<String> accessLog = new LinkedBlockingQueue<>();
    private Tomcat tomcat;
    private Path baseDir;

    @Override
    int start() throws Exception {
        baseDir = Files.createTempDirectory("originguard-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");

        Context context = tomcat.addContext("", baseDir.toString());
        TomcatFilterContainer.addServlet(context, "probe", new ProbeServlet(), SERVLET_PATHS);
        TomcatFilterContainer.addServlet(context, "dispatching", new DispatchingServlet(), DISPATCH_PATHS);
        ErrorPage teapot = new ErrorPage();
        teapot.setErrorCode(418);
        teapot.setLocation("/probe");
        context.addErrorPage(teapot);

        TomcatFilterContainer.addOriginGuard(context, SETTINGS);

        context.getPipeline().addValve(new QueueAccessLog(accessLog));
        tomcat.start();
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        try (var files = Files.walk(baseDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void tomcatsAccessLogShowsTheClientAndTheReportedHost() throws Exception {
        accessLog.clear();
        RawHttp.get(PROXY, port(), "/probe?marker=1", "X-Forwarded-For: 198.51.100.7",
                "X-Forwarded-Host: shop.example", "X-Forwarded-Proto: https");

        String line = accessLog.poll(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(line).isEqualTo("198.51.100.7 198.51.100.7 shop.example 443 HTTP/1.1 /probe?marker=1 200");
    }

    @Test
    void aBadInitParamStopsTheContextWithTheParameterEntryAndReason() throws Exception {
        Tomcat broken = new Tomcat();
        Path dir = Files.createTempDirectory("originguard-tomcat-broken");
        broken.setBaseDir(dir.toString());
        broken.setPort(0);
        broken.getConnector().setProperty("address", "127.0.0.1");
        Context context = broken.addContext("", dir.toString());
        TomcatFilterContainer.addOriginGuard(context, Map.of("trustedProxies", "10.0.0.0/8, 10.0.0.0/33"));
        try {
            broken.start();
            assertThat(context.getState().isAvailable()).isFalse();
        } finally {
            broken.stop();
            broken.destroy();
        }
    }

    /** An access log with the request attributes enabled, as RemoteIpValve users configure it, kept in memory. */
    private static final class QueueAccessLog extends AbstractAccessLogValve {

        private final BlockingQueue<String> lines;

        QueueAccessLog(BlockingQueue<String> lines) {
            this.lines = lines;
            setRequestAttributesEnabled(true);
            setPattern("%a %h %v %p %H %U%q %s");
        }

        @Override
        protected void log(CharArrayWriter message) {
            lines.add(message.toString());
        }
    }
}
