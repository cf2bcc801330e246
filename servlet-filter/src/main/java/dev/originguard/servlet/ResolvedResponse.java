package dev.originguard.servlet;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * The response behind the filter for a request from a trusted proxy: a redirect follows the restored request.
 * When the container would make a location without scheme absolute, it would do so from its own request (plain
 * {@code http}, the origin's host and port); this makes it absolute from the scheme, host and port the trusted
 * proxy reported instead. When the container keeps it relative, it stays relative: the browser resolves it
 * against the URL it really used. See {@link ContainerRedirects} for how each container is read.
 *
 * <p>Only for a request from a trusted proxy that reported a scheme, host or port: a stranger's
 * {@code X-Forwarded-Proto} never reaches a redirect. A {@code Location} set with {@code setHeader} is left
 * alone, as the containers leave it.
 */
final class ResolvedResponse extends HttpServletResponseWrapper {

    private final ResolvedRequest request;
    private final ContainerRedirects container;

    ResolvedResponse(HttpServletResponse response, ResolvedRequest request, ContainerRedirects container) {
        super(response);
        this.request = request;
        this.container = container;
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        String given = before(location);
        super.sendRedirect(given);
    }

    @Override
    public void sendRedirect(String location, int sc) throws IOException {
        String given = before(location);
        super.sendRedirect(given, sc);
    }

    @Override
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        String given = before(location);
        super.sendRedirect(given, clearBuffer);
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        String given = before(location);
        super.sendRedirect(given, sc, clearBuffer);
    }

    // The location to hand the container: absolute from the restored origin unless the container keeps it
    // relative (containers leave an absolute location as it is).
    private String before(String location) {
        if (location == null || !corrects(location)) {
            return location;
        }
        switch (container.kind()) {
            case TOMCAT:
                return container.tomcatKeepsRelative(request) ? location : absolute(location);
            case JETTY:
                if (container.jettyKeepsRelative(request)) {
                    return location;
                }
                return absolute(location);
            default:
                return absolute(location);
        }
    }

    private boolean corrects(String location) {
        return !request.target().isEmpty() && !RedirectLocation.hasScheme(location);
    }

    private String absolute(String location) {
        return RedirectLocation.absolute(location, request.getScheme(), origin(), request.getRequestURI());
    }

    private String origin() {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        StringBuilder origin = new StringBuilder(48).append(scheme).append("://").append(request.getServerName());
        if (!(scheme.equals("https") && port == 443) && !(scheme.equals("http") && port == 80)) {
            origin.append(':').append(port);
        }
        return origin.toString();
    }
}
