package dev.originguard.settings;

/**
 * Whether the application still sees the forwarding headers OriginGuard read or ignored. The init-param
 * {@code removeForwardingHeaders} takes {@code off}, {@code untrusted} or {@code all} in any case; the default
 * is {@link #OFF}.
 *
 * <p>Hidden are every {@code X-Forwarded-*} header (any name starting with {@code X-Forwarded-}: {@code -For},
 * {@code -Proto}, {@code -Host}, {@code -Port}, {@code -Prefix}, {@code -Server}, {@code -Ssl}, {@code -Client-Cert},
 * ...), {@code Forwarded}, the known single-value client-IP headers ({@code X-Real-IP}, {@code CF-Connecting-IP},
 * ...) and the configured client-IP, protocol, host and port headers, matched whatever their case and with
 * {@code _} read as {@code -}, since Tomcat and Jetty hand {@code X_Forwarded_For} to the application unchanged.
 *
 * <p>The origin-secret header is hidden in every mode, {@link #OFF} included, whether or not the request
 * carried the right value: the application never needs it, and a TRACE echo or a debug page must not show it.
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
