package dev.originguard.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real local HTTP server (JDK httpserver on 127.0.0.1, port 0) whose answer per path a test sets. */
final class ListServer implements AutoCloseable {

    /** One canned answer. {@code stallMillis} pauses after half the body. */
    record Answer(int status, String contentType, byte[] body, Map<String, String> headers, long stallMillis) {

        static Answer ok(String contentType, String body) {
            return new Answer(200, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of(), 0);
        }

        static Answer status(int status) {
            return new Answer(status, "text/plain", ("HTTP " + status).getBytes(StandardCharsets.UTF_8), Map.of(), 0);
        }

        Answer withHeader(String name, String value) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put(name, value);
            return new Answer(status, contentType, body, Map.copyOf(all), stallMillis);
        }

        Answer stalling(long millis) {
            return new Answer(status, contentType, body, headers, millis);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    volatile String lastIfNoneMatch;

    ListServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(String path, Answer answer) {
        answers.put(path, answer);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        lastIfNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
        Answer answer = answers.getOrDefault(exchange.getRequestURI().getPath(), Answer.status(404));
        String etag = answer.headers().get("ETag");
        if (etag != null && etag.equals(lastIfNoneMatch)) {
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        if (answer.contentType() != null) {
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] body = answer.body();
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (answer.stallMillis() > 0) {
                out.write(body, 0, body.length / 2);
                out.flush();
                Thread.sleep(answer.stallMillis());
                out.write(body, body.length / 2, body.length - body.length / 2);
            } else {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // client went away (timeout or size cap): expected in fault tests
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
