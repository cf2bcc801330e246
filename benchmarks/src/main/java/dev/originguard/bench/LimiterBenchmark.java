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
 * The local rate limiter's cost per request with 100,000 active clients: the same OriginGuard filter with and
 * without {@code rateLimit}, over 100,000 pre-built requests from distinct clients taken in turn (so after
 * warm-up every client has a live bucket), and the limiter's {@code check} called directly.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LimiterBenchmark {

    /** Distinct clients cycled through. */
    public static final int CLIENTS = 100_000;
    /**
     * High enough that no client is ever limited: every request takes the allowed path. An hour, not a second:
     * buckets unused for their period expire, and on a loaded machine one cycle over 100,000 clients took
     * longer than 1 s, so every request measured a new bucket instead of a live one.
     */
    static final String RATE = "1000000000/1h";

    /** 100,000 reusable requests from distinct clients behind the scenario's proxies. */
    @State(Scope.Thread)
    public static class Clients {
        MockServletContext context;
        FixedRequest[] requests;
        FixedResponse response;
        FilterChain chain;
        int next;
        int passed;

        /** Builds the requests: clients 11.x.y.z, spread by an odd multiplier so neighbours differ. */
        @Setup(Level.Trial)
        public void setUp() {
            context = new MockServletContext();
            requests = new FixedRequest[CLIENTS];
            for (int i = 0; i < CLIENTS; i++) {
                requests[i] = new FixedRequest(context, Scenario.PEER, "X-Forwarded-For",
                        client(i) + ", 203.0.113.5");
            }
            response = new FixedResponse();
            chain = (req, res) -> passed++;
        }

        static String client(int i) {
            int host = (i * 40_503) & 0xFF_FFFF; // a bijection on 24 bits
            return "11." + (host >>> 16) + "." + ((host >>> 8) & 0xFF) + "." + (host & 0xFF);
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

        Filter filter(boolean limited) throws IOException, ServletException {
            Map<String, String> params = new HashMap<>();
            params.put("trustedProxies", Scenario.trustedProxiesParam());
            params.put("lockOrigin", "on");
            if (limited) {
                params.put("rateLimit", RATE);
                params.put("rateLimitStore", "local");
            }
            Filter filter = OriginGuardFilters.create(new MapFilterConfig("originGuard", context, params));
            int before = passed;
            handle(filter);
            if (passed != before + 1 || response.getStatus() != 200) {
                throw new IllegalStateException("OriginGuard (rateLimit " + limited + ") did not pass a request: "
                        + "status " + response.getStatus());
            }
            return filter;
        }
    }

    /** The filter without a rate limit. */
    @State(Scope.Thread)
    public static class Unlimited {
        Filter filter;

        /** Loads the filter by name; fails fast when it is missing. */
        @Setup(Level.Trial)
        public void setUp(Clients clients) throws IOException, ServletException {
            filter = clients.filter(false);
        }

        /** Releases what the filter holds. */
        @TearDown(Level.Trial)
        public void tearDown() {
            filter.destroy();
        }
    }

    /** The same filter with a local rate limit. */
    @State(Scope.Thread)
    public static class Limited {
        Filter filter;

        /** Loads the filter by name; fails fast when it is missing. */
        @Setup(Level.Trial)
        public void setUp(Clients clients) throws IOException, ServletException {
            filter = clients.filter(true);
        }

        /** Releases what the filter holds. */
        @TearDown(Level.Trial)
        public void tearDown() {
            filter.destroy();
        }
    }

    /** The limiter alone over 100,000 pre-resolved requests. */
    @State(Scope.Thread)
    public static class Direct {
        RateLimiterContract.Bound limiter;
        Resolution[] resolutions;
        String path;
        int next;

        /** Resolves the requests once and binds the limiter's check. */
        @Setup(Level.Trial)
        public void setUp() {
            limiter = RateLimiterContract.create(Map.of("rateLimit", RATE, "rateLimitStore", "local"));
            AddressSet trusted = AddressSet.builder().addAll(Scenario.trustedEntries(), "CloudFront + own").build();
            ClientIpResolver resolver = ClientIpResolver.builder().trustedProxies(trusted).build();
            resolutions = new Resolution[CLIENTS];
            for (int i = 0; i < CLIENTS; i++) {
                resolutions[i] = resolver.resolve(Scenario.PEER, Clients.client(i) + ", 203.0.113.5");
            }
            path = Scenario.PATH;
        }

        /** Stops the limiter if it holds resources. */
        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            limiter.close();
        }
    }

    /** The filter without a rate limit, a different client each time. */
    @Benchmark
    public int filterWithoutLimit(Clients clients, Unlimited s) throws IOException, ServletException {
        return clients.handle(s.filter);
    }

    /** The filter with a local rate limit, a different client each time. */
    @Benchmark
    public int filterWithLimit(Clients clients, Limited s) throws IOException, ServletException {
        return clients.handle(s.filter);
    }

    /** {@code ClientRateLimiter.check} alone, a different client each time. */
    @Benchmark
    public Object limiterCheck(Direct s) {
        int i = s.next;
        s.next = i + 1 == CLIENTS ? 0 : i + 1;
        return s.limiter.check().check(s.resolutions[i], s.path);
    }
}
