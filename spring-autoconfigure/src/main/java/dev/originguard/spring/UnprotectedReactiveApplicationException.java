package dev.originguard.spring;

import java.util.List;

/** Start-up refused: a reactive application configures OriginGuard, which only a servlet filter enforces. */
final class UnprotectedReactiveApplicationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    static final String ACTION = "Add dev.originguard:originguard-webflux, which protects WebFlux applications with"
            + " the same settings; or run the application on the servlet stack (spring-boot-starter-webmvc)."
            + " To start without OriginGuard, remove the originguard.* settings or set originguard.enabled=false.";

    private final List<String> keys;

    UnprotectedReactiveApplicationException(List<String> keys) {
        super("OriginGuard cannot protect this reactive (WebFlux) application: the servlet filter never sees its"
                + " requests, so " + String.join(", ", keys) + " would not be enforced. " + ACTION);
        this.keys = List.copyOf(keys);
    }

    List<String> keys() {
        return keys;
    }
}
