package dev.originguard.servlet;

import java.util.Map;

/**
 * An embedded servlet container on 127.0.0.1 running {@link OriginGuardFilter} from init-params, as a
 * web.xml declares it, in front of {@link ProbeServlet} ({@code /}, {@code /probe}) and
 * {@link HeaderEchoServlet} ({@code /headers}) and {@link TraceServlet} ({@code /trace}). Tests talk to it with {@link RawHttp}.
 */
interface FilterContainer extends AutoCloseable {

    /** Large enough for a 10,000-hop X-Forwarded-For line (about 100 KiB) and the rest of the request head. */
    int LARGE_HEADERS = 256 * 1024;

    /** The port it listens on. */
    int port();

    /** "tomcat" or "jetty", for test names and reports. */
    String name();

    /** Whether the application started: false when the filter's init failed. */
    boolean available();

    /** Stops the container (the filter's destroy() runs) and removes its files. */
    @Override
    void close();

    /** Embedded Tomcat 11 with the container's default request-head limit. */
    static FilterContainer tomcat(Map<String, String> initParams) throws Exception {
        return new TomcatFilterContainer(initParams, 0);
    }

    /** Embedded Tomcat 11 running {@code filter}, an {@link OriginGuardFilter} built in code. */
    static FilterContainer tomcat(jakarta.servlet.Filter filter) throws Exception {
        return new TomcatFilterContainer(filter);
    }

    /** Embedded Tomcat 11 accepting a request head of up to {@code maxHeaderBytes}. */
    static FilterContainer tomcat(Map<String, String> initParams, int maxHeaderBytes) throws Exception {
        return new TomcatFilterContainer(initParams, maxHeaderBytes);
    }

    /** Embedded Tomcat 11 whose connector lets TRACE through to the filter and servlet ({@code allowTrace}). */
    static FilterContainer tomcatAllowingTrace(Map<String, String> initParams) throws Exception {
        return new TomcatFilterContainer(initParams, 0, true);
    }

    /** Embedded Jetty 12 (ee11) accepting a request head of up to {@code maxHeaderBytes}; 0 for its default. */
    static FilterContainer jetty(Map<String, String> initParams, int maxHeaderBytes) throws Exception {
        return new JettyFilterContainer(initParams, maxHeaderBytes);
    }

    /** The container called {@code name}, as {@link #name()} reports it. */
    static FilterContainer named(String name, Map<String, String> initParams, int maxHeaderBytes) throws Exception {
        switch (name) {
            case "tomcat":
                return tomcat(initParams, maxHeaderBytes);
            case "jetty":
                return jetty(initParams, maxHeaderBytes);
            default:
                throw new IllegalArgumentException("no container named " + name);
        }
    }
}
