package dev.originguard.settings;

/**
 * Whether the application still sees the forwarding headers OriginGuard read or ignored. The init-param
 * {@code removeForwardingHeaders} takes {@code off}, {@code untrusted} or {@code all} in any case; the default
 * is {@link #OFF}.
 *
 * <p>Hidden are the configured client-IP, protocol, host and port headers, the origin-secret header,
 * {@code Forwarded}, {@code X-Forwarded-For/Proto/Host/Port} and the known single-value client-IP headers
 * ({@code X-Real-IP}, {@code CF-Connecting-IP}, ...), matched whatever their case and with {@code _} read as
 * {@code -}, since Tomcat and Jetty hand {@code X_Forwarded_For} to the application unchanged.
 */
public enum RemoveForwardingHeaders {
    /** The application sees every header as sent. The default. */
    OFF,
    /**
     * Hidden when the peer is not a trusted proxy, so code that reads them itself cannot be fooled by a direct
     * client's forgery.
     */
    UNTRUSTED,
    /**
     * Hidden on every request: even behind a trusted proxy the left part of {@code X-Forwarded-For} is the
     * client's to write; read the {@code Resolution} instead.
     */
    ALL
}
