package dev.originguard.bench;

import jakarta.servlet.Filter;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link FilterBenchmark}'s scenario for a busy machine: every round times each filter (and no filter) over the
 * same number of fresh requests, one right after the other, so a change in the machine's load hits all of them
 * alike; each round gives the net ratios, and the figure is their median with the quartiles. JMH's means run
 * each benchmark minutes apart, and on a shared 2-core machine the load between them differs more than the
 * filters do. A cross-check, not a replacement: no forks, one JIT profile for all filters.
 *
 * <p>Usage: {@code java -Xms2g -Xmx2g -cp benchmarks.jar dev.originguard.bench.FilterPairs [rounds] [requests]}
 * (defaults 400 and 2,000; the first 100 rounds warm up and are not counted).
 */
public final class FilterPairs {

    private static final int WARM_UP_ROUNDS = 100;

    private FilterPairs() {
    }

    /** Runs the rounds and prints the medians and the net ratios. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        FilterBenchmark.Requests scenario = new FilterBenchmark.Requests();
        scenario.setUp();
        FilterBenchmark.OriginGuard originGuard = new FilterBenchmark.OriginGuard();
        originGuard.setUp(scenario);
        FilterBenchmark.Floor floor = new FilterBenchmark.Floor();
        floor.setUp(scenario);
        FilterBenchmark.Tomcat regex = new FilterBenchmark.Tomcat();
        regex.setUp(scenario);
        FilterBenchmark.TomcatCidr cidr = new FilterBenchmark.TomcatCidr();
        cidr.setUp(scenario);
        FilterBenchmark.Spring spring = new FilterBenchmark.Spring();
        spring.setUp(scenario);
        String[] names = {"no filter", "OriginGuard", "floor filter", "Tomcat regex form", "Tomcat CIDR form",
            "Spring"};
        Filter[] filters = {null, originGuard.filter, floor.filter, regex.filter, cidr.filter, spring.filter};
        double[][] ns = new double[filters.length][rounds];
        String sink = null;
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            for (int f = 0; f < filters.length; f++) {
                long start = System.nanoTime();
                for (int i = 0; i < requests; i++) {
                    sink = scenario.handle(filters[f]);
                }
                if (round >= 0) {
                    ns[f][round] = (System.nanoTime() - start) / (double) requests;
                }
            }
        }
        if (!Scenario.CLIENT.equals(sink)) {
            throw new IllegalStateException("the last filter restored " + sink);
        }
        originGuard.tearDown();
        System.out.printf(Locale.ROOT, "%d rounds of %d fresh requests per filter%n%n", rounds, requests);
        System.out.println("| filter | median ns/request | net ns |");
        System.out.println("|---|---:|---:|");
        double none = median(ns[0]);
        for (int f = 0; f < filters.length; f++) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %s |%n", names[f], median(ns[f]),
                    f == 0 ? "-" : String.format(Locale.ROOT, "%.0f", median(ns[f]) - none));
        }
        System.out.println();
        System.out.println("| net ratio, per round | median | quartiles | target |");
        System.out.println("|---|---:|---|---|");
        ratio(ns, 1, 3, "OriginGuard / Tomcat regex form", Report.TOMCAT_REGEX_TARGET);
        ratio(ns, 1, 4, "OriginGuard / Tomcat CIDR form", Report.TOMCAT_CIDR_TARGET);
        ratio(ns, 1, 5, "OriginGuard / Spring", Report.SPRING_TARGET);
        ratio(ns, 2, 3, "floor filter / Tomcat regex form", Double.NaN);
        ratio(ns, 1, 2, "OriginGuard / floor filter", Double.NaN);
    }

    private static void ratio(double[][] ns, int a, int b, String name, double target) {
        int rounds = ns[0].length;
        double[] r = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            r[i] = (ns[a][i] - ns[0][i]) / (ns[b][i] - ns[0][i]);
        }
        Arrays.sort(r);
        double median = r[rounds / 2];
        String verdict = Double.isNaN(target) ? "-" : "<= " + target + " x: " + (median <= target ? "PASS" : "MISS");
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f - %.3f | %s |%n", name, median, r[rounds / 4],
                r[3 * rounds / 4], verdict);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
