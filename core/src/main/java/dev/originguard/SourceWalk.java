package dev.originguard;

import dev.originguard.internal.AddressText;
import dev.originguard.internal.HeaderTokens;
import java.util.List;
import java.util.function.Supplier;

/**
 * The walk over several client-IP sources, each a header bound to the proxies that set it (docs/design.md, the
 * walk, rule 6 generalised). From the peer leftwards: at each trusted hop the first source, in the configured
 * order, whose set holds the hop and whose header is present says where to read next. A list header
 * ({@code X-Forwarded-For}, {@code Forwarded}) is read from the right as in the one-header walk; a trusted
 * entry of it may hand over to another source (CF-Connecting-IP at a Cloudflare hop), or, bound to none,
 * is skipped as a trusted proxy. A single-value header ({@code CF-Connecting-IP}) names the client and ends
 * the walk. A header is never read for a hop outside its set, so a header forged through another provider,
 * or sent by the client, is ignored. A list is left at most once and never re-entered, so the walk examines at
 * most {@code maxHops} entries and reads at most {@code maxHeaderLength} characters of each header.
 *
 * <p>Each step is one method of {@link Walk}, so that a tracing callback (the explain API) can be called
 * where a hop is classified without changing the decisions.
 */
final class SourceWalk {

    /** The most sources one resolver walks (a bit each in a mask). */
    static final int MAX_SOURCES = 16;

    /** One configured source: the header and the proxies whose copy of it is read. */
    record Source(String header, HeaderFormat format, Supplier<AddressSet> from) {
    }

    private final ClientIpResolver resolver;
    private final Source[] sources;
    private final Supplier<AddressSet> trustedProxies; // trusted besides the sources' sets, bound to no header
    private final Supplier<AddressSet> directAllow;
    private final Supplier<AddressSet> rateLimitExempt;
    private final int maxHops;
    private final int maxHeaderLength;
    private final boolean exemptTrustedProxies;

    SourceWalk(ClientIpResolver resolver, List<Source> sources, Supplier<AddressSet> trustedProxies,
            Supplier<AddressSet> directAllow, Supplier<AddressSet> rateLimitExempt, int maxHops,
            int maxHeaderLength, boolean exemptTrustedProxies) {
        this.resolver = resolver;
        this.sources = sources.toArray(new Source[0]);
        this.trustedProxies = trustedProxies;
        this.directAllow = directAllow;
        this.rateLimitExempt = rateLimitExempt;
        this.maxHops = maxHops;
        this.maxHeaderLength = maxHeaderLength;
        this.exemptTrustedProxies = exemptTrustedProxies;
    }

    Source[] sources() {
        return sources;
    }

    <R> Resolution resolve(String peer, R request, HeaderReader<R> reader, PeerCheck check) {
        return new Walk<>(request, reader).run(peer, check);
    }

    /** The state of one request's walk: the sets as this request sees them, the headers read so far. */
    private final class Walk<R> {
        private final R request;
        private final HeaderReader<R> reader;
        private final AddressSet[] sets = new AddressSet[sources.length + 1]; // the last: trustedProxies
        private final Object[] lines = new Object[sources.length]; // List<String>, or null before it is read
        private long hi;
        private long lo;
        private long[] v6;
        private SourceTrail trail;

        Walk(R request, HeaderReader<R> reader) {
            this.request = request;
            this.reader = reader;
        }

        Resolution run(String peer, PeerCheck check) {
            for (int k = 0; k < sources.length; k++) {
                sets[k] = sources[k].from().get();
            }
            sets[sources.length] = trustedProxies.get();
            int pFrom = 0;
            int pTo = peer.length();
            if (pTo >= 2 && peer.charAt(0) == '[' && peer.charAt(pTo - 1) == ']') {
                pFrom = 1;
                pTo--;
            }
            if (!parse(peer, pFrom, pTo)) {
                // Not an IP (a Unix socket, say): nothing to trust, nothing to look up.
                return new Resolution(resolver, peer, null, 0, 0, Resolution.Rule.DIRECT, 0, anyHeader()
                        ? Resolution.CLIENT_KNOWN | Resolution.HEADER_IGNORED : Resolution.CLIENT_KNOWN);
            }
            long peerHi = hi;
            long peerLo = lo;
            int mask = mask(peerHi, peerLo);
            if (mask == 0 || check == PeerCheck.UNVERIFIED) {
                return direct(peer, peerHi, peerLo, mask != 0);
            }
            int source = pick(mask, -1, 0);
            if (source < 0) {
                return trustedClient(peer, peerHi, peerLo, Resolution.Rule.PROXY, 0);
            }
            return walk(peer, source, peerHi, peerLo);
        }

