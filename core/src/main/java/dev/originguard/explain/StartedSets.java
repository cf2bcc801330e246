package dev.originguard.explain;

import dev.originguard.ClientIpResolver;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.source.LiveAddressSet;
import dev.originguard.source.RangeOrigin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The address sets of {@link OriginGuardSettings} started (inline entries compiled, range sources loaded once
 * under the settings' start-up policy and refreshed in the background) and the resolver built on them the way
 * the filter builds its own: for tools that work from a policy file without a servlet container
 * ({@code originguard-cli}), and anything else that wants {@link #explainer()} or {@link #ranges()} for settings
 * it holds. The sets are started exactly as the filters start theirs (one shared assembly). {@link #close()}
 * stops the refreshes.
 */
public final class StartedSets implements AutoCloseable {

    private final dev.originguard.internal.StartedSets started;
    private final ClientIpResolver resolver;
    private final Explainer explainer;

    private StartedSets(dev.originguard.internal.StartedSets started, ClientIpResolver resolver,
            OriginGuardSettings settings) {
        this.started = started;
        this.resolver = resolver;
        this.explainer = started.explainer(resolver, settings);
    }

    /**
     * Starts every address set of {@code settings}, loading range sources on the calling thread.
     *
     * @throws dev.originguard.ConfigurationException when a source cannot be loaded under the start-up policy
     */
    public static StartedSets start(OriginGuardSettings settings) {
        dev.originguard.internal.StartedSets started = new dev.originguard.internal.StartedSets(settings.ranges());
        try {
            return new StartedSets(started, started.resolver(settings.trust()), settings);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    /** The resolver, as the filter would build it from the same settings. */
    public ClientIpResolver resolver() {
        return resolver;
    }

    /** The sets given as text, by setting name ({@code clientIpSources[Header]} for each source), in order. */
    public Map<String, LiveAddressSet> sets() {
        return started.fromText();
    }

    /** Every set's blocks with their provenance now, by setting name, in order. */
    public Map<String, List<RangeOrigin>> ranges() {
        Map<String, List<RangeOrigin>> out = new LinkedHashMap<>();
        for (dev.originguard.internal.StartedSets.NamedSet named : started.named()) {
            out.put(named.name(), named.ranges().get());
        }
        return out;
    }

    /** The explainer of these sets, the lock, the origin secret and the rate-limit rules. */
    public Explainer explainer() {
        return explainer;
    }

    /** Stops every set's refreshes. */
    @Override
    public void close() {
        started.close();
    }
}
