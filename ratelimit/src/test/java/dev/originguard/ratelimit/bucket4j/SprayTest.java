package dev.originguard.ratelimit.bucket4j;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.Resolution;
import dev.originguard.ratelimit.RateLimitSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local store under an IP spray keeps the buckets of the clients it sees often. The memory and cost
 * figures of a spray are a measurement, not a test: {@code dev.originguard.bench.SprayMemory} in the
 * benchmarks module, run by {@code benchmarks/run}.
 */
class SprayTest {

    private static final ClientIpResolver RESOLVER = ClientIpResolver.builder()
            .trustedProxies(AddressSet.of("10.0.0.0/8"))
            .build();

    /** The i-th distinct client address, 100.64.0.0 upwards (a million fit below 100.80.0.0). */
    private static String address(int i) {
        return "100." + (64 + (i >>> 16)) + "." + ((i >>> 8) & 255) + "." + (i & 255);
    }

    @Test
    void anAbuserKeepsItsBucketThroughASpray() {
        try (ClientRateLimiter l = ClientRateLimiter.create(RateLimitSettings.builder().limits("50/1h")
                .maxClients(1_000).build())) {
            Resolution abuser = RESOLVER.resolve("10.0.0.1", "203.0.113.66");
            for (int i = 0; i < 50; i++) {
                assertThat(l.check(abuser, "/").allowed()).isTrue();
            }
            // A spray of one-off addresses, the abuser still hammering in between: Caffeine's frequency-based
            // admission keeps its (empty) bucket, so the spray does not hand it a fresh one.
            for (int i = 0; i < 100_000; i++) {
                l.check(RESOLVER.resolve("10.0.0.1", address(i)), "/");
                if (i % 100 == 0) {
                    assertThat(l.check(abuser, "/").allowed()).as("abuser at spray step %d", i).isFalse();
                }
            }
            l.cleanUp();
            assertThat(l.counters().trackedBuckets()).isLessThanOrEqualTo(1_000);
        }
    }
}
