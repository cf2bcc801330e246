package dev.originguard.servlet;

import dev.originguard.settings.LockOrigin;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The filter in embedded Jetty 12 (ee11), configured in code through the builder, over real HTTP.
 */
class JettyContainerTest extends RealContainerContract {

    private Server server;

    @Override
    int start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        addServlet(context, new ProbeServlet(), SERVLET_PATHS);
        addServlet(context, new DispatchingServlet(), DISPATCH_PATHS);
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(418, "/probe");
        context.setErrorHandler(errors);

        OriginGuardFilter filter = OriginGuardFilter.builder()
                .trustedProxies(SETTINGS.get("trustedProxies"))
                .lockOrigin(LockOrigin.ON)
                .directAllow(SETTINGS.get("directAllow"))
                .lockOriginExemptPaths(SETTINGS.get("lockOriginExemptPaths"))
                .hostHeader(SETTINGS.get("hostHeader"))
                .portHeader(SETTINGS.get("portHeader"))
                .build();
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));

        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }

    private static void addServlet(ServletContextHandler context, HttpServlet servlet, String... paths) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        for (String path : paths) {
            context.addServlet(holder, path);
        }
    }

    @Override
    void stop() throws Exception {
        server.stop();
    }
}
