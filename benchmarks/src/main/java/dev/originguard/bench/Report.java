package dev.originguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JMH JSON result ({@code -rf json}) and prints the figures as a Markdown table: each figure,
 * its target, the ratio and PASS, MISS or SKIP (not measured in this run).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.originguard.bench.Report jmh.json}
 */
public final class Report {

    /** Allowance for the filter's request wrapper: an object header and a few references. */
    static final double WRAPPER_BYTES = 32;
    /** The whole filter's net time against Tomcat's RemoteIpFilter configured with regular expressions. */
    static final double TOMCAT_REGEX_TARGET = 0.1;
    /** The same against Tomcat's RemoteIpFilter configured with CIDR lists. */
    static final double TOMCAT_CIDR_TARGET = 0.2;
    /** The same against Spring's ForwardedHeaderFilter (which checks no trusted set). */
    static final double SPRING_TARGET = 0.2;
    /** What the filter may allocate per mock request beyond building the request and the response. */
    static final double REQUEST_BYTES = 200;

    private final Map<String, Figure> figures;
    private final PrintStream out;

    /** One benchmark's mean time (ns/op), its 99.9% error, and its allocation (B/op, NaN without -prof gc). */
    record Figure(double ns, double error, double bytes) {
        Figure minus(Figure other) {
            return new Figure(ns - other.ns, Math.sqrt(error * error + other.error * other.error),
                    bytes - other.bytes);
        }
    }

    Report(Map<String, Figure> figures, PrintStream out) {
        this.figures = figures;
        this.out = out;
    }

