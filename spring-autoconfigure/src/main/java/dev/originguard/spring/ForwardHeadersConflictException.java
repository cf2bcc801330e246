package dev.originguard.spring;

import java.util.List;

/** Start-up refused: Spring Boot's forwarded-header handling would defeat OriginGuard. */
final class ForwardHeadersConflictException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    static final String ACTION = "Set server.forward-headers-strategy=none and remove any ForwardedHeaderFilter bean:"
            + " OriginGuard replaces them, believing forwarding headers only from originguard.trusted-proxies and"
            + " restoring the client address, scheme and host for the application.";

    private final List<String> problems;

    ForwardHeadersConflictException(List<String> problems) {
        super("OriginGuard cannot protect this application: " + String.join("; ", problems) + ". " + ACTION);
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
