package dev.originguard.ratelimit.bucket4j;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Redis the tests use, 127.0.0.1:6379 (the port can be moved with -Doriginguard.test.redis.port, which
 * is also how the missing-Redis path below is exercised without stopping the machine's Redis). Missing Redis
 * skips the Redis tests with a clear message on a developer's machine, and fails them on CI (CI=true), where
 * Redis is part of the environment.
 */
public final class RedisAvailability {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = Integer.getInteger("originguard.test.redis.port", 6379);

    private RedisAvailability() {
    }

    public static void require() {
        String why = probe();
        if (why == null) {
            return;
        }
        String message = "Redis tests need Redis on " + HOST + ":" + PORT + " (" + why + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.abort(message + "; skipped (they fail instead when CI=true)");
    }

    /** Null when Redis answers PING, else why not. */
    private static String probe() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(7);
            String r = new String(reply, StandardCharsets.US_ASCII);
            return r.startsWith("+PONG") ? null : "it answered PING with " + r.strip();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Deletes every key under {@code prefix} a test wrote to the shared Redis; returns what is left (none). */
    public static java.util.List<String> removeKeys(String prefix) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://" + HOST + ":" + PORT);
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> c = client.connect()) {
            java.util.List<String> keys = c.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                c.sync().del(keys.toArray(new String[0]));
            }
            return c.sync().keys(prefix + "*");
        } finally {
            client.shutdown();
        }
    }
}
