package dev.originguard.bench;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.Resolution;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.ratelimit.bucket4j.ClientRateLimiter;
import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * The local rate-limit store under an IP spray: memory per tracked client, the bound, and a rough per-request
 * cost. A measurement, not a test: heap figures after {@code System.gc()} depend on the JVM, the collector
 * and whatever else runs, so they are printed for {@code docs/rate-limiting.md}, never asserted. Only what
 * does not depend on the heap (the bound holds, every sprayed address gets a full bucket) stops the run.
 *
 * <p>Method for bytes per tracked client: used heap (after repeated {@code System.gc()}) with the bound's
 * worth of tracked clients minus used heap with the empty limiter, divided by the bound. The Resolutions are
 * made on the fly and dropped, as in real requests, so the figure covers what the store keeps: the key
 * String, Caffeine's node, the Bucket4j bucket and its state.
 *
 * <p>Run by {@code benchmarks/run}: {@code java -cp benchmarks.jar dev.originguard.bench.SprayMemory}.
 */
public final class SprayMemory {

    private static final ClientIpResolver RESOLVER = ClientIpResolver.builder()
            .trustedProxies(AddressSet.of("10.0.0.0/8"))
            .build();

    private SprayMemory() {
    }

    /**
     * Prints the figures for the documented sizes: 100,000 tracked clients, a 1,000,000-address spray,
     * 100,000 active clients.
     *
     * @param args none
     * @throws Exception when the limiter misbehaves
     */
    public static void main(String[] args) throws Exception {
        spray(RateLimitSettings.DEFAULT_MAX_CLIENTS, 1_000_000, System.out);
        checkCost(100_000, 8, System.out);
    }

    /** The i-th distinct client address, 100.64.0.0 upwards (a million fit below 100.80.0.0). */
    static String address(int i) {
        return "100." + (64 + (i >>> 16)) + "." + ((i >>> 8) & 255) + "." + (i & 255);
    }

    static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    /** Fills a store of {@code maxClients} buckets, then sprays up to {@code addresses} distinct clients. */
    static void spray(int maxClients, int addresses, PrintStream out) throws Exception {
        try (ClientRateLimiter l = ClientRateLimiter.create(RateLimitSettings.builder().limits("100/1m, 2000/1h")
                .maxClients(maxClients).build())) {
            long empty = usedHeapAfterGc();
            for (int i = 0; i < maxClients; i++) {
                l.check(RESOLVER.resolve("10.0.0.1", address(i)), "/");
            }
            cleanUp(l);
            require(l.counters().trackedBuckets() == maxClients, "tracked " + l.counters().trackedBuckets()
                    + " buckets after " + maxClients + " clients");
            long full = usedHeapAfterGc();
            long perClient = (full - empty) / maxClients;

            long start = System.nanoTime();
            int allowed = 0;
            for (int i = maxClients; i < addresses; i++) {
                if (l.check(RESOLVER.resolve("10.0.0.1", address(i)), "/").allowed()) {
                    allowed++;
                }
            }
            require(allowed == addresses - maxClients, "each sprayed address is new, so a full bucket: allowed "
                    + allowed + " of " + (addresses - maxClients));
            long sprayMillis = (System.nanoTime() - start) / 1_000_000;
            cleanUp(l);
            long afterSpray = usedHeapAfterGc();

            out.printf("rate-limit local store: %d bytes per tracked client (2 rates; %d clients = %.1f MiB)%n",
                    perClient, maxClients, (full - empty) / 1048576.0);
            out.printf("rate-limit spray: %,d more addresses in %d ms; tracked %d (bound %d); heap over empty "
                    + "%.1f MiB%n", addresses - maxClients, sprayMillis, l.counters().trackedBuckets(), maxClients,
                    (afterSpray - empty) / 1048576.0);
            require(l.counters().checked() == addresses, "checked " + l.counters().checked());
            require(l.counters().trackedBuckets() <= maxClients, "tracked " + l.counters().trackedBuckets()
                    + " over the bound " + maxClients);
        }
    }

    /** Times {@code check()} over {@code clients} active clients taken in turn; prints the best round. */
    static void checkCost(int clients, int rounds, PrintStream out) throws Exception {
        try (ClientRateLimiter l = ClientRateLimiter.create(RateLimitSettings.builder().limits("1000/1m")
                .maxClients(Math.max(clients, RateLimitSettings.DEFAULT_MAX_CLIENTS)).build())) {
            Resolution[] active = new Resolution[clients];
            for (int i = 0; i < clients; i++) {
                active[i] = RESOLVER.resolve("10.0.0.1", address(i * 7 % 1_000_000));
                active[i].rateLimitKey(); // format the key once: this measures check(), not the resolver
            }
            long allowed = 0;
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
            out.printf("rate-limit local check(): %d ns per request, best of %d rounds over %d active clients "
                    + "(quick timing, not JMH)%n", best / clients, rounds, clients);
            require(allowed == (long) clients * rounds, "allowed " + allowed + " of " + (long) clients * rounds);
            require(l.counters().trackedBuckets() == clients, "tracked " + l.counters().trackedBuckets());
        }
    }

    // Caffeine evicts in the background; the figures need the settled store. cleanUp() is package-private
    // in the limiter (tests and measurements only), hence reflection, as RateLimiterContract does.
    private static void cleanUp(ClientRateLimiter limiter) throws ReflectiveOperationException {
        Method cleanUp = ClientRateLimiter.class.getDeclaredMethod("cleanUp");
        cleanUp.setAccessible(true);
        cleanUp.invoke(limiter);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("SprayMemory: " + what);
        }
    }
}
