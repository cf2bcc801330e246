package dev.originguard.explain;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.HeaderReader;
import dev.originguard.OriginSecret;
import dev.originguard.PeerCheck;
import dev.originguard.Resolution;
import dev.originguard.internal.ExemptPaths;
import dev.originguard.internal.RequestPath;
import dev.originguard.ratelimit.PathRule;
import dev.originguard.ratelimit.Rate;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.settings.LockOrigin;
import dev.originguard.settings.Setting;
import dev.originguard.source.LiveAddressSet;
import dev.originguard.source.RangeOrigin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Explains requests: runs the real resolver's walk for a request given as text (peer, headers, method, path),
 * then says what trusted each hop, what the lock does with it and how it is rate limited. Works on parts that
 * are already built and live (the resolver with its refreshing address sets, the lock settings, the rate-limit
 * rules), so a running filter can explain without fetching anything, and {@code originguard-cli explain}
 * builds the same parts from a policy file ({@link StartedSets}). Off the hot path: an explanation allocates
 * freely and scans each set's blocks. Thread-safe once built.
 *
 * <p>The decisions are the resolver's own ({@link Explanation#resolution()}), so an explanation never
 * disagrees with what the filter does with the same request; the lock follows the filter's order (trusted
 * peer, lock off, {@code directAllow}, exempt path, then refuse or report), and the rate-limit rule is the
 * first {@code rateLimitPaths} rule matching the method and path, else the default rates.
 *
 * <p>Sets are named as the settings name them: {@code trustedProxies}, {@code clientIpSources[Header]},
 * {@code directAllow}, {@code rateLimitExempt}. Defaults: no sets named (hops then show {@code ?}), lock off,
 * no origin secret, rate limiting off.
 */
public final class Explainer {

    private final ClientIpResolver resolver;
    private final Map<String, Supplier<List<RangeOrigin>>> sets;
    private final LockOrigin lockOrigin;
    private final ExemptPaths exemptPaths;
    private final OriginSecret originSecret;
    private final RateLimitSettings rateLimit;
    private final boolean proxyCertificate;

    private Explainer(Builder b) {
        this.resolver = b.resolver;
        this.sets = new LinkedHashMap<>(b.sets);
        this.lockOrigin = b.lockOrigin;
        this.exemptPaths = ExemptPaths.of(b.exemptPaths);
        this.originSecret = b.originSecret;
        this.rateLimit = b.rateLimit;
        this.proxyCertificate = b.proxyCertificate;
    }

    /** A builder around the resolver whose walk is explained. */
    public static Builder builder(ClientIpResolver resolver) {
        return new Builder(resolver);
    }

    private static final HeaderReader<ExplainRequest> HEADERS = ExplainRequest::lines;

    /** The explanation of one request. Nothing in the request's headers makes it throw. */
    public Explanation explain(ExplainRequest request) {
        Objects.requireNonNull(request, "request");
        PeerCheck check = PeerCheck.VERIFIED;
        String verification = null;
        if (originSecret != null && !originSecret.matches(request.lines(originSecret.headerName()))) {
            check = PeerCheck.UNVERIFIED;
            verification = "no valid " + originSecret.headerName() + " header";
        }
        Resolution r = resolver.resolve(request.peer(), request, HEADERS, check);
        if (!r.peerInTrustedRanges()) {
            verification = null;
        }

        List<Explanation.Hop> hops = new ArrayList<>();
        for (String address : r.trustedHops()) {
            hops.add(trustedBy(address));
        }
        Explanation.Hop peerMatch = r.peerTrusted() ? (hops.isEmpty() ? null : hops.get(0))
                : r.peerDirectAllowed() ? match(canonicalPeer(r), Setting.DIRECT_ALLOW.key()) : null;

        RequestPath path = RequestPath.ofRaw(request.pathOrRoot());
        LockDecision lock;
        String lockReason;
        if (r.peerTrusted()) {
            lock = LockDecision.ALLOW;
            lockReason = "the peer is a trusted proxy";
        } else if (lockOrigin == LockOrigin.OFF) {
            lock = LockDecision.ALLOW;
            lockReason = "lockOrigin=off serves direct requests";
        } else if (r.peerDirectAllowed()) {
            lock = LockDecision.DIRECT_ALLOW;
            lockReason = "the peer is in directAllow" + (peerMatch == null ? "" : ": " + peerMatch.matchedEntry());
        } else if (exemptPaths.matches(path)) {
            lock = LockDecision.EXEMPT_PATH;
            lockReason = "the path " + path.containerPath() + " is in lockOriginExemptPaths " + exemptPaths;
        } else if (lockOrigin == LockOrigin.ON) {
            lock = LockDecision.REFUSE;
            lockReason = "403: the peer is not a trusted proxy, not in directAllow, and the path is not exempt"
                    + (path.normalised() || exemptPaths.isEmpty() ? "" : " (a path not in normalised form never is)");
        } else {
            lock = LockDecision.REPORT;
            lockReason = "lockOrigin=report serves it, logging that it would be refused";
        }

        String rule = null;
        String reason = null;
        Explanation.Hop exemptMatch = null;
        if (rateLimit != null) {
            List<String> rules = new ArrayList<>();
            boolean limited = false;
            for (String p : path.interpretations()) {
                PathRule matched = null;
                for (PathRule candidate : rateLimit.pathRules()) {
                    if (candidate.matches(request.methodOrGet(), p)) {
                        matched = candidate;
                        break;
                    }
                }
                String text = matched != null ? matched.toString() : "default "
                        + (rateLimit.limits().isEmpty() ? PathRule.OFF : Rate.toString(rateLimit.limits()));
                limited |= matched != null ? matched.limited() : !rateLimit.limits().isEmpty();
                if (!rules.contains(text)) {
                    rules.add(text);
                }
            }
            rule = String.join(" + ", rules);
            if (r.rateLimitExempt()) {
                exemptMatch = match(r.clientIp(), Setting.RATE_LIMIT_EXEMPT.key());
                reason = exemptMatch != null ? "in rateLimitExempt: " + exemptMatch.matchedEntry()
                        : "the client is a trusted proxy (exemptTrustedProxies)";
            } else if (!r.clientKnown()) {
                reason = "the client is not known: counted on the trusted hop that reported it, never exempt";
            } else if (!limited) {
                reason = "the rule does not limit this path";
            }
            if (lock == LockDecision.REFUSE) {
                reason = (reason == null ? "" : reason + "; ") + "not reached: the lock refuses first";
            }
        } else if (r.rateLimitExempt()) {
            exemptMatch = match(r.clientIp(), Setting.RATE_LIMIT_EXEMPT.key());
            reason = exemptMatch != null ? "in rateLimitExempt: " + exemptMatch.matchedEntry()
                    : "the client is a trusted proxy (exemptTrustedProxies)";
        }
        String assumed = proxyCertificate && r.peerTrusted()
                ? "the peer is assumed to present the proxy certificate (a text request carries no TLS)" : null;
        return new Explanation(request, r, resolver.sourceHeaders(), verification, peerMatch, hops, lock, lockReason,
                rule, reason, exemptMatch, assumed);
    }

