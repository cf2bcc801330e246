package dev.originguard.ratelimit.bucket4j;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.Resolution;
import dev.originguard.ratelimit.RateLimitSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis behind Sentinel for real: a master (127.0.0.1:7010), its replica (7011) and three sentinels
 * (26379-26381), started by the test from the machine's {@code redis-server}. Two limiters share one limit
 * through the sentinels; the master is killed, and the gap until the promoted replica limits again is
 * measured.
 */
class RedisSentinelTest {

    private static final int MASTER = 7010;
    private static final int REPLICA = 7011;
    private static final int[] SENTINELS = {26379, 26380, 26381};
    private static final String STORE =
            "redis-sentinel://127.0.0.1:26379,127.0.0.1:26380,127.0.0.1:26381#originguard";
    private static final String PREFIX = "originguard-test:" + UUID.randomUUID() + ":";
    private static final ClientIpResolver RESOLVER = ClientIpResolver.builder()
            .trustedProxies(AddressSet.of("10.0.0.0/8")).build();

    private static RedisProcesses redis;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcesses.start();
        redis.server(MASTER);
        redis.server(REPLICA, "--replicaof", "127.0.0.1", String.valueOf(MASTER));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!redis.cli("-p", String.valueOf(REPLICA), "info", "replication").contains("master_link_status:up")) {
            assertThat(System.nanoTime()).as("replica in sync").isLessThan(deadline);
            Thread.sleep(50);
        }
        for (int port : SENTINELS) {
            redis.sentinel(port, "originguard", MASTER, 1000);
        }
        // every sentinel knows the replica and the other sentinels before the test kills anything
        for (int port : SENTINELS) {
            String state;
            while (!(state = redis.cli("-p", String.valueOf(port), "sentinel", "master", "originguard"))
                    .matches("(?s).*num-other-sentinels\\s+2\\s.*") || !state.matches("(?s).*num-slaves\\s+1\\s.*")) {
                assertThat(System.nanoTime()).as("sentinels agree").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private static RateLimitSettings settings() {
        return RateLimitSettings.builder().limits("10/1m").store(STORE).keyPrefix(PREFIX)
                .storeTimeout(Duration.ofMillis(200)).logInterval(Duration.ofSeconds(1)).build();
    }

    @Test
    void theStoreIsDescribedByItsSentinelsNotANullHost() {
        try (RedisBucketStore store = new RedisBucketStore(STORE, PREFIX, Duration.ofMillis(200),
                Duration.ofSeconds(2))) {
            assertThat(store.description())
                    .isEqualTo("redis-sentinel://127.0.0.1:26379,127.0.0.1:26380,127.0.0.1:26381#originguard");
        }
    }

    @Test
    void twoNodesShareOneLimitAndTheReplicaTakesOverWhenTheMasterDies() throws Exception {
        Resolution client = RESOLVER.resolve("10.0.0.1", "198.51.100.7");
        try (ClientRateLimiter a = ClientRateLimiter.create(settings());
             ClientRateLimiter b = ClientRateLimiter.create(settings())) {
            int allowed = 0;
            for (int i = 0; i < 16; i++) {
                Decision d = (i % 2 == 0 ? a : b).check(client, "/");
                assertThat(d.outcome()).isIn(Decision.Outcome.ALLOWED, Decision.Outcome.LIMITED);
                allowed += d.allowed() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(10);
            assertThat(a.counters().storeErrors() + b.counters().storeErrors()).isZero();
            // the replica holds the bucket before the master goes
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (redis.cli("-p", String.valueOf(REPLICA), "--scan", "--pattern", PREFIX + "*").isBlank()) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }

            long killed = System.nanoTime();
            redis.kill(MASTER);
            int failedOpen = 0;
            long slowest = 0;
            long recovered = 0;
            while (System.nanoTime() - killed < 60_000_000_000L) {
                long t0 = System.nanoTime();
                Decision da = a.check(client, "/");
                Decision db = b.check(client, "/");
                slowest = Math.max(slowest, System.nanoTime() - t0);
                assertThat(da.outcome()).isIn(Decision.Outcome.LIMITED, Decision.Outcome.STORE_FAILED_OPEN);
                failedOpen += da.outcome() == Decision.Outcome.STORE_FAILED_OPEN ? 1 : 0;
                if (da.outcome() == Decision.Outcome.LIMITED && db.outcome() == Decision.Outcome.LIMITED
                        && failedOpen > 0) {
                    recovered = System.nanoTime();
                    break;
                }
                Thread.sleep(20);
            }
            System.out.printf("Redis Sentinel: master killed; %d requests failed open, the slowest pair took %.0f ms"
                    + " (store timeout 200 ms), both nodes limiting again on the promoted replica after %.0f ms%n",
                    failedOpen, slowest / 1e6, (recovered - killed) / 1e6);
            assertThat(recovered).as("limits enforced again within 60 s").isNotZero();
            assertThat(redis.cli("-p", String.valueOf(REPLICA), "role")).startsWith("master");
            assertThat(slowest).isLessThan(2_000_000_000L);
        }
    }
}
