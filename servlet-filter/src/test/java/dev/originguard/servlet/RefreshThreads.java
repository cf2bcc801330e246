package dev.originguard.servlet;

import java.util.Set;
import java.util.stream.Collectors;

/** The live threads OriginGuard's range sources start ({@code originguard-refresh-N}, {@code originguard-fetch-N}). */
final class RefreshThreads {

    private RefreshThreads() {
    }

    /** The live threads named {@code originguard-*}. */
    static Set<Thread> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("originguard-"))
                .collect(Collectors.toSet());
    }
}
