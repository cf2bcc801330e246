package dev.originguard.servlet;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the filter's container writes the Location of a redirect whose location has no scheme, so that the filter
 * corrects only what the container would make absolute from its own (unrestored) scheme and host:
 * <ul>
 *   <li>Tomcat: absolute unless the context's {@code useRelativeRedirects} is true (Tomcat's default; Spring
 *       Boot sets it false) and the request is HTTP/1.1 or later. Its facade refuses header changes once
 *       {@code sendRedirect} ran, so the filter reads the context's setting first, once, by reflection through
 *       the servlet context's facade (the filter has no Tomcat dependency).</li>
 *   <li>Jetty 12: absolute unless the connector's {@code HttpConfiguration.isRelativeRedirectAllowed()} (true
 *       by default in 12.1). Its {@code sendRedirect} commits the response, so the filter asks the connector
 *       first, through Jetty's public core API by reflection (the filter has no Jetty dependency).</li>
 *   <li>Any other container, or a Jetty whose API cannot be read: the filter makes the location absolute from
 *       the restored origin, which is always right for the client.</li>
 * </ul>
 * One per filter; the container is read in the filter's init.
 */
final class ContainerRedirects {

    private static final Logger log = LoggerFactory.getLogger(OriginGuardFilter.class);

    enum Kind { TOMCAT, JETTY, OTHER }

    private volatile Kind kind = Kind.OTHER;
    private volatile boolean tomcatRelative;
    private volatile JettyConnector jetty; // found at the first request on Jetty: its API is read from a request
    private volatile boolean jettyLooked;

    /** Reads the container from the filter's servlet context, in init; without a context it is "other". */
    void start(jakarta.servlet.ServletContext servletContext) {
        String info = servletContext == null ? null : servletContext.getServerInfo();
        Kind k = info == null ? Kind.OTHER : info.contains("Tomcat") ? Kind.TOMCAT
                : info.toLowerCase(java.util.Locale.ROOT).startsWith("jetty/") ? Kind.JETTY : Kind.OTHER;
        if (k == Kind.TOMCAT) {
            tomcatRelative = tomcatUsesRelativeRedirects(servletContext);
        }
        kind = k;
    }

    Kind kind() {
        return kind;
    }

    private JettyConnector jetty(ServletRequest request) {
        if (!jettyLooked) {
            jetty = JettyConnector.of(innermost(request));
            jettyLooked = true;
        }
        return jetty;
    }

    /** Whether Jetty keeps a location without scheme relative for this request; false when it cannot be read. */
    boolean jettyKeepsRelative(ServletRequest request) {
        JettyConnector j = jetty(request);
        return j != null && j.relativeRedirectAllowed(innermost(request));
    }

    /** Whether the Jetty connector of this request has a ForwardedRequestCustomizer; false when not readable. */
    boolean jettyHasForwardedCustomizer(ServletRequest request) {
        JettyConnector j = jetty(request);
        return j != null && j.hasForwardedCustomizer(innermost(request));
    }

    /** Whether Tomcat keeps a location without scheme relative for this request (HTTP/1.1 or later only). */
    boolean tomcatKeepsRelative(ServletRequest request) {
        String protocol = request.getProtocol();
        return tomcatRelative && protocol != null && !protocol.equals("HTTP/1.0") && !protocol.equals("HTTP/0.9");
    }

    /**
     * The context's {@code getUseRelativeRedirects()}, reached through {@code ApplicationContextFacade.context}
     * and {@code ApplicationContext.context} (both stable since Tomcat 7); false when they cannot be read.
     */
    private static boolean tomcatUsesRelativeRedirects(jakarta.servlet.ServletContext servletContext) {
        try {
            Object application = field(servletContext, "context");
            Object context = field(application, "context");
            return Boolean.TRUE.equals(context.getClass().getMethod("getUseRelativeRedirects").invoke(context));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("Tomcat's useRelativeRedirects is not readable; redirects are made absolute", e);
            return false;
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
            try {
                java.lang.reflect.Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(owner);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    static ServletRequest innermost(ServletRequest request) {
        ServletRequest r = request;
        while (r instanceof ServletRequestWrapper w) {
            r = w.getRequest();
        }
        return r;
    }

    /**
     * Jetty 12's public core API, found by name in the request's class loader: the servlet request's
     * {@code getRequest()} (core {@code org.eclipse.jetty.server.Request}), its {@code getConnectionMetaData()},
     * that one's {@code getHttpConfiguration()} and its {@code isRelativeRedirectAllowed()}.
     */
    record JettyConnector(Method coreRequest, Method metaData, Method configuration, Method relative,
            Method customizers) {

        static JettyConnector of(ServletRequest servletRequest) {
            try {
                ClassLoader loader = servletRequest.getClass().getClassLoader();
                Class<?> request = Class.forName("org.eclipse.jetty.server.Request", false, loader);
                Class<?> meta = Class.forName("org.eclipse.jetty.server.ConnectionMetaData", false, loader);
                Class<?> config = Class.forName("org.eclipse.jetty.server.HttpConfiguration", false, loader);
                Method core = servletRequest.getClass().getMethod("getRequest");
                if (!request.isAssignableFrom(core.getReturnType()) && !core.getReturnType().isAssignableFrom(request)) {
                    return null;
                }
                return new JettyConnector(core, request.getMethod("getConnectionMetaData"),
                        meta.getMethod("getHttpConfiguration"), config.getMethod("isRelativeRedirectAllowed"),
                        config.getMethod("getCustomizers"));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                log.debug("Jetty's connector configuration is not readable; redirects are made absolute", e);
                return null;
            }
        }

        boolean hasForwardedCustomizer(ServletRequest servletRequest) {
            try {
                Object core = coreRequest.invoke(servletRequest);
                Object config = configuration.invoke(metaData.invoke(core));
                for (Object customizer : (Iterable<?>) customizers.invoke(config)) {
                    for (Class<?> c = customizer.getClass(); c != null; c = c.getSuperclass()) {
                        if (c.getName().equals("org.eclipse.jetty.server.ForwardedRequestCustomizer")) {
                            return true;
                        }
                    }
                }
                return false;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }

        boolean relativeRedirectAllowed(ServletRequest servletRequest) {
            try {
                Object core = coreRequest.invoke(servletRequest);
                Object config = configuration.invoke(metaData.invoke(core));
                return Boolean.TRUE.equals(relative.invoke(config));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }
    }
}
