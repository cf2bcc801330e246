package dev.originguard.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A policy file changed but could not be put in force (it does not parse, a setting is refused, a key is set
 * both in the file and in the application, a range source cannot be loaded): the last good policy stays.
 *
 * @param file   the policy file, as configured
 * @param at     when the read was refused
 * @param sha256 the SHA-256 of the bytes refused, in lower-case hex; null when the file could not be read
 * @param error  why, naming the file, line and setting (control characters escaped, no secret)
 */
public record PolicyRefused(String file, Instant at, String sha256, String error) implements OriginGuardEvent {

    /** A refusal; {@code file}, {@code at} and {@code error} required. */
    public PolicyRefused {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(error, "error");
    }
}
