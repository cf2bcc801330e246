package dev.originguard.source;

/**
 * Why one fetch or validation of a range source was refused. Never leaves the package: a refused refresh
 * keeps the last good set and is recorded in the source's {@link SourceStatus}.
 */
final class RefreshFailure extends Exception {

    private static final long serialVersionUID = 1L;

    RefreshFailure(String message) {
        super(message);
    }

    RefreshFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
