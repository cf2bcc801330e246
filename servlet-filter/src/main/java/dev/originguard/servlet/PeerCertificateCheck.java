package dev.originguard.servlet;

import dev.originguard.AddressSet;
import dev.originguard.ProxyCertificate;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;

/**
 * Whether a request's peer presented the proxy certificate the container verified: read from the servlet
 * attribute {@value #ATTRIBUTE}, which Tomcat and Jetty set from the TLS session when client authentication
 * is on. Peers outside {@code from} (when set) need none.
 */
final class PeerCertificateCheck {

    /** The servlet attribute holding the verified client certificate chain. */
    static final String ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private final ProxyCertificate certificate;
    private final Supplier<AddressSet> from; // null: every peer in the trusted ranges

    PeerCertificateCheck(ProxyCertificate certificate, Supplier<AddressSet> from) {
        this.certificate = certificate;
        this.from = from;
    }

    /** Whether the request passes: its peer needs no certificate, or presented a matching one. */
    boolean passes(HttpServletRequest request, String peer) {
        if (from != null && !from.get().contains(peer)) {
            return true;
        }
        Object chain = request.getAttribute(ATTRIBUTE);
        return chain instanceof X509Certificate[] certs && certificate.matches(certs);
    }
}
