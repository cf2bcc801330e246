package dev.originguard.spring;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Start-up refused: a key under {@code originguard.} that the starter does not bind, such as a misspelt
 * {@code originguard.lock-orign}. Reported by {@link ConfigurationFailureAnalyzer}.
 */
final class UnknownPropertyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * One unknown key.
     *
     * @param key        the key as written in its source
     * @param origin     where it was written (file and line, environment variable), or the property source
     * @param suggestion the known key it most likely means, or null
     */
    record Unknown(String key, String origin, String suggestion) {
    }

    private final transient List<Unknown> unknown;

    UnknownPropertyException(List<Unknown> unknown) {
        super(unknown.stream().map(u -> u.key() + " (" + u.origin() + ") is not an OriginGuard setting"
                + (u.suggestion() == null ? "" : "; did you mean " + u.suggestion() + "?"))
                .collect(Collectors.joining("\n")));
        this.unknown = List.copyOf(unknown);
    }

    /** The unknown keys, highest-precedence source first. */
    List<Unknown> unknown() {
        return unknown;
    }
}
