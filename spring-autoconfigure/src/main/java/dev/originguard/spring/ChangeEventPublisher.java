package dev.originguard.spring;

import dev.originguard.event.OriginGuardEvent;
import dev.originguard.event.OriginGuardListener;
import org.springframework.context.ApplicationEventPublisher;

/** Publishes each OriginGuard change as an {@link OriginGuardChangeEvent} in the application context. */
final class ChangeEventPublisher implements OriginGuardListener {

    private final ApplicationEventPublisher events;
    // The filter, once built; events of its start-up (a source refused at start) come from this publisher.
    private volatile Object source = this;

    ChangeEventPublisher(ApplicationEventPublisher events) {
        this.events = events;
    }

    /** Names the filter as the source of the events from now on. */
    void source(Object filter) {
        this.source = filter;
    }

    @Override
    public void changed(OriginGuardEvent change) {
        events.publishEvent(new OriginGuardChangeEvent(source, change));
    }

    @Override
    public String toString() {
        return "OriginGuardChangeEvent publisher";
    }
}
