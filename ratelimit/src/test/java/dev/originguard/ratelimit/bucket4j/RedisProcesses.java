package dev.originguard.ratelimit.bucket4j;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code redis-server} processes a test starts on loopback ports of its own (cluster nodes, sentinels, a
 * master and its replica), each in a scratch directory, and stops by its own process handle (PID), never by
 * name. Missing {@code redis-server} skips the test with a clear message, and fails it under CI=true.
 */
public final class RedisProcesses implements AutoCloseable {

    private final Path dir;
    private final Map<Integer, Process> servers = new LinkedHashMap<>();

    private RedisProcesses(Path dir) {
        this.dir = dir;
    }

    /** A fresh set, or the test is skipped (failed under CI=true) when redis-server or redis-cli is missing. */
    public static RedisProcesses start() throws IOException {
        for (String tool : List.of("redis-server", "redis-cli")) {
            if (!onPath(tool)) {
                String message = "Redis cluster and sentinel tests need " + tool + " on the PATH";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(message + "; CI=true, so this is a failure, not a skip");
                }
                Assumptions.abort(message + "; skipped (they fail instead when CI=true)");
            }
        }
        return new RedisProcesses(Files.createTempDirectory("originguard-redis-"));
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    /** Starts {@code redis-server} (or {@code redis-sentinel} mode when the first argument says so) on a port. */
    public Process server(int port, String... args) throws IOException, InterruptedException {
        if (answers(port)) {
            fail("port " + port + " is already taken by another Redis: a process left over from an earlier run?");
        }
        Path home = Files.createDirectories(dir.resolve(String.valueOf(port)));
        List<String> command = new ArrayList<>(List.of("redis-server"));
        boolean sentinel = args.length > 0 && args[0].endsWith(".conf");
        if (!sentinel) {
            command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", home.toString(), "--daemonize", "no"));
        }
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("log").toFile()).start();
        servers.put(port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answers(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                fail("redis-server on " + port + " did not start: " + Files.readString(home.resolve("log")));
            }
            Thread.sleep(20);
        }
        return p;
    }

    /**
     * Starts a sentinel on {@code port} watching the master {@code name} on {@code masterPort}, which it
     * takes for down after {@code downAfterMillis} and fails over with two sentinels agreeing.
     */
    public Process sentinel(int port, String name, int masterPort, int downAfterMillis)
            throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve(String.valueOf(port)));
        Path conf = home.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + home,
                "sentinel monitor " + name + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + name + " " + downAfterMillis,
                "sentinel failover-timeout " + name + " 10000",
                "sentinel parallel-syncs " + name + " 1", ""));
        return server(port, conf.toString(), "--sentinel");
    }

    public Path dir() {
        return dir;
    }

    /** Kills the server on {@code port} at once (SIGKILL, by its PID): a crash, not a shutdown. */
    public void kill(int port) throws InterruptedException {
        Process p = servers.get(port);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** Runs redis-cli with the arguments; returns its output, failing the test on a non-zero exit. */
    public String cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("redis-cli " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** Whether something on the port answers PING (with PONG, or an error such as a cluster still forming). */
    public static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return in.read() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        for (Process p : servers.values()) {
            p.destroy();
        }
        for (Process p : servers.values()) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
