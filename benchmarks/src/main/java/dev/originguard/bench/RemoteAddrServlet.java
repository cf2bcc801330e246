package dev.originguard.bench;

import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * The application behind every filter: it asks for the client address, as an app behind such a filter does, so
 * a filter that computes it lazily pays for it like one that computes it eagerly.
 */
final class RemoteAddrServlet extends GenericServlet {

    private static final long serialVersionUID = 1L;

    /** What the last request reported as its remote address. */
    transient String remoteAddr;

    @Override
    public void service(ServletRequest req, ServletResponse res) {
        remoteAddr = req.getRemoteAddr();
    }
}
