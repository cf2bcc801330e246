package dev.originguard.spring;

import dev.originguard.servlet.OriginGuardFilter;
import dev.originguard.servlet.OriginGuardStatus;
import dev.originguard.source.SourceStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * OriginGuard's Micrometer meters, read from {@link OriginGuardFilter#status()} when the registry polls:
 * <ul>
 *   <li>{@code originguard.requests} (counter, tag {@code outcome}: restored, proxy, direct, rejected, reported,
 *       malformed): every request the filter decided, once each;</li>
 *   <li>{@code originguard.requests.unverified} (counter): from a trusted range without a valid origin secret;</li>
 *   <li>{@code originguard.ratelimit.requests} (counter, tag {@code outcome}: checked, limited, rejected,
 *       exempt, store_error), and {@code originguard.ratelimit.buckets} (gauge), when rate limiting is on;</li>
 *   <li>{@code originguard.ranges.size} (gauge, tag {@code set}): CIDR blocks in force;</li>
 *   <li>{@code originguard.ranges.age} (gauge, seconds, tags {@code set}, {@code source}): time since the
 *       source's last success (NaN before the first);</li>
 *   <li>{@code originguard.ranges.failures} (gauge, tags {@code set}, {@code source}): consecutive failed
 *       refreshes, 0 after a success;</li>
 *   <li>{@code originguard.ranges.refresh} (counter, tags {@code set}, {@code source}, {@code result}: success,
 *       failure): loads and refreshes since start.</li>
 * </ul>
 */
final class OriginGuardMetrics implements MeterBinder {

    private final OriginGuardFilter filter;

    OriginGuardMetrics(OriginGuardFilter filter) {
        this.filter = filter;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        requests(registry, "restored", OriginGuardStatus.RequestCounts::restored);
        requests(registry, "proxy", OriginGuardStatus.RequestCounts::proxy);
        requests(registry, "direct", OriginGuardStatus.RequestCounts::direct);
        requests(registry, "rejected", OriginGuardStatus.RequestCounts::rejected);
        requests(registry, "reported", OriginGuardStatus.RequestCounts::reported);
        requests(registry, "malformed", OriginGuardStatus.RequestCounts::malformed);
        FunctionCounter.builder("originguard.requests.unverified", filter,
                        f -> f.status().requests().unverified())
                .description("Requests from a trusted proxy range without a valid origin secret")
                .register(registry);

        OriginGuardStatus status = filter.status();
        if (status.rateLimit() != null) {
            rateLimit(registry, "checked", OriginGuardStatus.RateLimitCounts::checked);
            rateLimit(registry, "limited", OriginGuardStatus.RateLimitCounts::limited);
            rateLimit(registry, "rejected", OriginGuardStatus.RateLimitCounts::rejected);
            rateLimit(registry, "exempt", OriginGuardStatus.RateLimitCounts::exempt);
            rateLimit(registry, "store_error", OriginGuardStatus.RateLimitCounts::storeErrors);
            rateLimit(registry, "contended", OriginGuardStatus.RateLimitCounts::contended);
            Gauge.builder("originguard.ratelimit.buckets", filter, f -> rateLimitCount(f,
                            OriginGuardStatus.RateLimitCounts::trackedBuckets))
                    .description("Buckets the local rate-limit store holds (-1 for a shared store)")
                    .register(registry);
        }
        // Sets and sources are fixed once the filter is built; only their contents change.
        for (OriginGuardStatus.AddressSetStatus set : status.sets()) {
            String name = set.name();
            Gauge.builder("originguard.ranges.size", filter, f -> setOf(f, name) == null ? Double.NaN
                            : setOf(f, name).rangeCount())
                    .description("CIDR blocks in force in an address set")
                    .tag("set", name)
                    .register(registry);
            for (int i = 0; i < set.sources().size(); i++) {
                int index = i;
                String source = set.sources().get(i).source();
                Gauge.builder("originguard.ranges.age", filter, f -> sourceValue(f, name, index,
                                s -> s.age() == null ? Double.NaN : s.age().toMillis() / 1000.0))
                        .description("Seconds since the range source's last successful load or refresh")
                        .baseUnit("seconds")
                        .tags("set", name, "source", source)
                        .register(registry);
                Gauge.builder("originguard.ranges.failures", filter, f -> sourceValue(f, name, index,
                                SourceStatus::consecutiveFailures))
                        .description("Consecutive failed refreshes of the range source")
                        .tags("set", name, "source", source)
                        .register(registry);
                FunctionCounter.builder("originguard.ranges.refresh", filter, f -> sourceValue(f, name, index,
                                SourceStatus::successes))
                        .description("Loads and refreshes of the range source, by result")
                        .tags("set", name, "source", source, "result", "success")
                        .register(registry);
                FunctionCounter.builder("originguard.ranges.refresh", filter, f -> sourceValue(f, name, index,
                                SourceStatus::failures))
                        .description("Loads and refreshes of the range source, by result")
                        .tags("set", name, "source", source, "result", "failure")
                        .register(registry);
            }
        }
    }

    private void requests(MeterRegistry registry, String outcome, ToLongFunction<OriginGuardStatus.RequestCounts> count) {
        FunctionCounter.builder("originguard.requests", filter, f -> count.applyAsLong(f.status().requests()))
                .description("Requests decided by OriginGuard, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    private void rateLimit(MeterRegistry registry, String outcome,
            ToLongFunction<OriginGuardStatus.RateLimitCounts> count) {
        FunctionCounter.builder("originguard.ratelimit.requests", filter, f -> rateLimitCount(f, count))
                .description("Requests seen by the rate limiter, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    private static double rateLimitCount(OriginGuardFilter f, ToLongFunction<OriginGuardStatus.RateLimitCounts> count) {
        OriginGuardStatus.RateLimitCounts counts = f.status().rateLimit();
        return counts == null ? Double.NaN : count.applyAsLong(counts);
    }

    private static OriginGuardStatus.AddressSetStatus setOf(OriginGuardFilter f, String name) {
        for (OriginGuardStatus.AddressSetStatus set : f.status().sets()) {
            if (set.name().equals(name)) {
                return set;
            }
        }
        return null;
    }

    private static double sourceValue(OriginGuardFilter f, String set, int index, ToDoubleFunction<SourceStatus> value) {
        OriginGuardStatus.AddressSetStatus s = setOf(f, set);
        List<SourceStatus> sources = s == null ? List.of() : s.sources();
        return index < sources.size() ? value.applyAsDouble(sources.get(index)) : Double.NaN;
    }
}