        private Resolution direct(String peer, long peerHi, long peerLo, boolean inTrustedRanges) {
            byte flags = Resolution.CLIENT_KNOWN | Resolution.NUMERIC;
            if (inTrustedRanges) {
                flags |= Resolution.IN_TRUSTED_RANGES;
            }
            if (anyHeader()) {
                flags |= Resolution.HEADER_IGNORED;
            }
            if (directAllow.get().contains(peerHi, peerLo)) {
                flags |= Resolution.DIRECT_ALLOWED;
            }
            if (rateLimitExempt.get().contains(peerHi, peerLo)) {
                flags |= Resolution.EXEMPT;
            }
            return new Resolution(resolver, peer, null, peerHi, peerLo, Resolution.Rule.DIRECT, 0, flags);
        }

        private Resolution walk(String peer, int first, long peerHi, long peerLo) {
            long lastHi = peerHi;
            long lastLo = peerLo;
            int trusted = 0;
            int examined = 0;
            int left = 0; // the lists already left, which are never read again
            int source = first;
            next:
            while (true) {
                List<String> header = lines(source);
                HeaderFormat format = sources[source].format();
                if (format == HeaderFormat.SINGLE) {
                    return single(peer, source, header, lastHi, lastLo, trusted);
                }
                boolean quoteAware = format == HeaderFormat.FORWARDED;
                int budget = maxHeaderLength;
                for (int li = header.size() - 1; li >= 0; li--) {
                    String line = header.get(li);
                    int end = line.length();
                    while (true) {
                        int floor = Math.max(0, end - budget);
                        int start = HeaderTokens.elementStart(line, end, quoteAware, floor);
                        if (start < 0) {
                            return stopped(peer, lastHi, lastLo, Resolution.Rule.LIMIT, trusted);
                        }
                        budget -= end - start + 1;
                        long loc = ForwardedChain.locateAddress(line, start, end, format);
                        if (loc != ForwardedChain.EMPTY) {
                            if (examined == maxHops) {
                                return stopped(peer, lastHi, lastLo, Resolution.Rule.LIMIT, trusted);
                            }
                            examined++;
                            if (loc == ForwardedChain.INVALID
                                    || !parse(line, ForwardedChain.from(loc), ForwardedChain.to(loc))) {
                                return stopped(peer, lastHi, lastLo, Resolution.Rule.MALFORMED, trusted);
                            }
                            int mask = mask(hi, lo);
                            if (mask == 0) {
                                return forwarded(peer, hi, lo, trusted);
                            }
                            lastHi = hi;
                            lastLo = lo;
                            trusted++;
                            visit(source);
                            int handOver = pick(mask, source, left);
                            if (handOver >= 0 && handOver != source) {
                                left |= 1 << source;
                                source = handOver;
                                continue next;
                            }
                        }
                        if (start == 0) {
                            break;
                        }
                        end = start - 1;
                    }
                }
                return trusted == 0 ? trustedClient(peer, lastHi, lastLo, Resolution.Rule.PROXY, 0)
                        : trustedClient(peer, lastHi, lastLo, Resolution.Rule.ALL_TRUSTED, trusted);
            }
        }

