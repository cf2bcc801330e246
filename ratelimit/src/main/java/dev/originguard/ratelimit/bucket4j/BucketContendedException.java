package dev.originguard.ratelimit.bucket4j;

/**
 * A shared bucket was too busy to take a token within the store timeout: the store answered, but other
 * requests of the same client kept winning the update. Not a store failure, so the fail mode does not apply:
 * the request is refused (429) as if over its limit, which is where a client this busy almost always is.
 */
final class BucketContendedException extends RuntimeException {

    BucketContendedException(String message) {
        super(message, null, false, false); // thrown on a hot path: no stack trace
    }
}
