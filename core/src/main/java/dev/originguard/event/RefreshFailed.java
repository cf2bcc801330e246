package dev.originguard.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A range source's refresh was refused (fetch failed, a check refused the list): the last good list stays in
 * force and the refresh is retried with backoff.
 *
 * @param setting  the setting the source is in, such as {@code trustedProxies}
 * @param source   the source as written, redacted
 * @param location the redacted URL or file
 * @param at       when the refresh was refused
 * @param error    why, redacted and with control characters escaped
 */
public record RefreshFailed(String setting, String source, String location, Instant at, String error)
        implements OriginGuardEvent {

    /** A refusal; every part but {@code location} required. */
    public RefreshFailed {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(error, "error");
    }
}
