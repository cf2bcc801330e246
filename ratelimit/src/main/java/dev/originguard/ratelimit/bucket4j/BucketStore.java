package dev.originguard.ratelimit.bucket4j;

import io.github.bucket4j.ConsumptionProbe;

/** Where the buckets live: this JVM, or a store every origin node shares. */
interface BucketStore extends AutoCloseable {

    /**
     * Takes one token from the client's bucket under the rule, creating the bucket full when it is new.
     *
     * @throws RuntimeException when the store cannot answer (unreachable, timed out)
     */
    ConsumptionProbe tryConsume(LimitRule rule, String clientKey);

    /** Buckets held now, approximately, or -1 when the store cannot tell cheaply. */
    long trackedBuckets();

    /** The store for log lines, without credentials. */
    String description();

    @Override
    void close();
}
