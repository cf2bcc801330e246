package dev.originguard.explain;

import dev.originguard.Resolution;
import dev.originguard.internal.JsonText;
import java.util.List;
import java.util.Objects;

/**
 * Why a request got the client it got, step by step: whether the peer is trusted and by which entry or
 * source range, each trusted hop walked from the right with what trusted it, the client and the rule of the
 * walk, the lock's decision and the rate-limit key, rule and exemption. Made by {@link Explainer}; the
 * decisions are the real resolver's ({@link #resolution()}), the rest explains them. {@link #text()} is for
 * people, {@link #json()} one JSON object for tools. Immutable.
 */
public final class Explanation {

    /**
     * An address the walk trusted, and what trusted it.
     *
     * @param address      the address, canonical
     * @param set          the setting whose set holds it ({@code trustedProxies},
     *                     {@code clientIpSources[CF-Connecting-IP]}, {@code directAllow}, {@code rateLimitExempt})
     * @param matchedEntry the entry or source range that holds it, such as {@code cloudflare: 173.245.48.0/20}
     * @param source       the entry or range source as written, such as {@code cloudflare} or {@code private}
     */
    public record Hop(String address, String set, String matchedEntry, String source) {
    }

    private final ExplainRequest request;
    private final Resolution resolution;
    private final List<String> headersRead;
    private final String verification;
    private final Hop peerMatch;
    private final List<Hop> trustedHops;
    private final LockDecision lock;
    private final String lockReason;
    private final String rateLimitRule;
    private final String rateLimitReason;
    private final Hop exemptMatch;
    private final String assumption;

    Explanation(ExplainRequest request, Resolution resolution, List<String> headersRead, String verification,
            Hop peerMatch, List<Hop> trustedHops, LockDecision lock, String lockReason, String rateLimitRule,
            String rateLimitReason, Hop exemptMatch, String assumption) {
        this.request = request;
        this.resolution = resolution;
        this.headersRead = List.copyOf(headersRead);
        this.verification = verification;
        this.peerMatch = peerMatch;
        this.trustedHops = List.copyOf(trustedHops);
        this.lock = Objects.requireNonNull(lock);
        this.lockReason = lockReason;
        this.rateLimitRule = rateLimitRule;
        this.rateLimitReason = rateLimitReason;
        this.exemptMatch = exemptMatch;
        this.assumption = assumption;
    }

    /**
     * What the explanation assumed because a request given as text cannot show it, such as the proxy's TLS
     * client certificate; null when it assumed nothing.
     */
    public String assumption() {
        return assumption;
    }

    /** The request explained. */
    public ExplainRequest request() {
        return request;
    }

    /** The resolver's own outcome for the request, which this explanation explains. */
    public Resolution resolution() {
        return resolution;
    }

    /** The client address: the real resolver's {@link Resolution#clientIp()}. */
    public String client() {
        return resolution.clientIp();
    }

    /** The peer as given. */
    public String peer() {
        return resolution.peerIp();
    }

    /** Whether the peer is a trusted proxy, so its headers were read. */
    public boolean peerTrusted() {
        return resolution.peerTrusted();
    }

    /**
     * What holds the peer: its trusted-proxy entry when it is trusted, its {@code directAllow} entry when it is
     * allowed directly; null when neither holds it.
     */
    public Hop peerMatch() {
        return peerMatch;
    }

    /** The step of the walk that decided the client. */
    public Resolution.Rule rule() {
        return resolution.rule();
    }

    /** Whether the client was established (false when a malformed entry or a limit stopped the walk). */
    public boolean clientKnown() {
        return resolution.clientKnown();
    }

    /** The trusted hops, nearest first (the peer first), each with what trusted it; empty for an untrusted peer. */
    public List<Hop> trustedHops() {
        return trustedHops;
    }

    /** Why a peer in the trusted ranges counted as untrusted (no valid origin secret); null when it did not. */
    public String verification() {
        return verification;
    }

    /** The lock's decision. */
    public LockDecision lock() {
        return lock;
    }

    /** Why the lock decided so, in a sentence. */
    public String lockReason() {
        return lockReason;
    }

