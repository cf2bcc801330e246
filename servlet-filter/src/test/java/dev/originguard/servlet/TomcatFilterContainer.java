package dev.originguard.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * {@link FilterContainer} on embedded Tomcat: the filter declared by class name with init-params, or an
 * instance built in code registered as an application registers it.
 */
final class TomcatFilterContainer implements FilterContainer {

    private final Tomcat tomcat;
    private final Context context;
    private final Path baseDir;

    TomcatFilterContainer(Map<String, String> initParams, int maxHeaderBytes) throws Exception {
        this(initParams, maxHeaderBytes, false);
    }

    /** With {@code allowTrace}, the connector hands TRACE to the application instead of answering 405 itself. */
    TomcatFilterContainer(Map<String, String> initParams, int maxHeaderBytes, boolean allowTrace) throws Exception {
        this(initParams, null, maxHeaderBytes, allowTrace);
    }

    /** With {@code filter} (built in code) instead of init-params. */
    TomcatFilterContainer(Filter filter) throws Exception {
        this(Map.of(), filter, 0, false);
    }

    private TomcatFilterContainer(Map<String, String> initParams, Filter filter, int maxHeaderBytes,
            boolean allowTrace) throws Exception {
        baseDir = Files.createTempDirectory("originguard-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        if (maxHeaderBytes > 0 && !tomcat.getConnector().setProperty("maxHttpRequestHeaderSize",
                String.valueOf(maxHeaderBytes))) {
            throw new IllegalStateException("Tomcat refused maxHttpRequestHeaderSize");
        }

        if (allowTrace) {
            tomcat.getConnector().setAllowTrace(true);
        }

        context = tomcat.addContext("", baseDir.toString());
        addServlet(context, "probe", new ProbeServlet(), "/", "/probe");
        addServlet(context, "headers", new HeaderEchoServlet(), "/headers");
        addServlet(context, "trace", new TraceServlet(), "/trace");

        addOriginGuard(context, initParams, filter);
        tomcat.start();
    }

    /** Declares the filter as web.xml would: by class name, with init-params, on every path and dispatch. */
    static void addOriginGuard(Context context, Map<String, String> initParams) {
        addOriginGuard(context, initParams, null);
    }

    /** As {@link #addOriginGuard(Context, Map)}, or with {@code filter} as the instance when it is not null. */
    static void addOriginGuard(Context context, Map<String, String> initParams, Filter filter) {
        FilterDef def = new FilterDef();
        def.setFilterName("originGuard");
        def.setFilterClass(OriginGuardFilter.class.getName());
        if (filter != null) {
            def.setFilter(filter);
        }
        def.setAsyncSupported("true");
        initParams.forEach(def::addInitParameter);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("originGuard");
        map.addURLPattern("/*");
        for (DispatcherType type : DispatcherType.values()) {
            map.setDispatcher(type.name());
        }
        context.addFilterMap(map);
    }

    static void addServlet(Context context, String name, HttpServlet servlet, String... paths) {
        Wrapper wrapper = Tomcat.addServlet(context, name, servlet);
        wrapper.setAsyncSupported(true);
        for (String path : paths) {
            context.addServletMapping(path, name);
        }
    }

    @Override
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    public String name() {
        return "tomcat";
    }

    @Override
    public boolean available() {
        return context.getState().isAvailable();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        }
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
