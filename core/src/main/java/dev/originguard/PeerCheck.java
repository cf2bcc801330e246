package dev.originguard;

/**
 * Whether the request proved it came through the configured proxy (see {@link OriginSecret}), as passed to
 * {@link ClientIpResolver#resolve(String, String, PeerCheck)}: an address in the trusted ranges alone does not
 * prove that where a CDN's shared ranges carry every tenant's traffic.
 */
public enum PeerCheck {
    /**
     * The request carries the proof (a valid origin secret), or none is configured: a peer in the trusted
     * ranges is a trusted proxy and its forwarding headers are read.
     */
    VERIFIED,
    /**
     * The proof is missing or wrong: a peer in the trusted ranges counts as untrusted (rule
     * {@link Resolution.Rule#DIRECT}, headers ignored), and {@link Resolution#peerInTrustedRanges()} records
     * that it was in them.
     */
    UNVERIFIED
}
