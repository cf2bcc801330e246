package dev.originguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path dir;

    private static String run(String name, double ns, double bytes) {
        return "{\"benchmark\":\"dev.originguard.bench." + name + "\",\"mode\":\"avgt\",\"primaryMetric\":"
                + "{\"score\":" + ns + ",\"scoreError\":1.0,\"scoreUnit\":\"ns/op\"},\"secondaryMetrics\":"
                + "{\"gc.alloc.rate.norm\":{\"score\":" + bytes + ",\"scoreUnit\":\"B/op\"}}}";
    }

    @Test
    void computesNetRatiosAndVerdicts() throws Exception {
        String json = "[" + String.join(",",
                run("FilterBenchmark.noFilter", 1000, 2000),
                run("FilterBenchmark.originGuard", 1100, 2100),
                run("FilterBenchmark.tomcatRemoteIp", 2200, 9000),
                run("FilterBenchmark.tomcatRemoteIpCidr", 1400, 5000),
                run("FilterBenchmark.springForwardedHeader", 1300, 4000),
                run("ResolverBenchmark.resolveScenario", 80, 64),
                run("ResolverBenchmark.floorScenario", 60, 0),
                run("ResolverBenchmark.listCloudflare", 50, 64),
                run("ResolverBenchmark.listAzure", 120, 64)) + "]";
        Path file = dir.resolve("jmh.json");
        Files.writeString(file, json);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Report(Report.read(file), new PrintStream(bytes, true, StandardCharsets.UTF_8)).print();
        String table = bytes.toString(StandardCharsets.UTF_8);

        assertThat(table).contains("| Whole filter vs Tomcat RemoteIpFilter, regex form (net) | OriginGuard 100 ± 1.4"
                + " ns / Tomcat 1200 ± 1.4 ns | <= 0.1 x | 0.08 ± 0.00 | PASS |");
        // 100 / 400, each error 1.4 ns: 0.25 x hypot(1.4%, 0.35%) = 0.004 -> 0.00; the target is 0.2
        assertThat(table).contains("| Whole filter vs Tomcat RemoteIpFilter, CIDR form (net) | OriginGuard 100 ± 1.4"
                + " ns / Tomcat 400 ± 1.4 ns | <= 0.2 x | 0.25 ± 0.00 | MISS |");
        assertThat(table).contains("Spring 300 ± 1.4 ns | <= 0.2 x | 0.33 ± 0.00 | MISS |");
        assertThat(table).contains("| Filter allocation beyond building the request and response | originGuard - "
                + "noFilter = 100 B/request | <= 200 B/request |  | PASS |");
        assertThat(table).contains("| 2.40 ± 0.05 | MISS |");           // 120 / 50
        assertThat(table).contains("| Resolver vs floor, per address (scenario: 4 addresses) | resolver 20");
        assertThat(table).contains("| Resolver allocation, happy path | 64 B/op | <= 64 B/op |  | PASS |");
        assertThat(table).contains("| Local rate limiter, 100,000 active clients | - | <= 300 ns/req | | SKIP");
    }

    @Test
    void ratioErrorsAddTheRelativeErrorsInQuadratureAndWideOnesAreMarkedNoisy() throws Exception {
        String json = "[" + String.join(",",
                "{\"benchmark\":\"dev.originguard.bench.FilterBenchmark.noFilter\",\"primaryMetric\":"
                        + "{\"score\":1000,\"scoreError\":0}}",
                "{\"benchmark\":\"dev.originguard.bench.FilterBenchmark.originGuard\",\"primaryMetric\":"
                        + "{\"score\":1100,\"scoreError\":30}}",
                "{\"benchmark\":\"dev.originguard.bench.FilterBenchmark.tomcatRemoteIp\",\"primaryMetric\":"
                        + "{\"score\":3000,\"scoreError\":400}}") + "]";
        Path file = dir.resolve("errors.json");
        Files.writeString(file, json);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Report(Report.read(file), new PrintStream(bytes, true, StandardCharsets.UTF_8)).print();
        // 100 ± 30 over 2000 ± 400: 0.05 x hypot(30%, 20%) = 0.018
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("| <= 0.1 x | 0.05 ± 0.02 | PASS (noisy: error"
                + " > 25%) |");
    }

    @Test
    void filterAllocationIsJudgedAgainstTheResolutionWithItsClientTextPlusTheWrapper() throws Exception {
        for (int filterBytes : new int[] {152, 200}) {
            String json = "[" + String.join(",",
                    run("FilterBenchmark.noFilterFixedRequest", 20, 0),
                    run("FilterBenchmark.originGuardFixedRequest", 190, filterBytes),
                    run("ResolverBenchmark.resolveScenarioWithClientText", 110, 120)) + "]";
            Path file = dir.resolve("alloc-" + filterBytes + ".json");
            Files.writeString(file, json);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new Report(Report.read(file), new PrintStream(bytes, true, StandardCharsets.UTF_8)).print();
            assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("| Filter allocation beyond wrapper + "
                    + "resolution | filter " + filterBytes + " B/op, resolution with client text 120 B/op | "
                    + "<= resolution + text + 32 B |  | " + (filterBytes == 152 ? "PASS" : "MISS") + " |");
        }
    }
}
