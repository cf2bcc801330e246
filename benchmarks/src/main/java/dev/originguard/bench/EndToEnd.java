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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * End to end: an embedded Tomcat on 127.0.0.1 serving a trivial servlet, with the OriginGuard filter (declared
 * as web.xml would, by class name and init-params) and without, driven by a real HTTP load generator (wrk when
 * installed, else a JDK HttpClient driver). After one unmeasured pass of each, rounds alternate which side runs
 * first, so neither the JIT's warm-up nor a drift in machine load favours one side.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.originguard.bench.EndToEnd [--seconds 10] [--warmup 5]
 * [--connections 16] [--rounds 2] [--driver wrk|jdk]}
 */
public final class EndToEnd {

    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache"); // held: JUL keeps loggers weakly
    private static final Pattern WRK_RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

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
        int rounds = 2;
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
        double off = 0;
        double on = 0;
        for (int round = 1; round <= rounds; round++) {
            // Alternate the order so a drift in machine load does not always favour the same side.
            boolean onFirst = filter && round % 2 == 0;
            for (boolean withFilter : onFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                if (withFilter && !filter) {
                    continue;
                }
                double rate = measure(withFilter);
                if (withFilter) {
                    on += rate;
                } else {
                    off += rate;
                }
                System.out.printf(Locale.ROOT, "round %d: filter %-3s %.0f req/s%n", round, withFilter ? "on" : "off",
                        rate);
            }
        }
        off /= rounds;
        System.out.println();
        System.out.println("| end to end (" + driver + ", loopback) | req/s | ratio |");
        System.out.println("|---|---:|---:|");
        System.out.printf(Locale.ROOT, "| filter off | %.0f | 1.00 |%n", off);
        if (filter) {
            on /= rounds;
            System.out.printf(Locale.ROOT, "| filter on | %.0f | %.3f |%n", on, on / off);
        } else {
            System.out.println("| filter on | SKIP: " + OriginGuardFilters.FILTER_CLASS
                    + " is not on the classpath (not merged yet?) | |");
        }
    }

    private double measure(boolean withFilter) throws Exception {
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

    private double load(URI uri, int durationSeconds) throws Exception {
        return driver.equals("wrk") ? wrk(uri, durationSeconds) : jdk(uri, durationSeconds);
    }

    private double wrk(URI uri, int durationSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + durationSeconds + "s",
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
        Matcher m = WRK_RATE.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no Requests/sec in wrk's output:\n" + output);
        }
        return Double.parseDouble(m.group(1));
    }

    // One synchronous request loop per connection; fewer requests/s than wrk, as the client costs as much.
    private double jdk(URI uri, int durationSeconds) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2)).build();
        HttpRequest request = request(uri);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
        ExecutorService workers = Executors.newFixedThreadPool(connections);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                counts.add(workers.submit(() -> {
                    long ok = 0;
                    while (System.nanoTime() < deadline) {
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("status " + response.statusCode());
                        }
                        ok++;
                    }
                    return ok;
                }));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total / (double) durationSeconds;
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
