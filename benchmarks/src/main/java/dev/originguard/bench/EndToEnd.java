package dev.originguard.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * End to end: an embedded Tomcat on 127.0.0.1 serving a hello-world servlet, with the OriginGuard filter
 * (declared as web.xml would, by class name and init-params) and without, driven by a real HTTP load generator
 * (wrk when installed, else a JDK HttpClient driver). After one unmeasured pass of each, rounds alternate which
 * side runs first, so neither the JIT's warm-up nor a drift in machine load favours one side. Each round gives
 * a throughput ratio and a p99 latency ratio (on / off, measured back to back); the verdict takes the median of
 * the rounds: throughput with the filter at least {@value #THROUGHPUT_TARGET} of without.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.originguard.bench.EndToEnd [--seconds 10] [--warmup 5]
 * [--connections 16] [--rounds 3] [--driver wrk|jdk]}
 */
public final class EndToEnd {

    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache"); // held: JUL keeps loggers weakly
    private static final Pattern WRK_RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern WRK_P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)\\b");
    /** Throughput with the filter over throughput without, median of the rounds: the target. */
    static final double THROUGHPUT_TARGET = 0.98;

    private final int seconds;
    private final int warmup;
    private final int connections;
    private final int rounds;
    private final String driver;

    private EndToEnd(int seconds, int warmup, int connections, int rounds, String driver) {
        this.seconds = seconds;
        this.warmup = warmup;
        this.connections = connections;
        this.rounds = rounds;
        this.driver = driver;
    }

    /** Runs the comparison and prints requests/s with the filter off and on, and their ratio. */
    public static void main(String[] args) throws Exception {
        int seconds = 10;
        int warmup = 5;
        int connections = 16;
        int rounds = 3;
        String driver = hasWrk() ? "wrk" : "jdk";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--driver" -> driver = value;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --seconds, --warmup, --connections, --rounds, --driver wrk|jdk)");
            }
            i++;
        }
        if (!driver.equals("wrk") && !driver.equals("jdk")) {
            throw new IllegalArgumentException("--driver " + driver + ": expected wrk or jdk");
        }
        TOMCAT_LOG.setLevel(Level.WARNING);
        new EndToEnd(seconds, warmup, connections, rounds, driver).run();
    }

    private void run() throws Exception {
        boolean filter = OriginGuardFilters.available();
        System.out.printf(Locale.ROOT, "end to end: %s driver, %d connections, %d s measured after %d s warm-up, "
                + "%d round(s), X-Forwarded-For: %s%n", driver, connections, seconds, warmup, rounds,
                Scenario.X_FORWARDED_FOR);
        // One unmeasured pass of each first: the JIT compiles Tomcat's (and the filter's) code once per JVM,
        // and whichever server ran first would otherwise pay for it.
        measure(false);
        if (filter) {
            measure(true);
        }
        List<Load> offs = new ArrayList<>();
        List<Load> ons = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // Alternate the order so a drift in machine load does not always favour the same side.
            boolean onFirst = filter && round % 2 == 0;
            for (boolean withFilter : onFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                if (withFilter && !filter) {
                    continue;
                }
                Load load = measure(withFilter);
                (withFilter ? ons : offs).add(load);
                System.out.printf(Locale.ROOT, "round %d: filter %-3s %.0f req/s, p99 %.0f us%n", round,
                        withFilter ? "on" : "off", load.rate(), load.p99Micros());
            }
        }
        System.out.println();
        System.out.println("| end to end (" + driver + ", loopback), median of " + rounds + " rounds | req/s | p99 (us) |"
                + " ratio on/off | target | result |");
        System.out.println("|---|---:|---:|---:|---|---|");
        Load off = new Load(median(offs, Load::rate), median(offs, Load::p99Micros));
        System.out.printf(Locale.ROOT, "| filter off | %.0f | %.0f | | | |%n", off.rate(), off.p99Micros());
        if (!filter) {
            System.out.println("| filter on | SKIP: " + OriginGuardFilters.FILTER_CLASS
                    + " is not on the classpath (not merged yet?) | | | | |");
            return;
        }
        Load on = new Load(median(ons, Load::rate), median(ons, Load::p99Micros));
        List<Double> throughput = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            throughput.add(ons.get(i).rate() / offs.get(i).rate());
            p99.add(ons.get(i).p99Micros() / offs.get(i).p99Micros());
        }
        double throughputRatio = median(throughput, Double::doubleValue);
        double p99Ratio = median(p99, Double::doubleValue);
        System.out.printf(Locale.ROOT, "| filter on | %.0f | %.0f | | | |%n", on.rate(), on.p99Micros());
        System.out.printf(Locale.ROOT, "| throughput, on / off (rounds: %s) | | | %.3f | >= %.2f | %s |%n",
                ratios(throughput), throughputRatio, THROUGHPUT_TARGET,
                throughputRatio >= THROUGHPUT_TARGET ? "PASS" : "MISS");
        System.out.printf(Locale.ROOT, "| p99 latency, on / off (rounds: %s) | | | %.3f | - | info |%n",
                ratios(p99), p99Ratio);
    }

    /** One load run: requests per second and the 99th percentile latency in microseconds. */
    record Load(double rate, double p99Micros) {
    }

    static <T> double median(List<T> values, ToDoubleFunction<T> metric) {
        double[] sorted = values.stream().mapToDouble(metric).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String ratios(List<Double> values) {
        StringBuilder text = new StringBuilder();
        for (double v : values) {
            text.append(text.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v));
        }
        return text.toString();
    }

    private Load measure(boolean withFilter) throws Exception {
        Path base = Files.createTempDirectory("originguard-e2e");
        Tomcat tomcat = start(base, withFilter);
        try {
            int port = tomcat.getConnector().getLocalPort();
            URI uri = URI.create("http://127.0.0.1:" + port + Scenario.PATH);
            String seen = fetchOnce(uri);
            String expected = withFilter ? Scenario.CLIENT : "127.0.0.1";
            if (!expected.equals(seen)) {
                throw new IllegalStateException("filter " + (withFilter ? "on" : "off") + ": the app saw client "
                        + seen + ", expected " + expected);
            }
            load(uri, warmup);
            return load(uri, seconds);
        } finally {
            tomcat.stop();
            tomcat.destroy();
            deleteTree(base);
        }
    }

    private static Tomcat start(Path base, boolean withFilter) throws LifecycleException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        if (context instanceof StandardContext standard) {
            // Leak detection at stop needs --add-opens and only warns: not what this run is about.
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
        Tomcat.addServlet(context, "app", new ClientEchoServlet());
        context.addServletMapping("/*", "app");
        if (withFilter) {
            FilterDef def = new FilterDef();
            def.setFilterName("originGuard");
            def.setFilterClass(OriginGuardFilters.FILTER_CLASS);
            List<String> trusted = new ArrayList<>(ProviderLists.cloudFront());
            // The load generator connects from loopback: it stands in for the scenario's 10.0.0.7.
            trusted.addAll(List.of("127.0.0.0/8", "203.0.113.0/24", "198.51.100.0/24"));
            def.addInitParameter("trustedProxies", String.join(",\n", trusted));
            def.addInitParameter("clientIpHeader", "X-Forwarded-For");
            def.addInitParameter("lockOrigin", "on");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("originGuard");
            map.addURLPattern("/*");
            context.addFilterMap(map);
        }
        tomcat.start();
        return tomcat;
    }

    private static String fetchOnce(URI uri) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = client.send(request(uri), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).header("X-Forwarded-For", Scenario.X_FORWARDED_FOR).GET().build();
    }

    private Load load(URI uri, int durationSeconds) throws Exception {
        return driver.equals("wrk") ? wrk(uri, durationSeconds) : jdk(uri, durationSeconds);
    }

    private Load wrk(URI uri, int durationSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + durationSeconds + "s", "--latency",
                "-H", "X-Forwarded-For: " + Scenario.X_FORWARDED_FOR, uri.toString())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(durationSeconds + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        if (output.contains("Non-2xx or 3xx responses")) {
            throw new IllegalStateException("wrk saw error responses:\n" + output);
        }
        return parseWrk(output);
    }

    /** Requests/s and the 99% line of wrk's {@code --latency} output. */
    static Load parseWrk(String output) {
        Matcher rate = WRK_RATE.matcher(output);
        Matcher p99 = WRK_P99.matcher(output);
        if (!rate.find() || !p99.find()) {
            throw new IllegalStateException("no Requests/sec or 99% latency in wrk's output:\n" + output);
        }
        double value = Double.parseDouble(p99.group(1));
        double micros = switch (p99.group(2)) {
            case "us" -> value;
            case "ms" -> value * 1_000;
            default -> value * 1_000_000;
        };
        return new Load(Double.parseDouble(rate.group(1)), micros);
    }

    // One synchronous request loop per connection; fewer requests/s than wrk, as the client costs as much.
    private Load jdk(URI uri, int durationSeconds) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2)).build();
        HttpRequest request = request(uri);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
        ExecutorService workers = Executors.newFixedThreadPool(connections);
        try {
            List<Future<long[]>> runs = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                runs.add(workers.submit(() -> {
                    long[] latencies = new long[1024];
                    int ok = 0;
                    while (System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("status " + response.statusCode());
                        }
                        if (ok == latencies.length) {
                            latencies = Arrays.copyOf(latencies, ok * 2);
                        }
                        latencies[ok++] = System.nanoTime() - start;
                    }
                    return Arrays.copyOf(latencies, ok);
                }));
            }
            List<long[]> all = new ArrayList<>();
            int total = 0;
            for (Future<long[]> run : runs) {
                long[] latencies = run.get();
                all.add(latencies);
                total += latencies.length;
            }
            long[] merged = new long[total];
            int at = 0;
            for (long[] latencies : all) {
                System.arraycopy(latencies, 0, merged, at, latencies.length);
                at += latencies.length;
            }
            Arrays.sort(merged);
            double p99 = total == 0 ? Double.NaN : merged[Math.min(total - 1, (int) Math.ceil(total * 0.99) - 1)] / 1e3;
            return new Load(total / (double) durationSeconds, p99);
        } finally {
            workers.shutdownNow();
            ((ExecutorService) client.executor().orElseThrow()).shutdownNow();
        }
    }

    private static boolean hasWrk() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The app: answers with the client address it sees. */
    static final class ClientEchoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().write(req.getRemoteAddr());
        }
    }
}
