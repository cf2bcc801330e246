package dev.originguard.bench;

import com.sun.net.httpserver.HttpServer;
import dev.originguard.AddressSet;
import dev.originguard.source.LiveAddressSet;
import dev.originguard.source.RefreshSettings;
import dev.originguard.source.SourceStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What refusing a huge range list costs: a local HTTP server streams a 100 MiB body (chunked, no
 * Content-Length) to a {@link LiveAddressSet} at the default 16 MiB {@code maxBodyBytes}; this prints the time
 * to the refusal, how much the server wrote before the client hung up, and the heap: the sum of the heap
 * pools' peaks over a baseline after {@code System.gc()} (an upper bound), and what stays after another GC.
 * The figures depend on the machine and the collector, so they are measured here and not asserted in a unit
 * test (core's {@code SlowAndHugeSourceTest} asserts the refusal itself).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.originguard.bench.HugeSourceMemory [--mib 100]}; run by
 * {@code benchmarks/run}.
 */
public final class HugeSourceMemory {

    private static final String GOOD = "198.51.100.0/24\n203.0.113.0/24\n2001:db8::/32\n";

    private HugeSourceMemory() {
    }

    public static void main(String[] args) throws Exception {
        long mib = 100;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--mib") && i + 1 < args.length) {
                mib = Long.parseLong(args[++i]);
            } else {
                System.err.println("usage: HugeSourceMemory [--mib 100]");
                System.exit(2);
            }
        }
        long huge = mib * 1024 * 1024;
        AtomicBoolean streaming = new AtomicBoolean();
        AtomicLong bytesSent = new AtomicLong();
        ExecutorService executor = Executors.newCachedThreadPool();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            if (!streaming.get()) {
                byte[] body = GOOD.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
                return;
            }
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) '1');
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < huge; sent += chunk.length) {
                    out.write(chunk);
                    out.flush();
                    bytesSent.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                // the client hung up at the cap: what is measured
            }
        });
        server.setExecutor(executor);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/list";
        RefreshSettings settings = RefreshSettings.builder().connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(60)).build();
        try (LiveAddressSet live = LiveAddressSet.start(url, "trustedProxies", settings)) {
            AddressSet before = live.get();
            streaming.set(true);
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            System.gc();
            long baseline = used(heap);
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            live.refreshNow();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.gc();
            long after = used(heap);
            SourceStatus status = live.statuses().get(0);
            boolean refused = live.get().equals(before) && status.lastError() != null
                    && status.lastError().contains("maxBodyBytes=" + settings.maxBodyBytes());
            System.out.printf(Locale.ROOT, "| figure | value |%n|---|---|%n");
            System.out.printf(Locale.ROOT, "| streamed body | %d MiB, refused at maxBodyBytes=%d MiB: %s |%n", mib,
                    settings.maxBodyBytes() >> 20, refused ? "yes, last good set kept" : "NO: " + status.lastError());
            System.out.printf(Locale.ROOT, "| time to the refusal | %d ms |%n", millis);
            System.out.printf(Locale.ROOT, "| written by the server before the hang-up | %.1f MiB |%n",
                    bytesSent.get() / 1048576.0);
            System.out.printf(Locale.ROOT, "| heap peak over the baseline (sum of pool peaks, an upper bound) "
                    + "| %.1f MiB over %.1f MiB |%n", (peak - baseline) / 1048576.0, baseline / 1048576.0);
            System.out.printf(Locale.ROOT, "| retained after GC | %+.1f MiB |%n", (after - baseline) / 1048576.0);
            if (!refused) {
                System.exit(1);
            }
        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static long used(List<MemoryPoolMXBean> heap) {
        return heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }
}
