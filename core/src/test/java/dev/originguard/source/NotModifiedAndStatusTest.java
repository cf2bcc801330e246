package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.originguard.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 304 is success only in reply to a conditional request with a previous good set (issue 10, hole 3), and
 * status reads never wait on a refresh in progress (hole 10).
 */
class NotModifiedAndStatusTest {

    static final ListServer.Answer NOT_MODIFIED = new ListServer.Answer(304, null, new byte[0], Map.of(), 0);

    ListServer server;

    RefreshSettings.Builder settings() {
        return RefreshSettings.builder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2));
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new ListServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void notModifiedToAnUnconditionalFirstRequestIsAFailureAndTheCacheIsUsed(@TempDir Path cacheDir) {
        RefreshSettings cached = settings().cacheDirectory(cacheDir).build();
        server.answer("/list", ListServer.Answer.ok("text/plain", LiveAddressSetRefreshTest.GOOD));
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies", cached)) {
            assertThat(live.get().contains("198.51.100.1")).isTrue();
        }
        // A restart: the validators lived in memory, so the request is unconditional.
        server.answer("/list", NOT_MODIFIED);
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies", cached)) {
            SourceStatus status = live.statuses().get(0);
            assertThat(server.lastIfNoneMatch).isNull();
            assertThat(live.get().contains("198.51.100.1")).isTrue();
            assertThat(status.fromCache()).isTrue();
            assertThat(status.healthy()).isFalse();
            assertThat(status.lastError()).contains("HTTP 304 Not Modified to an unconditional request");
            assertThat(status.entryCount()).isEqualTo(4);
            // Still unconditional after a cache start: the next 304 is a failure too.
            live.refreshNow();
            assertThat(live.statuses().get(0).healthy()).isFalse();
            assertThat(live.statuses().get(0).consecutiveFailures()).isEqualTo(2);
        }
    }

    @Test
    void notModifiedToAnUnconditionalFirstRequestFailsStartUpWithoutACache() {
        server.answer("/list", NOT_MODIFIED);
        assertThatThrownBy(() -> LiveAddressSet.start(server.url("/list"), "trustedProxies", settings().build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("HTTP 304 Not Modified to an unconditional request");
    }

    @Test
    void notModifiedToAConditionalRequestWithAGoodSetIsSuccess() {
        server.answer("/list", ListServer.Answer.ok("text/plain", LiveAddressSetRefreshTest.GOOD)
                .withHeader("ETag", "\"v1\""));
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies", settings().build())) {
            live.refreshNow();
            assertThat(server.lastIfNoneMatch).isEqualTo("\"v1\"");
            SourceStatus status = live.statuses().get(0);
            assertThat(status.healthy()).isTrue();
            assertThat(status.successes()).isEqualTo(2);
            assertThat(status.entryCount()).isEqualTo(4);
        }
    }

    @Test
    void statusDoesNotWaitOnAStalledFetch() throws Exception {
        server.answer("/list", ListServer.Answer.ok("text/plain", LiveAddressSetRefreshTest.GOOD));
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies",
                settings().readTimeout(Duration.ofSeconds(10)).build())) {
            server.answer("/list", ListServer.Answer.ok("text/plain", LiveAddressSetRefreshTest.GOOD_CHANGED)
                    .stalling(3_000));
            int before = server.requests.get();
            CompletableFuture<Void> refresh = CompletableFuture.runAsync(live::refreshNow);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (server.requests.get() == before && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(server.requests.get()).isGreaterThan(before); // the fetch is in progress, stalled
            long start = System.nanoTime();
            List<SourceStatus> statuses = live.statuses();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // Returned while the refresh still hangs on the server, not after it.
            assertThat(refresh.isDone()).isFalse();
            assertThat(statuses.get(0).healthy()).isTrue();
            assertThat(statuses.get(0).entryCount()).isEqualTo(4);
            assertThat(millis).isLessThan(100);
            refresh.get(10, TimeUnit.SECONDS);
            assertThat(live.get().contains("100.64.0.1")).isTrue();
        }
    }

    @Test
    void concurrentRefreshesRunOneAtATime() throws Exception {
        server.answer("/list", ListServer.Answer.ok("text/plain", LiveAddressSetRefreshTest.GOOD));
        try (LiveAddressSet live = LiveAddressSet.start(server.url("/list"), "trustedProxies", settings().build())) {
            server.answer("/list", ListServer.Answer.ok("text/plain", LiveAddressSetRefreshTest.GOOD_CHANGED)
                    .stalling(300));
            CompletableFuture<Void> a = CompletableFuture.runAsync(live::refreshNow);
            CompletableFuture<Void> b = CompletableFuture.runAsync(live::refreshNow);
            a.get(10, TimeUnit.SECONDS);
            b.get(10, TimeUnit.SECONDS);
            SourceStatus status = live.statuses().get(0);
            assertThat(status.successes() + status.failures()).isEqualTo(3);
            assertThat(status.lastError()).isNull();
            assertThat(live.get().contains("100.64.0.1")).isTrue();
        }
    }
}
