package dev.originguard.event;

/**
 * Told of every change to what a filter decides with, for audit pipelines: policy reloads and refusals, range
 * source swaps and refused refreshes. Register one on the filter's builder ({@code listener(...)}); the Spring
 * Boot starter publishes each as an {@code OriginGuardChangeEvent}. Each event's method defaults to
 * {@link #changed}, which does nothing, so an implementation overrides only what it needs: one event's method,
 * or {@code changed} to hear all of them alike.
 *
 * <p>Called on the thread that made the change (a refresh thread {@code originguard-refresh-*}, the policy
 * thread {@code originguard-policy-*}, or the caller of an explicit refresh or reload), after the change is in
 * force. Keep it quick and never block on the network: a slow listener delays the next refresh. An exception
 * thrown by a listener is logged and swallowed; it never undoes or blocks the change.
 */
public interface OriginGuardListener {

    /** A listener that ignores everything. */
    OriginGuardListener NONE = new OriginGuardListener() {
    };

    /** A policy file's new settings are in force. */
    default void policyChanged(PolicyChanged event) {
        changed(event);
    }

    /** A policy file changed but was refused; the last good policy stays in force. */
    default void policyRefused(PolicyRefused event) {
        changed(event);
    }

    /** A range source's new list is in force. */
    default void rangesChanged(RangesChanged event) {
        changed(event);
    }

    /** A range source's refresh was refused; the last good list stays in force. */
    default void refreshFailed(RefreshFailed event) {
        changed(event);
    }

    /** Any change, for a listener that treats them alike; what the other methods call by default. */
    default void changed(OriginGuardEvent event) {
    }
}
