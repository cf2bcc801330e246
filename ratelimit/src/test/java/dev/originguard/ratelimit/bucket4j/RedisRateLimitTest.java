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
 * Shared buckets in the real Redis on 127.0.0.1:6379, under a key prefix unique to this run (removed after).
 * Outages are made with a {@link TcpRelay} between the limiter and Redis, never by stopping Redis.
 */
class RedisRateLimitTest {

    private static final ClientIpResolver RESOLVER = ClientIpResolver.builder()
            .trustedProxies(AddressSet.of("10.0.0.0/8"))
            .build();
    private static final String PREFIX = "originguard-test:" + UUID.randomUUID() + ":";
    private static final String REDIS = "redis://" + RedisAvailability.HOST + ":" + RedisAvailability.PORT;

    private static boolean redisUp;

    @BeforeAll
    static void redis() {
        RedisAvailability.require();
        redisUp = true;
    }

    @AfterAll
    static void removeKeys() {
        if (!redisUp) {
            return; // skipped for want of Redis: nothing was written, and cleaning up would only error
        }
        assertThat(RedisAvailability.removeKeys(PREFIX)).isEmpty();
    }

    private static RateLimitSettings.Builder settings(String limits, String store) {
        return RateLimitSettings.builder().limits(limits).store(store).keyPrefix(PREFIX)
                .logInterval(Duration.ofMillis(500));
    }

    @Test
    void twoNodesSharingRedisEnforceOneCombinedLimit() {
        // A generous timeout: this test asserts no store errors on a shared, busy test machine.
        try (ClientRateLimiter nodeA = ClientRateLimiter.create(settings("10/1m", REDIS)
                .storeTimeout(Duration.ofSeconds(2)).build());
             ClientRateLimiter nodeB = ClientRateLimiter.create(settings("10/1m", REDIS)
                     .storeTimeout(Duration.ofSeconds(2)).build())) {
            Resolution client = RESOLVER.resolve("10.0.0.1", "203.0.113.77");
            int allowed = 0;
            for (int i = 0; i < 30; i++) {
                Decision d = (i % 2 == 0 ? nodeA : nodeB).check(client, "/");
                assertThat(d.outcome()).isIn(Decision.Outcome.ALLOWED, Decision.Outcome.LIMITED);
                if (d.allowed()) {
                    allowed++;
                    assertThat(d.remaining()).isEqualTo(10 - allowed);
                }
            }
            assertThat(allowed).isEqualTo(10);
            assertThat(nodeA.counters().limited() + nodeB.counters().limited()).isEqualTo(20);
            assertThat(nodeA.counters().storeErrors() + nodeB.counters().storeErrors()).isZero();
            // Another client behind the same proxy has its own shared bucket; the proxy is never counted.
            assertThat(nodeB.check(RESOLVER.resolve("10.0.0.2", "203.0.113.78"), "/").remaining()).isEqualTo(9);
            assertThat(nodeA.check(RESOLVER.resolve("10.0.0.1", (String) null), "/").outcome())
                    .isEqualTo(Decision.Outcome.EXEMPT);
            assertThat(nodeA.counters().trackedBuckets()).isEqualTo(-1);
        }
    }

