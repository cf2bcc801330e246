package dev.originguard.spring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A text range list on 127.0.0.1 (JDK httpserver, ephemeral port) that counts the requests it answers and can
 * hold an answer until the test lets it go, so a test can have a refresh in flight while it calls again.
 */
final class CountingRangeServer implements AutoCloseable {

    private static final byte[] LIST = "192.0.2.0/24\n198.51.100.0/24\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile CountDownLatch arrived = new CountDownLatch(0);
    private volatile CountDownLatch release = new CountDownLatch(0);

    CountingRangeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/proxies.txt", this::handle);
        server.start();
    }

    /** The list's http:// URL, accepted for a loopback host. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/proxies.txt";
    }

    /** Requests answered or being answered so far. */
    int requests() {
        return requests.get();
    }

    /** From now on, each request waits for {@link #release()} after signalling its arrival. */
    void hold() {
        arrived = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    /** Waits until a held request has arrived; false after 10 s. */
    boolean awaitArrival() throws InterruptedException {
        return arrived.await(10, TimeUnit.SECONDS);
    }

    /** Lets held requests answer. */
    void release() {
        release.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        arrived.countDown();
        try {
            if (!release.await(10, TimeUnit.SECONDS)) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, LIST.length);
            out.write(LIST);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
