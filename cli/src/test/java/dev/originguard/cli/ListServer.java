package dev.originguard.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/** A local HTTP server (JDK) serving one range list at {@code /list}, whose body a test can change. */
final class ListServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>("");
    private final AtomicReference<String> contentType = new AtomicReference<>("application/json");

    ListServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/list", exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType.get());
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    void serve(String text, String type) {
        body.set(text);
        contentType.set(type);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/list";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