    @Test
    void connectionCutFailsOpenThenRecoversByItselfWithTheSameBucket() throws Exception {
        try (TcpRelay relay = new TcpRelay(RedisAvailability.HOST, RedisAvailability.PORT);
             ClientRateLimiter l = ClientRateLimiter.create(
                     settings("5/1m", "redis://127.0.0.1:" + relay.port()).build())) {
            Resolution client = RESOLVER.resolve("10.0.0.1", "203.0.113.88");
            for (int i = 0; i < 3; i++) {
                assertThat(l.check(client, "/").outcome()).isEqualTo(Decision.Outcome.ALLOWED);
            }

            relay.cut();
            int failedOpen = 0;
            long cutStart = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                long t = System.nanoTime();
                Decision d = l.check(client, "/");
                assertThat(d.allowed()).as("fail-open serves every request").isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - t)).as("bounded by the store timeout")
                        .isLessThan(Duration.ofSeconds(1));
                if (d.outcome() == Decision.Outcome.STORE_FAILED_OPEN) {
                    failedOpen++;
                }
                Thread.sleep(20);
            }
            assertThat(failedOpen).isGreaterThanOrEqualTo(15);
            assertThat(l.counters().storeErrors()).isEqualTo(failedOpen);
            assertThat(l.counters().rejected()).isZero();
            System.out.printf("rate-limit redis outage: %d of 20 checks failed open in %d ms%n", failedOpen,
                    (System.nanoTime() - cutStart) / 1_000_000);

            relay.restore();
            long restored = System.nanoTime();
            Decision d = l.check(client, "/");
            while (d.outcome() != Decision.Outcome.ALLOWED && System.nanoTime() - restored < 15_000_000_000L) {
                Thread.sleep(50);
                d = l.check(client, "/");
            }
            System.out.printf("rate-limit redis recovered %d ms after the relay came back%n",
                    (System.nanoTime() - restored) / 1_000_000);
            assertThat(d.outcome()).as("recovered without help").isEqualTo(Decision.Outcome.ALLOWED);
            // The bucket lived on in Redis through the outage: 3 taken before, this is the 4th.
            assertThat(d.remaining()).isEqualTo(1);
            assertThat(l.check(client, "/").allowed()).isTrue();
            assertThat(l.check(client, "/").outcome()).isEqualTo(Decision.Outcome.LIMITED);
        }
    }

    @Test
    void connectionCutFailsClosedWhenAsked() throws Exception {
        try (TcpRelay relay = new TcpRelay(RedisAvailability.HOST, RedisAvailability.PORT);
             ClientRateLimiter l = ClientRateLimiter.create(settings("5/1m", "redis://127.0.0.1:" + relay.port())
                     .failMode(RateLimitSettings.FailMode.CLOSED).build())) {
            Resolution client = RESOLVER.resolve("10.0.0.1", "203.0.113.99");
            assertThat(l.check(client, "/").outcome()).isEqualTo(Decision.Outcome.ALLOWED);
            relay.cut();
            Thread.sleep(200);
            Decision d = l.check(client, "/");
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.STORE_FAILED_CLOSED);
            assertThat(d.allowed()).isFalse();
            assertThat(d.retryAfterSeconds()).isEqualTo(1);
            assertThat(l.counters().rejected()).isEqualTo(1);
        }
    }

    @Test
    void redisDownAtStartUpIsRetriedInTheBackground() throws Exception {
        try (TcpRelay relay = new TcpRelay(RedisAvailability.HOST, RedisAvailability.PORT)) {
            relay.cut();
            try (ClientRateLimiter l = ClientRateLimiter.create(
                    settings("5/1m", "redis://127.0.0.1:" + relay.port()).build())) {
                Resolution client = RESOLVER.resolve("10.0.0.1", "203.0.113.111");
                assertThat(l.check(client, "/").outcome()).isEqualTo(Decision.Outcome.STORE_FAILED_OPEN);
                relay.restore();
                long restored = System.nanoTime();
                Decision d = l.check(client, "/");
                while (d.outcome() != Decision.Outcome.ALLOWED && System.nanoTime() - restored < 10_000_000_000L) {
                    Thread.sleep(50);
                    d = l.check(client, "/");
                }
                assertThat(d.outcome()).isEqualTo(Decision.Outcome.ALLOWED);
                assertThat(d.remaining()).isEqualTo(4);
            }
        }
    }

    @Test
    void aSlowFirstConnectIsTimedByTheConnectTimeoutNotTheCommandTimeout() throws Exception {
        // Set-up (handshake and first PING) held 600 ms: three times the 200 ms command timeout, well inside
        // the 2 s connect timeout. Sharing the command timeout, the limiter started unconnected (fail-open).
        try (TcpRelay slow = new TcpRelay(RedisAvailability.HOST, RedisAvailability.PORT, 600);
             ClientRateLimiter l = ClientRateLimiter.create(
                     settings("5/1m", "redis://127.0.0.1:" + slow.port()).build())) {
            assertThat(l.settings().storeTimeout()).isEqualTo(Duration.ofMillis(200));
            assertThat(l.settings().storeConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
            Decision d = l.check(RESOLVER.resolve("10.0.0.1", "203.0.113.112"), "/");
            assertThat(d.outcome()).isEqualTo(Decision.Outcome.ALLOWED);
            assertThat(d.remaining()).isEqualTo(4);
            assertThat(l.counters().storeErrors()).isZero();
        }
    }

    @Test
    void aConnectSlowerThanTheConnectTimeoutStartsUnconnectedAndFailsOpen() throws Exception {
        try (TcpRelay slow = new TcpRelay(RedisAvailability.HOST, RedisAvailability.PORT, 1500);
             ClientRateLimiter l = ClientRateLimiter.create(settings("5/1m", "redis://127.0.0.1:" + slow.port())
                     .storeConnectTimeout(Duration.ofMillis(300)).build())) {
            assertThat(l.check(RESOLVER.resolve("10.0.0.1", "203.0.113.113"), "/").outcome())
                    .isEqualTo(Decision.Outcome.STORE_FAILED_OPEN);
        }
    }

    @Test
    void anIpv6SprayLeavesOnlyKeysThatExpireAndItsMemoryIsBounded() {
        String spray = PREFIX + "spray6:";
        int clients = 2000;
        try (ClientRateLimiter l = ClientRateLimiter.create(settings("100/1m", REDIS).keyPrefix(spray)
                .storeTimeout(Duration.ofSeconds(2)).build())) {
            for (int i = 0; i < clients; i++) {
                // each in a /48 of its own: the worst case, two keys (the /64 and the /48) per address
                String client = "2001:db8:" + Integer.toHexString(i + 1) + ":1::1";
                assertThat(l.check(RESOLVER.resolve("10.0.0.1", client), "/").outcome())
                        .isEqualTo(Decision.Outcome.ALLOWED);
            }
            assertThat(l.counters().storeErrors()).isZero();
        }
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(REDIS);
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> c = client.connect()) {
            java.util.List<String> keys = c.sync().keys(spray + "*");
            assertThat(keys).hasSize(2 * clients);
            long bytes = 0;
            for (String k : keys) {
                long ttl = c.sync().pttl(k);
                // 60 s to refill the bucket fully, plus the 10 s Bucket4j keeps it after: nothing lives longer
                assertThat(ttl).as(k).isBetween(1L, 70_000L);
                bytes += c.sync().memoryUsage(k);
            }
            System.out.printf("IPv6 spray: %d keys for %d addresses, %.0f bytes per key (MEMORY USAGE), "
                    + "%.0f bytes per sprayed address, %.1f MiB per million%n", keys.size(), clients,
                    bytes / (double) keys.size(), bytes / (double) clients, bytes / (double) clients * 1e6 / (1 << 20));
            assertThat(bytes / clients).isLessThan(1024);
        } finally {
            client.shutdown();
        }
    }
}
