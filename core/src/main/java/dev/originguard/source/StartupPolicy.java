package dev.originguard.source;

/**
 * What {@link LiveAddressSet#start} does when a range source cannot be loaded at start-up (unreachable,
 * or its list refused by validation). The default is {@link #CACHE_ELSE_FAIL}.
 */
public enum StartupPolicy {

    /** Start-up fails unless every source loads fresh; the cache file is not used at start. */
    FAIL,

    /**
     * The default. A source that cannot be loaded starts from its cache file (the last good set written
     * by an earlier run, when a cache directory is configured), logged at WARN; with no usable cache,
     * start-up fails with a {@link dev.originguard.ConfigurationException}. Without a cache directory this
     * is the same as {@link #FAIL}. Safe: the set in force is always one that passed validation.
     */
    CACHE_ELSE_FAIL,

    /**
     * A source that cannot be loaded starts from its cache file, or else EMPTY, logged at ERROR, and is
     * retried with backoff. Availability over protection: until a load succeeds, a proxy source contributes
     * no trusted ranges (clients behind that proxy are seen as the proxy's address).
     */
    CACHE_ELSE_EMPTY;

    /**
     * How the reason of the {@link dev.originguard.ConfigurationException} thrown when a source cannot be
     * loaded at start-up begins, so that a caller can tell an unreachable source from a bad value.
     */
    public static final String LOAD_FAILED = "could not be loaded at start-up";
}
