package dev.originguard.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A range source's refresh swapped in a new list (the first load at start-up is not a change).
 *
 * @param setting  the setting the source is in, such as {@code trustedProxies}
 * @param source   the source as written, redacted ({@code cloudflare}, {@code file:/etc/lb.txt})
 * @param location the redacted URL or file it was read from
 * @param at       when the new list took effect
 * @param added    CIDR blocks added, canonical
 * @param removed  CIDR blocks removed, canonical
 */
public record RangesChanged(String setting, String source, String location, Instant at, List<String> added,
        List<String> removed) implements OriginGuardEvent {

    /** Copies the lists. */
    public RangesChanged {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }
}