        // One address only: a list, a second line or anything but separators left of it is malformed.
        private Resolution single(String peer, int source, List<String> header, long lastHi, long lastLo,
                int trusted) {
            if (header.size() > 1) {
                return stopped(peer, lastHi, lastLo, Resolution.Rule.MALFORMED, trusted);
            }
            String line = header.get(0);
            if (line.length() > maxHeaderLength) {
                return stopped(peer, lastHi, lastLo, Resolution.Rule.LIMIT, trusted);
            }
            int end = line.length();
            while (true) {
                int start = HeaderTokens.elementStart(line, end, false, 0);
                long loc = ForwardedChain.locateAddress(line, start, end, HeaderFormat.SINGLE);
                if (loc != ForwardedChain.EMPTY) {
                    if (loc == ForwardedChain.INVALID || (start > 0 && !HeaderTokens.onlySeparators(line, 0, start - 1))
                            || !parse(line, ForwardedChain.from(loc), ForwardedChain.to(loc))) {
                        return stopped(peer, lastHi, lastLo, Resolution.Rule.MALFORMED, trusted);
                    }
                    if (mask(hi, lo) == 0) {
                        return forwarded(peer, hi, lo, trusted);
                    }
                    visit(source);
                    return trustedClient(peer, hi, lo, Resolution.Rule.ALL_TRUSTED, trusted + 1);
                }
                if (start == 0) {
                    // Present but empty: the hop that sent it is the client, as with no header.
                    return trustedClient(peer, lastHi, lastLo,
                            trusted == 0 ? Resolution.Rule.PROXY : Resolution.Rule.ALL_TRUSTED, trusted);
                }
                end = start - 1;
            }
        }

        /**
         * The source to read at a hop in the sets of {@code mask}: the first, in order, that holds the hop
         * and whose header is present, other than a list already left; -1 for none.
         */
        private int pick(int mask, int current, int left) {
            for (int k = 0; k < sources.length; k++) {
                if ((mask & (1 << k)) != 0 && (k == current || (left & (1 << k)) == 0) && !lines(k).isEmpty()) {
                    return k;
                }
            }
            return -1;
        }

        /** A bit for each source whose set holds the address, and bit n for trustedProxies; 0: untrusted. */
        private int mask(long h, long l) {
            int mask = 0;
            for (int k = 0; k < sets.length; k++) {
                if (sets[k].contains(h, l)) {
                    mask |= 1 << k;
                }
            }
            return mask;
        }

        @SuppressWarnings("unchecked")
        private List<String> lines(int source) {
            Object known = lines[source];
            if (known == null) {
                List<String> read = reader.lines(request, sources[source].header());
                known = read == null ? List.of() : read;
                lines[source] = known;
            }
            return (List<String>) known;
        }

        private boolean anyHeader() {
            for (int k = 0; k < sources.length; k++) {
                if (!lines(k).isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        private boolean parse(String s, int from, int to) {
            long v4 = AddressText.parseIpv4(s, from, to);
            if (v4 != AddressText.INVALID) {
                hi = AddressText.MAPPED_HI;
                lo = AddressText.mapIpv4(v4);
                return true;
            }
            if (v6 == null) {
                v6 = new long[2];
            }
            if (!AddressText.parseIpv6(s, from, to, v6)) {
                return false;
            }
            hi = v6[0];
            lo = v6[1];
            return true;
        }

        private void visit(int source) {
            if (trail == null) {
                trail = new SourceTrail(sources, lines);
            }
            trail.visit(source);
        }

        private Resolution forwarded(String peer, long h, long l, int trusted) {
            byte flags = Resolution.PEER_TRUSTED_IN_RANGES | Resolution.CLIENT_KNOWN | Resolution.NUMERIC;
            if (rateLimitExempt.get().contains(h, l)) {
                flags |= Resolution.EXEMPT;
            }
            return new Resolution(resolver, peer, trail, h, l, Resolution.Rule.FORWARDED, trusted, flags);
        }

        private Resolution trustedClient(String peer, long h, long l, Resolution.Rule rule, int trusted) {
            byte flags = Resolution.PEER_TRUSTED_IN_RANGES | Resolution.CLIENT_KNOWN | Resolution.NUMERIC;
            if (exemptTrustedProxies || rateLimitExempt.get().contains(h, l)) {
                flags |= Resolution.EXEMPT;
            }
            return new Resolution(resolver, peer, trail, h, l, rule, trusted, flags);
        }

        // The client is not known: key on the trusted hop that reported it, and never exempt.
        private Resolution stopped(String peer, long h, long l, Resolution.Rule rule, int trusted) {
            return new Resolution(resolver, peer, trail, h, l, rule, trusted,
                    (byte) (Resolution.PEER_TRUSTED_IN_RANGES | Resolution.NUMERIC));
        }
    }
}
