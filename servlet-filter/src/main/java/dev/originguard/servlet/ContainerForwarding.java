package dev.originguard.servlet;

import dev.originguard.internal.LogText;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a forwarding layer of the container that replaced the peer address before the filter ran: then the
 * filter sees the client that layer chose as the TCP peer, cannot tell whether the request came through a
 * trusted proxy, and with {@code lockOrigin=on} would refuse every real visitor as a direct request without
 * saying why. What each layer leaves to see, attacker-proof (set by the server, not by a header):
 * <ul>
 *   <li>Tomcat's {@code RemoteIpValve} and {@code RemoteIpFilter}: the request attribute
 *       {@value #TOMCAT_FORWARDED} = {@code TRUE} on each request they rewrote (whatever their
 *       {@code requestAttributesEnabled}).</li>
 *   <li>Jetty's {@code ForwardedRequestCustomizer}: it sits in the connector's {@code HttpConfiguration}, read
 *       once through Jetty's public API by reflection; every request on such a connector is suspect.</li>
 * </ul>
 * The first time, one ERROR names the layer and the fix. {@link LockStage} then refuses such requests when the
 * origin is locked, with the reason in its log line.
 */
final class ContainerForwarding {

    private static final Logger log = LoggerFactory.getLogger(OriginGuardFilter.class);

    /** Tomcat's {@code Globals.REQUEST_FORWARDED_ATTRIBUTE}, set by RemoteIpValve and RemoteIpFilter. */
    static final String TOMCAT_FORWARDED = "org.apache.tomcat.request.forwarded";
    static final String TOMCAT_LAYER = "Tomcat's RemoteIpValve (or RemoteIpFilter)";
    static final String JETTY_LAYER = "Jetty's ForwardedRequestCustomizer";

    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile Boolean jettyCustomizer; // null until the first request on Jetty

    /** The layer that already replaced this request's peer, or null; logs the error the first time. */
    String rewrittenBy(HttpServletRequest request, ContainerRedirects container) {
        String layer;
        switch (container.kind()) {
            case TOMCAT:
                layer = Boolean.TRUE.equals(request.getAttribute(TOMCAT_FORWARDED)) ? TOMCAT_LAYER : null;
                break;
            case JETTY:
                Boolean customizer = jettyCustomizer;
                if (customizer == null) {
                    customizer = container.jettyHasForwardedCustomizer(request);
                    jettyCustomizer = customizer;
                }
                layer = customizer ? JETTY_LAYER : null;
                break;
            default:
                layer = null;
        }
        if (layer != null && reported.compareAndSet(false, true)) {
            log.error("OriginGuardFilter: {} replaced the peer address before the filter ran (this request"
                    + " shows peer {}): the filter cannot check that requests came through a trusted proxy, and"
                    + " with lockOrigin=on or report refuses them. Remove it and let OriginGuard restore the"
                    + " client ({}); see docs/deployment.md, \"Migrating from RemoteIpValve\"", layer,
                    LogText.escape(request.getRemoteAddr()), layer == TOMCAT_LAYER
                            ? "its internalProxies and trustedProxies become trustedProxies"
                            : "drop it from the HttpConfiguration, or the jetty module http-forwarded");
        }
        return layer;
    }
}
