package dev.originguard.spring;

import dev.originguard.ConfigurationException;
import dev.originguard.source.StartupPolicy;
import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a refused {@code originguard.*} value into Boot's start-up failure report: property, value, reason, and
 * an action that fits the cause (correct the value; make the source reachable or change the start-up policy).
 */
final class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
        String property = cause.where();
        String description = "Invalid OriginGuard setting:\n\n    Property: " + property
                + "\n    Value: '" + cause.value() + "'\n    Reason: " + cause.reason();
        if (cause.reason().startsWith(StartupPolicy.LOAD_FAILED)) {
            return new FailureAnalysis(description, "Make the source '" + cause.value() + "' reachable, or set "
                    + FilterFromProperties.PREFIX + "ranges.cache-directory so a cached copy of its last good list"
                    + " is used, or set " + FilterFromProperties.PREFIX + "ranges.startup=cache-else-empty to"
                    + " start without it (cache-else-fail, the default, and fail refuse to start).", cause);
        }
        return new FailureAnalysis(description, "Correct " + property + " in the application's configuration"
                + " (application.yml or application.properties).", cause);
    }

    /** The report on keys under {@code originguard.} that the starter does not know. */
    static final class UnknownKeys extends AbstractFailureAnalyzer<UnknownPropertyException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, UnknownPropertyException cause) {
            String description = "Unknown OriginGuard setting" + (cause.unknown().size() > 1 ? "s" : "") + ":\n\n"
                    + cause.unknown().stream().map(u -> "    Property: " + u.key() + "\n    Origin: " + u.origin()
                            + "\n    Reason: is not an OriginGuard setting; a misspelt key would leave the"
                            + " application unprotected").collect(Collectors.joining("\n\n"));
            String action = cause.unknown().stream().map(u -> u.suggestion() != null
                    ? "Did you mean " + u.suggestion() + "? Rename " + u.key() + "."
                    : "Remove " + u.key() + "; the settings are listed in docs/spring-boot.md.")
                    .collect(Collectors.joining("\n"));
            return new FailureAnalysis(description, action, cause);
        }
    }
}
