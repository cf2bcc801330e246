package dev.originguard.servlet;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** {@link FilterContainer} on embedded Jetty 12 (ee11): the filter held by class with init-params. */
final class JettyFilterContainer implements FilterContainer {

    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;

    JettyFilterContainer(Map<String, String> initParams, int maxHeaderBytes) throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        if (maxHeaderBytes > 0) {
            http.setRequestHeaderSize(maxHeaderBytes);
        }
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new ProbeServlet()), "/");
        context.addServlet(new ServletHolder(new ProbeServlet()), "/probe");
        context.addServlet(new ServletHolder(new HeaderEchoServlet()), "/headers");
        context.addServlet(new ServletHolder(new TraceServlet()), "/trace");
        FilterHolder holder = new FilterHolder(OriginGuardFilter.class);
        holder.setInitParameters(initParams);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
        server.setHandler(context);
        server.start();
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public boolean available() {
        return context.isAvailable();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