    /** The address sets this explainer knows, by setting name, with every block's provenance now. */
    public Map<String, List<RangeOrigin>> ranges() {
        Map<String, List<RangeOrigin>> out = new LinkedHashMap<>();
        sets.forEach((name, ranges) -> out.put(name, ranges.get()));
        return out;
    }

    // A trusted hop: held by a client-IP source's set first (that is what read its header), then trustedProxies.
    private Explanation.Hop trustedBy(String address) {
        for (String name : sets.keySet()) {
            if (name.startsWith(Setting.CLIENT_IP_SOURCES.key() + "[")) {
                Explanation.Hop hop = match(address, name);
                if (hop != null) {
                    return hop;
                }
            }
        }
        Explanation.Hop hop = match(address, Setting.TRUSTED_PROXIES.key());
        return hop != null ? hop : new Explanation.Hop(address, "?", "?", "?");
    }

    private Explanation.Hop match(String address, String set) {
        Supplier<List<RangeOrigin>> ranges = sets.get(set);
        if (ranges == null) {
            return null;
        }
        for (RangeOrigin origin : ranges.get()) {
            if (origin.contains(address)) {
                return new Explanation.Hop(address, set, origin.toString(), origin.entry());
            }
        }
        return null;
    }

    private static String canonicalPeer(Resolution r) {
        return r.clientIp();
    }

    /** Configures an {@link Explainer}. */
    public static final class Builder {

        private final ClientIpResolver resolver;
        private final Map<String, Supplier<List<RangeOrigin>>> sets = new LinkedHashMap<>();
        private LockOrigin lockOrigin = LockOrigin.OFF;
        private List<String> exemptPaths = List.of();
        private OriginSecret originSecret;
        private RateLimitSettings rateLimit;
        private boolean proxyCertificate;

        private Builder(ClientIpResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
        }

        /**
         * Names a set the resolver uses, with its blocks' provenance read at each explanation (so a refreshed
         * set is explained as it is now).
         *
         * @param name the setting's name: {@code trustedProxies}, {@code clientIpSources[Header]},
         *             {@code directAllow}, {@code rateLimitExempt}
         */
        public Builder set(String name, Supplier<List<RangeOrigin>> ranges) {
            sets.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(ranges, "ranges"));
            return this;
        }

        /** Names a live set under its {@link LiveAddressSet#settingName()}. */
        public Builder set(LiveAddressSet live) {
            return set(live.settingName(), live::ranges);
        }

        /** Names a set given in code, its blocks shown as {@link RangeOrigin#IN_CODE}. */
        public Builder set(String name, AddressSet fixed) {
            List<RangeOrigin> ranges = RangeOrigin.of(fixed, RangeOrigin.IN_CODE);
            return set(name, () -> ranges);
        }

        /** The lock and its exempt paths (validated entries, as {@code LockSettings.exemptPaths()}). Default off. */
        public Builder lock(LockOrigin mode, List<String> exemptPaths) {
            this.lockOrigin = Objects.requireNonNull(mode, "mode");
            this.exemptPaths = List.copyOf(exemptPaths);
            return this;
        }

        /** The origin secret a trusted peer's request must carry; null for none (the default). */
        public Builder originSecret(OriginSecret secret) {
            this.originSecret = secret;
            return this;
        }

        /** The rate-limit settings whose rules apply; null when rate limiting is off (the default). */
        public Builder rateLimit(RateLimitSettings settings) {
            this.rateLimit = settings;
            return this;
        }

        /**
         * Whether trusted proxies must present a TLS client certificate ({@code proxyCertificate}). A request
         * given as text has no TLS session, so the explanation assumes the certificate was presented and says so.
         * Default false.
         */
        public Builder proxyCertificate(boolean required) {
            this.proxyCertificate = required;
            return this;
        }

        /** The explainer. */
        public Explainer build() {
            return new Explainer(this);
        }
    }
}
