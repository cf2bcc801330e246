package dev.originguard.event;

import java.time.Instant;

/**
 * Something that changed, or failed to change, what an OriginGuard filter decides with: a policy file reloaded
 * ({@link PolicyChanged}) or refused ({@link PolicyRefused}), a range source's list swapped
 * ({@link RangesChanged}) or refused ({@link RefreshFailed}). Immutable records, handed to an
 * {@link OriginGuardListener} for audit pipelines. No secret is ever in one: an origin secret shows only as
 * changed, locations are redacted.
 */
public sealed interface OriginGuardEvent permits PolicyChanged, PolicyRefused, RangesChanged, RefreshFailed {

    /** When it happened. */
    Instant at();
}
