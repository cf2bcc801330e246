package dev.originguard.servlet;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.OriginSecret;
import dev.originguard.Resolution;
import dev.originguard.ratelimit.ClientRateLimiter;
import dev.originguard.source.LiveAddressSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything an {@link OriginGuardFilter} decides with, built once by its {@link OriginGuardFilter.Builder}.
 * {@code originSecret} and {@code rateLimiter} are null when not configured. {@code sets} names each address
 * set for {@link OriginGuardFilter#status()}.
 */
record FilterSettings(
        ClientIpResolver resolver,
        LockOrigin lockOrigin,
        ExemptPaths exemptPaths,
        TargetHeaders targetHeaders,
        OriginSecret originSecret,
        ClientRateLimiter rateLimiter,
        RemoveForwardingHeaders removeForwardingHeaders,
        HiddenHeaders hiddenHeaders,
        List<AutoCloseable> resources,
        List<NamedSet> sets) {

    FilterSettings {
        resources = List.copyOf(resources);
        sets = List.copyOf(sets);
    }

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

    /**
     * An address set under its setting's name.
     *
     * @param live the refreshing set behind {@code set}, or null for a fixed one
     */
    record NamedSet(String name, Supplier<AddressSet> set, LiveAddressSet live) {
    }
}
