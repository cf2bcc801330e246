package dev.originguard.explain;

/** What the origin lock does with an explained request, in the order the filter decides. */
public enum LockDecision {
    /** Served: the peer is a trusted proxy, or the lock is off. */
    ALLOW,
    /** Served without a proxy: the peer is in {@code directAllow}. */
    DIRECT_ALLOW,
    /** Served to anyone: the path is one of {@code lockOriginExemptPaths} in every interpretation. */
    EXEMPT_PATH,
    /** Would be refused, but {@code lockOrigin=report} only logs and counts it. */
    REPORT,
    /** Refused with 403 ({@code lockOrigin=on}). */
    REFUSE
}
