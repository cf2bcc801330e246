package dev.originguard.bench;

/**
 * Tells {@code benchmarks/run} which of the pending parts are on the classpath, one {@code name=true|false} a
 * line, so it can leave out the benchmarks that would fail.
 */
public final class Availability {

    private Availability() {
    }

    /** Prints {@code filter=...} and {@code limiter=...}. */
    public static void main(String[] args) {
        System.out.println("filter=" + OriginGuardFilters.available());
        System.out.println("limiter=" + RateLimiterContract.available());
    }
}
