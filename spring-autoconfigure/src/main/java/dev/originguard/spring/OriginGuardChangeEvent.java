package dev.originguard.spring;

import dev.originguard.event.OriginGuardEvent;
import dev.originguard.servlet.OriginGuardFilter;
import java.util.Objects;
import org.springframework.context.ApplicationEvent;

/**
 * A change to what the auto-configured {@link OriginGuardFilter} decides with, published by the starter for
 * audit pipelines: {@link #change()} is the core event ({@code PolicyChanged}, {@code PolicyRefused},
 * {@code RangesChanged} or {@code RefreshFailed}, all in {@code dev.originguard.event}). Listen with
 * {@code @EventListener void on(OriginGuardChangeEvent e)}. Published on the thread that made the change (a
 * refresh or policy thread), after it is in force; keep listeners quick. Holds no secret.
 */
public class OriginGuardChangeEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final transient OriginGuardEvent change;

    /** An event from {@code source} (the filter) about {@code change}. */
    public OriginGuardChangeEvent(Object source, OriginGuardEvent change) {
        super(source);
        this.change = Objects.requireNonNull(change, "change");
    }

    /** What changed. */
    public OriginGuardEvent change() {
        return change;
    }

    @Override
    public String toString() {
        return "OriginGuardChangeEvent[" + change + "]";
    }
}
