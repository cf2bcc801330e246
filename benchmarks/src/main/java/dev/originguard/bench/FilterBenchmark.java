package dev.originguard.bench;

import dev.originguard.AddressSet;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.filters.RemoteIpFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * The whole filter per request, side by side: OriginGuard, Tomcat's {@code RemoteIpFilter} in both of its
 * configuration forms (regular expressions, and CIDR lists) and Spring's {@code ForwardedHeaderFilter}, over the
 * same Spring mock request ({@link Scenario}) and the same app, which reads {@code getRemoteAddr()}. Each
 * request is built fresh with its own servlet context, and a fresh response, as a container hands every
 * request its own objects. {@link #noFilter} builds the same request and response and runs the app without a
 * filter: subtract it to get a filter's net cost.
 *
 * <p>The two {@code fixedRequest} benchmarks run OriginGuard over a reusable request that allocates nothing, with
 * an app that reads nothing, so the allocation they differ by is the filter's own.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBenchmark {

    /** Builds one mock request and response per invocation and runs them through a filter and the app. */
    @State(Scope.Thread)
    public static class Requests {
        MockServletContext context; // the filters' own context, for init only
        RemoteAddrServlet app;

        /** The filters' servlet context and the app. */
        @Setup(Level.Trial)
        public void setUp() {
            context = new MockServletContext();
            app = new RemoteAddrServlet();
        }

        String handle(Filter filter) throws IOException, ServletException {
            // Its own servlet context, as the scenario: no state shared between requests.
            MockHttpServletRequest request = new MockHttpServletRequest("GET", Scenario.PATH);
            request.setRemoteAddr(Scenario.PEER);
            request.addHeader("X-Forwarded-For", Scenario.X_FORWARDED_FOR);
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockFilterChain chain = new MockFilterChain(app);
            if (filter == null) {
                chain.doFilter(request, response);
            } else {
                filter.doFilter(request, response, chain);
            }
            return app.remoteAddr;
        }

        void check(String filterName, Filter filter) throws IOException, ServletException {
            app.remoteAddr = null;
            String seen = handle(filter);
            if (!Scenario.CLIENT.equals(seen)) {
                throw new IllegalStateException(filterName + " restored client " + seen + ", expected "
                        + Scenario.CLIENT + ": it is not configured for the scenario, so its figure would mean "
                        + "nothing");
            }
        }
    }

    /** OriginGuard with the scenario's trusted set, loaded through its web.xml contract. */
    @State(Scope.Thread)
    public static class OriginGuard {
        Filter filter;

        /** Fails fast, naming the class, when the filter is not on the classpath. */
        @Setup(Level.Trial)
        public void setUp(Requests requests) throws IOException, ServletException {
            filter = OriginGuardFilters.create(new MapFilterConfig("originGuard", requests.context, Map.of(
                    "trustedProxies", Scenario.trustedProxiesParam(),
                    "clientIpHeader", "X-Forwarded-For",
                    "lockOrigin", "on")));
            requests.check("OriginGuard", filter);
        }

        /** Releases what the filter holds. */
        @TearDown(Level.Trial)
        public void tearDown() {
            filter.destroy();
        }
    }

    /**
     * Tomcat's filter as its documentation teaches: the internal load balancer's 10/8 in {@code internalProxies},
     * the proxy tiers and CloudFront in {@code trustedProxies}, as regular expressions ({@link CidrRegex}). The
     * site's own ranges come first in the alternation, which favours Tomcat (they match sooner).
     */
    @State(Scope.Thread)
    public static class Tomcat {
        Filter filter;

        /** Compiles the expressions. */
        @Setup(Level.Trial)
        public void setUp(Requests requests) throws IOException, ServletException {
            filter = new RemoteIpFilter();
            filter.init(new MapFilterConfig("remoteIp", requests.context, Map.of(
                    "internalProxies", CidrRegex.forBlock(Scenario.OWN_RANGES.get(0)),
                    "trustedProxies", CidrRegex.forBlocks(tomcatTrusted()),
                    "remoteIpHeader", "X-Forwarded-For")));
            requests.check("Tomcat RemoteIpFilter (regex)", filter);
        }
    }

    /**
     * Tomcat's filter with the same sets as CIDR lists: Tomcat 11 reads {@code internalProxies} and
     * {@code trustedProxies} as comma-separated CIDR blocks when the value contains a {@code /}, and matches an
     * address against each block in turn ({@code NetMaskSet}) instead of running a regular expression.
     */
    @State(Scope.Thread)
    public static class TomcatCidr {
        Filter filter;

        /** Parses the blocks. */
        @Setup(Level.Trial)
        public void setUp(Requests requests) throws IOException, ServletException {
            RemoteIpFilter remoteIp = new RemoteIpFilter();
            remoteIp.init(new MapFilterConfig("remoteIpCidr", requests.context, Map.of(
                    "internalProxies", Scenario.OWN_RANGES.get(0),
                    "trustedProxies", String.join(", ", tomcatTrusted()),
                    "remoteIpHeader", "X-Forwarded-For")));
            filter = remoteIp;
            // A Tomcat without the CIDR form would compile "10.0.0.0/8" as a regex, which matches no peer: the
            // check then fails rather than measuring a filter that trusts nothing.
            requests.check("Tomcat RemoteIpFilter (CIDR)", filter);
        }
    }

    // Tomcat's trustedProxies: the site's two proxy tiers first (they match sooner), then CloudFront.
    static List<String> tomcatTrusted() {
        List<String> trusted = new ArrayList<>(Scenario.OWN_RANGES.subList(1, 3));
        trusted.addAll(ProviderLists.cloudFront());
        return trusted;
    }

    /** The floor: the least a filter with OriginGuard's contract does ({@link FloorFilter}). */
    @State(Scope.Thread)
    public static class Floor {
        Filter filter;

        /** Compiles the trusted set into the floor walk's arrays. */
        @Setup(Level.Trial)
        public void setUp(Requests requests) throws IOException, ServletException {
            filter = new FloorFilter(AddressSet.builder().addAll(Scenario.trustedEntries(), "scenario").build(),
                    "X-Forwarded-For");
            requests.check("floor filter", filter);
        }
    }

    /** Spring's filter: it has no trusted set and believes every request's headers. */
    @State(Scope.Thread)
    public static class Spring {
        Filter filter;

        /** Creates the filter as a Spring app registers it. */
        @Setup(Level.Trial)
        public void setUp(Requests requests) throws IOException, ServletException {
            filter = new ForwardedHeaderFilter();
            filter.init(new MapFilterConfig("forwardedHeader", requests.context, Map.of()));
            requests.check("Spring ForwardedHeaderFilter", filter);
        }
    }

    /** OriginGuard over a reusable, allocation-free request and an app that reads nothing. */
    @State(Scope.Thread)
    public static class Fixed {
        FixedRequest request;
        MockHttpServletResponse response;
        FilterChain chain;
        int calls;

        /** Builds the request once. */
        @Setup(Level.Trial)
        public void setUp(Requests requests) {
            request = new FixedRequest(requests.context, Scenario.PEER, "X-Forwarded-For", Scenario.X_FORWARDED_FOR);
            response = new MockHttpServletResponse();
            chain = (req, res) -> calls++;
        }

        int handle(Filter f) throws IOException, ServletException {
            request.clear();
            response.reset();
            if (f == null) {
                chain.doFilter(request, response);
            } else {
                f.doFilter(request, response, chain);
            }
            return calls;
        }
    }

    /** {@link Fixed} with the OriginGuard filter. */
    @State(Scope.Thread)
    public static class FixedOriginGuard {
        Filter filter;

        /** Loads the filter as {@link OriginGuard} does. */
        @Setup(Level.Trial)
        public void setUp(Requests requests, Fixed fixed) throws IOException, ServletException {
            filter = OriginGuardFilters.create(new MapFilterConfig("originGuard", requests.context, Map.of(
                    "trustedProxies", Scenario.trustedProxiesParam(),
                    "clientIpHeader", "X-Forwarded-For",
                    "lockOrigin", "on")));
            int before = fixed.calls;
            fixed.handle(filter);
            if (fixed.calls != before + 1) {
                throw new IllegalStateException("OriginGuard did not pass the scenario's request to the app");
            }
        }

        /** Releases what the filter holds. */
        @TearDown(Level.Trial)
        public void tearDown() {
            filter.destroy();
        }
    }

    /** Baseline: builds the mock request and runs the app, no filter. */
    @Benchmark
    public String noFilter(Requests requests) throws IOException, ServletException {
        return requests.handle(null);
    }

    /** OriginGuard, mock request built included. */
    @Benchmark
    public String originGuard(Requests requests, OriginGuard s) throws IOException, ServletException {
        return requests.handle(s.filter);
    }

    /** Tomcat's RemoteIpFilter with regular expressions, mock request built included. */
    @Benchmark
    public String tomcatRemoteIp(Requests requests, Tomcat s) throws IOException, ServletException {
        return requests.handle(s.filter);
    }

    /** Tomcat's RemoteIpFilter with CIDR lists, mock request built included. */
    @Benchmark
    public String tomcatRemoteIpCidr(Requests requests, TomcatCidr s) throws IOException, ServletException {
        return requests.handle(s.filter);
    }

    /** The floor filter, mock request built included. */
    @Benchmark
    public String floorFilter(Requests requests, Floor s) throws IOException, ServletException {
        return requests.handle(s.filter);
    }

    /** Spring's ForwardedHeaderFilter, mock request built included. */
    @Benchmark
    public String springForwardedHeader(Requests requests, Spring s) throws IOException, ServletException {
        return requests.handle(s.filter);
    }

    /** Baseline of the allocation figure: the reusable request through the app alone. */
    @Benchmark
    public int noFilterFixedRequest(Fixed fixed) throws IOException, ServletException {
        return fixed.handle(null);
    }

    /** OriginGuard over the reusable request: its own time and allocation, nothing of the mock's. */
    @Benchmark
    public int originGuardFixedRequest(Fixed fixed, FixedOriginGuard s) throws IOException, ServletException {
        return fixed.handle(s.filter);
    }
}
