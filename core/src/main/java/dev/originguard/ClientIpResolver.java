package dev.originguard;

import dev.originguard.internal.HeaderTokens;
import dev.originguard.internal.AddressText;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Restores a request's real client address from its peer and forwarding header, believing the header only
 * from trusted proxies. Immutable and thread-safe; build one with {@link #builder()} and share it.
 *
 * <p>The walk (see docs/design.md): if the peer is not a trusted proxy, the client is the peer and headers are
 * ignored. Otherwise the header's entries are read from the right, skipping trusted proxies; the first
 * entry that is not trusted is the client, and if every entry is trusted the left-most one is. An entry
 * that is not an address stops the walk, as do {@code maxHops} entries or {@code maxHeaderLength}
 * characters: the client is then the last trusted address reached, and is marked not known.
 *
 * <p>Defaults: header {@code X-Forwarded-For} (format from its name, see {@link HeaderFormat#forHeader}),
 * no trusted proxies (every peer is the client), empty direct-allow and rate-limit-exempt sets,
 * {@code maxHops} 20, {@code maxHeaderLength} 8192, IPv6 rate-limit keys aggregated to /64, trusted
 * proxies exempt from rate limiting when they are the client.
 *
 * <p>Each set is read through a {@link Supplier} once per request, so a refreshing set (see
 * {@code dev.originguard.source}) is swapped atomically: a request sees the old set or the new one.
 */
public final class ClientIpResolver {

    /** Default number of header entries examined. */
    public static final int DEFAULT_MAX_HOPS = 20;
    /** Default number of header characters read, from the right. */
    public static final int DEFAULT_MAX_HEADER_LENGTH = 8192;
    /** Default prefix length IPv6 clients are aggregated to for rate limiting. */
    public static final int DEFAULT_RATE_LIMIT_IPV6_PREFIX = 64;
    /** Default client-IP header. */
    public static final String DEFAULT_HEADER = "X-Forwarded-For";
    /** The largest {@code maxHops}. */
    public static final int MAX_HOPS = 1000;
    /** The smallest {@code maxHeaderLength}. */
    public static final int MIN_HEADER_LENGTH = 16;
    /** The largest {@code maxHeaderLength}. */
    public static final int MAX_HEADER_LENGTH = 1 << 20;

    private final Supplier<AddressSet> trustedProxies;
    private final Supplier<AddressSet> directAllow;
    private final Supplier<AddressSet> rateLimitExempt;
    private final Supplier<AddressSet> headerAcceptedFrom; // null: every trusted proxy
    private final String headerName;
    private final HeaderFormat format;
    private final int maxHops;
    private final int maxHeaderLength;
    private final int rateLimitIpv6Prefix;
    private final boolean exemptTrustedProxies;
    private final SourceWalk sources; // null: the one-header walk
    private final List<String> sourceHeaders;

    private ClientIpResolver(Builder b) {
        // One source and no other trusted proxies is the one-header walk: its set is the trusted set.
        boolean oneHeader = b.sources.isEmpty() || (b.sources.size() == 1 && !b.trustedProxiesSet);
        SourceWalk.Source first = b.sources.isEmpty() ? null : b.sources.get(0);
        this.trustedProxies = first != null && oneHeader ? first.from() : b.trustedProxies;
        this.directAllow = b.directAllow;
        this.rateLimitExempt = b.rateLimitExempt;
        this.headerAcceptedFrom = b.headerAcceptedFrom;
        this.headerName = first != null ? first.header() : b.headerName;
        this.format = first != null ? first.format() : b.format != null ? b.format : HeaderFormat.forHeader(b.headerName);
        this.maxHops = b.maxHops;
        this.maxHeaderLength = b.maxHeaderLength;
        this.rateLimitIpv6Prefix = b.rateLimitIpv6Prefix;
        this.exemptTrustedProxies = b.exemptTrustedProxies;
        this.sources = oneHeader ? null : new SourceWalk(this, b.sources, b.trustedProxies, b.directAllow,
                b.rateLimitExempt, b.maxHops, b.maxHeaderLength, b.exemptTrustedProxies);
        this.sourceHeaders = b.sources.isEmpty() ? List.of(headerName)
                : b.sources.stream().map(SourceWalk.Source::header).toList();
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Resolves a request carrying at most one line of the client-IP header.
     *
     * @param peerAddress the connection's peer as the server reports it ({@code 10.0.0.7},
     *                    {@code 0:0:0:0:0:0:0:1}, {@code [::1]})
     * @param headerValue the header's value, or null when absent
     */
    public Resolution resolve(String peerAddress, String headerValue) {
        return resolve(peerAddress, headerValue, PeerCheck.VERIFIED);
    }

    /**
     * As {@link #resolve(String, String)}, for a request whose proof of having come through the
     * configured proxy has been checked (see {@link OriginSecret}). {@link PeerCheck#UNVERIFIED} makes a
     * trusted peer count as untrusted: rule {@link Resolution.Rule#DIRECT}, the client is the peer, the
     * header is ignored, {@link Resolution#peerTrusted()} is false and {@link Resolution#peerInTrustedRanges()}
     * tells whether the peer was in the trusted ranges. Shared CDN ranges carry every tenant's traffic, so the
     * address alone does not prove the request is ours.
     */
    public Resolution resolve(String peerAddress, String headerValue, PeerCheck peerCheck) {
        return walk(Objects.requireNonNull(peerAddress, "peerAddress"), headerValue, headerValue == null ? 0 : 1,
                Objects.requireNonNull(peerCheck, "peerCheck"));
    }

    /**
     * Resolves a request carrying any number of lines of the client-IP header, in the order received; they
     * are read as one list joined by commas.
     */
    public Resolution resolve(String peerAddress, List<String> headerValues) {
        return resolve(peerAddress, headerValues, PeerCheck.VERIFIED);
    }

    /**
     * As {@link #resolve(String, List)}; {@link PeerCheck#UNVERIFIED} makes a trusted peer count as untrusted,
     * as in {@link #resolve(String, String, PeerCheck)}.
     */
    public Resolution resolve(String peerAddress, List<String> headerValues, PeerCheck peerCheck) {
        Objects.requireNonNull(peerAddress, "peerAddress");
        Objects.requireNonNull(peerCheck, "peerCheck");
        int n = headerValues.size();
        if (n <= 1) {
            return walk(peerAddress, n == 0 ? null : headerValues.get(0), n, peerCheck);
        }
        return walk(peerAddress, headerValues, n, peerCheck);
    }

    /**
     * Resolves a request whose headers {@code reader} reads on demand: the one way to resolve with several
     * client-IP sources ({@link Builder#source}), and equivalent to the other methods with one header.
     *
     * @param peerAddress the connection's peer as the server reports it
     * @param request     the request, handed to {@code reader}
     * @param reader      reads a header's lines; a stateless constant costs nothing per request
     */
    public <R> Resolution resolve(String peerAddress, R request, HeaderReader<R> reader, PeerCheck peerCheck) {
        Objects.requireNonNull(peerAddress, "peerAddress");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(peerCheck, "peerCheck");
        if (sources != null) {
            return sources.resolve(peerAddress, request, reader, peerCheck);
        }
        List<String> lines = reader.lines(request, headerName);
        return resolve(peerAddress, lines == null ? List.of() : lines, peerCheck);
    }

    /**
     * Whether this resolver walks several client-IP sources (or one beside other trusted proxies), so it
     * needs the request's headers through {@link #resolve(String, Object, HeaderReader, PeerCheck)}; the
     * one-header methods then read their value as the first source's header.
     */
    public boolean walksSources() {
        return sources != null;
    }

    /** The client-IP headers read, in the order of their sources: one name without sources. */
    public List<String> sourceHeaders() {
        return sourceHeaders;
    }

    private Resolution walk(String peer, Object header, int lineCount, PeerCheck peerCheck) {
        if (sources != null) {
            List<String> first = header == null ? List.of() : lines(header);
            return sources.resolve(peer, first, (lines, name) -> name.equals(headerName) ? lines : List.of(),
                    peerCheck);
        }
        AddressSet trusted = trustedProxies.get();
        int pFrom = 0;
        int pTo = peer.length();
        if (pTo >= 2 && peer.charAt(0) == '[' && peer.charAt(pTo - 1) == ']') {
            pFrom = 1;
            pTo--;
        }
        long peerHi = AddressText.MAPPED_HI;
        long peerLo;
        long v4 = AddressText.parseIpv4(peer, pFrom, pTo);
        long[] v6 = null;
        if (v4 != AddressText.INVALID) {
            peerLo = AddressText.mapIpv4(v4);
        } else {
            v6 = new long[2];
            if (!AddressText.parseIpv6(peer, pFrom, pTo, v6)) {
                // Not an IP (a Unix socket, say): nothing to trust, nothing to look up.
                return new Resolution(this, peer, null, 0, 0, Resolution.Rule.DIRECT, 0, lineCount == 0
                        ? Resolution.CLIENT_KNOWN : Resolution.CLIENT_KNOWN | Resolution.HEADER_IGNORED);
            }
            peerHi = v6[0];
            peerLo = v6[1];
        }

        boolean inTrustedRanges = trusted.contains(peerHi, peerLo);
        if (!inTrustedRanges || peerCheck == PeerCheck.UNVERIFIED) {
            byte flags = Resolution.CLIENT_KNOWN | Resolution.NUMERIC;
            if (inTrustedRanges) {
                flags |= Resolution.IN_TRUSTED_RANGES; // in a proxy range, but without the proof: DIRECT
            }
            if (lineCount != 0) {
                flags |= Resolution.HEADER_IGNORED;
            }
            if (directAllow.get().contains(peerHi, peerLo)) {
                flags |= Resolution.DIRECT_ALLOWED;
            }
            if (rateLimitExempt.get().contains(peerHi, peerLo)) {
                flags |= Resolution.EXEMPT;
            }
            return new Resolution(this, peer, null, peerHi, peerLo, Resolution.Rule.DIRECT, 0, flags);
        }

        if (lineCount == 0 || (headerAcceptedFrom != null && !headerAcceptedFrom.get().contains(peerHi, peerLo))) {
            return proxyItself(peer, peerHi, peerLo);
        }

        long lastHi = peerHi;
        long lastLo = peerLo;
        int examined = 0;
        int trustedCount = 0;
        int budget = maxHeaderLength;
        boolean quoteAware = format == HeaderFormat.FORWARDED;
        for (int li = lineCount - 1; li >= 0; li--) {
            String line = line(header, li);
            int end = line.length();
            while (true) {
                int floor = Math.max(0, end - budget);
                int start = HeaderTokens.elementStart(line, end, quoteAware, floor);
                if (start < 0) {
                    return stopped(peer, header, lastHi, lastLo, Resolution.Rule.LIMIT, trustedCount);
                }
                budget -= end - start + 1;
                // Fast path: most entries are a bare dotted quad; parse it in one pass before the general
                // tokenizer (which looks for brackets, quotes and ports first).
                long bare = quoteAware ? AddressText.INVALID : ForwardedChain.bareIpv4(line, start, end);
                long loc = bare != AddressText.INVALID ? ForwardedChain.pack(start, end)
                        : ForwardedChain.locateAddress(line, start, end, format);
                if (loc != ForwardedChain.EMPTY) {
                    if (format == HeaderFormat.SINGLE && start > 0) {
                        // One address only: anything but separators left of it makes a list, so malformed,
                        // whether or not the right-most entry is trusted.
                        int scanFloor = Math.max(0, start - 1 - budget);
                        if (!HeaderTokens.onlySeparators(line, scanFloor, start - 1)) {
                            return stopped(peer, header, lastHi, lastLo, Resolution.Rule.MALFORMED, trustedCount);
                        }
                        if (scanFloor > 0) {
                            return stopped(peer, header, lastHi, lastLo, Resolution.Rule.LIMIT, trustedCount);
                        }
                    }
                    if (examined == maxHops || (format == HeaderFormat.SINGLE && (examined > 0 || lineCount > 1))) {
                        return stopped(peer, header, lastHi, lastLo,
                                format == HeaderFormat.SINGLE ? Resolution.Rule.MALFORMED : Resolution.Rule.LIMIT,
                                trustedCount);
                    }
                    examined++;
                    if (loc == ForwardedChain.INVALID) {
                        return stopped(peer, header, lastHi, lastLo, Resolution.Rule.MALFORMED, trustedCount);
                    }
                    int from = ForwardedChain.from(loc);
                    int to = ForwardedChain.to(loc);
                    long eHi = AddressText.MAPPED_HI;
                    long eLo;
                    long e4 = bare != AddressText.INVALID ? bare : AddressText.parseIpv4(line, from, to);
                    if (e4 != AddressText.INVALID) {
                        eLo = AddressText.mapIpv4(e4);
                    } else {
                        if (v6 == null) {
                            v6 = new long[2];
                        }
                        if (!AddressText.parseIpv6(line, from, to, v6)) {
                            return stopped(peer, header, lastHi, lastLo, Resolution.Rule.MALFORMED, trustedCount);
                        }
                        eHi = v6[0];
                        eLo = v6[1];
                    }
                    if (!trusted.contains(eHi, eLo)) {
                        byte flags = Resolution.PEER_TRUSTED_IN_RANGES | Resolution.CLIENT_KNOWN | Resolution.NUMERIC;
                        if (rateLimitExempt.get().contains(eHi, eLo)) {
                            flags |= Resolution.EXEMPT;
                        }
                        return new Resolution(this, peer, header, eHi, eLo, Resolution.Rule.FORWARDED, trustedCount,
                                flags);
                    }
                    lastHi = eHi;
                    lastLo = eLo;
                    trustedCount++;
                }
                if (start == 0) {
                    break;
                }
                end = start - 1;
            }
        }
        if (examined == 0) {
            return proxyItself(peer, peerHi, peerLo);
        }
        byte flags = Resolution.PEER_TRUSTED_IN_RANGES | Resolution.CLIENT_KNOWN | Resolution.NUMERIC;
        if (exemptTrustedProxies || rateLimitExempt.get().contains(lastHi, lastLo)) {
            flags |= Resolution.EXEMPT;
        }
        return new Resolution(this, peer, header, lastHi, lastLo, Resolution.Rule.ALL_TRUSTED, trustedCount, flags);
    }

    private Resolution proxyItself(String peer, long hi, long lo) {
        byte flags = Resolution.PEER_TRUSTED_IN_RANGES | Resolution.CLIENT_KNOWN | Resolution.NUMERIC;
        if (exemptTrustedProxies || rateLimitExempt.get().contains(hi, lo)) {
            flags |= Resolution.EXEMPT;
        }
        return new Resolution(this, peer, null, hi, lo, Resolution.Rule.PROXY, 0, flags);
    }

    // The client is not known: key on the trusted hop that reported it, and never exempt.
    private Resolution stopped(String peer, Object header, long hi, long lo, Resolution.Rule rule, int trustedCount) {
        return new Resolution(this, peer, header, hi, lo, rule, trustedCount,
                (byte) (Resolution.PEER_TRUSTED_IN_RANGES | Resolution.NUMERIC));
    }

    @SuppressWarnings("unchecked")
    private static List<String> lines(Object header) {
        return header instanceof String s ? List.of(s) : (List<String>) header;
    }

    @SuppressWarnings("unchecked")
    private static String line(Object header, int index) {
        return header instanceof String s ? s : ((List<String>) header).get(index);
    }

    /** Appends the canonical text of the right-most {@code count} non-empty header entries, nearest first. */
    @SuppressWarnings("unchecked")
    void collectTrustedEntries(Object header, int count, List<String> out) {
        if (count == 0 || header == null) {
            return;
        }
        if (header instanceof SourceTrail trail) {
            trail.collect(this, out);
            return;
        }
        collectEntries(header instanceof String s ? List.of(s) : (List<String>) header, format, count, out);
    }

    /** Appends the canonical text of the right-most {@code count} non-empty entries of {@code lines}. */
    static void collectEntries(List<String> lines, HeaderFormat format, int count, List<String> out) {
        long[] v6 = new long[2];
        int collected = 0;
        for (int li = lines.size() - 1; li >= 0 && collected < count; li--) {
            String line = lines.get(li);
            int end = line.length();
            while (collected < count) {
                int start = HeaderTokens.elementStart(line, end, format == HeaderFormat.FORWARDED, 0);
                long loc = ForwardedChain.locateAddress(line, start, end, format);
                if (loc >= 0) {
                    int from = ForwardedChain.from(loc);
                    int to = ForwardedChain.to(loc);
                    long e4 = AddressText.parseIpv4(line, from, to);
                    if (e4 != AddressText.INVALID) {
                        out.add(AddressText.formatIpv4(e4));
                    } else if (AddressText.parseIpv6(line, from, to, v6)) {
                        out.add(AddressText.format(v6[0], v6[1]));
                    }
                    collected++;
                }
                if (start == 0) {
                    break;
                }
                end = start - 1;
            }
        }
    }

    /** Canonical text of an address, or null if it is not one. */
    String canonical(String address) {
        long[] a = AddressText.parse(address);
        return a == null ? null : AddressText.format(a[0], a[1]);
    }

    String rateLimitKey(long hi, long lo) {
        if (AddressText.isMappedIpv4(hi, lo) || rateLimitIpv6Prefix == 128) {
            return AddressText.format(hi, lo);
        }
        return networkKey(hi, lo, rateLimitIpv6Prefix);
    }

    static String networkKey(long hi, long lo, int prefixLength) {
        if (prefixLength < 1 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not between 1 and 128");
        }
        IpRange block = IpRange.prefixBlock(hi, lo, prefixLength);
        return AddressText.format(block.startHi(), block.startLo()) + "/" + prefixLength;
    }

    /** The client-IP header's name. */
    public String headerName() {
        return headerName;
    }

    /** How the client-IP header is read. */
    public HeaderFormat headerFormat() {
        return format;
    }

    /** The trusted proxies in force now. */
    public AddressSet trustedProxies() {
        return trustedProxies.get();
    }

    /** The direct-allow set in force now. */
    public AddressSet directAllow() {
        return directAllow.get();
    }

    /** The rate-limit exempt whitelist in force now (trusted proxies are exempt besides, by default). */
    public AddressSet rateLimitExempt() {
        return rateLimitExempt.get();
    }

    /** The most header entries examined. */
    public int maxHops() {
        return maxHops;
    }

    /** The most header characters read. */
    public int maxHeaderLength() {
        return maxHeaderLength;
    }

    /** The prefix length IPv6 clients are aggregated to for rate limiting. */
    public int rateLimitIpv6Prefix() {
        return rateLimitIpv6Prefix;
    }

    /**
     * Configures a {@link ClientIpResolver}. Every setter validates its argument and throws
     * {@link ConfigurationException} naming the setting.
     */
    public static final class Builder {

        private static final Supplier<AddressSet> NONE = AddressSet::empty;

        private Supplier<AddressSet> trustedProxies = NONE;
        private Supplier<AddressSet> directAllow = NONE;
        private Supplier<AddressSet> rateLimitExempt = NONE;
        private Supplier<AddressSet> headerAcceptedFrom;
        private boolean trustedProxiesSet;
        private final List<SourceWalk.Source> sources = new java.util.ArrayList<>();
        private String headerName = DEFAULT_HEADER;
        private HeaderFormat format;
        private int maxHops = DEFAULT_MAX_HOPS;
        private int maxHeaderLength = DEFAULT_MAX_HEADER_LENGTH;
        private int rateLimitIpv6Prefix = DEFAULT_RATE_LIMIT_IPV6_PREFIX;
        private boolean exemptTrustedProxies = true;

        private Builder() {
        }

        /** The proxies whose forwarding headers are believed. Default: none. */
        public Builder trustedProxies(AddressSet set) {
            return trustedProxies(constant(set));
        }

        /** The proxies whose forwarding headers are believed, read once per request. */
        public Builder trustedProxies(Supplier<AddressSet> set) {
            this.trustedProxies = Objects.requireNonNull(set, "trustedProxies");
            this.trustedProxiesSet = true;
            return this;
        }

        /** Peers that may reach a locked origin without a proxy; their headers are not read. Default: none. */
        public Builder directAllow(AddressSet set) {
            return directAllow(constant(set));
        }

        /** Peers that may reach a locked origin without a proxy, read once per request. */
        public Builder directAllow(Supplier<AddressSet> set) {
            this.directAllow = Objects.requireNonNull(set, "directAllow");
            return this;
        }

        /** Clients never rate limited (besides trusted proxies); never makes an address trusted. */
        public Builder rateLimitExempt(AddressSet set) {
            return rateLimitExempt(constant(set));
        }

        /** Clients never rate limited, read once per request. */
        public Builder rateLimitExempt(Supplier<AddressSet> set) {
            this.rateLimitExempt = Objects.requireNonNull(set, "rateLimitExempt");
            return this;
        }

        /** The client-IP header; its format follows from its name. Default {@code X-Forwarded-For}. */
        public Builder header(String name) {
            return header(name, null);
        }

        /** The client-IP header and how to read it (null: from its name). */
        public Builder header(String name, HeaderFormat format) {
            Objects.requireNonNull(name, "header");
            if (name.isBlank() || !name.strip().chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                throw new ConfigurationException("clientIpHeader", name, "is not a valid HTTP header name");
            }
            this.headerName = name.strip();
            this.format = format;
            return this;
        }

        /**
         * Binds the header to the proxies that set it: a trusted peer outside this set has its header
         * ignored (the client is the peer). Use it to accept {@code CF-Connecting-IP} only from Cloudflare's
         * ranges while also trusting your own load balancer. Default: every trusted proxy.
         */
        public Builder headerAcceptedFrom(AddressSet set) {
            return headerAcceptedFrom(constant(set));
        }

        /** As {@link #headerAcceptedFrom(AddressSet)}, read once per request. */
        public Builder headerAcceptedFrom(Supplier<AddressSet> set) {
            this.headerAcceptedFrom = Objects.requireNonNull(set, "headerAcceptedFrom");
            return this;
        }

        /**
         * Adds a client-IP source after those added before: {@code header} (its format from its name, see
         * {@link HeaderFormat#forHeader}) as the proxies in {@code from} set it. With sources, the trusted
         * proxies are every source's set plus {@link #trustedProxies} (trusted hops bound to no header), and
         * the walk reads, at each trusted hop, the first source in order whose set holds the hop and whose
         * header is present; a header from a hop outside its set is ignored. One source without
         * {@code trustedProxies} is {@code header(name).trustedProxies(from)}. Replaces {@link #header} and
         * cannot be combined with {@link #headerAcceptedFrom}.
         */
        public Builder source(String header, AddressSet from) {
            return source(header, constant(from));
        }

        /** As {@link #source(String, AddressSet)}, the set read once per request. */
        public Builder source(String header, Supplier<AddressSet> from) {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(from, "from");
            String name = header.strip();
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                throw new ConfigurationException("clientIpSources", header, "is not a valid HTTP header name");
            }
            for (SourceWalk.Source known : sources) {
                if (known.header().equalsIgnoreCase(name)) {
                    throw new ConfigurationException("clientIpSources", header,
                            "is named twice: give each header once, with every proxy set that sets it");
                }
            }
            if (sources.size() == SourceWalk.MAX_SOURCES) {
                throw new ConfigurationException("clientIpSources", header,
                        "is one source too many: at most " + SourceWalk.MAX_SOURCES);
            }
            sources.add(new SourceWalk.Source(name, HeaderFormat.forHeader(name), from));
            return this;
        }

        /** The most header entries examined, 1 to 1000. Default 20. */
        public Builder maxHops(int maxHops) {
            this.maxHops = inRange("maxHops", maxHops, 1, MAX_HOPS);
            return this;
        }

        /** The most header characters read, from the right, 16 to 1048576. Default 8192. */
        public Builder maxHeaderLength(int maxHeaderLength) {
            this.maxHeaderLength = inRange("maxHeaderLength", maxHeaderLength, MIN_HEADER_LENGTH, MAX_HEADER_LENGTH);
            return this;
        }

        /** The prefix length IPv6 clients are keyed on for rate limiting, 1 to 128. Default 64. */
        public Builder rateLimitIpv6Prefix(int prefixLength) {
            this.rateLimitIpv6Prefix = inRange("rateLimitIpv6Prefix", prefixLength, 1, 128);
            return this;
        }

        /**
         * Whether a trusted proxy is rate-limit exempt when it is the client (its own probes, or a chain of
         * trusted hops only). Default true, per docs/design.md; turn off where other tenants share the proxy's
         * ranges and no shared-secret header proves the request came through your configuration.
         */
        public Builder exemptTrustedProxies(boolean exempt) {
            this.exemptTrustedProxies = exempt;
            return this;
        }

        /** The resolver. */
        public ClientIpResolver build() {
            if (!sources.isEmpty() && headerAcceptedFrom != null) {
                throw new ConfigurationException("clientIpSources", sources.get(0).header(),
                        "cannot be combined with clientIpHeaderFrom: bind each header in its source instead");
            }
            return new ClientIpResolver(this);
        }

        private static Supplier<AddressSet> constant(AddressSet set) {
            Objects.requireNonNull(set, "set");
            return () -> set;
        }

        static int inRange(String setting, int value, int min, int max) {
            if (value < min || value > max) {
                throw new ConfigurationException(setting, String.valueOf(value),
                        "is out of range: it must be between " + min + " and " + max);
            }
            return value;
        }
    }
}
