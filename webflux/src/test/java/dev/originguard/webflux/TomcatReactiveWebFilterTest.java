package dev.originguard.webflux;

import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.TomcatHttpHandlerAdapter;

/** The contract on Tomcat through Spring's reactive servlet adapter. */
class TomcatReactiveWebFilterTest extends WebFilterContract {

    private Tomcat tomcat;

    @Override
    int start(HttpHandler handler) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("og-webflux-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Wrapper servlet = Tomcat.addServlet(context, "webflux", new TomcatHttpHandlerAdapter(handler));
        servlet.setAsyncSupported(true);
        context.addServletMapping("/", "webflux");
        tomcat.start();
        return connector.getLocalPort();
    }

    @Override
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
