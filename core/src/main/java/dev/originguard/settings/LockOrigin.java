package dev.originguard.settings;

/**
 * What the filter does with a request whose peer is neither a trusted proxy nor in
 * {@code directAllow}: a direct hit on the origin that bypassed the proxy. Exempt paths are never refused.
 * The init-param takes {@code off}, {@code report} or {@code on} in any case; the default is {@link #OFF}.
 */
public enum LockOrigin {
    /** Serve it; the client is the peer and its forwarding headers are ignored. The default. */
    OFF,
    /** Serve it, and log (rate-limited) that it would have been refused: to try a lockdown out first. */
    REPORT,
    /** Refuse it with 403 and a generic body; the reason goes to the log (rate-limited), never to the client. */
    ON
}