    /** The key rate limiting counts this request on. */
    public String rateLimitKey() {
        return resolution.rateLimitKey();
    }

    /**
     * The rate-limit rule that applies ({@code POST /login=5/1m}, {@code default 100/1m}, {@code /health=off};
     * several joined by {@code " + "} when a path not in normalised form matches several); null when rate
     * limiting is off.
     */
    public String rateLimitRule() {
        return rateLimitRule;
    }

    /** Whether the client skips rate limiting (a trusted proxy as the client, or in {@code rateLimitExempt}). */
    public boolean rateLimitExempt() {
        return resolution.rateLimitExempt();
    }

    /** Why the request is or is not limited, in a sentence. */
    public String rateLimitReason() {
        return rateLimitReason;
    }

    /** The explanation for people, one step a line. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("peer ").append(peer()).append(": ");
        if (peerTrusted()) {
            out.append("trusted proxy (").append(peerMatch == null ? "?" : peerMatch.set() + ": " + peerMatch.matchedEntry())
                    .append(")\n");
        } else {
            out.append("not a trusted proxy");
            if (verification != null) {
                out.append(" (in the trusted ranges, but ").append(verification).append(")");
            }
            if (peerMatch != null) {
                out.append("; in ").append(peerMatch.set()).append(": ").append(peerMatch.matchedEntry());
            }
            out.append("\n");
        }
        for (ExplainRequest.Header h : request.headers()) {
            if (headersRead.stream().anyMatch(n -> n.equalsIgnoreCase(h.name()))) {
                out.append("header ").append(h.name()).append(": ").append(h.value())
                        .append(peerTrusted() ? "" : " (ignored: the peer is not trusted)").append("\n");
            }
        }
        if (peerTrusted()) {
            out.append("walk from the right:\n");
            for (int i = 0; i < trustedHops.size(); i++) {
                Hop hop = trustedHops.get(i);
                out.append("  ").append(pad(i == 0 ? "peer" : "hop " + i, 7)).append(pad(hop.address(), 16))
                        .append("trusted by ").append(hop.set()).append(": ").append(hop.matchedEntry()).append("\n");
            }
            out.append("  ").append(pad("", 7)).append(switch (rule()) {
                case FORWARDED -> "client " + client() + ": the first address not trusted";
                case ALL_TRUSTED -> "client " + client() + ": every entry is trusted, so the left-most";
                case PROXY -> "client " + client() + ": no (accepted) forwarding header, so the proxy itself";
                case MALFORMED -> "stopped: an entry is not an address; the client is not known, using the last "
                        + "trusted hop " + client();
                case LIMIT -> "stopped: maxHops or maxHeaderLength reached; the client is not known, using the "
                        + "last trusted hop " + client();
                case DIRECT -> "client " + client();
            }).append("\n");
        }
        out.append("client ").append(client()).append(" (rule ").append(rule()).append(", ")
                .append(clientKnown() ? "known" : "NOT known").append(")\n");
        out.append("lock: ").append(word(lock)).append(" (").append(lockReason).append(")\n");
        out.append("rate limit: key ").append(rateLimitKey()).append(", rule ")
                .append(rateLimitRule == null ? "none (rate limiting off)" : rateLimitRule).append(", ")
                .append(rateLimitExempt() ? "exempt" : "not exempt")
                .append(rateLimitReason == null ? "" : " (" + rateLimitReason + ")").append("\n");
        if (assumption != null) {
            out.append("assumed: ").append(assumption).append("\n");
        }
        return out.toString();
    }

    /**
     * The explanation on one line, for a log: {@code peer=10.0.0.5 trusted=trustedProxies:10.0.0.0/8
     * hops=[10.0.0.5 by trustedProxies:10.0.0.0/8] client=198.51.100.7 rule=FORWARDED known=true lock=allow
     * rateLimitKey=198.51.100.7 rateLimitRule=default 100/1m exempt=false}, with the method and path first.
     * Every value that can come from the request is escaped ({@code LogText}), so no header or path can start
     * a new line or hide what follows. Header values and the origin secret are never part of it.
     */
    public String compact() {
        StringBuilder out = new StringBuilder(160);
        out.append(esc(request.methodOrGet())).append(' ').append(esc(request.pathOrRoot()))
                .append(" peer=").append(esc(peer()));
        if (peerTrusted()) {
            out.append(" trusted=").append(peerMatch == null ? "?" : esc(peerMatch.set() + ":"
                    + peerMatch.matchedEntry()));
        } else {
            out.append(" trusted=no");
            if (verification != null) {
                out.append(" (").append(esc(verification)).append(')');
            }
        }
        out.append(" hops=[");
        for (int i = 0; i < trustedHops.size(); i++) {
            Hop hop = trustedHops.get(i);
            out.append(i == 0 ? "" : ", ").append(esc(hop.address())).append(" by ")
                    .append(esc(hop.set() + ":" + hop.matchedEntry()));
        }
        out.append("] client=").append(esc(client())).append(" rule=").append(rule()).append(" known=")
                .append(clientKnown()).append(" lock=").append(word(lock)).append(" rateLimitKey=")
                .append(esc(rateLimitKey())).append(" rateLimitRule=")
                .append(rateLimitRule == null ? "off" : esc(rateLimitRule)).append(" exempt=")
                .append(rateLimitExempt());
        return out.toString();
    }

