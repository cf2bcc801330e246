package dev.originguard.servlet;

import dev.originguard.ratelimit.RateLimitSettings;
import dev.originguard.ratelimit.bucket4j.RedisAvailability;
import dev.originguard.source.RefreshSettings;
import dev.originguard.source.SourceStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Tomcat context stopped and started five times with the same filter instance, as a container
 * reuses it: built in code, or configured from init-params. After every start the filter limits through the
 * real Redis and refreshes its range source (a local HTTP server); after every stop no thread it started is
 * left ({@code originguard-*}, {@code lettuce-*}). The JDK 17 HTTP client's {@code HttpClient-N-SelectorManager}
 * thread is not counted: it ends when the dropped client is garbage collected (docs/deployment.md).
 */
class FilterRestartTest {

    private static final String PREFIX = "originguard-test-restart:" + UUID.randomUUID() + ":";
    private static final String REDIS = "redis://" + RedisAvailability.HOST + ":" + RedisAvailability.PORT;
    private static final int RESTARTS = 5;
    private static boolean redisUp;

    @TempDir
    Path baseDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void redis() {
        RedisAvailability.require();
        redisUp = true;
    }

    @AfterAll
    static void removeKeys() {
        if (redisUp) {
            assertThat(RedisAvailability.removeKeys(PREFIX)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"built", "init-params"})
    void aContextStoppedAndStartedFiveTimesLimitsRefreshesAndLeavesNoThread(String kind) throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        String prefix = PREFIX + kind + ":";
        try (RangeListServer ranges = new RangeListServer()) {
            List<String> blocks = new ArrayList<>(List.of("203.0.113.0/24", "198.51.100.0/24"));
            ranges.serve("/ranges", "text/plain", String.join("\n", blocks));
            String trusted = "loopback, " + ranges.url("/ranges");
            OriginGuardFilter filter = kind.equals("built")
                    ? OriginGuardFilter.builder()
                            .trustedProxies(trusted)
                            // Short, so the scheduled refresh itself shows after each restart.
                            .rangeRefresh(RefreshSettings.builder().interval(Duration.ofMillis(200)).build())
                            .rateLimit(RateLimitSettings.builder().limits("3/1m").store(REDIS).keyPrefix(prefix)
                                    .build())
                            .build()
                    : new OriginGuardFilter();
            Map<String, String> initParams = kind.equals("built") ? Map.of() : Map.of("trustedProxies", trusted,
                    "rateLimit", "3/1m", "rateLimitStore", REDIS, "rateLimitKeyPrefix", prefix);

            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            Context context = tomcat.addContext("", baseDir.toString());
            // A stopped context forgets what was added in code: add it again at every start, as an app would.
            context.addLifecycleListener(event -> {
                if (event.getType().equals(Lifecycle.CONFIGURE_START_EVENT)) {
                    TomcatFilterContainer.addServlet(context, "probe", new ProbeServlet(), "/", "/probe");
                    TomcatFilterContainer.addOriginGuard(context, initParams, filter);
                }
            });
            List<String> counts = new ArrayList<>();
            try {
                tomcat.start();
                int port = tomcat.getConnector().getLocalPort();
                for (int start = 1; start <= RESTARTS; start++) {
                    if (start > 1) {
                        context.start();
                    }
                    Set<Thread> started = newThreads(before);
                    counts.add("start " + start + ": " + describe(started));
                    assertThat(named(started, "originguard-refresh-")).as("refresh threads after start %d", start)
                            .hasSize(1);
                    assertThat(named(started, "lettuce")).as("Lettuce threads after start %d", start).isNotEmpty();

                    String client = "192.0.2." + (10 + start);
                    List<Integer> codes = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        codes.add(get(port, client));
                    }
                    assertThat(codes).as("3/1m for client %s after start %d", client, start)
                            .containsExactly(200, 200, 200, 429);

                    blocks.add("100.64." + 2 * start + ".0/24"); // never adjacent: merged blocks would not add up
                    ranges.serve("/ranges", "text/plain", String.join("\n", blocks));
                    if (kind.equals("init-params")) {
                        filter.refreshRanges(); // init-params refresh at least a minute apart
                    }
                    int expected = blocks.size();
                    int cycle = start;
                    awaitTrue(() -> source(filter).entryCount() == expected,
                            () -> "the source refreshed after start " + cycle + ": " + source(filter));

                    context.stop();
                    awaitTrue(() -> newThreads(before).stream().noneMatch(FilterRestartTest::ours),
                            () -> "threads left after stop " + cycle + ": " + describe(newThreads(before)));
                    counts.add("stop " + start + ": " + describe(newThreads(before)));
                }
            } finally {
                tomcat.stop();
                tomcat.destroy();
                System.out.println("filter restart (" + kind + "): " + counts);
            }
            assertThat(newThreads(before).stream().filter(FilterRestartTest::ours).map(Thread::getName))
                    .as("threads left after the final stop").isEmpty();
        }
    }

    private int get(int port, String client) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/probe"))
                .header("X-Forwarded-For", client).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static SourceStatus source(OriginGuardFilter filter) {
        return filter.status().sets().get(0).sources().get(0);
    }

    private static boolean ours(Thread t) {
        return t.getName().startsWith("originguard-") || t.getName().startsWith("lettuce");
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .collect(Collectors.toSet());
    }

    private static List<Thread> named(Set<Thread> threads, String prefix) {
        return threads.stream().filter(t -> t.getName().startsWith(prefix)).toList();
    }

    // originguard-* and lettuce-* by prefix, e.g. "originguard=2 lettuce=3"
    private static String describe(Set<Thread> threads) {
        return "originguard=" + named(threads, "originguard-").size() + " lettuce=" + named(threads, "lettuce").size();
    }

    // Threads end and refreshes land a moment after the call that causes them: wait for it, bounded.
    private static void awaitTrue(Supplier<Boolean> condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 10 s: " + what.get());
            }
            Thread.sleep(20);
        }
    }
}
