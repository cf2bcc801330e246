package dev.originguard.servlet.internal;

import dev.originguard.internal.RequestPath;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The one place a servlet request becomes a {@link RequestPath}: the origin lock's exempt paths and the rate
 * limiter's path rules must read the same four values the same way, or a path one of them normalises could
 * slip past the other.
 *
 * <p>Internal to OriginGuard, not API: it may change or go without notice. Public only because the filter and
 * the rate limiter are in two modules.
 */
public final class ServletRequestPaths {

    private ServletRequestPaths() {
    }

    /**
     * The paths {@code request} may be routed on, from its request URI, context path, servlet path and path
     * info.
     *
     * @param request the request, as the container hands it to the filter
     * @return its paths
     */
    public static RequestPath of(HttpServletRequest request) {
        return RequestPath.of(request.getRequestURI(), request.getContextPath(), request.getServletPath(),
                request.getPathInfo());
    }
}