    private static String esc(String text) {
        return text == null ? "?" : dev.originguard.internal.LogText.escape(text);
    }

    /**
     * One JSON object with the fields {@code client}, {@code peer}, {@code peerTrusted}, {@code rule},
     * {@code clientKnown}, {@code trustedHops} (each {@code address}, {@code set}, {@code matchedEntry},
     * {@code source}), {@code lock}, {@code lockReason}, {@code rateLimitKey}, {@code rateLimitRule},
     * {@code rateLimitExempt}, {@code rateLimitReason} (and {@code assumption} when there is one); {@code lock} is the lower-case word of
     * {@link LockDecision} ({@code allow}, {@code refuse}, {@code exempt-path}, {@code direct-allow},
     * {@code report}).
     */
    public String json() {
        StringBuilder out = new StringBuilder("{");
        field(out, "client", JsonText.quote(client())).append(',');
        field(out, "peer", JsonText.quote(peer())).append(',');
        field(out, "peerTrusted", String.valueOf(peerTrusted())).append(',');
        field(out, "rule", JsonText.quote(rule().name())).append(',');
        field(out, "clientKnown", String.valueOf(clientKnown())).append(',');
        out.append("\"trustedHops\":[");
        for (int i = 0; i < trustedHops.size(); i++) {
            out.append(i == 0 ? "" : ",").append(hopJson(trustedHops.get(i)));
        }
        out.append("],");
        if (!peerTrusted() && peerMatch != null) {
            field(out, "peerMatch", hopJson(peerMatch)).append(',');
        }
        field(out, "lock", JsonText.quote(word(lock))).append(',');
        field(out, "lockReason", JsonText.quote(lockReason)).append(',');
        field(out, "rateLimitKey", JsonText.quote(rateLimitKey())).append(',');
        field(out, "rateLimitRule", JsonText.quote(rateLimitRule)).append(',');
        field(out, "rateLimitExempt", String.valueOf(rateLimitExempt())).append(',');
        field(out, "rateLimitReason", JsonText.quote(rateLimitReason));
        if (assumption != null) {
            out.append(',');
            field(out, "assumption", JsonText.quote(assumption));
        }
        return out.append('}').toString();
    }

    /** The word of a decision as {@link #json()} writes it: {@code exempt-path} for {@code EXEMPT_PATH}. */
    public static String word(LockDecision decision) {
        return decision.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static String hopJson(Hop hop) {
        StringBuilder out = new StringBuilder("{");
        field(out, "address", JsonText.quote(hop.address())).append(',');
        field(out, "set", JsonText.quote(hop.set())).append(',');
        field(out, "matchedEntry", JsonText.quote(hop.matchedEntry())).append(',');
        field(out, "source", JsonText.quote(hop.source()));
        return out.append('}').toString();
    }

    private static StringBuilder field(StringBuilder out, String name, String json) {
        return out.append('"').append(name).append("\":").append(json);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }

    @Override
    public String toString() {
        return "Explanation" + json();
    }
}
