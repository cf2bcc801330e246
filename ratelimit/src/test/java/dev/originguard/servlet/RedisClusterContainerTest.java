package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.Resolution;
import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.ratelimit.bucket4j.ClientRateLimiter;
import dev.originguard.ratelimit.bucket4j.Decision;
import dev.originguard.ratelimit.bucket4j.RedisProcesses;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Redis Cluster, 3 masters and 3 replicas started by the test on 127.0.0.1:7000-7005 from the
 * machine's {@code redis-server}, shared by two filters in embedded Tomcat: one combined limit, buckets
 * spread over the masters, and a master killed mid-test (fail-open serves, fail-closed refuses, nothing
 * hangs past the store timeout) until its replica takes over.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterContainerTest {

    private static final int FIRST_PORT = 7000;
    private static final int NODES = 6;
    private static final String PROXY = PathCatalogueContainerTest.PROXY;
    private static final String PREFIX = "originguard-test:" + UUID.randomUUID() + ":";
    private static final String STORE = "redis-cluster://127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002";
    private static final ClientIpResolver RESOLVER = ClientIpResolver.builder()
            .trustedProxies(AddressSet.of(PROXY)).build();

    private static RedisProcesses redis;

    @BeforeAll
    static void startCluster() throws Exception {
        redis = RedisProcesses.start();
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        for (int port = FIRST_PORT; port < FIRST_PORT + NODES; port++) {
            // A node missing for 1 s is failed over: the test measures Lettuce, not Redis's patience.
            // A replica stands for election however long since it last heard its master, so a loaded machine
            // cannot make it too stale to fail over (one run under load did not recover within 30 s).
            redis.server(port, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "1000", "--cluster-replica-validity-factor", "0");
            create.add("127.0.0.1:" + port);
        }
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        redis.cli(create.toArray(new String[0]));
        for (int port = FIRST_PORT; port < FIRST_PORT + NODES; port++) {
            awaitClusterOk(port);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private static void awaitClusterOk(int port) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!redis.cli("-p", String.valueOf(port), "cluster", "info").contains("cluster_state:ok")) {
            assertThat(System.nanoTime()).as("cluster state ok on " + port).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static Map<String, String> settings(String failMode) {
        Map<String, String> m = new HashMap<>();
        m.put("trustedProxies", PROXY);
        m.put("rateLimit", "10/1m");
        m.put("rateLimitStore", STORE);
        m.put("rateLimitKeyPrefix", PREFIX);
        m.put("rateLimitFailMode", failMode);
        m.put("rateLimitLogInterval", "1s");
        return m;
    }

    private static RawHttp.Response get(FilterContainer c, String client) throws Exception {
        return RawHttp.request("GET", PROXY, c.port(), "/", "X-Forwarded-For: " + client);
    }

    /** The masters, by port, and how many of this run's keys each holds. */
    private static Map<Integer, Integer> keysPerMaster() throws Exception {
        Map<Integer, Integer> keys = new HashMap<>();
        for (int port = FIRST_PORT; port < FIRST_PORT + NODES; port++) {
            if (!RedisProcesses.answers(port)) {
                continue;
            }
            String p = String.valueOf(port);
            if (redis.cli("-p", p, "role").startsWith("master")) {
                String out = redis.cli("-p", p, "--scan", "--pattern", PREFIX + "*").strip();
                keys.put(port, out.isEmpty() ? 0 : out.split("\n").length);
            }
        }
        return keys;
    }

    private static int masterHolding(String keySuffix) throws Exception {
        for (int port = FIRST_PORT; port < FIRST_PORT + NODES; port++) {
            String p = String.valueOf(port);
            if (RedisProcesses.answers(port) && redis.cli("-p", p, "role").startsWith("master")
                    && redis.cli("-p", p, "--scan", "--pattern", PREFIX + "*" + keySuffix).contains(keySuffix)) {
                return port;
            }
        }
        throw new AssertionError("no master holds a key ending " + keySuffix);
    }

    @Test
    @Order(1)
    void twoFiltersShareOneLimitAndTheBucketsSpreadOverEveryMaster() throws Exception {
        try (FilterContainer a = FilterContainer.named("tomcat", settings("open"), 0);
             FilterContainer b = FilterContainer.named("tomcat", settings("open"), 0)) {
            int clients = 40;
            for (int i = 1; i <= clients; i++) {
                String client = "198.51.100." + i;
                int admitted = 0;
                for (int r = 0; r < 14; r++) {
                    RawHttp.Response resp = get(r % 2 == 0 ? a : b, client);
                    assertThat(resp.status()).isIn(200, 429);
                    if (resp.status() == 200) {
                        assertThat(resp.headers().get("ratelimit")).as("answered by the store").isNotNull();
                        admitted++;
                    }
                }
                assertThat(admitted).as(client).isEqualTo(10);
            }
            Map<Integer, Integer> keys = keysPerMaster();
            System.out.println("Redis Cluster: keys per master " + keys);
            assertThat(keys).hasSize(3);
            assertThat(keys.values()).allSatisfy(n -> assertThat(n).isPositive());
            assertThat(keys.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(clients);
        }
    }

    @Test
    @Order(2)
    void aKilledMasterFailsOpenOrClosedWithinTheTimeoutThenItsReplicaTakesOver() throws Exception {
        String client = "198.51.100.200";
        Resolution resolution = RESOLVER.resolve(PROXY, client);
        try (FilterContainer open = FilterContainer.named("tomcat", settings("open"), 0);
             ClientRateLimiter closed = ClientRateLimiter.create(RateLimitSettings.builder().limits("10/1m")
                     .store(STORE).keyPrefix(PREFIX).failMode(RateLimitSettings.FailMode.CLOSED).build())) {
            for (int r = 0; r < 10; r++) {
                assertThat(get(open, client).status()).isEqualTo(200);
            }
            assertThat(get(open, client).status()).isEqualTo(429);
            assertThat(closed.check(resolution, "/").outcome()).isEqualTo(Decision.Outcome.LIMITED);

            int master = masterHolding("|" + client);
            long killed = System.nanoTime();
            redis.kill(master);

            int failedOpen = 0;
            int failedClosed = 0;
            long slowestNanos = 0;
            long recovered = 0;
            while (System.nanoTime() - killed < 60_000_000_000L) {
                long t0 = System.nanoTime();
                RawHttp.Response resp = get(open, client);
                Decision d = closed.check(resolution, "/");
                slowestNanos = Math.max(slowestNanos, System.nanoTime() - t0);
                assertThat(resp.status()).as("fail-open never answers 5xx").isIn(200, 429);
                if (resp.status() == 200 && resp.headers().get("ratelimit") == null) {
                    failedOpen++;
                }
                if (d.outcome() == Decision.Outcome.STORE_FAILED_CLOSED) {
                    failedClosed++;
                }
                // the store answers again for both: the open filter limits, the closed limiter too
                if (resp.status() == 429 && d.outcome() == Decision.Outcome.LIMITED) {
                    recovered = System.nanoTime();
                    break;
                }
                Thread.sleep(20);
            }
            if (recovered == 0) {
                int alive = master == FIRST_PORT ? FIRST_PORT + 1 : FIRST_PORT;
                System.out.println("Redis Cluster did not recover; its view from " + alive + ":\n"
                        + redis.cli("-p", String.valueOf(alive), "cluster", "nodes"));
            }
            double recoveryMs = (recovered - killed) / 1e6;
            System.out.printf("Redis Cluster: master %d killed; %d requests failed open, %d failed closed, the "
                    + "slowest pair took %.0f ms (store timeout 200 ms), limits enforced again after %.0f ms%n",
                    master, failedOpen, failedClosed, slowestNanos / 1e6, recoveryMs);
            assertThat(recovered).as("the replica took over within 60 s").isNotZero();
            assertThat(failedOpen).as("requests served unlimited while the master was gone").isPositive();
            assertThat(failedClosed).as("requests refused with 503 while the master was gone").isPositive();
            // Two requests, each bounded by the 200 ms store timeout, with room for a loaded machine.
            assertThat(slowestNanos).isLessThan(2_000_000_000L);
        }
    }
}
