package dev.originguard.servlet;

import dev.originguard.internal.ForwardedTarget;
import dev.originguard.Resolution;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The request as the application sees it behind the filter: the resolved client as remote address and host,
 * and the scheme, server name, port and URL the trusted proxies report.
 *
 * <p>{@link #getRemotePort()} is the peer's port when the client is the peer, and 0 when the client came from
 * a forwarding header: the client's own source port is not known, and the proxy's port paired with the
 * client's address would be a false (address, port) pair in an abuse report.
 */
final class ResolvedRequest extends HttpServletRequestWrapper {

    private final Resolution resolution;
    private final TargetHeaders targetHeaders;
    private ServletResponse response; // the one startAsync hands on: the filter's response wrapper when there is one
    private final HiddenHeaders hidden; // null: the application sees every header
    // Read on first use: many requests never ask for their scheme, host or port.
    private ForwardedTarget target;

    ResolvedRequest(HttpServletRequest request, ServletResponse response, Resolution resolution,
                    TargetHeaders targetHeaders, HiddenHeaders hidden) {
        super(request);
        this.resolution = resolution;
        this.targetHeaders = targetHeaders;
        this.response = response;
        this.hidden = hidden;
    }

    /** What the trusted proxy reports of the scheme, host and port the client used; none for other peers. */
    ForwardedTarget target() {
        ForwardedTarget t = target;
        if (t == null) {
            t = resolution.peerTrusted() ? targetHeaders.read((HttpServletRequest) getRequest())
                    : ForwardedTarget.none();
            target = t;
        }
        return t;
    }

    /**
     * Whether the target was already read and is empty (as under Tomcat, whose access-log attributes need it):
     * then a redirect has nothing to correct. False when it has not been read yet: reading it costs header
     * lookups many requests never need.
     */
    boolean targetKnownEmpty() {
        ForwardedTarget t = target;
        return t != null && t.isEmpty();
    }

    /** Makes {@link #startAsync()} hand on {@code wrapper} (which wraps this request's response). */
    void respondThrough(ServletResponse wrapper) {
        this.response = wrapper;
    }

    /** Whether this request is, or wraps, a {@link ResolvedRequest}. */
    static boolean isResolved(ServletRequest request) {
        return request instanceof ResolvedRequest
                || (request instanceof ServletRequestWrapper w && w.isWrapperFor(ResolvedRequest.class));
    }

    @Override
    public String getRemoteAddr() {
        return resolution.clientIp();
    }

    /** The client's address as text: never a DNS lookup, whatever the container's enableLookups says. */
    @Override
    public String getRemoteHost() {
        return resolution.clientIp();
    }

    @Override
    public int getRemotePort() {
        Resolution.Rule rule = resolution.rule();
        return rule == Resolution.Rule.DIRECT || rule == Resolution.Rule.PROXY ? super.getRemotePort() : 0;
    }

    @Override
    public String getScheme() {
        String scheme = target().scheme();
        return scheme != null ? scheme : super.getScheme();
    }

    @Override
    public boolean isSecure() {
        String scheme = target().scheme();
        return scheme != null ? scheme.equals("https") : super.isSecure();
    }

    @Override
    public String getServerName() {
        String host = target().host();
        return host != null ? host : super.getServerName();
    }

    /**
     * The reported port; else, when the proxy reported a scheme or host without a port, that scheme's default
     * port (the origin's own port is not the one the client used); else the container's.
     */
    @Override
    public int getServerPort() {
        if (target().port() > 0) {
            return target().port();
        }
        if (target().scheme() != null || target().host() != null) {
            return getScheme().equals("https") ? 443 : 80;
        }
        return super.getServerPort();
    }

    @Override
    public StringBuffer getRequestURL() {
        if (target().isEmpty()) {
            return super.getRequestURL();
        }
        String scheme = getScheme();
        int port = getServerPort();
        StringBuffer url = new StringBuffer(64);
        url.append(scheme).append("://").append(getServerName());
        if (!(scheme.equals("https") && port == 443) && !(scheme.equals("http") && port == 80)) {
            url.append(':').append(port);
        }
        return url.append(getRequestURI());
    }

    @Override
    public String getHeader(String name) {
        return hidden != null && hidden.hides(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return hidden != null && hidden.hides(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        Enumeration<String> names = super.getHeaderNames();
        if (hidden == null || names == null) {
            return names;
        }
        List<String> shown = new ArrayList<>();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            if (!hidden.hides(name)) {
                shown.add(name);
            }
        }
        return Collections.enumeration(shown);
    }

    @Override
    public int getIntHeader(String name) {
        return hidden != null && hidden.hides(name) ? -1 : super.getIntHeader(name);
    }

    @Override
    public long getDateHeader(String name) {
        return hidden != null && hidden.hides(name) ? -1 : super.getDateHeader(name);
    }

    /**
     * Starts async with this wrapper, so {@code AsyncContext.getRequest()} on another thread still answers with
     * the client (the servlet default would hand back the container's request).
     */
    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response);
    }
}
