package dev.originguard.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link UnprotectedReactiveApplicationException} into Boot's start-up failure report. */
final class UnprotectedReactiveApplicationFailureAnalyzer
        extends AbstractFailureAnalyzer<UnprotectedReactiveApplicationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnprotectedReactiveApplicationException cause) {
        return new FailureAnalysis("OriginGuard cannot protect this reactive (WebFlux) application: the servlet"
                + " filter never sees its requests, so these settings would not be enforced:\n\n    - "
                + String.join("\n    - ", cause.keys()), UnprotectedReactiveApplicationException.ACTION, cause);
    }
}
