package dev.originguard.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.originguard.AddressSet;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "slow and huge source responses" exhaustion cases against a real local HTTP server: a body trickling
 * one byte every 100 ms, and a 100 MiB body streamed (chunked, no Content-Length) against the default
 * 16 MiB maxBodyBytes. Each asserts only the outcome (refused, last good set kept). What the huge body's
 * refusal costs in heap is measured by the benchmarks ({@code dev.originguard.bench.HugeSourceMemory}, run
 * by {@code benchmarks/run}), not here: heap figures depend on the machine and the collector.
 */
class SlowAndHugeSourceTest {

    static final String GOOD = "198.51.100.0/24\n203.0.113.0/24\n2001:db8::/32\n";
    static final long HUGE = 100L * 1024 * 1024;

    HttpServer server;
    ExecutorService executor;
    volatile HttpHandler handler;
    final AtomicLong bytesSent = new AtomicLong();

    @BeforeEach
    void startServer() throws IOException {
        handler = exchange -> send(exchange, GOOD.getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> handler.handle(exchange));
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.start();
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/list";
    }

    static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A chunked body of {@code total} bytes in {@code chunk}-byte writes, {@code pauseMillis} apart. */
    HttpHandler streaming(long total, int chunk, long pauseMillis) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            byte[] bytes = new byte[chunk];
            Arrays.fill(bytes, (byte) '1');
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < total; sent += chunk) {
                    out.write(bytes);
                    out.flush();
                    bytesSent.addAndGet(chunk);
                    if (pauseMillis > 0) {
                        Thread.sleep(pauseMillis);
                    }
                }
            } catch (IOException e) {
                // the client gave up: the point of the test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    static void assertRefusedAndKept(LiveAddressSet live, AddressSet before, String error) {
        assertThat(live.get()).isEqualTo(before);
        assertThat(live.get().contains("198.51.100.7")).isTrue();
        SourceStatus status = live.statuses().get(0);
        assertThat(status.lastError()).contains(error);
        assertThat(status.consecutiveFailures()).isEqualTo(1);
        assertThat(status.healthy()).isFalse();
    }

    @Test
    void tricklingBodyIsAbandonedAtTheReadTimeout() {
        // Long enough for the start-up fetch of the good list on a loaded machine; the trickle lasts 60 s.
        Duration readTimeout = Duration.ofSeconds(3);
        RefreshSettings settings = RefreshSettings.builder().connectTimeout(Duration.ofSeconds(2))
                .readTimeout(readTimeout).build();
        try (LiveAddressSet live = LiveAddressSet.start(url(), "trustedProxies", settings)) {
            AddressSet before = live.get();
            handler = streaming(600, 1, 100);
            long start = System.nanoTime();
            live.refreshNow();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertRefusedAndKept(live, before, "no complete response within");
            System.out.printf("SlowAndHugeSourceTest: a body trickling 1 byte/100 ms was abandoned after %d ms "
                    + "(readTimeout %d ms), the server sent %d bytes%n",
                    millis, readTimeout.toMillis(), bytesSent.get());
        }
    }

    @Test
    void hugeStreamedBodyIsRefusedAtTheDefaultCap() {
        RefreshSettings settings = RefreshSettings.builder().connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(60)).build();
        assertThat(settings.maxBodyBytes()).isEqualTo(16L * 1024 * 1024);
        try (LiveAddressSet live = LiveAddressSet.start(url(), "trustedProxies", settings)) {
            AddressSet before = live.get();
            handler = streaming(HUGE, 64 * 1024, 0);
            live.refreshNow();
            assertRefusedAndKept(live, before, "maxBodyBytes=" + settings.maxBodyBytes());
            assertThat(bytesSent.get()).as("the client hung up before the end of the body").isLessThan(HUGE);
        }
    }
}
