package dev.originguard.bench;

import dev.originguard.AddressSet;
import dev.originguard.ClientIpResolver;
import dev.originguard.Resolution;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.mock.web.MockServletContext;

/**
 * Every request a new client (issue 12 item 7): 262,144 distinct clients taken in turn against the default
 * bound of 100,000 buckets, so each request finds no bucket and creates one (and evicts another). The filter
 * with and without a local rate limit, and the limiter's {@code check} alone, so the cost of a new client's
 * bucket shows as the difference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NewClientBenchmark {

    /** Distinct clients cycled through: well over the 100,000 buckets the store keeps. */
    public static final int CLIENTS = 1 << 18;

    static String client(int i) {
        int host = (i * 40_503) & 0xFF_FFFF; // a bijection on 24 bits
        return "13." + (host >>> 16) + "." + ((host >>> 8) & 0xFF) + "." + (host & 0xFF);
    }

    /** Reusable requests from distinct clients. */
    @State(Scope.Thread)
    public static class Clients {
        MockServletContext context;
        FixedRequest[] requests;
        FixedResponse response;
        FilterChain chain;
        int next;
        int passed;

        /** Builds the requests. */
        @Setup(Level.Trial)
        public void setUp() {
            context = new MockServletContext();
            requests = new FixedRequest[CLIENTS];
            for (int i = 0; i < CLIENTS; i++) {
                requests[i] = new FixedRequest(context, Scenario.PEER, "X-Forwarded-For", client(i) + ", 203.0.113.5");
            }
            response = new FixedResponse();
            chain = (req, res) -> passed++;
        }

        int handle(Filter filter) throws IOException, ServletException {
            int i = next;
            next = i + 1 == CLIENTS ? 0 : i + 1;
            FixedRequest request = requests[i];
            request.clear();
            response.reset();
            filter.doFilter(request, response, chain);
            return passed;
        }

        Filter filter(boolean limited) {
            Map<String, String> params = new HashMap<>();
            params.put("trustedProxies", Scenario.trustedProxiesParam());
            params.put("lockOrigin", "on");
            if (limited) {
                params.put("rateLimit", LimiterBenchmark.RATE);
            }
            return OriginGuardFilters.create(new MapFilterConfig("originGuard", context, params));
        }
    }

    /** The filter without a rate limit. */
    @State(Scope.Thread)
    public static class Unlimited {
        Filter filter;

        /** Loads the filter. */
        @Setup(Level.Trial)
        public void setUp(Clients clients) {
            filter = clients.filter(false);
        }

        /** Releases it. */
        @TearDown(Level.Trial)
        public void tearDown() {
            filter.destroy();
        }
    }

    /** The filter with a local rate limit. */
    @State(Scope.Thread)
    public static class Limited {
        Filter filter;

        /** Loads the filter. */
        @Setup(Level.Trial)
        public void setUp(Clients clients) {
            filter = clients.filter(true);
        }

        /** Releases it. */
        @TearDown(Level.Trial)
        public void tearDown() {
            filter.destroy();
        }
    }

    /** The limiter alone over pre-resolved requests of distinct clients. */
    @State(Scope.Thread)
    public static class Direct {
        RateLimiterContract.Bound limiter;
        Resolution[] resolutions;
        int next;

        /** Resolves the requests once. */
        @Setup(Level.Trial)
        public void setUp() {
            limiter = RateLimiterContract.create(Map.of("rateLimit", LimiterBenchmark.RATE));
            AddressSet trusted = AddressSet.builder().addAll(Scenario.trustedEntries(), "CloudFront + own").build();
            ClientIpResolver resolver = ClientIpResolver.builder().trustedProxies(trusted).build();
            resolutions = new Resolution[CLIENTS];
            for (int i = 0; i < CLIENTS; i++) {
                resolutions[i] = resolver.resolve(Scenario.PEER, client(i) + ", 203.0.113.5");
                resolutions[i].rateLimitKey(); // made once, as the filter's MDC does
            }
        }

        /** Closes the limiter. */
        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            limiter.close();
        }
    }

    /** The filter without a rate limit, a new client each time. */
    @Benchmark
    public int newClientFilterWithoutLimit(Clients clients, Unlimited s) throws IOException, ServletException {
        return clients.handle(s.filter);
    }

    /** The filter with a local rate limit, a new client (and bucket) each time. */
    @Benchmark
    public int newClientFilterWithLimit(Clients clients, Limited s) throws IOException, ServletException {
        return clients.handle(s.filter);
    }

    /** {@code ClientRateLimiter.check} alone, a new client (and bucket) each time. */
    @Benchmark
    public Object newClientLimiterCheck(Direct s) {
        int i = s.next;
        s.next = i + 1 == CLIENTS ? 0 : i + 1;
        return s.limiter.check().check(s.resolutions[i], Scenario.PATH);
    }
}
