package dev.originguard.servlet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider's range-list endpoint on 127.0.0.1 (JDK httpserver, ephemeral port), serving what a test puts
 * at each path, by default the real provider snapshots under {@code /provider-lists/} on the test classpath.
 */
final class RangeListServer implements AutoCloseable {

    /** Cloudflare's {@code /client/v4/ips} answer as recorded. */
    static final String CLOUDFLARE_FIXTURE = "/provider-lists/cloudflare-api-client-v4-ips.json";
    /** AWS's {@code ip-ranges.json} as published (2 MB). */
    static final String AWS_FIXTURE = "/provider-lists/aws-ip-ranges.json";

    private record Answer(String contentType, byte[] body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    RangeListServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The http:// URL of a path, accepted for a loopback host without allowPlainHttp. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Serves {@code body} at {@code path} from now on. */
    void serve(String path, String contentType, String body) {
        answers.put(path, new Answer(contentType, body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A fixture from the test classpath as text. */
    static String fixture(String resource) {
        try (InputStream in = RangeListServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cloudflare's recorded list with extra IPv4 CIDRs first, as if Cloudflare had added edges. */
    static String cloudflareWith(String... extraIpv4) {
        String extra = extraIpv4.length == 0 ? "" : "\"" + String.join("\",\"", extraIpv4) + "\",";
        String fixture = fixture(CLOUDFLARE_FIXTURE);
        String marker = "\"ipv4_cidrs\":[";
        if (!fixture.contains(marker)) {
            throw new IllegalStateException("the Cloudflare fixture changed shape");
        }
        return fixture.replace(marker, marker + extra);
    }

    /** AWS's published list with extra IPv4 prefixes of service CLOUDFRONT_ORIGIN_FACING first. */
    static String awsWithOriginFacing(String... extraIpv4) {
        StringBuilder extra = new StringBuilder();
        for (String cidr : extraIpv4) {
            extra.append("{\"ip_prefix\": \"").append(cidr).append("\", \"region\": \"GLOBAL\", ")
                    .append("\"service\": \"CLOUDFRONT_ORIGIN_FACING\", \"network_border_group\": \"GLOBAL\"},");
        }
        String fixture = fixture(AWS_FIXTURE);
        String marker = "\"prefixes\": [";
        if (!fixture.contains(marker)) {
            throw new IllegalStateException("the AWS fixture changed shape");
        }
        return fixture.replaceFirst(java.util.regex.Pattern.quote(marker), marker + extra);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Answer answer = answers.get(exchange.getRequestURI().getPath());
        try (OutputStream out = exchange.getResponseBody()) {
            if (answer == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(200, answer.body().length);
            out.write(answer.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
