package dev.originguard.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link ForwardHeadersConflictException} into Boot's start-up failure report. */
final class ForwardHeadersConflictFailureAnalyzer extends AbstractFailureAnalyzer<ForwardHeadersConflictException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ForwardHeadersConflictException cause) {
        return new FailureAnalysis("OriginGuard cannot protect this application:\n\n    - "
                + String.join("\n    - ", cause.problems()), ForwardHeadersConflictException.ACTION, cause);
    }
}
