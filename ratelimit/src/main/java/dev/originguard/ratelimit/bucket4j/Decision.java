package dev.originguard.ratelimit.bucket4j;

/**
 * The rate limiter's verdict on one request, immutable. Made by {@link ClientRateLimiter#check}.
 *
 * <p>{@link #allowed()} already reflects the mode and fail mode: in report mode a request over its limit is
 * {@link Outcome#REPORTED} and allowed; a store failure is allowed unless the fail mode is closed.
 */
public final class Decision {

    /** Why the request was allowed or not. */
    public enum Outcome {
        /** Within its limit: a token was taken. */
        ALLOWED,
        /** Over its limit: rejected (429). */
        LIMITED,
        /** Over its limit in report mode: allowed, counted and logged. */
        REPORTED,
        /** The client is rate-limit exempt (a trusted proxy's own request or whitelisted): not counted. */
        EXEMPT,
        /** The path's rule is {@code off}: not counted. */
        NOT_LIMITED,
        /** The store failed and the fail mode is open: allowed without counting. */
        STORE_FAILED_OPEN,
        /** The store failed and the fail mode is closed: rejected (503). */
        STORE_FAILED_CLOSED,
        /**
         * The client's shared bucket stayed busy with its other requests past the store timeout: rejected
         * (429, {@code Retry-After: 1}), whatever the fail mode, since the store itself answered.
         */
        CONTENDED
    }

    static final Decision EXEMPT = new Decision(Outcome.EXEMPT, -1, 0, 0, null);
    static final Decision NOT_LIMITED = new Decision(Outcome.NOT_LIMITED, -1, 0, 0, null);
    static final Decision STORE_FAILED_OPEN = new Decision(Outcome.STORE_FAILED_OPEN, -1, 0, 0, null);
    // A store outage is not the client's doing: a short Retry-After, whatever the rule's window.
    static final Decision STORE_FAILED_CLOSED = new Decision(Outcome.STORE_FAILED_CLOSED, -1, 1, 0, null);
    // The bucket's state is unknown (the update never landed): no RateLimit headers, the shortest retry.
    static final Decision CONTENDED = new Decision(Outcome.CONTENDED, -1, 1, 0, null);

    private final Outcome outcome;
    private final long remaining;
    private final long retryAfterSeconds;
    private final long resetSeconds;
    private final LimitRule rule;

    Decision(Outcome outcome, long remaining, long retryAfterSeconds, long resetSeconds, LimitRule rule) {
        this.outcome = outcome;
        this.remaining = remaining;
        this.retryAfterSeconds = retryAfterSeconds;
        this.resetSeconds = resetSeconds;
        this.rule = rule;
    }

    /** Whether the request may go on. */
    public boolean allowed() {
        return outcome != Outcome.LIMITED && outcome != Outcome.STORE_FAILED_CLOSED && outcome != Outcome.CONTENDED;
    }

    /** Why. */
    public Outcome outcome() {
        return outcome;
    }

    /** Requests the client may still make now (the least over the rule's rates), or -1 when not counted. */
    public long remaining() {
        return remaining;
    }

    /**
     * Whole seconds (at least 1) until the client may retry, when {@link Outcome#LIMITED},
     * {@link Outcome#REPORTED}, {@link Outcome#STORE_FAILED_CLOSED} or {@link Outcome#CONTENDED}; otherwise 0.
     */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Whole seconds until the client's bucket is full again, or 0 when not counted. */
    public long resetSeconds() {
        return resetSeconds;
    }

    /** The rule that applied: {@code *} for {@code rateLimit}, else the {@code rateLimitPaths} pattern; or null. */
    public String rule() {
        return rule == null ? null : rule.pattern();
    }

    /**
     * The {@code RateLimit-Policy} field value (draft-ietf-httpapi-ratelimit-headers), one item per rate,
     * such as {@code "100/1m";q=100;w=60, "2000/1h";q=2000;w=3600}; null when the request was not counted.
     */
    public String policyHeader() {
        return rule == null ? null : rule.policyField();
    }

    /**
     * The {@code RateLimit} field value, such as {@code "100/1m";r=42;t=17}: {@code r} is {@link #remaining()}
     * (the least over all the rule's rates, so never more than the named policy allows), {@code t} the
     * seconds until the quota resets: on a rejection {@link #retryAfterSeconds()} (when the next request can
     * pass), otherwise {@link #resetSeconds()} (when the bucket is full again); null when the request was not
     * counted. An allowed request that took the last token gets the reset time, never 0, so a client that
     * honours {@code t} does not walk into a 429.
     */
    public String rateLimitHeader() {
        if (rule == null) {
            return null;
        }
        long t = retryAfterSeconds > 0 ? retryAfterSeconds : resetSeconds;
        return rule.firstPolicyName() + ";r=" + remaining + ";t=" + t;
    }

    @Override
    public String toString() {
        return "Decision[" + outcome + (rule == null ? "" : ", rule=" + rule.pattern() + ", remaining=" + remaining
                + ", retryAfter=" + retryAfterSeconds + "s, reset=" + resetSeconds + "s") + "]";
    }
}
