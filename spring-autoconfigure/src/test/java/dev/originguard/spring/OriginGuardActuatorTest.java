package dev.originguard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.originguard.servlet.OriginGuardFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Meter;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class OriginGuardActuatorTest {

    @TempDir
    Path dir;

    private WebApplicationContextRunner runner() throws Exception {
        Path list = dir.resolve("proxies.txt");
        Files.writeString(list, "192.0.2.0/24\n198.51.100.0/24\n");
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OriginGuardAutoConfiguration.class,
                        OriginGuardActuatorAutoConfiguration.class))
                .withPropertyValues("originguard.trusted-proxies=127.0.0.1, file:" + list,
                        "originguard.rate-limit.limits=100/1m");
    }

    @Test
    void endpointOnlyWhenExposed() throws Exception {
        runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OriginGuardEndpoint.class));
        runner().withPropertyValues("management.endpoints.web.exposure.include=originguard").run(context -> {
            OriginGuardEndpoint.Report report = context.getBean(OriginGuardEndpoint.class).report();
            assertThat(report.sets().get(0).rangeCount()).isEqualTo(3);
            assertThat(report.sets().get(0).sources()).singleElement()
                    .satisfies(s -> assertThat(s.healthy()).isTrue());
            assertThat(report.rateLimit()).containsKeys("checked", "limited", "exempt");
        });
    }

    @Test
    void nothingWithoutTheFilter() throws Exception {
        runner().withPropertyValues("originguard.enabled=false",
                "management.endpoints.web.exposure.include=originguard").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(OriginGuardEndpoint.class)
                        .doesNotHaveBean(HealthIndicator.class).doesNotHaveBean(MeterBinder.class));
    }

    @Test
    void healthIsUpWhileFreshAndTheConfiguredStatusWhenStale() throws Exception {
        runner().run(context -> {
            Health health = context.getBean("originguardHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("maxAgeSeconds", 3 * 3600L);
        });
        runner().withPropertyValues("originguard.ranges.max-age=1ms").run(context -> {
            Thread.sleep(20);
            Health health = context.getBean("originguardHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        });
        runner().withPropertyValues("originguard.ranges.max-age=1ms", "originguard.ranges.stale-status=down")
                .run(context -> {
                    Thread.sleep(20);
                    assertThat(context.getBean("originguardHealthIndicator", HealthIndicator.class).health()
                            .getStatus()).isEqualTo(Status.DOWN);
                });
        runner().withPropertyValues("management.health.originguard.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean("originguardHealthIndicator"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUnwritableCacheDirectoryShowsInHealthAsACacheErrorOfItsOwn() throws Exception {
        // Root may write anywhere: a path through a regular file is what nobody can create.
        Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "x");
        try (CountingRangeServer ranges = new CountingRangeServer()) {
            urlRunner(ranges).withPropertyValues("originguard.ranges.cache-directory=" + notADirectory.resolve("cache"))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        Health health = context.getBean("originguardHealthIndicator", HealthIndicator.class)
                                .health();
                        assertThat(health.getStatus()).as("the set in force is fresh").isEqualTo(Status.UP);
                        assertThat(health.getDetails()).containsEntry("cacheErrors", 1);
                        Map<String, Object> sets = (Map<String, Object>) health.getDetails().get("sets");
                        Map<String, Object> sources = (Map<String, Object>) ((Map<String, Object>)
                                sets.get("trustedProxies")).get("sources");
                        Map<String, Object> source = (Map<String, Object>) sources.get(ranges.url());
                        assertThat(source).doesNotContainKey("lastError");
                        assertThat((String) source.get("cacheError")).contains(notADirectory.toString());

                        context.getBean(OriginGuardFilter.class).refreshRanges(); // the same list again
                        assertThat(context.getBean(OriginGuardEndpoint.class).report().sets().get(0).sources()
                                .get(0).cacheError()).startsWith("cannot write the cache file");
                    });
            urlRunner(ranges).withPropertyValues("originguard.ranges.cache-directory=" + dir.resolve("cache"))
                    .run(context -> assertThat(context.getBean("originguardHealthIndicator", HealthIndicator.class)
                            .health().getDetails()).doesNotContainKey("cacheErrors"));
        }
    }

    @Test
    void metricsHaveTheDocumentedNames() throws Exception {
        runner().run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(MeterBinder.class).bindTo(registry);
            assertThat(registry.get("originguard.requests").tag("outcome", "restored").functionCounter().count())
                    .isZero();
            for (String outcome : new String[] {"proxy", "direct", "rejected", "reported", "malformed"}) {
                assertThat(registry.find("originguard.requests").tag("outcome", outcome).functionCounter())
                        .as(outcome).isNotNull();
            }
            assertThat(registry.find("originguard.requests.unverified").functionCounter()).isNotNull();
            for (String outcome : new String[] {"checked", "limited", "rejected", "exempt", "store_error"}) {
                assertThat(registry.find("originguard.ratelimit.requests").tag("outcome", outcome).functionCounter())
                        .as(outcome).isNotNull();
            }
            assertThat(registry.get("originguard.ratelimit.buckets").gauge().value()).isZero();
            assertThat(registry.get("originguard.ranges.size").tag("set", "trustedProxies").gauge().value())
                    .isEqualTo(3);
            assertThat(registry.get("originguard.ranges.size").tag("set", "directAllow").gauge().value()).isZero();
            double age = registry.get("originguard.ranges.age").tag("set", "trustedProxies").gauge().value();
            assertThat(age).isBetween(0.0, 60.0);
            assertThat(registry.get("originguard.ranges.failures").gauge().value()).isZero();
            assertThat(registry.get("originguard.ranges.refresh").tag("result", "success").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get("originguard.ranges.refresh").tag("result", "failure").functionCounter().count())
                    .isZero();
            // The counters are live: a refresh that fails shows in the failure gauge and counter.
            Files.writeString(dir.resolve("proxies.txt"), "not an address\n");
            context.getBean(OriginGuardFilter.class).refreshRanges();
            assertThat(registry.get("originguard.ranges.failures").gauge().value()).isEqualTo(1);
            assertThat(registry.get("originguard.ranges.refresh").tag("result", "failure").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get("originguard.ranges.size").tag("set", "trustedProxies").gauge().value())
                    .isEqualTo(3);
        });
    }

    @Test
    void maxAgeDefaultsToThreeRefreshIntervals() {
        OriginGuardProperties.Ranges ranges = new OriginGuardProperties.Ranges();
        ranges.setRefreshInterval(Duration.ofMinutes(10));
        assertThat(dev.originguard.spring.internal.HealthReport.maxAge(ranges)).isEqualTo(Duration.ofMinutes(30));
        ranges.setMaxAge(Duration.ofHours(5));
        assertThat(dev.originguard.spring.internal.HealthReport.maxAge(ranges)).isEqualTo(Duration.ofHours(5));
    }

    @Test
    void noCredentialOfASourceUrlReachesTheReportHealthOrMetricTags() throws Exception {
        String password = "hunter2pw";
        String sig = "SECRETsig0";
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "192.0.2.0/24\n198.51.100.0/24\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://user:" + password + "@127.0.0.1:" + server.getAddress().getPort()
                    + "/list?sig=" + sig + "&x=1";
            new WebApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(OriginGuardAutoConfiguration.class,
                            OriginGuardActuatorAutoConfiguration.class))
                    .withPropertyValues("originguard.trusted-proxies=" + url,
                            "management.endpoints.web.exposure.include=originguard")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        MeterRegistry registry = new SimpleMeterRegistry();
                        context.getBean(MeterBinder.class).bindTo(registry);
                        status.set(500); // a failing refresh puts the location into lastError
                        context.getBean(OriginGuardFilter.class).refreshRanges();
                        OriginGuardEndpoint.Report report = context.getBean(OriginGuardEndpoint.class).report();
                        OriginGuardEndpoint.SourceReport source = report.sets().get(0).sources().get(0);
                        assertThat(source.lastError()).contains("HTTP 500");
                        assertThat(source.location()).endsWith("/list?sig=***&x=***").contains("http://***@");
                        Health health = context.getBean("originguardHealthIndicator", HealthIndicator.class)
                                .health();
                        List<String> shown = new ArrayList<>();
                        shown.add(report.toString());
                        shown.add(health.getDetails().toString());
                        for (Meter meter : registry.getMeters()) {
                            meter.getId().getTags().forEach(t -> shown.add(t.getKey() + "=" + t.getValue()));
                        }
                        assertThat(shown).anyMatch(t -> t.startsWith("source=")).anyMatch(t -> t.contains("sig=***"));
                        for (String text : shown) {
                            assertThat(text).doesNotContain(password).doesNotContain(sig);
                        }
                    });
        } finally {
            server.stop(0);
        }
    }

    private WebApplicationContextRunner urlRunner(CountingRangeServer ranges) {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OriginGuardAutoConfiguration.class,
                        OriginGuardActuatorAutoConfiguration.class))
                .withPropertyValues("originguard.trusted-proxies=127.0.0.1, " + ranges.url(),
                        "management.endpoints.web.exposure.include=originguard");
    }

    @Test
    void twoConcurrentRefreshesFetchOnce() throws Exception {
        try (CountingRangeServer ranges = new CountingRangeServer()) {
            urlRunner(ranges).run(context -> {
                assertThat(context).hasNotFailed();
                OriginGuardEndpoint endpoint = context.getBean(OriginGuardEndpoint.class);
                int atStart = ranges.requests();

                ranges.hold();
                CompletableFuture<OriginGuardEndpoint.RefreshReport> first =
                        CompletableFuture.supplyAsync(endpoint::refresh);
                OriginGuardEndpoint.RefreshReport second;
                try {
                    assertThat(ranges.awaitArrival()).as("the first refresh is fetching").isTrue();
                    // Returns while the first is still held at the server: it neither fetches nor waits.
                    second = endpoint.refresh();
                } finally {
                    ranges.release();
                }

                assertThat(second.refresh()).isEqualTo("in-progress");
                assertThat(second.status()).isNull();
                assertThat(first.get(10, TimeUnit.SECONDS).refresh()).isEqualTo("refreshed");
                assertThat(ranges.requests() - atStart).as("fetches for two concurrent calls").isEqualTo(1);
            });
        }
    }

    @Test
    void aRefreshInsideTheMinimumIntervalFetchesNothingAndSaysWhenTheNextIsAllowed() throws Exception {
        assertThat(OriginGuardEndpoint.MIN_REFRESH_INTERVAL_SECONDS).isEqualTo(10);
        try (CountingRangeServer ranges = new CountingRangeServer()) {
            urlRunner(ranges).run(context -> {
                OriginGuardFilter filter = context.getBean(OriginGuardFilter.class);
                MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
                java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(77);
                OriginGuardEndpoint endpoint = new OriginGuardEndpoint(filter, clock, nanos::get,
                        Duration.ofSeconds(OriginGuardEndpoint.MIN_REFRESH_INTERVAL_SECONDS));
                int atStart = ranges.requests();

                OriginGuardEndpoint.RefreshReport first = endpoint.refresh();
                assertThat(first.refresh()).isEqualTo("refreshed");
                assertThat(first.nextRefreshAllowed()).isEqualTo("2026-01-01T00:00:10Z");
                assertThat(ranges.requests() - atStart).isEqualTo(1);

                clock.now = Instant.parse("2026-01-01T00:00:09.999Z");
                nanos.addAndGet(Duration.ofMillis(9_999).toNanos());
                OriginGuardEndpoint.RefreshReport tooSoon = endpoint.refresh();
                assertThat(tooSoon.refresh()).isEqualTo("too-soon");
                assertThat(tooSoon.nextRefreshAllowed()).isEqualTo("2026-01-01T00:00:10Z");
                assertThat(tooSoon.status().sets().get(0).rangeCount()).isEqualTo(3);
                assertThat(ranges.requests() - atStart).as("nothing fetched inside the interval").isEqualTo(1);

                clock.now = Instant.parse("2026-01-01T00:00:10Z");
                nanos.addAndGet(Duration.ofMillis(1).toNanos());
                assertThat(endpoint.refresh().refresh()).isEqualTo("refreshed");
                assertThat(ranges.requests() - atStart).isEqualTo(2);

                // The interval is measured on the ticker: a wall-clock step opens nothing and blocks nothing.
                clock.now = clock.now.plus(Duration.ofHours(4));
                nanos.addAndGet(Duration.ofSeconds(1).toNanos());
                OriginGuardEndpoint.RefreshReport afterForward = endpoint.refresh();
                assertThat(afterForward.refresh()).as("+4 h on the wall, 1 s really").isEqualTo("too-soon");
                assertThat(afterForward.nextRefreshAllowed()).as("dated by the wall clock")
                        .isEqualTo("2026-01-01T04:00:19Z");
                clock.now = clock.now.minus(Duration.ofHours(4).plusMinutes(10));
                nanos.addAndGet(Duration.ofSeconds(9).toNanos());
                assertThat(endpoint.refresh().refresh()).as("-4 h 10 min on the wall, 10 s really")
                        .isEqualTo("refreshed");
                assertThat(ranges.requests() - atStart).isEqualTo(3);
            });
        }
    }

    @Test
    void theExposedEndpointsSecondCallInsideTheIntervalFetchesNothing() throws Exception {
        try (CountingRangeServer ranges = new CountingRangeServer()) {
            urlRunner(ranges).run(context -> {
                OriginGuardEndpoint endpoint = context.getBean(OriginGuardEndpoint.class);
                int atStart = ranges.requests();
                assertThat(endpoint.refresh().refresh()).isEqualTo("refreshed");
                assertThat(endpoint.refresh().refresh()).isEqualTo("too-soon");
                assertThat(ranges.requests() - atStart).isEqualTo(1);
            });
        }
    }

    /** A clock a test sets. */
    private static final class MutableClock extends Clock {

        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
