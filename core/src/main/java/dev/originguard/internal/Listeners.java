package dev.originguard.internal;

import dev.originguard.event.OriginGuardEvent;
import dev.originguard.event.OriginGuardListener;
import dev.originguard.event.PolicyChanged;
import dev.originguard.event.PolicyRefused;
import dev.originguard.event.RangesChanged;
import dev.originguard.event.RefreshFailed;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several listeners as one, each called in order; one that throws is logged and the rest still run, so a
 * broken audit hook never undoes or blocks a change. Internal to OriginGuard, not API.
 */
public final class Listeners implements OriginGuardListener {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<OriginGuardListener> listeners;

    private Listeners(List<OriginGuardListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** {@code listeners} as one; {@link OriginGuardListener#NONE} when empty. */
    public static OriginGuardListener of(List<OriginGuardListener> listeners) {
        return listeners.isEmpty() ? OriginGuardListener.NONE : new Listeners(listeners);
    }

    /** Calls the method of {@code listener} that takes {@code event}'s type, never throwing. */
    public static void tell(OriginGuardListener listener, OriginGuardEvent event) {
        try {
            if (event instanceof PolicyChanged e) {
                listener.policyChanged(e);
            } else if (event instanceof PolicyRefused e) {
                listener.policyRefused(e);
            } else if (event instanceof RangesChanged e) {
                listener.rangesChanged(e);
            } else if (event instanceof RefreshFailed e) {
                listener.refreshFailed(e);
            }
        } catch (RuntimeException | LinkageError e) {
            log.warn("OriginGuard listener {} threw on {}; the change stays in force", listener,
                    event.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void changed(OriginGuardEvent event) {
        for (OriginGuardListener listener : listeners) {
            tell(listener, event);
        }
    }

    @Override
    public String toString() {
        return "Listeners" + listeners;
    }
}
