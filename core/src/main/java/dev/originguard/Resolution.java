package dev.originguard;

import dev.originguard.internal.AddressText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The immutable outcome of resolving one request's client: who the client is, how that was decided, and
 * how the request is to be rate limited. Made by {@link ClientIpResolver#resolve}.
 *
 * <p>Text forms (the client IP, the rate-limit key, the trusted hops) are computed on first use and then
 * cached, so a request that never asks for them costs only this one object.
 */
public final class Resolution {

    /** Which step of the walk decided the client. */
    public enum Rule {
        /** The peer is not a trusted proxy: the client is the peer and forwarding headers are ignored. */
        DIRECT,
        /** The peer is a trusted proxy that sent no (accepted) forwarding header: the client is the peer. */
        PROXY,
        /** The client is the first untrusted entry of the forwarding header, walking from the right. */
        FORWARDED,
        /** Every entry is a trusted proxy: the client is the left-most entry. */
        ALL_TRUSTED,
        /**
         * An entry is not an address ({@code unknown}, an obfuscated id, garbage): the walk stopped and the
         * client is the last trusted address reached. The client is not known.
         */
        MALFORMED,
        /**
         * The walk reached {@code maxHops} entries or {@code maxHeaderLength} characters without finding
         * the client: the client is the last trusted address reached. The client is not known.
         */
        LIMIT
    }

    static final byte PEER_TRUSTED = 1;
    static final byte DIRECT_ALLOWED = 1 << 1;
    static final byte CLIENT_KNOWN = 1 << 2;
    static final byte EXEMPT = 1 << 3;
    static final byte NUMERIC = 1 << 4; // the client is a parsed address (not an unparseable peer string)
    static final byte IN_TRUSTED_RANGES = 1 << 5; // the peer is in the trusted ranges, verified or not
    static final byte PEER_TRUSTED_IN_RANGES = PEER_TRUSTED | IN_TRUSTED_RANGES;
    static final byte HEADER_IGNORED = 1 << 6; // an untrusted peer sent the client-IP header

    private final ClientIpResolver resolver;
    private final String peerIp;
    private final Object header; // the header line (String) or lines (List<String>), for trustedHops()
    private final long clientHi;
    private final long clientLo;
    private final Rule rule;
    private final int trustedEntries;
    private final byte flags;
    private String clientIp; // lazily formatted; a benign race like String.hash
    private String rateLimitKey;

    Resolution(ClientIpResolver resolver, String peerIp, Object header, long clientHi, long clientLo, Rule rule,
               int trustedEntries, byte flags) {
        this.resolver = resolver;
        this.peerIp = peerIp;
        this.header = header;
        this.clientHi = clientHi;
        this.clientLo = clientLo;
        this.rule = rule;
        this.trustedEntries = trustedEntries;
        this.flags = flags;
    }

    /**
     * The client's address in canonical text: dotted quad for IPv4 (also when it arrived IPv4-mapped),
     * RFC 5952 for IPv6. When the client is not known, the last trusted address reached.
     */
    public String clientIp() {
        String ip = clientIp;
        if (ip == null) {
            ip = (flags & NUMERIC) != 0 ? AddressText.format(clientHi, clientLo) : peerIp;
            clientIp = ip;
        }
        return ip;
    }

    /**
     * The client as an {@link InetAddress}, built from its bytes (never a DNS lookup). Null only when the
     * connection's peer was not an IP address (for example a Unix domain socket).
     */
    public InetAddress clientAddress() {
        if ((flags & NUMERIC) == 0) {
            return null;
        }
        try {
            return InetAddress.getByAddress(AddressText.toBytes(clientHi, clientLo));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The address of the connection's peer, as the server reported it. */
    public String peerIp() {
        return peerIp;
    }

    /** Whether the peer is a trusted proxy, so its forwarding headers were read. */
    public boolean peerTrusted() {
        return (flags & PEER_TRUSTED) != 0;
    }

    /**
     * Whether the peer's address is in the trusted ranges: true whenever {@link #peerTrusted()} is, and also
     * for a peer in those ranges whose request lacked a valid origin secret ({@link PeerCheck#UNVERIFIED}),
     * which was treated as a direct request. Such a request came from a proxy range without our proof:
     * another tenant of the same CDN, or a probe.
     */
    public boolean peerInTrustedRanges() {
        return (flags & IN_TRUSTED_RANGES) != 0;
    }

    /**
     * Whether the peer, not being a trusted proxy, sent the client-IP header anyway: its value was not
     * believed. A forgery, a misrouted proxy, or a client that adds the header itself.
     */
    public boolean clientIpHeaderIgnored() {
        return (flags & HEADER_IGNORED) != 0;
    }

    /**
     * Whether the peer, not being a trusted proxy, is in the direct-allow set: it may reach a locked origin
     * without a proxy. Always false for a trusted peer.
     */
    public boolean peerDirectAllowed() {
        return (flags & DIRECT_ALLOWED) != 0;
    }

    /**
     * Whether the client was established: false when a malformed entry or a limit stopped the walk (see
     * {@link Rule#MALFORMED}, {@link Rule#LIMIT}).
     */
    public boolean clientKnown() {
        return (flags & CLIENT_KNOWN) != 0;
    }

    /** The step of the walk that decided the client. */
    public Rule rule() {
        return rule;
    }

    /**
     * The trusted proxies the request came through, nearest first: the peer, then each trusted header
     * entry passed by the walk. Empty when the peer is not trusted.
     */
    public List<String> trustedHops() {
        if (!peerTrusted()) {
            return List.of();
        }
        List<String> hops = new ArrayList<>(trustedEntries + 1);
        hops.add(canonicalPeer());
        resolver.collectTrustedEntries(header, trustedEntries, hops);
        return List.copyOf(hops);
    }

    private String canonicalPeer() {
        String canonical = resolver.canonical(peerIp);
        return canonical != null ? canonical : peerIp;
    }

    /**
     * The key to rate-limit this request on: the client's IPv4 address, or its IPv6 address aggregated to
     * the configured prefix (default /64, written {@code 2001:db8:1:2::/64}), so a client cannot dodge
     * limits by rotating addresses inside its own prefix. When the client is not known, the trusted hop
     * that reported it.
     */
    public String rateLimitKey() {
        String key = rateLimitKey;
        if (key == null) {
            if ((flags & NUMERIC) == 0) {
                key = peerIp;
            } else if (AddressText.isMappedIpv4(clientHi, clientLo)) {
                key = clientIp(); // the same text, usually made already for the MDC: no second copy
            } else {
                key = resolver.rateLimitKey(clientHi, clientLo);
            }
            rateLimitKey = key;
        }
        return key;
    }

    /**
     * The key of the client's IPv6 network of {@code prefixLength} bits, such as {@code 2001:db8:1::/48}: the
     * coarser bucket every IPv6 client of that network also draws from, so rotating over the /64s of one's
     * /48 does not multiply the limit. Null when the client is IPv4 (mapped addresses included) or not known.
     * Made anew on each call.
     */
    public String ipv6NetworkKey(int prefixLength) {
        if ((flags & NUMERIC) == 0 || AddressText.isMappedIpv4(clientHi, clientLo)) {
            return null;
        }
        return ClientIpResolver.networkKey(clientHi, clientLo, prefixLength);
    }

    /**
     * Whether this request skips rate limiting: its client is a trusted proxy (the proxy's own requests)
     * or in the rate-limit exempt set. Never true when the client is not known.
     */
    public boolean rateLimitExempt() {
        return (flags & EXEMPT) != 0;
    }

    long clientHi() {
        return clientHi;
    }

    long clientLo() {
        return clientLo;
    }

    @Override
    public String toString() {
        return "Resolution[client=" + clientIp() + ", peer=" + peerIp + ", rule=" + rule
                + ", clientKnown=" + clientKnown() + ", peerTrusted=" + peerTrusted()
                + ", rateLimitKey=" + rateLimitKey() + ", exempt=" + rateLimitExempt() + "]";
    }
}
