package dev.originguard.internal;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.event.OriginGuardListener;
import dev.originguard.explain.Explainer;
import dev.originguard.settings.AddressEntries;
import dev.originguard.settings.ClientIpSources;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.Setting;
import dev.originguard.settings.TrustSettings;
import dev.originguard.source.LiveAddressSet;
import dev.originguard.source.RangeOrigin;
import dev.originguard.source.RefreshSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The address sets one filter starts from its settings, in the order started: each setting's entries become a
 * fixed set, or a {@link LiveAddressSet} whose range sources are loaded and refreshed until {@link #close()}.
 * The servlet filter, the WebFlux filter and {@code dev.originguard.explain.StartedSets} (the CLI's) start their
 * sets and resolver here, so every one reads a setting the same way. {@link #resolver} starts the sets of
 * {@link TrustSettings}; {@link #start} any other (proxyCertificateFrom); {@link #explainer} explains over them.
 *
 * <p>Internal to OriginGuard, not API. Not thread-safe: one assembly at a time.
 */
public final class StartedSets implements AutoCloseable {

    /**
     * An address set under its setting's name.
     *
     * @param live   the refreshing set behind {@code set}, or null for a fixed one
     * @param ranges its blocks with their provenance, read now
     */
    public record NamedSet(String name, Supplier<AddressSet> set, LiveAddressSet live,
            Supplier<List<RangeOrigin>> ranges) {
    }

    private final RefreshSettings ranges;
    private final OriginGuardListener listener;
    private final List<NamedSet> sets = new ArrayList<>();
    private final List<LiveAddressSet> live = new ArrayList<>();
    private final Map<String, LiveAddressSet> fromText = new LinkedHashMap<>();

    /** No set yet; those started will refresh under {@code ranges}. */
    public StartedSets(RefreshSettings ranges) {
        this(ranges, OriginGuardListener.NONE);
    }

    /** No set yet; those started refresh under {@code ranges} and tell {@code listener} of each change. */
    public StartedSets(RefreshSettings ranges, OriginGuardListener listener) {
        this.ranges = Objects.requireNonNull(ranges, "ranges");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Starts the sets of {@code trust} (trustedProxies, directAllow, rateLimitExempt, each client-IP source,
     * clientIpHeaderFrom) and builds the resolver over them. On failure the sets started stay listed: the caller
     * closes this.
     *
     * @throws dev.originguard.ConfigurationException when a source cannot be loaded under the start-up policy
     */
    public ClientIpResolver resolver(TrustSettings trust) {
        Supplier<AddressSet> trustedProxies = start(Setting.TRUSTED_PROXIES.key(), trust.trustedProxies());
        ClientIpResolver.Builder resolver = ClientIpResolver.builder()
                .directAllow(start(Setting.DIRECT_ALLOW.key(), trust.directAllow()))
                .rateLimitExempt(start(Setting.RATE_LIMIT_EXEMPT.key(), trust.rateLimitExempt()))
                .header(trust.clientIpHeader())
                .maxHops(trust.maxHops())
                .maxHeaderLength(trust.maxHeaderLength())
                .rateLimitIpv6Prefix(trust.rateLimitIpv6Prefix())
                .exemptTrustedProxies(trust.exemptTrustedProxies());
        if (trust.clientIpSources() != null) {
            for (ClientIpSources.Source source : trust.clientIpSources().sources()) {
                resolver.source(source.header(), start(source.setName(), source.from()));
            }
        }
        // With sources, trustedProxies adds hops bound to no header; unset, one source is the one-header walk.
        if (trust.clientIpSources() == null || !trust.trustedProxies().isNone()) {
            resolver.trustedProxies(trustedProxies);
        }
        if (trust.clientIpHeaderFrom() != null) {
            resolver.headerAcceptedFrom(start(Setting.CLIENT_IP_HEADER_FROM.key(), trust.clientIpHeaderFrom()));
        }
        return resolver.build();
    }

    /**
     * The set of one setting, started: fixed entries as they are, range sources loaded and scheduled.
     *
     * @throws dev.originguard.ConfigurationException when a source cannot be loaded under the start-up policy
     */
    public Supplier<AddressSet> start(String name, AddressEntries entries) {
        AddressSet set = entries.fixed();
        if (set != null) {
            List<RangeOrigin> origins = RangeOrigin.of(set, RangeOrigin.IN_CODE);
            AddressSet fixed = set;
            sets.add(new NamedSet(name, () -> fixed, null, () -> origins));
            return () -> fixed;
        }
        LiveAddressSet started = LiveAddressSet.start(entries.text(), name, ranges, listener);
        fromText.put(name, started);
        if (!started.isStatic()) {
            live.add(started);
            sets.add(new NamedSet(name, started, started, started::ranges));
            return started;
        }
        AddressSet fixed = started.get();
        List<RangeOrigin> origins = started.ranges();
        sets.add(new NamedSet(name, () -> fixed, null, () -> origins));
        return () -> fixed;
    }

    /**
     * The explainer over the sets started so far and {@code settings}' lock, origin secret and rate-limit rules;
     * {@code resolver} is the one {@link #resolver} built.
     */
    public Explainer explainer(ClientIpResolver resolver, OriginGuardSettings settings) {
        Explainer.Builder b = Explainer.builder(resolver)
                .lock(settings.lock().mode(), settings.lock().exemptPaths())
                .originSecret(settings.originSecret())
                .rateLimit(settings.rateLimit())
                .proxyCertificate(settings.trust().proxyCertificate() != null);
        for (NamedSet named : sets) {
            b.set(named.name(), named.ranges());
        }
        return b.build();
    }

    /** Every set started, in order. */
    public List<NamedSet> named() {
        return List.copyOf(sets);
    }

    /** The sets started from text (static or refreshing), by setting name, in order. */
    public Map<String, LiveAddressSet> fromText() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fromText));
    }

    /** The refreshing sets among them, which {@link #close()} stops. */
    public List<LiveAddressSet> live() {
        return List.copyOf(live);
    }

    /** Stops every refreshing set (their threads end); the sets stay readable. */
    @Override
    public void close() {
        live.forEach(LiveAddressSet::close);
    }
}
