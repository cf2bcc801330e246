package dev.originguard.servlet;

import dev.originguard.ClientIpResolver;
import java.util.List;

/** Everything an {@link OriginGuardFilter} decides with, built once by its {@link OriginGuardFilter.Builder}. */
record FilterSettings(
        ClientIpResolver resolver,
        LockOrigin lockOrigin,
        ExemptPaths exemptPaths,
        TargetHeaders targetHeaders,
        List<AutoCloseable> resources) {

    FilterSettings {
        resources = List.copyOf(resources);
    }
}
