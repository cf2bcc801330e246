package dev.originguard.explain;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.settings.AddressEntries;
import dev.originguard.settings.ClientIpSources;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.Setting;
import dev.originguard.settings.TrustSettings;
import dev.originguard.source.LiveAddressSet;
import dev.originguard.source.RangeOrigin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The address sets of {@link OriginGuardSettings} started (inline entries compiled, range sources loaded once
 * under the settings' start-up policy and refreshed in the background) and the resolver built on them the way
 * the filter builds its own: for tools that work from a policy file without a servlet container
 * ({@code originguard-cli}), and anything else that wants {@link #explainer()} or {@link #ranges()} for settings
 * it holds. {@link #close()} stops the refreshes.
 */
public final class StartedSets implements AutoCloseable {

    private final Map<String, LiveAddressSet> sets;
    private final Map<String, Supplier<List<RangeOrigin>>> origins;
    private final ClientIpResolver resolver;
    private final Explainer explainer;

    private StartedSets(Map<String, LiveAddressSet> sets, Map<String, Supplier<List<RangeOrigin>>> origins,
            ClientIpResolver resolver, OriginGuardSettings settings) {
        this.sets = Collections.unmodifiableMap(sets);
        this.origins = origins;
        this.resolver = resolver;
        Explainer.Builder b = Explainer.builder(resolver)
                .lock(settings.lock().mode(), settings.lock().exemptPaths())
                .originSecret(settings.originSecret())
                .rateLimit(settings.rateLimit())
                .proxyCertificate(settings.trust().proxyCertificate() != null);
        origins.forEach(b::set);
        this.explainer = b.build();
    }

    /**
     * Starts every address set of {@code settings}, loading range sources on the calling thread.
     *
     * @throws dev.originguard.ConfigurationException when a source cannot be loaded under the start-up policy
     */
    public static StartedSets start(OriginGuardSettings settings) {
        TrustSettings trust = settings.trust();
        Map<String, LiveAddressSet> sets = new LinkedHashMap<>();
        Map<String, Supplier<List<RangeOrigin>>> origins = new LinkedHashMap<>();
        try {
            Supplier<AddressSet> trusted = start(Setting.TRUSTED_PROXIES.key(), trust.trustedProxies(), settings,
                    sets, origins);
            ClientIpResolver.Builder resolver = ClientIpResolver.builder()
                    .directAllow(start(Setting.DIRECT_ALLOW.key(), trust.directAllow(), settings, sets, origins))
                    .rateLimitExempt(start(Setting.RATE_LIMIT_EXEMPT.key(), trust.rateLimitExempt(), settings, sets,
                            origins))
                    .header(trust.clientIpHeader())
                    .maxHops(trust.maxHops())
                    .maxHeaderLength(trust.maxHeaderLength())
                    .rateLimitIpv6Prefix(trust.rateLimitIpv6Prefix())
                    .exemptTrustedProxies(trust.exemptTrustedProxies());
            if (trust.clientIpSources() != null) {
                for (ClientIpSources.Source source : trust.clientIpSources().sources()) {
                    resolver.source(source.header(), start(source.setName(), source.from(), settings, sets, origins));
                }
            }
            // As the filter: with sources, trustedProxies adds hops bound to no header.
            if (trust.clientIpSources() == null || !trust.trustedProxies().isNone()) {
                resolver.trustedProxies(trusted);
            }
            if (trust.clientIpHeaderFrom() != null) {
                resolver.headerAcceptedFrom(start(Setting.CLIENT_IP_HEADER_FROM.key(), trust.clientIpHeaderFrom(),
                        settings, sets, origins));
            }
            return new StartedSets(sets, origins, resolver.build(), settings);
        } catch (RuntimeException e) {
            sets.values().forEach(LiveAddressSet::close);
            throw e;
        }
    }

    private static Supplier<AddressSet> start(String name, AddressEntries entries, OriginGuardSettings settings,
            Map<String, LiveAddressSet> sets, Map<String, Supplier<List<RangeOrigin>>> origins) {
        if (entries.fixed() != null) {
            AddressSet fixed = entries.fixed();
            List<RangeOrigin> ranges = RangeOrigin.of(fixed, RangeOrigin.IN_CODE);
            origins.put(name, () -> ranges);
            return () -> fixed;
        }
        LiveAddressSet live = LiveAddressSet.start(entries.text(), name, settings.ranges());
        sets.put(name, live);
        origins.put(name, live::ranges);
        return live;
    }

    /** The resolver, as the filter would build it from the same settings. */
    public ClientIpResolver resolver() {
        return resolver;
    }

    /** The sets given as text, by setting name ({@code clientIpSources[Header]} for each source), in order. */
    public Map<String, LiveAddressSet> sets() {
        return sets;
    }

    /** Every set's blocks with their provenance now, by setting name, in order. */
    public Map<String, List<RangeOrigin>> ranges() {
        Map<String, List<RangeOrigin>> out = new LinkedHashMap<>();
        origins.forEach((name, ranges) -> out.put(name, ranges.get()));
        return out;
    }

    /** The explainer of these sets, the lock, the origin secret and the rate-limit rules. */
    public Explainer explainer() {
        return explainer;
    }

    /** Stops every set's refreshes. */
    @Override
    public void close() {
        List<LiveAddressSet> all = new ArrayList<>(sets.values());
        all.forEach(LiveAddressSet::close);
    }
}