    /** Prints the table for the JSON file named by the first argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Report <jmh-result.json>");
            System.exit(2);
        }
        new Report(read(Path.of(args[0])), System.out).print();
    }

    static Map<String, Figure> read(Path json) throws IOException {
        Map<String, Figure> figures = new HashMap<>();
        for (JsonNode run : new ObjectMapper().readTree(json.toFile())) {
            String name = run.path("benchmark").asText();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            JsonNode primary = run.path("primaryMetric");
            double bytes = Double.NaN;
            for (Map.Entry<String, JsonNode> metric : run.path("secondaryMetrics").properties()) {
                if (metric.getKey().endsWith("gc.alloc.rate.norm")) {
                    bytes = metric.getValue().path("score").asDouble();
                }
            }
            double error = primary.path("scoreError").asDouble(Double.NaN);
            figures.put(name, new Figure(primary.path("score").asDouble(), error, bytes));
        }
        return figures;
    }

    void print() {
        out.println("### Raw figures (ns/op ± 99.9% error, bytes allocated per op)");
        out.println();
        out.println("| benchmark | ns/op | B/op |");
        out.println("|---|---:|---:|");
        figures.keySet().stream().sorted().forEach(name -> {
            Figure f = figures.get(name);
            out.println("| " + name + " | " + time(f) + " | " + bytes(f.bytes) + " |");
        });
        out.println();
        out.println("### Targets");
        out.println();
        out.println("| figure | measured | target | ratio | result |");
        out.println("|---|---|---|---:|---|");
        Figure noFilter = figures.get("FilterBenchmark.noFilter");
        Figure originGuard = net("FilterBenchmark.originGuard", noFilter);
        ratioRow("Whole filter vs Tomcat RemoteIpFilter, regex form (net)", "OriginGuard", originGuard, "Tomcat",
                net("FilterBenchmark.tomcatRemoteIp", noFilter), TOMCAT_REGEX_TARGET);
        ratioRow("Whole filter vs Tomcat RemoteIpFilter, CIDR form (net)", "OriginGuard", originGuard, "Tomcat",
                net("FilterBenchmark.tomcatRemoteIpCidr", noFilter), TOMCAT_CIDR_TARGET);
        ratioRow("Whole filter vs Spring ForwardedHeaderFilter (net)", "OriginGuard", originGuard, "Spring",
                net("FilterBenchmark.springForwardedHeader", noFilter), SPRING_TARGET);
        // What bounds the figures above: the least a filter with the same contract does on the same request.
        Figure floor = net("FilterBenchmark.floorFilter", noFilter);
        ratioRow("Floor filter (request calls + floor walk + MDC) vs Tomcat RemoteIpFilter, regex form (net)",
                "floor", floor, "Tomcat", net("FilterBenchmark.tomcatRemoteIp", noFilter), Double.NaN);
        ratioRow("Whole filter vs the floor filter (net)", "OriginGuard", originGuard, "floor", floor, Double.NaN);
        if (originGuard == null || Double.isNaN(originGuard.bytes)) {
            skip("Filter allocation beyond building the request and response", "<= " + fmt(REQUEST_BYTES)
                    + " B/request", "filter not run or no -prof gc");
        } else {
            row("Filter allocation beyond building the request and response", "originGuard - noFilter = "
                    + fmt(originGuard.bytes) + " B/request" + (floor == null || Double.isNaN(floor.bytes) ? ""
                    : ", floor filter " + fmt(floor.bytes) + " B/request"), "<= " + fmt(REQUEST_BYTES)
                    + " B/request", "", originGuard.bytes <= REQUEST_BYTES + 0.5);
        }
        ratioRow("Resolver, all Azure tags vs Cloudflare 22 (4,096 requests in turn)", "Azure",
                figures.get("ResolverBenchmark.listAzure"), "Cloudflare",
                figures.get("ResolverBenchmark.listCloudflare"), 2.0);
        ratioRow("Floor walk, all Azure tags vs Cloudflare 22 (4,096 requests in turn)", "Azure",
                figures.get("ResolverBenchmark.floorListAzure"), "Cloudflare",
                figures.get("ResolverBenchmark.floorListCloudflare"), Double.NaN);
        ratioRow("Resolver, all Azure tags vs Cloudflare 22 (same request every time)", "Azure",
                figures.get("ResolverBenchmark.listAzureSameRequest"), "Cloudflare",
                figures.get("ResolverBenchmark.listCloudflareSameRequest"), Double.NaN);
        ratioRow("Resolver vs floor, per address (scenario: 4 addresses)", "resolver",
                perAddress(figures.get("ResolverBenchmark.resolveScenario")), "floor",
                perAddress(figures.get("ResolverBenchmark.floorScenario")), 2.0);
        Figure resolver = figures.get("ResolverBenchmark.resolveScenario");
        if (resolver == null || Double.isNaN(resolver.bytes)) {
            skip("Resolver allocation, happy path", "<= 64 B/op", "needs -prof gc");
        } else {
            row("Resolver allocation, happy path", fmt(resolver.bytes) + " B/op", "<= 64 B/op", "",
                    resolver.bytes <= 64.5);
        }
        // The filter must add nothing beyond its wrapper and the resolution; the resolution as the filter holds
        // it includes the client's text, which the MDC key and getRemoteAddr() need.
        Figure own = net("FilterBenchmark.originGuardFixedRequest", figures.get("FilterBenchmark.noFilterFixedRequest"));
        Figure held = figures.get("ResolverBenchmark.resolveScenarioWithClientText");
        if (own == null || held == null || Double.isNaN(own.bytes) || Double.isNaN(held.bytes)) {
            skip("Filter allocation beyond wrapper + resolution", "<= resolution + text + " + fmt(WRAPPER_BYTES)
                    + " B", "filter not run or no -prof gc");
        } else {
            row("Filter allocation beyond wrapper + resolution", "filter " + fmt(own.bytes)
                    + " B/op, resolution with client text " + fmt(held.bytes) + " B/op",
                    "<= resolution + text + " + fmt(WRAPPER_BYTES) + " B", "",
                    own.bytes <= held.bytes + WRAPPER_BYTES + 0.5);
        }
        Figure limiter = net("LimiterBenchmark.filterWithLimit", figures.get("LimiterBenchmark.filterWithoutLimit"));
        if (limiter == null) {
            skip("Local rate limiter, 100,000 active clients", "<= 300 ns/req", "filter not run");
        } else {
            row("Local rate limiter, 100,000 active clients", "with - without = " + time(limiter) + " ns, "
                    + bytes(limiter.bytes) + " B", "<= 300 ns/req", "", limiter.ns <= 300);
        }
        Figure direct = figures.get("LimiterBenchmark.limiterCheck");
        if (direct == null) {
            skip("ClientRateLimiter.check alone", "-", "limiter not run");
        } else {
            out.println("| ClientRateLimiter.check alone | " + time(direct) + " ns, " + bytes(direct.bytes)
                    + " B | - | | info |");
        }
    }

    private Figure net(String name, Figure baseline) {
        Figure f = figures.get(name);
        return f == null || baseline == null ? null : f.minus(baseline);
    }

    private static Figure perAddress(Figure f) {
        int n = ResolverBenchmark.SCENARIO_ADDRESSES;
        return f == null ? null : new Figure(f.ns / n, f.error / n, f.bytes / n);
    }

    /** A ratio against its target; a NaN target marks an informational row, printed without a verdict. */
    private void ratioRow(String figure, String aName, Figure a, String bName, Figure b, double target) {
        boolean info = Double.isNaN(target);
        String goal = info ? "-" : "<= " + fmt(target) + " x";
        if (a == null || b == null) {
            skip(figure, goal, "not measured in this run");
            return;
        }
        double ratio = a.ns / b.ns;
        String shown = ratio(a, b);
        if (info) {
            out.println("| " + figure + " | " + aName + " " + time(a) + " ns / " + bName + " " + time(b) + " ns | - | "
                    + shown + " | info |");
            return;
        }
        String verdict = ratio <= target ? "PASS" : "MISS";
        if (noisy(a) || noisy(b)) {
            verdict += " (noisy: error > 25%)";
        }
        out.println("| " + figure + " | " + aName + " " + time(a) + " ns / " + bName + " " + time(b) + " ns | "
                + goal + " | " + shown + " | " + verdict + " |");
    }

    // The ratio with its error, the two relative errors added in quadrature (independent measurements).
    private static String ratio(Figure a, Figure b) {
        double r = a.ns / b.ns;
        String text = String.format(Locale.ROOT, "%.2f", r);
        if (Double.isNaN(a.error) || Double.isNaN(b.error)) {
            return text;
        }
        double relative = Math.hypot(a.error / a.ns, b.error / b.ns);
        return text + String.format(Locale.ROOT, " ± %.2f", Math.abs(r * relative));
    }

    private static boolean noisy(Figure f) {
        return !Double.isNaN(f.error) && f.error > 0.25 * Math.abs(f.ns);
    }

    private void row(String figure, String measured, String target, String ratio, boolean pass) {
        out.println("| " + figure + " | " + measured + " | " + target + " | " + ratio + " | "
                + (pass ? "PASS" : "MISS") + " |");
    }

    private void skip(String figure, String target, String why) {
        out.println("| " + figure + " | - | " + target + " | | SKIP (" + why + ") |");
    }

    private static String time(Figure f) {
        return Double.isNaN(f.error) ? fmt(f.ns) : fmt(f.ns) + " ± " + fmt(f.error);
    }

    private static String bytes(double b) {
        return Double.isNaN(b) ? "-" : fmt(b);
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }
}
