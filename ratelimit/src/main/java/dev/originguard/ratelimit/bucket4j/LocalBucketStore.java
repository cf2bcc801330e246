package dev.originguard.ratelimit.bucket4j;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Buckets in this JVM: {@link LocalTokenBucket}s (Bucket4j's greedy refill, in one small object) in a Caffeine cache bounded to {@code maxClients} entries
 * and expiring after the longest period of no access, so a spray of a million source addresses costs at
 * most {@code maxClients} buckets. Caffeine's admission policy (W-TinyLFU) keeps the buckets of clients
 * seen often over one-off addresses, so a spray hardly evicts the abusers it is meant to shelter.
 */
final class LocalBucketStore implements BucketStore {

    private final Cache<String, LocalTokenBucket> buckets;
    private final Map<LimitRule, Function<String, LocalTokenBucket>> factories = new IdentityHashMap<>();
    private final LimitRule defaultRule;
    private final TimeMeter time;

    /**
     * @param time the buckets' clock: {@link TimeMeter#SYSTEM_NANOTIME} in production, so a wall-clock step
     *             (NTP, a VM resumed, an operator) neither refills a bucket at once nor freezes it with a
     *             false Retry-After; a manual one in tests
     * @param pathRules the other rules: the path rules and the IPv6 network rules
     */
    LocalBucketStore(int maxClients, LimitRule defaultRule, List<LimitRule> pathRules, TimeMeter time) {
        this.defaultRule = defaultRule;
        this.time = time;
        Duration idle = defaultRule.fullRefill();
        addFactory(defaultRule);
        for (LimitRule r : pathRules) {
            addFactory(r);
            idle = idle.compareTo(r.fullRefill()) >= 0 ? idle : r.fullRefill();
        }
        // A bucket untouched for its longest period is full again: expiring it then loses nothing.
        // Maintenance stays on Caffeine's default executor: run on the request thread instead, it doubled the
        // check for a known client (LimiterBenchmark.limiterCheck 1,209 +- 230 ns against 491 +- 71 ns).
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxClients)
                .expireAfterAccess(idle)
                .build();
    }

    private void addFactory(LimitRule rule) {
        if (rule.limited()) {
            // One shape per rule, shared; a new client then costs one small object (see LocalTokenBucket),
            // where a Bucket4j bucket with its state, lock and listener cost several: the cost of every new
            // client, which a spray or a crowd of one-off visitors pays on every request.
            LocalTokenBucket.Shape shape = new LocalTokenBucket.Shape(rule.rates());
            factories.put(rule, key -> new LocalTokenBucket(shape, time));
        }
    }

    @Override
    public ConsumptionProbe tryConsume(LimitRule rule, String clientKey) {
        // The default rule keys on the client alone: no allocation on the common path.
        String key = rule == defaultRule ? clientKey : rule.keyPart() + clientKey;
        return buckets.get(key, factories.get(rule)).tryConsume();
    }

    @Override
    public long trackedBuckets() {
        return buckets.estimatedSize();
    }

    TimeMeter time() {
        return time;
    }

    /** Runs pending evictions now (tests and memory measurements). */
    void cleanUp() {
        buckets.cleanUp();
    }

    @Override
    public String description() {
        return "local";
    }

    @Override
    public void close() {
        buckets.invalidateAll();
    }
}
