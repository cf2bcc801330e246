package dev.originguard.servlet;

import dev.originguard.Resolution;
import org.slf4j.MDC;

/**
 * The publish stage: makes the resolution visible to the application and its logs, as the request attribute
 * {@value OriginGuardFilter#RESOLUTION_ATTRIBUTE}, Tomcat's access-log attributes (so an access log with
 * {@code requestAttributesEnabled="true"} shows the client) and the MDC key
 * {@value OriginGuardFilter#MDC_CLIENT_IP} while the rest of the chain runs.
 */
final class PublishStage {

    // Tomcat's access-log attributes (org.apache.catalina.AccessLog and Globals), named here so the filter
    // needs no Tomcat classes. Other containers ignore them.
    static final String TOMCAT_ACCESS_LOG_REMOTE_ADDR = "org.apache.catalina.AccessLog.RemoteAddr";
    static final String TOMCAT_ACCESS_LOG_REMOTE_HOST = "org.apache.catalina.AccessLog.RemoteHost";
    static final String TOMCAT_ACCESS_LOG_SERVER_NAME = "org.apache.catalina.AccessLog.ServerName";
    static final String TOMCAT_ACCESS_LOG_SERVER_PORT = "org.apache.catalina.AccessLog.ServerPort";
    static final String TOMCAT_REMOTE_ADDR = "org.apache.tomcat.remoteAddr";

    private PublishStage() {
    }

    /**
     * Sets the resolution attribute and, when {@code tomcat} (they cost a map entry each; other containers
     * ignore them), Tomcat's access-log attributes for what the filter changes: the client, and the reported
     * host and port. Not the protocol: the filter never changes it, and the access log falls back to the
     * request's own when the attribute is absent.
     */
    static void attributes(ResolvedRequest wrapped, Resolution resolution, boolean tomcat) {
        wrapped.setAttribute(OriginGuardFilter.RESOLUTION_ATTRIBUTE, resolution);
        if (!tomcat) {
            return;
        }
        String client = resolution.clientIp();
        wrapped.setAttribute(TOMCAT_ACCESS_LOG_REMOTE_ADDR, client);
        wrapped.setAttribute(TOMCAT_ACCESS_LOG_REMOTE_HOST, client);
        wrapped.setAttribute(TOMCAT_REMOTE_ADDR, client);
        if (!wrapped.target().isEmpty()) {
            wrapped.setAttribute(TOMCAT_ACCESS_LOG_SERVER_NAME, wrapped.getServerName());
            wrapped.setAttribute(TOMCAT_ACCESS_LOG_SERVER_PORT, wrapped.getServerPort());
        }
    }

    /** Puts the client IP in the MDC; returns the value it replaced, for {@link #restoreMdc}. */
    static String enterMdc(Resolution resolution) {
        String previous = MDC.get(OriginGuardFilter.MDC_CLIENT_IP);
        MDC.put(OriginGuardFilter.MDC_CLIENT_IP, resolution.clientIp());
        return previous;
    }

    /**
     * Restores rather than removes the MDC key: a nested FORWARD or INCLUDE must not clear the outer
     * dispatch's key.
     */
    static void restoreMdc(String previous) {
        if (previous == null) {
            MDC.remove(OriginGuardFilter.MDC_CLIENT_IP);
        } else {
            MDC.put(OriginGuardFilter.MDC_CLIENT_IP, previous);
        }
    }
}
