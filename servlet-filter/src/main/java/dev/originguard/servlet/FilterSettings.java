package dev.originguard.servlet;

import dev.originguard.ClientIpResolver;
import dev.originguard.OriginSecret;
import dev.originguard.ratelimit.ClientRateLimiter;
import java.util.List;

/**
 * Everything an {@link OriginGuardFilter} decides with, built once by its {@link OriginGuardFilter.Builder}.
 * {@code originSecret} and {@code rateLimiter} are null when not configured.
 */
record FilterSettings(
        ClientIpResolver resolver,
        LockOrigin lockOrigin,
        ExemptPaths exemptPaths,
        TargetHeaders targetHeaders,
        OriginSecret originSecret,
        ClientRateLimiter rateLimiter,
        List<AutoCloseable> resources) {

    FilterSettings {
        resources = List.copyOf(resources);
    }
}
