package dev.originguard.ratelimit.bucket4j;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.ratelimit.RateLimitSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trips per request, counted by a Redis of the test's own (127.0.0.1:7020, so no other user's commands
 * count) in {@code INFO commandstats}: exact mode is one script call per request, nothing else; batched mode
 * a small fraction of one, and what batching costs in accuracy across two nodes.
 */
class RedisRoundTripTest {

    private static final int PORT = 7020;
    private static final String STORE = "redis://127.0.0.1:" + PORT;
    private static final ClientIpResolver RESOLVER = ClientIpResolver.builder()
            .trustedProxies(AddressSet.of("10.0.0.0/8")).build();
    // the connection's own set-up and the test's reading of the counts
    private static final Set<String> NOT_REQUESTS = Set.of("info", "ping", "hello", "client", "select", "config");

    private static RedisProcesses redis;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcesses.start();
        redis.server(PORT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    /** Calls per command since the last reset, then resets. */
    private static Map<String, Long> commands() throws Exception {
        Map<String, Long> calls = new HashMap<>();
        for (String line : redis.cli("-p", String.valueOf(PORT), "info", "commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                long n = Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*", "$1"));
                if (!NOT_REQUESTS.contains(name.replaceAll("\\|.*", ""))) {
                    calls.merge(name, n, Long::sum);
                }
            }
        }
        redis.cli("-p", String.valueOf(PORT), "config", "resetstat");
        return calls;
    }

    /**
     * Commands sent by the client. commandstats also counts the commands a script runs inside Redis (TIME,
     * GET, SET in ours; SET or PSETEX in Bucket4j's swap), which are no round trips: only scripts and Bucket4j's
     * top-level GET are.
     */
    private static long roundTrips(Map<String, Long> calls, boolean bucket4j) {
        return calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L)
                + (bucket4j ? calls.getOrDefault("get", 0L) : 0);
    }

    private static RateLimitSettings.Builder settings(String limits) {
        return RateLimitSettings.builder().limits(limits).store(STORE).storeTimeout(Duration.ofSeconds(2));
    }

    @Test
    void exactModeIsOneRoundTripPerRequest() throws Exception {
        try (ClientRateLimiter l = ClientRateLimiter.create(settings("100/1m").build())) {
            commands();
            int requests = 0;
            for (int c = 1; c <= 50; c++) {
                for (int r = 0; r < 4; r++) {
                    l.check(RESOLVER.resolve("10.0.0.1", "198.51.100." + c), "/");
                    requests++;
                }
            }
            Map<String, Long> calls = commands();
            System.out.printf("Redis round trips, exact mode: %d for %d requests %s%n", roundTrips(calls, false),
                    requests, calls);
            // Bucket4j's compare-and-swap took two (GET, then EVAL) for each; the script one, plus one EVAL
            // the first time this Redis lacks the script.
            assertThat(roundTrips(calls, false)).isBetween((long) requests, requests + 1L);
            assertThat(calls.get("evalsha")).isEqualTo(requests);
        }
    }

    @Test
    void batchedModeIsUnderATenthOfARoundTripPerRequestForABusyClient() throws Exception {
        try (ClientRateLimiter l = ClientRateLimiter.create(settings("1000000/1m").storeBatch(50).build())) {
            commands();
            int requests = 2000;
            for (int r = 0; r < requests; r++) {
                assertThat(l.check(RESOLVER.resolve("10.0.0.1", "198.51.100.9"), "/").allowed()).isTrue();
            }
            Map<String, Long> calls = commands();
            double perRequest = roundTrips(calls, true) / (double) requests;
            System.out.printf("Redis round trips, batched mode (50): %d for %d requests, %.3f each %s%n",
                    roundTrips(calls, true), requests, perRequest, calls);
            assertThat(perRequest).isLessThan(0.1);
        }
    }

    @Test
    void batchedModeAdmitsAtMostTheBatchPerNodeBeyondTheLimit() {
        RateLimitSettings s = settings("20/1m").storeBatch(5).keyPrefix("accuracy:").build();
        try (ClientRateLimiter a = ClientRateLimiter.create(s); ClientRateLimiter b = ClientRateLimiter.create(s)) {
            int admitted = 0;
            for (int r = 0; r < 100; r++) {
                admitted += (r % 2 == 0 ? a : b).check(RESOLVER.resolve("10.0.0.1", "198.51.100.10"), "/")
                        .allowed() ? 1 : 0;
            }
            System.out.printf("Batched mode (5), two nodes, 20/1m: %d admitted of 100%n", admitted);
            assertThat(admitted).isBetween(20, 20 + 2 * 5);
        }
    }
}
