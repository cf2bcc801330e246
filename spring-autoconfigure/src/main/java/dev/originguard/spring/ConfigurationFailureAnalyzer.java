package dev.originguard.spring;

import dev.originguard.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused {@code originguard.*} value into Boot's start-up failure report: property, value, reason. */
final class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
        String property = cause.where();
        return new FailureAnalysis("Invalid OriginGuard setting:\n\n    Property: " + property
                + "\n    Value: '" + cause.value() + "'\n    Reason: " + cause.reason(),
                "Correct " + property + " in the application's configuration (application.yml or"
                        + " application.properties).", cause);
    }
}
