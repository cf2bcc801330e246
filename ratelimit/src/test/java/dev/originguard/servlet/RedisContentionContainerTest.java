package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.ratelimit.bucket4j.RedisAvailability;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One client hammering its shared Redis bucket over 32 concurrent connections, through one and two filters in
 * embedded Tomcat with the default 200 ms store timeout: exactly the limit is admitted, never more. A
 * contended bucket is not a store outage, so fail-open must never serve the overflow unlimited.
 * The rate is 100 an hour so that refill during the run (a token per 36 s) cannot blur "exactly".
 */
class RedisContentionContainerTest {

    private static final String PREFIX = "originguard-test:" + UUID.randomUUID() + ":";
    private static final String REDIS = "redis://" + RedisAvailability.HOST + ":" + RedisAvailability.PORT;
    private static final int CONNECTIONS = 32;
    private static final int REQUESTS = 320;

    private static boolean redisUp;

    @BeforeAll
    static void redis() {
        RedisAvailability.require();
        redisUp = true;
    }

    @AfterAll
    static void removeKeys() {
        if (!redisUp) {
            return;
        }
        RedisAvailability.removeKeys(PREFIX);
    }

    private static Map<String, String> params(String prefix) {
        return Map.of("trustedProxies", "127.0.0.1", "rateLimit", "100/1h", "rateLimitStore", REDIS,
                "rateLimitKeyPrefix", prefix);
    }

    @Test
    void oneFilterAdmitsExactlyTheLimit() throws Exception {
        String prefix = PREFIX + "one:";
        try (FilterContainer node = FilterContainer.tomcat(params(prefix))) {
            int[] statuses = hammer(List.of(node));
            assertThat(statuses[0]).as("admitted").isEqualTo(100);
            assertThat(statuses[1]).as("refused with 429").isEqualTo(REQUESTS - 100);
        }
    }

    @Test
    void twoFiltersSharingRedisAdmitExactlyTheLimitBetweenThem() throws Exception {
        String prefix = PREFIX + "two:";
        try (FilterContainer a = FilterContainer.tomcat(params(prefix));
             FilterContainer b = FilterContainer.tomcat(params(prefix))) {
            int[] statuses = hammer(List.of(a, b));
            assertThat(statuses[0]).as("admitted").isEqualTo(100);
            assertThat(statuses[1]).as("refused with 429").isEqualTo(REQUESTS - 100);
        }
    }

    /** Sends REQUESTS requests of one client over CONNECTIONS threads; returns {200s, 429s}; fails on others. */
    private static int[] hammer(List<FilterContainer> nodes) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        List<Integer> other = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < CONNECTIONS; t++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < REQUESTS) {
                        FilterContainer node = nodes.get(i % nodes.size());
                        int status = RawHttp.get("127.0.0.1", node.port(), "/probe",
                                "X-Forwarded-For: 198.51.100.99").status();
                        if (status == 200) {
                            ok.incrementAndGet();
                        } else if (status == 429) {
                            limited.incrementAndGet();
                        } else {
                            other.add(status);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(other).as("statuses other than 200 and 429").isEmpty();
        return new int[] {ok.get(), limited.get()};
    }
}
