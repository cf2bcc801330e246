package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Elapsed time is measured on the ticker, never the wall clock: steps of the injected clock (+4 h, -10 min)
 * while a fetch is in flight change no age, delay or deadline, and the fetch deadline covers every redirect on
 * the ticker. The same steps in a real process, under libfaketime: {@link WallClockStepProcessTest}.
 */
class WallClockStepTest {

    private static final String LIST = "198.51.100.0/24\n203.0.113.0/24\n";
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    /** A wall clock a test steps, as an NTP correction or an operator would. */
    static final class SteppedClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(START);

        void step(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private final SteppedClock clock = new SteppedClock();
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final Map<String, Runnable> onRequest = new ConcurrentHashMap<>();
    private final Map<String, Integer> hits = new ConcurrentHashMap<>();
    private HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.merge(path, 1, Integer::sum);
        onRequest.getOrDefault(path, () -> { }).run();
        try (OutputStream out = exchange.getResponseBody()) {
            if (path.equals("/moved")) {
                exchange.getResponseHeaders().add("Location", "/list");
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            byte[] body = LIST.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void wallClockStepsDuringFetchesChangeNoAgeNoDelayAndFailNoFetch() {
        ScheduledRefreshTest.CapturingScheduler scheduler = new ScheduledRefreshTest.CapturingScheduler();
        RefreshSettings settings = RefreshSettings.builder().jitter(0).interval(Duration.ofMinutes(10))
                .initialBackoff(Duration.ofSeconds(7)).readTimeout(Duration.ofSeconds(30))
                .scheduler(scheduler).clock(clock).ticker(nanos::get).build();
        try (LiveAddressSet live = LiveAddressSet.start(url("/list"), "trustedProxies", settings)) {
            nanos.addAndGet(Duration.ofSeconds(30).toNanos());
            assertThat(live.statuses().get(0).age()).isEqualTo(Duration.ofSeconds(30));

            // +4 h while the response is on its way: the fetch succeeds and its age counts from it, on the ticker.
            onRequest.put("/list", () -> clock.step(Duration.ofHours(4)));
            scheduler.runLast();
            SourceStatus afterForward = live.statuses().get(0);
            assertThat(afterForward.healthy()).as(String.valueOf(afterForward.lastError())).isTrue();
            assertThat(afterForward.age()).isEqualTo(Duration.ZERO);
            assertThat(afterForward.lastSuccess()).as("shown by the wall clock, read as the attempt began")
                    .isEqualTo(START);
            assertThat(scheduler.last().delay()).isEqualTo(Duration.ofMinutes(10));
            nanos.addAndGet(Duration.ofSeconds(30).toNanos());
            assertThat(live.statuses().get(0).age()).as("30 s, not 4 h").isEqualTo(Duration.ofSeconds(30));

            // -10 min: nothing measured goes negative or stalls.
            onRequest.put("/list", () -> clock.step(Duration.ofMinutes(-10)));
            clock.step(Duration.ofMinutes(-10));
            assertThat(live.statuses().get(0).age()).isEqualTo(Duration.ofSeconds(30));
            scheduler.runLast();
            assertThat(live.statuses().get(0).healthy()).isTrue();
            nanos.addAndGet(Duration.ofSeconds(12).toNanos());
            assertThat(live.statuses().get(0).age()).isEqualTo(Duration.ofSeconds(12));

            // A failure backs off by the configured delay whatever the wall clock did meanwhile.
            clock.step(Duration.ofHours(4));
            server.removeContext("/");
            scheduler.runLast();
            assertThat(live.statuses().get(0).healthy()).isFalse();
            assertThat(scheduler.last().delay()).isEqualTo(Duration.ofSeconds(7));
            assertThat(live.statuses().get(0).age()).isEqualTo(Duration.ofSeconds(12));
        }
    }

    @Test
    void theFetchDeadlineCoversEveryRedirectAndRunsOnTheTicker() {
        Duration readTimeout = Duration.ofSeconds(30);
        RefreshSettings settings = RefreshSettings.builder().readTimeout(readTimeout).allowPlainHttp(true)
                .scheduler(new ScheduledRefreshTest.CapturingScheduler()).clock(clock).ticker(nanos::get).build();
        try (LiveAddressSet live = LiveAddressSet.start(url("/moved"), "trustedProxies", settings)) {
            assertThat(live.statuses().get(0).healthy()).as("a redirect within the deadline is followed").isTrue();
            assertThat(hits).containsEntry("/list", 1);

            // The first hop takes the whole readTimeout on the ticker (the wall clock even goes back).
            onRequest.put("/moved", () -> {
                nanos.addAndGet(readTimeout.toNanos());
                clock.step(Duration.ofMinutes(-10));
            });
            live.refreshNow();
            SourceStatus status = live.statuses().get(0);
            assertThat(status.lastError()).contains("no complete response within PT30S (readTimeout, redirects included)");
            assertThat(hits).as("the redirect is not followed past the deadline").containsEntry("/list", 1);
            assertThat(live.get().contains("198.51.100.7")).as("the last good set stays").isTrue();
        }
    }
}
