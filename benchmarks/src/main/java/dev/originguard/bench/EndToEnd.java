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
 * (wrk when installed, else a JDK HttpClient driver). Both servers run side by side; after an unmeasured warm-up
 * of each, every round is a few pairs of short runs, one with the filter and one without, alternating which
 * goes first, so neither the JIT's warm-up nor a drift in machine load favours one side. A round's throughput
 * and p99 latency ratios (on / off) are the medians of its pairs; the verdict takes the median of the rounds:
 * throughput with the filter at least {@value #THROUGHPUT_TARGET} of without.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.originguard.bench.EndToEnd [--seconds 2] [--warmup 5]
 * [--connections 16] [--rounds 3] [--pairs 5] [--driver wrk|jdk]}
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
    private final int pairs;
    private final String driver;

    private EndToEnd(int seconds, int warmup, int connections, int rounds, int pairs, String driver) {
        this.seconds = seconds;
        this.warmup = warmup;
        this.connections = connections;
        this.rounds = rounds;
        this.pairs = pairs;
        this.driver = driver;
    }

    /** Runs the comparison and prints requests/s with the filter off and on, and their ratio. */
    public static void main(String[] args) throws Exception {
        int seconds = 2;
        int warmup = 5;
        int pairs = 5;
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
                case "--pairs" -> pairs = Integer.parseInt(value);
                case "--driver" -> driver = value;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --seconds, --warmup, --connections, --rounds, --pairs, --driver wrk|jdk)");
            }
            i++;
        }
        if (!driver.equals("wrk") && !driver.equals("jdk")) {
            throw new IllegalArgumentException("--driver " + driver + ": expected wrk or jdk");
        }
        TOMCAT_LOG.setLevel(Level.WARNING);
        new EndToEnd(seconds, warmup, connections, rounds, pairs, driver).run();
    }

    private void run() throws Exception {
        boolean filter = OriginGuardFilters.available();
        System.out.printf(Locale.ROOT, "end to end: %s driver, %d connections, %d round(s) of %d pairs of %d s runs"
                + " after %d s warm-up each, X-Forwarded-For: %s%n", driver, connections, rounds, pairs, seconds,
                warmup, Scenario.X_FORWARDED_FOR);
        // Both servers run for the whole test, so the pairs alternate between them within seconds: a drift in
        // the machine's load (other builds on a shared machine) then hits both sides of a pair alike.
        Server off = Server.start(false);
        Server on = filter ? Server.start(true) : null;
        try {
            // Unmeasured warm-up of each: the JIT compiles Tomcat's (and the filter's) code first.
            load(off.uri(), warmup);
            if (on != null) {
                load(on.uri(), warmup);
            }
            List<Load> offs = new ArrayList<>();
            List<Load> ons = new ArrayList<>();
            List<Double> throughput = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                List<Double> pairThroughput = new ArrayList<>();
                List<Double> pairP99 = new ArrayList<>();
                for (int pair = 0; pair < pairs; pair++) {
                    // Alternate the order so neither side always runs right after the other.
                    boolean onFirst = on != null && (pair + round) % 2 == 0;
                    Load first = load((onFirst ? on : off).uri(), seconds);
                    Load second = on == null ? null : load((onFirst ? off : on).uri(), seconds);
                    Load offLoad = onFirst ? second : first;
                    Load onLoad = onFirst ? first : second;
                    offs.add(offLoad);
                    if (onLoad != null) {
                        ons.add(onLoad);
                        pairThroughput.add(onLoad.rate() / offLoad.rate());
                        pairP99.add(onLoad.p99Micros() / offLoad.p99Micros());
                    }
                }
                if (on == null) {
                    continue;
                }
                throughput.add(median(pairThroughput, Double::doubleValue));
                p99.add(median(pairP99, Double::doubleValue));
                System.out.printf(Locale.ROOT, "round %d: throughput on/off %.3f, p99 on/off %.3f (median of %d pairs;"
                        + " off %.0f req/s, on %.0f req/s)%n", round, throughput.get(round - 1), p99.get(round - 1),
                        pairs, median(offs.subList(offs.size() - pairs, offs.size()), Load::rate),
                        median(ons.subList(ons.size() - pairs, ons.size()), Load::rate));
            }
            System.out.println();
            System.out.println("| end to end (" + driver + ", loopback), median of " + rounds + " rounds | req/s |"
                    + " p99 (us) | ratio on/off | target | result |");
            System.out.println("|---|---:|---:|---:|---|---|");
            System.out.printf(Locale.ROOT, "| filter off | %.0f | %.0f | | | |%n", median(offs, Load::rate),
                    median(offs, Load::p99Micros));
            if (on == null) {
                System.out.println("| filter on | SKIP: " + OriginGuardFilters.FILTER_CLASS
                        + " is not on the classpath (not merged yet?) | | | | |");
                return;
            }
            double throughputRatio = median(throughput, Double::doubleValue);
            double p99Ratio = median(p99, Double::doubleValue);
            System.out.printf(Locale.ROOT, "| filter on | %.0f | %.0f | | | |%n", median(ons, Load::rate),
                    median(ons, Load::p99Micros));
            // Rounds that disagree by more than the margin the target leaves cannot tell PASS from MISS.
            String noisy = spread(throughput) > 1 - THROUGHPUT_TARGET ? " (noisy: rounds differ by more than "
                    + Math.round((1 - THROUGHPUT_TARGET) * 100) + "%)" : "";
            System.out.printf(Locale.ROOT, "| throughput, on / off (rounds: %s) | | | %.3f | >= %.2f | %s%s |%n",
                    ratios(throughput), throughputRatio, THROUGHPUT_TARGET,
                    throughputRatio >= THROUGHPUT_TARGET ? "PASS" : "MISS", noisy);
            System.out.printf(Locale.ROOT, "| p99 latency, on / off (rounds: %s) | | | %.3f | - | info |%n",
                    ratios(p99), p99Ratio);
        } finally {
            off.stop();
            if (on != null) {
                on.stop();
            }
        }
    }

    // Largest minus smallest of the values.
    static double spread(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0)
                - values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    /** One embedded Tomcat, checked to hand the app the client it should. */
    private record Server(Tomcat tomcat, Path base, URI uri) {

        static Server start(boolean withFilter) throws Exception {
            Path base = Files.createTempDirectory("originguard-e2e");
            Tomcat tomcat = EndToEnd.start(base, withFilter);
            URI uri = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + Scenario.PATH);
            String seen = fetchOnce(uri);
            String expected = withFilter ? Scenario.CLIENT : "127.0.0.1";
            if (!expected.equals(seen)) {
                tomcat.stop();
                tomcat.destroy();
                throw new IllegalStateException("filter " + (withFilter ? "on" : "off") + ": the app saw client "
                        + seen + ", expected " + expected);
            }
            return new Server(tomcat, base, uri);
        }

        void stop() throws Exception {
            tomcat.stop();
            tomcat.destroy();
            deleteTree(base);
        }
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
