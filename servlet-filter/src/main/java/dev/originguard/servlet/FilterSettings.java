package dev.originguard.servlet;

import dev.originguard.event.OriginGuardListener;
import dev.originguard.explain.Explainer;
import dev.originguard.internal.ExemptPaths;
import dev.originguard.internal.StartedSets;
import dev.originguard.settings.RemoveForwardingHeaders;
import dev.originguard.settings.LockOrigin;
import dev.originguard.ClientIpResolver;
import dev.originguard.OriginSecret;
import dev.originguard.Resolution;
import dev.originguard.ratelimit.Rate;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.source.LiveAddressSet;
import dev.originguard.ConfigurationException;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.settings.Setting;
import dev.originguard.settings.TrustSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything an {@link OriginGuardFilter} decides with, assembled once from {@link OriginGuardSettings}: the
 * settings' address sets started (range sources loaded and scheduled), the resolver, the header rules and the
 * rate limiter.
 * {@code originSecret} and {@code gate} are null when not configured. {@code sets} names each address
 * set for {@link OriginGuardFilter#status()}.
 */
record FilterSettings(
        ClientIpResolver resolver,
        LockOrigin lockOrigin,
        ExemptPaths exemptPaths,
        TargetHeaders targetHeaders,
        OriginSecret originSecret,
        PeerCertificateCheck certificateCheck,
        RequestGate gate,
        RemoveForwardingHeaders removeForwardingHeaders,
        HiddenHeaders hiddenHeaders,
        List<AutoCloseable> resources,
        List<StartedSets.NamedSet> sets,
        Explainer explainer) {

    FilterSettings {
        resources = List.copyOf(resources);
        sets = List.copyOf(sets);
    }

    private static final Logger log = LoggerFactory.getLogger(FilterSettings.class);

    /**
     * Starts what {@code settings} describe. On failure, whatever had started is closed again, so a
     * half-built filter leaves no refresh thread behind.
     *
     * @throws ConfigurationException when a source cannot be loaded under the start-up policy
     */
    static FilterSettings assemble(OriginGuardSettings settings) {
        return assemble(settings, OriginGuardListener.NONE);
    }

    /** As {@link #assemble(OriginGuardSettings)}, the range sources telling {@code listener} of each change. */
    static FilterSettings assemble(OriginGuardSettings settings, OriginGuardListener listener) {
        TrustSettings trust = settings.trust();
        StartedSets sets = new StartedSets(settings.ranges(), listener);
        RequestGate gate = null;
        try {
            ClientIpResolver built = sets.resolver(trust);
            PeerCertificateCheck certificateCheck = null;
            if (trust.proxyCertificate() != null) {
                certificateCheck = new PeerCertificateCheck(trust.proxyCertificate(), trust.proxyCertificateFrom() == null
                        ? null : sets.start(Setting.PROXY_CERTIFICATE_FROM.key(), trust.proxyCertificateFrom()));
            }
            gate = settings.rateLimit() == null ? null : rateLimitGate(settings.rateLimit());
            List<AutoCloseable> started = new ArrayList<>(sets.live());
            if (gate != null) {
                started.add(gate);
            }
            OriginSecret secret = settings.originSecret();
            List<String> hiddenNames = new ArrayList<>(built.sourceHeaders());
            hiddenNames.addAll(java.util.Arrays.asList(trust.protocolHeader(), trust.hostHeader(), trust.portHeader()));
            HiddenHeaders hidden = HiddenHeaders.of(secret == null ? null : secret.headerName(),
                    hiddenNames.toArray(String[]::new));
            return new FilterSettings(built, settings.lock().mode(), ExemptPaths.of(settings.lock().exemptPaths()),
                    new TargetHeaders(trust.protocolHeader(), trust.hostHeader(), trust.portHeader(),
                            trust.tlsSchemes()), secret, certificateCheck,
                    gate, trust.removeForwardingHeaders(), hidden, started, sets.named(),
                    sets.explainer(built, settings));
        } catch (RuntimeException e) {
            sets.close();
            if (gate != null) {
                gate.close();
            }
            throw e;
        }
    }

    /** Closes each resource, logging (on {@code log}) and going on past one that fails. */
    static void closeAll(List<AutoCloseable> resources, Logger log) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("OriginGuardFilter: closing {} failed", resource, e);
            }
        }
    }

    /** A snapshot of these settings with the filter's request counts, for {@link OriginGuardFilter#status()}. */
    OriginGuardStatus status(OriginGuardStatus.RequestCounts counts, OriginGuardStatus.PolicyStatus policy) {
        List<OriginGuardStatus.AddressSetStatus> statuses = new ArrayList<>(sets.size());
        for (StartedSets.NamedSet named : sets) {
            LiveAddressSet live = named.live();
            statuses.add(new OriginGuardStatus.AddressSetStatus(named.name(), named.set().get().rangeCount(),
                    live != null, live == null ? List.of() : live.statuses()));
        }
        OriginGuardStatus.RateLimitCounts rateLimit = gate == null ? null : gate.counts();
        return new OriginGuardStatus(lockOrigin, String.join(", ", resolver.sourceHeaders()), originSecret != null, statuses, counts,
                rateLimit, policy);
    }

    /** Refreshes every range source of every set now, for {@link OriginGuardFilter#refreshRanges()}. */
    void refreshRanges() {
        for (StartedSets.NamedSet named : sets) {
            if (named.live() != null) {
                named.live().refreshNow();
            }
        }
    }

    /**
     * The rate-limit gate of the {@code originguard-ratelimit} artifact, found as a service; without it on the
     * class path rate limiting cannot be honoured, and a security filter must not start without it.
     */
    static RequestGate rateLimitGate(RateLimitSettings rateLimit) {
        for (RequestGate.Factory factory : ServiceLoader.load(RequestGate.Factory.class,
                FilterSettings.class.getClassLoader())) {
            return factory.create(rateLimit);
        }
        throw new ConfigurationException(Setting.RATE_LIMIT.key(), Rate.toString(rateLimit.limits()),
                "needs rate limiting on the class path: add the dependency " + RATE_LIMIT_ARTIFACT);
    }

    /** The artifact that implements rate limiting. */
    static final String RATE_LIMIT_ARTIFACT = "dev.originguard:originguard-ratelimit";

    /**
     * The headers to hide from the application for this request, or null to show all. The origin-secret header
     * is hidden in every mode, verified or not: its name marks a header that carries the secret.
     */
    HiddenHeaders hiddenFor(Resolution resolution) {
        switch (removeForwardingHeaders) {
            case ALL:
                return hiddenHeaders;
            case UNTRUSTED:
                return resolution.peerTrusted() ? hiddenHeaders.secretOnly() : hiddenHeaders;
            default:
                return hiddenHeaders.secretOnly();
        }
    }
}
