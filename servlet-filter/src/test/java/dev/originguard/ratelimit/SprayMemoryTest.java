package dev.originguard.ratelimit;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.Resolution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local store under an IP-spray: memory per tracked client, the bound, and a rough per-request cost.
 *
 * <p>Method for bytes per tracked client: used heap (after repeated System.gc()) with 100,000 tracked clients
 * minus used heap with the empty limiter, divided by 100,000. The Resolutions are made on the fly and
 * dropped, as in real requests, so the figure covers what the store keeps: the key String, Caffeine's node,
 * the Bucket4j bucket and its state.
 */
class SprayMemoryTest {

    private static final ClientIpResolver RESOLVER = ClientIpResolver.builder()
            .trustedProxies(AddressSet.of("10.0.0.0/8"))
            .build();

    /** The i-th distinct client address, 100.64.0.0 upwards (a million fit below 100.80.0.0). */
    private static String address(int i) {
        return "100." + (64 + (i >>> 16)) + "." + ((i >>> 8) & 255) + "." + (i & 255);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    @Test
    void aMillionAddressSprayStaysBoundedAndMeasuresBytesPerClient() throws InterruptedException {
        int maxClients = RateLimitSettings.DEFAULT_MAX_CLIENTS;
        try (ClientRateLimiter l = ClientRateLimiter.create(RateLimitSettings.builder().limits("100/1m, 2000/1h")
                .build())) {
            long empty = usedHeapAfterGc();
            for (int i = 0; i < maxClients; i++) {
                l.check(RESOLVER.resolve("10.0.0.1", address(i)), "/");
            }
            l.cleanUp();
            assertThat(l.counters().trackedBuckets()).isEqualTo(maxClients);
            long full = usedHeapAfterGc();
            long perClient = (full - empty) / maxClients;

            long start = System.nanoTime();
            int allowed = 0;
            for (int i = maxClients; i < 1_000_000; i++) {
                if (l.check(RESOLVER.resolve("10.0.0.1", address(i)), "/").allowed()) {
                    allowed++;
                }
            }
            assertThat(allowed).as("each sprayed address is new: a full bucket").isEqualTo(900_000);
            long sprayMillis = (System.nanoTime() - start) / 1_000_000;
            l.cleanUp();
            long afterSpray = usedHeapAfterGc();

            System.out.printf("rate-limit local store: %d bytes per tracked client (2 rates; %d clients = %.1f MiB)%n",
                    perClient, maxClients, (full - empty) / 1048576.0);
            System.out.printf("rate-limit spray: 900,000 more addresses in %d ms; tracked %d (bound %d); heap over "
                    + "empty %.1f MiB%n", sprayMillis, l.counters().trackedBuckets(), maxClients,
                    (afterSpray - empty) / 1048576.0);

            assertThat(l.counters().checked()).isEqualTo(1_000_000);
            assertThat(l.counters().trackedBuckets()).isLessThanOrEqualTo(maxClients);
            assertThat(perClient).as("bytes per tracked client").isBetween(50L, 1000L);
            // The million-address spray costs no more than the bound's worth (with slack for GC noise).
            assertThat(afterSpray - empty).isLessThan((long) ((full - empty) * 1.5) + (8L << 20));
        }
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

    @Test
    void perRequestCostWithAHundredThousandActiveClients() {
        int clients = 100_000;
        try (ClientRateLimiter l = ClientRateLimiter.create(RateLimitSettings.builder().limits("1000/1m")
                .build())) {
            Resolution[] active = new Resolution[clients];
            for (int i = 0; i < clients; i++) {
                active[i] = RESOLVER.resolve("10.0.0.1", address(i * 7 % 1_000_000));
                active[i].rateLimitKey(); // format the key once: this measures check(), not the resolver
            }
            long allowed = 0;
            int rounds = 8;
            long best = Long.MAX_VALUE;
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                for (Resolution r : active) {
                    if (l.check(r, "/").allowed()) {
                        allowed++;
                    }
                }
                best = Math.min(best, System.nanoTime() - start);
            }
            System.out.printf("rate-limit local check(): %d ns per request, best of %d rounds over %d active "
                    + "clients (quick in-test timing, not JMH)%n", best / clients, rounds, clients);
            assertThat(allowed).isEqualTo((long) clients * rounds);
            assertThat(l.counters().trackedBuckets()).isEqualTo(clients);
        }
    }
}
