package dev.originguard.bench;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.mock.web.MockServletContext;

/**
 * The OriginGuard filter with the Redis store against the local Redis (127.0.0.1:6379, or
 * {@code -Doriginguard.bench.redis=host:port}), exact ({@code rateLimitStoreBatch=0}) and batched (50) side by
 * side: per-request latency (p50, p99) and throughput at 1, 8 and 32 threads, each thread cycling over 64
 * clients of its own (busy clients, never limited); then round trips per request, counted by a relay that
 * sees every command the filter sends. Prints a table with PASS/MISS for the round-trip goals (exact at most
 * one per request, batched under a tenth). Keys are removed afterwards.
 *
 * <p>Wall-clock figures on a shared 2-core machine are noisy: compare the modes in one run, not across runs.
 */
public final class RedisStoreBenchmark {

    private static final int CLIENTS_PER_THREAD = 64;
    private static final int[] THREADS = {1, 8, 32};
    private static final long WARM_UP_NANOS = 1_000_000_000L;
    private static final long MEASURE_NANOS = 3_000_000_000L;
    private static final int BATCH = 50;

    private RedisStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String[] hostPort = System.getProperty("originguard.bench.redis", "127.0.0.1:6379").split(":");
        String host = hostPort[0];
        int port = Integer.parseInt(hostPort[1]);
        if (!answers(host, port)) {
            System.out.println("SKIP: no Redis answers on " + host + ":" + port + "; the Redis store figures need one");
            return;
        }
        String prefix = "originguard-bench:" + UUID.randomUUID() + ":";
        StringBuilder table = new StringBuilder();
        table.append("| mode | threads | throughput (req/s) | p50 (µs) | p99 (µs) |\n|---|---|---|---|---|\n");
        Map<Integer, Double> roundTrips = new HashMap<>();
        try {
            for (int batch : new int[] {0, BATCH}) {
                String store = "redis://" + host + ":" + port;
                for (int threads : THREADS) {
                    Result r = run(store, prefix, batch, threads, WARM_UP_NANOS, MEASURE_NANOS);
                    table.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.0f | %.0f |%n", mode(batch), threads,
                            r.throughput, r.p50Nanos / 1e3, r.p99Nanos / 1e3));
                }
                try (RespCommandCounter counter = new RespCommandCounter(host, port)) {
                    String counted = "redis://127.0.0.1:" + counter.port();
                    Filter filter = filter(counted, prefix + "rt:", batch);
                    long before = counter.commands();
                    Result r = drive(filter, 8, 0, 1_000_000_000L);
                    roundTrips.put(batch, (counter.commands() - before) / (double) r.requests);
                    filter.destroy();
                }
            }
        } finally {
            removeKeys(host, port, prefix);
        }
        System.out.print(table);
        System.out.println();
        double exact = roundTrips.get(0);
        double batched = roundTrips.get(BATCH);
        System.out.println("| figure | target | measured | |\n|---|---|---|---|");
        // The first request to a Redis that lacks the script costs one EVAL more.
        System.out.printf(Locale.ROOT, "| Redis round trips per request, exact | <= 1 | %.3f | %s |%n", exact,
                exact <= 1.01 ? "PASS" : "MISS");
        System.out.printf(Locale.ROOT, "| Redis round trips per request, batched (%d) | < 0.1 | %.3f | %s |%n", BATCH,
                batched, batched < 0.1 ? "PASS" : "MISS");
    }

    private static String mode(int batch) {
        return batch == 0 ? "exact" : "batched (" + batch + ")";
    }

    private static Filter filter(String store, String prefix, int batch) {
        MockServletContext context = new MockServletContext();
        Map<String, String> params = new HashMap<>();
        params.put("trustedProxies", Scenario.trustedProxiesParam());
        params.put("rateLimit", "1000000/1s");
        params.put("rateLimitStore", store);
        params.put("rateLimitKeyPrefix", prefix);
        params.put("rateLimitStoreTimeout", "2s");
        params.put("rateLimitStoreBatch", String.valueOf(batch));
        return OriginGuardFilters.create(new MapFilterConfig("originGuard", context, params));
    }

    private static Result run(String store, String prefix, int batch, int threads, long warmUp, long measure)
            throws Exception {
        Filter filter = filter(store, prefix, batch);
        try {
            return drive(filter, threads, warmUp, measure);
        } finally {
            filter.destroy();
        }
    }

    private record Result(long requests, double throughput, long p50Nanos, long p99Nanos) {
    }

    /** Runs {@code threads} threads through the filter; latencies of the measured part only. */
    private static Result drive(Filter filter, int threads, long warmUp, long measure) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> samples = new ArrayList<>();
        long[] counts = new long[threads];
        List<Thread> workers = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(threads);
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            long[] latencies = new long[500_000];
            samples.add(latencies);
            int id = t;
            workers.add(new Thread(() -> {
                MockServletContext context = new MockServletContext();
                FixedRequest[] requests = new FixedRequest[CLIENTS_PER_THREAD];
                for (int c = 0; c < CLIENTS_PER_THREAD; c++) {
                    requests[c] = new FixedRequest(context, Scenario.PEER, "X-Forwarded-For",
                            "12." + id + "." + (c >>> 8) + "." + (c & 0xFF) + ", 203.0.113.5");
                }
                FixedResponse response = new FixedResponse();
                FilterChain chain = (req, res) -> { };
                ready.countDown();
                int next = 0;
                int n = 0;
                try {
                    while (!stop.get()) {
                        FixedRequest request = requests[next];
                        next = next + 1 == CLIENTS_PER_THREAD ? 0 : next + 1;
                        request.clear();
                        response.reset();
                        long t0 = System.nanoTime();
                        filter.doFilter(request, response, chain);
                        long took = System.nanoTime() - t0;
                        if (response.getStatus() != 200) {
                            throw new IllegalStateException("status " + response.getStatus());
                        }
                        if (measuring.get() && n < latencies.length) {
                            latencies[n++] = took;
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
                counts[id] = n;
            }, "redis-bench-" + t));
        }
        workers.forEach(Thread::start);
        ready.await();
        Thread.sleep(warmUp / 1_000_000);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(measure / 1_000_000);
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("a request failed", errors.get(0));
        }
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(samples.get(t), 0, all, at, (int) counts[t]);
            at += (int) counts[t];
        }
        Arrays.sort(all);
        return new Result(total, total / (elapsed / 1e9), all[(int) (all.length * 0.50)],
                all[Math.min(all.length - 1, (int) (all.length * 0.99))]);
    }

    private static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static void removeKeys(String host, int port, String prefix) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://" + host + ":" + port);
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> c = client.connect()) {
            io.lettuce.core.ScanArgs match = io.lettuce.core.ScanArgs.Builder.matches(prefix + "*").limit(1000);
            io.lettuce.core.KeyScanCursor<String> cursor = c.sync().scan(match);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    c.sync().del(cursor.getKeys().toArray(new String[0]));
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = c.sync().scan(cursor, match);
            }
        } finally {
            client.shutdown();
        }
    }
}
