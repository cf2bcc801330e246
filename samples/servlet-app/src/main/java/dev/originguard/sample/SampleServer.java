package dev.originguard.sample;

import dev.originguard.settings.LockOrigin;
import dev.originguard.servlet.OriginGuardFilter;
import jakarta.servlet.DispatcherType;
import java.io.File;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * An origin on embedded Tomcat, locked to its proxy. The "proxy" is whatever connects from 127.0.0.1 (curl on
 * this machine); 203.0.113.0/24 stands for a CDN's back-to-origin range. A connection from 127.0.0.2 is a
 * direct hit that bypassed the proxy: refused, except on /health.
 *
 * <p>Listens on 127.0.0.1, port 8080 or {@code -Dport=...} or the {@code PORT} environment variable.
 */
public final class SampleServer {

    private SampleServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getProperty("port", System.getenv().getOrDefault("PORT", "8080")));

        OriginGuardFilter filter = OriginGuardFilter.builder()
                .trustedProxies("127.0.0.1, 203.0.113.0/24")
                .lockOrigin(LockOrigin.ON)
                .lockOriginExemptPaths("/health")
                .build();

        File baseDir = Files.createTempDirectory("originguard-sample").toFile();
        baseDir.deleteOnExit();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.getPath());
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");

        Context context = tomcat.addContext("", baseDir.getPath());
        Wrapper whoami = Tomcat.addServlet(context, "whoami", new WhoAmIServlet());
        whoami.setAsyncSupported(true);
        context.addServletMapping("/whoami", "whoami");
        context.addServletMapping("/health", "whoami");

        FilterDef def = new FilterDef();
        def.setFilterName("originGuard");
        def.setFilter(filter);
        def.setFilterClass(OriginGuardFilter.class.getName());
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("originGuard");
        map.addURLPattern("/*");
        for (DispatcherType type : DispatcherType.values()) {
            map.setDispatcher(type.name());
        }
        context.addFilterMap(map);

        tomcat.start();
        System.out.println("OriginGuard sample listening on http://127.0.0.1:" + port + "/whoami");
        tomcat.getServer().await();
    }
}
